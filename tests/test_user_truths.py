"""What a new user found untrue, checked in the core: who does a daily card, steps ticked on
longer periods' cards, search in notes, the carried mark of a done card."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from tui.core import actions
from tui.core.board import Board, BoardContext, build_board
from tui.core.catalogue import parse_catalogue
from tui.core.periods import Week
from tui.core.review import Review, build_review
from tui.core.state import Column, Store

WEEK = Week(2026, 49)  # Monday 30 November – Sunday 6 December
MONDAY, TUESDAY, THURSDAY, SUNDAY = date(2026, 11, 30), date(2026, 12, 1), date(2026, 12, 3), date(2026, 12, 6)
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


def review(store: Store, today: date) -> Review:
    return build_review(context(store), WEEK, today, EVERYONE)


def at(day: date) -> datetime:
    return datetime.fromisoformat(f"{day.isoformat()}T10:00:00+02:00")


# -- 1. who does a daily card -----------------------------------------------------------------


def test_a_daily_card_is_given_for_its_whole_week(store: Store) -> None:
    card = board(store, MONDAY).card("uzklausos")
    assert card is not None and card.period == MONDAY.isoformat()
    change = actions.assign(store, card, "Jonas")
    # Kept once for the week, under the task's own id, not on Monday's record.
    assert change is not None and change.ref.key == "uzklausos"
    assert store.read(WEEK.key).occurrences["uzklausos"].assignee == "Jonas"
    for day in (MONDAY, TUESDAY, SUNDAY):
        shown = board(store, day)
        assert shown.card("uzklausos").assignee == "Jonas", day  # type: ignore[union-attr]
        assert [c.id for c in shown.visible(EVERYONE, who="jonas")] == ["uzklausos"], day
    # Given to Ona on Thursday: the whole week is Ona's, Monday included.
    actions.assign(store, board(store, THURSDAY).card("uzklausos"), "Ona")  # type: ignore[arg-type]
    assert board(store, MONDAY).card("uzklausos").assignee == "Ona"  # type: ignore[union-attr]
    # Nobody, and undo brings Ona back.
    cleared = actions.assign(store, board(store, TUESDAY).card("uzklausos"), None)  # type: ignore[arg-type]
    assert cleared is not None
    assert board(store, SUNDAY).card("uzklausos").assignee is None  # type: ignore[union-attr]
    cleared.undo(store)
    assert board(store, SUNDAY).card("uzklausos").assignee == "Ona"  # type: ignore[union-attr]


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
    assert board(store, TUESDAY).card("uzklausos").assignee == "Jonas"  # type: ignore[union-attr]
    actions.assign(store, board(store, TUESDAY).card("uzklausos"), None)  # type: ignore[arg-type]
    assert board(store, MONDAY).card("uzklausos").assignee is None  # type: ignore[union-attr]
    # A daily card showing nobody already: clearing writes nothing.
    assert actions.assign(store, board(store, MONDAY).card("uzklausos"), None) is None  # type: ignore[arg-type]


def test_predicted_daily_card_shows_the_name_at_once(store: Store) -> None:
    card = board(store, MONDAY).card("uzklausos")
    assert card is not None
    assert actions.predict(card, actions.assign_plan(card, "Jonas")).assignee == "Jonas"
    named = board(store, MONDAY).card("pastas")
    assert named is not None
    actions.assign(store, named, "Ona")
    named = board(store, MONDAY).card("pastas")
    assert named is not None and named.assignee == "Ona"
    # Nobody on a card whose task names nobody shows nobody at once, not the old name.
    assert actions.predict(named, actions.assign_plan(named, None)).assignee is None


def test_per_person_figures_add_up_to_the_total(store: Store) -> None:
    actions.assign(store, board(store, MONDAY).card("uzklausos"), "Jonas")  # type: ignore[arg-type]
    actions.move(store, board(store, MONDAY).card("uzklausos"), Column.DONE, at(MONDAY))  # type: ignore[arg-type]
    actions.assign(store, board(store, MONDAY).card("irasai"), "Ona")  # type: ignore[arg-type]
    shown = review(store, TUESDAY)
    people = {p.name: (round(p.done, 2), p.due) for p in shown.people}
    # The daily task weighs one card, all of it Jonas's (Monday done, the other days open).
    assert people["Jonas"][1] == 1
    assert sum(p.due for p in shown.people) == shown.total.due
    assert sum(p.done for p in shown.people) == pytest.approx(shown.total.done)


def test_a_tally_card_keeps_its_assignee_through_its_times(store: Store) -> None:
    actions.assign(store, board(store, MONDAY).card("irasai"), "Ona")  # type: ignore[arg-type]
    # Done once, below its minimum of 2: back to to do, still Ona's; then twice: done.
    actions.move(store, board(store, MONDAY).card("irasai"), Column.DONE, at(MONDAY))  # type: ignore[arg-type]
    card = board(store, TUESDAY).card("irasai")
    assert card is not None and card.column is Column.TODO and card.assignee == "Ona"
    actions.move(store, card, Column.DONE, at(TUESDAY))
    card = board(store, SUNDAY).card("irasai")
    assert card is not None and card.column is Column.DONE and card.assignee == "Ona"
    people = {p.name: (p.done, p.due) for p in review(store, SUNDAY).people}
    assert people["Ona"] == (1, 1)
