"""Keys remapped in the workspace's settings (``[keys]`` in ritmas.toml), by binding id."""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path

from conftest import settle
from rich.console import Console
from screen_text import screen_text

from tui.core.audience import ALL
from tui.core.session import Session
from tui.core.workspace import Workspace, init_workspace
from tui.ui.app import make_app
from tui.ui.screens.help import HelpScreen, bindings_table

FIRST = "paruosti-menesio-kampanija"  # the first card of to do; monthly, so in 2026-11.json


async def test_remapped_keys_move_cards_and_show_in_help(tmp_path: Path) -> None:
    root = tmp_path / "ws"
    init_workspace(root)
    (root / "ritmas.toml").write_text(
        '[keys]\nmove_right = "m,shift+right"\nquit = "ctrl+q"\n', encoding="utf-8"
    )
    session = Session(Workspace(root), date(2026, 11, 26), profile=frozenset({ALL}))
    app = make_app(session, lang="en", watch=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("L")  # no longer bound
        await settle(pilot)
        assert not (root / "state" / "2026-11.json").exists()
        await pilot.press("m")
        await settle(pilot)
        saved = json.loads((root / "state" / "2026-11.json").read_text(encoding="utf-8"))
        assert saved["occurrences"][FIRST]["column"] == "doing"
        await pilot.press("q")  # remapped away: the app keeps running
        await settle(pilot)
        assert app.is_running
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        console = Console(width=80, record=True, file=io.StringIO())
        console.print(bindings_table(app.board_screen, "en"))
        rows = [line.split() for line in console.export_text().splitlines()]
        assert ["m", "shift+→", "Move", "right"] in rows


async def test_an_unknown_id_and_a_key_bound_twice_are_one_line_warnings_at_start(
    tmp_path: Path,
) -> None:
    root = tmp_path / "ws"
    init_workspace(root)
    (root / "ritmas.toml").write_text('[keys]\nmove_rigth = "m"\nskip = "L"\n', encoding="utf-8")
    session = Session(Workspace(root), date(2026, 11, 26), profile=frozenset({ALL}))
    app = make_app(session, lang="en", watch=False)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot)
        shown = [str(n.message) for n in app._notifications]
        assert any(
            line.startswith("ritmas.toml [keys]: ") and "'move_rigth'" in line for line in shown
        ), shown
        twice = "ritmas.toml [keys]: L is bound to both move_right and skip"
        assert any(line.startswith(twice) for line in shown), shown
        assert all("\n" not in line for line in shown if "ritmas.toml" in line)
        await pilot.pause()  # the toasts are drawn
        assert "ritmas.toml [keys]:" in screen_text(app)  # drawn as written, not as markup


async def test_a_notice_shows_a_card_title_with_brackets_as_written(tmp_path: Path) -> None:
    """Notices are text, never markup: "[/]" in a title neither vanishes nor breaks the app."""
    root = tmp_path / "ws"
    init_workspace(root)
    session = Session(Workspace(root), date(2026, 11, 26), profile=frozenset({ALL}))
    app = make_app(session, lang="en", watch=False)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot)
        app.notify("[b]Pay[/] the [keys] bill [/]")
        await pilot.pause()
        await pilot.pause()
        assert "[b]Pay[/] the [keys] bill [/]" in screen_text(app)
        assert app.is_running
