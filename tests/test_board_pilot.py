"""The board driven key by key with Textual's Pilot, checking the screen and the saved state.

Every test opens a fresh workspace (``init_workspace``, the shipped catalogue) with the clock
pinned to Thursday 2026-11-26 (week 2026-W48) and every audience shown (profile ``all``) unless
it is about the profile, presses keys at 80×24, and then asserts two things: what the screen
shows (which card has focus and in which column, the column titles, the header) and what
``state/`` holds (the ``column`` word, ``history``, ``checked``, ``tally``, ``note``, ...).

What the screen shows is read from the board screen's widgets and, for text, from the rendered
screen itself (an SVG screenshot turned back into lines), so the assertions hold whether a column
draws its cards itself or holds one widget per card.
"""

from __future__ import annotations

import io
import json
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from conftest import settle
from rich.console import Console
from screen_text import screen_text
from textual.command import CommandPalette
from textual.pilot import Pilot
from textual.widgets import Input, OptionList, Static

from tui.cli import main as ritmas_main
from tui.core import actions
from tui.core.audience import ALL
from tui.core.session import Session
from tui.core.settings import Settings, load_settings, save_settings
from tui.core.state import Column
from tui.core.textmatch import fold
from tui.core.workspace import Workspace, init_workspace
from tui.ui.app import RitmasApp, make_app
from tui.ui.screens.add import AddScreen
from tui.ui.screens.detail import DetailScreen
from tui.ui.screens.filter import FilterScreen, ProfileScreen
from tui.ui.screens.help import HelpScreen
from tui.ui.widgets.card_column import CardColumn

TODAY = date(2026, 11, 26)  # a Thursday: week 2026-W48, month 2026-11
WEEK, MONTH = "2026-W48", "2026-11"
EVERY_AUDIENCE = frozenset({ALL})
SIZE = (80, 24)

FIRST = "paruosti-menesio-kampanija"  # monthly (2026-11), 6 steps: the first card of to do
SECOND = "parengti-1-naujienlaiski"  # monthly, times = [1, 2]
TALLY = "parengti-socialiniu-tinklu-irasa"  # weekly (2026-W48), times = [2, 3]: third in to do
YEARLY = "nustatyti-marketingo-strategija"  # yearly (2026): never missed in these tests
ALL_CARDS = 27  # cards of 2026-W48 for every audience
PRODUCTS_CARDS = 26  # ... for the tag "produktai" (one card is for solo businesses only)
SOLO_ONLY = "stebeti-savo-perdegimo-rizikas"  # fits ["solo"]: hidden by the "produktai" filter

COLUMNS = ("todo", "doing", "done")
TITLES = {
    "en": {"todo": "To do", "doing": "Doing", "done": "Done"},
    "lt": {"todo": "Daryti", "doing": "Daroma", "done": "Atlikta"},
}


# ---------------------------------------------------------------------------------------------
# Helpers


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """A fresh workspace named ``ws`` (the name shows in the header)."""
    folder = tmp_path / "ws"
    init_workspace(folder)
    return folder


class Board:
    """One running app and its workspace: keys in, screen and state files out."""

    def __init__(self, app: RitmasApp, pilot: Pilot[None], root: Path) -> None:
        self.app = app
        self.pilot = pilot
        self.root = root
        self.notes: list[str] = []
        original = app.notify

        def spy(message: str, *args: Any, **kwargs: Any) -> None:
            self.notes.append(str(message))
            original(message, *args, **kwargs)

        app.notify = spy  # type: ignore[method-assign]

    async def press(self, *keys: str) -> None:
        """Press ``keys`` one by one, letting each one's work (and what it schedules) finish,
        the store's thread's included."""
        for key in keys:
            await self.pilot.press(key)
        await settle(self.pilot)

    async def type(self, text: str) -> None:
        await self.press(*[_key_of(ch) for ch in text])

    # -- the screen ---------------------------------------------------------------------------

    @property
    def screen_name(self) -> str:
        return type(self.app.screen).__name__

    def focus(self) -> tuple[str | None, str | None]:
        """The focused card's id and the column word (``todo``...) of the view that holds it."""
        card = self.app.board_screen.focused_card()
        node = self.app.board_screen.focused
        while node is not None and not (node.id or "").startswith("cards-"):
            node = node.parent
        column = node.id.removeprefix("cards-") if node is not None and node.id else None
        return (card.id if card else None, column)

    def cards_in(self, column: str) -> list[str]:
        """Ids of the cards the board shows in ``column`` (all of them, scrolled or not)."""
        view = self.app.board_screen.query_one(f"#cards-{column}")
        cards = getattr(view, "cards", None)
        if cards is None:  # one widget per card
            cards = [widget.card for widget in view.query("CardWidget")]
        return [card.id for card in cards]

    def shown_card(self, card_id: str) -> Any:
        """The board's card object ``card_id`` as the columns show it."""
        for column in COLUMNS:
            view = self.app.board_screen.query_one(f"#cards-{column}")
            cards = getattr(view, "cards", None)
            if cards is None:
                cards = [widget.card for widget in view.query("CardWidget")]
            for card in cards:
                if card.id == card_id:
                    return card
        return None

    def column_of(self, card_id: str) -> str | None:
        return next((c for c in COLUMNS if card_id in self.cards_in(c)), None)

    def all_shown(self) -> list[str]:
        return [card_id for column in COLUMNS for card_id in self.cards_in(column)]

    def text(self) -> str:
        return screen_text(self.app)

    def header(self) -> str:
        return str(self.app.board_screen.query_one("#header", Static).render())

    def tabs(self) -> str:
        return str(self.app.board_screen.query_one("#tabs").render())

    def titles(self, lang: str = "en") -> dict[str, int]:
        """Column word -> the count its title shows on screen ("To do (27)")."""
        shown = self.text()
        out = {}
        for column, word in TITLES[lang].items():
            found = re.search(rf"{re.escape(word)} \((\d+)\)", shown)
            assert found, f"no title {word!r} (N) on screen:\n{shown}"
            out[column] = int(found.group(1))
        return out

    # -- the disk -----------------------------------------------------------------------------

    def state(self, key: str) -> dict[str, Any] | None:
        path = self.root / "state" / f"{key}.json"
        if not path.exists():
            return None
        text = path.read_text(encoding="utf-8")
        data = json.loads(text)
        assert text == json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
        return data

    def record(self, key: str, record_key: str, section: str = "occurrences") -> dict | None:
        data = self.state(key)
        return None if data is None else data[section].get(record_key)

    def raw(self, key: str) -> bytes | None:
        path = self.root / "state" / f"{key}.json"
        return path.read_bytes() if path.exists() else None


