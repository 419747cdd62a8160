"""The review cache (``.ritmas-cache/review.json``) never changes what a review says.

A year of history made by the benchmark's generator (``bench/review_10y.py``), reviewed as
``ritmas review`` does (a new session each time), is compared with the same review counted with
no cache at all: cold, warm, and after each change a user can make to what the past figures
depend on. Files are aged by hand where a test needs the cache to be written: a past counted
from a file written in the last seconds is not kept (see ``review_cache.RACY_NS``).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from history import age, aged_copy, build_history, state_file
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tui.core import actions, review_cache
from tui.core import review as review_module
from tui.core.keeper import StoreKeeper
from tui.core.periods import Week
from tui.core.review import Review, build_review
from tui.core.session import Session
from tui.core.state import Column, PeriodState, Record, Store
from tui.core.workspace import Workspace
from tui.render.review import render_json

TODAY = date(2026, 11, 27)  # the generator's today, a Friday
W48 = Week(2026, 48)
EVERYONE = frozenset({"all"})
OLD_FILE = "2026-W45"  # an earlier week inside the trend (W37-W47)
WEEKLY_TASK = "kurti-socialiniu-tinklu-turini"  # `cadence = { kind = "weekly" }`, fits everyone


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_history(tmp_path_factory.mktemp("history") / "ws", years=1, seed=3)


@pytest.fixture
def root(pristine: Path, tmp_path: Path) -> Path:
    """A copy of the year of history, its files written long enough ago to be cached."""
    return aged_copy(pristine, tmp_path / "ws")


def cached(root: Path, today: date = TODAY, profile: frozenset[str] = EVERYONE) -> Review:
    """The review as ``ritmas review`` makes it, cache and all."""
    session = Session(Workspace(root), today, profile=profile)
    return build_review(session, W48, today, profile)


def uncached(root: Path, today: date = TODAY, profile: frozenset[str] = EVERYONE) -> Review:
    """The same review counted whole, with no cache."""
    session = Session(Workspace(root), today, profile=profile)
    with session.store.steady():
        return review_module._build_review(session.context, W48, today, profile)


def assert_same(root: Path, today: date = TODAY, profile: frozenset[str] = EVERYONE) -> Review:
    """The cached review is the uncached one, field for field and in its JSON, byte for byte."""
    expected = uncached(root, today, profile)
    got = cached(root, today, profile)
    assert got == expected
    assert render_json(got) == render_json(expected)
    return got


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many times the past was counted (the cadence kept is counted with it)."""
    calls: list[int] = []
    real = review_module._cadence_kept

    def counting(*args: Any) -> Any:
        calls.append(1)
        return real(*args)

    monkeypatch.setattr(review_module, "_cadence_kept", counting)
    return calls


def counted_anew(calls: list[int], review: Callable[[], Review]) -> bool:
    before = len(calls)
    review()
    return len(calls) > before


def trend_of(review: Review, week: str) -> tuple[float, int]:
    point = next(p for p in review.trend if p.week == week)
    return point.done, point.due


def warm(root: Path, calls: list[int], **kwargs: Any) -> Review:
    """Review until the cache serves it (counted once, then from the cache)."""
    first = cached(root, **kwargs)
    assert not counted_anew(calls, lambda: cached(root, **kwargs)), "the cache was not used"
    return first


# ---------------------------------------------------------------------------------------------
# Cold, warm: the same review


def test_cold_then_warm_is_the_same_review(root: Path, counted: list[int]) -> None:
    cache = root / ".ritmas-cache" / review_cache.CACHE_FILE
    assert not cache.exists()
    cold = assert_same(root)
    assert cache.is_file()
    assert cold.trend[0].week == "2026-W37" and cold.cadence  # a year: a full trend, cadences
    assert not counted_anew(counted, lambda: cached(root))
    assert_same(root)
    # Another audience has entries of their own, beside this one.
    other = cached(root, profile=frozenset({"paslaugos"}))
    assert other == uncached(root, profile=frozenset({"paslaugos"}))
    assert other.cadence != cold.cadence
    assert not counted_anew(counted, lambda: cached(root))


