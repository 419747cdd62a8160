"""What keeps a key on the board fast gives the same answers as doing all the work each time.

The store's thread keeps the boards of recent weeks with the files each came from (going back to a
week costs a look at its files, not a derivation), follows its own saves into them, and the store
keeps what it parsed and wrote instead of reading it back. Each test checks the kept answer
against one derived from scratch. (How fast it is: ``bench/``.)
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from test_board_pilot import focus_card, run
from test_controller import FIRST, MONTH, WEEK, WEEKLY, Driver
from textual.widgets import Input

from tui.core import actions
from tui.core.audience import ALL
from tui.core.board import Board, BoardContext, build_board
from tui.core.periods import Week
from tui.core.session import Session
from tui.core.settings import Settings, save_settings
from tui.core.state import Column, Store
from tui.core.workspace import Workspace
from tui.ui.screens.detail import DetailScreen

TODAY = date(2026, 11, 26)
THIS, NEXT, LAST = Week(2026, 48), Week(2026, 49), Week(2026, 47)


def fresh(driver: Driver, week: Week) -> Board:
    """The board of ``week`` derived from scratch: the driver's catalogue and first tracked day,
    a new store (nothing cached)."""
    ctx = driver.session.context
    new = BoardContext(ctx.catalogue, Store(ctx.store.dir), ctx.tracking_day, ctx.week_start)
    return build_board(new, week, TODAY)


def same_cards(kept: Board, derived: Board) -> None:
    assert kept.in_order() == derived.in_order()
    assert kept.damaged == derived.damaged


def test_going_back_to_a_week_reuses_its_board_while_its_files_stay(workspace: Path) -> None:
    driver = Driver(workspace)
    first = driver.keeper.board(THIS).board
    driver.keeper.board(NEXT)
    again = driver.keeper.board(THIS).board
    assert again is first  # not derived again
    same_cards(again, fresh(driver, THIS))


def test_another_sessions_write_is_seen_when_going_back(workspace: Path) -> None:
    """No watcher runs here: the kept board is checked against its files when asked for."""
    driver = Driver(workspace)
    before = driver.keeper.board(THIS).board
    assert before.card(WEEKLY) is not None and before.card(WEEKLY).column is Column.TODO
    driver.keeper.board(NEXT)
    other = Session(Workspace(workspace), TODAY, profile=frozenset({ALL}))
    card = build_board(other.context, THIS, TODAY).card(WEEKLY)
    assert card is not None
    plan = actions.move_plan(card, Column.DOING, actions.clock(TODAY))
    assert plan is not None
    actions.apply(other.store, plan)
    after = driver.keeper.board(THIS).board
    assert after is not before
    moved = after.card(WEEKLY)
    assert moved is not None and moved.column is Column.DOING
    same_cards(after, fresh(driver, THIS))


def test_kept_boards_follow_this_sessions_saves(workspace: Path) -> None:
    """Last week's miss carried, this week's card moved: every kept board is what deriving it
    anew gives, the next week's (whose "missed in a row" depends on this week) too."""
    save_settings(workspace, Settings(started="2026-W45"))  # last week's miss counts
    driver = Driver(workspace)
    driver.ctl.start()
    driver.settle()
    for week in (LAST, NEXT, THIS):
        driver.keeper.board(week)
    driver.ctl.move(WEEKLY, Column.DOING)
    driver.settle()
    driver.ctl.open_week(-1)
    driver.settle()
    step = driver.ctl.carry(WEEKLY)
    driver.settle()
    assert step.outcome is None
    assert driver.keeper.board(NEXT).board.card(f"{WEEKLY}@2026-W47") is not None
    driver.ctl.open_week(None)
    driver.settle()
    for week in (LAST, THIS, NEXT):
        same_cards(driver.keeper.board(week).board, fresh(driver, week))


def test_a_save_keeps_what_it_wrote_instead_of_reading_it_back(workspace: Path) -> None:
    store = Store(workspace / "state")
    parsed: list[str] = []
    original = Store._parse

    def counting(self: Store, path: Path, key: str) -> object:
        parsed.append(key)
        return original(self, path, key)

    store._parse = counting.__get__(store)  # type: ignore[method-assign]
    store.update(WEEK, lambda state: state.cards.update())  # an empty file is written
    store.read(WEEK)
    assert parsed == []  # neither before nor after the write: it was never on disk before
    on_disk = json.loads((workspace / "state" / f"{WEEK}.json").read_text(encoding="utf-8"))
    assert on_disk["period"] == WEEK
    store.update(WEEK, lambda state: state.occurrences.update())
    store.read(WEEK)
    assert parsed == []  # our own file, unchanged since: not parsed again
    # Another process's write is read, as before.
    (workspace / "state" / f"{WEEK}.json").write_text(
        json.dumps({**on_disk, "schema": 1}), encoding="utf-8"
    )
    store.read(WEEK)
    assert parsed == [WEEK]


async def test_a_huge_note_is_shown_cut_and_kept_as_it_is(workspace: Path) -> None:

    note = "Pastaba " * 5000  # 40,000 characters
    async with run(workspace) as board:
        await board.press("enter", "e")
        await board.type("x")
        await board.press("escape")
        await board.press("escape")
    path = workspace / "state" / f"{MONTH}.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["occurrences"][FIRST]["note"] == "x"
    data["occurrences"][FIRST]["note"] = note
    path.write_text(json.dumps(data), encoding="utf-8")
    async with run(workspace) as board:
        await focus_card(board, FIRST)
        await board.press("enter")
        screen = board.app.screen
        assert isinstance(screen, DetailScreen)
        assert not screen.query(Input)  # no box to edit a note that long
        shown = board.text()
        assert "too long to edit here" in shown and "Pastaba Pastaba" in shown
        await board.press("e", "x", "escape")
        assert board.screen_name == "BoardScreen"
    after = json.loads(path.read_text(encoding="utf-8"))
    assert after["occurrences"][FIRST]["note"] == note  # not cut, not changed


async def test_the_review_opens_again_filled_anew_and_at_its_top(workspace: Path) -> None:
    from tui.ui.screens.review import ReviewScreen

    async with run(workspace) as board:
        await board.press("r")
        review = board.app.screen
        assert isinstance(review, ReviewScreen)
        assert "Weekly review 2026-W48" in board.text()
        body = review.query_one("#review-body")
        await board.press("end")
        assert body.scroll_y > 0
        await board.press("escape", "right_square_bracket", "r")
        assert board.app.screen is review  # made once, kept, filled anew
        assert "Weekly review 2026-W49" in board.text()
        assert body.scroll_y == 0 and body.has_focus
        await board.press("escape")
        assert board.screen_name == "BoardScreen" and "2026-W49" in board.header()