def _key_of(char: str) -> str:
    return {" ": "space", "/": "slash", "?": "question_mark"}.get(char, char)


def moves(record: dict | None) -> list[tuple[str | None, str]]:
    """A record's history as (from, to) pairs."""
    assert record is not None
    return [(m.get("from"), m["to"]) for m in record["history"]]


def plain(renderable: Any, width: int = 200) -> str:
    console = Console(file=io.StringIO(), width=width, color_system=None, legacy_windows=False)
    console.print(renderable)
    return console.file.getvalue()  # type: ignore[attr-defined]


def new_app(
    root: Path,
    *,
    today: date = TODAY,
    profile: frozenset[str] | None = EVERY_AUDIENCE,
    lang: str = "en",
    watch: bool = False,
) -> RitmasApp:
    session = Session(Workspace(root), today, profile=profile)
    return make_app(session, lang=lang, watch=watch)


class _Run:
    """``async with run(root) as board``: the app at 80×24 with a :class:`Board` on it."""

    def __init__(self, app: RitmasApp, root: Path, size: tuple[int, int]) -> None:
        self.app, self.root, self.size = app, root, size
        self._context: Any = None

    async def __aenter__(self) -> Board:
        self._context = self.app.run_test(size=self.size)
        pilot = await self._context.__aenter__()
        board = Board(self.app, pilot, self.root)
        await settle(pilot)  # the first board is read on the store's thread
        return board

    async def __aexit__(self, *exc: object) -> None:
        await self._context.__aexit__(*exc)


def run(root: Path, size: tuple[int, int] = SIZE, **options: Any) -> _Run:
    return _Run(new_app(root, **options), root, size)


async def focus_card(board: Board, card_id: str) -> None:
    """Move the focus down the column that holds ``card_id`` until it is on it."""
    column = board.column_of(card_id)
    assert column is not None, f"{card_id} is not on the board"
    for _ in range(len(board.cards_in(column)) + 3):
        focused = board.focus()
        if focused == (card_id, column):
            return
        if focused[1] != column:
            key = "l" if COLUMNS.index(column) > COLUMNS.index(focused[1] or "todo") else "h"
        else:
            ids = board.cards_in(column)
            key = "j" if ids.index(card_id) > ids.index(focused[0] or ids[0]) else "k"
        await board.press(key)
    assert board.focus() == (card_id, column)


# ---------------------------------------------------------------------------------------------
# Start


async def test_start_focuses_the_first_card_of_the_first_column(root: Path) -> None:
    async with run(root) as board:
        assert board.screen_name == "BoardScreen"
        assert board.focus() == (FIRST, "todo")
        assert board.cards_in("todo")[0] == FIRST
        assert board.titles() == {"todo": ALL_CARDS, "doing": 0, "done": 0}
        header = board.header()
        assert "2026-W48" in header and "Nov 23–29" in header and "this week" in header
        assert "Fits: All tasks" in header
        assert "ws" in header  # the workspace's name
        assert "[0 All]" in board.tabs()
        # The footer is on screen at 80×24.
        last = board.text().splitlines()[-1]
        assert "Quit" in last and "Help" in last
        # Nothing is written until the user does something.
        assert board.state(MONTH) is None and board.state(WEEK) is None


# ---------------------------------------------------------------------------------------------
# Focus


@pytest.mark.parametrize(
    ("down", "up", "right", "left"),
    [("j", "k", "l", "h"), ("down", "up", "right", "left")],
    ids=["vim", "arrows"],
)
async def test_focus_moves_between_cards_and_columns(
    root: Path, down: str, up: str, right: str, left: str
) -> None:
    async with run(root) as board:
        await board.press(down)
        assert board.focus() == (SECOND, "todo")
        await board.press(down)
        assert board.focus() == (TALLY, "todo")
        await board.press(up)
        assert board.focus() == (SECOND, "todo")
        await board.press(up, up)  # stops at the top
        assert board.focus() == (FIRST, "todo")
        # Right with nothing in doing/done: stays.
        await board.press(right)
        assert board.focus() == (FIRST, "todo")
        # Put one card in doing, then walk across.
        await board.press("L")
        assert board.focus() == (FIRST, "doing")
        await board.press(left)
        assert board.focus() == (SECOND, "todo")
        await board.press(down)
        assert board.focus() == (TALLY, "todo")
        await board.press(right)
        assert board.focus() == (FIRST, "doing")
        await board.press(right)  # done is empty: stays
        assert board.focus() == (FIRST, "doing")
        await board.press(left)
        assert board.focus()[1] == "todo"
        # Focus moves write nothing.
        assert moves(board.record(MONTH, FIRST)) == [("todo", "doing")]


async def test_focus_down_scrolls_a_long_column(root: Path) -> None:
    async with run(root) as board:
        ids = board.cards_in("todo")
        for n in range(1, 12):
            await board.press("j")
            assert board.focus() == (ids[n], "todo")
        # The focused card is on screen, and the column says how many are above.
        title = board.shown_card(ids[11]).title
        shown = board.text()
        assert title.split()[0] in shown
        assert re.search(r"To do \(27\) ↑\d+", shown), shown


# ---------------------------------------------------------------------------------------------
# Moving


@pytest.mark.parametrize(("right", "left"), [("L", "H"), ("shift+right", "shift+left")])
async def test_move_card_right_and_left(root: Path, right: str, left: str) -> None:
    async with run(root) as board:
        await board.press(right)
        assert board.focus() == (FIRST, "doing")
        assert board.titles() == {"todo": ALL_CARDS - 1, "doing": 1, "done": 0}
        record = board.record(MONTH, FIRST)
        assert record is not None and record["column"] == "doing"
        assert moves(record) == [("todo", "doing")]
        assert record["history"][0]["at"].startswith("2026-11-26T")

        await board.press(right)
        assert board.focus() == (FIRST, "done")
        record = board.record(MONTH, FIRST)
        assert record is not None and record["column"] == "done"
        assert record["done_on"] == "2026-11-26"
        assert board.titles() == {"todo": ALL_CARDS - 1, "doing": 0, "done": 1}

        before = board.raw(MONTH)
        await board.press(right)  # nothing right of done
        assert board.focus() == (FIRST, "done")
        assert board.raw(MONTH) == before

        await board.press(left)
        assert board.focus() == (FIRST, "doing")
        record = board.record(MONTH, FIRST)
        assert record is not None and record["column"] == "doing"
        assert "done_on" not in record
        await board.press(left)
        assert board.focus() == (FIRST, "todo")
        assert board.cards_in("todo")[0] == FIRST  # back in its place
        before = board.raw(MONTH)
        await board.press(left)  # nothing left of to do
        assert board.raw(MONTH) == before
        assert moves(board.record(MONTH, FIRST)) == [
            ("todo", "doing"),
            ("doing", "done"),
            ("done", "doing"),
            ("doing", "todo"),
        ]
        assert board.titles() == {"todo": ALL_CARDS, "doing": 0, "done": 0}


