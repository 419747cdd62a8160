"""The scriptable card commands (``ritmas list``, ``move``, ``tick``, ``add``), run for real.

Each test makes its own workspace with ``ritmas init`` and drives the installed command with a
pinned clock (``--today 2026-11-26``, a Thursday of 2026-W48) and every audience
(``--profile all``), then reads what the command printed and what it saved in ``state/``.
"""

from __future__ import annotations

import json
import resource
import subprocess
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pytest
from conftest import Ran, RunRitmas, ritmas_command

from tui.core.state import LOCK_FILE

TODAY = "2026-11-26"
WEEK = "2026-W48"
NAMES = {"todo": "to do"}  # the column as `ritmas list` heads it; the word typed is todo
WEEKLY = "tvarkyti-finansus"  # weekly, 5 steps, in area valdymas
MONTHLY = "vesti-buhalterinius-dokumentus"  # monthly (2026-11), 4 steps
TALLY = "parengti-socialiniu-tinklu-irasa"  # weekly, times = [2, 3], 6 steps
AS_NEEDED = "kurti-lead-magneta"  # as-needed, in area marketingas
JSON_FIELDS = {
    "id",
    "task",
    "area",
    "title",
    "column",
    "steps_done",
    "steps_total",
    "tally",
    "period",
    "assignee",
    "needs_fixes",
    "carried",
    "carried_from",
    "note",
    "steps",
}


@dataclass
class Workspace:
    root: Path
    run_ritmas: RunRitmas

    def __call__(self, *args: object, today: str = TODAY) -> Ran:
        return self.run_ritmas(
            *args, "--workspace", self.root, "--today", today, "--profile", "all"
        )

    @property
    def state_dir(self) -> Path:
        return self.root / "state"

    def state_file(self, key: str = WEEK) -> Path:
        return self.state_dir / f"{key}.json"

    def state(self, key: str = WEEK) -> dict:
        """The saved state of ``key``, checked to be written the way Ritmas promises."""
        text = self.state_file(key).read_text(encoding="utf-8")
        data = json.loads(text)
        assert text == json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
        assert data["schema"] == 1 and data["period"] == key
        return data

    def snapshot(self) -> dict[str, bytes]:
        """Every file in state/ (temporary files included) but the lock, which is empty."""
        return {
            p.name: p.read_bytes() for p in sorted(self.state_dir.iterdir()) if p.name != LOCK_FILE
        }

    def cards(self, *args: object) -> list[dict]:
        ran = self("list", "--json", *args)
        assert ran.returncode == 0, ran.stderr
        return json.loads(ran.stdout)

    def card(self, card_id: str) -> dict:
        return next(c for c in self.cards() if c["id"] == card_id)


@pytest.fixture
def ws(tmp_path: Path, run_ritmas: RunRitmas) -> Workspace:
    root = tmp_path / "ws"
    ran = run_ritmas("init", root)
    assert ran.returncode == 0, ran.stderr
    # Tracking began in 2026-W46, so W46 and W47 count as missed for weekly tasks.
    (root / "ritmas.toml").write_text(
        'week_start = "monday"\nstarted = "2026-W46"\n', encoding="utf-8"
    )
    return Workspace(root, run_ritmas)


def assert_one_line_error(ran: Ran, status: int, *fragments: str) -> str:
    assert ran.returncode == status, (ran.returncode, ran.stdout, ran.stderr)
    assert "Traceback" not in ran.stderr + ran.stdout
    assert len(ran.stderr_lines) == 1, ran.stderr
    line = ran.stderr_lines[0]
    assert line.startswith("ritmas: ")
    for fragment in fragments:
        assert fragment in line, line
    return line


def history_of(record: dict) -> list[tuple[str | None, str]]:
    for move in record["history"]:
        stamp = datetime.fromisoformat(move["at"])
        assert stamp.date().isoformat() == TODAY and stamp.tzinfo is not None
    return [(move["from"], move["to"]) for move in record["history"]]


# ---------------------------------------------------------------------------------------------
# ritmas list


