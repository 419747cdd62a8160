"""Two sessions at once, a lock held elsewhere, a write killed halfway: deterministic checks.

Each race is staged, not timed: the other session's change is made exactly between our read and
our write (by wrapping ``Store.update``), the lock is held by a real second process that says
when it has it, and the write is killed by the process itself between the fsynced temporary
file and the rename.
"""

from __future__ import annotations

import json
import signal
import subprocess
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from conftest import hold_workspace_lock, release

from tui import cli
from tui.core import actions
from tui.core import state as state_module
from tui.core.periods import Week
from tui.core.session import Session
from tui.core.state import Column, Store
from tui.core.workspace import Workspace

TODAY = date(2026, 11, 26)
WEEK = Week(2026, 48)
COMMON = ("--today", "2026-11-26", "--profile", "all")
CARD = "socialinis-irasas"  # weekly, in 2026-W48.json
AT = actions.clock(TODAY)


def other_session(root: Path) -> Session:
    """Another SSH login on the same workspace."""
    return Session(Workspace(root), TODAY, profile=frozenset({"all"}))


def run(capsys: pytest.CaptureFixture[str], *args: object) -> tuple[int, str, str]:
    code = cli.main([str(a) for a in args])
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out, err


def between_read_and_write(
    monkeypatch: pytest.MonkeyPatch, meanwhile: Callable[[], object]
) -> None:
    """Run ``meanwhile`` (another session's change) when our first write is about to start:
    after we read the board, before we take the lock."""
    original = Store.update
    calls: list[int] = []

    def update(self: Store, key: str, change: Callable[[Any], Any]) -> Any:
        if not calls:
            calls.append(1)
            meanwhile()
        return original(self, key, change)

    monkeypatch.setattr(Store, "update", update)


@pytest.mark.parametrize(
    ("column", "action"),
    [
        (
            "doing",
            lambda store, card: actions.move(store, card, Column.DOING, actions.clock(TODAY)),
        ),
        ("skipped", lambda store, card: actions.skip(store, card, actions.clock(TODAY))),
    ],
    ids=["move", "skip"],
)
def test_the_loser_of_a_race_is_told_it_is_already_there(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    small_workspace: Path,
    column: str,
    action: Callable[[Store, Any], object],
) -> None:
    def the_other_one_wins() -> None:
        other = other_session(small_workspace)
        card = other.board(WEEK).card(CARD)
        assert card is not None
        action(other.store, card)

    between_read_and_write(monkeypatch, the_other_one_wins)
    code, out, _ = run(capsys, "--workspace", small_workspace, *COMMON, "move", CARD, column)
    assert code == 0
    assert out == f"{CARD} is already in {column} (2026-W48); nothing changed\n"
    data = json.loads((small_workspace / "state" / "2026-W48.json").read_text(encoding="utf-8"))
    assert len(data["occurrences"][CARD]["history"]) == 1  # one move, the winner's


def test_undo_of_an_added_card_moved_meanwhile_leaves_no_ghost(small_workspace: Path) -> None:
    board_session = other_session(small_workspace)
    at = actions.clock(TODAY)
    added = actions.add_card(board_session.store, WEEK.key, "vadyba", at, title="Skambinti")
    assert added is not None
    cli_session = other_session(small_workspace)  # a cron `ritmas move` meanwhile
    card = cli_session.board(WEEK).card(added.ref.key)
    assert card is not None
    actions.move(cli_session.store, card, Column.DOING, at)

    added.undo(board_session.store)

    path = small_workspace / "state" / "2026-W48.json"
    records = json.loads(path.read_text(encoding="utf-8"))["cards"]
    for record in records.values():  # no record without its identity
        assert record.get("title") or record.get("task"), record
    board = other_session(small_workspace).board(WEEK)
    assert board.card(added.ref.key) is None
    assert all(c.title for c in board.cards)


def test_a_change_waits_for_the_lock_and_gives_up_with_one_line(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, small_workspace: Path
) -> None:
    monkeypatch.setattr(state_module, "LOCK_TIMEOUT_S", 0.3)
    path = small_workspace / "state" / "2026-W48.json"
    holder = hold_workspace_lock(small_workspace / "state")
    try:
        code, out, err = run(capsys, "--workspace", small_workspace, *COMMON, "move", CARD, "doing")
    finally:
        release(holder)
    assert code == 1 and out == ""
    (line,) = err.splitlines()
    assert "2026-W48.json" in line and "locked by another session" in line
    assert not path.exists()  # nothing written while another process held the lock
    code, out, _ = run(capsys, "--workspace", small_workspace, *COMMON, "move", CARD, "doing")
    assert code == 0 and "to do -> doing" in out


# Runs `ritmas move` in this child process, killed by itself at the rename: the temporary file
# is written and fsynced, the state file not yet replaced.
KILLED_WRITE = """
import os, signal, sys
real_replace = os.replace
def replace(source, target):
    if os.path.basename(os.path.dirname(target)) == "state":  # the state file, not a cache
        os.kill(os.getpid(), signal.SIGKILL)
    real_replace(source, target)
os.replace = replace
from tui.cli import main
main(sys.argv[1:])
"""


def test_a_write_killed_before_the_rename_changes_nothing_and_doctor_cleans_up(
    capsys: pytest.CaptureFixture[str], small_workspace: Path
) -> None:
    ws = ("--workspace", small_workspace, *COMMON)
    assert run(capsys, *ws, "move", CARD, "doing")[0] == 0
    path = small_workspace / "state" / "2026-W48.json"
    before = path.read_bytes()

    killed = subprocess.run(
        [sys.executable, "-c", KILLED_WRITE, *map(str, ws), "move", CARD, "done"],
        capture_output=True,
        check=False,
    )
    assert killed.returncode == -signal.SIGKILL
    assert path.read_bytes() == before  # the old file, whole
    (leftover,) = [p for p in path.parent.iterdir() if p.name.endswith(".tmp")]
    assert json.loads(leftover.read_text(encoding="utf-8"))["period"] == "2026-W48"

    code, out, _ = run(capsys, *ws, "doctor")
    assert code == 1
    (line,) = out.splitlines()
    assert line.startswith(f"{leftover}: a temporary file left by a write that was stopped")
    code, out, _ = run(capsys, *ws, "doctor", "--repair")
    assert code == 0 and f"{leftover}:" in out and "deleted" in out
    assert not leftover.exists()
    assert path.read_bytes() == before
    code, out, _ = run(capsys, *ws, "list", "--json")
    cards = {c["id"]: c for c in json.loads(out)}
    assert cards[CARD]["column"] == "doing"
