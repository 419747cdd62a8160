"""The weekly review's figures, over a 12-week history written through the real state files.

The history (weeks 2026-W02 to 2026-W13, reviewed on Friday 2026-03-27) is made by the same
actions the board uses, one dated day at a time. What happened, per task:

- ``irasas`` (weekly, times = [2, 3]): tally per week W02..W13 = 2, 3, 1, 2, 0, 2, 2, skipped,
  3, 2, 1, 2.
- ``kampanija`` (monthly): January done on Wed 14 Jan (W03), February never, March done on Wed
  11 Mar (W11).
- ``pastas`` (daily): done every weekday, and on Sun 1 Feb; skipped Sat 21 Mar; W13 done Mon-Thu.
- ``planas`` (weekly, 4 steps): done W02..W08; W09 missed; W10 missed and carried (on Mon 9 Mar),
  the carried card done Tue 17 Mar (W12); W11 skipped; W12 done; W13 in doing, 2 steps ticked.
- ``ataskaita`` (quarterly): nothing yet (Q1 ends on Sunday 29 Mar).
- ``reklama`` (as needed): added Mon 26 Jan (W05), done Wed 11 Feb (W07).
- Free-text cards: "Sutvarkyti archyvą" added Tue 17 Feb (W08), dropped Tue 24 Feb (W09);
  "Atnaujinti kainoraštį" added Wed 18 Mar (W12), still open.
- ``atsargos`` (weekly, produktai only): never touched; outside the "paslaugos" profile.

The catalogue starts in 2025-W40 and tracking in 2026-W02, so the months and quarters of 2025
are never counted.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import pytest

from tui.core import actions
from tui.core.board import Card, build_board
from tui.core.catalogue import Cadence as Cadence_
from tui.core.catalogue import load_catalogue
from tui.core.periods import Week
from tui.core.review import (
    REFLECTION_FIELDS,
    Outcome,
    Review,
    build_review,
    cadence_text,
    decide,
    reflection_hint,
    reflection_prompt,
    save_reflection,
    week_completion,
)
from tui.core.session import Session
from tui.core.state import Column, Reflection, Store
from tui.core.workspace import Workspace
from tui.render.review import render_json, render_markdown, render_text, sparkline

HISTORY_CATALOGUE = """\
start = "2025-W40"

[[areas]]
id = "marketingas"
title = "Marketingas ir pardavimai"

[[areas.tasks]]
id = "irasas"
title = "Parengti socialinių tinklų įrašą"
steps = ["Sukurti antraštę", "Parašyti tekstą", "Paskelbti"]
periodicity = "2–3× per savaitę"
cadence = { kind = "weekly", times = [2, 3] }
fits = ["visi"]

[[areas.tasks]]
id = "kampanija"
title = "Paruošti mėnesio kampaniją"
steps = ["Peržiūrėti rezultatus", "Pasirinkti temą"]
periodicity = "1× per mėn."
cadence = { kind = "monthly" }

[[areas.tasks]]
id = "reklama"
title = "Kurti reklamos kampaniją"
steps = ["Nustatyti tikslą", "Paleisti"]
periodicity = "Pagal poreikį"
cadence = { kind = "as_needed" }

[[areas]]
id = "gamyba"
title = "Gamyba"

[[areas.tasks]]
id = "atsargos"
title = "Patikrinti atsargas"
cadence = { kind = "weekly" }
fits = ["produktai"]

[[areas]]
id = "valdymas"
title = "Verslo valdymas"

[[areas.tasks]]
id = "pastas"
title = "Patikrinti paštą"
# no periodicity: the review describes the cadence itself
cadence = { kind = "daily" }

[[areas.tasks]]
id = "planas"
title = "Savaitės planas"
steps = ["Peržiūrėti kalendorių", "Išrinkti 3 prioritetus", "Suplanuoti", "Užrašyti"]
periodicity = "1× per savaitę"
cadence = { kind = "weekly" }

