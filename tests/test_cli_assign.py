"""``ritmas assign``, ``ritmas send-back``, ``ritmas list --who`` and the review per person, run
for real: what the command prints, its exit status, and the JSON it leaves in ``state/``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import Ran, RunRitmas

TODAY = "2026-11-26"
WEEK = "2026-W48"
WEEKLY = "tvarkyti-finansus"
TALLY = "parengti-socialiniu-tinklu-irasa"


class Ws:
    def __init__(self, root: Path, run_ritmas: RunRitmas) -> None:
        self.root = root
        self.run_ritmas = run_ritmas

    def __call__(self, *args: object, env: dict[str, str | None] | None = None) -> Ran:
        return self.run_ritmas(
            *args, "--workspace", self.root, "--today", TODAY, "--profile", "all", env=env
        )

    def state(self) -> dict:
        text = (self.root / "state" / f"{WEEK}.json").read_text(encoding="utf-8")
        data = json.loads(text)
        assert text == json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
        return data

    def cards(self, *args: object, env: dict[str, str | None] | None = None) -> list[dict]:
        ran = self("list", "--json", *args, env=env)
        assert ran.returncode == 0, ran.stderr
        return json.loads(ran.stdout)

    def card(self, card_id: str) -> dict:
        return next(c for c in self.cards() if c["id"] == card_id)


@pytest.fixture
def ws(tmp_path: Path, run_ritmas: RunRitmas) -> Ws:
    root = tmp_path / "ws"
    assert run_ritmas("init", root).returncode == 0
    (root / "ritmas.toml").write_text('started = "2026-W48"\n', encoding="utf-8")
    return Ws(root, run_ritmas)


def one_error(ran: Ran, status: int, *words: str) -> None:
    assert ran.returncode == status, (ran.stdout, ran.stderr)
    assert "Traceback" not in ran.stderr and len(ran.stderr_lines) == 1, ran.stderr
    for word in words:
        assert word in ran.stderr_lines[0], ran.stderr


def test_assign_saves_the_name_and_list_shows_it(ws: Ws) -> None:
    ran = ws("assign", WEEKLY, "  Ona  ")
    assert ran.returncode == 0, ran.stderr
    assert ran.stdout == f"assigned {WEEKLY} to Ona ({WEEK})\n"
    data = ws.state()
    assert data["schema"] == 2
    assert data["occurrences"][WEEKLY] == {"assignee": "Ona", "column": "todo", "history": []}
    assert ws.card(WEEKLY)["assignee"] == "Ona"
    assert f"{WEEKLY} " in next(line for line in ws("list").stdout.splitlines() if "@Ona" in line)
    lt = ws("assign", WEEKLY, "Jonas", "--lang", "lt")
    assert lt.stdout == f"priskirta {WEEKLY}: Jonas ({WEEK})\n"
    cleared = ws("assign", WEEKLY, "-")
    assert cleared.stdout == f"{WEEKLY} is assigned to nobody ({WEEK})\n"
    assert "assignee" not in ws.state()["occurrences"][WEEKLY]
    assert ws.card(WEEKLY)["assignee"] is None


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("O\x1b[2Jna", "control character (U+001B)"),
        ("Ona\nJonas", "one line"),
        ("x" * 33, "at most 32"),
        ("mine", "reserved"),
        ("", "empty"),
    ],
)
def test_assign_refuses_a_bad_name_in_one_line_and_writes_nothing(
    ws: Ws, name: str, words: str
) -> None:
    one_error(ws("assign", WEEKLY, name), 2, f"cannot assign {WEEKLY}", words)
    assert not (ws.root / "state" / f"{WEEK}.json").exists()


def test_assign_an_unknown_card(ws: Ws) -> None:
    one_error(ws("assign", "tvarkyti-finansa", "Ona"), 2, "no card", "did you mean")


def test_list_who_name_mine_and_nobody(ws: Ws, tmp_path: Path) -> None:
    assert ws("assign", WEEKLY, "Ona").returncode == 0
    assert ws("assign", TALLY, "Jonas").returncode == 0
    assert [c["id"] for c in ws.cards("--who", "ona")] == [WEEKLY]
    assert [c["id"] for c in ws.cards("--who", "mine", env={"RITMAS_USER": "Jonas"})] == [TALLY]
    nobody = ws.cards("--who", "-")
    assert nobody and all(c["assignee"] is None for c in nobody)
    assert len(nobody) == len(ws.cards()) - 2
    text = ws("list", "--who", "Ona")
    assert text.returncode == 0 and f"{WEEKLY} " in text.stdout and TALLY not in text.stdout
    # Who am I, from the user's own file (never the workspace).
    user_toml = tmp_path / "xdg-config" / "ritmas" / "user.toml"
    user_toml.parent.mkdir(parents=True)
    user_toml.write_text('name = "Ona"\n', encoding="utf-8")
    assert [c["id"] for c in ws.cards("--who", "mine")] == [WEEKLY]
    assert [c["id"] for c in ws.cards("--who", "mine", env={"RITMAS_USER": "jonas"})] == [TALLY]


def test_list_who_mine_without_an_identity_says_how_to_set_it(ws: Ws) -> None:
    one_error(ws("list", "--who", "mine"), 2, "RITMAS_USER", "user.toml")
    one_error(ws("list", "--who", "mine", env={"RITMAS_USER": "a\x1bb"}), 2, "RITMAS_USER")


def test_send_back_a_done_card_with_a_note(ws: Ws) -> None:
    assert ws("move", WEEKLY, "done").returncode == 0
    ran = ws("send-back", WEEKLY, "Trūksta lapkričio sąskaitos")
    assert ran.returncode == 0, ran.stderr
    assert (
        ran.stdout == f"sent back {WEEKLY}: done -> doing ({WEEK}): Trūksta lapkričio sąskaitos\n"
    )
    record = ws.state()["occurrences"][WEEKLY]
    assert record["column"] == "doing"
    moves = [(m["from"], m["to"], m.get("note")) for m in record["history"]]
    assert moves == [("todo", "done", None), ("done", "doing", "Trūksta lapkričio sąskaitos")]
    card = ws.card(WEEKLY)
    assert card["column"] == "doing" and card["needs_fixes"] == "Trūksta lapkričio sąskaitos"
    line = next(x for x in ws("list").stdout.splitlines() if x.strip().startswith(WEEKLY))
    assert "[needs fixes: Trūksta lapkričio sąskaitos]" in line
    # Done again: the card no longer needs fixes; the history keeps both moves and the note.
    assert ws("move", WEEKLY, "done").returncode == 0
    assert ws.card(WEEKLY)["needs_fixes"] is None
    assert len(ws.state()["occurrences"][WEEKLY]["history"]) == 3


def test_send_back_refuses_a_card_not_done_or_without_a_note(ws: Ws) -> None:
    one_error(ws("send-back", WEEKLY, "why"), 2, "only a done card", "to do")
    assert ws("move", WEEKLY, "done").returncode == 0
    before = ws.state()
    one_error(ws("send-back", WEEKLY, "  "), 2, "needs a note")
    one_error(ws("send-back", WEEKLY, "bad\x1b[31m"), 2, "control character")
    assert ws.state() == before


def test_catalogue_default_assignee(ws: Ws) -> None:
    catalogue = ws.root / "catalogue.toml"
    text = catalogue.read_text(encoding="utf-8")
    anchor = f'id = "{WEEKLY}"\n'
    catalogue.write_text(text.replace(anchor, anchor + 'assignee = "Rasa"\n'), encoding="utf-8")
    assert ws.card(WEEKLY)["assignee"] == "Rasa"
    assert [c["id"] for c in ws.cards("--who", "rasa")] == [WEEKLY]
    assert ws("assign", WEEKLY, "-").stdout == f"{WEEKLY} is assigned to nobody ({WEEK})\n"
    assert ws.state()["occurrences"][WEEKLY]["assignee"] == ""
    assert ws.card(WEEKLY)["assignee"] is None
    # A bad default is one line naming the file, line, task and field (exit 2).
    bad = text.replace(anchor, anchor + 'assignee = "Ra\\u0007sa"\n')
    catalogue.write_text(bad, encoding="utf-8")
    ran = ws("catalogue", "check")
    one_error(ran, 2, "catalogue.toml:", f"task '{WEEKLY}'", "field 'assignee'", "U+0007")


def test_review_done_and_due_per_person(ws: Ws) -> None:
    assert ws("assign", WEEKLY, "Ona").returncode == 0
    assert ws("move", WEEKLY, "done").returncode == 0
    assert ws("assign", TALLY, "Ona").returncode == 0
    data = json.loads(ws("review", "--format", "json").stdout)
    ona, nobody = data["people"]
    assert ona == {"name": "Ona", "done": 1, "due": 2, "completion": 0.5}
    assert nobody["name"] is None and nobody["done"] == 0 and nobody["due"] > 0
    assert data["total"]["due"] == ona["due"] + nobody["due"]
    text = ws("review").stdout
    section = text.split("By person\n", 1)[1].split("\n\n", 1)[0].splitlines()
    assert section[0].split()[0] == "Ona" and section[0].endswith("50%  done 1 of 2")
    assert section[1].strip().startswith("(nobody)")
    markdown = ws("review", "--format", "markdown", "--lang", "lt").stdout
    assert "## Pagal žmones" in markdown and "| Ona | 1 | 2 | 50 % |" in markdown
