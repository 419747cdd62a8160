"""The review tells the truth at a glance (issue 10): each figure checked in the core, and the
same numbers in the text, Markdown and JSON output of the real ``ritmas review``.

A workspace whose first action, from the command line, was on Thursday 26 November 2026
(2026-W48); it is reviewed on Friday 27 November. Eight weekly tasks fit everyone; one daily
task fits only "solo" businesses, so the "paslaugos" review holds the eight weekly cards alone.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from conftest import RunRitmas

from tui.core import actions
from tui.core.outcome import Outcome
from tui.core.periods import Week
from tui.core.review import Review, build_review, decide
from tui.core.session import Session
from tui.core.settings import load_settings
from tui.core.state import Column
from tui.core.workspace import Workspace

WEEKLY = 8
TRUTH_CATALOGUE = (
    'start = "2026-W01"\n\n[[areas]]\nid = "darbai"\ntitle = "Darbai"\n'
    + "".join(
        f'\n[[areas.tasks]]\nid = "t{n}"\ntitle = "Užduotis {n}"\n'
        + ('steps = ["Vienas", "Du", "Trys", "Keturi"]\n' if n == 1 else "")
        + 'cadence = { kind = "weekly" }\n'
        for n in range(1, WEEKLY + 1)
    )
    + '\n[[areas]]\nid = "kasdien"\ntitle = "Kasdien"\n'
    '\n[[areas.tasks]]\nid = "pastas"\ntitle = "Patikrinti paštą"\n'
    'cadence = { kind = "daily" }\nfits = ["solo"]\n'
)
THURSDAY = date(2026, 11, 26)
FRIDAY = date(2026, 11, 27)
W47, W48, W49 = Week(2026, 47), Week(2026, 48), Week(2026, 49)
SERVICES = frozenset({"paslaugos"})
EVERYONE = frozenset({"all"})


@pytest.fixture
def root(tmp_path: Path) -> Path:
    root = tmp_path / "ws"
    (root / "state").mkdir(parents=True)
    (root / "catalogue.toml").write_text(TRUTH_CATALOGUE, encoding="utf-8")
    (root / "ritmas.toml").write_text('profile = ["paslaugos"]\n', encoding="utf-8")
    # The first action of all, on a Thursday, as a card command makes it: the action is saved
    # (writing the week's file), then the first day tracked is recorded. (`ritmas move` does
    # this on the real date; a clock pinned with --today is not recorded.)
    first = Session(Workspace(root), THURSDAY)
    t1 = first.board(W48).card("t1")
    assert t1 is not None
    actions.move(first.store, t1, Column.DOING, actions.clock(THURSDAY))
    first.mark_started()
    return root


def session(root: Path, today: date = FRIDAY) -> Session:
    return Session(Workspace(root), today)


def review_of(root: Path, week: Week = W48, profile: frozenset[str] = SERVICES) -> Review:
    return build_review(session(root), week, FRIDAY, profile)


def card(root: Path, task: str, week: Week = W48, today: date = FRIDAY) -> actions.Card:
    found = session(root, today).board(week).card(task)
    assert found is not None
    return found


def cli_review(run_ritmas: RunRitmas, root: Path, *args: str) -> str:
    ran = run_ritmas("review", "--workspace", root, "--today", FRIDAY.isoformat(), *args)
    assert ran.returncode == 0, ran.stderr
    return ran.stdout


def test_the_first_day_tracked_is_the_day_of_the_first_action(root: Path) -> None:
    # Not the Monday of the week file that first action wrote.
    assert load_settings(root).started == "2026-11-26"
    assert session(root).context.tracking_day == THURSDAY


def test_daily_days_before_the_first_action_are_not_due(root: Path, run_ritmas: RunRitmas) -> None:
    review = review_of(root, profile=EVERYONE)
    daily = next(a for a in review.areas if a.id == "kasdien")
    # Thursday missed, Friday (today) to Sunday open; Monday to Wednesday were before tracking.
    assert [(d.task_id, d.kept, d.due, d.missed, d.skipped, d.open) for d in daily.days] == [
        ("pastas", 0, 4, 1, 0, 3)
    ]
    assert (daily.done, daily.due, daily.missed, daily.open) == (0, 1, 0.25, 0.75)
    text = cli_review(run_ritmas, root, "--profile", "all", "--lang", "en")
    assert "    - Patikrinti paštą (2026-11-26 – 2026-11-29): days 0/4 (missed 1, open 3)" in text
    assert "missed 3" not in text


def test_a_week_before_tracking_is_not_tracked(root: Path, run_ritmas: RunRitmas) -> None:
    review = review_of(root, W47)
    assert not review.tracked
    assert review.areas == ()
    assert (review.total.done, review.total.due, review.total.missed) == (0, 0, 0)
    assert review.unfinished == ()
    assert review.trend[-1].fraction is None
    # The week of the first day is tracked.
    assert review_of(root, W48).tracked
    line = "Not tracked: tracking began on 2026-11-26, so earlier weeks have no figures."
    text = cli_review(run_ritmas, root, "--period", "2026-W47", "--lang", "en")
    assert f"By area\n  {line}\n\nCadence kept" in text
    assert "Unfinished: carry or drop\n  nothing\n" in text
    markdown = cli_review(run_ritmas, root, "--period", "2026-W47", "--format", "markdown")
    assert f"## By area\n\n{line}\n\n## Cadence kept" in markdown
    assert "| Area |" not in markdown
    data = json.loads(cli_review(run_ritmas, root, "--period", "2026-W47", "--format", "json"))
    assert (data["tracked"], data["tracking_day"], data["areas"]) == (False, "2026-11-26", [])
    assert (data["total"]["due"], data["unfinished"]) == (0, [])
    lt = cli_review(run_ritmas, root, "--period", "2026-W47", "--lang", "lt")
    assert "  Nesekta: sekama nuo 2026-11-26, ankstesnių savaičių skaičių nėra." in lt


def test_one_percentage_everywhere(root: Path, run_ritmas: RunRitmas) -> None:
    store = session(root).store
    actions.move(store, card(root, "t1"), Column.DONE, actions.clock(FRIDAY))
    review = review_of(root)
    total = review.total
    assert (total.done, total.due, total.missed, total.open) == (1, WEEKLY, 0, WEEKLY - 1)
    assert total.completion == 1 / 8
    # 12.5 rounds half up, to 13, in every output (the screen's test checks it there).
    text = cli_review(run_ritmas, root, "--lang", "en")
    assert "    █░░░░░░░░░   13%  done 1 of 8 · missed 0 · skipped 0 · carried 0" in text
    assert "W48 13%" in text
    markdown = cli_review(run_ritmas, root, "--format", "markdown", "--lang", "lt")
    assert "| Darbai | 1 | 8 | 0 | 0 | 0 | 13 % | 8 | 0 |" in markdown
    assert "W47 — · W48 13 %" in markdown
    data = json.loads(cli_review(run_ritmas, root, "--format", "json"))
    assert data["total"]["completion"] == 0.125


def test_load_counts_the_steps_ticked(root: Path, run_ritmas: RunRitmas) -> None:
    store = session(root).store
    actions.tick(store, card(root, "t1"), 0)
    actions.tick(store, card(root, "t1"), 2)
    actions.move(store, card(root, "t1"), Column.DONE, actions.clock(FRIDAY))
    review = review_of(root)
    item = next(i for i in review.total.items if i.task_id == "t1")
    assert (item.outcome, item.steps_done, item.steps_total) == (Outcome.DONE, 2, 4)
    assert (review.total.cards, review.total.steps_done) == (WEEKLY, 2)  # not 4: two ticked
    text = cli_review(run_ritmas, root, "--lang", "en")
    assert "    load: 8 cards, 2 steps" in text
    data = json.loads(cli_review(run_ritmas, root, "--format", "json"))
    assert data["total"]["load"] == {"cards": WEEKLY, "steps_done": 2}


def test_carry_means_the_same_on_the_board_and_in_the_review(root: Path) -> None:
    store = session(root).store
    # The board's `c` on a running week's card, and the review's carry on another.
    on_board = card(root, "t2")
    assert actions.carry_ref(on_board) == on_board.ref
    actions.carry(store, actions.carry_target(on_board))
    in_review = next(u for u in review_of(root).unfinished if u.card.id == "t3")
    assert in_review.carry_ref == card(root, "t3").ref
    decide(store, in_review, "carry", actions.clock(FRIDAY))
    for task in ("t2", "t3"):
        record = store.read("2026-W48").occurrences[task]
        assert (record.carried, record.column) == (True, Column.TODO)
        shown = card(root, task)
        assert shown.carried and actions.carry_ref(shown) is None  # nothing more to carry
    review = review_of(root)
    assert [u.card.id for u in review.unfinished] == ["t1", "t4", "t5", "t6", "t7", "t8"]
    assert (review.total.carried, review.total.due, review.total.open) == (2, WEEKLY, WEEKLY)
    # The running week is not over: neither kept nor missed yet, so no "kept 0 of 1 weeks".
    assert review.cadence == ()

    # Next week both show on the board until done; W48 is now over and counts as not kept.
    next_monday = date(2026, 11, 30)
    board = session(root, next_monday).board(W49)
    carried = {c.id: c for c in board.cards if c.carried_since}
    assert sorted(carried) == ["t2@2026-W48", "t3@2026-W48"]
    assert carried["t2@2026-W48"].carried_since == "2026-W48"
    actions.move(store, carried["t2@2026-W48"], Column.DONE, actions.clock(next_monday))
    later = session(root, date(2026, 12, 7)).board(Week(2026, 50))
    assert [c.id for c in later.cards if c.carried_since] == ["t3@2026-W48"]
    next_review = build_review(session(root, next_monday), W49, next_monday, SERVICES)
    kept = {c.task_id: (c.kept, c.counted) for c in next_review.cadence}
    assert kept["t2"] == (0, 1) and kept["t3"] == (0, 1)


def test_a_done_or_daily_card_is_not_carried(root: Path) -> None:
    store = session(root).store
    actions.move(store, card(root, "t1"), Column.DONE, actions.clock(FRIDAY))
    assert actions.carry_ref(card(root, "t1")) is None
    with pytest.raises(actions.ActionRefused):
        actions.carry_target(card(root, "t1"))
    assert actions.carry_ref(card(root, "pastas")) is None  # tomorrow brings a fresh one


def test_notes_show_next_to_their_card(root: Path, run_ritmas: RunRitmas) -> None:
    store = session(root).store
    actions.set_note(store, card(root, "t1"), "Skambinti Jonui\nantradienį")
    actions.move(store, card(root, "t1"), Column.DONE, actions.clock(FRIDAY))
    actions.set_note(store, card(root, "t4"), "Laukiu \x1b[31mkainų")
    review = review_of(root)
    notes = {i.task_id: i.note for i in review.total.items if i.note}
    assert notes == {"t1": "Skambinti Jonui\nantradienį", "t4": "Laukiu \x1b[31mkainų"}
    text = cli_review(run_ritmas, root, "--lang", "en")
    assert "    - Užduotis 1 (2026-W48): done · note: Skambinti Jonui antradienį" in text
    assert "    - Užduotis 4 (2026-W48): open · note: Laukiu \\x1b[31mkainų" in text
    assert "  - Užduotis 4 — 2026-W48, to do · note: Laukiu \\x1b[31mkainų [carry or drop]" in text
    assert "\x1b" not in text  # the escape never reaches the terminal
    markdown = cli_review(run_ritmas, root, "--format", "markdown", "--lang", "lt")
    assert "| Užduotis | Laikotarpis | Rezultatas | Pastaba |" in markdown
    assert "| Užduotis 1 | 2026-W48 | atlikta | Skambinti Jonui antradienį |" in markdown
    assert "| Užduotis 2 | 2026-W48 | atvira |  |" in markdown
    data = json.loads(cli_review(run_ritmas, root, "--format", "json"))
    items = {i["task"]: i["note"] for i in data["areas"][0]["items"]}
    assert items["t1"] == "Skambinti Jonui\nantradienį" and items["t2"] == ""
    assert next(u for u in data["unfinished"] if u["card"] == "t4")["note"] == (
        "Laukiu \x1b[31mkainų"
    )