async def test_space_advances_one_column(root: Path) -> None:
    async with run(root) as board:
        await board.press("space")
        assert board.focus() == (FIRST, "doing")
        await board.press("space")
        assert board.focus() == (FIRST, "done")
        before = board.raw(MONTH)
        await board.press("space")  # a card without a tally stays in done
        assert board.focus() == (FIRST, "done")
        assert board.raw(MONTH) == before
        record = board.record(MONTH, FIRST)
        assert record is not None and record["column"] == "done"
        assert moves(record) == [("todo", "doing"), ("doing", "done")]


async def test_tally_card_counts_each_time_it_reaches_done(root: Path) -> None:
    async with run(root) as board:
        await focus_card(board, TALLY)
        assert "0/2–3×" in board.text()

        await board.press("L", "L")  # once: below the minimum, back to to do
        assert board.focus() == (TALLY, "todo")
        record = board.record(WEEK, TALLY)
        assert record is not None
        assert record["column"] == "todo" and record["tally"] == 1
        assert board.shown_card(TALLY).tally == 1
        assert "1/2–3×" in board.text()
        assert board.titles() == {"todo": ALL_CARDS, "doing": 0, "done": 0}

        await board.press("L", "L")  # twice: the minimum is met
        assert board.focus() == (TALLY, "done")
        record = board.record(WEEK, TALLY)
        assert record is not None
        assert record["column"] == "done" and record["tally"] == 2
        assert record["done_on"] == "2026-11-26"
        assert "2/2–3×" in board.text()

        await board.press("space")  # a third time, in done: up to the maximum
        record = board.record(WEEK, TALLY)
        assert record is not None and record["tally"] == 3 and record["column"] == "done"
        assert "3/2–3×" in board.text()
        before = board.raw(WEEK)
        await board.press("space")  # no more than the maximum
        assert board.raw(WEEK) == before


async def test_skip_takes_the_card_off_the_board(root: Path) -> None:
    async with run(root) as board:
        await board.press("x")
        assert FIRST not in board.all_shown()
        assert board.focus() == (SECOND, "todo")
        assert board.titles() == {"todo": ALL_CARDS - 1, "doing": 0, "done": 0}
        record = board.record(MONTH, FIRST)
        assert record is not None and record["column"] == "skipped"
        assert moves(record) == [("todo", "skipped")]
        # Still skipped on the next visit of the week.
        await board.press("]", "g")
        assert FIRST not in board.all_shown()


# ---------------------------------------------------------------------------------------------
# Card detail


async def test_detail_ticks_steps_and_saves_the_note(root: Path) -> None:
    async with run(root) as board:
        await board.press("enter")
        assert isinstance(board.app.screen, DetailScreen)
        shown = board.text()
        assert "Paruošti mėnesio kampaniją" in shown and "0/6" in shown

        await board.press("space")  # tick the first step
        assert board.record(MONTH, FIRST) == {
            "checked": [0],
            "column": "todo",
            "history": [],
            "ticked_on": {"0": "2026-11-26"},  # a month's card keeps the day of each tick
        }
        assert board.shown_card(FIRST).steps_done == 1  # the card under the dialog, at once
        assert "1/6" in board.text()  # the dialog's own line
        await board.press("down", "down", "space")  # the third step
        record = board.record(MONTH, FIRST)
        assert record is not None and record["checked"] == [0, 2]
        assert board.shown_card(FIRST).steps_done == 2
        await board.press("space")  # untick it
        record = board.record(MONTH, FIRST)
        assert record is not None and record["checked"] == [0]

        await board.press("e")
        assert isinstance(board.app.focused, Input)
        await board.type("call the printer")
        await board.press("enter")  # enter saves and goes back to the steps
        record = board.record(MONTH, FIRST)
        assert record is not None and record["note"] == "call the printer"
        assert isinstance(board.app.screen, DetailScreen)

        await board.press("escape")
        assert board.screen_name == "BoardScreen"
        assert board.focus() == (FIRST, "todo")
        assert "1/6 · monthly" in board.text()  # the card on the board

        # Escape from the note saves it too, and goes back to the steps: the card stays open
        # (a new user lost the card they were ticking); a second escape closes it.
        await board.press("enter", "e", "end")
        await board.type(" on friday")
        await board.press("escape")
        assert board.screen_name == "DetailScreen"
        assert not isinstance(board.app.focused, Input)
        record = board.record(MONTH, FIRST)
        assert record is not None and record["note"] == "call the printer on friday"
        await board.press("escape")
        assert board.screen_name == "BoardScreen"
        assert board.shown_card(FIRST).note == "call the printer on friday"
        # The note is still there when the card is opened again.
        await board.press("enter")
        assert board.app.screen.query_one("#note", Input).value == "call the printer on friday"


async def test_detail_shows_ticked_steps_with_a_box(root: Path) -> None:
    async with run(root) as board:
        await board.press("enter", "space")
        shown = board.text()
        assert "[ ] Peržiūrėti ankstesnių" in shown  # an unticked step has its box
        assert "[x] Atsiverti kalendorių" in shown, shown


async def test_detail_editing_a_note_keeps_what_was_written(root: Path) -> None:
    async with run(root) as board:
        await board.press("enter", "e")
        await board.type("first")
        await board.press("enter", "e")
        await board.type(" second")
        await board.press("escape")
        record = board.record(MONTH, FIRST)
        assert record is not None and record["note"] == "first second"


# ---------------------------------------------------------------------------------------------
# Adding


def added(board: Board) -> dict[str, dict]:
    data = board.state(WEEK)
    return {} if data is None else data["cards"]


async def test_add_picks_an_as_needed_task_by_part_of_its_name(root: Path) -> None:
    async with run(root) as board:
        await board.press("n")
        await board.type("lead")
        await board.press("enter")
        cards = added(board)
        assert len(cards) == 1
        (record,) = cards.values()
        assert record["task"] in ("kurti-lead-magneta", "paruosti-lead-magneta")
        assert "title" not in record


