"""Screenshots of the board and its dialogs, compared with the accepted ones in __snapshots__/.

Grouped by feature, each at the smallest supported terminal (80×24) and a roomy one (120×40);
the board also in Lithuanian. Made repeatable: the clock is pinned to Thursday 2026-11-26
(2026-W48), the workspace folder is always called ``ws`` (its name is in the header), the app
does not watch the state folder, animations are off, the welcome toast is cleared before the
picture is taken, and the cursor of a focused text box does not blink.

Update after an intended change of the look with ``pytest tests/test_snapshots.py
--snapshot-update`` and look at every changed SVG before committing it.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from datetime import date
from pathlib import Path

import pytest
from conftest import settle
from textual.pilot import Pilot
from textual.widgets import Input

from tui.core.audience import ALL
from tui.core.session import Session
from tui.core.workspace import Workspace, init_workspace
from tui.ui.app import RitmasApp, make_app

TODAY = date(2026, 11, 26)
SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]

SnapCompare = Callable[..., bool]


def board_app(tmp_path: Path, lang: str = "en") -> RitmasApp:
    root = tmp_path / "ws"
    init_workspace(root)
    session = Session(Workspace(root), TODAY, profile=frozenset({ALL}))
    return make_app(session, lang=lang, watch=False)


def keys_then_still(*keys: str) -> Callable[[Pilot[None]], Awaitable[None]]:
    """Clear the welcome toast, press ``keys``, and stop every text cursor from blinking."""

    async def run_before(pilot: Pilot[None]) -> None:
        await settle(pilot)
        pilot.app.clear_notifications()
        for key in keys:
            await pilot.press(key)
        await settle(pilot)
        for box in pilot.app.screen.query(Input):
            box.cursor_blink = False
        await pilot.pause()

    return run_before


def snap(
    snap_compare: SnapCompare, app: RitmasApp, size: tuple[int, int], keys: Sequence[str] = ()
) -> None:
    assert snap_compare(app, terminal_size=size, run_before=keys_then_still(*keys))


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("lang", ["en", "lt"])
def test_board(snap_compare: SnapCompare, tmp_path: Path, lang: str, size: tuple[int, int]) -> None:
    """This week's board, every audience, focus on the first card of to do."""
    snap(snap_compare, board_app(tmp_path, lang), size)


@pytest.mark.parametrize("size", SIZES)
def test_board_with_cards_in_every_column(
    snap_compare: SnapCompare, tmp_path: Path, size: tuple[int, int]
) -> None:
    """A card in doing, one in done, a ticked step and a tally counted once."""
    keys = ["L", "h", "L", "L", "h", "h", "enter", "space", "escape", "L", "L"]
    snap(snap_compare, board_app(tmp_path), size, keys)


@pytest.mark.parametrize("size", SIZES)
def test_card_detail(snap_compare: SnapCompare, tmp_path: Path, size: tuple[int, int]) -> None:
    """The first card opened, its first step ticked."""
    snap(snap_compare, board_app(tmp_path), size, ["enter", "space"])


@pytest.mark.parametrize("size", SIZES)
def test_add_dialog(snap_compare: SnapCompare, tmp_path: Path, size: tuple[int, int]) -> None:
    """The add dialog with "lead" typed: the free-text line and the matching as-needed tasks."""
    snap(snap_compare, board_app(tmp_path), size, ["n", "l", "e", "a", "d"])


@pytest.mark.parametrize("size", SIZES)
def test_help(snap_compare: SnapCompare, tmp_path: Path, size: tuple[int, int]) -> None:
    """Help over the board, listing the board's keys."""
    snap(snap_compare, board_app(tmp_path), size, ["question_mark"])
