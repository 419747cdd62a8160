"""The line of area tabs: "0 All  1 Marketingas  2 Gamyba ...", the active one marked.

Drawn as text in one line (brackets mark the active tab, so it shows without colour); a click on
a tab posts :class:`AreaTabs.Chosen`. Labels are whole when the line holds them all (the shipped
catalogue's do at 120 columns); on a narrower line the longest are cut first, never the number
keys.
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text
from textual import events
from textual.message import Message
from textual.widget import Widget

from tui.core.values import init_class
from tui.ui.widgets.card_column import fit


class AreaTabs(Widget):
    DEFAULT_CSS = """
    AreaTabs { height: 1; }
    """

    @init_class  # never compared
    class Chosen(Message):
        """A tab was clicked."""

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
        text = Text(no_wrap=True, overflow="crop")
        self._spans = []
        for number, piece in enumerate(fit_labels(self.labels, self.active, self.size.width)):
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


def shorten_label(label: str, cells: int) -> str:
    """``label`` ("3 Klientų aptarnavimas") in at most ``cells`` cells; its number key always
    shows, alone when nothing more fits."""
    if cell_len(label) <= cells:
        return label
    key = label.split(" ", 1)[0]
    if cells < cell_len(key) + 3:  # the key, a space, one letter and "…"
        return key
    cut = fit(label, cells)
    return cut[:-2] + "…" if cut.endswith(" …") else cut  # "5 Verslo…", not "5 Verslo …"


def fit_labels(labels: list[str], active: int, width: int) -> list[str]:
    """The tab labels shortened to fit ``width`` together: whole when they fit; else the
    longest are cut first (to a common length) while the active tab stays whole (or, on a line
    too narrow for that, keeps at least a fifth of it), and every tab keeps its number key."""
    if not labels:
        return []
    room = width - 2 * len(labels)  # brackets or spaces around each tab
    sizes = [cell_len(label) for label in labels]
    if sum(sizes) <= room:
        return labels
    # The active tab whole if the others can give way (at 80 columns they can)...
    for cap in range(max(sizes), 0, -1):
        caps = [size if n == active else min(size, cap) for n, size in enumerate(sizes)]
        shown = [shorten_label(label, c) for label, c in zip(labels, caps, strict=True)]
        if sum(cell_len(piece) for piece in shown) <= room and cap >= 3:
            return shown
    # ... else at least a fifth of the line.
    floor = width // 5
    for cap in range(max(sizes), 0, -1):
        caps = [min(size, max(cap, floor) if n == active else cap) for n, size in enumerate(sizes)]
        shown = [shorten_label(label, c) for label, c in zip(labels, caps, strict=True)]
        if sum(cell_len(piece) for piece in shown) <= room:
            return shown
    return [label.split(" ", 1)[0] for label in labels]