[[areas.tasks]]
id = "ataskaita"
title = "Ketvirčio ataskaita"
steps = ["Surinkti duomenis", "Pateikti"]
periodicity = "1× per ketvirtį"
cadence = { kind = "quarterly" }
"""

TODAY = date(2026, 3, 27)  # Friday of 2026-W13
WEEK = Week(2026, 13)
PROFILE = frozenset({"paslaugos"})
FIRST_DAY = date(2026, 1, 5)  # Monday of 2026-W02
IRASAS_TALLY = {2: 2, 3: 3, 4: 1, 5: 2, 6: 0, 7: 2, 8: 2, 10: 3, 11: 2, 12: 1, 13: 2}


@dataclass
class History:
    root: Path
    store: Store
    session: Session

    def card(self, day: date, card_id: str) -> Card:
        board = build_board(self.session.context, Week.of(day), day)
        card = board.card(card_id)
        assert card is not None, f"no card {card_id} on {day}"
        return card

    def move(self, day: date, card_id: str, column: Column) -> None:
        actions.move(self.store, self.card(day, card_id), column, actions.clock(day))

    def count(self, day: date, card_id: str) -> None:
        """One more time done, on a tally card."""
        card = self.card(day, card_id)
        if card.column is Column.DONE:
            assert actions.advance(self.store, card, actions.clock(day)) is not None
        else:
            actions.move(self.store, card, Column.DONE, actions.clock(day))

    def skip(self, day: date, card_id: str) -> None:
        actions.skip(self.store, self.card(day, card_id), actions.clock(day))

    def add(
        self, day: date, area: str, *, title: str | None = None, task: str | None = None
    ) -> str:
        change = actions.add_card(
            self.store, Week.of(day).key, area, actions.clock(day), title=title, task_id=task
        )
        return change.ref.key


def open_history(root: Path) -> History:
    session = Session(Workspace(root), TODAY)
    return History(root, session.store, session)


def build_history(root: Path) -> History:
    """Write the module docstring's 12 weeks into a new workspace at ``root``."""
    (root / "state").mkdir(parents=True)
    (root / "catalogue.toml").write_text(HISTORY_CATALOGUE, encoding="utf-8")
    (root / "ritmas.toml").write_text(
        'profile = ["paslaugos"]\nweek_start = "monday"\nstarted = "2026-W02"\n', encoding="utf-8"
    )
    h = open_history(root)
    day = FIRST_DAY
    while day <= date(2026, 3, 26):
        week = Week.of(day)
        # pastas: weekdays, plus Sunday 1 February; Saturday 21 March skipped.
        if day.weekday() < 5 or day == date(2026, 2, 1):
            h.move(day, "pastas", Column.DONE)
        if day == date(2026, 3, 21):
            h.skip(day, "pastas")
        # irasas: its tally, counted on Tuesday, Thursday and Saturday.
        if day.weekday() in (1, 3, 5) and (day.weekday() - 1) // 2 < IRASAS_TALLY.get(week.week, 0):
            h.count(day, "irasas")
        if day == date(2026, 2, 23):
            h.skip(day, "irasas")
        # planas
        if day.weekday() == 2 and (week.week <= 8 or week.week == 12):
            h.move(day, "planas", Column.DONE)
        if day == date(2026, 3, 9):
            actions.carry(h.store, actions.carry_target(h.card(day, "planas")))
        if day == date(2026, 3, 10):
            h.skip(day, "planas")
        if day == date(2026, 3, 17):
            h.move(day, "planas@2026-W10", Column.DONE)
        if day == date(2026, 3, 23):
            h.move(day, "planas", Column.DOING)
            actions.tick(h.store, h.card(day, "planas"), 0)
            actions.tick(h.store, h.card(day, "planas"), 1)
        # kampanija
        if day in (date(2026, 1, 14), date(2026, 3, 11)):
            h.move(day, "kampanija", Column.DONE)
        # hand-added cards
        if day == date(2026, 1, 26):
            reklama = h.add(day, "marketingas", task="reklama")
        if day == date(2026, 2, 11):
            h.move(day, reklama, Column.DONE)
        if day == date(2026, 2, 17):
            archyvas = h.add(day, "valdymas", title="Sutvarkyti archyvą")
        if day == date(2026, 2, 24):
            h.skip(day, archyvas)
        if day == date(2026, 3, 18):
            h.add(day, "valdymas", title="Atnaujinti kainoraštį")
        day += timedelta(days=1)
    return h


@pytest.fixture(scope="module")
def history_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_history(tmp_path_factory.mktemp("history") / "workspace").root


