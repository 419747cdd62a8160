"""The board cache (``.ritmas-cache/boards.json``) never changes what a board shows.

A year of history made by the benchmark's generator (``bench/review_10y.py``), read as the
command line reads it (a new session each time), is compared with the same board derived with no
cache at all: cold, warm, and after each change a user can make to what it depends on. Files are
aged by hand where a test needs the cache to be written: a board derived from a file written in
the last seconds is not kept (see ``board_cache.RACY_NS``).
"""

from __future__ import annotations

import json
import os
import shutil
import time
from dataclasses import fields
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from history import age, aged_copy, build_history, state_file

from tui.cli import main
from tui.core import actions, board_cache
from tui.core import session as session_module
from tui.core.board import Board, Card, build_board
from tui.core.keeper import StoreKeeper
from tui.core.periods import Week
from tui.core.session import Session
from tui.core.state import Column, PeriodState, Record
from tui.core.workspace import CACHE_DIR, Workspace

TODAY = date(2026, 11, 27)  # the generator's today, a Friday
W48 = Week(2026, 48)


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_history(tmp_path_factory.mktemp("history") / "ws", years=1, seed=5)


@pytest.fixture
def root(pristine: Path, tmp_path: Path) -> Path:
    """A copy of the year of history, its files written long enough ago to be cached."""
    return aged_copy(pristine, tmp_path / "ws")


def cached(root: Path, today: date = TODAY, week: Week = W48) -> Board:
    """The board as the command line reads it, cache and all."""
    return Session(Workspace(root), today, profile=frozenset({"all"})).board(week)


def uncached(root: Path, today: date = TODAY, week: Week = W48) -> Board:
    session = Session(Workspace(root), today, profile=frozenset({"all"}))
    return build_board(session.context, week, today)


def assert_same(got: Board, expected: Board) -> None:
    assert (got.week, got.today) == (expected.week, expected.today)
    assert got.cards == expected.cards
    assert got.skipped == expected.skipped
    assert got.damaged == expected.damaged
    assert got.rank == expected.rank


@pytest.fixture
def derived(monkeypatch: pytest.MonkeyPatch) -> list[Week]:
    """The weeks whose boards were derived (not taken from the cache)."""
    weeks: list[Week] = []
    real = session_module.build_board

    def counting(ctx: Any, week: Week, today: date) -> Board:
        weeks.append(week)
        return real(ctx, week, today)

    monkeypatch.setattr(session_module, "build_board", counting)
    return weeks


def test_a_card_is_written_and_read_back_whole() -> None:
    """Every field of a card has its way into the cache and back."""
    assert set(board_cache.CARD_FIELDS) == {f.name for f in fields(Card)}


def test_cold_then_warm_is_the_derived_board(root: Path, derived: list[Week]) -> None:
    expected = uncached(root)
    assert_same(cached(root), expected)
    assert derived == [W48]
    assert (root / CACHE_DIR / "boards.json").is_file()
    assert_same(cached(root), expected)
    assert derived == [W48]  # the second read came from the cache
    # Every card (floating, carried, missed in a row, daily) came back equal.
    kinds = {card.kind for card in expected.cards}
    assert len(kinds) >= 2 and any(card.missed_in_row for card in expected.cards)


def test_an_earlier_week_edited_in_place_is_read_anew(root: Path, derived: list[Week]) -> None:
    before = cached(root)
    earlier = state_file(root, "2026-W47")
    was = earlier.stat()
    # A task done last week becomes not done, in place: the same size, the same file (inode).
    with earlier.open("r+", encoding="utf-8") as file:
        content = file.read()
        at = content.index('"column": "done"') + len('"column": ')
        file.seek(len(content[:at].encode()))
        file.write('"todo"')
    now = earlier.stat()
    assert (now.st_size, now.st_ino) == (was.st_size, was.st_ino)
    after = cached(root)
    assert after.cards != before.cards  # last week's miss shows ("missed N in a row")
    assert_same(after, uncached(root))
    assert derived.count(W48) == 2


