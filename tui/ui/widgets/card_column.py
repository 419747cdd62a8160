"""One column of the board, drawn as text: a title line, then the cards that fit.

A column is one widget however many cards it holds: it draws only the cards in its window, so a
key press costs the same on a board of 10 cards and of 1,000 (Textual lays out every child widget
of a container on each change, which is what made a widget per card slow). The column keeps a
cursor; the card under the cursor of the focused column is the focused card.
"""

from __future__ import annotations

import textwrap

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.geometry import Region, Size
from textual.message import Message
from textual.strip import Strip
from textual.widget import Widget

from tui.core.board import Card
from tui.core.text import visible
from tui.core.values import value_class
from tui.ui.widgets.card import card_meta

TITLE_LINES = 3  # a long title takes at most three lines, the last cut with an ellipsis
GAP = 1  # a blank line between two cards
FACES_KEPT = 500  # cards whose face a column keeps (those drawn, and those scrolled past)
NOTE_MARK = "✎"  # a card with a note; a glyph, so it reads without colour too


# More cards changed than this, and the column is drawn anew rather than card by card: a key
# changes one card or two; another week changes them all (1,000 of them need not be compared).
REPAINT_MOST = 8


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


@value_class
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
        self.empty_text = ""  # said in the column when it has no cards (why, and what to press)
        self.first = 0  # index of the first card drawn
        self.cursor = 0  # index of the card under the cursor (a plain value: see _show_cursor)
        # Card id -> (the card, saving?, its face), at the width of now: kept while the card
        # is the same, wherever it moves in the column (a card leaving shifts the rest).
        self._faces: dict[str, tuple[Card, bool, Face]] = {}
        self._faces_width = 0
        self._spans: list[tuple[int, int, int]] = []  # (first row, end row, index) as drawn
        self._rows_of: list[tuple[int, int] | None] | None = None  # see _grid(); None: to make
        self._end = 0  # one past the last card drawn
        self._grid_size = Size(0, 0)  # the size _rows_of was made for
        self._drawn: dict[tuple[int, bool], list[Row]] = {}  # (index, focused) -> its rows
        self._base: tuple[str, Style] | None = None  # (theme, the column's style)

    # -- data down ------------------------------------------------------------------------------

    def set_cards(
        self,
        title: str,
        cards: list[Card],
        cursor_id: str | None = None,
        *,
        saving: frozenset[str] = frozenset(),
        empty: str = "",
    ) -> None:
        """Replace the column's cards, keeping the cursor on ``cursor_id`` (or where it was);
        the cards in ``saving`` say "saving…", and ``empty`` is said when there are none. What
        did not change is not drawn again: the same cards repaint nothing, a card that changed
        in place repaints its own rows."""
        changed = self._changed(title, cards, saving)
        if empty != self.empty_text:
            self.empty_text, changed = empty, None  # another reason for no cards: drawn anew
        self.heading, self.cards, self.saving = title, cards, saving
        self._rows_of = None
        if changed is None:
            self._drawn.clear()
        for stale in changed or ():
            self._drawn.pop((stale, False), None)
            self._drawn.pop((stale, True), None)
        index = self.index_of(cursor_id) if cursor_id else None
        was, first = self.cursor, self.first
        self._move_cursor(index if index is not None else self.cursor)
        if changed is None or self.first != first:
            self.refresh()
            return
        repaint = set(changed)
        if self.cursor != was and self.has_focus:
            repaint |= {was, self.cursor}
        if repaint:
            self._repaint(*sorted(repaint))

    def _changed(self, title: str, cards: list[Card], saving: frozenset[str]) -> list[int] | None:
        """The indexes of the cards that changed in place (the same number of cards, in the same
        order, each as tall as before); None when the column must be drawn anew."""
        if title != self.heading or len(cards) != len(self.cards):
            return None
        changed = []
        for index, (new, old) in enumerate(zip(cards, self.cards, strict=True)):
            # The same objects mostly (one key changes one card or two); equal ones draw alike.
            if (new is old or new == old) and (new.id in saving) == (old.id in self.saving):
                continue
            if new.id != old.id:
                return None
            changed.append(index)
            if len(changed) > REPAINT_MOST:
                return None  # most changed (another week): drawn anew, not compared to the end
        width = self.inner_width
        for index in changed:
            kept = self._faces.get(cards[index].id)
            if kept is not None:
                card = cards[index]
                after = card_face(card, width, self.lang, saving=card.id in saving).height
                if kept[2].height != after:
                    return None
        return changed

    def _forget_drawing(self) -> None:
        self._faces.clear()
        self._drawn.clear()
        self._rows_of = None

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

    def _fit_width(self) -> int:
        """The width of a card's text now; what was made for another width is forgotten (a
        resize can repaint before the column hears of it)."""
        width = self.inner_width
        if width != self._faces_width:
            self._forget_drawing()
            self._faces_width = width
        return width

    def face(self, index: int) -> Face:
        width = self._fit_width()
        card = self.cards[index]
        saving = card.id in self.saving
        kept = self._faces.get(card.id)
        if kept is not None and (kept[0] is card or kept[0] == card) and kept[1] == saving:
            return kept[2]
        face = card_face(card, width, self.lang, saving=saving)
        if len(self._faces) > FACES_KEPT:
            self._faces.clear()  # a long scroll through a big column: start again
        self._faces[card.id] = (card, saving, face)
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
        first = self.first
        if not self.cards:
            self.first = 0
        elif index < self.first:
            self.first = index
        elif index >= self.window_end(self.first):
            self.first = self._first_showing(index)
        if self.cards:
            self.first = max(0, min(self.first, self.last_first))
        if self.first != first:
            self._rows_of = None

    def _show_cursor(self, index: int, *, repaint_all: bool = False) -> None:
        """Move the cursor and repaint what changed: the two cards' rows while the window
        stays, the column when it scrolls."""
        was, first = self.cursor, self.first
        self._move_cursor(index)
        if repaint_all or self.first != first:
            self.refresh()
        elif self.cursor != was and self.has_focus:
            self._repaint(was, self.cursor)

    def move_cursor(self, step: int) -> bool:
        """Move the cursor ``step`` cards; False if it could not move."""
        target = self.cursor + step
        if not self.cards or not 0 <= target < len(self.cards):
            return False
        self._show_cursor(target)
        self.post_message(self.CursorMoved(self))
        return True

    def place_cursor(self, index: int) -> None:
        self._show_cursor(index)

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
        self._rows_of = None
        self._move_cursor(self.cursor)
        self.refresh()  # the window may hold other cards now

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()

    # -- mouse ------------------------------------------------------------------------------------

    def on_click(self, event: events.Click) -> None:
        for start, end, index in self._spans:
            if start <= event.y < end:
                self.focus()
                self._show_cursor(index)
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
        self._rows_of = None
        end = self.window_end(self.first)
        if not self.first <= self.cursor < end:
            self.cursor = min(max(self.cursor, self.first), end - 1)
        self.refresh()

    # -- drawing --------------------------------------------------------------------------------
    # Line by line (Textual's line API): a key that moves the cursor inside the window repaints
    # the rows of two cards, not the column, and each card's rows are made once.

    def _grid(self) -> list[tuple[int, int] | None]:
        """What each row under the title shows: (card index, row of the card), or None for a
        blank row; also notes each drawn card's rows, for clicks."""
        if self._rows_of is None or self._grid_size != self.size:
            self._fit_width()
            self._grid_size = self.size
            grid: list[tuple[int, int] | None] = []
            spans: list[tuple[int, int, int]] = []
            end = self.window_end(self.first) if self.cards else 0
            for index in range(self.first, end):
                if index > self.first:
                    grid += [None] * GAP
                height = self.face(index).height
                spans.append((len(grid) + 1, len(grid) + 1 + height + GAP, index))
                grid += [(index, row) for row in range(height)]
            self._rows_of, self._spans, self._end = grid, spans, end
        return self._rows_of

    def _header(self) -> Row:
        self._grid()
        header = f"{self.heading} ({len(self.cards)})"
        above, below = self.first, max(0, len(self.cards) - self._end)
        marks = (f" ↑{above}" if above else "") + (f" ↓{below}" if below else "")
        return [(fit(header + marks, max(4, self.size.width - 1)), HEADER_STYLE)]

    def _card_rows(self, index: int, focused: bool) -> list[Row]:
        self._fit_width()
        key = (index, focused)
        rows = self._drawn.get(key)
        if rows is None:
            rows = self._drawn[key] = card_rows(self.face(index), self.inner_width, focused)
        return rows

    def row(self, y: int) -> Row:
        """The pieces of row ``y`` of the column (0: its title)."""
        if y == 0:
            return self._header()
        if not self.cards and self.empty_text:
            lines = textwrap.wrap(self.empty_text, max(8, self.size.width - 3))
            return [(f"  {lines[y - 2]}", EMPTY_STYLE)] if 2 <= y < len(lines) + 2 else []
        grid = self._grid()
        at = grid[y - 1] if 0 < y <= len(grid) else None
        if at is None:
            return []
        index, line = at
        return self._card_rows(index, self.has_focus and index == self.cursor)[line]

    def notify_style_update(self) -> None:
        self._base = None
        super().notify_style_update()

    def render_line(self, y: int) -> Strip:
        # The column's own style, looked up once (it walks every ancestor), not once a line.
        theme = self.app.theme
        if self._base is None or self._base[0] != theme:
            self._base = (theme, self.rich_style)
        base = self._base[1]
        segments = [Segment(text, base + style) for text, style in self.row(y)]
        return Strip(segments).adjust_cell_length(self.size.width, base)

    def render(self) -> Text:
        """The column as text (what :meth:`render_line` draws, row by row)."""
        out = Text(no_wrap=True, overflow="crop")
        for y in range(self.size.height):
            if y:
                out.append("\n")
            for text, style in self.row(y):
                out.append(text, style=style)
        return out

    def _repaint(self, *indexes: int) -> None:
        """Repaint the rows of the cards ``indexes`` (all drawn), or the whole column."""
        self._grid()
        spans = {index: (start, end) for start, end, index in self._spans}
        if not indexes or any(index not in spans for index in indexes):
            self.refresh()
            return
        width = self.size.width
        regions = [
            Region(0, spans[i][0], width, self.face(i).height) for i in dict.fromkeys(indexes)
        ]
        self.refresh(*regions)


