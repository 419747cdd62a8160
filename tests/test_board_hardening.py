"""The board with bad input: escape sequences shown harmlessly, a damaged file appearing while it
runs, its exit status, and where its settings go (the profile into the workspace, read-modify-
written; the theme into the user's own ``user.toml``)."""

from __future__ import annotations

import asyncio
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from conftest import settle
from textual.app import App

from tui import cli
from tui.core.audience import ALL
from tui.core.controller import Controller
from tui.core.keeper import DiskChanged
from tui.core.session import Session
from tui.core.settings import load_settings, load_user_settings, user_settings_path
from tui.core.state import Column, PeriodState, Record
from tui.core.workspace import Workspace
from tui.ui.app import RitmasApp, StoreReported, make_app
from tui.ui.messages import OpenCard
from tui.ui.screens.detail import DetailScreen
from tui.ui.screens.filter import ProfileScreen
from tui.ui.widgets.card_column import CardColumn

TODAY = date(2026, 11, 26)
WEEK = "2026-W48"
EVIL = "Pay \x1b]52;c;ZXZpbA==\x07 bills \x1b[2J\x1b]0;owned\x07"


def new_app(root: Path, profile: frozenset[str] | None = frozenset({ALL})) -> RitmasApp:
    return make_app(Session(Workspace(root), TODAY, profile=profile), lang="en", watch=False)


def screen_text(app: App[Any]) -> str:
    """Every character the app would send for its current screen, styles aside."""
    strips = app.screen._compositor.render_full_update().strips  # type: ignore[attr-defined]
    return "\n".join("".join(segment.text for segment in strip) for strip in strips)


def columns_text(app: RitmasApp) -> str:
    return "\n".join(str(column.render()) for column in app.board_screen.query(CardColumn))


async def test_escape_sequences_in_cards_reach_the_screen_as_visible_text(
    small_workspace: Path,
) -> None:
    catalogue = small_workspace / "catalogue.toml"
    text = catalogue.read_text(encoding="utf-8").replace('"Paskelbti"', '"Paskelbti \\u001b[2J"')
    catalogue.write_text(text, encoding="utf-8")
    card = {"column": "todo", "history": [], "title": EVIL, "area": "vadyba", "note": "\x1b[31m"}
    state = {"schema": 1, "period": WEEK, "cards": {"n1126abcd": card}}
    (small_workspace / "state" / f"{WEEK}.json").write_text(json.dumps(state), encoding="utf-8")
    app = new_app(small_workspace)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        shown = columns_text(app)
        assert "\x1b" not in shown and "\x07" not in shown
        assert "Pay \\x1b]52;c;ZXZpbA==\\x07" in shown
        app.post_message(OpenCard("n1126abcd"))
        await settle(pilot)
        assert isinstance(app.screen, DetailScreen)
        detail = screen_text(app)
        assert "\x1b" not in detail and "\\x1b[31m" in detail
        await pilot.press("escape")
        await pilot.pause()
        app.post_message(OpenCard("socialinis-irasas"))
        await settle(pilot)
        detail = screen_text(app)
        assert "Paskelbti \\x1b[2J" in detail and "\x1b" not in detail
        await pilot.press("escape")
        await pilot.pause()
    # Only looking changed nothing: the note is still exactly what was written.
    saved = json.loads((small_workspace / "state" / f"{WEEK}.json").read_text(encoding="utf-8"))
    assert saved["cards"]["n1126abcd"]["note"] == "\x1b[31m"
    assert saved["cards"]["n1126abcd"]["title"] == EVIL


