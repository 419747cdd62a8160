"""The board: area tabs and three columns of cards for one week.

The screen is given a :class:`~tui.core.controller.BoardView` and shows it; key presses become
messages (``tui.ui.messages``) that the app hands to the controller. Each column is one
widget that draws only the cards that fit, so showing a change costs the same at any board size.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.cells import cell_len
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.events import Resize
from textual.reactive import Reactive
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Input, Static

from tui.core.actions import carry_ref, next_column, prev_column
from tui.core.audience import ALL, tag_label
from tui.core.board import Board, Card
from tui.core.catalogue import Area
from tui.core.controller import BoardView
from tui.core.people import CLEAR, MINE
from tui.core.periods import board_days
from tui.core.state import BOARD_COLUMNS, Column, Reason
from tui.core.text import visible
from tui.i18n import day_span, t
from tui.ui.messages import (
    AskAssignee,
    AskSendBack,
    CarryCard,
    ChooseArea,
    MoveCard,
    OpenCard,
    OpenWeek,
    SearchFor,
    SkipCard,
    UndoRedo,
)
from tui.ui.widgets.area_tabs import AreaTabs
from tui.ui.widgets.card_column import CardColumn
from tui.ui.widgets.key_bar import KeyBar

MIN_WIDTH, MIN_HEIGHT = 80, 24


class BoardScreen(Screen[None]):
    # The app's first screen (its default screen): its style, board.tcss, is the app's CSS_PATH.
    AUTO_FOCUS = "CardColumn"  # never the (hidden) search box, even before the first board
    HELP_LEGEND = "help.marks"  # `?` explains the marks on a card under the keys
    # Textual repaints the whole screen when the focus moves; the two columns it moves between
    # repaint themselves (their :focus style), so this screen need not: a card moved with L or H
    # takes the focus along, and the whole-screen repaint was a fifth of that key's time.
    focused: Reactive[Widget | None] = Reactive(None, repaint=False)

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
        Binding("r", "app.review", "key.review", id="review"),
        Binding("x", "skip", "key.skip", id="skip", tooltip="tip.skip", show=False),
        Binding("c", "carry", "key.carry", id="carry", tooltip="tip.carry", show=False),
        Binding("t", "app.choose_filter", "key.filter", id="filter"),
        Binding("a", "assign", "key.assign", id="assign", tooltip="tip.assign"),
        Binding(
            "b", "send_back", "key.send_back", id="send_back", tooltip="tip.send_back", show=False
        ),
        Binding("w", "app.choose_person", "key.who", id="who", tooltip="tip.who", show=False),
        Binding("slash", "search", "key.search", id="search"),
        Binding("left_square_bracket", "week(-1)", "key.prev_week", id="prev_week", show=False),
        Binding("right_square_bracket", "week(1)", "key.next_week", id="next_week", show=False),
        Binding("g", "this_week", "key.this_week", id="this_week", show=False),
        Binding("u", "undo", "key.undo", id="undo", show=False),
        Binding("ctrl+r", "redo", "key.redo", id="redo", show=False),
        Binding("0", "area(0)", "key.all_areas", id="area_all", show=False),
        *(
            Binding(str(n), f"area({n})", "key.area", id=f"area_{n}", show=False)
            for n in range(1, 10)
        ),
    ]

    def __init__(
        self,
        lang: str,
        areas: list[Area],
        workspace_name: str,
        on_mounted: Callable[[], None] | None = None,
    ) -> None:
        super().__init__()
        # Called once the widgets are there, before the first layout: a board shown then is
        # laid out and drawn once (a message would arrive after that first layout).
        self.on_mounted = on_mounted
        self.lang = lang
        self.areas = areas
        self.workspace_name = workspace_name
        self.board: Board | None = None
        self.cards_shown: list[Card] = []
        self.area_index = 0  # 0 = all areas
        self._listing: tuple[object, ...] = ()  # what the cards shown are a list of
        self.filter_label = ""
        self.who_label = ""  # whose cards are shown; "" for everyone's
        self.search_text = ""
        self.this_week_key = ""
        self.week_start = 0  # 0 = Monday; the app sets the workspace's
        self.saving: frozenset[str] = frozenset()  # cards with a change not yet on disk
        self._shown_text: dict[str, Text | str] = {}
        self.too_small = False  # the window is below MIN_WIDTH x MIN_HEIGHT: no key acts
        self._focus_before_small: str | None = None

    # -- layout ---------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with Vertical(id="main"):
            yield Static(id="header")
            yield AreaTabs(id="tabs")
            yield Static(id="banner")
            yield Input(placeholder=t("search.placeholder", self.lang), id="search")
            with Horizontal(id="columns"):
                for column in BOARD_COLUMNS:
                    yield CardColumn(self.lang, id=f"cards-{column.value}")
            yield KeyBar(t("key.palette", self.lang))
        yield Static(id="too-small")

    def on_mount(self) -> None:
        if not self.children:  # the app closed before the board was composed (it is the first
            return  # screen, mounted even when the app exits while starting)
        self.query_one("#search", Input).display = False
        self._fit_to(self.size.width, self.size.height)
        if self.on_mounted is not None:
            self.on_mounted()

    def on_resize(self, event: Resize) -> None:
        self._fit_to(event.size.width, event.size.height)
        self._refresh_header()

    def _fit_to(self, width: int, height: int) -> None:
        """Below the smallest size only the notice shows and no key acts (nobody can see which
        card a key would change); back at a usable size the focus returns to the same card."""
        if not self.children:  # not composed: the app closed while starting
            return
        small = width < MIN_WIDTH or height < MIN_HEIGHT
        was_small, self.too_small = self.too_small, small
        if small and not was_small:
            self._focus_before_small = self.focused_card_id()
        self.query_one("#main").display = not small
        notice = self.query_one("#too-small", Static)
        notice.display = small
        if small:
            notice.update(Text(t("note.too_small", self.lang, w=width, h=height)))
            self.app.clear_notifications()  # a toast would draw over the notice
        elif was_small:
            self._restore_focus(self._focus_before_small)
        self.refresh_bindings()

    # -- showing a board ------------------------------------------------------------------------

    def columns(self) -> list[CardColumn]:
        return [self.query_one(f"#cards-{c.value}", CardColumn) for c in BOARD_COLUMNS]

    def column_of(self, column: Column) -> CardColumn:
        return self.query_one(f"#cards-{column.value}", CardColumn)

    def show(self, shown: BoardView) -> None:
        """Show the controller's view: its cards (already filtered), the focus on its focus
        target if it names one, else on the same card as before.

        Columns draw only the cards that fit, so this costs the same for 10 cards or 1,000.
        """
        # Another area, filter, person or search is another list: a card no longer in it
        # gives its place to the top of its column, not to whichever card took its row.
        listing = (shown.area_index, shown.filter, shown.who, shown.search)
        new_list, self._listing = listing != self._listing, listing
        self.area_index = shown.area_index
        self.filter_label = profile_label(shown.filter, self.lang)
        self.who_label = person_label(shown.who, shown.me, self.lang)
        self.search_text = shown.search
        self.this_week_key = shown.this_week
        self.saving = shown.saving
        if shown.board is None:  # not read yet
            return
        self.board = shown.board
        own = shown.focus  # a card this session just changed or added: the focus goes with it
        place = self.focused if isinstance(self.focused, CardColumn) else None
        focused = own or self.focused_card_id()
        self.cards_shown = shown.cards
        by_column: dict[Column, list[Card]] = {column: [] for column in BOARD_COLUMNS}
        for card in shown.cards:  # one pass: a board can hold 1,000 cards
            found = by_column.get(card.column)
            if found is not None:
                found.append(card)
        for column in BOARD_COLUMNS:
            view = self.column_of(column)
            in_column = by_column[column]
            title = t("col." + column.value, self.lang)
            # Each column is told of its own cards being saved only: the others stay as drawn.
            saving = frozenset(card.id for card in in_column if card.id in shown.saving)
            empty = self._empty_text(shown) if column is Column.TODO else ""
            view.set_cards(title, in_column, focused, saving=saving, empty=empty)
            if new_list and view.index_of(focused) is None:
                view.place_cursor(0)
        self._refresh_chrome()
        if own is None and place is not None and place.cards and place.index_of(focused) is None:
            # The card in focus went to another column by someone else's hand (another
            # session): the place is kept and the next card takes it, so the next key does not
            # follow it, unseen, to a card nobody meant (a new user skipped a colleague's card).
            self._restore_focus(None)
        else:
            self._restore_focus(focused)
        self.refresh_bindings()  # what can run depends on the focused card

    def _empty_text(self, shown: BoardView) -> str:
        """Why the board shows no card at all, and the keys that change it (a new user met an
        empty board under "Mine" with nothing saying why or how back)."""
        if shown.cards:
            return ""
        if shown.who or shown.search:
            return t("board.empty_filtered", self.lang)
        if shown.area_index:
            return t("board.empty_area", self.lang)
        return t("board.empty_week", self.lang)

    def _restore_focus(self, card_id: str | None) -> None:
        """Put the cursor back on ``card_id`` and focus its column; else keep the focused column;
        else the first column with cards. While the search box is being typed in, only the
        cursors move: the focus stays in the box."""
        focused = self.focused
        typing = isinstance(focused, Input) and focused.display
        views = self.columns()
        for view in views:
            index = view.index_of(card_id) if card_id else None
            if index is not None:
                view.place_cursor(index)
                if not typing:
                    view.focus()
                return
        if typing or (isinstance(self.focused, CardColumn) and self.focused.cards):
            return
        for view in views:
            if view.cards:
                view.focus()
                return
        views[0].focus()

    def _refresh_chrome(self) -> None:
        self._refresh_header()
        self._refresh_tabs()
        self._refresh_banner()

    def _refresh_header(self) -> None:
        if self.board is None:
            return
        # One line, always: a new text needs no new layout (which costs more than the rest).
        width = max(MIN_WIDTH, self.size.width) - 2
        self._update_static("#header", self._header_text(width), layout=False)

    def _header_text(self, width: int) -> Text:
        """The week and every filter in force, fitted to ``width``: what narrows the cards shown
        (filter, person, search) is never the part cut; the brand, the workspace's name, "this
        week" and the dates give way first, in that order."""
        assert self.board is not None
        week = self.board.week
        days = board_days(week, self.week_start)
        lang = self.lang
        # (text, style, dropped in this order when the line is too long; 0 = never)
        parts: list[tuple[str, str, int]] = [
            ("Ritmas ", "bold", 2),
            (f"{week.key}", "bold", 0),
            (f" {day_span(days[0], days[-1], lang)}", "", 4),
        ]
        if week.key == self.this_week_key:
            parts.append((f" {t('header.this_week', lang)}", "dim", 3))
        # The person and the search before the audience: a long list of tags is what gets cut.
        if self.who_label:
            parts += [(f" | {t('header.who', lang)}: ", "dim", 0), (self.who_label, "bold", 0)]
        if self.search_text:
            parts += [(f" | {t('header.search', lang)}: ", "dim", 0), (self.search_text, "bold", 0)]
        parts += [(f" | {t('header.filter', lang)}: ", "dim", 0), (self.filter_label, "bold", 0)]
        parts.append((f" | {self.workspace_name}", "dim", 1))
        for drop in range(5):
            kept = [(text, style) for text, style, order in parts if not 0 < order <= drop]
            if sum(cell_len(text) for text, _ in kept) <= width:
                break
        header = Text()
        for text, style in kept:
            header.append(text, style=style)
        # Still too long (a long search, many tags): cut visibly, never silently.
        header.truncate(width, overflow="ellipsis")
        return header

    def _update_static(self, selector: str, content: Text | str, *, layout: bool = True) -> None:
        """Update a Static only when what it says changes: an update lays the screen out again,
        which costs more than the rest of a key press."""
        if self._shown_text.get(selector) != content:
            self._shown_text[selector] = content
            self.query_one(selector, Static).update(content, layout=layout)

    def _refresh_tabs(self) -> None:
        labels = [f"0 {t('area.all', self.lang)}"] + [
            f"{n} {short_title(area.title)}" for n, area in enumerate(self.areas, 1)
        ]
        self.query_one("#tabs", AreaTabs).show(labels, self.area_index)

    def on_area_tabs_chosen(self, event: AreaTabs.Chosen) -> None:
        self.action_area(event.index)

    def _refresh_banner(self) -> None:
        banner = self.query_one("#banner", Static)
        damaged = self.board.damaged if self.board else {}
        if banner.display != bool(damaged):
            banner.display = bool(damaged)
        if damaged:
            # What to do once, first (the banner is at most three lines), then each file.
            lang = self.lang
            lines = [t("banner.readonly", lang)] + [
                t(
                    "banner.file",
                    lang,
                    file=f"state/{key}.json" if key else "state/",
                    reason=_reason(msg, lang),
                )
                for key, msg in sorted(damaged.items())
            ]
            self._update_static("#banner", Text(visible("\n".join(lines), keep_lines=True)))

    # -- focus ----------------------------------------------------------------------------------

    def focused_card(self) -> Card | None:
        widget = self.focused
        return widget.current if isinstance(widget, CardColumn) else None

    def focused_card_id(self) -> str | None:
        card = self.focused_card()
        return card.id if card else None

    def action_focus_card(self, step: int) -> None:
        widget = self.focused
        if isinstance(widget, CardColumn):
            widget.move_cursor(step)
        else:
            self._restore_focus(None)

    def action_focus_column(self, step: int) -> None:
        views = self.columns()
        widget = self.focused
        current = views.index(widget) if isinstance(widget, CardColumn) else 0
        # The card beside: the one drawn at the same height (cards differ in height).
        row = widget.cursor_row() if isinstance(widget, CardColumn) else 0
        target = current + step
        while 0 <= target < len(views):
            view = views[target]
            if view.cards:
                view.place_cursor(view.index_at_row(row))
                view.focus()
                return
            target += step

    def on_card_column_cursor_moved(self, event: CardColumn.CursorMoved) -> None:
        self.refresh_bindings()

    # -- actions --------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """True: can run now; None: shown but disabled (help and footer still list it);
        False: hidden (keys for areas the catalogue does not have; every key while the window
        is too small)."""
        if self.too_small:
            return False
        if action == "area":
            return isinstance(parameters[0], int) and parameters[0] <= len(self.areas)
        card = self.focused_card()
        if action in ("open_card", "skip", "advance"):
            return True if card is not None else None
        if action == "move":
            if card is None:
                return None
            step = parameters[0] if parameters else 1
            target = next_column(card.column) if step == 1 else prev_column(card.column)
            return True if target is not None else None
        if action == "carry":
            return True if card is not None and carry_ref(card) is not None else None
        if action == "assign":
            return True if card is not None else None
        if action == "send_back":
            return True if card is not None and card.column is Column.DONE else None
        return True

    def action_open_card(self) -> None:
        card = self.focused_card()
        if card is not None:
            self.post_message(OpenCard(card.id))

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

    def action_assign(self) -> None:
        card = self.focused_card()
        if card is not None:
            self.post_message(AskAssignee(card.id))

    def action_send_back(self) -> None:
        card = self.focused_card()
        if card is not None and card.column is Column.DONE:
            self.post_message(AskSendBack(card.id))

    def action_week(self, offset: int) -> None:
        self.post_message(OpenWeek(offset))

    def action_this_week(self) -> None:
        self.post_message(OpenWeek(None))

    def action_undo(self) -> None:
        self.post_message(UndoRedo(redo=False))

    def action_redo(self) -> None:
        self.post_message(UndoRedo(redo=True))

    def action_area(self, number: int) -> None:
        if number <= len(self.areas):
            self.post_message(ChooseArea(number))

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
            self.post_message(SearchFor(event.value))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "search":
            event.input.display = bool(self.search_text)
            self.set_focus(None)  # leave the box, so the cards take the focus back
            self._restore_focus(None)

    def key_escape(self) -> None:
        search = self.query_one("#search", Input)
        if search.has_focus or self.search_text:
            search.value = ""
            search.display = False
            self.post_message(SearchFor(""))


def short_title(title: str) -> str:
    """An area title without its parenthesis: "IT (techninė aplinka…)" -> "IT"."""
    return visible(title.split(" (", 1)[0])


def _reason(message: str, lang: str) -> str:
    """The reason alone, in ``lang``: the banner names the file itself and says what to do."""
    if isinstance(message, Reason) and message.code:
        return message.shown(lang)
    # A "path: reason" line without a message id.
    return message.split(": ", 1)[1] if ": " in message else message


def profile_label(profile: frozenset[str], lang: str) -> str:
    if ALL in profile:
        return t("filter.all", lang)
    return ", ".join(tag_label(tag, lang) for tag in sorted(profile))


def person_label(who: str, me: str | None, lang: str) -> str:
    """The person filter as the header names it; "" for everyone's cards."""
    if not who:
        return ""
    if who == CLEAR:
        return t("who.nobody", lang)
    if who.casefold() == MINE:
        return t("who.mine", lang, name=me) if me else t("who.mine_unknown", lang)
    return who
