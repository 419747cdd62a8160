"""The board: area tabs and three columns of cards for one week.

The screen is given a :class:`~tui.core.board.Board` and the filters, and shows them; key presses
become messages (``tui.ui.messages``) that the app applies. After a change the app calls
:meth:`BoardScreen.update_card`, which touches only that card's widget.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.events import Resize
from textual.screen import Screen
from textual.widgets import Footer, Input, Static

from tui.core.actions import next_column, prev_column
from tui.core.audience import ALL, tag_label
from tui.core.board import Board, Card
from tui.core.catalogue import Area
from tui.core.state import BOARD_COLUMNS, Column
from tui.i18n import t
from tui.ui.bindings import localized
from tui.ui.messages import CarryCard, MoveCard, OpenWeek, SkipCard, UndoRedo
from tui.ui.widgets.card import CardWidget, widget_id

MIN_WIDTH, MIN_HEIGHT = 80, 24


class ColumnView(VerticalScroll):
    """One column's cards; ``can_focus`` is off so focus lands on cards, not the scroller."""

    can_focus = False


class BoardScreen(Screen[None]):
    CSS_PATH = "board.tcss"

    BINDINGS = [
        Binding("q", "app.quit", "key.quit", id="quit"),
        Binding("question_mark", "app.show_help", "key.help", id="help"),
        Binding("enter", "open_card", "key.open", id="open"),
        Binding("space", "advance", "key.advance", id="advance", tooltip="tip.advance"),
        Binding("L,shift+right", "move(1)", "key.move_right", id="move_right", show=False),
        Binding("H,shift+left", "move(-1)", "key.move_left", id="move_left", show=False),
        Binding("up,k", "focus_card(-1)", "key.focus_up", id="focus_up", show=False),
        Binding("down,j", "focus_card(1)", "key.focus_down", id="focus_down", show=False),
        Binding("left,h", "focus_column(-1)", "key.focus_left", id="focus_left", show=False),
        Binding("right,l", "focus_column(1)", "key.focus_right", id="focus_right", show=False),
        Binding("n", "app.add_card", "key.add", id="add"),
        Binding("x", "skip", "key.skip", id="skip", tooltip="tip.skip", show=False),
        Binding("c", "carry", "key.carry", id="carry", tooltip="tip.carry", show=False),
        Binding("t", "app.choose_filter", "key.filter", id="filter"),
        Binding("slash", "search", "key.search", id="search"),
        Binding("left_square_bracket", "week(-1)", "key.prev_week", id="prev_week", show=False),
        Binding("right_square_bracket", "week(1)", "key.next_week", id="next_week", show=False),
        Binding("g", "this_week", "key.this_week", id="this_week", show=False),
        Binding("r", "app.review", "key.review", id="review"),
        Binding("u", "undo", "key.undo", id="undo", show=False),
        Binding("ctrl+r", "redo", "key.redo", id="redo", show=False),
        Binding("0", "area(0)", "key.all_areas", id="area_all", show=False),
        *(
            Binding(str(n), f"area({n})", "key.area", id=f"area_{n}", show=False)
            for n in range(1, 10)
        ),
    ]

    def __init__(self, lang: str, areas: list[Area], workspace_name: str) -> None:
        super().__init__()
        self.lang = lang
        self.areas = areas
        self.workspace_name = workspace_name
        self.board: Board | None = None
        self.cards_shown: list[Card] = []
        self.area_index = 0  # 0 = all areas
        self.filter_label = ""
        self.search_text = ""
        self.this_week_key = ""
        self._order: dict[str, int] = {}

    # -- layout ---------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with Vertical(id="main"):
            yield Static(id="header")
            yield Static(id="tabs")
            yield Static(id="banner")
            yield Input(placeholder=t("search.placeholder", self.lang), id="search")
            with Horizontal(id="columns"):
                for column in BOARD_COLUMNS:
                    with Vertical(classes="column", id=f"col-{column.value}"):
                        yield Static(classes="column-title", id=f"title-{column.value}")
                        yield ColumnView(id=f"cards-{column.value}")
            yield Footer()
        yield Static(id="too-small")

    def on_mount(self) -> None:
        self.query_one("#search", Input).display = False
        self._fit_to(self.size.width, self.size.height)

    def on_resize(self, event: Resize) -> None:
        self._fit_to(event.size.width, event.size.height)

    def _fit_to(self, width: int, height: int) -> None:
        small = width < MIN_WIDTH or height < MIN_HEIGHT
        self.query_one("#main").display = not small
        notice = self.query_one("#too-small", Static)
        notice.display = small
        if small:
            notice.update(t("note.too_small", self.lang, w=width, h=height))

    # -- showing a board ------------------------------------------------------------------------

    def show_board(self, board: Board, cards: list[Card], *, keep_focus: str | None = None) -> None:
        """Show ``cards`` of ``board`` (already filtered); rebuilds the columns."""
        self.board = board
        self.cards_shown = cards
        self._order = {card.id: n for n, card in enumerate(cards)}
        focused = keep_focus or self.focused_card_id()
        for column in BOARD_COLUMNS:
            view = self.query_one(f"#cards-{column.value}", ColumnView)
            view.remove_children()
            view.mount_all([CardWidget(card, self.lang) for card in cards if card.column is column])
        self._refresh_chrome()
        self.call_after_refresh(self._restore_focus, focused)

    def _restore_focus(self, card_id: str | None) -> None:
        if card_id and self._focus_card_id(card_id):
            return
        for column in BOARD_COLUMNS:
            first = (
                self.query_one(f"#cards-{column.value}").query(CardWidget).first(None)
                if (self.query_one(f"#cards-{column.value}").children)
                else None
            )
            if first is not None:
                first.focus()
                return

    def update_card(self, card: Card) -> None:
        """Show the new state of one card: update its widget, moving it if its column changed."""
        widget = self._widget(card.id)
        self.cards_shown = [card if c.id == card.id else c for c in self.cards_shown]
        if widget is None:
            return
        old_column = widget.card.column if widget.card else None
        if old_column is card.column:
            widget.card = card
        else:
            had_focus = widget.has_focus
            widget.remove()
            if card.column in BOARD_COLUMNS:
                new = CardWidget(card, self.lang)
                view = self.query_one(f"#cards-{card.column.value}", ColumnView)
                view.mount(new, before=self._insert_before(view, card.id))
                if had_focus:
                    self.call_after_refresh(new.focus)
                    self.call_after_refresh(new.scroll_visible)
            elif had_focus:
                self.call_after_refresh(self._restore_focus, None)
        self._refresh_titles()

    def _insert_before(self, view: ColumnView, card_id: str) -> CardWidget | None:
        order = self._order.get(card_id, len(self._order))
        for child in view.query(CardWidget):
            if child.card is not None and self._order.get(child.card.id, 0) > order:
                return child
        return None

    def _refresh_chrome(self) -> None:
        self._refresh_header()
        self._refresh_tabs()
        self._refresh_titles()
        self._refresh_banner()

    def _refresh_header(self) -> None:
        if self.board is None:
            return
        week = self.board.week
        text = Text()
        text.append("Ritmas ", style="bold")
        text.append(f"{week.key} ", style="bold")
        text.append(f"({week.monday:%m-%d}–{week.sunday:%m-%d})")
        if week.key == self.this_week_key:
            text.append(f" {t('header.this_week', self.lang)}", style="dim")
        text.append(f" | {t('header.filter', self.lang)}: ", style="dim")
        text.append(self.filter_label, style="bold")
        if self.search_text:
            text.append(f" | {t('header.search', self.lang)}: ", style="dim")
            text.append(self.search_text, style="bold")
        text.append(f" | {self.workspace_name}", style="dim")
        self.query_one("#header", Static).update(text)

    def _refresh_tabs(self) -> None:
        labels = [f"0 {t('area.all', self.lang)}"] + [
            f"{n} {short_title(area.title)}" for n, area in enumerate(self.areas, 1)
        ]
        width = max(self.size.width, MIN_WIDTH)
        room = max(6, (width - len(labels)) // len(labels))
        text = Text()
        for n, label in enumerate(labels):
            piece = label if len(label) <= room else label[: room - 1] + "…"
            if n == self.area_index:
                text.append(f"[{piece}]", style="bold reverse")
            else:
                text.append(f" {piece} ")
        self.query_one("#tabs", Static).update(text)

    def _refresh_titles(self) -> None:
        for column in BOARD_COLUMNS:
            count = sum(1 for c in self.cards_shown if c.column is column)
            self.query_one(f"#title-{column.value}", Static).update(
                f"{t('col.' + column.value, self.lang)} ({count})"
            )

    def _refresh_banner(self) -> None:
        banner = self.query_one("#banner", Static)
        damaged = self.board.damaged if self.board else {}
        banner.display = bool(damaged)
        if damaged:
            lines = [
                t("header.readonly", self.lang, file=f"state/{key}.json", reason=_reason(msg))
                for key, msg in sorted(damaged.items())
            ]
            banner.update("\n".join(lines))

    # -- focus ----------------------------------------------------------------------------------

    def focused_card(self) -> Card | None:
        widget = self.focused
        return widget.card if isinstance(widget, CardWidget) else None

    def focused_card_id(self) -> str | None:
        card = self.focused_card()
        return card.id if card else None

    def _widget(self, card_id: str) -> CardWidget | None:
        found = self.query(f"#{widget_id(card_id)}")
        widget = found.first(None) if found else None
        return widget if isinstance(widget, CardWidget) else None

    def _focus_card_id(self, card_id: str) -> bool:
        widget = self._widget(card_id)
        if widget is None:
            return False
        widget.focus()
        widget.scroll_visible(animate=False)
        return True

    def action_focus_card(self, step: int) -> None:
        widget = self.focused
        if not isinstance(widget, CardWidget) or widget.parent is None:
            self._restore_focus(None)
            return
        siblings = list(widget.parent.query_children(CardWidget))
        index = siblings.index(widget) + step
        if 0 <= index < len(siblings):
            siblings[index].focus()
            siblings[index].scroll_visible(animate=False)

    def action_focus_column(self, step: int) -> None:
        widget = self.focused
        columns = [self.query_one(f"#cards-{c.value}", ColumnView) for c in BOARD_COLUMNS]
        if isinstance(widget, CardWidget) and widget.parent in columns:
            current = columns.index(widget.parent)  # type: ignore[arg-type]
            row = list(widget.parent.query_children(CardWidget)).index(widget)
        else:
            current, row = 0, 0
        target = current + step
        while 0 <= target < len(columns):
            cards = list(columns[target].query_children(CardWidget))
            if cards:
                chosen = cards[min(row, len(cards) - 1)]
                chosen.focus()
                chosen.scroll_visible(animate=False)
                return
            target += step

    # -- actions --------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        card = self.focused_card()
        if action in ("open_card", "skip", "advance"):
            return card is not None
        if action == "move":
            if card is None:
                return False
            step = parameters[0] if parameters else 1
            target = next_column(card.column) if step == 1 else prev_column(card.column)
            return target is not None
        if action == "carry":
            return card is not None and (card.missed or card.last_missed is not None)
        return True

    def action_open_card(self) -> None:
        card = self.focused_card()
        if card is not None:
            self.app.call_later(self.app.open_card, card.id)  # type: ignore[attr-defined]

    def action_advance(self) -> None:
        card = self.focused_card()
        if card is not None:
            self.post_message(MoveCard(card.id, None))

    def action_move(self, step: int) -> None:
        card = self.focused_card()
        if card is None:
            return
        target = next_column(card.column) if step > 0 else prev_column(card.column)
        if target is not None:
            self.post_message(MoveCard(card.id, target))

    def action_skip(self) -> None:
        card = self.focused_card()
        if card is not None:
            self.post_message(SkipCard(card.id))

    def action_carry(self) -> None:
        card = self.focused_card()
        if card is not None:
            self.post_message(CarryCard(card.id))

    def action_week(self, offset: int) -> None:
        self.post_message(OpenWeek(offset))

    def action_this_week(self) -> None:
        self.post_message(OpenWeek(None))

    def action_undo(self) -> None:
        self.post_message(UndoRedo(redo=False))

    def action_redo(self) -> None:
        self.post_message(UndoRedo(redo=True))

    def action_area(self, number: int) -> None:
        if number > len(self.areas):
            return
        self.area_index = number
        self.app.call_later(self.app.refresh_board)  # type: ignore[attr-defined]

    @property
    def area_id(self) -> str | None:
        return self.areas[self.area_index - 1].id if self.area_index else None

    # -- search ---------------------------------------------------------------------------------

    def action_search(self) -> None:
        search = self.query_one("#search", Input)
        search.display = True
        search.value = self.search_text
        search.focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "search":
            self.search_text = event.value.strip()
            self.app.call_later(self.app.refresh_board)  # type: ignore[attr-defined]

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "search":
            event.input.display = bool(self.search_text)
            self._restore_focus(None)

    def key_escape(self) -> None:
        search = self.query_one("#search", Input)
        if search.has_focus or self.search_text:
            search.value = ""
            self.search_text = ""
            search.display = False
            self.app.call_later(self.app.refresh_board)  # type: ignore[attr-defined]


def short_title(title: str) -> str:
    """An area title without its parenthesis: "IT (techninė aplinka…)" -> "IT"."""
    return title.split(" (", 1)[0]


def _reason(message: str) -> str:
    # StateFileError messages are "path: reason"; the banner names the file itself.
    return message.split(": ", 1)[1] if ": " in message else message


def profile_label(profile: frozenset[str], lang: str) -> str:
    if ALL in profile:
        return t("filter.all", lang)
    return ", ".join(tag_label(tag, lang) for tag in sorted(profile))


__all__ = ["BoardScreen", "Column", "localized", "profile_label"]
