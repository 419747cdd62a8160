"""What a running app's terminal shows, as plain text: one line per row, read from a screenshot."""

from __future__ import annotations

import html
import re
from typing import Any

from rich.cells import cell_len

_SVG_TEXT = re.compile(
    r'<text class="[^"]*" x="([\d.]+)" y="[\d.]+" textLength="([\d.]+)" '
    r'clip-path="url\(#[\w-]+-line-(\d+)\)">(.*?)</text>'
)


def screen_text(app: Any) -> str:
    """Every row of ``app``'s screen (modal dialogs over the screen beneath, as shown)."""
    svg = app.export_screenshot(simplify=False)
    width, height = app.size
    rows = [[" "] * width for _ in range(height)]
    for found in _SVG_TEXT.finditer(svg):
        text = html.unescape(found.group(4)).replace("\xa0", " ")
        cells = cell_len(text)
        if not cells:
            continue
        column = round(float(found.group(1)) / (float(found.group(2)) / cells))
        line = int(found.group(3))
        if line < height:
            for offset, char in enumerate(text):
                if 0 <= column + offset < width:
                    rows[line][column + offset] = char
    return "\n".join("".join(row).rstrip() for row in rows)
