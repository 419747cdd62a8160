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


def _keys_section() -> str:
    return README.split("\n## Keys\n", 1)[1].split("\n## ", 1)[0]


# How the README writes a key Textual names otherwise.
_README_KEY = {
    "question_mark": "?",
    "slash": "/",
    "left_square_bracket": "[",
    "right_square_bracket": "]",
    "escape": "esc",
}


def test_the_keys_section_names_a_key_of_every_action_of_the_board_and_the_card() -> None:
    from textual.binding import Binding

    from tui.ui.screens.board import BoardScreen
    from tui.ui.screens.detail import DetailScreen

    section = _keys_section()
    for screen in (BoardScreen, DetailScreen):
        for binding in screen.BINDINGS:
            assert isinstance(binding, Binding)
            if not binding.id or binding.id.startswith("area_"):
                continue  # the area keys are one row: `1`–`7`, `0`
            keys = [_README_KEY.get(k.strip(), k.strip()) for k in binding.key.split(",")]
            assert any(f"`{key}`" in section for key in keys), (
                f"README's Keys section names none of {keys} ({screen.__name__} {binding.id})"
            )


def test_the_keys_section_uses_the_apps_own_words() -> None:
    from tui.i18n import t

    section = _keys_section()
    for key in ("palette.theme", "palette.screenshot"):
        assert f"**{t(key, 'en')}**" in section, key
    change = t("filter.change_profile", "en").split(" (", 1)[0]  # "Change my profile…"
    assert f'"{change}"' in section and f'"{change}"' in README.split("\n## Settings\n", 1)[1]
    assert "`tab`" in section and "`ctrl+p`" in section