async def test_add_an_as_needed_task_from_the_suggestions(root: Path) -> None:
    async with run(root) as board:
        await board.press("n")
        assert isinstance(board.app.screen, AddScreen)
        await board.type("lead")
        shown = board.text()
        assert "Kurti lead magnetą" in shown and "Paruošti lead magnetą" in shown
        await board.press("enter")  # the best matching task is chosen, not free text
        assert board.screen_name == "BoardScreen"
        cards = added(board)
        assert len(cards) == 1
        ((key, record),) = cards.items()
        assert record["task"] == "kurti-lead-magneta"
        assert record["column"] == "todo" and record["area"] == "marketingas"
        assert record["created"] == "2026-11-26"
        assert moves(record) == [(None, "todo")]
        assert key in board.cards_in("todo")
        assert board.shown_card(key).title == "Kurti lead magnetą"
        assert board.titles()["todo"] == ALL_CARDS + 1


async def test_add_in_an_area_offers_that_areas_tasks_first(root: Path) -> None:
    """A new user in Logistika pressed `n` and saw marketing's tasks first."""
    async with run(root) as board:
        for number, area in ((4, "logistika"), (6, "hr")):
            await board.press(str(number), "n")
            screen = board.app.screen
            assert isinstance(screen, AddScreen)
            choices = screen.query_one("#choices", OptionList)
            ids = [choices.get_option_at_index(n).id for n in range(choices.option_count)]
            tasks = {task.id: area_id for area_id, task in screen.as_needed}
            first = tasks[(ids[0] or "").removeprefix("task:")]
            assert first == area, ids
            # The choice enter takes is drawn as the cursor even while the text box has focus.
            assert choices.has_class("enter-choice")
            await board.press("escape")


async def test_adding_a_task_already_on_the_board_says_so(root: Path) -> None:
    """A new user added "Kurti lead magnetą" twice without a word (once by the CLI)."""
    async with run(root) as board:
        await board.press("n", *"lead", "enter")
        assert not any("already" in note for note in board.notes)
        await board.press("n", *"lead", "enter")
        assert len(added(board)) == 2  # allowed: twice a week may be meant
        assert (
            "“Kurti lead magnetą” is on this week's board already: added once more (u undoes)"
            in board.notes
        )


async def test_add_free_text_card_stays_on_later_boards_until_done(root: Path) -> None:
    async with run(root) as board:
        await board.press("n")
        await board.type("Skambinti buhalterei")
        await board.press("enter")
        ((key, record),) = added(board).items()
        assert record["title"] == "Skambinti buhalterei"
        assert "task" not in record
        assert record["column"] == "todo" and record["area"] == "marketingas"
        assert key in board.cards_in("todo")

        await board.press("]")  # next week: carried forward
        assert "2026-W49" in board.header()
        assert key in board.cards_in("todo")
        assert board.shown_card(key).carried_since == WEEK
        await board.press("]")
        assert key in board.cards_in("todo")

        await board.press("g")
        await focus_card(board, key)
        await board.press("L", "L")
        assert board.focus() == (key, "done")
        record = board.record(WEEK, key, "cards")
        assert record is not None and record["column"] == "done"
        await board.press("]")  # done: no longer on later boards
        assert key not in board.all_shown()


async def test_add_dialog_escape_adds_nothing(root: Path) -> None:
    async with run(root) as board:
        await board.press("n")
        await board.type("nieko")
        await board.press("escape")
        assert board.screen_name == "BoardScreen"
        assert board.state(WEEK) is None
        assert board.focus() == (FIRST, "todo")


# ---------------------------------------------------------------------------------------------
# Carrying


async def test_carry_a_missed_occurrence_from_last_week(root: Path) -> None:
    save_settings(root, Settings(started="2026-W45"))  # tracked since November began
    async with run(root) as board:
        await board.press("left_square_bracket")
        assert "2026-W47" in board.header()
        await focus_card(board, TALLY)
        assert board.shown_card(TALLY).missed
        await board.press("c")
        record = board.record("2026-W47", TALLY)
        assert record is not None and record["carried"] is True and record["column"] == "todo"
        assert not board.shown_card(TALLY).missed
        before = board.raw("2026-W47")
        await board.press("c")  # no longer missed: nothing to carry
        assert board.raw("2026-W47") == before

        await board.press("g")  # this week shows the carried occurrence as its own card
        carried = f"{TALLY}@2026-W47"
        assert carried in board.cards_in("todo")
        assert board.shown_card(carried).carried_since == "2026-W47"
        assert TALLY in board.cards_in("todo")  # and this week's own occurrence


async def test_carry_last_weeks_miss_from_this_weeks_card(root: Path) -> None:
    # The workspace began tracking in 2026-W48; a week later W48's occurrence was missed.
    session = Session(Workspace(root), TODAY, profile=EVERY_AUDIENCE)
    session.mark_started()
    assert load_settings(root).started == "2026-11-26"  # the first day tracked
    async with run(root, today=date(2026, 12, 3)) as board:
        assert "2026-W49" in board.header() and "this week" in board.header()
        await focus_card(board, TALLY)
        card = board.shown_card(TALLY)
        assert card.missed_in_row == 1 and not card.missed
        await board.press("c")
        record = board.record(WEEK, TALLY)
        assert record is not None and record["carried"] is True
        assert board.shown_card(TALLY).missed_in_row == 0
        assert f"{TALLY}@{WEEK}" in board.cards_in("todo")
        # A card never missed, still open in its running period, is carried itself (as the
        # review carries it): it will show on later boards until done.
        await focus_card(board, YEARLY)
        assert board.shown_card(YEARLY).last_missed is None
        await board.press("c")
        record = board.record("2026", YEARLY)
        assert record is not None and record["carried"] is True and record["column"] == "todo"
        assert board.shown_card(YEARLY).carried
        assert "carried forward" in board.text()
        # Already carried: nothing more to carry, `c` does nothing.
        before = {p.name: p.read_bytes() for p in (root / "state").glob("*.json")}
        await board.press("c")
        after = {p.name: p.read_bytes() for p in (root / "state").glob("*.json")}
        assert after == before


async def test_missed_and_carried_marks_show_at_80x24(root: Path) -> None:
    save_settings(root, Settings(started="2026-W45"))
    async with run(root) as board:
        await board.press("left_square_bracket")
        await focus_card(board, TALLY)
        assert board.shown_card(TALLY).missed
        assert "missed" in board.text()
        await board.press("c", "g")
        await focus_card(board, f"{TALLY}@2026-W47")
        assert "carried" in board.text()