def test_list_text_groups_by_area_then_column(ws: Workspace) -> None:
    assert ws("move", WEEKLY, "doing").returncode == 0
    ran = ws("list")
    assert ran.returncode == 0, ran.stderr
    lines = ran.stdout.splitlines()
    header = f"{WEEK} (2026-11-23 - 2026-11-29), profile: all, {len(ws.cards())} cards"
    assert lines[0] == header
    # Areas in catalogue order, each with its columns in board order.
    headings = [line for line in lines if line and not line.startswith(" ")][1:]
    assert [h.rsplit("[", 1)[1].rstrip("]") for h in headings] == [
        "marketingas",
        "gamyba",
        "aptarnavimas",
        "valdymas",
        "hr",
        "it",
    ]
    valdymas = lines[lines.index("Verslo valdymas [valdymas]") :]
    assert valdymas[1] == "  to do (6)"
    assert valdymas[8] == "  doing (1)"
    assert valdymas[9].split()[:4] == [WEEKLY, "0/5", "Tvarkyti", "finansus"]
    assert valdymas[9].endswith("[missed 2 in a row]")
    tally = next(line for line in lines if TALLY in line)
    assert tally.split()[1:3] == ["0/6", "0/2–3×"]
    assert "[missed 2 in a row]" in tally
    monthly = next(line for line in lines if MONTHLY in line)
    assert monthly.split()[1] == "0/4" and "missed" not in monthly  # tracked since W46 only
    daily = next(line for line in lines if "atsakyti-i-uzklausas" in line)
    assert "days 0/7" in daily


def test_list_json_fields_are_exact(ws: Workspace) -> None:
    cards = ws.cards()
    assert cards, "the week has cards"
    assert all(set(card) == JSON_FIELDS for card in cards)
    assert len({card["id"] for card in cards}) == len(cards)
    card = ws.card(TALLY)
    steps = card.pop("steps")
    assert [(s["step"], s["ticked"]) for s in steps] == [(n, False) for n in range(1, 7)]
    assert all(isinstance(s["text"], str) and s["text"] for s in steps)
    assert card == {
        "id": TALLY,
        "task": TALLY,
        "area": "marketingas",
        "title": "Parengti socialinių tinklų įrašą",
        "column": "todo",
        "steps_done": 0,
        "steps_total": 6,
        "tally": 0,
        "period": WEEK,
        "assignee": None,
        "needs_fixes": None,
        "carried": False,
        "carried_from": None,
        "note": "",
    }
    assert ws.card(MONTHLY)["period"] == "2026-11"
    assert ws.card("nustatyti-verslo-tikslus")["period"] == "2026"
    assert ws.card("atsakyti-i-uzklausas")["period"] == TODAY


def test_list_filters_by_area_and_profile(ws: Workspace) -> None:
    assert {c["area"] for c in ws.cards("--area", "hr")} == {"hr"}
    burnout = "stebeti-savo-perdegimo-rizikas"  # tagged solo only
    solo = ws.run_ritmas(
        "list", "--json", "--workspace", ws.root, "--today", TODAY, "--profile", "solo"
    )
    products = ws.run_ritmas(
        "list", "--json", "--workspace", ws.root, "--today", TODAY, "--profile", "produktai"
    )
    assert burnout in {c["id"] for c in json.loads(solo.stdout)}
    assert burnout not in {c["id"] for c in json.loads(products.stdout)}


def test_list_marks_carried_cards(ws: Workspace) -> None:
    added = ws("add", "Sutvarkyti sandėlį", "--area", "logistika", today="2026-11-19")
    assert added.returncode == 0, added.stderr
    card_id = added.stdout.split()[1]
    ran = ws("list", "--area", "logistika")
    line = next(line for line in ran.stdout.splitlines() if card_id in line)
    assert line.endswith("Sutvarkyti sandėlį  [carried since 2026-W47]")
    assert ws.card(card_id)["period"] == "2026-W47"


def test_list_shows_skipped_only_when_asked(ws: Workspace) -> None:
    assert ws("move", WEEKLY, "skipped").returncode == 0
    assert WEEKLY not in ws("list").stdout
    assert f"  skipped (1)\n    {WEEKLY}" in ws("list", "--all-columns").stdout
    assert ws.card(WEEKLY)["column"] == "skipped"  # JSON always includes skipped cards


# ---------------------------------------------------------------------------------------------
# ritmas move / tick / add


@pytest.mark.parametrize(
    ("moves", "history"),
    [
        (["doing", "done"], [("todo", "doing"), ("doing", "done")]),
        (["done", "doing", "todo"], [("todo", "done"), ("done", "doing"), ("doing", "todo")]),
        (["skipped", "todo"], [("todo", "skipped"), ("skipped", "todo")]),
    ],
    ids=["right", "left", "skip-and-back"],
)
def test_move_saves_each_step(
    ws: Workspace, moves: list[str], history: list[tuple[str, str]]
) -> None:
    before = "todo"
    for n, column in enumerate(moves, 1):
        ran = ws("move", WEEKLY, column)
        assert ran.returncode == 0, ran.stderr
        shown = (NAMES.get(before, before), NAMES.get(column, column))
        assert ran.stdout == f"moved {WEEKLY}: {shown[0]} -> {shown[1]} ({WEEK})\n"
        record = ws.state()["occurrences"][WEEKLY]
        assert record["column"] == column
        assert history_of(record) == history[:n]
        assert ws.card(WEEKLY)["column"] == column
        before = column
    assert ("done_on" in record) == (moves[-1] == "done")


