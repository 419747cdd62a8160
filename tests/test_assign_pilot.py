"""Who does what on the screen, driven with Pilot: what the screen shows and the JSON on disk.

The board tests use the helpers of ``test_board_pilot`` (the shipped catalogue, 2026-W48, 80×24).
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from conftest import settle
from screen_text import screen_text
from test_board_pilot import FIRST, MONTH, SECOND, focus_card, moves, run
from textual.pilot import Pilot
from textual.widgets import OptionList, Static

from tui.core import actions
from tui.core.audience import ALL
from tui.core.session import Session
from tui.core.settings import load_user_settings
from tui.core.state import Column
from tui.core.workspace import Workspace, init_workspace
from tui.ui.app import RitmasApp, make_app
from tui.ui.screens.detail import DetailScreen
from tui.ui.screens.people import AssignScreen, PersonFilterScreen, SendBackScreen
from tui.ui.screens.review import ReviewScreen

TODAY = date(2026, 11, 26)  # a Thursday, 2026-W48
WEEKLY = "tvarkyti-finansus"


@pytest.fixture
def root(tmp_path: Path) -> Path:
    root = tmp_path / "ws"
    init_workspace(root)
    (root / "ritmas.toml").write_text('started = "2026-W48"\n', encoding="utf-8")
    return root


def session_for(root: Path) -> Session:
    return Session(Workspace(root), TODAY, profile=frozenset({ALL}))


def app_for(root: Path, lang: str = "en") -> RitmasApp:
    return make_app(session_for(root), lang=lang, watch=False)


async def open_review(pilot: Pilot[None]) -> ReviewScreen:
    await settle(pilot)
    await pilot.press("r")
    await settle(pilot)  # the review is built on the store's thread
    screen = pilot.app.screen
    assert isinstance(screen, ReviewScreen)
    return screen


async def test_review_screen_shows_done_and_due_per_person(root: Path) -> None:
    app = app_for(root)
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await open_review(pilot)
        # Nobody assigned: no section.
        assert not screen.query_one("#people", Static).display
    session = session_for(root)
    card = session.board(session.this_week).card(WEEKLY)
    assert card is not None
    actions.assign(session.store, card, "Ona")
    card = session.board(session.this_week).card(WEEKLY)
    assert card is not None
    actions.move(session.store, card, Column.DONE, actions.clock(TODAY))
    app = app_for(root, lang="lt")
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await open_review(pilot)
        assert screen.query_one("#people", Static).display
        assert str(screen.query_one("#people-title", Static).render()) == "Pagal žmones"
        lines = str(screen.query_one("#people", Static).render()).splitlines()
        assert lines[0].startswith("Ona ") and lines[0].endswith("100 %  atlikta 1 iš 1")
        assert lines[1].startswith("(nepriskirta)")


# ---------------------------------------------------------------------------------------------
# The board


async def assign_focused(board, typed: str) -> None:
    await board.press("a")
    assert isinstance(board.app.screen, AssignScreen)
    await board.type(typed)
    await board.press("enter")


async def test_assign_with_a_and_complete_a_name_already_used(root: Path) -> None:
    async with run(root) as board:
        await assign_focused(board, "Jonas Kazlauskas")
        assert board.screen_name == "BoardScreen"
        assert board.shown_card(FIRST).assignee == "Jonas Kazlauskas"
        assert "@Jonas Kazlauskas" in board.text()
        record = board.record(MONTH, FIRST)
        assert record == {"assignee": "Jonas Kazlauskas", "column": "todo", "history": []}
        assert board.state(MONTH)["schema"] == 2
        # The next card: "jon" offers the name already used; enter takes it as written.
        await board.press("j")
        await board.press("a")
        await board.type("jon")
        names = board.app.screen.query_one("#names")
        prompts = [str(names.get_option_at_index(n).prompt) for n in range(names.option_count)]
        assert prompts == ["Jonas Kazlauskas", "+ jon", "— nobody"]
        await board.press("enter")
        assert board.record(MONTH, SECOND)["assignee"] == "Jonas Kazlauskas"
        # "- nobody" clears it again.
        await board.press("a")
        await board.type("-")
        await board.press("enter")
        assert "assignee" not in board.record(MONTH, SECOND)
        assert board.shown_card(SECOND).assignee is None


async def test_a_bad_name_is_refused_in_the_dialog_and_nothing_is_saved(root: Path) -> None:
    async with run(root) as board:
        await assign_focused(board, "x" * 40)
        screen = board.app.screen
        assert isinstance(screen, AssignScreen)
        error = str(screen.query_one("#assign-error", Static).render())
        assert "at most 32" in error
        await board.press("escape")
        assert board.screen_name == "BoardScreen"
        assert board.state(MONTH) is None


async def test_filter_by_person_mine_and_nobody(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("RITMAS_USER", "Ona")
    async with run(root) as board:
        total = len(board.all_shown())
        await assign_focused(board, "Ona")
        await board.press("j")
        await assign_focused(board, "Jonas")
        # w: whose cards. The list: everyone's, mine, nobody's, then the names in use.
        await board.press("w")
        screen = board.app.screen
        assert isinstance(screen, PersonFilterScreen)
        labels = [label for _, label in screen.choices]
        assert labels[:3] == ["Everyone's", "Mine (Ona)", "Nobody's"] and "Jonas" in labels
        await board.press("down", "enter")  # mine
        assert board.all_shown() == [FIRST]
        assert "Who: Mine (Ona)" in board.header()
        await board.press("w", "down", "enter")  # nobody's
        assert FIRST not in board.all_shown() and SECOND not in board.all_shown()
        assert len(board.all_shown()) == total - 2
        await board.press("w")
        jonas = [value for value, _ in board.app.screen.choices].index("Jonas")
        await board.press(*["down"] * (jonas - 2), "enter")
        assert board.all_shown() == [SECOND] and "Who: Jonas" in board.header()
        await board.press("w", "up", "up", "up", "enter")  # everyone's
        assert len(board.all_shown()) == total and "Who:" not in board.header()


@pytest.mark.parametrize("lang", ["en", "lt"])
async def test_the_person_and_the_search_stay_on_screen_at_80_columns(
    root: Path, lang: str
) -> None:
    """A new user filtered by a person at 80×24 and saw one card of 27 with nothing saying why:
    the header ran out of room before "Who: Jonas". What narrows the cards is never cut."""
    profile = frozenset({"produktai", "solo", "samdantys"})
    async with run(root, profile=profile, lang=lang) as board:
        await assign_focused(board, "Jonas")
        await board.press("w")
        jonas = [value for value, _ in board.app.screen.choices].index("Jonas")
        await board.press(*["down"] * jonas, "enter")
        await board.press("slash", *"menesio", "enter")
        await settle(board.pilot)
        top = screen_text(board.app).splitlines()[0]
        who = "Who: Jonas" if lang == "en" else "Kas: Jonas"
        assert who in top and "menesio" in top, top
        assert "2026-W48" in top


async def test_mine_without_an_identity_asks_who_you_are_and_keeps_it_for_you(root: Path) -> None:
    """A new user chose "Mine" and was told to set an environment variable: now the board asks,
    and keeps the name in the user's own settings (not in the shared workspace)."""
    async with run(root) as board:
        total = len(board.all_shown())
        await assign_focused(board, "Ona")
        await board.press("w", "down", "enter")
        assert isinstance(board.app.screen, AssignScreen)
        assert "Who are you?" in screen_text(board.app)
        names = board.app.screen.query_one("#names", OptionList)
        ids = [names.get_option_at_index(n).id for n in range(names.option_count)]
        assert "nobody" not in ids  # a new user pressed enter on "— nobody": nothing happened
        assert "enter saves your name" in screen_text(board.app)
        await board.press("escape")  # not now: nothing changes
        assert len(board.all_shown()) == total and "Who:" not in board.header()
        await board.press("w", "down", "enter", *"Ona", "enter")
        assert board.all_shown() == [FIRST]
        assert "Who: Mine (Ona)" in board.header()
        await settle(board.pilot)
        saving = [w for w in board.app.workers if w.group == "settings"]
        if saving:  # (an empty list would wait for every worker, the store's thread too)
            await board.app.workers.wait_for_complete(saving)
    assert load_user_settings().name == "Ona"
    assert "Ona" not in (root / "ritmas.toml").read_text(encoding="utf-8")
    async with run(root) as board:  # the next start knows
        await board.press("w")
        assert "Mine (Ona)" in [label for _, label in board.app.screen.choices]


