"""One rule, one place: what became of an occurrence, its key, and how figures are written."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from conftest import RunRitmas
from test_review import TODAY, build_history, open_history

from tui.core.outcome import Outcome, outcome_of, tracked
from tui.core.periods import Day, Month, Week
from tui.core.refs import CardRef, OccurrenceKey, OccurrenceKeyError, Section
from tui.core.review import build_review
from tui.core.state import Column, Record
from tui.render.figures import bar, percent, sparkline, tally, trend_labels

W12 = Week(2026, 12)  # 16-22 March 2026
FRIDAY = date(2026, 3, 27)
TRACKED_FROM = date(2026, 1, 5)


@pytest.mark.parametrize(
    ("period", "record", "times", "expected"),
    [
        (W12, Record(column=Column.DONE), (1, 1), Outcome.DONE),
        (W12, Record(), (1, 1), Outcome.MISSED),
        (W12, Record(column=Column.DOING), (1, 1), Outcome.MISSED),
        (Week(2026, 13), Record(column=Column.DOING), (1, 1), Outcome.OPEN),  # still running
        (W12, Record(column=Column.SKIPPED), (1, 1), Outcome.SKIPPED),
        (W12, Record(carried=True), (1, 1), Outcome.CARRIED),
        # carried, then done after its period: a slip carried forward, not the cadence kept
        (W12, Record(carried=True, column=Column.DONE, done_on="2026-03-24"), (1, 1), "carried"),
        (W12, Record(carried=True, column=Column.DONE, done_on="2026-03-20"), (1, 1), "done"),
        # tally-aware: 1 of 2-3 is missed, 2 of 2-3 done, whatever the column says
        (W12, Record(tally=1), (2, 3), Outcome.MISSED),
        (W12, Record(tally=2), (2, 3), Outcome.DONE),
        (W12, Record(tally=1, column=Column.DONE), (2, 3), Outcome.MISSED),
        # before tracking began nothing is missed
        (Week(2025, 52), Record(), (1, 1), Outcome.OPEN),
        (Day(date(2026, 1, 4)), Record(), (1, 1), Outcome.OPEN),
        (Day(date(2026, 1, 5)), Record(), (1, 1), Outcome.MISSED),
        (Month(2026, 3), Record(), (1, 1), Outcome.OPEN),  # March ends on Sunday 29 March
        (Month(2026, 2), Record(), (1, 1), Outcome.MISSED),
    ],
)
def test_outcome_of(period: Week, record: Record, times: tuple[int, int], expected: str) -> None:
    assert outcome_of(period, record, times, FRIDAY, TRACKED_FROM) == expected


def test_tracked_counts_a_period_that_ends_on_the_first_day() -> None:
    assert tracked(Week(2026, 1), date(2026, 1, 4))  # Sunday: the week's last day
    assert not tracked(Week(2026, 1), date(2026, 1, 5))


@pytest.mark.parametrize(
    ("text", "task", "day"),
    [("planas", "planas", None), ("pastas@2026-03-21", "pastas", date(2026, 3, 21))],
)
def test_occurrence_key_round_trip(text: str, task: str, day: date | None) -> None:
    key = OccurrenceKey.parse(text)
    assert (key.task, key.day) == (task, day)
    assert key.key == str(key) == text


@pytest.mark.parametrize("text", ["", "@2026-03-21", "pastas@", "pastas@2026-02-30", "a@b"])
def test_bad_occurrence_keys_are_refused(text: str) -> None:
    with pytest.raises(OccurrenceKeyError):
        OccurrenceKey.parse(text)


def test_card_ref_holds_its_section_as_an_enum() -> None:
    ref = CardRef("2026-W12", "occurrences", "pastas@2026-03-21")  # type: ignore[arg-type]
    assert ref.section is Section.OCCURRENCES
    assert ref == CardRef.of_occurrence("2026-W12", OccurrenceKey("pastas", date(2026, 3, 21)))
    assert ref.occurrence.day == date(2026, 3, 21)
    card = CardRef("2026-W12", Section.CARDS, "n0318abcd")
    assert not card.is_occurrence
    with pytest.raises(ValueError, match="hand-added"):
        _ = card.occurrence
    with pytest.raises(ValueError):
        CardRef("2026-W12", "notes", "x")  # type: ignore[arg-type]


# ---------------------------------------------------------------------------------------------
# Figures


@pytest.mark.parametrize(
    ("fraction", "en", "lt"),
    [(1 / 8, "13%", "13 %"), (0.125, "13%", "13 %"), (4 / 9, "44%", "44 %"), (None, "—", "—")],
)
def test_percent_rounds_half_up(fraction: float | None, en: str, lt: str) -> None:
    assert percent(fraction, "en") == en
    assert percent(fraction, "lt") == lt


def test_bar_and_sparkline_are_on_a_zero_to_hundred_scale() -> None:
    assert bar(0.5) == "█████░░░░░"
    assert bar(None) == "░" * 10
    assert bar(1.2) == "█" * 10  # never wider than itself
    # 10 % is a low block, not a full one (the scale is not the highest value's)
    assert sparkline([0.1]) == "▂"
    assert sparkline([0.0, 0.1, 0.5, 1.0, None]) == "▁▂▅█·"


def test_tally_and_trend_labels() -> None:
    assert tally(1, (2, 3)) == "1/2–3×"
    assert tally(2, (2, 2)) == "2/2×"
    assert trend_labels([("2026-W01", None), ("2026-W02", 0.1), ("2026-W03", 0.09)]) == [
        "W01 —",
        "W02 10%",
        "W03 9%",
    ]


# ---------------------------------------------------------------------------------------------
# Board, review and command line agree


@pytest.fixture(scope="module")
def history_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_history(tmp_path_factory.mktemp("outcome") / "workspace").root


def test_board_review_and_cli_call_the_same_occurrence_missed(
    history_root: Path, run_ritmas: RunRitmas
) -> None:
    # W12: irasas counted once of 2-3 (missed); W09: planas missed, irasas skipped.
    session = open_history(history_root).session
    for week, task, outcome in [
        (W12, "irasas", Outcome.MISSED),
        (Week(2026, 9), "planas", Outcome.MISSED),
        (Week(2026, 11), "kampanija", Outcome.DONE),
    ]:
        card = session.board(week).card(task)
        assert card is not None
        review = build_review(session, week, TODAY, frozenset({"all"}))
        items = [i for a in review.areas for i in a.items if i.task_id == task]
        assert [i.outcome for i in items] == [outcome]
        assert card.missed is (outcome is Outcome.MISSED)
        listed = run_ritmas(
            "list", "--workspace", history_root, "--today", "2026-03-27", "--period", week.key
        )
        line = next(li for li in listed.stdout.splitlines() if li.split()[:1] == [task])
        assert ("[missed]" in line) is (outcome is Outcome.MISSED), line