@pytest.fixture
def history(history_root: Path, tmp_path: Path) -> History:
    """A private copy of the history, for tests that change it."""
    root = tmp_path / "workspace"
    shutil.copytree(history_root, root)
    return open_history(root)


@pytest.fixture(scope="module")
def review(history_root: Path) -> Review:
    return build_review(open_history(history_root).session, WEEK, TODAY, PROFILE)


def area(review: Review, area_id: str) -> dict[str, object]:
    found = next(a for a in review.areas if a.id == area_id)
    return {
        "done": found.done,
        "due": found.due,
        "missed": found.missed,
        "skipped": found.skipped,
        "carried": found.carried,
        "open": found.open,
        "cards": found.cards,
        "steps": found.steps_done,
    }


# ---------------------------------------------------------------------------------------------
# The history is what the docstring says


def test_history_state_files(history_root: Path) -> None:
    store = Store(history_root / "state")
    assert store.read("2026-W03").occurrences["irasas"].tally == 3
    assert store.read("2026-W10").occurrences["planas"].carried is True
    assert store.read("2026-W10").occurrences["planas"].done_on == "2026-03-17"
    assert store.read("2026-01").occurrences["kampanija"].done_on == "2026-01-14"
    assert "2026-02" not in store.period_keys()
    assert store.read("2026-W12").occurrences["pastas@2026-03-21"].column is Column.SKIPPED


# ---------------------------------------------------------------------------------------------
# Per area


def test_areas_in_catalogue_order_and_profile(review: Review) -> None:
    # gamyba's only task is for "produktai": not in the "paslaugos" review.
    assert [a.id for a in review.areas] == ["marketingas", "valdymas"]


def test_area_counts_of_the_reviewed_week(review: Review) -> None:
    # irasas done (2 of 2-3); March's campaign counted in W11, the week it was done.
    assert area(review, "marketingas") == {
        "done": 1,
        "due": 1,
        "missed": 0,
        "skipped": 0,
        "carried": 0,
        "open": 0,
        "cards": 2,  # irasas and kampanija (done) on the board
        "steps": 0,  # irasas was counted twice, but no step of it was ticked
    }
    # pastas is one card: 4 of its 7 days kept (Fri-Sun still open); planas open (doing, 2
    # ticked), ataskaita open (Q1 ends Sunday).
    assert area(review, "valdymas") == {
        "done": pytest.approx(4 / 7),
        "due": 3,
        "missed": 0,
        "skipped": 0,
        "carried": 0,
        "open": pytest.approx(3 / 7 + 2),
        "cards": 4,  # pastas, planas, ataskaita, "Atnaujinti kainoraštį"
        "steps": 2,
    }
    valdymas = next(a for a in review.areas if a.id == "valdymas")
    assert [(d.task_id, d.kept, d.due, d.missed, d.skipped, d.open) for d in valdymas.days] == [
        ("pastas", 4, 7, 0, 0, 3)
    ]
    assert valdymas.days[0].share == pytest.approx(4 / 7)
    assert valdymas.completion == pytest.approx(4 / 7 / 3)
    total = review.total
    assert (total.done, total.due) == (pytest.approx(1 + 4 / 7), 4)
    assert (total.missed, total.skipped, total.carried) == (0, 0, 0)
    assert (total.cards, total.steps_done) == (6, 2)
    assert total.completion == pytest.approx((1 + 4 / 7) / 4)