# ---------------------------------------------------------------------------------------------
# Undo and redo


async def test_undo_and_redo(root: Path) -> None:
    async with run(root) as board:
        await board.press("L", "L")
        record = board.record(MONTH, FIRST)
        assert record is not None and record["column"] == "done"

        await board.press("u")
        record = board.record(MONTH, FIRST)
        assert record is not None and record["column"] == "doing"
        assert moves(record) == [("todo", "doing")]
        assert board.focus() == (FIRST, "doing")

        await board.press("u")
        assert board.state(MONTH) == {
            "cards": {},
            "occurrences": {},
            "period": MONTH,
            "review": {"focus": "", "repeat_change": "", "worked": ""},
            "schema": 1,
        }
        assert board.focus() == (FIRST, "todo")
        assert board.titles() == {"todo": ALL_CARDS, "doing": 0, "done": 0}

        await board.press("u")
        assert board.notes[-1] == "Nothing to undo"

        await board.press("ctrl+r")
        record = board.record(MONTH, FIRST)
        assert record is not None and record["column"] == "doing"
        assert board.focus() == (FIRST, "doing")
        await board.press("ctrl+r")
        record = board.record(MONTH, FIRST)
        assert record is not None and record["column"] == "done"
        assert board.focus() == (FIRST, "done")
        await board.press("ctrl+r")
        assert board.notes[-1] == "Nothing to redo"

        # A new change after an undo clears what could be redone.
        await board.press("u", "x")
        record = board.record(MONTH, FIRST)
        assert record is not None and record["column"] == "skipped"
        await board.press("ctrl+r")
        assert board.notes[-1] == "Nothing to redo"
        await board.press("u")
        record = board.record(MONTH, FIRST)
        assert record is not None and record["column"] == "doing"
        assert FIRST in board.cards_in("doing")


async def test_undo_and_redo_of_skip_tick_note_and_add(root: Path) -> None:
    async with run(root) as board:
        await board.press("enter", "space", "escape")
        await board.press("n")
        await board.type("Laikina")
        await board.press("enter")
        assert len(added(board)) == 1
        await board.press("u")  # the add
        assert added(board) == {}
        assert board.titles()["todo"] == ALL_CARDS
        await board.press("u")  # the tick
        assert board.record(MONTH, FIRST) is None
        assert board.shown_card(FIRST).steps_done == 0
        await board.press("ctrl+r", "ctrl+r")
        record = board.record(MONTH, FIRST)
        assert record is not None and record["checked"] == [0]
        assert len(added(board)) == 1
        assert board.titles()["todo"] == ALL_CARDS + 1


async def test_changes_survive_a_restart_and_undo_starts_fresh(root: Path) -> None:
    async with run(root) as board:
        await board.press("L", "L", "h", "x")  # FIRST to done, SECOND skipped
    first = json.loads((root / "state" / f"{MONTH}.json").read_text(encoding="utf-8"))
    assert first["occurrences"][FIRST]["column"] == "done"
    assert first["occurrences"][SECOND]["column"] == "skipped"

    async with run(root) as board:
        assert FIRST in board.cards_in("done")
        assert SECOND not in board.all_shown()
        assert board.titles() == {"todo": ALL_CARDS - 2, "doing": 0, "done": 1}
        before = board.raw(MONTH)
        await board.press("u")  # the undo history of the last run is gone
        assert board.notes[-1] == "Nothing to undo"
        assert board.raw(MONTH) == before

        await focus_card(board, FIRST)
        await board.press("H")
        record = board.record(MONTH, FIRST)
        assert record is not None and record["column"] == "doing"
        await board.press("u")
        record = board.record(MONTH, FIRST)
        assert record is not None and record["column"] == "done"
        assert FIRST in board.cards_in("done")
        await board.press("ctrl+r")
        record = board.record(MONTH, FIRST)
        assert record is not None and record["column"] == "doing"
        assert FIRST in board.cards_in("doing")


# ---------------------------------------------------------------------------------------------
# Filters


async def test_audience_filter_one_tag(root: Path) -> None:
    async with run(root) as board:
        assert SOLO_ONLY in board.all_shown()
        await board.press("t")
        assert isinstance(board.app.screen, FilterScreen)
        shown = board.text()
        assert "Fits whom" in shown and "Products" in shown and "Hires often" in shown
        await board.press("down", "down", "enter")  # profile, all tasks, Products
        assert board.screen_name == "BoardScreen"
        assert "Fits: Products" in board.header()
        assert "Fits: Products" in board.text()
        assert SOLO_ONLY not in board.all_shown()
        assert len(board.all_shown()) == PRODUCTS_CARDS
        assert board.titles()["todo"] == PRODUCTS_CARDS
        assert board.focus() == (FIRST, "todo")

        await board.press("t", "escape")  # cancel keeps the filter
        assert "Fits: Products" in board.header()

        await board.press("t", "up", "enter")  # back to everything
        assert "Fits: All tasks" in board.header()
        assert len(board.all_shown()) == ALL_CARDS
        # The filter is for this session only: nothing saved.
        assert not (root / "ritmas.toml").exists()


async def test_search_filters_by_text_and_escape_clears(root: Path) -> None:
    async with run(root) as board:
        await board.press("slash")
        search = board.app.board_screen.query_one("#search", Input)
        assert search.display and search.has_focus
        await board.press("č")  # one letter; diacritics are ignored, so it finds "c" too
        assert "Search: č" in board.header()
        shown = board.all_shown()
        assert shown and len(shown) < ALL_CARDS
        for card_id in shown:
            card = board.shown_card(card_id)
            assert "c" in fold(card.title + " ".join(card.steps))
        await board.press("escape")
        assert "Search" not in board.header()
        assert len(board.all_shown()) == ALL_CARDS
        assert not board.app.board_screen.query_one("#search", Input).display
        assert board.state(MONTH) is None and board.state(WEEK) is None


async def test_search_takes_a_whole_word(root: Path) -> None:
    async with run(root) as board:
        await board.press("slash")
        await board.type("naujienlai")
        assert "Search: naujienlai" in board.header()
        assert board.screen_name == "BoardScreen"
        shown = board.all_shown()
        assert SECOND in shown and len(shown) < ALL_CARDS
        for card_id in shown:
            card = board.shown_card(card_id)
            assert "naujienlai" in (card.title + " ".join(card.steps)).casefold()
        await board.press("enter")  # back to the cards, search kept
        assert board.focus()[0] in shown
        assert "Search: naujienlai" in board.header()
        await board.press("escape")
        assert "Search" not in board.header()
        assert len(board.all_shown()) == ALL_CARDS

        await board.press("slash")
        await board.type("zzzz")
        assert board.all_shown() == []
        assert board.titles() == {"todo": 0, "doing": 0, "done": 0}
        await board.press("escape")  # escape straight from the search box
        assert len(board.all_shown()) == ALL_CARDS