def test_move_monthly_card_saves_in_month_file(ws: Workspace) -> None:
    ran = ws("move", MONTHLY, "done")
    assert ran.stdout == f"moved {MONTHLY}: to do -> done (2026-11)\n"
    assert ws.state("2026-11")["occurrences"][MONTHLY]["column"] == "done"
    assert not ws.state_file(WEEK).exists()


def test_move_tally_card_counts_towards_its_minimum(ws: Workspace) -> None:
    first = ws("move", TALLY, "done")
    assert first.stdout == (f"counted {TALLY}: 1/2–3× ({WEEK}); back in to do for the next time\n")
    second = ws("move", TALLY, "done")
    assert second.stdout == f"moved {TALLY}: to do -> done ({WEEK}), tally 2/2–3×\n"
    record = ws.state()["occurrences"][TALLY]
    assert record["tally"] == 2 and record["column"] == "done"
    assert ws.card(TALLY)["tally"] == 2


def test_move_to_same_column_changes_nothing(ws: Workspace) -> None:
    ran = ws("move", WEEKLY, "todo")
    assert ran.returncode == 0
    assert ran.stdout == f"{WEEKLY} is already in to do ({WEEK}); nothing changed\n"
    assert not ws.state_file().exists()


def test_tick_sets_a_step_and_untick_clears_it(ws: Workspace) -> None:
    ticked = ws("tick", WEEKLY, "2")
    assert ticked.returncode == 0, ticked.stderr
    assert ticked.stdout.startswith(f"ticked {WEEKLY} step 2: ")
    assert ticked.stdout.endswith(f"(1/5 done, {WEEK})\n")
    assert ws.state()["occurrences"][WEEKLY]["checked"] == [1]
    assert ws.card(WEEKLY)["steps_done"] == 1
    assert ws("tick", WEEKLY, "5").returncode == 0
    assert ws.state()["occurrences"][WEEKLY]["checked"] == [1, 4]
    unticked = ws("untick", WEEKLY, "2")
    assert unticked.stdout.startswith(f"unticked {WEEKLY} step 2: ")
    assert ws.state()["occurrences"][WEEKLY]["checked"] == [4]


def test_add_free_text_card(ws: Workspace) -> None:
    ran = ws("add", "Sutvarkyti sandėlį ir užsakyti dėžių", "--area", "logistika")
    assert ran.returncode == 0, ran.stderr
    words = ran.stdout.split()
    assert words[0] == "added" and ran.stdout.endswith(
        f"to logistika ({WEEK}): Sutvarkyti sandėlį ir užsakyti dėžių\n"
    )
    card_id = words[1]
    text = ws.state_file().read_text(encoding="utf-8")
    assert "sandėlį ir užsakyti dėžių" in text and "\\u" not in text
    record = ws.state()["cards"][card_id]
    assert record["title"] == "Sutvarkyti sandėlį ir užsakyti dėžių"
    assert record["area"] == "logistika" and record["column"] == "todo"
    assert history_of(record) == [(None, "todo")]
    assert ws.card(card_id) == {
        "id": card_id,
        "task": None,
        "area": "logistika",
        "title": "Sutvarkyti sandėlį ir užsakyti dėžių",
        "column": "todo",
        "steps_done": 0,
        "steps_total": 0,
        "tally": 0,
        "period": WEEK,
        "assignee": None,
        "needs_fixes": None,
        "carried": False,
        "carried_from": None,
        "note": "",
        "steps": [],
    }
    # A hand-added card moves like any other.
    assert ws("move", card_id, "done").stdout == f"moved {card_id}: to do -> done ({WEEK})\n"
    assert history_of(ws.state()["cards"][card_id]) == [(None, "todo"), ("todo", "done")]


def test_add_as_needed_task(ws: Workspace) -> None:
    ran = ws("add", "--task", AS_NEEDED)
    assert ran.returncode == 0, ran.stderr
    card_id = ran.stdout.split()[1]
    assert ran.stdout.endswith(f"to marketingas ({WEEK}): Kurti lead magnetą\n")
    record = ws.state()["cards"][card_id]
    assert record["task"] == AS_NEEDED and record["area"] == "marketingas"
    card = ws.card(card_id)
    assert card["task"] == AS_NEEDED and card["title"] == "Kurti lead magnetą"
    assert card["steps_total"] > 0
    assert ws("tick", card_id, "1").returncode == 0
    assert ws.card(card_id)["steps_done"] == 1


# ---------------------------------------------------------------------------------------------
# Mistakes: exit 2, one line, nothing written


