"""From a cadence to the one occurrence (slot) a week's board shows, and the ones before it."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tui.core.cadence import Slot, previous_slots, slot_in_week
from tui.core.catalogue import DEFAULT_START, Cadence, CadenceKind
from tui.core.periods import Day, Month, PeriodKind, Quarter, Week, Year, period_of_week

EARLY_START = Week(2025, 1)  # lets properties cover 2025 as well
TODAY = date(2026, 11, 26)  # Thursday of 2026-W48
weeks = st.dates(min_value=date(2025, 1, 1), max_value=date(2028, 12, 31)).map(Week.of)
PROPERTY = settings(max_examples=100, deadline=None)

WEEKLY = Cadence(kind=CadenceKind.WEEKLY)
WEEKLY_2_3 = Cadence(kind=CadenceKind.WEEKLY, times=(2, 3))
MONTHLY = Cadence(kind=CadenceKind.MONTHLY)
MONTHLY_1_2 = Cadence(kind=CadenceKind.MONTHLY, times=(1, 2))
EVERY_2_MONTHS = Cadence(kind=CadenceKind.MONTHLY, every=2)
QUARTERLY = Cadence(kind=CadenceKind.QUARTERLY)
YEARLY = Cadence(kind=CadenceKind.YEARLY)
DAILY = Cadence(kind=CadenceKind.DAILY)
AS_NEEDED = Cadence(kind=CadenceKind.AS_NEEDED)
FRIDAYS = Cadence(kind=CadenceKind.RRULE, rrule="FREQ=WEEKLY;BYDAY=FR")
FIFTEENTHS = Cadence(kind=CadenceKind.RRULE, rrule="FREQ=MONTHLY;BYMONTHDAY=15")

ALL_KINDS = [WEEKLY, MONTHLY, QUARTERLY, YEARLY, DAILY, AS_NEEDED, FRIDAYS, FIFTEENTHS]


def slot(cadence: Cadence, week: Week, start: Week = DEFAULT_START, today: date = TODAY) -> Slot:
    found = slot_in_week(cadence, week, start, today)
    assert found is not None, f"{cadence} shows nothing in {week}"
    return found


def test_default_start_is_first_week_of_2026() -> None:
    assert Week(2026, 1) == DEFAULT_START


# --------------------------------------------------------------------------------------------
# Fixed cases


@pytest.mark.parametrize(
    ("cadence", "week", "key", "times"),
    [
        (WEEKLY, Week(2026, 48), "2026-W48", (1, 1)),
        (WEEKLY_2_3, Week(2026, 48), "2026-W48", (2, 3)),
        (WEEKLY_2_3, Week(2026, 53), "2026-W53", (2, 3)),
        (MONTHLY, Week(2026, 48), "2026-11", (1, 1)),
        (MONTHLY, Week(2026, 49), "2026-12", (1, 1)),
        (MONTHLY, Week(2026, 53), "2026-12", (1, 1)),
        (MONTHLY, Week(2026, 1), "2026-01", (1, 1)),
        (MONTHLY_1_2, Week(2026, 5), "2026-01", (1, 2)),
        (QUARTERLY, Week(2026, 48), "2026-Q4", (1, 1)),
        (QUARTERLY, Week(2026, 53), "2026-Q4", (1, 1)),
        (QUARTERLY, Week(2027, 1), "2027-Q1", (1, 1)),
        (QUARTERLY, Week(2026, 39), "2026-Q3", (1, 1)),
        (YEARLY, Week(2026, 48), "2026", (1, 1)),
        (YEARLY, Week(2026, 1), "2026", (1, 1)),  # starts Mon 29 Dec 2025
        (YEARLY, Week(2026, 53), "2026", (1, 1)),  # ends Sun 3 Jan 2027
        (YEARLY, Week(2027, 1), "2027", (1, 1)),
        (FRIDAYS, Week(2026, 48), "2026-W48", (1, 1)),
    ],
)
def test_slot_key_and_times(cadence: Cadence, week: Week, key: str, times: tuple[int, int]) -> None:
    found = slot(cadence, week)
    assert found.key == key
    assert found.times == times


def test_as_needed_has_no_slot() -> None:
    for week in (Week(2026, 1), Week(2026, 48), Week(2026, 53), Week(2028, 52)):
        assert slot_in_week(AS_NEEDED, week, DEFAULT_START, TODAY) is None


@pytest.mark.parametrize("cadence", ALL_KINDS, ids=lambda c: c.kind.value)
@pytest.mark.parametrize("week", [Week(2025, 1), Week(2025, 30), Week(2025, 52)])
def test_weeks_before_the_start_have_no_slot(cadence: Cadence, week: Week) -> None:
    assert slot_in_week(cadence, week, DEFAULT_START, TODAY) is None


def test_start_mid_month_counts_from_that_month() -> None:
    start = Week(2026, 3)
    assert slot_in_week(MONTHLY, Week(2026, 2), start, TODAY) is None
    assert slot(MONTHLY, Week(2026, 3), start).key == "2026-01"
    assert slot(EVERY_2_MONTHS, Week(2026, 10), start).key == "2026-03"
    assert slot_in_week(EVERY_2_MONTHS, Week(2026, 6), start, TODAY) is None  # February


# --------------------------------------------------------------------------------------------
# every = N


def test_every_two_months_alternates_from_january_2026() -> None:
    due = []
    month = Month(2026, 1)
    for _ in range(24):
        shown = {
            s.key
            for w in month.weeks()
            if (s := slot_in_week(EVERY_2_MONTHS, w, DEFAULT_START, TODAY)) is not None
        }
        assert shown in (set(), {month.key}), f"{month}: {shown}"
        due.append(bool(shown))
        month = month.next()
    assert due == [True, False] * 12
    assert slot(EVERY_2_MONTHS, Week(2026, 1)).key == "2026-01"
    assert slot_in_week(EVERY_2_MONTHS, Week(2026, 53), DEFAULT_START, TODAY) is None  # December
    assert slot(EVERY_2_MONTHS, Week(2027, 1)).key == "2027-01"


@pytest.mark.parametrize(
    ("cadence", "due_keys", "not_due_keys"),
    [
        (
            Cadence(kind=CadenceKind.WEEKLY, every=2),
            ["2026-W01", "2026-W03", "2026-W53", "2027-W02"],
            ["2026-W02", "2026-W52", "2027-W01"],
        ),
        (
            Cadence(kind=CadenceKind.QUARTERLY, every=2),
            ["2026-Q1", "2026-Q3", "2027-Q1"],
            ["2026-Q2", "2026-Q4"],
        ),
        (Cadence(kind=CadenceKind.YEARLY, every=2), ["2026", "2028"], ["2027"]),
    ],
)
def test_every_n_counts_periods_from_start(
    cadence: Cadence, due_keys: list[str], not_due_keys: list[str]
) -> None:
    kind = {
        CadenceKind.WEEKLY: PeriodKind.WEEK,
        CadenceKind.QUARTERLY: PeriodKind.QUARTER,
        CadenceKind.YEARLY: PeriodKind.YEAR,
    }[cadence.kind]
    shown: dict[str, bool] = {}
    for week in Year(2026).weeks() + Year(2027).weeks() + Year(2028).weeks():
        key = period_of_week(kind, week).key
        found = slot_in_week(cadence, week, DEFAULT_START, TODAY)
        assert found is None or found.key == key
        shown.setdefault(key, found is not None)
        assert shown[key] == (found is not None), f"{key} is due in some weeks only"
    assert all(shown[k] for k in due_keys)
    assert not any(shown[k] for k in not_due_keys)


# --------------------------------------------------------------------------------------------
# Daily


def test_daily_slot_in_the_current_week_focuses_on_today() -> None:
    week = Week(2026, 48)
    for today in week.days():
        found = slot(DAILY, week, today=today)
        assert isinstance(found.period, Day)
        assert found.period == Day(today)
        assert found.key == today.isoformat()
        assert found.dates == tuple(week.days())


def test_daily_slot_in_a_past_week_focuses_on_its_last_day() -> None:
    found = slot(DAILY, Week(2026, 47), today=date(2026, 11, 26))
    assert found.period == Day(date(2026, 11, 22))
    assert found.dates == tuple(Week(2026, 47).days())


def test_daily_slot_in_week_1_of_2026_covers_the_2025_days() -> None:
    found = slot(DAILY, Week(2026, 1), today=date(2026, 1, 2))
    assert found.dates[0] == date(2025, 12, 29)
    assert found.period == Day(date(2026, 1, 2))


def test_daily_every_two_days_counts_from_the_start_monday() -> None:
    found = slot(Cadence(kind=CadenceKind.DAILY, every=2), Week(2026, 1), today=date(2026, 1, 1))
    assert found.dates == (
        date(2025, 12, 29),
        date(2025, 12, 31),
        date(2026, 1, 2),
        date(2026, 1, 4),
    )
    assert found.period == Day(date(2025, 12, 31))  # today not due: the last due day before it


# --------------------------------------------------------------------------------------------
# rrule


def test_rrule_fridays_gives_that_friday() -> None:
    found = slot(FRIDAYS, Week(2026, 48))
    assert found.period == Week(2026, 48)
    assert found.dates == (date(2026, 11, 27),)
    assert found.times == (1, 1)


def test_rrule_fifteenths_only_in_weeks_holding_a_15th() -> None:
    assert slot(FIFTEENTHS, Week(2026, 3)).dates == (date(2026, 1, 15),)
    assert slot_in_week(FIFTEENTHS, Week(2026, 4), DEFAULT_START, TODAY) is None
    assert slot(FIFTEENTHS, Week(2026, 46)).dates == (date(2026, 11, 15),)  # a Sunday


# --------------------------------------------------------------------------------------------
# Properties over 2025-2028 (including 2026-W53)


@PROPERTY
@given(weeks)
def test_monthly_shows_the_same_slot_on_every_week_of_its_month(week: Week) -> None:
    month = Month.of_week(week)
    slots = [slot(MONTHLY, w, EARLY_START) for w in month.weeks()]
    assert {s.key for s in slots} == {month.key}
    assert len(set(slots)) == 1
    assert slot(MONTHLY, week, EARLY_START).key == month.key


@PROPERTY
@given(weeks)
def test_quarterly_and_yearly_slots_match_the_weeks_thursday(week: Week) -> None:
    quarter = slot(QUARTERLY, week, EARLY_START)
    year = slot(YEARLY, week, EARLY_START)
    thursday = week.thursday
    assert quarter.period == Quarter(thursday.year, (thursday.month - 1) // 3 + 1)
    assert year.period == Year(thursday.year)
    assert quarter.key == f"{thursday.year}-Q{(thursday.month - 1) // 3 + 1}"
    assert year.key == str(thursday.year)
    assert all(slot(QUARTERLY, w, EARLY_START) == quarter for w in quarter.period.weeks())


@PROPERTY
@given(weeks)
def test_weekly_shows_once_per_week_with_its_tally(week: Week) -> None:
    found = slot(WEEKLY_2_3, week, EARLY_START)
    assert found.period == week
    assert found.key == week.key
    assert found.times == (2, 3)
    assert found.dates == ()


@PROPERTY
@given(weeks, st.integers(min_value=-14, max_value=14))
def test_daily_slot_holds_the_whole_week(week: Week, offset: int) -> None:
    today = week.monday + timedelta(days=offset)
    found = slot(DAILY, week, EARLY_START, today)
    assert found.dates == tuple(week.days())
    assert isinstance(found.period, Day)
    if today in week.days():
        assert found.period.day == today
    elif today > week.sunday:
        assert found.period.day == week.sunday
    else:
        assert found.period.day == week.monday


@PROPERTY
@given(weeks)
def test_rrule_fridays_one_slot_per_week(week: Week) -> None:
    found = slot(FRIDAYS, week, EARLY_START)
    assert found.key == week.key
    assert found.dates == (week.monday + timedelta(days=4),)


@PROPERTY
@given(weeks)
def test_rrule_fifteenths_match_the_calendar(week: Week) -> None:
    fifteenths = tuple(d for d in week.days() if d.day == 15)
    found = slot_in_week(FIFTEENTHS, week, EARLY_START, TODAY)
    if fifteenths:
        assert found is not None
        assert found.key == week.key
        assert found.dates == fifteenths
    else:
        assert found is None


@PROPERTY
@given(weeks, st.sampled_from(ALL_KINDS))
def test_no_slot_before_start(week: Week, cadence: Cadence) -> None:
    start = Week(2027, 1)
    if week < start:
        assert slot_in_week(cadence, week, start, TODAY) is None


# --------------------------------------------------------------------------------------------
# previous_slots


@pytest.mark.parametrize(
    ("cadence", "week", "today", "count", "keys"),
    [
        (WEEKLY, Week(2026, 3), TODAY, 5, ["2026-W02", "2026-W01"]),
        (WEEKLY, Week(2027, 2), TODAY, 3, ["2027-W01", "2026-W53", "2026-W52"]),
        (WEEKLY, Week(2026, 1), TODAY, 3, []),
        (MONTHLY, Week(2026, 14), TODAY, 2, ["2026-03", "2026-02"]),
        (MONTHLY, Week(2026, 14), TODAY, 10, ["2026-03", "2026-02", "2026-01"]),
        (MONTHLY, Week(2027, 1), TODAY, 2, ["2026-12", "2026-11"]),
        (EVERY_2_MONTHS, Week(2026, 20), TODAY, 10, ["2026-03", "2026-01"]),
        (QUARTERLY, Week(2027, 1), TODAY, 2, ["2026-Q4", "2026-Q3"]),
        (YEARLY, Week(2028, 1), TODAY, 5, ["2027", "2026"]),
        (
            DAILY,
            Week(2026, 1),
            date(2026, 1, 2),
            10,
            ["2026-01-01", "2025-12-31", "2025-12-30", "2025-12-29"],
        ),
        (DAILY, Week(2026, 53), date(2027, 1, 1), 2, ["2026-12-31", "2026-12-30"]),
        (FRIDAYS, Week(2026, 3), TODAY, 5, ["2026-W02", "2026-W01"]),
        (FRIDAYS, Week(2027, 1), TODAY, 2, ["2026-W53", "2026-W52"]),
        (FIFTEENTHS, Week(2026, 16), TODAY, 5, ["2026-W11", "2026-W07", "2026-W03"]),
    ],
)
def test_previous_slots(
    cadence: Cadence, week: Week, today: date, count: int, keys: list[str]
) -> None:
    current = slot(cadence, week, today=today)
    earlier = previous_slots(cadence, current, DEFAULT_START, count)
    assert [s.key for s in earlier] == keys


def test_previous_rrule_slots_carry_their_dates() -> None:
    current = slot(FIFTEENTHS, Week(2026, 16))
    earlier = previous_slots(FIFTEENTHS, current, DEFAULT_START, 2)
    assert [s.dates for s in earlier] == [(date(2026, 3, 15),), (date(2026, 2, 15),)]


@PROPERTY
@given(weeks, st.sampled_from([WEEKLY, MONTHLY, EVERY_2_MONTHS, QUARTERLY, YEARLY, FRIDAYS]))
def test_previous_slots_are_what_earlier_weeks_showed(week: Week, cadence: Cadence) -> None:
    current = slot_in_week(cadence, week, EARLY_START, TODAY)
    if current is None:
        return
    earlier = previous_slots(cadence, current, EARLY_START, 4)
    keys = [s.key for s in earlier]
    assert len(earlier) <= 4
    assert len(set(keys)) == len(keys)
    previous = current
    for before in earlier:
        # Newest first, never before the start, and each one is what its own weeks showed.
        assert before.period < previous.period
        first = before.period.weeks()[0]
        assert first >= EARLY_START
        assert slot_in_week(cadence, first, EARLY_START, TODAY) == before
        previous = before
    # Nothing due was skipped between the current slot and the oldest one returned.
    if earlier:
        between = {
            s.key
            for w in _weeks_between(earlier[-1].period.weeks()[0], week)
            if (s := slot_in_week(cadence, w, EARLY_START, TODAY)) is not None
        }
        assert between == {*keys, current.key}


@PROPERTY
@given(weeks, st.integers(min_value=1, max_value=10))
def test_previous_daily_slots_are_consecutive_days(week: Week, count: int) -> None:
    current = slot(DAILY, week, EARLY_START, week.sunday)
    earlier = previous_slots(DAILY, current, EARLY_START, count)
    expected = [week.sunday - timedelta(days=n) for n in range(1, count + 1)]
    expected = [d for d in expected if d >= EARLY_START.monday]
    assert [s.period for s in earlier] == [Day(d) for d in expected]


def _weeks_between(first: Week, last: Week) -> list[Week]:
    out = [first]
    while out[-1] < last:
        out.append(out[-1].next())
    return out
