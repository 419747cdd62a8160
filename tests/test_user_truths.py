"""What a new user found untrue, checked in the core: who does a daily card, steps ticked on
longer periods' cards, search in notes, the carried mark of a done card."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from conftest import Ran, RunRitmas

from tui.core import actions
from tui.core.board import Board, BoardContext, Card, build_board
from tui.core.catalogue import parse_catalogue
from tui.core.periods import Week
from tui.core.review import Review, build_review
from tui.core.state import Column, Store

WEEK = Week(2026, 49)  # Monday 30 November – Sunday 6 December
MONDAY, TUESDAY = date(2026, 11, 30), date(2026, 12, 1)
THURSDAY, SUNDAY = date(2026, 12, 3), date(2026, 12, 6)
EVERYONE = frozenset({"visi"})

CATALOGUE = """\
start = "2026-W01"

[[areas]]
id = "klientai"
title = "Klientai"

[[areas.tasks]]
id = "uzklausos"
title = "Atsakyti į užklausas"
steps = ["Patikrinti kanalus", "Atsakyti"]
cadence = { kind = "daily" }

[[areas.tasks]]
id = "irasai"
title = "Įrašai"
cadence = { kind = "weekly", times = [2, 3] }

[[areas.tasks]]
id = "pastas"
title = "Patikrinti paštą"
cadence = { kind = "weekly" }

[[areas.tasks]]
id = "finansai"
title = "Tvarkyti finansus"
steps = ["Sąskaitos", "Bankas", "Ataskaita"]
cadence = { kind = "monthly" }
"""


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store(tmp_path / "state")


def context(store: Store) -> BoardContext:
    return BoardContext(parse_catalogue(CATALOGUE), store, date(2026, 11, 23))


def board(store: Store, today: date) -> Board:
    return build_board(context(store), WEEK, today)


def card_of(store: Store, today: date, card_id: str) -> Card:
    card = board(store, today).card(card_id)
    assert card is not None, card_id
    return card


def review(store: Store, today: date) -> Review:
    return build_review(context(store), WEEK, today, EVERYONE)


def at(day: date) -> datetime:
    return datetime.fromisoformat(f"{day.isoformat()}T10:00:00+02:00")


# -- 1. who does a daily card -----------------------------------------------------------------


def test_a_daily_card_is_given_for_its_whole_week(store: Store) -> None:
    card = card_of(store, MONDAY, "uzklausos")
    assert card is not None and card.period == MONDAY.isoformat()
    change = actions.assign(store, card, "Jonas")
    # Kept once for the week, under the task's own id, not on Monday's record.
    assert change is not None and change.ref.key == "uzklausos"
    assert store.read(WEEK.key).occurrences["uzklausos"].assignee == "Jonas"
    for day in (MONDAY, TUESDAY, SUNDAY):
        shown = board(store, day)
        assert shown.card("uzklausos").assignee == "Jonas", day
        assert [c.id for c in shown.visible(EVERYONE, who="jonas")] == ["uzklausos"], day
    # Given to Ona on Thursday: the whole week is Ona's, Monday included.
    actions.assign(store, card_of(store, THURSDAY, "uzklausos"), "Ona")
    assert card_of(store, MONDAY, "uzklausos").assignee == "Ona"
    # Nobody, and undo brings Ona back.
    cleared = actions.assign(store, card_of(store, TUESDAY, "uzklausos"), None)
    assert cleared is not None
    assert card_of(store, SUNDAY, "uzklausos").assignee is None
    cleared.undo(store)
    assert card_of(store, SUNDAY, "uzklausos").assignee == "Ona"


def test_a_day_named_by_an_older_file_names_the_whole_week(store: Store) -> None:
    """Files written before this rule hold the name on the day it was given (what the user's
    `state/2026-W49.json` holds): that day's name stands for the week, and clearing clears it."""
    from tui.core.state import Record

    store.update(
        WEEK.key,
        lambda state: state.occurrences.__setitem__(
            f"uzklausos@{MONDAY.isoformat()}", Record(assignee="Jonas")
        ),
    )
    assert card_of(store, TUESDAY, "uzklausos").assignee == "Jonas"
    actions.assign(store, card_of(store, TUESDAY, "uzklausos"), None)
    assert card_of(store, MONDAY, "uzklausos").assignee is None
    # A daily card showing nobody already: clearing writes nothing.
    assert actions.assign(store, card_of(store, MONDAY, "uzklausos"), None) is None


def test_predicted_daily_card_shows_the_name_at_once(store: Store) -> None:
    card = card_of(store, MONDAY, "uzklausos")
    assert card is not None
    assert actions.predict(card, actions.assign_plan(card, "Jonas")).assignee == "Jonas"
    named = card_of(store, MONDAY, "pastas")
    assert named is not None
    actions.assign(store, named, "Ona")
    named = card_of(store, MONDAY, "pastas")
    assert named is not None and named.assignee == "Ona"
    # Nobody on a card whose task names nobody shows nobody at once, not the old name.
    assert actions.predict(named, actions.assign_plan(named, None)).assignee is None


