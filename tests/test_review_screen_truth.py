"""The review screen tells the truth at a glance (issue 10), read from the screen itself.

Same workspace as ``test_review_truth``: eight weekly cards fit the "paslaugos" profile, a daily
one fits "solo" businesses; tracking began on Thursday 26 November 2026 (2026-W48); the review
is opened on Friday 27 November. Each test checks on screen the numbers the core and the text
output give (``test_review_truth`` asserts them there).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from test_board_pilot import Board, focus_card, run
from test_review_truth import FRIDAY, TRUTH_CATALOGUE, W48
from textual.widgets import OptionList

from tui.core import actions
from tui.core.review import build_review
from tui.core.session import Session
from tui.core.state import Column
from tui.core.workspace import Workspace
from tui.render.review import render_text
from tui.ui.screens.review import ReviewScreen

SERVICES = frozenset({"paslaugos"})


@pytest.fixture
def root(tmp_path: Path) -> Path:
    root = tmp_path / "ws"
    (root / "state").mkdir(parents=True)
    (root / "catalogue.toml").write_text(TRUTH_CATALOGUE, encoding="utf-8")
    (root / "ritmas.toml").write_text(
        'profile = ["paslaugos"]\nstarted = "2026-11-26"\n', encoding="utf-8"
    )
    return root


def session(root: Path, day: date = FRIDAY) -> Session:
    return Session(Workspace(root), day)


def do(root: Path, change: Callable[[Session], object]) -> None:
    """A change made before the app starts, through the same actions the board uses."""
    change(session(root))


def card(s: Session, task: str) -> actions.Card:
    found = s.board(W48).card(task)
    assert found is not None
    return found


async def until(board: Board, condition: Callable[[], bool], what: str) -> None:
    """Let the app work until ``condition`` holds (a save on another thread, a redraw)."""
    for _ in range(100):
        if condition():
            return
        await board.pilot.pause(0.02)
    raise AssertionError(f"never saw {what}:\n{board.text()}")


async def open_review(board: Board) -> ReviewScreen:
    await board.press("r")
    await until(board, lambda: isinstance(board.app.screen, ReviewScreen), "the review")
    await board.pilot.pause()
    screen = board.app.screen
    assert isinstance(screen, ReviewScreen)
    return screen


def lines(board: Board) -> list[str]:
    return board.text().splitlines()


def line_with(board: Board, start: str) -> str:
    found = [line.strip() for line in lines(board) if line.strip().startswith(start)]
    assert found, f"no line starting {start!r}:\n{board.text()}"
    return found[0]


def unfinished_lines(screen: ReviewScreen) -> list[str]:
    """The lines of the unfinished list, each as drawn (scrolled into view or not)."""
    options = screen.query_one("#unfinished", OptionList)
    return [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]


def widget_text(screen: ReviewScreen, selector: str) -> str:
    """What a section of the review draws, all of it (scrolled into view or not)."""
    return str(screen.query_one(selector).render())


async def test_it_opens_at_its_top_and_scrolls_from_anywhere(root: Path) -> None:
    async with run(root, profile=None, today=FRIDAY) as board:
        screen = await open_review(board)
        top = lines(board)
        assert top[0].strip().startswith("Weekly review 2026-W48")
        assert top[2].strip() == "By area"
        assert screen.query_one("#review-body").has_focus
        # End and Home, from the body...
        await board.press("end")
        assert "By area" not in board.text()
        assert "Last week's reflection" in board.text()
        await board.press("home")
        assert lines(board)[2].strip() == "By area"
        # ... and from the list of unfinished cards, which would take these keys for itself.
        screen.query_one("#unfinished").focus()
        await board.press("end")
        assert "Last week's reflection" in board.text()
        await board.press("home")
        assert lines(board)[2].strip() == "By area"
        await board.press("pagedown")
        assert "By area" not in board.text()
        await board.press("pageup")
        assert lines(board)[2].strip() == "By area"
        # In a reflection box Home and End move the cursor and leave the view where it is.
        box = screen.query_one("#reflect-worked")
        box.focus()
        await board.type("Gerai")
        shown = board.text()
        await board.press("home")
        assert box.cursor_position == 0  # type: ignore[attr-defined]
        assert board.text() == shown


async def test_one_percentage_trend_labels_and_a_zero_to_hundred_sparkline(root: Path) -> None:
    do(root, lambda s: actions.move(s.store, card(s, "t1"), Column.DONE, actions.clock(FRIDAY)))
    text = render_text(build_review(session(root), W48, FRIDAY, SERVICES), "en")
    assert "    █░░░░░░░░░   13%  done 1 of 8" in text  # the printed review says 13 %
    async with run(root, size=(100, 40), profile=None, today=FRIDAY) as board:
        await open_review(board)
        # The same 13 % on screen, for 1 of 8 (12.5 rounds half up everywhere).
        row = line_with(board, "Darbai")
        assert row.split() == ["Darbai", "1", "8", "0", "0", "0", "13%", "█░░░░░░░░░"]
        total = line_with(board, "Total")
        assert total.split() == ["Total", "1", "8", "0", "0", "0", "13%", "█░░░░░░░░░"]
        # The sparkline is on a 0-100 % scale: W47 (not tracked) has no figure, 13 % is low.
        spark = line_with(board, "·" * 11)
        assert spark == "···········▂  2026-W37 – 2026-W48 (0–100 %)"
        # Each percent stays with its week: no "-- 10 9 %" to misread as 109 %.
        labels = line_with(board, "W37")
        assert labels.endswith("W46 — · W47 — · W48 13%")
        assert all(re.fullmatch(r"W\d\d (—|\d+%)", part) for part in labels.split(" · "))


async def test_load_counts_the_steps_ticked(root: Path) -> None:
    def work(s: Session) -> None:
        actions.tick(s.store, card(s, "t1"), 0)
        actions.tick(s.store, card(s, "t1"), 2)
        actions.move(s.store, card(s, "t1"), Column.DONE, actions.clock(FRIDAY))

    do(root, work)
    async with run(root, size=(100, 40), profile=None, today=FRIDAY) as board:
        await open_review(board)
        assert line_with(board, "load:") == "load: 8 cards, 2 steps"  # not all 4 of t1's


async def test_a_daily_task_weighs_one_card_with_its_days_beside_it(root: Path) -> None:
    async with run(root, size=(100, 40), profile=frozenset({"all"}), today=FRIDAY) as board:
        await open_review(board)
        # Thursday missed, Friday to Sunday open: 1 card, 0.25 of it missed, not "missed 3".
        row = line_with(board, "Kasdien")
        assert row.split() == ["Kasdien", "0", "1", "0.25", "0", "0", "0%", "░" * 10]
        assert line_with(board, "Total").split()[1:4] == ["0", "9", "0.25"]
        assert "Patikrinti paštą (2026-11-26 – 2026-11-29): days 0/4 (missed 1, open 3)" in (
            board.text()
        )


async def test_a_week_before_tracking_shows_not_tracked(root: Path) -> None:
    async with run(root, size=(100, 40), profile=None, today=FRIDAY) as board:
        screen = await open_review(board)
        await board.press("left_square_bracket")
        await until(board, lambda: "2026-W47" in board.text(), "last week's review")
        shown = board.text()
        line = "Not tracked: tracking began on 2026-11-26, so earlier weeks have no figures."
        assert line in shown
        assert "Total" not in shown and "Darbai" not in shown
        assert unfinished_lines(screen) == ["nothing"]


async def test_carry_from_the_board_and_from_the_review_alike(root: Path) -> None:
    async with run(root, size=(100, 40), profile=None, today=FRIDAY) as board:
        # `c` on the board carries this week's open card (it used to do nothing).
        await focus_card(board, "t2")
        await board.press("c")
        await until(board, lambda: "carried forward" in board.text(), "the carried mark")
        screen = await open_review(board)
        assert line_with(board, "Darbai").split()[1:6] == ["0", "8", "0", "0", "1"]
        assert [line.split(" — ")[0] for line in unfinished_lines(screen)] == [
            f"Užduotis {n}" for n in (1, 3, 4, 5, 6, 7, 8)
        ]
        # The review carries another one the same way.
        screen.query_one("#unfinished").focus()
        await board.press("down")  # t3, the second unfinished card
        options = screen.query_one("#unfinished", OptionList)
        assert options.highlighted == 1
        assert "Užduotis 3" in str(options.get_option_at_index(1).prompt)
        await board.press("c")
        await until(
            board, lambda: line_with(board, "Darbai").split()[5] == "2", "two cards carried"
        )
        # The running week is not over: no "kept 0 of 1 weeks" for either.
        assert widget_text(screen, "#cadence") == "nothing"
        await board.press("escape")
        await until(board, lambda: board.text().count("carried forward") == 2, "two marks")
    record = session(root).store.read("2026-W48").occurrences
    assert record["t2"].carried and record["t3"].carried


async def test_notes_show_next_to_their_card(root: Path) -> None:
    def work(s: Session) -> None:
        actions.set_note(s.store, card(s, "t1"), "Skambinti Jonui")
        actions.move(s.store, card(s, "t1"), Column.DONE, actions.clock(FRIDAY))
        actions.set_note(s.store, card(s, "t4"), "Laukiu \x1b[31mkainų")

    do(root, work)
    async with run(root, size=(100, 40), profile=None, today=FRIDAY) as board:
        await open_review(board)
        shown = board.text()
        assert "Užduotis 1 (2026-W48): done · note: Skambinti Jonui" in shown
        assert "Užduotis 4 (2026-W48): open · note: Laukiu \\x1b[31mkainų" in shown
        await board.press("end")
        shown = board.text()
        assert "Užduotis 4 — 2026-W48, to do · note: Laukiu \\x1b[31mkainų" in shown
        # "carry or drop" is said once, by the list's heading, not after every card.
        assert "[carry or drop]" not in shown, shown
