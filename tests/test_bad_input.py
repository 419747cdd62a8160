"""Every bad input gets one clear line, and nothing is lost (issue 8).

Damaged files of every shape (nested 1,000 deep, numbers of 5,000 digits, too large, a FIFO, a
device), escape sequences in user text, text that is not UTF-8, cadences that cannot be served,
and odd command lines: each ends in one line naming the file (and line) and an exit status,
never a traceback, a hang or a changed file. Commands run in-process through ``main()`` where
that is enough, and as the real ``ritmas`` where a hang or raw bytes are the point.
"""

from __future__ import annotations

import json
import os
import stat
import time
from pathlib import Path

import pytest
from conftest import SMALL_CATALOGUE, RunRitmas, line_of

from tui import cli
from tui.core import fileio
from tui.core.cadence import rrule_dates
from tui.core.periods import Week

COMMON = ("--today", "2026-11-26", "--profile", "all")
WEEK = "2026-W48"
ESC_TITLE = "Pay \x1b]52;c;ZXZpbA==\x07 bills \x1b[2J now \x9b31m"


def ritmas(capsys: pytest.CaptureFixture[str], *args: object) -> tuple[int, str, list[str]]:
    """Run ``main()`` in this process: exit status, stdout, and the lines of stderr."""
    code = cli.main([str(a) for a in args])
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out, [line for line in err.splitlines() if line.strip()]


def state_file(root: Path, key: str, data: object | str) -> Path:
    path = root / "state" / f"{key}.json"
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return path


DEEP = '{"schema": 1, "period": "%s", "review": ' + "[" * 1000 + "]" * 1000 + "}"
LONG_NUMBER = '{"schema": 1, "period": "%s", "occurrences": {"x": {"tally": ' + "9" * 5000 + "}}}"

BAD_SHAPES = [
    pytest.param(DEEP, "nested more than", id="nested-1000-deep"),
    pytest.param(LONG_NUMBER, "longer than", id="number-5000-digits"),
]


# ---------------------------------------------------------------------------------------------
# 1. One bad file never breaks the workspace


@pytest.mark.parametrize(("content", "what"), BAD_SHAPES)
@pytest.mark.parametrize("key", ["2026-W48", "2019-W10"], ids=["this-week", "2019"])
def test_a_pathological_state_file_is_a_damaged_file_like_any_other(
    capsys: pytest.CaptureFixture[str], small_workspace: Path, content: str, what: str, key: str
) -> None:
    path = state_file(small_workspace, key, content % key)
    before = path.read_bytes()
    ws = ("--workspace", small_workspace, *COMMON)
    for command in (["list"], ["review"], ["doctor"]):
        code, out, err = ritmas(capsys, *ws, *command)
        assert code == 1, (command, out, err)
        lines = [line for line in out.splitlines() + err if f"{key}.json" in line]
        assert lines and what in lines[0], (command, out, err)
        assert f"{key}.json:1:" in lines[0]  # the file and the line
    assert path.read_bytes() == before
    code, out, _ = ritmas(capsys, *ws, "doctor", "--repair")
    assert code == 0 and "moved aside" in out
    assert not path.exists()
    (kept,) = (small_workspace / "state").glob(f"{key}.json.damaged-*")
    assert kept.read_bytes() == before


@pytest.mark.parametrize(
    ("value", "what"),
    [
        pytest.param("[" * 1000 + "]" * 1000, "nested more than", id="nested-1000-deep"),
        pytest.param("9" * 5000, "longer than", id="number-5000-digits"),
        pytest.param("0x" + "f" * 5000, "longer than", id="hex-5000-digits"),
    ],
)
@pytest.mark.parametrize("file", ["catalogue.toml", "ritmas.toml"])
def test_a_pathological_toml_file_is_one_line_and_exit_2(
    capsys: pytest.CaptureFixture[str], small_workspace: Path, value: str, what: str, file: str
) -> None:
    path = small_workspace / file
    text = (SMALL_CATALOGUE if file == "catalogue.toml" else "") + f"\nodd = {value}\n"
    path.write_text(text, encoding="utf-8")
    line = line_of(text, "odd = ")
    commands = [["list"], ["review"]] + (
        [["catalogue", "check"]] if file == "catalogue.toml" else []
    )
    for command in commands:
        code, out, err = ritmas(capsys, "--workspace", small_workspace, *COMMON, *command)
        assert code == 2, (command, out, err)
        (message,) = err
        assert f"{path}:{line}:" in message and what in message
    assert path.read_text(encoding="utf-8") == text


