"""The README stays true: its screenshot is the current board, and it names every command."""

from __future__ import annotations

from pathlib import Path

from tui.cli import build_parser

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_screenshot_is_the_current_board_snapshot() -> None:
    snapshot = ROOT / "tests/__snapshots__/test_snapshots"
    current = (snapshot / "test_board_with_cards_in_every_column[80x24].svg").read_bytes()
    assert (ROOT / "docs/board-80x24.svg").read_bytes() == current, (
        "copy the updated snapshot to docs/board-80x24.svg"
    )
    assert "docs/board-80x24.svg" in README


def test_every_command_is_in_the_readme() -> None:
    parser = build_parser()
    commands = next(a for a in parser._actions if a.dest == "command").choices
    for name in commands:
        if name == "board":
            continue
        assert f"`ritmas {name}" in README, f"README does not mention `ritmas {name}`"


def test_ci_runs_the_readme_test_command() -> None:
    command = "python3 -m pip install -e '.[test]' && python3 -m pytest"
    assert command in README
    assert command in (ROOT / ".ci/run").read_text(encoding="utf-8")
