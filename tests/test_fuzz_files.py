"""Fuzzing the files a user can edit, through the command line's own ``main()``.

State files are built from valid pieces mixed with wrong ones and then maybe cut or spliced as
text; TOML files (the catalogue, ``ritmas.toml``) are the test catalogue with lines dropped,
values swapped for odd ones, or bytes spliced in. Whatever comes out: no traceback (``main()``
returns), a file that cannot be used gives exit 1 (state) or 2 (TOML) with every error on its
own line naming the file and the line, a file that happens to be valid gives exit 0, and the
file is byte-identical afterwards.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

import pytest
from conftest import SMALL_CATALOGUE
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tui import cli
from tui.core.state import StateFileError, Store

WEEK = "2026-W48"
COMMON = ("--today", "2026-11-26", "--profile", "all")
FUZZ = settings(
    # RITMAS_FUZZ_EXAMPLES=2000 for a longer hunt; the suite's default stays quick.
    max_examples=int(os.environ.get("RITMAS_FUZZ_EXAMPLES", "60")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# -- state files ------------------------------------------------------------------------------

odd_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=12),
    st.sampled_from(["\x1b[2J", "\ud800", "2026-11-26", "2026-11-26T10:00:00+02:00", "todo"]),
)
odd_values = st.recursive(
    odd_scalars,
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=5), children, max_size=3)
    ),
    max_leaves=8,
)


def maybe(good: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """Mostly a good value, sometimes anything at all."""
    return st.one_of(good, good, good, odd_values)


moves = st.fixed_dictionaries(
    {
        "at": maybe(st.sampled_from(["2026-11-26T10:00:00+02:00", "2026-11-23T08:00:00"])),
        "to": maybe(st.sampled_from(["todo", "doing", "done", "skipped"])),
    },
    optional={"from": maybe(st.sampled_from(["todo", "doing", "done", None]))},
)
records = st.fixed_dictionaries(
    {},
    optional={
        "column": maybe(st.sampled_from(["todo", "doing", "done", "skipped"])),
        "checked": maybe(st.lists(st.integers(min_value=-3, max_value=8), max_size=4)),
        "tally": maybe(st.integers(min_value=-2, max_value=10**12)),
        "note": maybe(st.text(max_size=20)),
        "carried": maybe(st.booleans()),
        "done_on": maybe(st.sampled_from(["2026-11-26", "2019-01-01", "9000-12-31", None])),
        "history": maybe(st.lists(moves, max_size=3)),
        "title": maybe(st.text(max_size=20) | st.none()),
        "task": maybe(st.sampled_from(["naujas-darbuotojas", "nope", None])),
        "area": maybe(st.sampled_from(["vadyba", "marketingas", "nowhere", None])),
        "created": maybe(st.sampled_from(["2026-11-20", "2026-02-30", None])),
    },
)
occurrence_keys = st.sampled_from(
    [
        "socialinis-irasas",
        "naujienlaiskis",
        "pasiulymu-perziura",
        "pasto-tikrinimas@2026-11-26",
        "pasto-tikrinimas@2026-11-29",
        "gone-task",
        "x@notadate",
    ]
)
states = st.fixed_dictionaries(
    {
        "schema": maybe(st.sampled_from([1, 0])),
        "period": maybe(st.just(WEEK)),
    },
    optional={
        "occurrences": maybe(st.dictionaries(occurrence_keys, records, max_size=4)),
        "cards": maybe(st.dictionaries(st.sampled_from(["n1", "n2", "\x1b"]), records, max_size=3)),
        "review": maybe(st.fixed_dictionaries({}, optional={"worked": st.text(max_size=10)})),
    },
)
splices = st.sampled_from(["", "[", "{", "}", '"', "9" * 40, "[" * 100, "\x00", "\\ud800", ","])


@st.composite
def state_texts(draw: st.DrawFn) -> str:
    text = json.dumps(draw(states), indent=2, ensure_ascii=draw(st.booleans()))
    if draw(st.integers(0, 3)) == 0:  # now and then, damage the text itself
        at = draw(st.integers(0, len(text)))
        cut = draw(st.integers(0, 10))
        text = text[:at] + draw(splices) + text[at + cut :]
    return text


@pytest.fixture(scope="module")
def fuzz_workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("fuzz") / "ws"
    (root / "state").mkdir(parents=True)
    (root / "catalogue.toml").write_text(SMALL_CATALOGUE, encoding="utf-8")
    return root


def run(capsys: pytest.CaptureFixture[str], *args: object) -> tuple[int, str, list[str]]:
    code = cli.main([str(a) for a in args])  # an exception here fails the test: a traceback
    out, err = capsys.readouterr()
    return code, out, [line for line in err.splitlines() if line.strip()]


@FUZZ
@given(text=state_texts())
def test_fuzzed_state_files(
    capsys: pytest.CaptureFixture[str], fuzz_workspace: Path, text: str
) -> None:
    path = fuzz_workspace / "state" / f"{WEEK}.json"
    raw = text.encode("utf-8", "surrogatepass")
    path.write_bytes(raw)
    try:
        Store(fuzz_workspace / "state").read(WEEK)
        valid = True
    except StateFileError:
        valid = False
    for command in (["list"], ["review"], ["list", "--json"]):
        code, out, err = run(capsys, "--workspace", fuzz_workspace, *COMMON, *command)
        assert code == (0 if valid else 1), (command, err)
        if not valid:
            assert err, command
            for line in err:
                assert re.search(rf"{re.escape(str(path))}:\d+: ", line), line
        assert "\x1b" not in out + "".join(err)
    code, out, _ = run(capsys, "--workspace", fuzz_workspace, *COMMON, "doctor")
    assert code == (0 if valid else 1)
    assert path.read_bytes() == raw


# -- TOML files -------------------------------------------------------------------------------

ODD_TOML_VALUES = [
    "[" * 60 + "]" * 60,
    "9" * 25,
    "0x" + "f" * 30,
    "1e999",
    "-inf",
    "nan",
    '"\\u001b[2J"',
    '"\\ud800"',
    "'''\n'''",
    '"""',
    "0000-01-01",
    "2026-13-01",
    "{}",
    "[]",
    "true",
    '"FREQ=SECONDLY"',
    '"2026-W99"',
    "[1, 1000000]",
    '["produktai", "nope"]',
    '{ kind = "rrule", rrule = "FREQ=MINUTELY" }',
    '"monday"',
    '"sunday"',
    "-1",
    '"lt"',
]