@pytest.mark.parametrize(
    "content",
    [
        '{"schema": 1, "period": "2019-W10", "review": ' + "[" * 1000 + "]" * 1000 + "}",
        '{"schema": 1, "period": "2019-W10", "x": ' + "7" * 5000 + "}",
    ],
    ids=["nested-1000-deep", "number-5000-digits"],
)
async def test_a_damaged_file_appearing_while_the_board_runs_is_a_banner(
    small_workspace: Path, content: str
) -> None:
    app = new_app(small_workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        (small_workspace / "state" / "2019-W10.json").write_text(content, encoding="utf-8")
        # What the store's thread reports when its watcher finds the file.
        app.post_message(StoreReported(DiskChanged(frozenset({"2019-W10"}))))
        await settle(pilot)
        assert "2019-W10.json" in screen_text(app)
        assert app.is_running


def test_the_board_exits_non_zero_when_it_stops_on_an_error(
    small_workspace: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def crash(self: Controller) -> None:
        raise RuntimeError("a bug")

    monkeypatch.setattr(RitmasApp, "run", lambda self, **kw: App.run(self, headless=True))
    monkeypatch.setattr(Controller, "new_day", crash)
    monkeypatch.setattr("tui.ui.app.DAY_CHECK_S", 0.01)
    code = cli.main(["--workspace", str(small_workspace), "--today", "2026-11-26"])
    assert code == 1


def test_the_board_saves_what_waits_before_it_exits(
    small_workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A change the disk refused while the board ran is saved once more as the board closes."""

    def to_doing(state: PeriodState) -> None:
        state.occurrences["socialinis-irasas"] = Record(column=Column.DOING)

    async def quit_with_a_change_waiting(self: RitmasApp) -> None:
        self.session.store.pending.append((WEEK, to_doing))  # as a refused write is queued
        self.exit()

    monkeypatch.setattr(RitmasApp, "run", lambda self, **kw: App.run(self, headless=True))
    monkeypatch.setattr(RitmasApp, "on_mount", quit_with_a_change_waiting)
    code = cli.main(["--workspace", str(small_workspace), "--today", "2026-11-26"])
    assert code == 0
    data = json.loads((small_workspace / "state" / f"{WEEK}.json").read_text(encoding="utf-8"))
    assert data["occurrences"]["socialinis-irasas"]["column"] == "doing"


async def test_the_profile_dialog_writes_only_the_profile(small_workspace: Path) -> None:
    settings = small_workspace / "ritmas.toml"
    app = new_app(small_workspace, profile=None)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ProfileScreen)
        # Meanwhile the owner edits ritmas.toml by hand.
        settings.write_text('# ours\nlang = "en"\n\n[keys]\nquit = "q,ctrl+q"\n', encoding="utf-8")
        await pilot.press("space", "enter")
        await settle(pilot)  # saved on the store's thread
    saved = load_settings(small_workspace)
    assert saved.profile == frozenset({"produktai"})
    assert saved.lang == "en" and saved.keys == {"quit": "q,ctrl+q"}
    assert settings.read_text(encoding="utf-8").startswith('# ours\nlang = "en"\n')


async def test_a_theme_chosen_is_the_users_not_the_workspaces(small_workspace: Path) -> None:
    app = new_app(small_workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.theme = "nord"
        await pilot.pause()
        # The theme is saved by a worker of its own (the store's thread runs until the end).
        saving = [w for w in app.workers if w.group == "settings"]
        if saving:  # an empty list would mean every worker
            await app.workers.wait_for_complete(saving)
    assert load_user_settings().theme == "nord"
    assert user_settings_path().is_file()
    settings = small_workspace / "ritmas.toml"
    assert not settings.exists() or "theme" not in settings.read_text(encoding="utf-8")
    # The next start uses it.
    app = new_app(small_workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.theme == "nord"


async def test_an_old_workspace_theme_still_applies(small_workspace: Path) -> None:
    (small_workspace / "ritmas.toml").write_text('theme = "gruvbox"\n', encoding="utf-8")
    app = new_app(small_workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.theme == "gruvbox"
        saving = [worker for worker in app.workers if worker.group == "settings"]
        if saving:
            await app.workers.wait_for_complete(saving)
    # The theme in force is not a new choice: only the start hint's count is written.
    assert user_settings_path().exists()
    assert load_user_settings().theme is None and load_user_settings().hints_shown == 1


async def test_a_reflection_with_an_escape_is_shown_visibly_and_kept(small_workspace: Path) -> None:
    path = small_workspace / "state" / f"{WEEK}.json"
    state = {"schema": 1, "period": WEEK, "review": {"worked": "calls \x1b[2J\x1b]0;owned\x07"}}
    path.write_text(json.dumps(state), encoding="utf-8")
    before = path.read_bytes()
    app = new_app(small_workspace)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        shown = screen_text(app)
        assert "calls \\x1b[2J" in shown and "\x1b" not in shown
        await pilot.press("escape")
        await settle(pilot)
    assert path.read_bytes() == before  # looked at, not changed


async def test_the_state_folder_turning_into_a_file_while_the_board_runs_is_a_banner(
    small_workspace: Path,
) -> None:
    """The watcher meets an unreadable state folder: the board says so and keeps running (before,
    the store's thread died of it and every later key waited for an answer that never came)."""
    app = make_app(Session(Workspace(small_workspace), TODAY, profile=frozenset({ALL})), lang="en")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        state = small_workspace / "state"
        moved = small_workspace / "state-moved"
        state.rename(moved)
        state.write_text("not a folder", encoding="utf-8")
        await asyncio.wait_for(app.reported(), timeout=10)
        await settle(pilot)
        assert "state" in screen_text(app) and "not the state folder" in screen_text(app)
        await pilot.press("L")  # a change now is refused or waits; the board answers
        await asyncio.wait_for(settle(pilot), timeout=10)
        assert app.is_running
        state.unlink()
        moved.rename(state)
        await pilot.press("L")
        await asyncio.wait_for(settle(pilot), timeout=10)
        assert app.is_running and app.keeper.stopped.is_set() is False
