"""State schema 2 (assignee, send-back note): the migration from schema 1, tested on a file as
schema 1 wrote it, and what older and newer Ritmas do with each other's files."""

from __future__ import annotations

import json
import shutil
from datetime import date, datetime
from pathlib import Path

import pytest

from tui.core import actions
from tui.core.board import BoardContext, build_board
from tui.core.catalogue import parse_catalogue
from tui.core.periods import Week
from tui.core.state import (
    MIGRATIONS,
    SCHEMA,
    Column,
    PeriodState,
    StateFileError,
    Store,
)
from tui.core.workspace import shipped_catalogue_text

FIXTURE = Path(__file__).parent / "fixtures" / "schema1-2026-W48.json"
WEEK = Week(2026, 48)
TODAY = date(2026, 11, 26)
AT = datetime.fromisoformat("2026-11-26T14:00:00+02:00")


@pytest.fixture
def state_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "state"
    folder.mkdir()
    shutil.copy(FIXTURE, folder / "2026-W48.json")
    return folder


def board_of(store: Store):
    catalogue = parse_catalogue(shipped_catalogue_text())
    return build_board(BoardContext(catalogue, store, WEEK), WEEK, TODAY)


def test_there_is_one_migration_per_step_up_to_the_current_schema() -> None:
    assert SCHEMA == 3
    assert sorted(MIGRATIONS) == list(range(SCHEMA))


def test_schema_1_step_keeps_every_field_and_only_raises_the_version() -> None:
    old = json.loads(FIXTURE.read_text(encoding="utf-8"))
    new = MIGRATIONS[1](json.loads(FIXTURE.read_text(encoding="utf-8")))
    assert new == {**old, "schema": 2}


def test_schema_1_file_reads_unassigned_with_everything_kept(state_dir: Path) -> None:
    state = Store(state_dir).read("2026-W48")
    finance = state.occurrences["tvarkyti-finansus"]
    assert finance.assignee is None and finance.column == "done"
    assert [m.note for m in finance.history] == [None, None]
    assert state.occurrences["parengti-socialiniu-tinklu-irasa"].checked == [0, 2]
    assert state.cards["n1124a3f0"].note == "Dėžės – 40 vnt."
    assert state.review.worked == "Įrašai su nuotraukomis"
    board = board_of(Store(state_dir))
    assert board.card("tvarkyti-finansus").assignee is None
    assert board.card("n1124a3f0").fixes_note is None


def test_a_change_schema_1_can_hold_keeps_the_file_at_schema_1(state_dir: Path) -> None:
    """An older Ritmas (schema 1) must still read a file the newer one merely ticked in."""
    store = Store(state_dir)
    path = state_dir / "2026-W48.json"
    actions.tick(store, board_of(store).card("tvarkyti-finansus"), 0)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["schema"] == 1 and data["occurrences"]["tvarkyti-finansus"]["checked"] == [0]
    assert all("note" not in move for move in data["occurrences"]["tvarkyti-finansus"]["history"])
    assert not list(state_dir.glob("*.bak"))


def test_assigning_migrates_to_schema_2_with_a_backup(state_dir: Path) -> None:
    store = Store(state_dir)
    path = state_dir / "2026-W48.json"
    old_text = path.read_text(encoding="utf-8")
    actions.assign(store, board_of(store).card("tvarkyti-finansus"), "Ona")
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["schema"] == 2
    assert data["occurrences"]["tvarkyti-finansus"]["assignee"] == "Ona"
    # Everything schema 1 held is still there, unchanged.
    old = json.loads(old_text)
    for section in ("occurrences", "cards"):
        for key, record in old[section].items():
            assert {k: v for k, v in data[section][key].items() if k != "assignee"} == record
    assert data["review"] == old["review"]
    assert (state_dir / "2026-W48.json.v1.bak").read_text(encoding="utf-8") == old_text
    # Clearing the name again does not take the file back to schema 1.
    actions.assign(store, board_of(store).card("tvarkyti-finansus"), None)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["schema"] == 2 and "assignee" not in data["occurrences"]["tvarkyti-finansus"]


def test_send_back_note_is_kept_in_the_history_on_disk(state_dir: Path) -> None:
    store = Store(state_dir)
    path = state_dir / "2026-W48.json"
    card = board_of(store).card("tvarkyti-finansus")
    actions.send_back(store, card, "  Trūksta sąskaitos  ", AT)
    record = json.loads(path.read_text(encoding="utf-8"))["occurrences"]["tvarkyti-finansus"]
    assert record["column"] == "doing" and "done_on" not in record
    assert record["history"][-1] == {
        "at": "2026-11-26T14:00:00+02:00",
        "from": "done",
        "to": "doing",
        "note": "Trūksta sąskaitos",
    }
    assert (
        record["history"][:2]
        == json.loads(FIXTURE.read_text(encoding="utf-8"))["occurrences"]["tvarkyti-finansus"][
            "history"
        ]
    )
    again = board_of(Store(state_dir)).card("tvarkyti-finansus")
    assert again.fixes_note == "Trūksta sąskaitos"
    # Done again: the note is history, the card no longer shows it.
    actions.move(Store(state_dir), again, Column.DONE, AT)
    assert board_of(Store(state_dir)).card("tvarkyti-finansus").fixes_note is None


def test_a_file_from_a_newer_ritmas_is_read_only_and_untouched(state_dir: Path) -> None:
    path = state_dir / "2026-W48.json"
    newer = json.loads(FIXTURE.read_text(encoding="utf-8"))
    newer["schema"] = SCHEMA + 1
    newer["occurrences"]["tvarkyti-finansus"]["something_new"] = {"x": 1}
    content = json.dumps(newer).encode()
    path.write_bytes(content)
    store = Store(state_dir)
    with pytest.raises(StateFileError) as error:
        store.read("2026-W48")
    assert error.value.kind == "newer"
    board = board_of(store)
    assert "2026-W48" in board.damaged
    with pytest.raises(StateFileError):
        store.update("2026-W48", lambda state: None)
    assert path.read_bytes() == content


def test_to_json_writes_schema_1_moves_exactly_as_before() -> None:
    state = PeriodState.model_validate(json.loads(FIXTURE.read_text(encoding="utf-8")))
    state.schema_ = 1
    assert state.to_json() == FIXTURE.read_text(encoding="utf-8")