# ---------------------------------------------------------------------------------------------
# Weeks and areas


async def test_weeks_back_forward_and_this_week(root: Path) -> None:
    async with run(root) as board:
        await board.press("left_square_bracket")
        assert "2026-W47" in board.header() and "this week" not in board.header()
        assert "Nov 16–22" in board.header()
        await board.press("right_square_bracket", "right_square_bracket")
        assert "2026-W49" in board.header()
        assert "Nov 30 – Dec 6" in board.header()
        assert "2026-W49" in board.text()
        # W49 belongs to December: its monthly cards are December's.
        assert board.shown_card(FIRST).period == "2026-12"
        await board.press("L")
        record = board.record("2026-12", FIRST)
        assert record is not None and record["column"] == "doing"
        assert board.state(MONTH) is None
        await board.press("g")
        assert "2026-W48" in board.header() and "this week" in board.header()
        assert board.shown_card(FIRST).column.value == "todo"


@pytest.mark.parametrize("number", range(1, 8))
async def test_area_keys_show_one_area(root: Path, number: int) -> None:
    async with run(root) as board:
        areas = board.app.session.catalogue.areas
        area = areas[number - 1]
        await board.press(str(number))
        tabs = board.tabs()
        assert re.search(rf"\[{number} [^\]]*\]", tabs), tabs
        assert "[0 " not in tabs
        expected = [c.id for c in board.app.board.visible(EVERY_AUDIENCE, area.id)]  # type: ignore[union-attr]
        assert sorted(board.all_shown()) == sorted(expected)
        assert all(board.shown_card(c).area == area.id for c in board.all_shown())
        assert board.titles()["todo"] == len(expected)
        if expected:
            assert board.focus() == (expected[0], "todo")
        await board.press("0")
        assert "[0 All]" in board.tabs()
        assert len(board.all_shown()) == ALL_CARDS


async def test_an_area_opens_on_its_first_card_wherever_the_focus_was(root: Path) -> None:
    """A new user pressed `1` on the third card of another area, then `c`: the card carried
    was the one that happened to take the third row, not the top one they saw first."""
    async with run(root) as board:
        areas = board.app.session.catalogue.areas
        for before, number in ((2, 1), (1, 3), (3, 7), (1, 2)):
            await board.press(str(before), "j", "j", str(number))
            shown = board.app.board.visible(EVERY_AUDIENCE, areas[number - 1].id)  # type: ignore[union-attr]
            todo = [c.id for c in shown if c.column.value == "todo"]
            assert board.focus() == (todo[0], "todo"), number
        # The same list again keeps the place: after `x` the next card takes the row.
        await board.press("0")  # the card in focus is in every area's list: kept
        assert board.focus() == (todo[0], "todo")
        ids = board.cards_in("todo")
        after = ids.index(todo[0])
        await board.press("j", "x")
        assert board.focus() == (ids[after + 2], "todo")


async def test_an_empty_area_disables_card_keys(root: Path) -> None:
    async with run(root) as board:
        await board.press("4")  # logistika: nothing due this week
        assert board.all_shown() == []
        assert board.titles() == {"todo": 0, "doing": 0, "done": 0}
        # The empty board says why and what to press (a new user met a bare one).
        column = board.app.board_screen.column_of(Column.TODO)
        said = " ".join(str(column.render()).split()[3:])
        assert "Nothing in this area this week. 0 shows every area." in said, said
        # Still no cards, for another reason: the column says the new one.
        await board.press("slash", *"zzzqqq", "enter")
        await board.pilot.pause()
        on_screen = " ".join(board.text().split())  # drawn, not only known to the column
        assert "No card fits what is" in on_screen and "Nothing in this" not in on_screen
        await board.press("slash", "escape")
        active = board.app.board_screen.active_bindings
        for key in ("enter", "space", "L", "x", "c"):
            assert key not in active or not active[key].enabled
        for key in ("L", "space", "x", "c", "enter", "j", "l"):
            await board.press(key)
        assert board.screen_name == "BoardScreen"
        assert board.state(MONTH) is None and board.state(WEEK) is None


async def test_footer_follows_an_empty_area(root: Path) -> None:
    async with run(root) as board:
        await board.press("4")
        footer = board.text().splitlines()[-1]
        assert "Open" not in footer and "Advance" not in footer, footer


async def test_area_keys_beyond_the_catalogue_are_not_offered(root: Path) -> None:
    async with run(root) as board:
        active = board.app.board_screen.active_bindings
        assert len(board.app.session.catalogue.areas) == 7
        assert "8" not in active or not active["8"].enabled
        assert "9" not in active or not active["9"].enabled


# ---------------------------------------------------------------------------------------------
# Help, palette, review, quit


def _descriptions(board: Board) -> set[str]:
    """What the board's bindings say: Ritmas's own (all have an id) and the palette key;
    Textual's focus and copy keys are not the board's."""
    said = {
        active.binding.description
        for active in board.app.board_screen.active_bindings.values()
        if active.binding.description and active.binding.id
    }
    # Textual's own palette key, named in the interface's language.
    return said | {"Palette"}


async def test_help_lists_every_binding_of_the_board(root: Path) -> None:
    async with run(root) as board:
        descriptions = _descriptions(board)
        assert {"Quit", "Move right", "Skip", "Undo", "Redo", "Area 7"} <= descriptions
        await board.press("question_mark")
        assert isinstance(board.app.screen, HelpScreen)
        table = plain(board.app.screen.query_one("#help-table", Static).content)
        missing = sorted(d for d in descriptions if d not in table)
        assert not missing, f"help lacks {missing}:\n{table}"
        for keys in ("L shift+", "u ", "^r", "[ ", "] ", "/ ", "? "):
            assert keys in table, f"{keys!r} not in help:\n{table}"
        # At 80×24 the rest of the list is reached by scrolling with the keyboard.
        scroller = board.app.screen.query_one("#help")
        assert scroller.max_scroll_y > 0
        await board.press("pagedown", "pagedown")
        assert scroller.scroll_y == scroller.max_scroll_y
        assert "Redo" in board.text()
        await board.press("escape")
        assert board.screen_name == "BoardScreen"
        await board.press("question_mark", "question_mark")
        assert board.screen_name == "BoardScreen"