Row = list[tuple[str, Style]]
HEADER_STYLE = Style(bold=True, underline=True)
BAR_STYLE = Style(bold=True)
EMPTY_STYLE = Style(dim=True, italic=True)
PIECE_STYLES = {
    "dim": Style(dim=True),
    "warn": Style(italic=True),
    "who": Style(bold=True),
    "note": Style(bold=True),
}
PLAIN = Style()


def card_rows(face: Face, inner: int, focused: bool) -> list[Row]:
    """The rows of one card: its title lines, then its second line if it has one; the focused
    card has a bar at the left and its title reversed."""
    bar = ("▌ " if focused else "  ", BAR_STYLE)
    title_style = Style(bold=True, reverse=focused)
    rows: list[Row] = [
        [bar, (line.ljust(inner) if focused else line, title_style)] for line in face.lines
    ]
    if not face.pieces:
        return rows
    meta: Row = [bar]
    used = 0
    after: str | None = None  # the kind of the piece before (None: none yet)
    for piece, kind in face.pieces:
        sep = "" if after is None else " " if after == "note" else " · "
        after = kind
        chunk = fit(sep + piece, inner - used)
        if used >= inner or not chunk.strip():
            break
        meta.append((chunk, PIECE_STYLES.get(kind, PLAIN)))
        used += cell_len(chunk)
        if chunk != sep + piece:
            break  # cut: nothing more fits
    rows.append(meta)
    return rows