def test_per_person_figures_add_up_to_the_total(store: Store) -> None:
    actions.assign(store, card_of(store, MONDAY, "uzklausos"), "Jonas")
    actions.move(store, card_of(store, MONDAY, "uzklausos"), Column.DONE, at(MONDAY))
    actions.assign(store, card_of(store, MONDAY, "irasai"), "Ona")
    shown = review(store, TUESDAY)
    people = {p.name: (round(p.done, 2), p.due) for p in shown.people}
    # The daily task weighs one card, all of it Jonas's (Monday done, the other days open).
    assert people["Jonas"][1] == 1
    assert sum(p.due for p in shown.people) == shown.total.due
    assert sum(p.done for p in shown.people) == pytest.approx(shown.total.done)


def test_a_tally_card_keeps_its_assignee_through_its_times(store: Store) -> None:
    actions.assign(store, card_of(store, MONDAY, "irasai"), "Ona")
    # Done once, below its minimum of 2: back to to do, still Ona's; then twice: done.
    actions.move(store, card_of(store, MONDAY, "irasai"), Column.DONE, at(MONDAY))
    card = card_of(store, TUESDAY, "irasai")
    assert card is not None and card.column is Column.TODO and card.assignee == "Ona"
    actions.move(store, card, Column.DONE, at(TUESDAY))
    card = card_of(store, SUNDAY, "irasai")
    assert card is not None and card.column is Column.DONE and card.assignee == "Ona"
    people = {p.name: (p.done, p.due) for p in review(store, SUNDAY).people}
    assert people["Ona"] == (1, 1)


# -- 2. steps ticked on a month's card count in the week they were ticked ----------------------

FIXTURE_V2 = Path(__file__).parent / "fixtures" / "schema2-2026-12.json"


def test_steps_ticked_on_a_monthly_card_count_in_their_week(store: Store) -> None:
    card = card_of(store, MONDAY, "finansai")
    assert card is not None and card.period == "2026-12"
    actions.tick(store, card, 0, MONDAY)
    actions.tick(store, card_of(store, MONDAY, "finansai"), 2, MONDAY)
    shown = review(store, date(2026, 12, 4))
    assert shown.total.steps_done == 2
    (area,) = shown.areas
    assert area.steps_done == 2
    # Next week's load does not count them again, and an untick takes its day away.
    assert build_review(context(store), WEEK.next(), SUNDAY, EVERYONE).total.steps_done == 0
    actions.tick(store, card_of(store, TUESDAY, "finansai"), 2, TUESDAY)
    assert store.read("2026-12").occurrences["finansai"].ticked_on == {0: MONDAY.isoformat()}
    assert review(store, TUESDAY).total.steps_done == 1


def test_a_weekly_card_keeps_no_tick_days_and_its_ticks_count_in_its_week(store: Store) -> None:
    from tui.core.state import needed_schema

    actions.tick(store, card_of(store, MONDAY, "uzklausos"), 1, MONDAY)
    state = store.read(WEEK.key)
    assert all(not r.ticked_on for r in state.occurrences.values())
    assert needed_schema(state) == 1  # an older Ritmas still reads the week's file
    assert review(store, MONDAY).total.steps_done == 1


def test_a_tick_from_a_schema_2_file_counts_where_its_card_counts(tmp_path: Path) -> None:
    """No day was kept before schema 3: the tick counts in the week the card counts in (the
    month's last week while it is open), as it did; a new tick moves the file to schema 3 with
    a backup of the schema 2 file."""
    import json
    import shutil

    folder = tmp_path / "state"
    folder.mkdir()
    shutil.copy(FIXTURE_V2, folder / "2026-12.json")
    store = Store(folder)
    assert review(store, TUESDAY).total.steps_done == 0
    last = build_review(context(store), Week(2026, 53), date(2026, 12, 28), EVERYONE)
    assert last.total.steps_done == 1
    actions.tick(store, card_of(store, TUESDAY, "finansai"), 1, TUESDAY)
    assert review(store, TUESDAY).total.steps_done == 1
    data = json.loads((folder / "2026-12.json").read_text(encoding="utf-8"))
    assert data["schema"] == 3
    assert data["occurrences"]["finansai"]["ticked_on"] == {"1": TUESDAY.isoformat()}
    assert data["occurrences"]["finansai"]["assignee"] == "Ona"
    assert (folder / "2026-12.json.v2.bak").read_text(encoding="utf-8") == FIXTURE_V2.read_text(
        encoding="utf-8"
    )


def test_merge_keeps_tick_days_only_for_steps_left_ticked() -> None:
    from tui.core.merge import merge_record
    from tui.core.state import Record

    base = Record(checked=[0], ticked_on={0: "2026-11-30"})
    ours = Record(checked=[0, 1], ticked_on={0: "2026-11-30", 1: "2026-12-01"})
    theirs = Record(checked=[2], ticked_on={2: "2026-12-02"})
    merged = merge_record(base, ours, theirs)
    assert merged is not None
    assert merged.checked == [1, 2]
    assert merged.ticked_on == {1: "2026-12-01", 2: "2026-12-02"}


# -- 3. search looks in the card's note too ------------------------------------------------------