async def test_help_lists_move_left_when_it_can_run(root: Path) -> None:
    async with run(root) as board:
        await board.press("L", "question_mark")
        table = plain(board.app.screen.query_one("#help-table", Static).content)
        assert "Move left" in table and "H shift+" in table


async def test_help_lists_keys_that_cannot_run_right_now(root: Path) -> None:
    async with run(root) as board:
        await board.press("question_mark")
        table = plain(board.app.screen.query_one("#help-table", Static).content)
        assert "Move left" in table


async def test_command_palette_offers_board_actions_with_their_keys(root: Path) -> None:
    async with run(root) as board:
        await board.press("ctrl+p")
        assert isinstance(board.app.screen, CommandPalette)
        await board.type("move right")
        await board.pilot.pause(0.3)
        assert "Move right (L shift+→)" in board.text()
        await board.press("enter")
        await board.pilot.pause(0.1)
        assert board.screen_name == "BoardScreen"
        record = board.record(MONTH, FIRST)
        assert record is not None and record["column"] == "doing"
        assert board.focus() == (FIRST, "doing")


async def test_command_palette_has_no_emoji(root: Path) -> None:
    async with run(root) as board:
        await board.press("ctrl+p")
        shown = board.text()
        assert not any(ord(ch) >= 0x1F000 for ch in shown), shown


async def test_review_key_opens_the_weekly_review_and_escape_comes_back(root: Path) -> None:
    async with run(root) as board:
        await board.press("r")
        assert board.screen_name == "ReviewScreen"
        assert "2026-W48" in board.text()
        await board.press("escape")
        assert board.screen_name == "BoardScreen"
        assert board.focus() == (FIRST, "todo")
        assert board.state(WEEK) is None  # looking at the review writes nothing


async def test_q_quits(root: Path) -> None:
    async with run(root) as board:
        assert board.app.is_running
        await board.press("q")
        assert not board.app.is_running
        assert board.app.return_code == 0


# ---------------------------------------------------------------------------------------------
# First run, language, size


async def test_first_run_asks_for_the_profile_and_saves_it(root: Path) -> None:
    assert not (root / "ritmas.toml").exists()
    async with run(root, profile=None) as board:
        assert isinstance(board.app.screen, ProfileScreen)
        shown = board.text()
        assert "Which tasks fit your business?" in shown
        assert "Products" in shown and "Hires often" in shown
        await board.press("space", "down", "down", "space")  # Products, Trade
        shown = board.text()  # the choice shows as text, so also without colour
        assert "[x] Products" in shown and "[x] Trade" in shown and "[ ] Services" in shown
        await board.press("enter")
        assert board.screen_name == "BoardScreen"
        assert board.focus() == (FIRST, "todo")
        header = board.header()
        assert "Fits: Products, Trade" in header or "Fits: Trade, Products" in header
        assert SOLO_ONLY not in board.all_shown()
    assert load_settings(root).profile == frozenset({"produktai", "prekyba"})
    text = (root / "ritmas.toml").read_text(encoding="utf-8")
    assert "produktai" in text and "prekyba" in text
    # The next start does not ask again.
    async with run(root, profile=None) as board:
        assert board.screen_name == "BoardScreen"
        assert board.app.filter == frozenset({"produktai", "prekyba"})


async def test_first_run_profile_escape_asks_again_next_time(root: Path) -> None:
    async with run(root, profile=None) as board:
        await board.press("escape")
        assert board.screen_name == "BoardScreen"
        assert "Fits: All tasks" in board.header()
    assert load_settings(root).profile is None


async def test_profile_option_skips_the_question(root: Path) -> None:
    save_settings(root, Settings())  # settings without a profile
    async with run(root, profile=frozenset({"solo"})) as board:
        assert board.screen_name == "BoardScreen"
        assert "Fits: Solo business" in board.header()
        assert SOLO_ONLY in board.all_shown()


async def test_lithuanian_board(root: Path) -> None:
    async with run(root, lang="lt") as board:
        assert board.titles("lt") == {"todo": ALL_CARDS, "doing": 0, "done": 0}
        shown = board.text()
        footer = shown.splitlines()[-1]
        assert "Išeiti" in footer and "Pagalba" in footer and "Nauja" in footer
        assert "Tinka kam: Visos užduotys" in board.header()
        assert "ši savaitė" in board.header()
        assert "[0 Visos]" in board.tabs()
        assert "kas mėn." in shown
        await board.press("L")
        assert board.titles("lt") == {"todo": ALL_CARDS - 1, "doing": 1, "done": 0}
        record = board.record(MONTH, FIRST)
        assert record is not None and record["column"] == "doing"  # the word is not translated
        await board.press("question_mark")
        table = plain(board.app.screen.query_one("#help-table", Static).content)
        assert "Išeiti" in table and "Perkelti →" in table and "Atšaukti" in table


async def test_too_small_window_says_what_size_it_needs(root: Path) -> None:
    async with run(root, size=(70, 20)) as board:
        shown = board.text()
        assert "80×24" in shown and "70×20" in shown
        assert "To do" not in shown
        await board.pilot.resize_terminal(80, 24)
        await board.pilot.pause()
        assert "80×24" not in board.text()
        assert board.titles() == {"todo": ALL_CARDS, "doing": 0, "done": 0}
        await board.pilot.resize_terminal(79, 24)
        await board.pilot.pause()
        assert "80×24" in board.text()


# ---------------------------------------------------------------------------------------------
# Damaged state, two sessions


async def test_damaged_week_file_is_read_only_and_left_alone(root: Path) -> None:
    damaged = root / "state" / f"{WEEK}.json"
    damaged.write_bytes(b"{bad")
    async with run(root) as board:
        shown = board.text()
        assert "state/2026-W48.json" in shown and "Read-only" in shown
        banner = str(board.app.board_screen.query_one("#banner", Static).render())
        assert "state/2026-W48.json" in banner and "bad JSON" in banner
        await focus_card(board, TALLY)  # weekly: lives in the damaged file
        for key in ("L", "space", "x", "c"):
            await board.press(key)
            assert board.focus() == (TALLY, "todo")
        assert damaged.read_bytes() == b"{bad"
        assert any("2026-W48.json" in note for note in board.notes)
        await board.press("enter", "space", "escape")  # ticking is refused too
        assert damaged.read_bytes() == b"{bad"
        assert board.screen_name == "BoardScreen"

        # The rest keeps working: a monthly card is saved in its own file.
        await focus_card(board, FIRST)
        await board.press("L")
        record = board.record(MONTH, FIRST)
        assert record is not None and record["column"] == "doing"
        assert damaged.read_bytes() == b"{bad"
        # Adding a card would go to the damaged week file: refused, nothing written.
        await board.press("n")
        await board.type("Naujas")
        await board.press("enter")
        assert damaged.read_bytes() == b"{bad"
        assert sorted(p.name for p in (root / "state").iterdir() if p.suffix != ".lock") == [
            f"{MONTH}.json",
            f"{WEEK}.json",
        ]


