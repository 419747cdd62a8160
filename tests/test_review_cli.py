"""``ritmas review``: the installed command, in a subprocess, over the history of test_review."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import RunRitmas, ritmas_command
from test_review import WEEK, build_history, open_history

from tui.core.review import save_reflection
from tui.core.state import Reflection

PINNED = ("--today", "2026-03-27")


@pytest.fixture(scope="module")
def history_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_history(tmp_path_factory.mktemp("cli-history") / "workspace").root


@pytest.fixture
def workspace(history_root: Path, tmp_path: Path) -> Path:
    root = tmp_path / "workspace"
    shutil.copytree(history_root, root)
    return root


def test_runs_the_installed_console_script() -> None:
    # run_ritmas finds it with shutil.which, the venv's own bin folder first.
    assert Path(ritmas_command()[0]).name == "ritmas"


def test_markdown_review_of_this_week(run_ritmas: RunRitmas, workspace: Path) -> None:
    ran = run_ritmas(
        "review", "--format", "markdown", "--workspace", workspace, *PINNED, "--lang", "en"
    )
    assert ran.returncode == 0, ran.stderr
    assert ran.stderr == ""
    lines = ran.stdout.splitlines()
    expected_runs = [
        [
            "# Weekly review: 2026-W13",
            "",
            "2026-03-23 – 2026-03-29 · Fits: Services · as of 2026-03-27",
        ],
        [
            "| Area | Done | Due | Missed | Skipped | Carried | Completion | Cards | Steps |",
            "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
            "| Marketingas ir pardavimai | 1 | 1 | 0 | 0 | 0 | 100% | 2 | 0 |",
            "| Verslo valdymas | 0.57 | 3 | 0 | 0 | 0 | 19% | 4 | 2 |",
            "| **Total** | **1.57** | **4** | **0** | **0** | **0** | **39%** | **6** | **2** |",
        ],
        [
            "| Task | Period | Result |",
            "| --- | --- | --- |",
            "| Patikrinti paštą | 2026-03-23 – 2026-03-29 | days 4/7 (open 3) |",
            "| Savaitės planas | 2026-W13 | open |",
            "| Ketvirčio ataskaita | 2026-Q1 | open |",
        ],
        [
            "| Task | Cadence | Kept | Rate |",
            "| --- | --- | ---: | ---: |",
            "| Paruošti mėnesio kampaniją | monthly | 1 of 2 months | 50% |",
            "| Parengti socialinių tinklų įrašą | 2–3× per week | 7 of 10 weeks | 70% |",
            "| Savaitės planas | weekly | 8 of 10 weeks | 80% |",
            "| Patikrinti paštą | daily | 9 of 10 days | 90% |",
        ],
        ["`▇█▅█▅█▇▃▅▇▆▄` 2026-W02 – 2026-W13"],
        [
            "W02 90% · W03 93% · W04 57% · W05 95% · W06 57% · W07 93% · W08 90% · W09 24% · "
            "W10 57% · W11 90% · W12 71% · W13 39%"
        ],
        [
            "## Unfinished: carry or drop",
            "",
            "- Savaitės planas — 2026-W13, doing, 2/4 steps [carry or drop]",
            "- Ketvirčio ataskaita — 2026-Q1, to do, 0/2 steps [carry or drop]",
            "- Atnaujinti kainoraštį — added in 2026-W12, to do [drop]",
        ],
        [
            "## Next week (2026-W14)",
            "",
            "- Parengti socialinių tinklų įrašą — 2–3× per week (2026-W14)",
            "- Paruošti mėnesio kampaniją — monthly (2026-04)",
            "- Savaitės planas — weekly (2026-W14)",
            "- Ketvirčio ataskaita — quarterly (2026-Q2)",
            "- Daily: Patikrinti paštą",
        ],
    ]
    for run in expected_runs:
        assert _contains_run(lines, run), "missing:\n" + "\n".join(run)
    # Headings in order, nothing GitHub would not render.
    headings = [line for line in lines if line.startswith("#")]
    assert headings == [
        "# Weekly review: 2026-W13",
        "## By area",
        "### Marketingas ir pardavimai",
        "### Verslo valdymas",
        "## Cadence kept (last 12 periods)",
        "## Trend: weekly completion",
        "## Unfinished: carry or drop",
        "## Next week (2026-W14)",
        "## Reflection (2026-W13)",
        "### Last week's reflection (2026-W12)",
    ]


def _contains_run(lines: list[str], run: list[str]) -> bool:
    return any(lines[i : i + len(run)] == run for i in range(len(lines) - len(run) + 1))


def test_reflection_is_shown_again_next_week(run_ritmas: RunRitmas, workspace: Path) -> None:
    store = open_history(workspace).store
    save_reflection(store, WEEK.prev(), Reflection(worked="Kampanija", focus="Ataskaita\nKainos"))
    ran = run_ritmas(
        "review", "--format", "markdown", "--workspace", workspace, *PINNED, "--lang", "lt"
    )
    assert ran.returncode == 0, ran.stderr
    previous = ran.stdout.split("### Praėjusios savaitės refleksija (2026-W12)\n", 1)[1]
    assert previous.splitlines() == [
        "",
        "**Kas pavyko?**",
        "",
        "> Kampanija",
        "",
        "**Ką kartoti / keisti?**",
        "",
        "_(neužpildyta)_",
        "",
        "**Kitos savaitės fokusas**",
        "",
        "> Ataskaita",
        "> Kainos",
    ]


def test_json_of_a_past_week_for_all_audiences(run_ritmas: RunRitmas, workspace: Path) -> None:
    # Global options before the subcommand are honoured too.
    ran = run_ritmas(
        *PINNED, "--period", "2026-W09", "--profile", "all", "review", "--format", "json",
        "--workspace", workspace,
    )  # fmt: skip
    assert ran.returncode == 0, ran.stderr
    data = json.loads(ran.stdout)
    assert data["week"] == "2026-W09"
    got = {
        a["id"]: (a["done"], a["due"], a["missed"], a["skipped"], a["carried"])
        for a in data["areas"]
    }
    assert got == {
        "marketingas": (0, 1, 1, 1, 0),
        "gamyba": (0, 1, 1, 0, 0),
        # pastas kept 5 of 7 days: 0.71 of a card done, 0.29 missed; planas missed.
        "valdymas": pytest.approx((5 / 7, 2, 1 + 2 / 7, 1, 0)),
    }
    valdymas = data["areas"][2]
    assert [(d["task"], d["kept"], d["due"], d["missed"]) for d in valdymas["days"]] == [
        ("pastas", 5, 7, 2)
    ]
    assert [(u["card"], u["outcome"]) for u in data["unfinished"]] == [
        ("kampanija", "missed"),
        ("atsargos", "missed"),
        ("planas", "missed"),
    ]
    assert [o["task"] for o in data["next_week"]["opens"]] == [
        "irasas", "kampanija", "atsargos", "planas",
    ]  # fmt: skip


def test_text_in_lithuanian(run_ritmas: RunRitmas, workspace: Path) -> None:
    ran = run_ritmas("review", "--workspace", workspace, *PINNED, "--lang", "lt")
    assert ran.returncode == 0, ran.stderr
    lines = ran.stdout.splitlines()
    assert lines[0] == "Savaitės apžvalga: 2026-W13"
    total = "    ████░░░░░░  39 %  atlikta 1,57 iš 4 · neatlikta 0 · praleista 0 · nukelta 0"
    assert total in lines
    assert "    - Patikrinti paštą (2026-03-23 – 2026-03-29): dienos 4/7 (atvira 3)" in lines
    assert "  Parengti socialinių tinklų įrašą — 2–3× per savaitę: laikytasi 7 iš 10 sav." in lines
    assert max(len(line) for line in lines) <= 80


def test_damaged_state_file_is_named_and_exits_1(run_ritmas: RunRitmas, workspace: Path) -> None:
    (workspace / "state" / "2026-W12.json").write_text("{", encoding="utf-8")
    ran = run_ritmas("review", "--workspace", workspace, *PINNED, "--lang", "en")
    assert ran.returncode == 1
    assert ran.stdout.startswith("Weekly review: 2026-W13\n")
    assert len(ran.stderr_lines) == 1
    assert "2026-W12.json:1: bad JSON" in ran.stderr_lines[0]
    assert "Traceback" not in ran.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--period", "2026-W54"), "--period: not a week"),
        (("--format", "pdf"), "invalid choice: 'pdf'"),
        (("--profile", "nobody"), "--profile: unknown audience tag 'nobody'"),
    ],
)
def test_bad_usage_exits_2(
    run_ritmas: RunRitmas, workspace: Path, args: tuple[str, ...], message: str
) -> None:
    ran = run_ritmas("review", "--workspace", workspace, *PINNED, *args)
    assert ran.returncode == 2
    assert message in ran.stderr
    assert "Traceback" not in ran.stderr