def test_an_unclosed_multiline_string_is_one_line_at_once(
    capsys: pytest.CaptureFixture[str], small_workspace: Path
) -> None:
    """The bounds check once backtracked exponentially on an unclosed \"\"\" (60 quotes took
    longer than any run): the catalogue is a syntax error on one line, answered at once."""
    path = small_workspace / "catalogue.toml"
    text = SMALL_CATALOGUE + '\nodd = """' + 'ab"' * 60 + "\n"
    path.write_text(text, encoding="utf-8")
    code, out, err = ritmas(capsys, "--workspace", small_workspace, *COMMON, "catalogue", "check")
    assert code == 2, (out, err)
    (message,) = err
    assert f"{path}:" in message and "Unterminated string" in message
    assert path.read_text(encoding="utf-8") == text


def test_a_fifo_in_state_hangs_nothing(run_ritmas: RunRitmas, small_workspace: Path) -> None:
    fifo = small_workspace / "state" / f"{WEEK}.json"
    os.mkfifo(fifo)
    started = time.monotonic()
    for command in (["list"], ["move", "socialinis-irasas", "doing"], ["doctor", "--repair"]):
        done = run_ritmas("--workspace", small_workspace, *COMMON, *command)
        assert done.returncode == 1, (command, done.stdout, done.stderr)
        assert "Traceback" not in done.stderr
        assert "not a regular file" in done.stdout + done.stderr
    assert time.monotonic() - started < 30  # each answers at once; a read would block forever
    assert stat.S_ISFIFO(fifo.stat().st_mode)  # --repair leaves it where it is


def test_catalogue_check_of_a_device_reads_nothing(
    capsys: pytest.CaptureFixture[str], small_workspace: Path
) -> None:
    code, _, err = ritmas(capsys, "catalogue", "check", "/dev/zero")
    assert code == 2
    assert err == ["ritmas: /dev/zero: not a regular file (a pipe, socket or device); not read"]


