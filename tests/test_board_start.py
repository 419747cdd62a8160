"""How the board starts: what it spares the first screen (the command's own steps checked in
fresh processes, through ``tui.cli.main`` with the app run headless at 80x24)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

from conftest import settle
from screen_text import screen_text
from test_import_hygiene import run_python

from tui.core.audience import ALL
from tui.core.session import Session
from tui.core.workspace import Workspace
from tui.ui.app import make_app

# Runs the board command headless and prints what ``seen`` noted: the garbage collector's state
# once the app is mounted, the first screen (optionally while the store's thread is held) and
# after.
BOARD = """
import asyncio, gc, json, sys, threading
import textual.app
from tui.core.keeper import StoreKeeper
seen = {{}}
serve = StoreKeeper.serve
held = threading.Event()
def held_serve(self, *args, **kwargs):
    if {hold_store!r}:
        held.wait(30)  # the store's thread answers nothing until released
    serve(self, *args, **kwargs)
StoreKeeper.serve = held_serve
if {no_board!r}:  # no board at all until released: neither read first nor by the store
    import tui.ui.app
    tui.ui.app.RitmasApp.read_first_board = lambda self: None
    tui.ui.app.GC_PAUSE_S = 0.05
def run(self, *args, **kwargs):
    async def shown():
        async with self.run_test(size=(80, 24)) as pilot:
            seen['gc_at_start'] = gc.isenabled()
            for _ in range(200):  # without a board, until the pause's end (at most 4 s)
                if not {no_board!r} or gc.isenabled():
                    break
                await asyncio.sleep(0.02)
            seen['gc_without_board'] = gc.isenabled()
            await pilot.pause()
            seen['screen'] = self.export_screenshot()
            seen['gc_shown'] = gc.isenabled()
            seen['frozen'] = gc.get_freeze_count()
            held.set()
            await self.settled()
    asyncio.run(shown())
textual.app.App.run = run
from tui.cli import main
status = main(['--workspace', {workspace!r}, '--today', '2026-11-26', '--profile', 'all'])
seen['gc_after'] = gc.isenabled()
seen['status'] = status
print(json.dumps(seen))
"""


def start_board(
    workspace: Path, cwd: Path, *, hold_store: bool = False, no_board: bool = False
) -> dict[str, Any]:
    code = BOARD.format(workspace=str(workspace), hold_store=hold_store, no_board=no_board)
    done = run_python(code, cwd)
    assert done.returncode == 0, done.stderr
    seen: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    assert seen["status"] == 0
    return seen


def test_the_first_screen_has_its_cards_without_waiting_for_the_store_thread(
    elsewhere: Path, workspace: Path
) -> None:
    """The command reads the first board before the app runs: the first screen is laid out
    with its cards, not empty and again when the store's thread answers (here it answers
    nothing until the screen has been looked at)."""
    seen = start_board(workspace, elsewhere, hold_store=True)
    assert "Paruošti" in seen["screen"]


def test_no_garbage_collection_until_the_cards_show(elsewhere: Path, workspace: Path) -> None:
    """A full collection mid-start walks everything the imports made (~10 ms): the command
    pauses collection until the first cards are drawn, then resumes it with what the start
    made frozen out of later passes, and leaves it on when the board closes."""
    seen = start_board(workspace, elsewhere)
    assert "Paruošti" in seen["screen"]
    assert seen["gc_at_start"] is False
    assert seen["gc_shown"] is True and seen["frozen"] > 0
    assert seen["gc_after"] is True


def test_garbage_collection_resumes_even_if_no_board_comes(
    elsewhere: Path, workspace: Path
) -> None:
    """The pause ends after a while anyway: a store that never answers does not leave the board
    running without garbage collection."""
    seen = start_board(workspace, elsewhere, hold_store=True, no_board=True)
    assert seen["gc_at_start"] is False
    assert seen["gc_without_board"] is True


async def test_the_board_is_the_first_screen_itself(workspace: Path) -> None:
    """Not pushed over Textual's empty default screen: one screen is composed, styled and laid
    out at start; the board's style (board.tcss, the app's CSS) still applies."""
    session = Session(Workspace(workspace), date(2026, 11, 26), profile=frozenset({ALL}))
    app = make_app(session, lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.screen_stack == [app.board_screen]
        assert "Paruošti" in screen_text(app)
        header = app.board_screen.query_one("#header")
        assert header.styles.height is not None and header.styles.height.value == 1
        await pilot.press("question_mark")  # a screen over the board, and back
        assert app.screen is not app.board_screen
        await pilot.press("escape")
        assert app.screen is app.board_screen
