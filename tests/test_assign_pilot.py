"""Who does what on the screen, driven with Pilot: what the screen shows and the JSON on disk."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from conftest import settle
from textual.pilot import Pilot
from textual.widgets import Static

from tui.core import actions
from tui.core.audience import ALL
from tui.core.session import Session
from tui.core.state import Column
from tui.core.workspace import Workspace, init_workspace
from tui.ui.app import RitmasApp, make_app
from tui.ui.screens.review import ReviewScreen

TODAY = date(2026, 11, 26)  # a Thursday, 2026-W48
WEEKLY = "tvarkyti-finansus"


@pytest.fixture(autouse=True)
def repeatable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TEXTUAL_ANIMATIONS", "none")


@pytest.fixture
def root(tmp_path: Path) -> Path:
    root = tmp_path / "ws"
    init_workspace(root)
    (root / "ritmas.toml").write_text('started = "2026-W48"\n', encoding="utf-8")
    return root


def session_for(root: Path) -> Session:
    return Session(Workspace(root), TODAY, profile=frozenset({ALL}))


def app_for(root: Path, lang: str = "en") -> RitmasApp:
    return make_app(session_for(root), lang=lang, watch=False)


async def open_review(pilot: Pilot[None]) -> ReviewScreen:
    await settle(pilot)
    await pilot.press("r")
    await settle(pilot)  # the review is built on the store's thread
    screen = pilot.app.screen
    assert isinstance(screen, ReviewScreen)
    return screen


async def test_review_screen_shows_done_and_due_per_person(root: Path) -> None:
    app = app_for(root)
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await open_review(pilot)
        # Nobody assigned: no section.
        assert not screen.query_one("#people", Static).display
    session = session_for(root)
    card = session.board(session.this_week).card(WEEKLY)
    assert card is not None
    actions.assign(session.store, card, "Ona")
    card = session.board(session.this_week).card(WEEKLY)
    assert card is not None
    actions.move(session.store, card, Column.DONE, actions.clock(TODAY))
    app = app_for(root, lang="lt")
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await open_review(pilot)
        assert screen.query_one("#people", Static).display
        assert str(screen.query_one("#people-title", Static).render()) == "Pagal žmones"
        lines = str(screen.query_one("#people", Static).render()).splitlines()
        assert lines[0].startswith("Ona ") and lines[0].endswith("100 %  atlikta 1 iš 1")
        assert lines[1].startswith("(nepriskirta)")