@st.composite
def toml_texts(draw: st.DrawFn, base: str) -> str:
    lines = base.splitlines()
    for _ in range(draw(st.integers(1, 3))):
        if not lines:
            break
        n = draw(st.integers(0, len(lines) - 1))
        action = draw(st.sampled_from(["drop", "value", "splice", "dup"]))
        if action == "drop":
            del lines[n]
        elif action == "value" and "=" in lines[n]:
            key = lines[n].split("=", 1)[0]
            lines[n] = f"{key}= {draw(st.sampled_from(ODD_TOML_VALUES))}"
        elif action == "splice":
            at = draw(st.integers(0, len(lines[n])))
            lines[n] = (
                lines[n][:at]
                + draw(st.sampled_from(["[", "]", '"', "=", "\x00", "#"]))
                + lines[n][at:]
            )
        else:
            lines.insert(n, lines[n])
    return "\n".join(lines) + "\n"


@FUZZ
@given(text=toml_texts(SMALL_CATALOGUE))
def test_fuzzed_catalogues(capsys: pytest.CaptureFixture[str], tmp_path: Path, text: str) -> None:
    path = tmp_path / "catalogue.toml"
    raw = text.encode("utf-8", "surrogatepass")
    path.write_bytes(raw)
    code, out, err = run(capsys, "catalogue", "check", path)
    assert code in (0, 2)
    if code == 0:
        assert out.startswith("ok: ") and not err
    else:
        assert err
        for line in err:
            assert re.match(rf"ritmas: {re.escape(str(path))}:\d+: ", line), line
    assert "\x1b" not in out + "".join(err)
    assert path.read_bytes() == raw


SETTINGS = """\
# Our settings
profile = ["produktai", "solo"]
lang = "en"
week_start = "monday"
started = "2026-W40"
theme = "nord"

[keys]
quit = "q,ctrl+q"
move_right = "L,shift+right"
"""


@FUZZ
@given(text=toml_texts(SETTINGS))
def test_fuzzed_workspace_settings(
    capsys: pytest.CaptureFixture[str], fuzz_workspace: Path, text: str
) -> None:
    (fuzz_workspace / "state" / f"{WEEK}.json").unlink(missing_ok=True)
    path = fuzz_workspace / "ritmas.toml"
    raw = text.encode("utf-8", "surrogatepass")
    path.write_bytes(raw)
    try:
        code, _, err = run(capsys, "--workspace", fuzz_workspace, *COMMON, "list")
        assert code in (0, 2)
        if code == 2:
            (line,) = err
            assert re.match(rf"ritmas: {re.escape(str(path))}:\d+: ", line), line
        else:
            for line in err:  # warnings only, each naming the file and line
                assert re.match(rf"ritmas: warning: {re.escape(str(path))}:\d+: ", line), line
        assert path.read_bytes() == raw
    finally:
        path.unlink()