def test_a_new_file_with_a_card_is_seen(root: Path, derived: list[Week]) -> None:
    cached(root)
    card = Record(title="Nauja kortelė", area="marketingas", column=Column.TODO)
    state = PeriodState(period="2026-W20", cards={"n09999": card})
    (root / "state" / "2026-W20.json").write_text(state.to_json(), encoding="utf-8")
    board = cached(root)
    assert "Nauja kortelė" in [c.title for c in board.cards]
    assert_same(board, uncached(root))


def test_a_new_file_long_before_the_history_is_seen(root: Path, derived: list[Week]) -> None:
    """A file of a period no derivation looks at by name (years before the history): only the
    folder's list tells it came, with a card still open that floats to this week."""
    cached(root)
    card = Record(title="Sena, bet atvira", area="marketingas", column=Column.TODO)
    state = PeriodState(period="2019-W10", cards={"n09998": card})
    path = root / "state" / "2019-W10.json"
    path.write_text(state.to_json(), encoding="utf-8")
    age(path)
    board = cached(root)
    assert "Sena, bet atvira" in [c.title for c in board.cards]
    assert_same(board, uncached(root))


def test_a_deleted_file_is_seen(root: Path) -> None:
    before = cached(root)
    floating = next(c for c in before.cards if c.ref.file < "2026-W40" and c.ref.section == "cards")
    state_file(root, floating.ref.file).unlink()
    after = cached(root)
    assert floating.id not in [c.id for c in after.cards]
    assert_same(after, uncached(root))


def test_another_day_or_catalogue_is_another_board(root: Path, derived: list[Week]) -> None:
    cached(root)
    assert_same(cached(root, date(2026, 11, 28)), uncached(root, date(2026, 11, 28)))
    assert len(derived) == 2
    catalogue = root / "catalogue.toml"
    text = catalogue.read_text(encoding="utf-8")
    catalogue.write_text(text.replace('title = "', 'title = "Naujas ', 1), encoding="utf-8")
    board = cached(root)
    assert len(derived) == 3
    assert_same(board, uncached(root))


def test_a_board_with_a_damaged_file_is_never_kept(root: Path, derived: list[Week]) -> None:
    state_file(root, "2026-W48").write_text("{ not json", encoding="utf-8")
    age(state_file(root, "2026-W48"))
    first = cached(root)
    assert "2026-W48" in first.damaged
    assert_same(cached(root), uncached(root))
    assert len(derived) == 2  # derived each time: the damage is said each time


def test_a_board_read_from_a_file_written_just_now_is_not_kept(
    root: Path, derived: list[Week]
) -> None:
    os.utime(state_file(root, "2026-W47"))  # written "now" (by someone else)
    cached(root)
    cached(root)
    assert len(derived) == 2


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"{",
        b"[]",
        b'{"format": 1, "code": "x", "entries": []}',
        b'{"format": 1, "entries": [{"key": 1}]}',
    ],
)
def test_a_damaged_cache_is_passed_over(root: Path, content: bytes) -> None:
    cached(root)
    (root / CACHE_DIR / "boards.json").write_bytes(content)
    assert_same(cached(root), uncached(root))


def test_an_entry_changed_by_hand_is_not_trusted(root: Path, derived: list[Week]) -> None:
    cached(root)
    path = root / CACHE_DIR / "boards.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    entry = data["entries"][0]
    entry["data"] = entry["data"].replace("Paruo", "Sugadin", 1)
    path.write_text(json.dumps(data), encoding="utf-8")
    assert_same(cached(root), uncached(root))
    assert len(derived) == 2


def test_a_folder_in_place_of_the_cache_is_no_error(root: Path) -> None:
    (root / CACHE_DIR).mkdir(exist_ok=True)
    shutil.rmtree(root / CACHE_DIR)
    (root / CACHE_DIR / "boards.json").mkdir(parents=True)
    assert_same(cached(root), uncached(root))


def test_a_board_right_after_a_move_is_derived_then_kept(
    root: Path, derived: list[Week], capsys: pytest.CaptureFixture[str]
) -> None:
    """``ritmas move`` writes the week's file: the next command derives the board (the file is
    too new to vouch for), and once it is older, one derivation is kept for the next."""
    board = cached(root)
    card = next(c for c in board.cards if c.column is Column.TODO and c.ref.file == "2026-W48")
    workspace = ["--workspace", str(root), "--today", TODAY.isoformat(), "--profile", "all"]
    derived.clear()
    assert main(["move", card.id, "doing", *workspace]) == 0
    assert derived == []  # the move found its card on the kept board
    assert main(["list", *workspace]) == 0
    assert main(["list", *workspace]) == 0
    assert derived == [W48, W48]  # not kept: written just now
    age(state_file(root, "2026-W48"))
    after = cached(root)
    assert cached(root) is not after and derived == [W48, W48, W48]  # kept this time
    assert next(c for c in after.cards if c.id == card.id).column is Column.DOING
    assert_same(after, uncached(root))
    capsys.readouterr()


