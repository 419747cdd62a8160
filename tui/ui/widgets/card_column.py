"""One column of the board, drawn as text: a title line, then the cards that fit.

A column is one widget however many cards it holds: it draws only the cards in its window, so a
key press costs the same on a board of 10 cards and of 1,000 (Textual lays out every child widget
of a container on each change, which is what made a widget per card slow). The column keeps a
cursor; the card under the cursor of the focused column is the focused card.
"""

from __future__ import annotations

import textwrap

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual import events
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

from tui.core.board import Card
from tui.core.text import visible
from tui.ui.widgets.card import card_meta

TITLE_LINES = 2  # a card's title takes at most two lines
CARD_HEIGHT = TITLE_LINES + 2  # title, the meta line, a blank line between cards


def fit(text: str, width: int) -> str:
    """``text`` cut to ``width`` cells, with an ellipsis where it was cut."""
    if cell_len(text) <= width:
        return text
    out = ""
    for char in text:
        if cell_len(out + char) > width - 1:
            break
        out += char
    return out + "…"


def title_lines(title: str, width: int) -> list[str]:
    """The title in at most :data:`TITLE_LINES` lines of ``width``, the last cut with an
    ellipsis. Only the start of a long title is wrapped (a 1 MB title costs what a short one
    does): more than the lines can hold, so a cut still shows."""
    limit = (TITLE_LINES + 1) * (width + 1)
    cut = len(title) > limit
    lines = textwrap.wrap(title[:limit], width=max(1, width), break_long_words=True) or [""]
    if len(lines) > TITLE_LINES or cut:
        rest = " ".join(lines[TITLE_LINES - 1 :])
        last = fit(rest, width)
        if cut and not last.endswith("…"):
            last = fit(rest, max(1, width - 1)).removesuffix("…") + "…"
        lines = [*lines[: TITLE_LINES - 1], last]
    return lines + [""] * (TITLE_LINES - len(lines))


class CardColumn(Widget, can_focus=True):
    """Shows ``cards`` under ``title``; up/down move the cursor (the screen binds the keys)."""

    DEFAULT_CSS = """
    CardColumn {
        width: 1fr;
        height: 1fr;
        padding: 0 0 0 1;
    }
    """

    cursor: reactive[int] = reactive(0)

    class CursorMoved(Message):
        """The cursor moved (by keys or a click): the footer and the help may change."""

        def __init__(self, column: CardColumn) -> None:
            super().__init__()
            self.column = column

    def __init__(self, lang: str, *, id: str) -> None:
        super().__init__(id=id)
        self.lang = lang
        self.heading = ""
        self.cards: list[Card] = []
        self.saving: frozenset[str] = frozenset()  # ids of cards not yet saved
        self.first = 0  # index of the first card drawn

    # -- data down ------------------------------------------------------------------------------

    def set_cards(
        self,
        title: str,
        cards: list[Card],
        cursor_id: str | None = None,
        *,
        saving: frozenset[str] = frozenset(),
    ) -> None:
        """Replace the column's cards, keeping the cursor on ``cursor_id`` (or where it was);
        the cards in ``saving`` say "saving…"."""
        self.heading = title
        self.cards = cards
        self.saving = saving
        index = self.index_of(cursor_id) if cursor_id else None
        self._move_cursor(index if index is not None else self.cursor)
        self.refresh()

    def index_of(self, card_id: str | None) -> int | None:
        return next((n for n, card in enumerate(self.cards) if card.id == card_id), None)

    @property
    def current(self) -> Card | None:
        return self.cards[self.cursor] if 0 <= self.cursor < len(self.cards) else None

    # -- cursor and window ----------------------------------------------------------------------

    @property
    def cards_that_fit(self) -> int:
        return max(1, (self.size.height - 1) // CARD_HEIGHT)

    def _move_cursor(self, index: int) -> None:
        index = max(0, min(index, len(self.cards) - 1)) if self.cards else 0
        self.cursor = index
        room = self.cards_that_fit
        if index < self.first:
            self.first = index
        elif index >= self.first + room:
            self.first = index - room + 1
        self.first = max(0, min(self.first, max(0, len(self.cards) - room)))

    def move_cursor(self, step: int) -> bool:
        """Move the cursor ``step`` cards; False if it could not move."""
        target = self.cursor + step
        if not self.cards or not 0 <= target < len(self.cards):
            return False
        self._move_cursor(target)
        self.refresh()
        self.post_message(self.CursorMoved(self))
        return True

    def place_cursor(self, index: int) -> None:
        self._move_cursor(index)
        self.refresh()

    def on_resize(self, event: events.Resize) -> None:
        self._move_cursor(self.cursor)

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()

    # -- mouse ------------------------------------------------------------------------------------

    def on_click(self, event: events.Click) -> None:
        if event.y >= 1:
            index = self.first + (event.y - 1) // CARD_HEIGHT
            if index < len(self.cards):
                self.focus()
                self._move_cursor(index)
                self.refresh()
                self.post_message(self.CursorMoved(self))

    def on_mouse_scroll_down(self, event: events.MouseScrollDown) -> None:
        self._scroll(1)

    def on_mouse_scroll_up(self, event: events.MouseScrollUp) -> None:
        self._scroll(-1)

    def _scroll(self, step: int) -> None:
        room = self.cards_that_fit
        self.first = max(0, min(self.first + step, max(0, len(self.cards) - room)))
        if not self.first <= self.cursor < self.first + room:
            self.cursor = min(max(self.cursor, self.first), self.first + room - 1)
        self.refresh()

    # -- drawing --------------------------------------------------------------------------------

    def render(self) -> Text:
        width = max(4, self.size.width - 1)
        room = self.cards_that_fit
        out = Text(no_wrap=True, overflow="crop")
        header = f"{self.heading} ({len(self.cards)})"
        above, below = self.first, max(0, len(self.cards) - self.first - room)
        marks = (f" ↑{above}" if above else "") + (f" ↓{below}" if below else "")
        out.append(fit(header + marks, width), style="bold underline")
        for index in range(self.first, min(len(self.cards), self.first + room)):
            focused = self.has_focus and index == self.cursor
            self._draw_card(out, self.cards[index], width, focused)
        return out

    def _draw_card(self, out: Text, card: Card, width: int, focused: bool) -> None:
        bar = "▌ " if focused else "  "
        inner = width - 2
        title_style = Style(bold=True, reverse=focused)
        for line in title_lines(visible(card.title), inner):
            out.append("\n" + bar, style="bold")
            out.append(line.ljust(inner) if focused else line, style=title_style)
        out.append("\n" + bar, style="bold")
        used = 0
        styles = {"dim": "dim", "warn": "italic", "who": "bold"}
        pieces = card_meta(card, self.lang, saving=card.id in self.saving)
        # Marks first: the line is cut at the column's width, and they matter most.
        pieces = [p for p in pieces if p[1] == "warn"] + [p for p in pieces if p[1] != "warn"]
        for number, (piece, kind) in enumerate(pieces):
            sep = " · " if number else ""
            chunk = fit(sep + piece, inner - used)
            if used >= inner or not chunk.strip():
                break
            out.append(chunk, style=styles.get(kind, ""))
            used += cell_len(chunk)
            if chunk != sep + piece:
                break  # cut: nothing more fits
        out.append("\n")