@pytest.mark.parametrize(
    ("week", "area_id", "expected"),
    [
        # (done, due, missed, skipped, carried) in cards; pastas is one card a week, its share
        # of due days kept done and the rest missed.
        # W09: irasas skipped, February's campaign missed (W09 is February's last week).
        (9, "marketingas", (0, 1, 1, 1, 0)),
        # W09: pastas 5 of 7 days (Sat, Sun missed), planas missed, "Sutvarkyti archyvą" dropped.
        (9, "valdymas", (5 / 7, 2, 1 + 2 / 7, 1, 0)),
        # W10: irasas done 3 times; planas missed and carried (neither missed nor done).
        (10, "marketingas", (1, 1, 0, 0, 0)),
        (10, "valdymas", (5 / 7, 2, 2 / 7, 0, 1)),
        # W11: March's campaign done this week; planas skipped.
        (11, "marketingas", (2, 2, 0, 0, 0)),
        (11, "valdymas", (5 / 7, 1, 2 / 7, 1, 0)),
        # W12: irasas 1 of 2-3 = missed; pastas 5 of 6 days (Sat skipped so not due, Sun
        # missed); planas done, and W10's carried planas done here too.
        (12, "marketingas", (0, 1, 1, 0, 0)),
        (12, "valdymas", (5 / 6 + 2, 3, 1 / 6, 0, 0)),
        # W07: the as-needed card counts in the week it was done.
        (7, "marketingas", (2, 2, 0, 0, 0)),
        # W03: January's campaign done in W03, not in January's last week (W05).
        (3, "marketingas", (2, 2, 0, 0, 0)),
        (5, "marketingas", (1, 1, 0, 0, 0)),
        # W05: pastas 6 of 7 (Sun 1 Feb done, Sat 31 Jan missed), planas done.
        (5, "valdymas", (1 + 6 / 7, 2, 1 / 7, 0, 0)),
    ],
)
def test_area_counts_of_earlier_weeks(
    history_root: Path, week: int, area_id: str, expected: tuple[float, ...]
) -> None:
    review = build_review(open_history(history_root).session, Week(2026, week), TODAY, PROFILE)
    found = next(a for a in review.areas if a.id == area_id)
    got = (found.done, found.due, found.missed, found.skipped, found.carried)
    assert got == pytest.approx(expected)
    assert found.done + found.missed + found.open == pytest.approx(found.due)


def test_all_audiences_add_the_products_area(history_root: Path) -> None:
    review = build_review(open_history(history_root).session, WEEK, TODAY, frozenset({"all"}))
    assert [a.id for a in review.areas] == ["marketingas", "gamyba", "valdymas"]
    assert area(review, "gamyba") == {
        "done": 0,
        "due": 1,
        "missed": 0,
        "skipped": 0,
        "carried": 0,
        "open": 1,
        "cards": 1,
        "steps": 0,
    }
    # W02: irasas, pastas, planas + atsargos (missed); W03: + January's campaign.
    assert [p.due for p in review.trend][:2] == [4, 5]


# ---------------------------------------------------------------------------------------------
# Cadence kept


def test_cadence_kept_worst_first(review: Review) -> None:
    got = [(c.task_id, c.kept, c.counted) for c in review.cadence]
    # Only periods that are over count: March, W13 and today are still running.
    assert got == [
        # Feb missed, Jan kept; Oct-Dec 2025 were before tracking, March (done) not over.
        ("kampanija", 1, 2),
        # W02..W12: tally >= 2 in 7, below in 3 (W04, W06, W12), W09 skipped.
        ("irasas", 7, 10),
        # W11 skipped; W09 missed and W10 carried are not kept.
        ("planas", 8, 10),
        # 12 days to today: 16-20 and 23-26 Mar kept, 22 missed, 21 skipped, today still open.
        ("pastas", 9, 10),
    ]
    # ataskaita has no period that counts yet (Q1 is open, Q4 2025 was before tracking).
    assert "ataskaita" not in {c.task_id for c in review.cadence}


def test_cadence_labels(review: Review) -> None:
    assert [c.label("en") for c in review.cadence] == [
        "monthly: kept 1 of 2 months",  # the seed's own words are Lithuanian
        "2–3× per week: kept 7 of 10 weeks",
        "weekly: kept 8 of 10 weeks",
        "daily: kept 9 of 10 days",
    ]
    assert review.cadence[0].label("lt") == "1× per mėn.: laikytasi 1 iš 2 mėn."
    assert review.cadence[1].label("lt") == "2–3× per savaitę: laikytasi 7 iš 10 sav."
    assert review.cadence[3].label("lt") == "kasdien: laikytasi 9 iš 10 d."


def test_cadence_kept_of_a_past_week_ends_with_that_week(history_root: Path) -> None:
    review = build_review(open_history(history_root).session, Week(2026, 6), TODAY, PROFILE)
    got = {c.task_id: (c.kept, c.counted) for c in review.cadence}
    # W02..W06 (W01 and before: not tracked): tallies 2, 3, 1, 2, 0.
    assert got["irasas"] == (3, 5)
    assert got["planas"] == (5, 5)
    # Days 28 Jan .. 8 Feb: weekdays and Sun 1 Feb kept; Sat 31 Jan, 7 and 8 Feb missed.
    assert got["pastas"] == (9, 12)
    # January kept; February (which holds W06) is judged as of today: missed.
    assert got["kampanija"] == (1, 2)