def test_two_writes_in_one_tick_to_the_same_size_are_never_mistaken(root: Path) -> None:
    """Two saves a moment apart can leave a file with the same time, size and even inode (the
    system reuses it): a board read between them is never kept, so never used after the second."""
    path = state_file(root, "2026-W48")
    text = path.read_text(encoding="utf-8")
    stat = path.stat()
    cached(root)  # kept: the files are old
    path.write_text(text, encoding="utf-8")  # "the first save", now
    os.utime(path, ns=(stat.st_atime_ns, time.time_ns()))
    cached(root)  # read between the two saves: not kept
    entry = json.loads((root / CACHE_DIR / "boards.json").read_text(encoding="utf-8"))
    data = json.loads(entry["entries"][0]["data"])
    assert data["files"]["2026-W48"][0] == stat.st_mtime_ns  # still the one from before


def test_the_keeper_sees_a_change_after_a_board_from_the_cache(root: Path) -> None:
    """The board's keeper notes the files a cached board came from: another session's edit
    of one of them is followed, as after a derivation."""
    cached(root)  # the cache is warm
    session = Session(Workspace(root), TODAY, profile=frozenset({"all"}))
    keeper = StoreKeeper(session, "lt")
    first = keeper.board(W48).board
    todo = next(c for c in first.cards if c.column is Column.TODO and c.ref.file == "2026-W48")
    other = Session(Workspace(root), TODAY, profile=frozenset({"all"}))
    actions.move(other.store, todo, Column.DOING, actions.clock(TODAY))
    again = keeper.board(W48).board
    assert next(c for c in again.cards if c.id == todo.id).column is Column.DOING


def test_old_open_cards_come_from_the_index_as_their_files_have_them(root: Path) -> None:
    """The floating index keeps the open cards of old files: a board made from it (without
    parsing those files) is the board made from every file."""
    shutil.rmtree(root / CACHE_DIR, ignore_errors=True)
    cold = uncached(root)  # every file read, the index made
    session = Session(Workspace(root), TODAY, profile=frozenset({"all"}))
    parsed: list[str] = []
    real = session.store._parse

    def counting(path: Path, key: str) -> PeriodState:
        parsed.append(key)
        return real(path, key)

    session.store._parse = counting  # type: ignore[method-assign]
    warm = build_board(session.context, W48, TODAY)
    assert_same(warm, cold)
    old_open = {c.ref.file for c in cold.cards if c.ref.file < "2026-W40"}
    assert old_open and not old_open & set(parsed)


@pytest.mark.parametrize("week", [W48, Week(2026, 47), Week(2026, 40), Week(2026, 1)])
def test_a_card_derived_alone_is_the_boards_card(root: Path, week: Week) -> None:
    """``move``, ``tick``, ``assign`` and ``send-back`` derive a catalogue task's card alone:
    for every task, the very card the board of that week has under its id."""
    session = Session(Workspace(root), TODAY, profile=frozenset({"all"}))
    board = build_board(session.context, week, TODAY)
    alone = 0
    for _, task in session.catalogue.tasks():
        found = session.recurring_card(week, task.id)
        if found is None:
            card = board.card(task.id)
            assert card is None or card.column is Column.SKIPPED or card.kind != "recurring"
            continue
        alone += 1
        card, damaged = found
        assert card == board.card(task.id)
        assert damaged == {}
    assert alone > 20


def test_the_board_of_a_very_large_catalogue_is_derived_not_kept(
    root: Path, derived: list[Week], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(session_module, "MAX_TASKS", 10)  # the history's catalogue has more
    cached(root)
    cached(root)
    assert derived == [W48, W48]
    assert not (root / CACHE_DIR / "boards.json").exists()
