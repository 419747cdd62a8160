"""The state's plain check (no Pydantic, the start path) against the Pydantic models (the schema):
whatever the plain check accepts, the models accept with the same values; what it refuses, the
models decide. Checked on generated files that mix well-formed and odd values."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from tui.core import state_schema
from tui.core.state import (
    Move,
    PeriodState,
    Record,
    Reflection,
    StateFileError,
    _Slow,
    _state_from_json,
    quick_state,
    state_json_from_bytes,
)

ODD = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-3, 3),
    st.sampled_from([10**19, 10**19 - 1, -(10**19) + 1, -(10**19)]),  # the shape check's edge
    st.floats(allow_nan=False, allow_infinity=False, min_value=-3, max_value=3),
    st.sampled_from(["", "todo", "done", "x", "2026-11-26", "2026-11-26T14:00:00+02:00", "1"]),
    st.lists(st.integers(0, 3), max_size=2),
    st.just({}),
)


def maybe(good: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.one_of(good, good, good, ODD)


MOVE = st.fixed_dictionaries(
    {
        "at": maybe(st.sampled_from(["2026-11-26T14:00:00+02:00", "2026-11-26T14:00:00"])),
        "to": maybe(st.sampled_from(["todo", "doing", "done", "skipped"])),
    },
    optional={
        "from": maybe(st.sampled_from(["todo", "doing", None])),
        "note": maybe(st.one_of(st.none(), st.text(max_size=3))),
        "source": st.sampled_from(["todo", "done"]),
        "extra": st.just(1),
    },
)
RECORD = st.fixed_dictionaries(
    {},
    optional={
        "column": maybe(st.sampled_from(["todo", "doing", "done", "skipped"])),
        "checked": maybe(st.lists(maybe(st.integers(0, 5)), max_size=3)),
        "tally": maybe(st.integers(0, 5)),
        "note": maybe(st.text(max_size=3)),
        "carried": maybe(st.booleans()),
        "done_on": maybe(st.sampled_from([None, "2026-11-26", "2026-02-30"])),
        "history": maybe(st.lists(MOVE, max_size=2)),
        "assignee": maybe(st.one_of(st.none(), st.text(max_size=3))),
        "title": maybe(st.one_of(st.none(), st.text(max_size=3))),
        "task": maybe(st.none()),
        "area": maybe(st.none()),
        "created": maybe(st.sampled_from([None, "2026-11-26", "26.11.2026"])),
        "unknown": st.just("x"),
    },
)
REFLECTION = st.fixed_dictionaries(
    {}, optional={"worked": maybe(st.text(max_size=3)), "focus": maybe(st.just("f"))}
)
STATE = st.fixed_dictionaries(
    {"period": maybe(st.just("2026-W48"))},
    optional={
        "schema": maybe(st.sampled_from([1, 2])),
        "occurrences": maybe(
            st.dictionaries(st.sampled_from(["a", "b@2026-11-26", "B C", "x@bad"]), RECORD)
        ),
        "cards": maybe(st.dictionaries(st.sampled_from(["n1", "n2"]), RECORD, max_size=2)),
        "review": maybe(REFLECTION),
    },
)


def check(plain: type[Any], data: Any) -> bool:
    """True when the plain check accepted ``data``; fails if it disagrees with the models."""
    model = getattr(state_schema, plain.__name__)
    try:
        fast = plain._fast(data)
    except _Slow:
        fast = None
    try:
        validated = model.model_validate(data)
    except ValidationError:
        assert fast is None, f"plain check accepted what the schema refuses: {data!r}"
        return False
    slow = plain._fast(validated.model_dump(mode="json", by_alias=True))
    if fast is not None:
        assert fast == slow, data
    assert plain.model_validate(data) == slow  # the public way gives the schema's result
    return fast is not None


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(STATE)
def test_plain_state_check_agrees_with_the_schema(data: dict[str, Any]) -> None:
    check(PeriodState, data)


@settings(max_examples=300, deadline=None)
@given(RECORD)
def test_plain_record_check_agrees_with_the_schema(data: dict[str, Any]) -> None:
    check(Record, data)


@settings(max_examples=200, deadline=None)
@given(st.one_of(MOVE, REFLECTION))
def test_plain_move_and_reflection_checks_agree_with_the_schema(data: dict[str, Any]) -> None:
    check(Move, data) if "at" in data or "to" in data else check(Reflection, data)


def test_a_file_as_ritmas_writes_it_takes_the_plain_path() -> None:
    """Not a test that cannot fail: a written file must never need the models."""
    record = Record(
        checked=[0, 2],
        tally=1,
        note="ą",
        done_on="2026-11-26",
        history=[Move(at="2026-11-26T14:00:00+02:00", to=Record().column, note="n")],
        assignee="Rasa",
    )
    state = PeriodState(period="2026-W48", occurrences={"a": record, "b@2026-11-26": Record()})
    state.cards["n1"] = Record(title="t", area="x", created="2026-11-26")
    state.review = Reflection(worked="w")
    data = json.loads(state.to_json())
    assert check(PeriodState, data)
    assert PeriodState._fast(data) == state


def test_reading_a_state_file_does_not_import_pydantic(tmp_path: Path) -> None:
    (tmp_path / "2026-W48.json").write_text(
        json.dumps({"schema": 2, "period": "2026-W48", "occurrences": {"a": {"tally": 1}}})
    )
    (tmp_path / "2026-W47.json").write_text(
        json.dumps({"schema": 2, "period": "2026-W47", "occurrences": {"a": {"tally": 1.0}}})
    )
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from tui.core.state import Store\n"
        f"store = Store(Path({str(tmp_path)!r}))\n"
        "assert store.read('2026-W48').occurrences['a'].tally == 1\n"
        "print('pydantic' in sys.modules)\n"
        "assert store.read('2026-W47').occurrences['a'].tally == 1\n"  # coerced by the schema
        "print('pydantic' in sys.modules)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["False", "True"]


JSONISH = st.text(alphabet='[]{}"\\:,. -+eE0123456789abn\n', max_size=200)


def shape_of(check: Any, text: str) -> tuple[int, str] | None:
    from tui.core.fileio import ShapeError

    try:
        check(text)
    except ShapeError as error:
        return error.line, error.kind
    return None


@settings(max_examples=1500, deadline=None)
@given(
    st.one_of(
        JSONISH,
        st.builds(lambda n, inner: "[" * n + inner + "]" * n, st.integers(0, 40), JSONISH),
        st.builds(lambda n, s: f'{{"a": "{s}", "b": {"7" * n}}}', st.integers(15, 25), JSONISH),
    )
)
def test_quick_json_shape_check_agrees_with_the_token_walk(text: str) -> None:
    """The quick look of check_json_shape refuses exactly what the token walk refuses, with the
    same line and kind (it hands every doubtful text to the walk)."""
    from tui.core.fileio import _walk_json_shape, check_json_shape

    assert shape_of(check_json_shape, text) == shape_of(_walk_json_shape, text)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@example({"schema": 2, "period": "2026-W48", "occurrences": {"a": {"tally": 10**19}}}, "")
@example({"schema": 1, "period": "2026-W48", "cards": {"n1": {"checked": [-(10**19)]}}}, "")
@example({"schema": 2, "period": "2026-W48", "cards": {"n1": {"checked": [10**19 - 1]}}}, "")
@given(
    STATE,
    st.sampled_from(
        ["", " ", "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]"]
    ),
)
def test_quick_read_agrees_with_the_careful_read(data: dict[str, Any], tail: str) -> None:
    """A file the quick read takes is one the careful read (shape walk, then the checks) takes,
    with the same state; whatever the careful read refuses, the quick one leaves to it."""
    text = json.dumps(data)
    if tail.strip():
        text = text[:-1] + f', "review": {tail}}}'  # too deep for the shape walk
    raw = text.encode()
    path = Path("state/2026-W48.json")
    quick = quick_state(raw, "2026-W48")
    try:
        careful = _state_from_json(*state_json_from_bytes(raw, path), path, "2026-W48")
    except StateFileError:
        assert quick is None, text
        return
    if quick is not None:
        assert quick == careful


@settings(max_examples=2000, deadline=None)
@given(
    st.one_of(
        st.from_regex(r"\A[0-9]{4}(-W[0-9]{2}|-Q[0-9]|-[0-9]{2}|-[0-9]{2}-[0-9]{2})?\Z"),
        st.from_regex(r"\A[ 0-9]{3,5}(-W[0-9]{1,3}|-Q[0-9]|-[0-9]{1,3})?[ \n]?\Z"),
        st.text(alphabet="0123456789-WQ \n٣", max_size=12),
    )
)
def test_quick_period_key_check_agrees_with_parsing(key: str) -> None:
    from tui.core.periods import PeriodKeyError, parse_period
    from tui.core.state import is_period_key

    try:
        expected = parse_period(key).key == key
    except PeriodKeyError:
        expected = False
    assert is_period_key(key) == expected
