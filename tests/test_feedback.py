"""A real week without surprises: the palette, notices, the start hint and live ticks (issue 9).

Driven with Pilot at 80×24 on a fresh workspace (see ``test_board_pilot``); each test checks what
the user sees (the palette's list, the notices, the detail's checklist) and what is on disk.
"""

from __future__ import annotations

import asyncio
import contextlib
import re
from pathlib import Path
from typing import Any

import pytest
from test_board_pilot import FIRST, MONTH, TALLY, WEEK, Board, focus_card, root, run
from textual.command import CommandList, CommandPalette
from textual.widgets import OptionList
from textual.worker import WorkerCancelled

from tui.core import actions
from tui.core.session import Session
from tui.core.settings import load_user_settings, update_user_settings, user_settings_path
from tui.core.state import Column
from tui.core.workspace import Workspace
from tui.ui.screens.detail import DetailScreen

__all__ = ["root"]  # the workspace fixture

WAIT_S = 10.0  # an upper bound for an event that comes in well under a second


async def noted(board: Board, pattern: str) -> str:
    """Wait for a notice matching ``pattern`` (one already given counts); return it."""
    regex = re.compile(pattern)
    arrived = asyncio.Event()
    spy = board.app.notify

    def notify(message: str, *args: Any, **kwargs: Any) -> None:
        spy(message, *args, **kwargs)
        if regex.search(str(message)):
            arrived.set()

    board.app.notify = notify  # type: ignore[method-assign]
    try:
        if not any(regex.search(note) for note in board.notes):
            await asyncio.wait_for(arrived.wait(), WAIT_S)
    finally:
        board.app.notify = spy  # type: ignore[method-assign]
    return next(note for note in board.notes if regex.search(note))


# ---------------------------------------------------------------------------------------------
# The command palette


async def gathered(board: Board, palette: Any) -> None:
    """Wait until the palette has gathered its commands (a search restarts the gathering)."""
    while running := [w for w in board.app.workers if w.node is palette and not w.is_finished]:
        with contextlib.suppress(WorkerCancelled):  # replaced by a newer search
            await board.app.workers.wait_for_complete(running)
    await board.pilot.pause()


async def palette_commands(board: Board) -> list[tuple[str, str]]:
    """Open the palette with nothing typed: every command it offers, as (title, description)."""
    await board.press("ctrl+p")
    palette = board.app.screen
    assert isinstance(palette, CommandPalette)
    await gathered(board, palette)
    options = palette.query_one(CommandList)
    commands = []
    for n in range(options.option_count):
        title, _, description = str(options.get_option_at_index(n).prompt).partition("\n")
        commands.append((title, description))
    await board.press("escape")
    return commands


def _name(title: str) -> str:
    """A command's name without its keys: "Move right (L shift+→)" -> "Move right"."""
    return re.sub(r" \([^()]*\)$", "", title)


def check_commands(commands: list[tuple[str, str]]) -> None:
    names = [_name(title) for title, _ in commands]
    twice = sorted({name for name in names if names.count(name) > 1})
    assert not twice, f"offered more than once: {twice}\n{commands}"
    for title, description in commands:
        assert description.strip(), f"{title!r} has no description"
        assert description not in (title, _name(title)), f"{title!r} only repeats its title"
        assert not description.startswith("tip."), f"{title!r}: no text for {description}"


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en", {"Theme", "Screenshot", "Quit", "Help", "Move right", "Undo", "Logistika"}),
        ("lt", {"Tema", "Ekrano kopija", "Išeiti", "Pagalba", "Perkelti →", "Atšaukti"}),
    ],
)
async def test_palette_offers_each_command_once_with_a_description(
    root: Path, lang: str, expected: set[str]
) -> None:
    async with run(root, lang=lang) as board:
        commands = await palette_commands(board)
        check_commands(commands)
        names = {_name(title) for title, _ in commands}
        assert expected <= names, names
        # Textual's own keys are not the user's business; its ctrl+q quits, beside q.
        assert not names & {"Focus Next", "Focus Previous", "Copy selected text", "palette"}
        assert not any("Keys" in name or "Maximize" in name for name in names), names
        quit_title = next(title for title, _ in commands if _name(title) in ("Quit", "Išeiti"))
        assert quit_title.endswith("(q ^q)"), quit_title

        await board.press("enter")  # the card detail has its own commands
        assert isinstance(board.app.screen, DetailScreen)
        commands = await palette_commands(board)
        check_commands(commands)
        names = {_name(title) for title, _ in commands}
        assert {"Tick", "Note", "To done"} <= names if lang == "en" else "Pažymėti" in names


