"""Keys remapped in the workspace's settings (``[keys]`` in ritmas.toml), by binding id."""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path

from conftest import settle
from rich.console import Console

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
