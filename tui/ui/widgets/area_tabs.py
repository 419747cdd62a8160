"""The line of area tabs: "0 All  1 Marketingas  2 Gamyba ...", the active one marked.

Drawn as text in one line (brackets mark the active tab, so it shows without colour); a click on
a tab posts :class:`AreaTabs.Chosen`.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.cells import cell_len
from rich.text import Text
from textual import events
from textual.message import Message
from textual.widget import Widget


class AreaTabs(Widget):
    DEFAULT_CSS = """
    AreaTabs { height: 1; }
    """

    @dataclass
    class Chosen(Message):
        index: int  # 0 = all areas

    def __init__(self, *, id: str) -> None:
        super().__init__(id=id)
        self.labels: list[str] = []
        self.active = 0
        self._spans: list[tuple[int, int]] = []  # x range of each tab, for clicks

    def show(self, labels: list[str], active: int) -> None:
        if (labels, active) != (self.labels, self.active):
            self.labels = labels
            self.active = active
            self.refresh()

    def render(self) -> Text:
        width = max(self.size.width, 1)
        room = max(6, (width - len(self.labels)) // max(1, len(self.labels)))
        text = Text(no_wrap=True, overflow="crop")
        self._spans = []
        for number, label in enumerate(self.labels):
            piece = label if cell_len(label) <= room else label[: room - 1] + "…"
            start = cell_len(text.plain)
            if number == self.active:
                text.append(f"[{piece}]", style="bold reverse")
            else:
                text.append(f" {piece} ")
            self._spans.append((start, cell_len(text.plain)))
        return text

    def on_click(self, event: events.Click) -> None:
        for number, (start, end) in enumerate(self._spans):
            if start <= event.x < end:
                self.post_message(self.Chosen(number))
                return
