"""The controller without Textual: intents in, view models and outcomes out, files on disk.

The store's thread is played by :class:`Driver`: it runs the jobs the controller sends, in order,
on a real :class:`~tui.core.keeper.StoreKeeper`, and hands each report back. So every test sees
the two moments a user sees: the board right after the key (the change shown, "saving…"), and
the board once the store has answered (saved, waiting, or refused), and the JSON on disk.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from filelock import FileLock

from tui.core import actions
from tui.core.audience import ALL
from tui.core.controller import Controller, Step
from tui.core.keeper import Job, StoreKeeper
from tui.core.save_outcome import Queued, Refused, Saved
from tui.core.session import Session
from tui.core.state import LOCK_FILE, Column
from tui.core.workspace import Workspace

TODAY = date(2026, 11, 26)  # week 2026-W48, month 2026-11
MONTH, WEEK = "2026-11", "2026-W48"
FIRST = "paruosti-menesio-kampanija"  # monthly, 6 steps, first in to do
SECOND = "parengti-1-naujienlaiski"  # monthly
WEEKLY = "nustatyti-prioritetus-savaites-menesio-darbams"  # weekly: lives in 2026-W48.json


class Driver:
    """A controller and the store's thread, run by hand."""

    def __init__(self, root: Path, lang: str = "en") -> None:
        self.root = root
        self.session = Session(Workspace(root), TODAY, profile=frozenset({ALL}))
        self.jobs: list[Job] = []
        self.ctl = Controller(self.session, lang, self.jobs.append)
        self.keeper = StoreKeeper(self.session, lang, lock_wait=0.05)

    def settle(self) -> list[Step]:
        """Run every job sent so far (and those their reports send), in order."""
        steps = []
        while self.jobs:
            report = self.jobs.pop(0)(self.keeper)
            if report is not None:
                steps.append(self.ctl.receive(report))
        return steps

    def column(self, step: Step, card_id: str) -> Column | None:
        assert step.view is not None and step.view.board is not None
        card = step.view.board.card(card_id)
        return card.column if card else None

    def record(self, key: str, record_key: str, section: str = "occurrences") -> Any:
        path = self.root / "state" / f"{key}.json"
        if not path.exists():
            return None
        return json.loads(path.read_text(encoding="utf-8"))[section].get(record_key)


def other_session(root: Path) -> Session:
    return Session(Workspace(root), TODAY, profile=frozenset({ALL}))


@pytest.fixture
def driver(workspace: Path) -> Driver:
    driver = Driver(workspace)
    first = driver.ctl.start()
    assert first.view is not None and first.view.board is None  # read on the store's thread
    (loaded,) = driver.settle()
    assert loaded.view is not None and loaded.view.board is not None
    return driver


def test_a_move_shows_at_once_and_is_saved_by_the_store_thread(driver: Driver) -> None:
    step = driver.ctl.move(FIRST, Column.DOING)
    assert driver.column(step, FIRST) is Column.DOING
    assert step.view is not None and step.view.saving == {FIRST} and step.view.focus == FIRST
    assert driver.record(MONTH, FIRST) is None  # nothing written on this thread

    (saved,) = driver.settle()
    assert saved.outcome == Saved()
    assert saved.view is not None and saved.view.saving == frozenset()
    assert driver.column(saved, FIRST) is Column.DOING
    assert driver.record(MONTH, FIRST)["column"] == "doing"


def test_undo_and_redo_show_at_once_and_write_back(driver: Driver) -> None:
    driver.ctl.move(FIRST, None)  # space: one column right
    driver.settle()
    step = driver.ctl.undo()
    assert driver.column(step, FIRST) is Column.TODO
    (undone,) = driver.settle()
    assert undone.outcome == Saved()
    record = driver.record(MONTH, FIRST)
    assert record is None or record["column"] == "todo"

    step = driver.ctl.redo()
    assert driver.column(step, FIRST) is Column.DOING
    driver.settle()
    assert driver.record(MONTH, FIRST)["column"] == "doing"
    step = driver.ctl.redo()
    assert [n.text for n in step.notices] == ["Nothing to redo"]


def test_filters_area_and_search_are_view_state(driver: Driver) -> None:
    areas = driver.session.catalogue.areas
    step = driver.ctl.choose_area(2)
    assert step.view is not None and {c.area for c in step.view.cards} == {areas[1].id}
    step = driver.ctl.choose_area(0)
    step = driver.ctl.search_for("  naujienlaišk ")
    assert step.view is not None and step.view.search == "naujienlaišk"
    assert SECOND in [c.id for c in step.view.cards]
    assert FIRST not in [c.id for c in step.view.cards]
    step = driver.ctl.set_filter(frozenset({"prekyba"}))
    assert step.view is not None and step.view.filter == {"prekyba"}
    assert not driver.jobs  # nothing here reads or writes a file


def test_a_refused_change_writes_nothing(driver: Driver) -> None:
    driver.ctl.move(FIRST, Column.DONE)
    driver.settle()
    before = (driver.root / "state" / f"{MONTH}.json").read_bytes()
    step = driver.ctl.carry(FIRST)  # done: nothing to carry
    assert isinstance(step.outcome, Refused) and "nothing to carry" in step.outcome.reason
    assert [n.severity for n in step.notices] == ["warning"]
    assert step.view is None and not driver.jobs
    assert (driver.root / "state" / f"{MONTH}.json").read_bytes() == before