async def test_send_back_with_a_note_and_find_it_after_a_restart(root: Path) -> None:
    async with run(root) as board:
        await assign_focused(board, "Ona")
        await board.press("b")  # not done yet: nothing to send back
        assert board.screen_name == "BoardScreen"
        await board.press("L", "L")
        assert board.column_of(FIRST) == "done"
        await focus_card(board, FIRST)
        await board.press("b")
        assert isinstance(board.app.screen, SendBackScreen)
        await board.press("enter")  # a note is needed
        assert "needs a note" in str(board.app.screen.query_one("#send-back-error").render())
        await board.type("Trūksta datų")
        await board.press("enter")
        assert board.column_of(FIRST) == "doing"
        assert board.shown_card(FIRST).fixes_note == "Trūksta datų"
        assert "needs fixes" in board.text()
        record = board.record(MONTH, FIRST)
        assert moves(record) == [("todo", "doing"), ("doing", "done"), ("done", "doing")]
        assert record["history"][-1]["note"] == "Trūksta datų"
        assert record["assignee"] == "Ona"
    async with run(root) as board:
        card = board.shown_card(FIRST)
        assert card.assignee == "Ona" and card.fixes_note == "Trūksta datų"
        await focus_card(board, FIRST)
        await board.press("enter")
        detail = board.app.screen
        assert isinstance(detail, DetailScreen)
        fixes = str(detail.query_one("#detail-fixes", Static).render())
        assert fixes == "needs fixes: Trūksta datų"
        assert "@Ona" in str(detail.query_one("#detail-meta", Static).render())
        # From the detail: a gives it to someone else; b is off (the card is not done).
        await board.press("a")
        await board.type("Rasa")
        await board.press("enter")
        assert isinstance(board.app.screen, DetailScreen)
        assert "@Rasa" in str(detail.query_one("#detail-meta", Static).render())
        await board.press("b")
        assert isinstance(board.app.screen, DetailScreen)
    assert (
        json.loads((root / "state" / f"{MONTH}.json").read_text())["occurrences"][FIRST]["assignee"]
        == "Rasa"
    )