def test_a_file_over_the_limit_is_not_read(
    capsys: pytest.CaptureFixture[str], small_workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(fileio, "MAX_DATA_BYTES", 4096)
    path = state_file(small_workspace, WEEK, {"schema": 1, "period": WEEK, "pad": "x" * 5000})
    code, _, err = ritmas(capsys, "--workspace", small_workspace, *COMMON, "list")
    assert code == 1 and "too large" in err[0] and str(path) in err[0]
    code, _, err = ritmas(capsys, "catalogue", "check", path)
    assert code == 2 and "too large" in err[0]


def test_the_limits_allow_a_1_mb_title_and_a_catalogue_of_10000_tasks(
    capsys: pytest.CaptureFixture[str], small_workspace: Path, tmp_path: Path
) -> None:
    title = "Sąskaita " + "ž" * 1_000_000
    card = {"column": "todo", "history": [], "title": title, "area": "vadyba"}
    state_file(small_workspace, WEEK, {"schema": 1, "period": WEEK, "cards": {"n1": card}})
    code, out, _ = ritmas(capsys, "--workspace", small_workspace, *COMMON, "list", "--json")
    assert code == 0 and any(c["title"] == title for c in json.loads(out))

    steps = '"Surinkti duomenis", "Parašyti tekstą", "Išsiųsti klientui", "Patikrinti atsakymą"'
    task = (
        '[[areas.tasks]]\nid = "uzduotis-{n}"\n'
        'title = "Užduotis {n}: paruošti ataskaitą klientui ir patikrinti sąskaitas"\n'
        f"steps = [{steps}]\n"
        'cadence = {{ kind = "weekly", times = [1, 2] }}\n'
        'periodicity = "kas savaitę"\nfits = ["produktai", "paslaugos"]\n'
        'notes = "Pastaba apie užduotį, kad katalogas būtų panašus į tikrą verslo katalogą: '
        'kas, kada, kaip ir kodėl."\n\n'
    )
    big = tmp_path / "big.toml"
    text = '[[areas]]\nid = "a"\ntitle = "A"\n\n' + "".join(task.format(n=n) for n in range(10_000))
    big.write_text(text, encoding="utf-8")
    assert big.stat().st_size > 4_400_000
    code, out, _ = ritmas(capsys, "catalogue", "check", big)
    assert code == 0 and out.startswith("ok: 1 area, 10000 tasks")


def test_state_as_a_file_is_one_line(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    root = tmp_path / "ws"
    root.mkdir()
    (root / "catalogue.toml").write_text(SMALL_CATALOGUE, encoding="utf-8")
    (root / "state").write_text("not a folder", encoding="utf-8")
    for command in (["list"], ["doctor"], ["move", "socialinis-irasas", "doing"]):
        code, _, err = ritmas(capsys, "--workspace", root, *COMMON, *command)
        assert code == 2 and len(err) == 1 and "is a file, not the state folder" in err[0]


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any folder")
def test_an_unreadable_state_folder_is_one_line(
    capsys: pytest.CaptureFixture[str], small_workspace: Path
) -> None:
    state = small_workspace / "state"
    state.chmod(0)
    try:
        code, _, err = ritmas(capsys, "--workspace", small_workspace, *COMMON, "list")
    finally:
        state.chmod(0o755)
    assert code == 2 and len(err) == 1 and "cannot read the state folder" in err[0]


# ---------------------------------------------------------------------------------------------
# 2. Escape sequences and text that cannot be encoded


def _no_raw_controls(text: str) -> None:
    assert "\x1b" not in text and "\x9b" not in text and "\x07" not in text


def test_escape_sequences_are_shown_visibly_by_every_command(
    capsys: pytest.CaptureFixture[str], small_workspace: Path
) -> None:
    ws = ("--workspace", small_workspace, *COMMON)
    code, out, _ = ritmas(capsys, *ws, "add", ESC_TITLE, "--area", "vadyba")
    assert code == 0
    _no_raw_controls(out)
    assert "\\x1b]52;c;ZXZpbA==\\x07 bills \\x1b[2J now \\x9b31m" in out
    card_id = out.split()[1]
    data = json.loads((small_workspace / "state" / f"{WEEK}.json").read_text(encoding="utf-8"))
    assert data["cards"][card_id]["title"] == ESC_TITLE  # stored exactly
    occurrence = {"column": "doing", "history": [], "note": "note \x1b[31mred"}
    path = small_workspace / "state" / f"{WEEK}.json"
    data["occurrences"] = {"pasiulymu-perziura": occurrence}
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    for command in (
        ["list"],
        ["review"],
        ["review", "--format", "markdown"],
        ["review", "--format", "json"],
        ["list", "--json"],
    ):
        code, out, err = ritmas(capsys, *ws, *command)
        assert code == 0, (command, err)
        _no_raw_controls(out)
    code, out, _ = ritmas(capsys, *ws, "list", "--json")
    assert any(card["title"] == ESC_TITLE for card in json.loads(out))  # JSON stays exact


def test_a_catalogue_step_with_an_escape_is_shown_visibly_by_tick(
    capsys: pytest.CaptureFixture[str], small_workspace: Path
) -> None:
    catalogue = small_workspace / "catalogue.toml"
    text = SMALL_CATALOGUE.replace('"Paskelbti"', '"Paskelbti \\u001b[2J"')
    catalogue.write_text(text, encoding="utf-8")
    ws = ("--workspace", small_workspace, *COMMON)
    code, out, _ = ritmas(capsys, *ws, "tick", "socialinis-irasas", "3")
    assert code == 0 and "Paskelbti \\x1b[2J" in out
    _no_raw_controls(out)


def test_a_title_that_is_not_utf8_is_one_line(run_ritmas: RunRitmas, tmp_path: Path) -> None:
    import subprocess

    from conftest import ritmas_command

    root = tmp_path / "ws"
    assert run_ritmas("init", root).returncode == 0
    done = subprocess.run(
        [*ritmas_command(), "--workspace", str(root), *COMMON, "add", b"caf\xe9", "--area", "it"],
        capture_output=True,
        check=False,
    )
    err = done.stderr.decode("utf-8", "replace")
    assert done.returncode == 2 and "Traceback" not in err
    assert len(err.splitlines()) == 1 and "not UTF-8" in err
    assert not (root / "state" / f"{WEEK}.json").exists()


def test_a_lone_surrogate_in_a_note_lists_and_survives_writes(
    capsys: pytest.CaptureFixture[str], small_workspace: Path
) -> None:
    path = small_workspace / "state" / f"{WEEK}.json"
    path.write_text(
        '{"schema": 1, "period": "2026-W48", "occurrences": {"socialinis-irasas": '
        '{"column": "todo", "history": [], "note": "a\\ud800b"}}}',
        encoding="utf-8",
    )
    ws = ("--workspace", small_workspace, *COMMON)
    code, _, _ = ritmas(capsys, *ws, "list")
    assert code == 0
    code, _, err = ritmas(capsys, *ws, "move", "socialinis-irasas", "doing")
    assert code == 0, err
    code, _, err = ritmas(capsys, *ws, "tick", "socialinis-irasas", "1")
    assert code == 0, err
    text = path.read_bytes().decode("utf-8")  # still UTF-8
    assert '"note": "a\\ud800b"' in text  # the same escape, nothing lost
    assert json.loads(text)["occurrences"]["socialinis-irasas"]["column"] == "doing"


# ---------------------------------------------------------------------------------------------
# 4. A healthy file is not damaged


@pytest.fixture
def permission_denied(monkeypatch: pytest.MonkeyPatch) -> set[str]:
    """Make reading one file fail as a file without read permission does (tests run as root,
    who may read anything)."""
    import builtins
    import io

    denied: set[str] = set()
    real_os_open, real_open = os.open, builtins.open

    def os_open(path: object, *args: object, **kwargs: object) -> int:
        if os.fspath(path) in denied:  # type: ignore[arg-type]
            raise PermissionError(13, "Permission denied", os.fspath(path))  # type: ignore[arg-type]
        return real_os_open(path, *args, **kwargs)  # type: ignore[arg-type]

    def io_open(file: object, *args: object, **kwargs: object) -> object:
        if isinstance(file, (str, Path)) and os.fspath(file) in denied:
            raise PermissionError(13, "Permission denied", os.fspath(file))
        return real_open(file, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(os, "open", os_open)
    monkeypatch.setattr(builtins, "open", io_open)
    monkeypatch.setattr(io, "open", io_open)
    return denied  # the paths whose reading is refused


def test_a_file_without_permission_is_reported_as_such_and_never_moved(
    capsys: pytest.CaptureFixture[str],
    small_workspace: Path,
    permission_denied: set[str],
) -> None:
    path = state_file(small_workspace, WEEK, {"schema": 1, "period": WEEK})
    before = path.read_bytes()
    permission_denied.add(str(path))
    for command in (["doctor"], ["doctor", "--repair"]):
        code, out, _ = ritmas(capsys, "--workspace", small_workspace, *COMMON, *command)
        assert code == 1
        (line,) = [line for line in out.splitlines() if f"{WEEK}.json" in line]
        assert "Permission denied" in line and "moved aside" not in line
    permission_denied.clear()
    assert path.read_bytes() == before
    assert sorted(p.name for p in path.parent.iterdir()) == [".ritmas.lock", path.name]


# ---------------------------------------------------------------------------------------------
# 5. Cadences that cannot be served


@pytest.mark.parametrize(
    "rule",
    [
        "FREQ=SECONDLY",
        "FREQ=MINUTELY",
        "FREQ=HOURLY;BYDAY=MO",
        "RRULE:FREQ=secondly",
        "FREQ=DAILY;BYHOUR=0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23",
        "FREQ=DAILY;BYMINUTE=0,30",
        "FREQ=WEEKLY;BYDAY=FR;BYSECOND=1",
    ],
)
def test_rules_finer_than_a_day_are_refused_at_once(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, rule: str
) -> None:
    path = tmp_path / "catalogue.toml"
    text = (
        '[[areas]]\nid = "a"\ntitle = "A"\n\n[[areas.tasks]]\nid = "t"\ntitle = "T"\n'
        f'cadence = {{ kind = "rrule", rrule = "{rule}" }}\n'
    )
    path.write_text(text, encoding="utf-8")
    started = time.monotonic()
    code, _, err = ritmas(capsys, "catalogue", "check", path)
    assert time.monotonic() - started < 1
    assert code == 2
    (line,) = err
    assert f"{path}:{line_of(text, 'cadence =')}:" in line and "task 't'" in line


def test_one_rule_yields_at_most_seven_days_a_week() -> None:
    started = time.monotonic()
    hits = rrule_dates("FREQ=DAILY", Week(2026, 1), Week(2026, 48))
    assert len(hits) == 7 and time.monotonic() - started < 1


# ---------------------------------------------------------------------------------------------
# 6. Usage


def test_init_honours_workspace(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    here = tmp_path / "here"
    here.mkdir()
    monkeypatch.chdir(here)
    target = tmp_path / "there"
    code, _, _ = ritmas(capsys, "--workspace", target, "init")
    assert code == 0 and (target / "catalogue.toml").is_file()
    assert list(here.iterdir()) == []
    code, _, err = ritmas(capsys, "--workspace", target, "init", tmp_path / "third")
    assert code == 2 and "give one" in err[0]


@pytest.mark.parametrize("today", ["9000-12-31", "9000-12-28"])
def test_a_day_whose_week_cannot_be_kept_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], small_workspace: Path, today: str
) -> None:
    code, _, err = ritmas(
        capsys, "--workspace", small_workspace, "--today", today, "add", "X", "--area", "vadyba"
    )
    assert code == 2 and len(err) == 1 and "out of range" in err[0]
    assert list((small_workspace / "state").iterdir()) == []
    assert not (small_workspace / "ritmas.toml").exists()


def test_a_pinned_day_never_becomes_started(
    capsys: pytest.CaptureFixture[str], small_workspace: Path
) -> None:
    ws = ("--workspace", small_workspace, "--profile", "all")
    code, _, _ = ritmas(capsys, *ws, "--today", "2030-06-05", "move", "socialinis-irasas", "doing")
    assert code == 0
    settings = small_workspace / "ritmas.toml"
    assert not settings.exists() or "started" not in settings.read_text(encoding="utf-8")


def test_full_width_digits_are_not_a_week(
    capsys: pytest.CaptureFixture[str], small_workspace: Path
) -> None:
    odd = state_file(small_workspace, "２０２６-W48", {"schema": 1, "period": "２０２６-W48"})
    code, out, _ = ritmas(capsys, "--workspace", small_workspace, *COMMON, "list", "--json")
    assert code == 0
    code, out, _ = ritmas(capsys, "--workspace", small_workspace, *COMMON, "doctor")
    assert code == 1 and f"{odd}: not a state file name" in out
