"""Bad input never gives a traceback and never costs the user data: hand-edited state files,
calendar-style rules, odd paths and dates, all through the real `ritmas` command."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import RunRitmas

from tui.core.catalogue import CatalogueError, parse_catalogue

COMMON = ("--today", "2026-11-26", "--profile", "all")

MOVED_YESTERDAY = {"column": "doing", "history": [{"at": "yesterday", "to": "doing"}]}
BAD_STATE = [
    pytest.param({"occurrences": {"x": MOVED_YESTERDAY}}, id="bad-timestamp"),
    pytest.param({"occurrences": {"x": {"column": "done", "done_on": "bad"}}}, id="bad-done-on"),
    pytest.param({"occurrences": {"x@notadate": {"column": "todo"}}}, id="bad-key"),
]


@pytest.mark.parametrize("content", BAD_STATE)
def test_hand_edited_state_is_reported_not_crashed_on(
    run_ritmas: RunRitmas, workspace: Path, content: dict[str, object]
) -> None:
    path = workspace / "state" / "2026-W48.json"
    path.write_text(json.dumps({"schema": 1, "period": "2026-W48", **content}), encoding="utf-8")
    before = path.read_bytes()
    for command in (["list"], ["review"], ["doctor"]):
        done = run_ritmas("--workspace", workspace, *COMMON, *command)
        assert done.returncode == 1, (command, done.stderr)
        assert "Traceback" not in done.stderr and "2026-W48.json" in done.stderr + done.stdout
    assert path.read_bytes() == before


def test_a_state_file_with_an_impossible_year_is_ignored_by_name(
    run_ritmas: RunRitmas, workspace: Path
) -> None:
    (workspace / "state" / "0000.json").write_text("{}", encoding="utf-8")
    done = run_ritmas("--workspace", workspace, *COMMON, "list", "--json")
    assert done.returncode == 0 and "Traceback" not in done.stderr


def test_malformed_old_schema_is_damaged_not_a_crash(
    run_ritmas: RunRitmas, workspace: Path
) -> None:
    path = workspace / "state" / "2026-W48.json"
    path.write_text('{"schema": 0, "period": "2026-W48", "occurrences": "nope"}', encoding="utf-8")
    done = run_ritmas("--workspace", workspace, *COMMON, "doctor")
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "cannot migrate" in done.stdout + done.stderr


RULE_TASK = """
[[areas]]
id = "a"
title = "A"

[[areas.tasks]]
id = "t"
title = "T"
cadence = {{ kind = "rrule", rrule = "{rule}" }}
"""


def test_calendar_style_until_in_utc_is_accepted() -> None:
    catalogue = parse_catalogue(
        RULE_TASK.format(rule="FREQ=WEEKLY;BYDAY=FR;UNTIL=20270101T000000Z")
    )
    assert catalogue.tasks()[0][1].cadence.rrule


def test_a_rule_with_its_own_start_or_zone_is_refused_with_its_line() -> None:
    with pytest.raises(CatalogueError) as error:
        parse_catalogue(RULE_TASK.format(rule="DTSTART;TZID=Europe/Vilnius:20260101T000000"))
    (line,) = error.value.lines
    assert "catalogue.toml:9:" in line and "no DTSTART" in line


@pytest.mark.parametrize(
    "args",
    [
        ["--today", "9999-12-31", "list"],
        ["--period", "0001-W01", "review"],
        ["--today", "0001-01-01", "review"],
    ],
)
def test_dates_out_of_range_are_usage_errors(
    run_ritmas: RunRitmas, workspace: Path, args: list[str]
) -> None:
    done = run_ritmas("--workspace", workspace, *args)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert len(done.stderr_lines) == 1


def test_a_file_or_an_empty_folder_is_not_a_workspace(
    run_ritmas: RunRitmas, tmp_path: Path
) -> None:
    a_file = tmp_path / "notes.txt"
    a_file.write_text("x", encoding="utf-8")
    empty = tmp_path / "empty"
    empty.mkdir()
    for where in (a_file, empty):
        done = run_ritmas("--workspace", where, *COMMON, "list")
        assert done.returncode == 2 and "Traceback" not in done.stderr
        assert len(done.stderr_lines) == 1
    assert list(empty.iterdir()) == []  # nothing written into it