def test_an_audience_of_any_text(root: Path) -> None:
    """The key is made of the audience's text as given (a lone surrogate from a command line in
    a broken locale cannot be written as UTF-8)."""
    odd = frozenset({"a\udcffb"})
    assert_same(root, profile=odd)


def test_the_cache_keeps_a_few_entries(root: Path) -> None:
    for n in range(review_cache.KEPT + 3):
        cached(root, today=date(2026, 11, 27 + n % 4), profile=frozenset({f"p{n}"}))
    data = json.loads((root / ".ritmas-cache" / review_cache.CACHE_FILE).read_text())
    assert len(data["entries"]) == review_cache.KEPT


# ---------------------------------------------------------------------------------------------
# What the past depends on: each change is seen


def test_an_earlier_week_edited_in_place_to_the_same_size(root: Path, counted: list[int]) -> None:
    before = warm(root, counted)
    file = state_file(root, OLD_FILE)
    text = file.read_text(encoding="utf-8")
    edited = text.replace('"column": "done"', '"column": "todo"', 1)  # four letters for four
    assert edited != text and len(edited) == len(text)
    inode = file.stat().st_ino
    with file.open("r+", encoding="utf-8") as handle:  # in place: the same file, the same size
        handle.write(edited)
    assert file.stat().st_ino == inode and file.stat().st_size == len(text.encode())
    after = assert_same(root)
    assert trend_of(after, OLD_FILE)[0] < trend_of(before, OLD_FILE)[0]


def test_a_new_file_in_the_folder(root: Path, counted: list[int]) -> None:
    # A week whose file is not there yet (nothing was done in it)...
    state_file(root, OLD_FILE).unlink()
    before = warm(root, counted)
    # ... gets one by hand: a card added and done in that week.
    state = PeriodState(period=OLD_FILE)
    state.cards["n-by-hand"] = Record.model_validate(
        {"column": "done", "done_on": "2026-11-04", "title": "Sutvarkyti sandėlį", "area": "x"}
    )
    state_file(root, OLD_FILE).write_text(state.to_json(), encoding="utf-8")
    after = assert_same(root)
    done, due = trend_of(before, OLD_FILE)
    assert trend_of(after, OLD_FILE) == (done + 1, due + 1)


def test_a_file_deleted(root: Path, counted: list[int]) -> None:
    before = warm(root, counted)
    state_file(root, OLD_FILE).unlink()
    after = assert_same(root)
    assert trend_of(after, OLD_FILE)[0] < trend_of(before, OLD_FILE)[0]


def test_another_today(root: Path, counted: list[int]) -> None:
    friday = warm(root, counted)
    # On Monday the reviewed week is over: what was open in it is kept or missed now.
    monday = assert_same(root, today=date(2026, 11, 30))
    assert monday.cadence != friday.cadence


def test_the_catalogue_edited(root: Path, counted: list[int]) -> None:
    before = warm(root, counted)
    catalogue = root / "catalogue.toml"
    text = catalogue.read_text(encoding="utf-8")
    at = text.index(f'id = "{WEEKLY_TASK}"')
    old = 'cadence = { kind = "weekly" }'
    assert text.index(old, at) - at < 400  # this task's own cadence
    cut = text.index(old, at)
    # Twice or three times a week now: a week done once (no tally) is not kept any more.
    new = 'cadence = { kind = "weekly", times = [2, 3] }'
    catalogue.write_text(text[:cut] + new + text[cut + len(old) :], encoding="utf-8")
    after = assert_same(root)
    assert after.trend[:-1] != before.trend[:-1]


def test_the_week_start_changed(root: Path, counted: list[int]) -> None:
    before = warm(root, counted)
    settings_file = root / "ritmas.toml"
    settings_file.write_text(settings_file.read_text() + 'week_start = "sunday"\n')
    after = assert_same(root)
    assert after != before