@pytest.mark.parametrize(
    ("lang", "command", "said"),
    [("en", "screenshot", "Screenshot saved to "), ("lt", "ekrano", "Ekrano kopija išsaugota: ")],
)
async def test_palette_screenshot_saves_an_svg_and_says_where(
    root: Path, lang: str, command: str, said: str
) -> None:
    home = Path.home()  # the test's own (conftest); it has no Downloads folder
    async with run(root, lang=lang) as board:
        await board.press("ctrl+p")
        await board.type(command)
        await gathered(board, board.app.screen)
        await board.press("enter")
        note = await noted(board, re.escape(said))
        path = Path(note.removeprefix(said))
        assert path.parent == home and path.suffix == ".svg", note
        assert path.read_text(encoding="utf-8").startswith("<svg"), path


# ---------------------------------------------------------------------------------------------
# Silent actions speak


async def test_skip_says_what_it_did_and_the_key_that_undoes_it(root: Path) -> None:
    (root / "ritmas.toml").write_text('[keys]\nundo = "z"\n', encoding="utf-8")
    async with run(root) as board:
        await board.press("x")
        note = await noted(board, "Skipped")
        assert note == "Skipped “Paruošti mėnesio kampaniją” for this month — z undoes", note
        await board.press("z")
        assert board.focus() == (FIRST, "todo")
        # The undo says what it took back, and the skip's notice (now untrue) is gone.
        assert await noted(board, "Undone") == "Undone: “Paruošti mėnesio kampaniją”"
        assert not any("Skipped" in str(n.message) for n in board.app._notifications)
        await board.press("ctrl+r")
        assert await noted(board, "Redone") == "Redone: “Paruošti mėnesio kampaniją”"


async def test_skip_speaks_lithuanian(root: Path) -> None:
    async with run(root, lang="lt") as board:
        await board.press("x")
        note = await noted(board, "praleista")
        assert note == "„Paruošti mėnesio kampaniją“ praleista šį mėnesį — u atšaukia", note


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("en", "counted 1 time of 2–3× for this week; back to to do for the next time"),
        ("lt", "šią savaitę įskaityta 1 kartą iš 2–3×; grąžinta į „Daryti“ kitam kartui"),
    ],
)
async def test_a_tally_card_back_in_to_do_says_why(root: Path, lang: str, said: str) -> None:
    async with run(root, lang=lang) as board:
        await focus_card(board, TALLY)
        await board.press("L", "L")  # to doing, then to done: below its minimum of 2
        record = board.record(WEEK, TALLY)
        assert record is not None and record["column"] == "todo" and record["tally"] == 1
        note = await noted(board, re.escape(said))
        assert "Parengti socialinių tinklų įrašą" in note, note


async def test_a_tally_card_says_each_count_and_when_it_is_the_most(root: Path) -> None:
    """After the first count, a new user's `space` on a 2–3× card counted in silence, and at
    the most did nothing in silence."""
    async with run(root) as board:
        await focus_card(board, TALLY)
        await board.press("L", "L")  # 1 of 2–3×: back to to do (said above)
        await focus_card(board, TALLY)
        await board.press("L", "L")  # 2: done
        note = await noted(board, "counted 2 times")
        assert note == "“Parengti socialinių tinklų įrašą” counted 2 times of 2–3× for this week"
        await board.press("space")  # 3: the most
        assert await noted(board, "the most$") == (
            "“Parengti socialinių tinklų įrašą” counted 3 times of 2–3× for this week: the most"
        )
        await board.press("space")  # nothing more to count: said, nothing written
        assert await noted(board, "already") == (
            "“Parengti socialinių tinklų įrašą” is already counted 3 times, the most"
        )
        record = board.record(WEEK, TALLY)
        assert record is not None and record["tally"] == 3 and record["column"] == "done"


async def test_ticking_the_last_step_offers_done_and_its_key_moves_the_card(root: Path) -> None:
    async with run(root) as board:
        await board.press("enter")
        assert isinstance(board.app.screen, DetailScreen)
        for _ in range(5):
            await board.press("space", "j")
        assert not any("Every step" in note for note in board.notes)  # five of six
        await board.press("space")
        note = await noted(board, "Every step")
        assert note == "Every step of “Paruošti mėnesio kampaniją” is ticked — d moves it to done"
        await board.press("d")
        record = board.record(MONTH, FIRST)
        assert record is not None and record["column"] == "done"
        assert isinstance(board.app.screen, DetailScreen)  # the user stays where they were
        assert board.app.screen.card is not None
        assert board.app.screen.card.column is Column.DONE
        # The detail's keys follow the card: `d` no longer offered, `b` (send back) now is.
        active = board.app.screen.active_bindings
        assert "d" not in active or not active["d"].enabled
        assert "b" in active and active["b"].enabled
        await board.pilot.pause()
        assert "To done" not in board.text()  # the detail's key bar, redrawn
        await board.press("escape")
        assert board.column_of(FIRST) == "done"