@pytest.mark.parametrize(
    ("cadence", "lang", "text"),
    [
        ({"kind": "weekly", "times": [2, 3]}, "en", "2–3× per week"),
        ({"kind": "weekly"}, "lt", "kas savaitę"),
        ({"kind": "monthly", "every": 2}, "en", "every 2 months"),
        ({"kind": "monthly", "every": 2}, "lt", "kas 2 mėn."),
        ({"kind": "daily"}, "lt", "kasdien"),
        ({"kind": "yearly", "times": [1, 2]}, "en", "1–2× per year"),
    ],
)
def test_cadence_text(cadence: dict[str, object], lang: str, text: str) -> None:
    from tui.core.catalogue_schema import Cadence

    validated = Cadence.model_validate(cadence)
    plain = Cadence_(validated.kind, validated.times, validated.every, validated.rrule)
    assert cadence_text(plain, lang) == text


# ---------------------------------------------------------------------------------------------
# Trend


def test_trend_twelve_weeks_oldest_first(review: Review) -> None:
    assert [p.week for p in review.trend] == [f"2026-W{n:02d}" for n in range(2, 14)]
    # In cards: irasas, planas and pastas (its days kept as a share of one card).
    assert [(p.done, p.due) for p in review.trend] == [
        (pytest.approx(2 + 5 / 7), 3),  # W02
        (pytest.approx(3 + 5 / 7), 4),  # W03: + January's campaign
        (pytest.approx(1 + 5 / 7), 3),  # W04: irasas only once
        (pytest.approx(2 + 6 / 7), 3),  # W05: Sunday's mail done too
        (pytest.approx(1 + 5 / 7), 3),  # W06: irasas not at all
        (pytest.approx(3 + 5 / 7), 4),  # W07: + the as-needed card
        (pytest.approx(2 + 5 / 7), 3),  # W08
        (pytest.approx(5 / 7), 3),  # W09: planas and February's campaign missed; two skipped
        (pytest.approx(1 + 5 / 7), 3),  # W10: planas carried
        (pytest.approx(2 + 5 / 7), 3),  # W11: + March's campaign; planas skipped
        (pytest.approx(2 + 5 / 6), 4),  # W12: + the carried planas done; Sat skipped
        (pytest.approx(1 + 4 / 7), 4),  # W13, so far
    ]
    # On a 0-100 % scale: 90 % is ▇, 93 % █, 57 % ▅, 24 % ▃, 39 % ▄.
    assert sparkline([p.fraction for p in review.trend]) == "▇█▅█▅█▇▃▅▇▆▄"


def test_trend_before_tracking_has_no_figure(history_root: Path) -> None:
    points = week_completion(
        open_history(history_root).session, [Week(2026, 1), Week(2026, 2)], TODAY, PROFILE
    )
    assert [(p.week, p.fraction) for p in points] == [
        ("2026-W01", None),
        ("2026-W02", pytest.approx((2 + 5 / 7) / 3)),
    ]


# ---------------------------------------------------------------------------------------------
# Unfinished cards: carry or drop


def test_unfinished_cards(review: Review) -> None:
    got = [
        (u.card.id, u.card.period, u.card.column, u.outcome, u.can_carry) for u in review.unfinished
    ]
    assert got[:2] == [
        ("planas", "2026-W13", Column.DOING, Outcome.OPEN, True),
        ("ataskaita", "2026-Q1", Column.TODO, Outcome.OPEN, True),
    ]
    assert got[2][1:] == ("2026-W12", Column.TODO, Outcome.OPEN, False)
    assert review.unfinished[2].card.title == "Atnaujinti kainoraštį"
    assert review.unfinished[2].card.carried_since == "2026-W12"
    assert len(got) == 3


def test_unfinished_of_a_past_week_lists_the_missed(history_root: Path) -> None:
    review = build_review(open_history(history_root).session, Week(2026, 9), TODAY, PROFILE)
    # irasas was skipped; planas and February's campaign missed; the dropped card is gone.
    got = [(u.card.id, u.card.period, u.outcome) for u in review.unfinished]
    assert got == [
        ("kampanija", "2026-02", Outcome.MISSED),
        ("planas", "2026-W09", Outcome.MISSED),
    ]


