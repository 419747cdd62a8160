"""``ritmas doctor``: what it finds in a workspace, and what ``--repair`` does about it.

Every test makes its own workspace with ``ritmas init`` and runs the installed command.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import Ran, RunRitmas

TODAY = "2026-11-26"
WEEKLY = "tvarkyti-finansus"
MONTHLY = "vesti-buhalterinius-dokumentus"
DAMAGED_NAME = re.compile(r"^2026-W48\.json\.damaged-\d{14}$")


@pytest.fixture
def root(tmp_path: Path, run_ritmas: RunRitmas) -> Path:
    root = tmp_path / "ws"
    assert run_ritmas("init", root).returncode == 0
    return root


def ritmas(run_ritmas: RunRitmas, root: Path, *args: str) -> Ran:
    ran = run_ritmas(*args, "--workspace", root, "--today", TODAY, "--profile", "all")
    assert "Traceback" not in ran.stdout + ran.stderr
    return ran


def test_healthy_workspace(root: Path, run_ritmas: RunRitmas) -> None:
    assert ritmas(run_ritmas, root, "doctor").stdout == "ok: 0 state files\n"
    assert ritmas(run_ritmas, root, "move", WEEKLY, "doing").returncode == 0
    assert ritmas(run_ritmas, root, "move", MONTHLY, "done").returncode == 0
    ran = ritmas(run_ritmas, root, "doctor")
    assert (ran.returncode, ran.stdout, ran.stderr) == (0, "ok: 2 state files\n", "")


@pytest.mark.parametrize(
    ("content", "what"),
    [
        (b"{bad json", "bad JSON at line 1 column 2"),
        (b"", "the file is empty"),
        (b"\xff\xfe garbage", "not UTF-8"),
        (b"[1, 2]", "expected a JSON object"),
        (b'{"schema": 1, "period": "2026-W47"}', "holds period '2026-W47'"),
    ],
    ids=["bad-json", "empty", "not-utf8", "not-object", "wrong-period"],
)
def test_damaged_file_is_explained(
    root: Path, run_ritmas: RunRitmas, content: bytes, what: str
) -> None:
    damaged = root / "state" / "2026-W48.json"
    damaged.write_bytes(content)
    ran = ritmas(run_ritmas, root, "doctor")
    assert ran.returncode == 1
    (line,) = ran.stdout.splitlines()
    assert line.startswith(f"{damaged}:")
    assert what in line
    assert "ritmas doctor --repair" in line and "the damaged copy is kept" in line
    assert "run `ritmas doctor`;" not in line  # no advice to run what is running
    assert damaged.read_bytes() == content


def test_newer_schema_is_left_alone_even_by_repair(root: Path, run_ritmas: RunRitmas) -> None:
    newer = root / "state" / "2026-11.json"
    content = b'{"schema": 99, "period": "2026-11", "something": "new"}\n'
    newer.write_bytes(content)
    for args in (("doctor",), ("doctor", "--repair")):
        ran = ritmas(run_ritmas, root, *args)
        assert ran.returncode == 1
        (line,) = ran.stdout.splitlines()
        assert line.startswith(f"{newer}:1: written by a newer Ritmas (schema 99")
        assert "reads schema 99" in line and "untouched" in line
    assert newer.read_bytes() == content
    assert sorted(p.name for p in newer.parent.iterdir() if p.name != ".ritmas.lock") == [
        "2026-11.json"
    ]


@pytest.mark.parametrize("name", ["notes.json", "2026-W60.json", "2026-w48.json", "todo.txt"])
def test_file_with_a_bad_name(root: Path, run_ritmas: RunRitmas, name: str) -> None:
    stray = root / "state" / name
    stray.write_text('{"schema": 1}', encoding="utf-8")
    ran = ritmas(run_ritmas, root, "doctor")
    assert ran.returncode == 1
    (line,) = ran.stdout.splitlines()
    assert line.startswith(f"{stray}: not a state file name, so Ritmas ignores it")
    assert "2026-W48.json" in line  # says what a good name looks like
    assert ritmas(run_ritmas, root, "doctor", "--repair").returncode == 1
    assert stray.exists()  # a stray file is the user's: never moved


def test_broken_catalogue_is_reported(root: Path, run_ritmas: RunRitmas) -> None:
    catalogue = root / "catalogue.toml"
    catalogue.write_text("[[areas]\n", encoding="utf-8")
    ran = ritmas(run_ritmas, root, "doctor")
    assert ran.returncode == 1
    (line,) = ran.stdout.splitlines()
    assert line.startswith(f"{catalogue}:") and "TOML syntax error" in line
    assert "ritmas catalogue check" in line


def test_repair_moves_the_damaged_file_aside_and_list_works_again(
    root: Path, run_ritmas: RunRitmas
) -> None:
    state = root / "state"
    assert ritmas(run_ritmas, root, "move", MONTHLY, "done").returncode == 0
    healthy = (state / "2026-11.json").read_bytes()
    damaged = state / "2026-W48.json"
    damaged.write_bytes(b"{bad json")
    assert ritmas(run_ritmas, root, "list").returncode == 1

    ran = ritmas(run_ritmas, root, "doctor", "--repair")
    assert ran.returncode == 0, ran.stdout
    moved_line, ok_line = ran.stdout.splitlines()
    assert moved_line.startswith(f"{damaged}:1: bad JSON")
    assert "moved aside to 2026-W48.json.damaged-" in moved_line
    assert "the damaged copy is kept" in moved_line and "2026-W48 now starts clean" in moved_line
    assert ok_line == "ok: 1 state file"

    (copy,) = [p for p in state.iterdir() if DAMAGED_NAME.match(p.name)]
    assert copy.read_bytes() == b"{bad json"  # kept, byte for byte
    assert not damaged.exists()
    assert (state / "2026-11.json").read_bytes() == healthy  # a good file is never touched

    listed = ritmas(run_ritmas, root, "list", "--json")
    assert listed.returncode == 0, listed.stderr
    cards = {c["id"]: c for c in json.loads(listed.stdout)}
    assert cards[WEEKLY]["column"] == "todo"
    assert cards[MONTHLY]["column"] == "done"
    assert ritmas(run_ritmas, root, "move", WEEKLY, "doing").returncode == 0
    assert json.loads(damaged.read_text(encoding="utf-8"))["occurrences"][WEEKLY]["column"] == (
        "doing"
    )

    after = ritmas(run_ritmas, root, "doctor")
    assert after.returncode == 0
    assert after.stdout.splitlines() == [
        f"note: {copy}: a copy Ritmas kept; delete it when you no longer need it",
        "ok: 2 state files",
    ]


def test_repair_twice_keeps_both_copies(root: Path, run_ritmas: RunRitmas) -> None:
    damaged = root / "state" / "2026-W48.json"
    for content in (b"{one", b"{two"):
        damaged.write_bytes(content)
        assert ritmas(run_ritmas, root, "doctor", "--repair").returncode == 0
    copies = sorted(p.read_bytes() for p in damaged.parent.glob("2026-W48.json.damaged-*"))
    assert copies == [b"{one", b"{two"]


def test_doctor_advice_follows_the_stores_error_kind(tmp_path: Path) -> None:
    """Doctor reads the kind of error the store gave, not the file again."""
    from tui.commands.doctor import state_problem
    from tui.core.state import StateFileError

    path = tmp_path / "2026-11.json"
    newer = state_problem(
        StateFileError(path, "written by a newer Ritmas", "newer", schema=7), "2026-11"
    )
    assert "reads schema 7" in newer.todo and not newer.repairable
    unreadable = state_problem(
        StateFileError(path, "cannot read: Permission denied", "unreadable"), "2026-11"
    )
    assert "permissions" in unreadable.todo and not unreadable.repairable
    damaged = state_problem(StateFileError(path, "bad JSON at line 1 column 2"), "2026-11")
    assert damaged.repairable


def test_a_file_damaged_after_it_was_checked_is_found(root: Path, run_ritmas: RunRitmas) -> None:
    """Doctor passes over a file unchanged since it was last read whole and found valid; one
    changed since (here damaged, keeping its size) is read again and reported."""
    assert ritmas(run_ritmas, root, "move", WEEKLY, "doing").returncode == 0
    assert ritmas(run_ritmas, root, "doctor").stdout == "ok: 1 state file\n"
    path = root / "state" / "2026-W48.json"
    text = path.read_bytes()
    path.write_bytes(text.replace(b'"doing"', b'"doimg"'))  # same size, new time
    ran = ritmas(run_ritmas, root, "doctor")
    assert ran.returncode == 1 and "2026-W48.json" in ran.stdout, ran.stdout


def test_doctor_reads_only_files_changed_since_they_were_checked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tui.commands.doctor import check_state
    from tui.core import floating_index as index_module
    from tui.core.board import _INDEXES
    from tui.core.state import PeriodState, Store

    folder = tmp_path / "ws" / "state"
    folder.mkdir(parents=True)
    for week in ("2026-W01", "2026-W02"):
        (folder / f"{week}.json").write_text(PeriodState(period=week).to_json())

    def parsed_by_check() -> list[str]:
        store = Store(folder)
        original = store._parse
        seen: list[str] = []

        def counting(path: Path, key: str) -> PeriodState:
            seen.append(key)
            return original(path, key)

        store._parse = counting  # type: ignore[method-assign]
        assert check_state(store) == []
        _INDEXES.clear()
        return seen

    assert parsed_by_check() == ["2026-W01", "2026-W02"]
    assert parsed_by_check() == []  # vouched for by the index
    (folder / "2026-W02.json").write_text(PeriodState(period="2026-W02").to_json() + "\n")
    assert parsed_by_check() == ["2026-W02"]
    # An index written by another Ritmas (or another reader of state files) vouches for nothing.
    monkeypatch.setattr(index_module, "_READER", "another reader")
    assert parsed_by_check() == ["2026-W01", "2026-W02"]


def test_a_folder_found_all_valid_and_unchanged_is_vouched_for_whole(tmp_path: Path) -> None:
    """Once every file was found valid and none changed since, one look at the folder says so
    (the index is not looked at per file); any change (in place, a new file) is checked."""
    import os
    import time

    from tui.commands.doctor import check_state
    from tui.core import floating_index
    from tui.core.board import _INDEXES
    from tui.core.state import PeriodState, Store

    folder = tmp_path / "ws" / "state"
    folder.mkdir(parents=True)
    then = time.time_ns() - floating_index.RACY_NS - 10**9
    for week in ("2026-W01", "2026-W02"):
        path = folder / f"{week}.json"
        path.write_text(PeriodState(period=week).to_json())
        os.utime(path, ns=(then, then))
    loads: list[int] = []
    real = floating_index.FloatingIndex._load

    def counting(self: floating_index.FloatingIndex) -> dict[str, floating_index.Summary]:
        loads.append(1)
        return real(self)

    def check() -> list[str]:
        _INDEXES.clear()
        store = Store(folder)
        with store.steady():
            return [p.what for p in check_state(store)]

    floating_index.FloatingIndex._load = counting  # type: ignore[method-assign]
    try:
        assert check() == [] and len(loads) == 1
        assert check() == [] and len(loads) == 1  # the whole folder vouched for
        damaged = folder / "2026-W02.json"
        text = damaged.read_text()
        with damaged.open("r+") as file:  # in place, the same size
            file.write("{" + text[1:].replace("{", "[", 1))
        os.utime(damaged, ns=(then, then + 1))
        assert any("2026-W02" in what for what in check())
        damaged.write_text(text)
        os.utime(damaged, ns=(then, then))
        assert check() == []
        assert check() == []
        (folder / "2026-W03.json").write_text("not json")
        assert any("2026-W03" in what for what in check())
    finally:
        floating_index.FloatingIndex._load = real  # type: ignore[method-assign]