def test_a_change_waiting_to_be_saved_shows(root: Path, counted: list[int]) -> None:
    """A change the board could not save yet (a full disk) is in what it reads: the review
    counts it, not the files' cached past."""
    before = warm(root, counted)
    session = Session(Workspace(root), TODAY, profile=EVERYONE)

    def undone(state: PeriodState) -> None:
        for key, record in state.occurrences.items():
            if record.column is Column.DONE:
                state.occurrences[key] = record.model_copy(update={"column": Column.TODO})

    session.store.pending.append((OLD_FILE, undone))
    assert counted_anew(counted, lambda: build_review(session, W48, TODAY, EVERYONE)), (
        "a change waiting to be saved must be counted"
    )
    waiting = build_review(session, W48, TODAY, EVERYONE)
    assert trend_of(waiting, OLD_FILE)[0] < trend_of(before, OLD_FILE)[0]
    with session.store.steady():
        assert waiting == review_module._build_review(session.context, W48, TODAY, EVERYONE)


def test_this_weeks_floating_cards_are_counted_from_the_cache(
    root: Path, counted: list[int]
) -> None:
    """With the past from the cache, only the reviewed week's floating cards are looked for:
    a card added weeks ago and still open, and one added last week and done this week."""
    for key, card_id, record in (
        ("2026-W40", "h-open", {"title": "Dar neatlikta", "area": "marketingas"}),
        (
            "2026-W47",
            "h-done",
            {"title": "Atlikta šią savaitę", "column": "done", "done_on": "2026-11-25"},
        ),
    ):
        file = state_file(root, key)
        state = PeriodState.model_validate_json(file.read_bytes())
        state.cards[card_id] = Record.model_validate(record)
        file.write_text(state.to_json(), encoding="utf-8")
        age(file)
    review = warm(root, counted)
    assert review == assert_same(root)
    assert "h-open" in {item.card.ref.key for item in review.unfinished}
    assert "Atlikta šią savaitę" in {item.title for item in review.total.items if item.floating}