def test_a_change_the_store_refuses_is_taken_back(driver: Driver) -> None:
    """The file was damaged after the board was read: the store's thread refuses the move, the
    card goes back, and there is nothing to undo."""
    damaged = driver.root / "state" / f"{MONTH}.json"
    damaged.write_bytes(b"{bad")
    step = driver.ctl.move(FIRST, Column.DOING)
    assert driver.column(step, FIRST) is Column.DOING  # shown at once, as always
    (refused,) = driver.settle()
    assert refused.outcome == Refused("2026-11.json is damaged: read-only")
    assert [n.text for n in refused.notices] == ["2026-11.json is damaged: read-only"]
    assert refused.view is not None and refused.view.saving == frozenset()
    assert refused.view.board is not None and MONTH in refused.view.board.damaged
    assert damaged.read_bytes() == b"{bad"
    assert [n.text for n in driver.ctl.undo().notices] == ["Nothing to undo"]


def test_a_damaged_file_refuses_changes_and_is_left_alone(workspace: Path) -> None:
    damaged = workspace / "state" / f"{WEEK}.json"
    damaged.write_bytes(b"{bad")
    driver = Driver(workspace)
    driver.ctl.start()
    driver.settle()
    step = driver.ctl.move(WEEKLY, Column.DOING)
    assert step.outcome == Refused("2026-W48.json is damaged: read-only")
    step = driver.ctl.add("it", "Paskambinti", None)
    assert isinstance(step.outcome, Refused)
    assert not driver.jobs
    assert damaged.read_bytes() == b"{bad"


def test_a_change_waits_while_another_session_holds_the_lock(driver: Driver) -> None:
    held = FileLock(str(driver.root / "state" / LOCK_FILE))
    with held:
        step = driver.ctl.move(FIRST, Column.DOING)
        assert driver.column(step, FIRST) is Column.DOING
        (waiting,) = driver.settle()
        assert waiting.outcome == Queued("the workspace is locked by another session")
        assert waiting.view is not None and waiting.view.saving == {FIRST}
        assert driver.column(waiting, FIRST) is Column.DOING  # still shown
        assert driver.ctl.unsaved == 1
        assert driver.record(MONTH, FIRST) is None
        assert driver.keeper.flush() is not None  # retried: still locked
        assert driver.record(MONTH, FIRST) is None
    flushed = driver.keeper.flush()
    assert flushed is not None and flushed.outcome == Saved()
    step = driver.ctl.receive(flushed)
    assert [n.text for n in step.notices] == ["Saved"]
    assert driver.ctl.unsaved == 0
    driver.settle()
    assert driver.record(MONTH, FIRST)["column"] == "doing"
    assert driver.column(driver.ctl.start(), FIRST) is Column.DOING


def test_another_sessions_change_is_noticed(driver: Driver) -> None:
    other = other_session(driver.root)
    card = other.board(other.this_week).card(SECOND)
    assert card is not None
    actions.move(other.store, card, Column.DONE, actions.clock(TODAY))
    changed = driver.keeper.watch()
    assert changed is not None and MONTH in changed.files
    driver.ctl.receive(changed)
    (step,) = driver.settle()
    assert driver.column(step, SECOND) is Column.DONE
    assert driver.keeper.watch() is None  # reported once


def test_the_screen_follows_the_disk_when_it_differs(driver: Driver) -> None:
    other = other_session(driver.root)
    card = other.board(other.this_week).card(FIRST)
    assert card is not None
    actions.tick(other.store, card, 0)  # meanwhile, in another session
    step = driver.ctl.move(FIRST, Column.DOING)
    assert step.view is not None and step.view.board is not None
    shown = step.view.board.card(FIRST)
    assert shown is not None and shown.checked == frozenset()
    (saved,) = driver.settle()
    assert [n.text for n in saved.notices] == [
        "Another session changed the card meanwhile: showing what is saved"
    ]
    assert saved.view is not None and saved.view.board is not None
    now = saved.view.board.card(FIRST)
    assert now is not None and now.checked == {0} and now.column is Column.DOING
    record = driver.record(MONTH, FIRST)
    assert record["checked"] == [0] and record["column"] == "doing"


def test_changes_are_saved_in_the_order_they_were_made(driver: Driver) -> None:
    driver.ctl.move(FIRST, Column.DOING)
    driver.ctl.move(FIRST, Column.DONE)
    step = driver.ctl.move(FIRST, Column.TODO)
    assert driver.column(step, FIRST) is Column.TODO
    driver.settle()
    record = driver.record(MONTH, FIRST)
    moves = [(m["from"], m["to"]) for m in record["history"]]
    assert moves == [("todo", "doing"), ("doing", "done"), ("done", "todo")]


def test_a_new_card_is_shown_focused_before_it_is_saved(driver: Driver) -> None:
    step = driver.ctl.add("it", "Paskambinti buhalterei", None)
    assert step.view is not None and step.view.focus is not None
    key = step.view.focus
    assert driver.column(step, key) is Column.TODO and key in step.view.saving
    driver.settle()
    assert driver.record(WEEK, key, "cards")["title"] == "Paskambinti buhalterei"
    step = driver.ctl.undo()
    assert driver.column(step, key) is None
    driver.settle()
    assert driver.record(WEEK, key, "cards") is None