def test_search_finds_a_card_by_its_note_ignoring_case_and_diacritics(store: Store) -> None:
    actions.set_note(store, card_of(store, MONDAY, "pastas"), "Nupirkti žvakės parduotuvei")
    shown = board(store, MONDAY)
    assert [c.id for c in shown.visible(EVERYONE, text="ZVAKES")] == ["pastas"]
    assert [c.id for c in shown.visible(EVERYONE, text="kanalus")] == ["uzklausos"]  # a step


# -- the command line agrees -----------------------------------------------------------------------


def test_command_line_daily_assignee_search_by_note_and_people_adding_up(
    tmp_path: Path, run_ritmas: RunRitmas
) -> None:
    import json

    root = tmp_path / "ws"
    assert run_ritmas("init", root).returncode == 0
    (root / "ritmas.toml").write_text('started = "2026-W48"\n', encoding="utf-8")

    def ritmas(today: date, *args: str) -> Ran:
        return run_ritmas(*args, "--workspace", root, "--today", today, "--profile", "all")

    daily = "atsakyti-i-uzklausas"
    assert ritmas(MONDAY, "assign", daily, "Jonas").returncode == 0
    listed = ritmas(TUESDAY, "list", "--who", "jonas", "--json")
    assert [c["id"] for c in json.loads(listed.stdout)] == [daily], listed.stderr
    data = json.loads(ritmas(TUESDAY, "review", "--format", "json").stdout)
    people, total = data["people"], data["total"]
    assert {p["name"]: p["due"] for p in people}["Jonas"] == 1
    assert sum(p["due"] for p in people) == total["due"]
    text = ritmas(TUESDAY, "review").stdout
    assert f"done 0 of {total['due'] - 1}" in text and "done 0 of 1" in text
    # A card is found by words of its note.
    store = Store(root / "state")
    weekly = next(c for c in board_of(root, TUESDAY).cards if c.cadence and not c.days_due)
    actions.set_note(store, weekly, "Nupirkti žvakės")
    ran = ritmas(TUESDAY, "move", "ZVAKES", "done")
    assert ran.returncode == 2 and f"did you mean {weekly.id}?" in ran.stderr, ran.stderr


def board_of(root: Path, today: date) -> Board:
    from tui.core.session import Session
    from tui.core.workspace import Workspace

    return Session(Workspace(root), today, profile=frozenset({"all"})).board(WEEK)


# -- 4. a done carried card is not "carried on" ---------------------------------------------


def test_a_carried_card_once_done_says_where_it_came_from_at_most(store: Store) -> None:
    from tui.core.outcome import Outcome
    from tui.ui.widgets.card import card_meta

    def marks(card: Card) -> list[str]:
        return [text for text, _ in card_meta(card, "en")]

    # Carried while its month runs, then done: no mark at all once done.
    actions.carry(store, card_of(store, MONDAY, "finansai").ref)
    assert "» carried forward" in marks(card_of(store, MONDAY, "finansai"))
    actions.move(store, card_of(store, MONDAY, "finansai"), Column.DONE, at(MONDAY))
    done = card_of(store, TUESDAY, "finansai")
    assert done.column is Column.DONE and not done.carries_on
    assert not [m for m in marks(done) if m.startswith("»")]
    # Missed last week, carried into this one and done here: where it came from, no more.
    last_week = build_board(context(store), WEEK.prev(), date(2026, 11, 29)).card("pastas")
    assert last_week is not None
    actions.carry(store, last_week.ref)
    carried = card_of(store, MONDAY, "pastas@2026-W48")
    assert "» carried forward" not in marks(carried)  # floats: "carried 2026-W48" says it
    actions.move(store, carried, Column.DONE, at(MONDAY))
    done = card_of(store, TUESDAY, "pastas@2026-W48")
    assert [m for m in marks(done) if m.startswith("»")] == ["» carried 2026-W48"]
    rows = [i for i in review(store, TUESDAY).total.items if i.floating]
    assert [(i.period, i.outcome) for i in rows] == [("2026-W48", Outcome.DONE)]


# -- 5. doctor --repair names the schema backup beside a damaged file --------------------------


@pytest.mark.parametrize(
    ("lang", "words"), [("en", "it may hold most of"), ("lt", "gali būti didžioji dalis")]
)
def test_doctor_repair_mentions_the_schema_backup_beside_a_damaged_file(
    tmp_path: Path, run_ritmas: RunRitmas, lang: str, words: str
) -> None:
    root = tmp_path / "ws"
    assert run_ritmas("init", root).returncode == 0
    state = root / "state"
    state.mkdir(exist_ok=True)
    (state / "2026-W48.json").write_text("{ not json", encoding="utf-8")
    backup = state / "2026-W48.json.v1.bak"
    backup.write_text('{"schema": 1, "period": "2026-W48"}\n', encoding="utf-8")
    ran = run_ritmas("doctor", "--repair", "--workspace", root, "--lang", lang)
    assert "Traceback" not in ran.stderr
    (line,) = [x for x in ran.stdout.splitlines() if str(backup) in x]
    assert words in line and "2026-W48.json" in line
    assert backup.exists()  # mentioned, never touched
