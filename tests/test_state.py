"""The state store: sparse JSON per period, atomic writes, damaged files left alone, migrations,
and changes kept and retried when the disk refuses them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import tui.core.state as state_module
from tui.core.state import (
    Column,
    Move,
    PeriodState,
    Record,
    StateFileError,
    StateWriteError,
    Store,
)


def set_column(column: Column):
    def change(state: PeriodState) -> str:
        state.occurrences["task"] = Record(
            column=column, history=[Move(at="2026-11-26T10:00:00+02:00", to=column)]
        )
        return "changed"

    return change


def test_written_file_is_sorted_indented_utf8_and_sparse(tmp_path: Path) -> None:
    store = Store(tmp_path)

    def change(state: PeriodState) -> None:
        state.occurrences["užduotis"] = Record(column=Column.DOING, note="Įrašyti žinutę")

    store.update("2026-W48", change)
    text = (tmp_path / "2026-W48.json").read_text(encoding="utf-8")
    data = json.loads(text)
    # Nothing here needs schema 2, so a Ritmas that reads only schema 1 can still use it.
    assert data["schema"] == 1 and data["period"] == "2026-W48"
    assert data["occurrences"]["užduotis"] == {
        "column": "doing",
        "history": [],
        "note": "Įrašyti žinutę",
    }
    assert "Įrašyti žinutę" in text  # not \\u-escaped
    assert text == json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def test_update_rereads_so_changes_from_another_store_are_kept(tmp_path: Path) -> None:
    first, second = Store(tmp_path), Store(tmp_path)
    first.read("2026-W48")  # a cached, soon stale, copy

    def add(key: str):
        def change(state: PeriodState) -> None:
            state.occurrences[key] = Record(column=Column.DONE)

        return change

    second.update("2026-W48", add("b"))
    first.update("2026-W48", add("a"))
    assert set(Store(tmp_path).read("2026-W48").occurrences) == {"a", "b"}


@pytest.mark.parametrize(
    ("content", "kind", "words"),
    [
        (b"{bad json", "damaged", "bad JSON"),
        (b"", "damaged", "empty"),
        (b"\xff\xfe", "damaged", "UTF-8"),
        (b'{"schema": 99, "period": "2026-W48"}', "newer", "newer Ritmas"),
        (b'{"period": "2026-W48"}', "damaged", "schema"),
        (b'{"schema": 1, "period": "2026-W47"}', "damaged", "2026-W47"),
        (
            b'{"schema": 1, "period": "2026-W48", "occurrences": {"t": {"column": "nope"}}}',
            "damaged",
            "occurrences.t.column",
        ),
    ],
)
def test_damaged_file_is_reported_and_never_overwritten(
    tmp_path: Path, content: bytes, kind: str, words: str
) -> None:
    path = tmp_path / "2026-W48.json"
    path.write_bytes(content)
    store = Store(tmp_path)
    with pytest.raises(StateFileError) as read_error:
        store.read("2026-W48")
    assert read_error.value.kind == kind
    assert words in str(read_error.value) and str(path) in str(read_error.value)
    with pytest.raises(StateFileError):
        store.update("2026-W48", set_column(Column.DONE))
    assert path.read_bytes() == content


def test_schema_0_is_migrated_on_write_with_a_backup(tmp_path: Path) -> None:
    old = {
        "schema": 0,
        "period": "2026-W48",
        "occurrences": {"t": {"column": "doing", "steps": [0, 2]}},
    }
    path = tmp_path / "2026-W48.json"
    path.write_text(json.dumps(old), encoding="utf-8")
    store = Store(tmp_path)
    assert store.read("2026-W48").occurrences["t"].checked == [0, 2]
    store.update("2026-W48", set_column(Column.DONE))
    assert (
        json.loads(path.read_text(encoding="utf-8"))["schema"] == 1
    )  # the lowest schema that holds it
    backup = tmp_path / "2026-W48.json.v0.bak"
    assert json.loads(backup.read_text(encoding="utf-8")) == old


def _disk_full(*args: object, **kwargs: object) -> None:
    raise OSError(28, "No space left on device")


def test_failed_write_leaves_no_file_and_says_why(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = Store(tmp_path)
    store.update("2026-W48", set_column(Column.TODO))
    before = (tmp_path / "2026-W48.json").read_bytes()
    monkeypatch.setattr(state_module, "atomic_write_text", _disk_full)
    with pytest.raises(StateWriteError) as error:
        store.update("2026-W48", set_column(Column.DONE))
    assert "No space left on device" in str(error.value) and not error.value.queued
    assert (tmp_path / "2026-W48.json").read_bytes() == before
    assert store.read("2026-W48").occurrences["task"].column is Column.TODO


def test_queued_change_shows_at_once_and_is_saved_on_retry(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = Store(tmp_path)
    store.queue_failed_writes = True
    real_write = state_module.atomic_write_text
    monkeypatch.setattr(state_module, "atomic_write_text", _disk_full)
    with pytest.raises(StateWriteError) as error:
        store.update("2026-W48", set_column(Column.DOING))
    assert error.value.queued and error.value.result == "changed"
    assert not (tmp_path / "2026-W48.json").exists()
    assert store.read("2026-W48").occurrences["task"].column is Column.DOING  # on screen
    assert store.flush() is False and len(store.pending) == 1  # still full: still waiting
    monkeypatch.setattr(state_module, "atomic_write_text", real_write)
    assert store.flush() is True and store.pending == []
    saved = json.loads((tmp_path / "2026-W48.json").read_text(encoding="utf-8"))
    assert saved["occurrences"]["task"]["column"] == "doing"


def test_atomic_write_leaves_no_temporary_files(tmp_path: Path) -> None:
    folder = tmp_path / "state"
    store = Store(folder)
    for column in (Column.TODO, Column.DOING, Column.DONE):
        store.update("2026-W48", set_column(column))
    names = sorted(p.name for p in folder.iterdir())
    assert names == [".ritmas.lock", "2026-W48.json"]
