"""User text made safe to show: control characters become visible escapes.

Titles, steps and notes come from files anyone can edit. An escape sequence in them must never
reach the terminal (``\\x1b]52;`` writes the clipboard, ``\\x1b[2J`` clears the screen), and a
character that cannot be encoded (a lone surrogate) must not crash the output. What is stored
and what ``--json`` prints stay exact; only what is shown goes through :func:`visible`.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

# C0 and C1 controls, DEL, bidirectional overrides (text that shows in another order than it
# reads), and lone surrogates.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


# The other two are compiled when first needed: ~0.3 ms each, and a board's start shows neither
# a multi-line text nor JSON.
@cache
def _unsafe_keep_lines() -> re.Pattern[str]:
    return re.compile(
        "[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
    )


_NAMED = {"\n": "\\n", "\t": "\\t", "\r": "\\r"}


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def visible(text: str, *, keep_lines: bool = False) -> str:
    """``text`` with every control character shown as an escape (``\\x1b``, ``\\n``...).

    With ``keep_lines``, line breaks and tabs stay as they are (for multi-line notes).
    """
    pattern = _unsafe_keep_lines() if keep_lines else _UNSAFE
    return pattern.sub(_escape, text)


def cell_width(text: str) -> int:
    """How many terminal cells ``text`` takes: combining marks none, wide (East Asian) letters
    two, the rest one. For aligning plain-text tables, where ``len()`` counts code points."""
    width = 0
    for char in text:
        if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
            continue
        width += 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
    return width


def pad(text: str, width: int) -> str:
    """``text`` padded with spaces to ``width`` cells."""
    return text + " " * max(0, width - cell_width(text))


def shorten(text: str, width: int = 80) -> str:
    """``text`` made visible and cut to ``width`` characters, for one-line messages."""
    shown = visible(text)
    return shown if len(shown) <= width else shown[: width - 3] + "..."


@cache
def _json_unsafe() -> re.Pattern[str]:
    return re.compile("[\x7f-\x9f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def terminal_safe_json(text: str) -> str:
    """JSON text (from ``json.dumps(..., ensure_ascii=False)``) with the characters it leaves
    raw that a terminal would act on written as ``\\uXXXX`` escapes: the same JSON value, exactly.
    (``json`` itself escapes C0 controls already; these can only stand inside strings.)"""
    return _json_unsafe().sub(lambda m: f"\\u{ord(m.group()):04x}", text)
