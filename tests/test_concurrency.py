"""Two processes moving cards in the same week at once lose no change.

Each of two driver processes runs ``ritmas move`` (its ``main()``, in a loop, so no process
start-up is paid per move) MOVES times in a row, one card each, back and forth between to do
and doing; both cards live in the same state file (``state/2026-W48.json``). Every move adds one
entry to its card's history, so a lost update (one process saving over the other's change) would
show as a missing entry. Meanwhile this test keeps reading the file: it must be valid JSON every
time (written atomically, never half). The lock and the atomic write themselves are checked
deterministically in ``test_races.py``.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

from conftest import RunRitmas

MOVES = 30
TODAY = "2026-11-26"
CARDS = ("tvarkyti-finansus", "sekti-paslaugos-teikima-uzsakymus")  # both weekly: 2026-W48

# Runs `ritmas move CARD doing`, `ritmas move CARD todo`, ... MOVES times; stops at a failure.
DRIVER = """
import sys
from tui.cli import main
workspace, card, moves = sys.argv[1], sys.argv[2], int(sys.argv[3])
for n in range(moves):
    column = "doing" if n % 2 == 0 else "todo"
    code = main(["move", card, column, "--workspace", workspace,
                 "--today", "2026-11-26", "--profile", "all"])
    sys.stdout.flush()
    if code != 0:
        sys.stdout.write(f"FAILED {code}\\n")
        sys.exit(1)
"""


def test_two_processes_moving_cards_in_one_week_lose_no_change(
    tmp_path: Path, run_ritmas: RunRitmas
) -> None:
    root = tmp_path / "ws"
    assert run_ritmas("init", root).returncode == 0
    state_file = root / "state" / "2026-W48.json"

    started = time.monotonic()
    drivers = [
        subprocess.Popen(
            [sys.executable, "-c", DRIVER, str(root), card, str(MOVES)],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            encoding="utf-8",
        )
        for card in CARDS
    ]
    reads = 0
    while any(d.poll() is None for d in drivers):
        if state_file.exists():
            json.loads(state_file.read_text(encoding="utf-8"))  # never half-written
            reads += 1
        time.sleep(0.01)
    outputs = [d.communicate(timeout=60)[0] for d in drivers]
    elapsed = time.monotonic() - started

    for card, driver, output in zip(CARDS, drivers, outputs, strict=True):
        assert driver.returncode == 0, output
        expected = [
            f"moved {card}: to do -> doing (2026-W48)"
            if n % 2 == 0
            else f"moved {card}: doing -> to do (2026-W48)"
            for n in range(MOVES)
        ]
        assert output.splitlines() == expected

    data = json.loads(state_file.read_text(encoding="utf-8"))
    for card in CARDS:
        record = data["occurrences"][card]
        moves = [(move["from"], move["to"]) for move in record["history"]]
        assert len(moves) == MOVES
        assert moves == [("todo", "doing"), ("doing", "todo")] * (MOVES // 2)
        assert all(move["at"].startswith(TODAY) for move in record["history"])
        assert record["column"] == "todo"
    assert sorted(p.name for p in state_file.parent.iterdir()) == [".ritmas.lock", state_file.name]
    assert reads > 0
    print(f"{2 * MOVES} moves by 2 processes in {elapsed:.1f} s, file read {reads} times")