async def test_all_ticked_notice_in_lithuanian_names_the_remapped_key(root: Path) -> None:
    (root / "ritmas.toml").write_text('[keys]\ndetail_done = "D"\n', encoding="utf-8")
    async with run(root, lang="lt") as board:
        await board.press("enter", *["space", "j"] * 6)
        note = await noted(board, "pažymėti")
        assert (
            note == "Visi „Paruošti mėnesio kampaniją“ žingsniai pažymėti — D perkelia į „Atlikta“"
        )
        await board.press("D")
        record = board.record(MONTH, FIRST)
        assert record is not None and record["column"] == "done"


# ---------------------------------------------------------------------------------------------
# The start hint: the first three runs only


HINT = "space advances"


def hints(board: Board) -> list[str]:
    """The start hints shown (the board's notice spy starts after the hint was given)."""
    return [str(n.message) for n in board.app._notifications if HINT in str(n.message)]


async def hint_saved(board: Board) -> None:
    """Wait until the count of hints shown is written (a worker; never on the event loop)."""
    saving = [worker for worker in board.app.workers if worker.group == "settings"]
    if saving:  # (an empty list would wait for every worker, the store's thread too)
        await board.app.workers.wait_for_complete(saving)


async def test_the_start_hint_shows_on_the_first_three_runs_only(root: Path) -> None:
    for run_number in (1, 2, 3):
        async with run(root) as board:
            assert len(hints(board)) == 1, run_number
            await hint_saved(board)
        assert load_user_settings().hints_shown == run_number
    async with run(root) as board:
        assert not hints(board)
    assert load_user_settings().hints_shown == 3
    assert user_settings_path().is_file()


async def test_a_hint_held_back_by_a_small_window_shows_once_it_is_larger(root: Path) -> None:
    update_user_settings(hints_shown=2)
    async with run(root, size=(60, 20)) as board:
        assert not board.app._notifications
        await board.pilot.resize_terminal(80, 24)
        await noted(board, HINT)
        await hint_saved(board)
    assert load_user_settings().hints_shown == 3


# ---------------------------------------------------------------------------------------------
# The card detail follows other sessions


@pytest.mark.parametrize("over_it", [None, "question_mark", "ctrl+p"])
async def test_open_detail_shows_another_sessions_tick_and_keeps_the_cursor(
    root: Path, over_it: str | None
) -> None:
    """Also when help or the palette is open over the detail: back in it, the tick is there."""
    async with run(root, watch=True) as board:
        await board.press("enter", "j", "j")  # the cursor on the third step
        detail = board.app.screen
        assert isinstance(detail, DetailScreen)
        steps = detail.query_one("#steps", OptionList)
        assert steps.highlighted == 2

        other = Session(Workspace(root), board.app.session.today, profile=board.app.session.profile)
        card = other.board(other.this_week).card(FIRST)
        assert card is not None
        if over_it:
            await board.press(over_it)
            assert board.app.screen is not detail
        actions.tick(other.store, card, 4)  # as `ritmas tick` in another terminal would
        while not (board.app.board is not None and 4 in board.app.board.card(FIRST).checked):
            await board.app.reported()
        if over_it:
            await board.press("escape")
        await board.pilot.pause()
        assert board.app.screen is detail
        assert str(steps.get_option_at_index(4).prompt).startswith("[x]")
        assert str(steps.get_option_at_index(2).prompt).startswith("[ ]")
        assert steps.highlighted == 2 and steps.has_focus


@pytest.mark.parametrize("lang", ["en", "lt"])
def test_every_action_of_every_screen_says_what_it_does(lang: str) -> None:
    """What the palette shows under each title, for the screens the palette can open over."""
    from textual.binding import Binding

    from tui.ui.bindings import localized
    from tui.ui.screens.add import AddScreen
    from tui.ui.screens.board import BoardScreen
    from tui.ui.screens.filter import FilterScreen, ProfileScreen
    from tui.ui.screens.help import HelpScreen
    from tui.ui.screens.people import AssignScreen, PersonFilterScreen, SendBackScreen
    from tui.ui.screens.quit import QuitScreen
    from tui.ui.screens.review import ReviewScreen

    screens = [
        BoardScreen,
        DetailScreen,
        ReviewScreen,
        AddScreen,
        FilterScreen,
        ProfileScreen,
        HelpScreen,
        QuitScreen,
        AssignScreen,
        SendBackScreen,
        PersonFilterScreen,
    ]
    for screen in screens:
        for binding in localized(screen, lang).BINDINGS:
            assert isinstance(binding, Binding)
            where = f"{screen.__name__} {binding.id}"
            assert binding.tooltip and not binding.tooltip.startswith("tip."), where
            assert binding.tooltip != binding.description, where