@pytest.mark.parametrize(
    ("args", "fragments"),
    [
        (("move", "no-such-card", "doing"), ("no card 'no-such-card' in 2026-W48", "ritmas list")),
        (("move", "tvarkyti-finanss", "doing"), ("did you mean tvarkyti-finansus",)),
        (("move", WEEKLY, "sideways"), ("unknown column 'sideways'", "to do", "skipped")),
        (("tick", WEEKLY, "0"), ("no step 0", "1-5")),
        (("tick", WEEKLY, "6"), ("no step 6", "1-5")),
        (("tick", WEEKLY, "two"), ("invalid int value",)),
        (("tick", "no-such-card", "1"), ("no card 'no-such-card'",)),
        (("add", "Kažkas", "--area", "pardavimai"), ("unknown area 'pardavimai'", "marketingas?")),
        (("add", "Kažkas", "--area", "8"), ("unknown area '8'", "4 logistika, 5 valdymas")),
        (("add", "Kažkas"), ("needs --area", "marketingas")),
        (("add",), ("give a TITLE",)),
        (("add", "--task", "no-such-task"), ("unknown task 'no-such-task'", "choices: ")),
        (("add", "--task", WEEKLY), ("recurring task", AS_NEEDED)),
        (("list", "--area", "pardavimai"), ("unknown area 'pardavimai'", "did you mean market")),
    ],
)
def test_usage_mistakes_exit_2_and_write_nothing(
    ws: Workspace, args: tuple[str, ...], fragments: tuple[str, ...]
) -> None:
    assert ws("move", MONTHLY, "doing").returncode == 0  # some state to keep
    before = ws.snapshot()
    assert_one_line_error(ws(*args), 2, *fragments)
    assert ws.snapshot() == before


# ---------------------------------------------------------------------------------------------
# A damaged or unwritable state file: exit 1, one line, the file untouched


DAMAGED_RUNS: list[tuple[str, ...]] = [
    ("list",),
    ("list", "--json"),
    ("move", WEEKLY, "doing"),
    ("move", WEEKLY, "skipped"),
    ("tick", WEEKLY, "1"),
    ("add", "Kažkas", "--area", "logistika"),
]


@pytest.mark.parametrize("args", DAMAGED_RUNS, ids=lambda a: "-".join(a))
def test_damaged_state_file_fails_and_stays_untouched(ws: Workspace, args: tuple[str, ...]) -> None:
    damaged = ws.state_file()
    damaged.write_bytes(b"{bad json")
    before = ws.snapshot()
    ran = ws(*args)
    assert_one_line_error(ran, 1, str(damaged), "bad JSON", "ritmas doctor")
    assert ran.stdout == ""
    assert damaged.read_bytes() == b"{bad json"
    assert ws.snapshot() == before


def test_damaged_file_of_another_period_leaves_the_rest_working(ws: Workspace) -> None:
    ws.state_file().write_bytes(b"{bad json")
    ran = ws("move", MONTHLY, "doing")
    assert ran.returncode == 0, ran.stderr
    assert ws.state("2026-11")["occurrences"][MONTHLY]["column"] == "doing"
    assert ws.state_file().read_bytes() == b"{bad json"


def _limit_file_size() -> None:
    # Like a full disk: writing a file past 64 bytes fails (Python ignores SIGXFSZ, so the
    # write raises EFBIG instead of killing the process). Works even when tests run as root.
    resource.setrlimit(resource.RLIMIT_FSIZE, (64, 64))


def test_unwritable_state_fails_and_leaves_no_partial_file(ws: Workspace) -> None:
    assert ws("move", WEEKLY, "doing").returncode == 0
    before = ws.snapshot()
    done = subprocess.run(
        [
            *ritmas_command(),
            "move",
            WEEKLY,
            "done",
            "--workspace",
            str(ws.root),
            "--today",
            TODAY,
            "--profile",
            "all",
        ],
        capture_output=True,
        text=True,
        encoding="utf-8",
        preexec_fn=_limit_file_size,
        timeout=60,
        check=False,
    )
    ran = Ran(("move",), done.returncode, done.stdout, done.stderr)
    assert_one_line_error(ran, 1, str(ws.state_file()), "cannot save", "File too large")
    assert ws.snapshot() == before  # no temporary file left behind either
    assert ws.state()["occurrences"][WEEKLY]["column"] == "doing"


def test_commands_have_help(run_ritmas: RunRitmas) -> None:
    for command in ("list", "move", "tick", "add"):
        ran = run_ritmas(command, "--help")
        assert ran.returncode == 0 and "--workspace" in ran.stdout, command


def test_version_is_printed_by_the_real_command(run_ritmas: RunRitmas) -> None:
    from tui import __version__

    done = run_ritmas("--version")
    assert done.returncode == 0
    assert done.stdout.strip() == f"ritmas {__version__}"