def test_carry_and_drop_are_saved_and_undoable(history: History) -> None:
    before = build_review(history.session, WEEK, TODAY, PROFILE)
    planas, _ataskaita, kainorastis = before.unfinished
    at = actions.clock(TODAY)

    carried = decide(history.store, planas, "carry", at)
    dropped = decide(history.store, kainorastis, "drop", at)
    with pytest.raises(actions.ActionRefused):
        decide(history.store, kainorastis, "carry", at)

    fresh = Store(history.root / "state")
    assert fresh.read("2026-W13").occurrences["planas"].carried is True
    assert fresh.read("2026-W12").cards[kainorastis.card.ref.key].column is Column.SKIPPED
    after = build_review(open_history(history.root).session, WEEK, TODAY, PROFILE)
    assert [u.card.id for u in after.unfinished] == ["ataskaita"]
    valdymas = area(after, "valdymas")
    assert (valdymas["carried"], valdymas["skipped"], valdymas["due"]) == (1, 1, 3)

    assert carried is not None and dropped is not None
    actions.undo(history.store, dropped)
    actions.undo(history.store, carried)
    again = build_review(open_history(history.root).session, WEEK, TODAY, PROFILE)
    assert [u.card.id for u in again.unfinished] == [u.card.id for u in before.unfinished]
    assert area(again, "valdymas") == area(before, "valdymas")


# ---------------------------------------------------------------------------------------------
# Next week


def test_next_week_lists_what_opens(review: Review) -> None:
    nxt = review.next_week
    assert nxt.week == "2026-W14"
    # W14 holds Thursday 2 April: April and Q2 start there.
    assert [(o.task_id, o.period) for o in nxt.openings] == [
        ("irasas", "2026-W14"),
        ("kampanija", "2026-04"),
        ("planas", "2026-W14"),
        ("ataskaita", "2026-Q2"),
    ]
    assert [o.task_id for o in nxt.daily] == ["pastas"]


def test_next_week_mid_month_has_no_monthly(history_root: Path) -> None:
    review = build_review(open_history(history_root).session, Week(2026, 11), TODAY, PROFILE)
    assert [o.task_id for o in review.next_week.openings] == ["irasas", "planas"]


# ---------------------------------------------------------------------------------------------
# Reflection


def test_reflection_round_trip(history: History) -> None:
    last = Reflection(worked="Kampanija", repeat_change="Daugiau įrašų", focus="Ataskaita")
    this = Reflection(worked="Paštas kasdien", repeat_change="", focus="Kainoraštis\nir planas")
    save_reflection(history.store, WEEK.prev(), last)
    change = save_reflection(history.store, WEEK, this)
    assert change is not None and change.before == Reflection()
    assert save_reflection(history.store, WEEK, this) is None  # unchanged: nothing written

    # A fresh Store (as after a restart) reads it back from the week's file.
    fresh = open_history(history.root)
    assert fresh.store.read("2026-W13").review == this
    review = build_review(fresh.session, WEEK, TODAY, PROFILE)
    assert review.reflection.this_week == this
    assert review.reflection.previous_week_key == "2026-W12"
    assert review.reflection.previous_week == last
    # The week's cards are untouched by it.
    assert fresh.store.read("2026-W13").occurrences["planas"].column is Column.DOING

    change.undo(history.store)
    assert Store(history.root / "state").read("2026-W13").review == Reflection()


def test_reflection_prompts_in_both_languages() -> None:
    assert REFLECTION_FIELDS == ("worked", "repeat_change", "focus")
    assert [reflection_prompt(f, "en") for f in REFLECTION_FIELDS] == [
        "What worked?",
        "What to repeat / change?",
        "Focus for next week",
    ]
    assert reflection_prompt("worked", "lt") == "Kas pavyko?"
    assert reflection_hint("repeat_change", "lt") == "Pažymėti, ką kartoti / keisti"


# ---------------------------------------------------------------------------------------------
# Damaged files and rendering


