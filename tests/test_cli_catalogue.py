"""The real ``ritmas`` command: catalogue check/export, init, options, usage errors, lookup.

Every test here runs the installed console script in a subprocess (see ``run_ritmas`` in
conftest), in a clean environment whose HOME and XDG folders are inside tmp_path.
"""

from __future__ import annotations

import importlib
import json
import tomllib
from pathlib import Path

import pytest
from conftest import REPO_ROOT, SMALL_CATALOGUE, SMALL_COUNTS, Ran, RunRitmas, line_of

from tui.cli import UsageError, build_parser, make_context
from tui.core.periods import Week
from tui.core.settings import Settings
from tui.core.workspace import shipped_catalogue_text

SHIPPED_AREAS, SHIPPED_TASKS = 7, 71
SMALL_OK = "ok: {} areas, {} tasks, {} steps".format(*SMALL_COUNTS)


def counts_of(path: Path) -> tuple[int, int, int]:
    """Areas, tasks and steps of a catalogue file, counted with plain tomllib."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    areas = data["areas"]
    tasks = [task for area in areas for task in area.get("tasks", [])]
    return len(areas), len(tasks), sum(len(task.get("steps", [])) for task in tasks)


def assert_ok(ran: Ran) -> None:
    assert ran.returncode == 0, ran.stderr
    assert ran.stderr == ""


def assert_one_line_failure(ran: Ran, status: int = 2) -> str:
    """Exit ``status``, nothing on stdout, exactly one line on stderr, no traceback."""
    assert ran.returncode == status, (ran.returncode, ran.stdout, ran.stderr)
    assert "Traceback" not in ran.stderr
    assert ran.stdout == ""
    assert len(ran.stderr_lines) == 1, ran.stderr
    (line,) = ran.stderr_lines
    assert line.startswith("ritmas: "), line
    return line


# --------------------------------------------------------------------------------------------
# Broken catalogues through `ritmas catalogue check PATH`


def edit(*replacements: tuple[str, str]) -> str:
    text = SMALL_CATALOGUE
    for old, new in replacements:
        assert old in text, old
        text = text.replace(old, new, 1)
    return text


# A Windows-1257 "ą" on one line of an otherwise UTF-8 file.
NOT_UTF8 = SMALL_CATALOGUE.encode("utf-8").replace(
    b'title = "Verslo valdymas"', 'title = "Verslo valdymas ą"'.encode("cp1257")
)

# (file content: text, bytes or None for no file; where the line is: a fragment of it, or
# (fragment, offset), or None; fragments the message must hold)
BROKEN = [
    pytest.param(
        edit(('title = "Patikrinti paštą"', 'title = "Patikrinti paštą')),
        'title = "Patikrinti paštą',
        ["TOML"],
        id="toml-syntax-error",
    ),
    pytest.param(
        edit(('notes = "Penktadienį."', 'note = "Penktadienį."')),
        'note = "Penktadienį."',
        ["pasiulymu-perziura", "'note'", "unknown key"],
        id="unknown-key",
    ),
    pytest.param(
        edit(('id = "metine-ataskaita"', 'id = "ketvircio-planas"')),
        ('title = "Metinė ataskaita"', -1),
        ["ketvircio-planas", "'id'", "duplicate task"],
        id="duplicate-task-id",
    ),
    pytest.param(
        edit(('fits = ["solo"]', 'fits = ["solo", "freelanceriai"]')),
        'fits = ["solo", "freelanceriai"]',
        ["pasto-tikrinimas", "'fits'", "freelanceriai"],
        id="unknown-tag",
    ),
    pytest.param(
        edit(('{ kind = "quarterly" }', '{ kind = "ketvirtinis" }')),
        'kind = "ketvirtinis"',
        ["ketvircio-planas", "cadence.kind", "ketvirtinis"],
        id="bad-cadence-kind",
    ),
    pytest.param(
        edit(("times = [2, 3]", "times = [3, 2]")),
        "times = [3, 2]",
        ["socialinis-irasas", "cadence.times"],
        id="times-min-over-max",
    ),
    pytest.param(
        edit(("FREQ=WEEKLY;BYDAY=FR", "FREQ=WEEKLY;BYDAY=PENKT")),
        "BYDAY=PENKT",
        ["pasiulymu-perziura", "cadence", "rrule"],
        id="invalid-rrule",
    ),
    pytest.param(
        edit(('title = "Ketvirčio planas"', 'title = ""')),
        'title = ""',
        ["ketvircio-planas", "'title'", "empty"],
        id="empty-title",
    ),
    pytest.param(
        edit(('steps = ["Surinkti skaičius"]', 'steps = "Surinkti skaičius"')),
        'steps = "Surinkti skaičius"',
        ["metine-ataskaita", "'steps'"],
        id="wrong-type-steps",
    ),
    pytest.param(None, None, ["not found"], id="missing-file"),
    pytest.param(NOT_UTF8, 'title = "Verslo valdymas', ["UTF-8"], id="not-utf8"),
    pytest.param(b"", None, ["empty"], id="empty-file"),
    pytest.param(
        edit(('id = "vadyba"', 'id = "marketingas"')),
        ('title = "Verslo valdymas"', -1),
        ["marketingas", "'id'", "duplicate area"],
        id="duplicate-area-id",
    ),
    pytest.param(
        edit(('{ kind = "quarterly" }', '{ kind = "weekly", rrule = "FREQ=WEEKLY;BYDAY=MO" }')),
        "BYDAY=MO",
        ["ketvircio-planas", "rrule", "weekly"],
        id="rrule-with-kind-weekly",
    ),
    pytest.param(
        edit(("every = 2", "every = 0")),
        "every = 0",
        ["naujienlaiskis", "cadence.every"],
        id="every-zero",
    ),
    pytest.param(
        edit(('fits = ["samdantys"]\n', 'fits = "samdantys"\n')),
        ('title = "Metinė ataskaita"', 3),
        ["metine-ataskaita", "'fits'"],
        id="wrong-type-fits",
    ),
]


@pytest.mark.parametrize(("content", "marker", "fragments"), BROKEN)
def test_check_broken_catalogue(
    run_ritmas: RunRitmas,
    tmp_path: Path,
    content: str | bytes | None,
    marker: str | tuple[str, int] | None,
    fragments: list[str],
) -> None:
    path = tmp_path / "broken" / "catalogue.toml"
    path.parent.mkdir()
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    elif isinstance(content, bytes):
        path.write_bytes(content)

    ran = run_ritmas("catalogue", "check", path)

    line = assert_one_line_failure(ran)
    assert str(path) in line
    if marker is not None:
        assert content is not None
        text = content.decode("utf-8", "replace") if isinstance(content, bytes) else content
        fragment, offset = (marker, 0) if isinstance(marker, str) else marker
        number = line_of(text, fragment) + offset
        assert f"{path}:{number}:" in line, line
    for fragment in fragments:
        assert fragment in line, (fragment, line)


def test_check_a_folder(run_ritmas: RunRitmas, tmp_path: Path) -> None:
    line = assert_one_line_failure(run_ritmas("catalogue", "check", tmp_path))
    assert str(tmp_path) in line


def test_check_reports_every_problem_on_its_own_line(run_ritmas: RunRitmas, tmp_path: Path) -> None:
    text = edit(
        ("times = [2, 3]", "times = [3, 2]"),
        ('title = "Ketvirčio planas"', 'title = ""'),
        ("every = 2", "every = 0"),
    )
    path = tmp_path / "c.toml"
    path.write_text(text, encoding="utf-8")
    ran = run_ritmas("catalogue", "check", path)
    assert ran.returncode == 2
    assert "Traceback" not in ran.stderr
    assert len(ran.stderr_lines) == 3
    found = {line.split(f"{path}:")[1].split(":")[0] for line in ran.stderr_lines}
    assert found == {
        str(line_of(text, "times = [3, 2]")),
        str(line_of(text, 'title = ""')),
        str(line_of(text, "every = 0")),
    }


def test_check_the_workspace_catalogue_names_its_path(
    run_ritmas: RunRitmas, small_workspace: Path
) -> None:
    path = small_workspace / "catalogue.toml"
    path.write_text(edit(("times = [2, 3]", "times = [3, 2]")), encoding="utf-8")
    line = assert_one_line_failure(run_ritmas("catalogue", "check", cwd=small_workspace))
    assert f"{path}:{line_of(path.read_text(encoding='utf-8'), 'times = [3, 2]')}:" in line


def test_check_small_catalogue(run_ritmas: RunRitmas, small_workspace: Path) -> None:
    ran = run_ritmas("catalogue", "check", small_workspace / "catalogue.toml")
    assert_ok(ran)
    assert ran.stdout == SMALL_OK + "\n"


# --------------------------------------------------------------------------------------------
# The shipped catalogue


def test_shipped_catalogue_counts_in_a_fresh_workspace(
    run_ritmas: RunRitmas, tmp_path: Path
) -> None:
    root = tmp_path / "fresh"
    assert_ok(run_ritmas("init", root))
    areas, tasks, steps = counts_of(root / "catalogue.toml")
    assert (areas, tasks) == (SHIPPED_AREAS, SHIPPED_TASKS)
    expected = f"ok: {areas} areas, {tasks} tasks, {steps} steps\n"
    for ran in (
        run_ritmas("catalogue", "check", cwd=root),
        run_ritmas("--workspace", root, "catalogue", "check"),
        run_ritmas("catalogue", "check", root / "catalogue.toml"),
    ):
        assert_ok(ran)
        assert ran.stdout == expected


def test_repo_catalogue_counts(run_ritmas: RunRitmas) -> None:
    path = REPO_ROOT / "catalogue.toml"
    areas, tasks, steps = counts_of(path)
    assert (areas, tasks) == (SHIPPED_AREAS, SHIPPED_TASKS)
    expected = f"ok: {areas} areas, {tasks} tasks, {steps} steps\n"
    for ran in (
        run_ritmas("catalogue", "check", path),
        run_ritmas("catalogue", "check", cwd=REPO_ROOT),
    ):
        assert_ok(ran)
        assert ran.stdout == expected


def test_shipped_text_is_the_repo_catalogue() -> None:
    assert shipped_catalogue_text() == (REPO_ROOT / "catalogue.toml").read_text(encoding="utf-8")


def test_export_json_shape(run_ritmas: RunRitmas, workspace: Path) -> None:
    ran = run_ritmas("catalogue", "export", "--format", "json", cwd=workspace)
    assert_ok(ran)
    data = json.loads(ran.stdout)
    assert list(data) == ["areas"]
    assert len(data["areas"]) == SHIPPED_AREAS
    tasks = [task for area in data["areas"] for task in area["tasks"]]
    assert len(tasks) == SHIPPED_TASKS
    for area in data["areas"]:
        assert set(area) == {"id", "title", "tasks"}
        assert isinstance(area["id"], str) and isinstance(area["title"], str)
    for task in tasks:
        assert set(task) == {"id", "title", "steps", "periodicity", "cadence", "fits", "assignee"}
        assert isinstance(task["steps"], list)
        assert all(isinstance(step, str) for step in task["steps"])
        assert task["periodicity"] is None or isinstance(task["periodicity"], str)
        assert set(task["cadence"]) == {"kind", "times", "every", "rrule"}
        assert len(task["cadence"]["times"]) == 2
        assert isinstance(task["fits"], list)
    assert len({task["id"] for task in tasks}) == SHIPPED_TASKS
    _, _, steps = counts_of(workspace / "catalogue.toml")
    assert sum(len(task["steps"]) for task in tasks) == steps


def test_export_json_values(run_ritmas: RunRitmas, small_workspace: Path) -> None:
    ran = run_ritmas("catalogue", "export", "--workspace", small_workspace)
    assert_ok(ran)
    data = json.loads(ran.stdout)
    marketing, management = data["areas"]
    assert marketing["id"] == "marketingas"
    assert marketing["tasks"][0] == {
        "id": "socialinis-irasas",
        "title": "Parengti socialinių tinklų įrašą",
        "steps": ["Pasirinkti formatą", "Parašyti tekstą", "Paskelbti"],
        "periodicity": "2–3× per savaitę",
        "cadence": {"kind": "weekly", "times": [2, 3], "every": 1, "rrule": None},
        "fits": ["visi"],
        "assignee": None,
    }
    assert marketing["tasks"][2]["cadence"]["rrule"] == "FREQ=WEEKLY;BYDAY=FR"
    assert [t["cadence"]["kind"] for t in management["tasks"]] == [
        "daily",
        "quarterly",
        "yearly",
        "as_needed",
    ]
    assert "Parengti socialinių" in ran.stdout  # UTF-8, not \\u escapes


def test_export_of_a_broken_catalogue_fails_cleanly(
    run_ritmas: RunRitmas, small_workspace: Path
) -> None:
    (small_workspace / "catalogue.toml").write_text(edit(("every = 2", "every = 0")), "utf-8")
    line = assert_one_line_failure(run_ritmas("catalogue", "export", cwd=small_workspace))
    assert "cadence.every" in line


# --------------------------------------------------------------------------------------------
# init


def test_init_creates_a_workspace_and_never_overwrites(
    run_ritmas: RunRitmas, tmp_path: Path
) -> None:
    root = tmp_path / "new" / "biz"
    ran = run_ritmas("init", root)
    assert_ok(ran)
    catalogue = root / "catalogue.toml"
    assert catalogue.is_file()
    assert (root / "state").is_dir()
    assert catalogue.read_text(encoding="utf-8") == shipped_catalogue_text()
    assert str(catalogue) in ran.stdout

    catalogue.write_text(SMALL_CATALOGUE, encoding="utf-8")
    again = run_ritmas("init", root)
    assert_ok(again)
    assert catalogue.read_text(encoding="utf-8") == SMALL_CATALOGUE

    (root / "state").rmdir()
    third = run_ritmas("init", cwd=root)  # DIR defaults to here
    assert_ok(third)
    assert (root / "state").is_dir()
    assert catalogue.read_text(encoding="utf-8") == SMALL_CATALOGUE


# --------------------------------------------------------------------------------------------
# Options and usage


@pytest.mark.parametrize(
    "args",
    [
        ("--workspace", "{ws}", "catalogue", "check"),
        ("catalogue", "check", "--workspace", "{ws}"),
        ("catalogue", "--workspace", "{ws}", "check"),
        ("--today", "2026-11-26", "catalogue", "check", "--workspace", "{ws}", "--lang", "en"),
        ("--workspace", "/nonexistent", "catalogue", "check", "--workspace", "{ws}"),
    ],
    ids=["before", "after", "between", "mixed", "last-wins"],
)
def test_global_options_before_and_after_the_subcommand(
    run_ritmas: RunRitmas, small_workspace: Path, args: tuple[str, ...]
) -> None:
    ran = run_ritmas(*(a.format(ws=small_workspace) for a in args))
    assert_ok(ran)
    assert ran.stdout == SMALL_OK + "\n"


@pytest.mark.parametrize(
    "args",
    [
        ("--help",),
        ("init", "--help"),
        ("catalogue", "--help"),
        ("catalogue", "check", "--help"),
        ("catalogue", "export", "--help"),
    ],
    ids=" ".join,
)
def test_help(run_ritmas: RunRitmas, args: tuple[str, ...]) -> None:
    ran = run_ritmas(*args)
    assert_ok(ran)
    assert ran.stdout.startswith("usage: ritmas")
    assert "--workspace" in ran.stdout


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (("frobnicate",), "frobnicate"),
        (("--today", "2026-13-01", "catalogue", "check"), "--today"),
        (("catalogue", "check", "--today", "2026-13-01"), "--today"),
        (("catalogue",), "check"),
        (("catalogue", "check", "a.toml", "b.toml"), "b.toml"),
        (("catalogue", "export", "--format", "csv"), "csv"),
        (("--lang", "xx", "catalogue", "check"), "xx"),
        (("--no-such-option",), "--no-such-option"),
        (("--workspace", "{tmp}/nowhere", "catalogue", "check"), "nowhere"),
    ],
    ids=lambda v: " ".join(v) if isinstance(v, tuple) else "",
)
def test_bad_usage_is_one_line(
    run_ritmas: RunRitmas, tmp_path: Path, args: tuple[str, ...], fragment: str
) -> None:
    line = assert_one_line_failure(run_ritmas(*(a.format(tmp=tmp_path) for a in args)))
    assert fragment in line


def test_usage_error_prefix_is_not_doubled(run_ritmas: RunRitmas) -> None:
    line = assert_one_line_failure(run_ritmas("frobnicate"))
    assert not line.startswith("ritmas: ritmas:"), line


def test_bad_period_with_the_board_is_one_line(
    run_ritmas: RunRitmas, small_workspace: Path
) -> None:
    board = importlib.import_module("tui.commands.board")
    assert hasattr(board, "run")
    for args in (("--period", "2026-W99"), ("board", "--period", "2026-W99")):
        line = assert_one_line_failure(run_ritmas(*args, "--workspace", small_workspace))
        assert "--period" in line
        assert "2026-W99" in line


@pytest.mark.parametrize(
    ("argv", "settings", "week"),
    [
        (["--period", "2026-W48"], None, Week(2026, 48)),
        (["--period", "2026-11-26"], None, Week(2026, 48)),
        (["--today", "2026-11-26"], None, Week(2026, 48)),
        (["--today", "2026-11-22"], None, Week(2026, 47)),
        (["--today", "2026-11-22"], Settings(week_start=6), Week(2026, 48)),
        (["catalogue", "check", "--period", "2026-W53"], None, Week(2026, 53)),
    ],
)
def test_context_week(
    monkeypatch: pytest.MonkeyPatch,
    elsewhere: Path,
    argv: list[str],
    settings: Settings | None,
    week: Week,
) -> None:
    monkeypatch.chdir(elsewhere)
    ctx = make_context(build_parser().parse_args(argv), env={})
    assert ctx.week(settings) == week


@pytest.mark.parametrize("period", ["2026-W99", "2025-W53", "2026-11", "soon"])
def test_context_week_rejects_bad_periods(
    monkeypatch: pytest.MonkeyPatch, elsewhere: Path, period: str
) -> None:
    monkeypatch.chdir(elsewhere)
    ctx = make_context(build_parser().parse_args(["--period", period]), env={})
    with pytest.raises(UsageError, match="--period"):
        ctx.week()


# --------------------------------------------------------------------------------------------
# Workspace lookup


def test_workspace_found_upward_from_a_subfolder(
    run_ritmas: RunRitmas, small_workspace: Path
) -> None:
    deep = small_workspace / "notes" / "2026"
    deep.mkdir(parents=True)
    ran = run_ritmas("catalogue", "check", cwd=deep)
    assert_ok(ran)
    assert ran.stdout == SMALL_OK + "\n"


def test_ritmas_workspace_env_is_honoured(run_ritmas: RunRitmas, small_workspace: Path) -> None:
    ran = run_ritmas("catalogue", "check", env={"RITMAS_WORKSPACE": str(small_workspace)})
    assert_ok(ran)
    assert ran.stdout == SMALL_OK + "\n"


def test_env_beats_upward_lookup_and_option_beats_env(
    run_ritmas: RunRitmas, small_workspace: Path, workspace: Path
) -> None:
    env = {"RITMAS_WORKSPACE": str(small_workspace)}
    ran = run_ritmas("catalogue", "check", cwd=workspace, env=env)
    assert_ok(ran)
    assert ran.stdout == SMALL_OK + "\n"
    ran = run_ritmas("catalogue", "check", "--workspace", workspace, cwd=small_workspace, env=env)
    assert_ok(ran)
    assert ran.stdout.startswith(f"ok: {SHIPPED_AREAS} areas, {SHIPPED_TASKS} tasks, ")


def test_xdg_data_folder_is_made_with_the_shipped_catalogue(
    run_ritmas: RunRitmas, tmp_path: Path, elsewhere: Path
) -> None:
    data_home = tmp_path / "xdg-data"
    home = tmp_path / "home"
    assert not data_home.exists()
    ran = run_ritmas("catalogue", "check", cwd=elsewhere, env={"XDG_DATA_HOME": str(data_home)})
    assert_ok(ran)
    assert ran.stdout.startswith(f"ok: {SHIPPED_AREAS} areas, {SHIPPED_TASKS} tasks, ")
    root = data_home / "ritmas"
    assert (root / "catalogue.toml").read_text(encoding="utf-8") == shipped_catalogue_text()
    assert (root / "state").is_dir()
    # Nothing else was written: not in the current folder, not in HOME.
    assert list(elsewhere.iterdir()) == []
    assert list(home.iterdir()) == []
    # A second run uses the same folder and leaves a changed catalogue alone.
    (root / "catalogue.toml").write_text(SMALL_CATALOGUE, encoding="utf-8")
    again = run_ritmas("catalogue", "check", cwd=elsewhere)
    assert_ok(again)
    assert again.stdout == SMALL_OK + "\n"


# --------------------------------------------------------------------------------------------
# Only the command asked for is imported


def test_the_table_of_commands_is_the_modules_own() -> None:
    import argparse

    from tui.commands import COMMAND_MODULES, COMMANDS

    registered: dict[str, str] = {}
    for module in COMMAND_MODULES:

        def command(name: str, help_text: str, module: str = module) -> argparse.ArgumentParser:
            registered[name] = module
            return argparse.ArgumentParser()

        importlib.import_module(module).register(command, "en")
    assert registered == COMMANDS


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["--workspace", "w", "--today", "2026-11-26"],
        ["list", "--json", "--profile", "all"],
        ["--lang", "en", "move", "x", "doing", "--period", "2026-W48"],
        ["--workspace=w", "doctor", "--repair"],
        ["--work", "w", "review", "--format", "json"],  # an abbreviated option
        ["--work", "list"],  # the guess ("list") is wrong: workspace "list", the board
        ["catalogue", "check"],
        ["send-back", "c", "the note"],
    ],
)
def test_parsed_the_same_with_only_the_command_asked_for(argv: list[str]) -> None:
    from tui.cli import _parse

    def plain(namespace: object) -> dict[str, object]:
        return {k: v for k, v in vars(namespace).items() if k != "handler"}

    whole = build_parser().parse_args(argv)
    quick = _parse(argv, "en")
    assert plain(quick) == plain(whole)
    assert getattr(quick, "handler", None) == getattr(whole, "handler", None)


def test_a_command_imports_only_its_own_module(elsewhere: Path, small_workspace: Path) -> None:
    import subprocess
    import sys

    code = (
        "import contextlib, io, sys\n"
        "from tui.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    main(['doctor', '--workspace', {str(small_workspace)!r}])\n"
        "print(' '.join(m for m in sys.modules if m.startswith('tui.commands.')))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=elsewhere, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert sorted(done.stdout.split()) == ["tui.commands.context", "tui.commands.doctor"]
