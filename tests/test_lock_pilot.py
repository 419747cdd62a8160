"""Nothing freezes while another process holds the workspace lock.

A second process takes the lock and holds it until the test says so. The board is driven with
Pilot, and every wait is on an event (a line from the other process, a report of the app's store
thread, a notice on screen), never on the clock.
"""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import settle
from test_board_pilot import FIRST, MONTH, SECOND, TODAY, Board, focus_card, run

from tui.core import actions
from tui.core.audience import ALL
from tui.core.session import Session
from tui.core.state import LOCK_FILE, Column
from tui.core.workspace import Workspace
from tui.ui import app as app_module
from tui.ui.screens.quit import QuitScreen

# Takes the lock, says "locked", and keeps it until a line comes on stdin; then "released".
HOLDER = """
import sys
from filelock import FileLock
lock = FileLock(sys.argv[1])
lock.acquire()
print("locked", flush=True)
sys.stdin.readline()
lock.release()
print("released", flush=True)
"""

NOTE_TIMEOUT_S = 60  # only a safety net: the waits below end on events


class LockHolder:
    def __init__(self, root: Path) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-c", HOLDER, str(root / "state" / LOCK_FILE)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.process.stdout is not None
        assert self.process.stdout.readline().strip() == "locked"

    def release(self) -> None:
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.write("go\n")
        self.process.stdin.flush()
        assert self.process.stdout.readline().strip() == "released"
        self.process.wait(timeout=30)


@pytest.fixture
def root(workspace: Path) -> Path:
    return workspace


@pytest.fixture
def holder(root: Path) -> Iterator[LockHolder]:
    (root / "state").mkdir(exist_ok=True)
    held = LockHolder(root)
    try:
        yield held
    finally:
        if held.process.poll() is None:
            held.process.kill()
            held.process.wait()


def monthly_record(root: Path, key: str) -> Any:
    path = root / "state" / f"{MONTH}.json"
    if not path.exists():
        return None
    return json.loads(path.read_text(encoding="utf-8"))["occurrences"].get(key)


async def wait_for_note(board: Board, text: str) -> None:
    """Until the app has shown ``text`` (each report of the store's thread is an event)."""

    async def noted() -> None:
        while text not in board.notes:
            await board.app.reported()
            await board.pilot.pause()

    await asyncio.wait_for(noted(), NOTE_TIMEOUT_S)


async def asked_before_quitting(board: Board) -> None:
    """Quitting waits a moment (a timer, by design) for the save, then asks."""
    for _ in range(500):
        if isinstance(board.app.screen, QuitScreen):
            await board.pilot.pause()  # drawn
            return
        await board.pilot.pause(0.01)
    raise AssertionError(f"no quit dialog; the screen shows:\n{board.text()}")


@pytest.fixture
def second_in_doing(root: Path) -> None:
    """SECOND in doing before the board opens: after ``L``, doing holds FIRST then SECOND."""
    session = Session(Workspace(root), TODAY, profile=frozenset({ALL}))
    card = session.board(session.this_week).card(SECOND)
    assert card is not None
    actions.move(session.store, card, Column.DOING, actions.clock(session.today))


async def test_a_move_shows_at_once_while_the_lock_is_held_and_is_saved_after(
    root: Path, second_in_doing: None, holder: LockHolder
) -> None:
    async with run(root) as board:
        assert board.focus() == (FIRST, "todo")
        await board.press("L", "j")
        # The lock is still held: the move and the new focus are on screen, not yet on disk.
        assert board.cards_in("doing") == [FIRST, SECOND]
        assert board.focus() == (SECOND, "doing")
        shown = board.text()
        assert "saving…" in shown
        assert monthly_record(root, FIRST) is None

        holder.release()
        await wait_for_note(board, "Saved")
        await settle(board.pilot)
        assert monthly_record(root, FIRST)["column"] == "doing"
        assert monthly_record(root, SECOND)["column"] == "doing"  # the other change is kept
        assert "saving…" not in board.text()
        assert board.focus() == (SECOND, "doing")  # the user's place is kept


async def test_quitting_with_a_save_waiting_offers_to_wait(
    root: Path, holder: LockHolder, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(app_module, "QUIT_WAIT_S", 0.01)
    async with run(root) as board:
        await board.press("L")  # settles: the store's thread has found the lock taken
        await board.press("q")
        await asked_before_quitting(board)
        text = " ".join(board.text().split())  # the dialog wraps its lines
        assert "Changes not saved yet: 1" in text, text
        assert "(the workspace is locked by another" in text
        await board.press("w")  # wait, and quit once saved
        assert board.app.is_running
        holder.release()

        async def stopped() -> None:
            while board.app.is_running:
                await board.app.reported()

        await asyncio.wait_for(stopped(), NOTE_TIMEOUT_S)
    assert monthly_record(root, FIRST)["column"] == "doing"


async def test_quitting_anyway_leaves_the_file_alone(
    root: Path, holder: LockHolder, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(app_module, "QUIT_WAIT_S", 0.01)
    async with run(root) as board:
        await focus_card(board, FIRST)
        await board.press("L", "q")
        await asked_before_quitting(board)
        await board.press("q")
        assert not board.app.is_running
    # The store's thread has stopped with the lock still held: nothing can write it later.
    assert board.app.keeper.stopped.wait(NOTE_TIMEOUT_S)
    holder.release()
    assert monthly_record(root, FIRST) is None


def test_the_store_thread_waits_for_the_lock_only_briefly(root: Path, holder: LockHolder) -> None:
    """The keeper is made on one thread and writes on its own, as in the app: its short lock wait
    holds there too (filelock keeps a lock's timeout per thread; the writes used to wait the full
    10 s, and every save and settings change behind them with it)."""
    from concurrent.futures import ThreadPoolExecutor

    from tui.core.keeper import StoreKeeper
    from tui.core.save_outcome import Queued

    session = Session(Workspace(root), TODAY, profile=frozenset({ALL}))
    keeper = StoreKeeper(session, "en", lock_wait=0.05)
    card = session.board(session.this_week).card(FIRST)
    assert card is not None

    def move() -> object:
        return keeper.save(
            1,
            lambda store: actions.move(store, card, Column.DOING, actions.clock(TODAY)),
            session.this_week,
        )

    def profile() -> object:
        from dataclasses import replace

        return keeper.save_settings(replace(session.settings, profile=frozenset({"solo"})))

    with ThreadPoolExecutor(1) as thread:
        saved = thread.submit(move).result(timeout=5)
        settings = thread.submit(profile).result(timeout=5)
    assert isinstance(saved.outcome, Queued)  # type: ignore[attr-defined]
    assert settings.error is not None and "locked" in settings.error  # type: ignore[attr-defined]
    assert monthly_record(root, FIRST) is None


def test_the_first_start_opens_the_board_while_another_session_holds_the_lock(
    root: Path, holder: LockHolder, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Recording the first day tracked needs the lock; held elsewhere, the board opens anyway
    (it used to wait 10 s, then stop with an error before drawing anything)."""
    from concurrent.futures import ThreadPoolExecutor

    from tui import cli
    from tui.ui.app import RitmasApp

    opened: list[RitmasApp] = []
    monkeypatch.setattr(RitmasApp, "run", lambda self, **kw: opened.append(self))
    with ThreadPoolExecutor(1) as thread:
        code = thread.submit(cli.main, ["--workspace", str(root), "--lang", "en"]).result(5)
    assert code == 0 and len(opened) == 1
    settings = root / "ritmas.toml"  # the first day is recorded next time
    assert not settings.exists() or "started" not in settings.read_text(encoding="utf-8")
