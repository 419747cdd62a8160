"""The weekly review screen (``r``): driven with Pilot, checked on screen and on disk."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from conftest import settle
from textual.pilot import Pilot
from textual.widgets import Input, OptionList, Static

from tui.core import actions
from tui.core.audience import ALL
from tui.core.session import Session
from tui.core.state import Column
from tui.core.workspace import Workspace, init_workspace
from tui.ui.app import RitmasApp, make_app
from tui.ui.screens.review import ReviewScreen

TODAY = date(2026, 11, 27)  # a Friday, 2026-W48
SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """A workspace tracked since 2026-W47 with a little history: one weekly card done."""
    root = tmp_path / "ws"
    init_workspace(root)
    (root / "ritmas.toml").write_text('started = "2026-W47"\n', encoding="utf-8")
    session = Session(Workspace(root), TODAY, profile=frozenset({ALL}))
    card = session.board(session.this_week).card("kurti-socialiniu-tinklu-turini")
    assert card is not None
    actions.move(session.store, card, Column.DONE, actions.clock(TODAY))
    return root


def app_for(root: Path, lang: str = "en") -> RitmasApp:
    session = Session(Workspace(root), TODAY, profile=frozenset({ALL}))
    return make_app(session, lang=lang, watch=False)


def text_of(app: RitmasApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


async def open_review(pilot: Pilot[None]) -> ReviewScreen:
    await settle(pilot)
    pilot.app.clear_notifications()
    await pilot.press("r")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, ReviewScreen)
    return screen


async def test_review_shows_the_week_by_area_with_counts(root: Path) -> None:
    app = app_for(root)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_review(pilot)
        assert "Weekly review 2026-W48" in text_of(app, "#review-header")
        areas = screen.query_one("#areas", Static).render()
        assert areas is not None
        review = screen.review
        marketing = next(a for a in review.areas if a.id == "marketingas")
        assert marketing.done == 1
        # every section is there
        for selector in ("#cadence", "#next", "#previous"):
            assert text_of(app, selector)
        assert review.unfinished, "open cards of the week are listed to carry or drop"


async def test_reflection_is_saved_and_found_after_a_restart(root: Path) -> None:
    app = app_for(root)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_review(pilot)
        box = screen.query_one("#reflect-worked", Input)
        box.focus()
        await pilot.press(*"Naujienlaiškis pavyko")
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
    saved = json.loads((root / "state" / "2026-W48.json").read_text(encoding="utf-8"))
    assert saved["review"]["worked"] == "Naujienlaiškis pavyko"

    again = app_for(root)
    async with again.run_test(size=(80, 24)) as pilot:
        screen = await open_review(pilot)
        assert screen.query_one("#reflect-worked", Input).value == "Naujienlaiškis pavyko"
        # and next week's review shows it as last week's reflection
        await pilot.press("right_square_bracket")
        await settle(pilot)
        assert "2026-W49" in text_of(again, "#review-header")
        assert "Naujienlaiškis pavyko" in text_of(again, "#previous")
        assert screen.query_one("#reflect-worked", Input).value == ""


async def test_dropping_an_unfinished_card_is_saved_and_undoable(root: Path) -> None:
    app = app_for(root)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_review(pilot)
        first = screen.review.unfinished[0]
        ref = first.card.ref
        screen.query_one("#unfinished", OptionList).focus()
        await pilot.press("d")
        await settle(pilot)
        path = root / "state" / f"{ref.file}.json"
        section = json.loads(path.read_text(encoding="utf-8"))[ref.section]
        assert section[ref.key]["column"] == "skipped"
        assert all(item.card.ref != ref for item in screen.review.unfinished)
        await pilot.press("u")
        await settle(pilot)
        section = json.loads(path.read_text(encoding="utf-8"))[ref.section]
        assert ref.key not in section or section[ref.key]["column"] == "todo"
        assert any(item.card.ref == ref for item in screen.review.unfinished)


async def test_weeks_step_inside_the_review_and_escape_returns_to_the_board(root: Path) -> None:
    app = app_for(root, lang="lt")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_review(pilot)
        assert "Savaitės apžvalga 2026-W48" in text_of(app, "#review-header")
        await pilot.press("left_square_bracket")
        await settle(pilot)
        assert "2026-W47" in text_of(app, "#review-header")
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, ReviewScreen)


SnapCompare = Callable[..., bool]


@pytest.mark.parametrize("size", SIZES)
def test_review_snapshot(snap_compare: SnapCompare, root: Path, size: tuple[int, int]) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        await open_review(pilot)
        for box in pilot.app.screen.query(Input):
            box.cursor_blink = False
        await settle(pilot)

    assert snap_compare(app_for(root), terminal_size=size, run_before=run_before)