def test_a_damaged_file_is_named_and_left_out(history: History) -> None:
    path = history.root / "state" / "2026-W12.json"
    path.write_text("{ not json", encoding="utf-8")
    review = build_review(open_history(history.root).session, WEEK, TODAY, PROFILE)
    assert set(review.damaged) == {"2026-W12"}
    assert "bad JSON" in review.damaged["2026-W12"]
    assert path.read_text(encoding="utf-8") == "{ not json"  # never overwritten
    assert "2026-W12" in render_text(review, "en")


def test_renderers_agree_on_the_figures(review: Review) -> None:
    text = render_text(review, "en")
    # Total: 1 + 4/7 of 4 cards = 39 %; valdymas 4/7 of 3 = 19 %.
    assert "    ████░░░░░░   39%  done 1.57 of 4 · missed 0 · skipped 0 · carried 0" in text
    assert "    - Patikrinti paštą (2026-03-23 – 2026-03-29): days 4/7 (open 3)" in text
    assert "  ▇█▅█▅█▇▃▅▇▆▄" in text
    # a week and its percent stay on one line
    assert "  W02 90% · W03 93% · W04 57% · W05 95% · W06 57% · W07 93% · W08 90% ·\n" in text
    assert "\n  W09 24% · W10 57% · W11 90% · W12 71% · W13 39%\n" in text
    assert "  - Savaitės planas — 2026-W13, doing, 2/4 steps [carry or drop]" in text
    lt = render_text(review, "lt")
    assert "    ██░░░░░░░░  19 %  atlikta 0,57 iš 3 · neatlikta 0 · praleista 0 · nukelta 0" in lt
    assert "    - Patikrinti paštą (2026-03-23 – 2026-03-29): dienos 4/7 (atvira 3)" in lt
    assert "  Kas pavyko?" in lt
    md = render_markdown(review, "lt")
    assert "| Verslo valdymas | 0,57 | 3 | 0 | 0 | 0 | 19 % | 4 | 2 |" in md
    total_row = (
        "| **Iš viso** | **1,57** | **4** | **0** | **0** | **0** | **39 %** | **6** | **2** |"
    )
    assert total_row in md
    import json

    data = json.loads(render_json(review))
    assert data["total"]["done"] == pytest.approx(1 + 4 / 7) and data["total"]["due"] == 4
    assert data["total"]["completion"] == pytest.approx((1 + 4 / 7) / 4)
    assert data["areas"][1]["days"] == [
        {
            "task": "pastas",
            "kept": 4,
            "due": 7,
            "missed": 0,
            "skipped": 0,
            "open": 3,
            "share": pytest.approx(4 / 7),
        }
    ]
    assert [c["task"] for c in data["cadence_kept"]] == ["kampanija", "irasas", "planas", "pastas"]
    assert data["trend"][0] == {
        "week": "2026-W02",
        "done": pytest.approx(2 + 5 / 7),
        "due": 3,
        "completion": pytest.approx((2 + 5 / 7) / 3),
    }


def test_review_module_imports_no_textual(tmp_path: Path) -> None:
    code = (
        "import sys, tui.core.review, tui.render.review, tui.commands.review\n"
        "print(any(m == 'textual' or m.startswith('textual.') for m in sys.modules))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path, check=True
    )
    assert done.stdout.strip() == "False"


def test_catalogue_of_the_history_is_valid(tmp_path: Path) -> None:
    path = tmp_path / "catalogue.toml"
    path.write_text(HISTORY_CATALOGUE, encoding="utf-8")
    assert len(load_catalogue(path).tasks()) == 7


# ---------------------------------------------------------------------------------------------
# The review's cached rrule lookups agree with the cadence module


def test_saving_a_reflection_keeps_answers_saved_meanwhile(tmp_path: Path) -> None:
    from tui.core.review import save_reflection
    from tui.core.state import Reflection, Store

    store = Store(tmp_path / "state")
    shown = Reflection()
    save_reflection(Store(tmp_path / "state"), "2026-W48", Reflection(focus="kitos sesijos"))
    change = save_reflection(store, "2026-W48", Reflection(worked="pavyko"), base=shown)
    saved = Store(tmp_path / "state").read("2026-W48").review
    assert (saved.worked, saved.focus) == ("pavyko", "kitos sesijos")
    assert change is not None
    change.undo(store)
    saved = Store(tmp_path / "state").read("2026-W48").review
    assert (saved.worked, saved.focus) == ("", "kitos sesijos")
