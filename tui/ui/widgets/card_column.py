"""One column of the board, drawn as text: a title line, then the cards that fit.

A column is one widget however many cards it holds: it draws only the cards in its window, so a
key press costs the same on a board of 10 cards and of 1,000 (Textual lays out every child widget
of a container on each change, which is what made a widget per card slow). The column keeps a
cursor; the card under the cursor of the focused column is the focused card.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

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

TITLE_LINES = 3  # a long title takes at most three lines, the last cut with an ellipsis
GAP = 1  # a blank line between two cards
NOTE_MARK = "✎"  # a card with a note; a glyph, so it reads without colour too


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
    """The title wrapped to ``width`` in the lines it needs, at most :data:`TITLE_LINES`, the
    last cut with an ellipsis. Only the start of a long title is wrapped (a 1 MB title costs what
    a short one does): more than the lines can hold, so a cut still shows."""
    limit = (TITLE_LINES + 1) * (width + 1)
    cut = len(title) > limit
    lines = textwrap.wrap(title[:limit], width=max(1, width), break_long_words=True) or [""]
    if len(lines) > TITLE_LINES or cut:
        rest = " ".join(lines[TITLE_LINES - 1 :])
        last = fit(rest, width)
        if cut and not last.endswith("…"):
            last = fit(rest, max(1, width - 1)).removesuffix("…") + "…"
        lines = [*lines[: TITLE_LINES - 1], last]
    return lines


def shown_title_lines(title: str, width: int) -> list[str]:
    """:func:`title_lines` of a stored title made visible; the title is clipped first, so a
    1 MB title is never escaped or measured whole."""
    clip = (TITLE_LINES + 1) * (width + 1) + 1
    return title_lines(visible(title[:clip]), width)


@dataclass(frozen=True)
class Face:
    """What a card shows in a column: its title lines and the pieces of its second line (none:
    the card has no second line)."""

    lines: list[str]
    pieces: list[tuple[str, str]]

    @property
    def height(self) -> int:
        return len(self.lines) + (1 if self.pieces else 0)


def card_face(card: Card, width: int, lang: str, *, saving: bool = False) -> Face:
    pieces = card_meta(card, lang, saving=saving)
    # Marks first: the line is cut at the column's width, and they matter most.
    marks = [p for p in pieces if p[1] == "warn"]
    if card.note.strip():
        marks.append((NOTE_MARK, "note"))
    pieces = marks + [p for p in pieces if p[1] != "warn"]
    return Face(shown_title_lines(card.title, width), pieces)


class CardColumn(Widget, can_focus=True):
    """Shows ``cards`` under ``title``; up/down move the cursor (the screen binds the keys).

    Cards differ in height (a title takes the lines it needs, the second line shows only when it
    says something), so the window is found by walking from its first card: every step looks at
    the cards on screen and their neighbours only, never at all the column's cards.
    """

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
        self._faces: dict[int, Face] = {}  # index -> face, for the cards and width of now
        self._faces_width = 0
        self._spans: list[tuple[int, int, int]] = []  # (first row, end row, index) as drawn

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
        self._faces.clear()
        index = self.index_of(cursor_id) if cursor_id else None
        self._move_cursor(index if index is not None else self.cursor)
        self.refresh()

    def index_of(self, card_id: str | None) -> int | None:
        return next((n for n, card in enumerate(self.cards) if card.id == card_id), None)

    @property
    def current(self) -> Card | None:
        return self.cards[self.cursor] if 0 <= self.cursor < len(self.cards) else None

    # -- cards and their heights ----------------------------------------------------------------

    @property
    def inner_width(self) -> int:
        """Cells for a card's text: the column less its padding and the focus bar."""
        return max(4, self.size.width - 1) - 2

    def face(self, index: int) -> Face:
        width = self.inner_width
        if width != self._faces_width:
            self._faces.clear()
            self._faces_width = width
        face = self._faces.get(index)
        if face is None:
            card = self.cards[index]
            face = card_face(card, width, self.lang, saving=card.id in self.saving)
            self._faces[index] = face
        return face

    @property
    def room(self) -> int:
        """Rows for cards: the column less its title line."""
        return max(1, self.size.height - 1)

    def window_end(self, first: int) -> int:
        """One past the last card that fits whole from ``first`` on (at least one card)."""
        used, index = 0, first
        while index < len(self.cards):
            used += self.face(index).height + (GAP if index > first else 0)
            if used > self.room and index > first:
                break
            index += 1
        return index

    def _first_showing(self, last: int) -> int:
        """The first card of the window whose last whole card is ``last``."""
        used, index = self.face(last).height, last
        while index > 0:
            used += self.face(index - 1).height + GAP
            if used > self.room:
                break
            index -= 1
        return index

    @property
    def last_first(self) -> int:
        """The furthest the window scrolls: the last card at its bottom."""
        return self._first_showing(len(self.cards) - 1) if self.cards else 0

    # -- cursor and window ----------------------------------------------------------------------

    def _move_cursor(self, index: int) -> None:
        index = max(0, min(index, len(self.cards) - 1)) if self.cards else 0
        self.cursor = index
        if not self.cards:
            self.first = 0
            return
        if index < self.first:
            self.first = index
        elif index >= self.window_end(self.first):
            self.first = self._first_showing(index)
        self.first = max(0, min(self.first, self.last_first))

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

    def cursor_row(self) -> int:
        """The row of the cursor's card within the cards' rows (0: the first card drawn)."""
        row = 0
        for index in range(self.first, min(self.cursor, len(self.cards))):
            row += self.face(index).height + GAP
        return row

    def index_at_row(self, row: int) -> int:
        """The card drawn at ``row`` of the cards' rows (or the nearest one drawn above it)."""
        top, end = 0, self.window_end(self.first)
        for index in range(self.first, end):
            top += self.face(index).height + GAP
            if row < top:
                return index
        return max(self.first, end - 1)

    def on_resize(self, event: events.Resize) -> None:
        self._move_cursor(self.cursor)

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()

    # -- mouse ------------------------------------------------------------------------------------

    def on_click(self, event: events.Click) -> None:
        for start, end, index in self._spans:
            if start <= event.y < end:
                self.focus()
                self._move_cursor(index)
                self.refresh()
                self.post_message(self.CursorMoved(self))
                return

    def on_mouse_scroll_down(self, event: events.MouseScrollDown) -> None:
        self._scroll(1)

    def on_mouse_scroll_up(self, event: events.MouseScrollUp) -> None:
        self._scroll(-1)

    def _scroll(self, step: int) -> None:
        if not self.cards:
            return
        self.first = max(0, min(self.first + step, self.last_first))
        end = self.window_end(self.first)
        if not self.first <= self.cursor < end:
            self.cursor = min(max(self.cursor, self.first), end - 1)
        self.refresh()

    # -- drawing --------------------------------------------------------------------------------

    def render(self) -> Text:
        width = max(4, self.size.width - 1)
        end = self.window_end(self.first) if self.cards else 0
        out = Text(no_wrap=True, overflow="crop")
        header = f"{self.heading} ({len(self.cards)})"
        above, below = self.first, max(0, len(self.cards) - end)
        marks = (f" ↑{above}" if above else "") + (f" ↓{below}" if below else "")
        out.append(fit(header + marks, width), style="bold underline")
        self._spans = []
        row = 1
        for index in range(self.first, end):
            if index > self.first:
                out.append("\n" * GAP)
                row += GAP
            focused = self.has_focus and index == self.cursor
            face = self.face(index)
            self._draw_card(out, face, focused)
            self._spans.append((row, row + face.height + GAP, index))
            row += face.height
        return out

    def _draw_card(self, out: Text, face: Face, focused: bool) -> None:
        bar = "▌ " if focused else "  "
        inner = self.inner_width
        title_style = Style(bold=True, reverse=focused)
        for line in face.lines:
            out.append("\n" + bar, style="bold")
            out.append(line.ljust(inner) if focused else line, style=title_style)
        if not face.pieces:
            return
        out.append("\n" + bar, style="bold")
        used = 0
        styles = {"dim": "dim", "warn": "italic", "who": "bold", "note": "bold"}
        after = ""
        for piece, kind in face.pieces:
            sep = "" if not after else " " if after == "note" else " · "
            after = kind
            chunk = fit(sep + piece, inner - used)
            if used >= inner or not chunk.strip():
                break
            out.append(chunk, style=styles.get(kind, ""))
            used += cell_len(chunk)
            if chunk != sep + piece:
                break  # cut: nothing more fits