async def test_another_session_change_shows_within_a_second(
    root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    async with run(root, watch=True) as board:
        assert board.focus() == (FIRST, "todo")
        code = ritmas_main(
            [
                "--workspace",
                str(root),
                "--today",
                "2026-11-26",
                "--profile",
                "all",
                "move",
                SECOND,
                "doing",
            ]
        )
        assert code == 0, capsys.readouterr().err
        await board.pilot.pause(1.5)
        assert SECOND in board.cards_in("doing")
        assert board.titles() == {"todo": ALL_CARDS - 1, "doing": 1, "done": 0}
        assert board.focus() == (FIRST, "todo")  # the user's place is kept

        # A change made here after it keeps the other session's change.
        await board.press("L")
        data = board.state(MONTH)
        assert data is not None
        assert data["occurrences"][SECOND]["column"] == "doing"
        assert data["occurrences"][FIRST]["column"] == "doing"
        # And our own write is not mistaken for news: the focus stays put.
        await board.pilot.pause(1.0)
        assert board.focus() == (FIRST, "doing")


async def test_the_focus_keeps_its_place_when_another_session_moves_its_card(
    root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A new user's focus followed a card another session moved into doing; the next `j`, `x`
    skipped a colleague's card. The place is kept: the next card takes it."""
    from tui.core.keeper import DiskChanged
    from tui.ui.app import StoreReported

    async with run(root) as board:
        assert board.focus() == (FIRST, "todo")
        after = board.cards_in("todo")[1]
        argv = ["--workspace", str(root), "--today", "2026-11-26", "--profile", "all"]
        assert ritmas_main([*argv, "move", FIRST, "doing"]) == 0, capsys.readouterr().err
        # What the store's thread reports when its watcher finds the change.
        board.app.post_message(StoreReported(DiskChanged(frozenset({MONTH}))))
        await settle(board.pilot)
        assert FIRST in board.cards_in("doing")
        assert board.focus() == (after, "todo")
        # This session's own move still takes the focus along.
        await board.press("L")
        assert board.focus() == (after, "doing")


async def test_mouse_clicks_choose_an_area_and_a_card(root: Path) -> None:
    """Nothing needs the mouse, but it works: a click on a tab, then on a card."""
    async with run(root) as board:
        tabs = board.app.board_screen.query_one("#tabs")
        spans = tabs._spans
        start, _ = spans[2]  # "2 Gamyba"
        await board.pilot.click("#tabs", offset=(start + 2, 0))
        await board.pilot.pause()
        assert board.app.board_screen.area_index == 2
        assert {board.shown_card(c).area for c in board.all_shown()} <= {"gamyba"}
        await board.pilot.click("#tabs", offset=(spans[0][0] + 1, 0))
        await board.pilot.pause()
        assert board.app.board_screen.area_index == 0
        # the second card drawn in to do: below the title line, one card height down
        column = board.app.board_screen.query_one("#cards-todo", CardColumn)
        second_drawn = column.cards[column.first + 1].id
        await board.pilot.click("#cards-todo", offset=(4, 1 + 4))
        await board.pilot.pause()
        assert board.focus() == (second_drawn, "todo")


async def test_a_week_that_starts_on_sunday_shows_its_own_days(root: Path) -> None:
    save_settings(root, Settings(week_start=6))
    async with run(root, today=date(2026, 11, 22)) as board:  # a Sunday: already 2026-W48
        header = board.header()
        assert "2026-W48" in header and "Nov 22–28" in header


async def test_own_write_right_after_another_sessions_write_still_shows_theirs(
    root: Path,
) -> None:
    """Session B writes a week file; before A's watcher looks, A writes the same file: A must
    still show B's change (its own write must not hide the news)."""
    theirs = "nustatyti-prioritetus-savaites-menesio-darbams"  # weekly: 2026-W48.json
    async with run(root, watch=False) as board:
        other = Session(Workspace(root), TODAY, profile=EVERY_AUDIENCE)
        card = other.board(other.this_week).card(theirs)
        assert card is not None
        actions.move(other.store, card, Column.DOING, actions.clock(TODAY))
        await focus_card(board, TALLY)  # weekly too: the same file
        await board.press("space")
        assert board.shown_card(theirs).column is Column.DOING


async def test_a_new_card_takes_the_focus(root: Path) -> None:
    async with run(root) as board:
        await board.press("n")
        await board.type("Paskambinti buhalterei")
        await board.press("enter")
        ((key, record),) = added(board).items()
        assert record["title"] == "Paskambinti buhalterei"
        assert board.focus() == (key, "todo")
        await board.press("space")  # acts on the new card at once
        assert added(board)[key]["column"] == "doing"


async def test_a_note_longer_than_its_box_is_shown_whole_in_the_detail(root: Path) -> None:
    """A new user could read only a slice of a 70-character note in the one-line box."""
    note = "Kampanija: nuolaidos rankų darbo produktams iki gruodžio 15 d., patikrinti likučius"
    async with run(root) as board:
        await board.press("enter", "e")
        await board.type(note)
        await board.press("enter")
        record = board.record(MONTH, FIRST)
        assert record is not None and record["note"] == note
        await board.pilot.pause()
        shown = " ".join(board.text().split())  # the note wraps inside the dialog
        assert "likučius" in shown and "Kampanija: nuolaidos" in shown, shown
        await board.press("escape", "enter")  # opened again: still whole
        await board.pilot.pause()
        shown = " ".join(board.text().split())
        assert "likučius" in shown and "Kampanija: nuolaidos" in shown, shown


async def test_a_board_emptied_by_a_search_says_why_and_how_back(root: Path) -> None:
    async with run(root) as board:
        await board.press("slash", *"zzzqqq", "enter")
        assert board.all_shown() == []
        column = board.app.board_screen.column_of(Column.TODO)
        said = " ".join(str(column.render()).split()[3:])
        assert said.startswith("No card fits what is chosen: w (whose), / (search)"), said