def test_a_file_changed_while_the_review_counts(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another session saves an earlier week between the trend and the cadence: what was counted
    is not what is there now, so it is not kept."""
    real = review_module._cadence_kept
    file = state_file(root, OLD_FILE)

    def meanwhile(*args: Any) -> Any:
        text = file.read_text(encoding="utf-8")
        if '"column": "done"' in text:
            file.write_text(text.replace('"column": "done"', '"column": "todo"'), encoding="utf-8")
            age(file)  # as if long ago: only its new identity tells
        return real(*args)

    monkeypatch.setattr(review_module, "_cadence_kept", meanwhile)
    cached(root)
    monkeypatch.setattr(review_module, "_cadence_kept", real)
    assert_same(root)


def test_the_boards_review_follows_its_own_save(root: Path, counted: list[int]) -> None:
    """The board's review screen goes through the store's thread: warm there too, and after a
    save of an earlier week (the owner sends a done card back to do) it counts it."""
    session = Session(Workspace(root), TODAY, profile=EVERYONE)
    keeper = StoreKeeper(session, "en", lock_wait=0.05)
    before = keeper.review(W48, EVERYONE).review
    assert before == uncached(root)
    assert not counted_anew(counted, lambda: keeper.review(W48, EVERYONE).review)
    earlier = Week.of(date.fromisoformat("2026-11-04"))
    assert earlier.key == OLD_FILE
    card = next(c for c in session.board(earlier).cards if c.column is Column.DONE)

    def send_back(store: Store) -> actions.Change | None:
        return actions.move(store, card, Column.TODO, actions.clock(TODAY))

    done = keeper.save(1, send_back, W48, (W48, EVERYONE))
    assert done.changed and done.review is not None
    assert done.review == uncached(root)
    assert trend_of(done.review, OLD_FILE)[0] < trend_of(before, OLD_FILE)[0]


# ---------------------------------------------------------------------------------------------
# Damaged files


def test_a_damaged_state_file_is_reported_and_never_cached(root: Path, counted: list[int]) -> None:
    warm(root, counted)
    cache = root / ".ritmas-cache" / review_cache.CACHE_FILE
    cache.unlink()
    state_file(root, OLD_FILE).write_text("{ not json", encoding="utf-8")
    age(state_file(root, OLD_FILE))
    for _ in range(2):
        review = assert_same(root)
        assert list(review.damaged) == [OLD_FILE]
    assert not cache.exists()  # never written while a file is damaged
    # Mended: counted again and kept again.
    state_file(root, OLD_FILE).write_text(PeriodState(period=OLD_FILE).to_json())
    age(state_file(root, OLD_FILE))
    assert not assert_same(root).damaged
    assert cache.is_file()


def test_a_file_damaged_after_it_was_cached(root: Path, counted: list[int]) -> None:
    warm(root, counted)
    state_file(root, OLD_FILE).write_text("{ not json", encoding="utf-8")
    assert list(assert_same(root).damaged) == [OLD_FILE]


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any file")
def test_a_file_made_unreadable_after_it_was_cached(root: Path, counted: list[int]) -> None:
    warm(root, counted)
    state_file(root, OLD_FILE).chmod(0)  # no new modification time: a new change time
    try:
        assert list(assert_same(root).damaged) == [OLD_FILE]
    finally:
        state_file(root, OLD_FILE).chmod(0o644)


def _valid_cache(root: Path) -> dict[str, Any]:
    cached(root)
    data: dict[str, Any] = json.loads(
        (root / ".ritmas-cache" / review_cache.CACHE_FILE).read_text()
    )
    return data


def _a_number_changed(data: dict[str, Any]) -> str:
    point = data["entries"][0]["past"]["trend"][3]
    assert point[1] > 0
    point[1] = 0.0  # a figure that could be true; the entry's digest no longer fits
    return json.dumps(data)


def _wrong_types(data: dict[str, Any]) -> str:
    data["entries"][0]["past"]["trend"] = "nothing"
    return json.dumps(data)


def _wrong_shape_fitting_digest(data: dict[str, Any]) -> str:
    entry = data["entries"][0]
    entry["past"]["cadence"] = [[10**6, "no-such-task", 1, 1]]
    entry["sum"] = review_cache._past_digest(entry["past"])
    return json.dumps(data)


def _negative_figures(data: dict[str, Any]) -> str:
    entry = data["entries"][0]
    entry["past"]["trend"][0][1:] = [-1.0, 3]
    entry["sum"] = review_cache._past_digest(entry["past"])
    return json.dumps(data)


def _kept_more_than_counted(data: dict[str, Any]) -> str:
    entry = data["entries"][0]
    entry["past"]["cadence"][0][2:] = [5, 4]
    entry["sum"] = review_cache._past_digest(entry["past"])
    return json.dumps(data)


DAMAGE: dict[str, Callable[[dict[str, Any]], str | bytes | None]] = {
    "garbage": lambda _: b"\x00\xff garbage \xfe",
    "empty": lambda _: b"",
    "truncated JSON": lambda data: json.dumps(data)[: len(json.dumps(data)) // 2],
    "not an object": lambda _: "[1, 2, 3]",
    "another format": lambda data: json.dumps({**data, "format": 999}),
    "other code": lambda data: json.dumps({**data, "reader": "0" * 64}),
    "entries not a list": lambda data: json.dumps({**data, "entries": {"a": 1}}),
    "an entry without its digest": lambda data: json.dumps(
        {**data, "entries": [{k: v for k, v in data["entries"][0].items() if k != "sum"}]}
    ),
    "a number changed": _a_number_changed,
    "wrong types": _wrong_types,
    "a task that is not there": _wrong_shape_fitting_digest,
    "negative figures": _negative_figures,
    "kept more often than counted": _kept_more_than_counted,
    "nested too deep": lambda _: "[" * 100_000 + "]" * 100_000,
    "a folder in its place": lambda _: None,
}


@pytest.mark.parametrize("damage", list(DAMAGE))
def test_a_damaged_cache_file_is_rebuilt(root: Path, damage: str, counted: list[int]) -> None:
    data = _valid_cache(root)
    cache = root / ".ritmas-cache" / review_cache.CACHE_FILE
    content = DAMAGE[damage](data)
    cache.unlink()
    if content is None:
        cache.mkdir()
        (cache / "x").write_text("a folder, not the cache")
    else:
        cache.write_bytes(content if isinstance(content, bytes) else content.encode())
    assert counted_anew(counted, lambda: cached(root))
    assert_same(root)
    if content is not None:  # written anew, and used
        assert not counted_anew(counted, lambda: cached(root))


def test_a_cache_folder_that_cannot_be_written(root: Path, counted: list[int]) -> None:
    (root / ".ritmas-cache").write_text("a file where the cache folder goes")
    assert_same(root)
    assert counted_anew(counted, lambda: cached(root))  # no cache: only slower


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes in any folder")
def test_a_read_only_cache_folder(root: Path, counted: list[int]) -> None:
    folder = root / ".ritmas-cache"
    cached(root)  # the folder made
    (folder / review_cache.CACHE_FILE).unlink()
    folder.chmod(0o555)
    try:
        assert_same(root)
        assert not (folder / review_cache.CACHE_FILE).exists()
    finally:
        folder.chmod(0o755)


def test_a_file_written_just_now_is_not_cached(root: Path, counted: list[int]) -> None:
    """In place and to the same size within one tick of the file system's clock, a file would
    keep its identity: a past counted from a file that new is not kept."""
    cache = root / ".ritmas-cache" / review_cache.CACHE_FILE
    file = state_file(root, OLD_FILE)
    file.write_text(file.read_text(encoding="utf-8"), encoding="utf-8")
    assert_same(root)
    assert not cache.exists()
    age(file)
    assert_same(root)
    assert not counted_anew(counted, lambda: cached(root))


# ---------------------------------------------------------------------------------------------
# Two processes


WRITER = """
import sys
from datetime import date
from pathlib import Path
from tui.core.keeper import StoreKeeper
from tui.core.periods import Week
from tui.core.review import build_review
from tui.core.session import Session
from tui.core.workspace import Workspace

root, name = Path(sys.argv[1]), sys.argv[2]
for n in range(15):
    profile = frozenset({f"{name}{n % 5}"})
    today = date(2026, 11, 27 + n % 3)
    build_review(Session(Workspace(root), today, profile=profile), Week(2026, 48), today, profile)
"""


def test_two_processes_writing_at_once_leave_a_valid_file(root: Path, counted: list[int]) -> None:
    writers = [
        subprocess.Popen([sys.executable, "-c", WRITER, str(root), name]) for name in ("a", "b")
    ]
    for writer in writers:
        assert writer.wait(timeout=120) == 0
    folder = root / ".ritmas-cache"
    data = json.loads((folder / review_cache.CACHE_FILE).read_text())
    assert data["format"] == review_cache.FORMAT and 0 < len(data["entries"]) <= review_cache.KEPT
    assert not [p.name for p in folder.iterdir() if p.name.startswith(".review-")]  # no leftovers
    assert_same(root)
    assert not counted_anew(counted, lambda: cached(root))


# ---------------------------------------------------------------------------------------------
# Any sequence of edits


EDITS = st.lists(
    st.tuples(
        st.sampled_from(["undo", "delete", "card", "age", "today"]),
        st.integers(min_value=0, max_value=13),  # which earlier week (W34 to W47)
    ),
    min_size=1,
    max_size=6,
)


@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(edits=EDITS)
def test_any_edits_give_the_uncached_review(pristine: Path, tmp_path: Path, edits: Any) -> None:
    copy = tmp_path / f"ws-{time.monotonic_ns()}"
    shutil.copytree(pristine, copy)
    for file in (copy / "state").iterdir():
        age(file)
    today = TODAY
    assert_same(copy, today)
    for edit, back in edits:
        key = Week(2026, 47 - back).key
        file = state_file(copy, key)
        if edit == "undo" and file.exists():
            text = file.read_text(encoding="utf-8")
            file.write_text(text.replace('"column": "done"', '"column": "todo"', 1))
        elif edit == "delete" and file.exists():
            file.unlink()
        elif edit == "card":
            state = PeriodState(period=key)
            if file.exists():
                state = PeriodState.model_validate_json(file.read_bytes())
            monday = Week(2026, 47 - back).monday.isoformat()
            state.cards[f"h{len(state.cards)}"] = Record.model_validate(
                {"column": "done", "done_on": monday, "title": "Ranka"}
            )
            file.write_text(state.to_json(), encoding="utf-8")
        elif edit == "age" and file.exists():
            age(file)
        elif edit == "today":
            today = date(2026, 11, 27 + back % 4)
        assert_same(copy, today)
        assert_same(copy, today)  # warm (when the files are old enough to be kept)


# ---------------------------------------------------------------------------------------------
# A review as printed


def printed(root: Path, *args: str, capsys: pytest.CaptureFixture[str]) -> str:
    from tui.cli import main

    workspace = ["--workspace", str(root), "--today", TODAY.isoformat(), "--profile", "all"]
    assert main(["review", *args, *workspace]) == 0
    return capsys.readouterr().out


@pytest.fixture
def built(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many reviews were built (not printed again from the cache)."""
    calls: list[int] = []
    real = review_module.build_review

    def counting(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(review_module, "build_review", counting)
    return calls


@pytest.mark.parametrize("fmt", ["text", "markdown", "json"])
def test_a_review_printed_again_is_the_same_and_not_built_again(
    root: Path, built: list[int], capsys: pytest.CaptureFixture[str], fmt: str
) -> None:
    first = printed(root, "--format", fmt, capsys=capsys)
    assert printed(root, "--format", fmt, capsys=capsys) == first
    assert len(built) == 1
    in_lithuanian = printed(root, "--format", fmt, "--lang", "lt", capsys=capsys)
    assert len(built) == 2  # another language is printed anew
    assert (in_lithuanian == first) is (fmt == "json")  # JSON speaks no language
    if fmt == "json":
        assert json.loads(first) == json.loads(render_json(uncached(root)))


def test_this_weeks_file_edited_prints_the_review_anew(
    root: Path, built: list[int], capsys: pytest.CaptureFixture[str]
) -> None:
    before = printed(root, "--format", "json", capsys=capsys)
    path = state_file(root, "2026-W48")
    state = json.loads(path.read_text(encoding="utf-8"))
    state["occurrences"][WEEKLY_TASK] = {"column": "done", "done_on": "2026-11-25", "history": []}
    path.write_text(json.dumps(state), encoding="utf-8")
    age(path)
    after = printed(root, "--format", "json", capsys=capsys)
    assert len(built) == 2
    assert after != before
    assert json.loads(after) == json.loads(render_json(uncached(root)))


def test_a_review_with_a_damaged_file_is_never_printed_from_the_cache(
    root: Path, built: list[int], capsys: pytest.CaptureFixture[str]
) -> None:
    from tui.cli import main

    state_file(root, OLD_FILE).write_text("{ broken", encoding="utf-8")
    age(state_file(root, OLD_FILE))
    workspace = ["--workspace", str(root), "--today", TODAY.isoformat(), "--profile", "all"]
    for _ in range(2):
        assert main(["review", *workspace]) == 1
        assert OLD_FILE in capsys.readouterr().err
    assert len(built) == 2
