"""Period keys: parsing and formatting, the ISO week rule, and the arithmetic of periods."""

from __future__ import annotations

from datetime import date, timedelta
from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tui.core.periods import (
    Day,
    Month,
    Period,
    PeriodKeyError,
    PeriodKind,
    Quarter,
    Week,
    Year,
    board_days,
    first_week,
    iter_weeks,
    last_week,
    parse_period,
    parse_week,
    period_index,
    period_of_week,
    week_containing,
    weeks_in_year,
)

FIRST, LAST = date(2025, 1, 1), date(2028, 12, 31)
dates = st.dates(min_value=FIRST, max_value=LAST)
weeks = dates.map(Week.of)
PROPERTY = settings(max_examples=150, deadline=None)


@st.composite
def periods(draw: st.DrawFn) -> Period:
    day = draw(dates)
    week = Week.of(day)
    kind = draw(st.sampled_from(["day", "week", "month", "quarter", "year"]))
    if kind == "day":
        return Day(day)
    if kind == "week":
        return week
    return period_of_week(PeriodKind(kind), week)


# --------------------------------------------------------------------------------------------
# Parsing and formatting


@pytest.mark.parametrize(
    ("key", "expected", "kind"),
    [
        ("2026-W48", Week(2026, 48), PeriodKind.WEEK),
        ("2026-W01", Week(2026, 1), PeriodKind.WEEK),
        ("2026-W53", Week(2026, 53), PeriodKind.WEEK),
        ("2020-W53", Week(2020, 53), PeriodKind.WEEK),
        ("2026-11", Month(2026, 11), PeriodKind.MONTH),
        ("2026-01", Month(2026, 1), PeriodKind.MONTH),
        ("2026-Q4", Quarter(2026, 4), PeriodKind.QUARTER),
        ("2026-Q1", Quarter(2026, 1), PeriodKind.QUARTER),
        ("2026", Year(2026), PeriodKind.YEAR),
        ("2026-11-26", Day(date(2026, 11, 26)), PeriodKind.DAY),
        ("2028-02-29", Day(date(2028, 2, 29)), PeriodKind.DAY),
    ],
)
def test_parse_and_format(key: str, expected: Period, kind: PeriodKind) -> None:
    period = parse_period(key)
    assert period == expected
    assert type(period) is type(expected)
    assert period.kind is kind
    assert period.key == key
    assert str(period) == key


def test_parse_strips_surrounding_space() -> None:
    assert parse_period(" 2026-W48\n") == Week(2026, 48)


@pytest.mark.parametrize(
    "key",
    [
        "2026-W54",
        "2025-W53",  # 2025 has 52 weeks
        "2027-W53",
        "2028-W53",
        "2026-W00",
        "2026-W5",
        "2026-w48",
        "2026-13",
        "2026-00",
        "2026-Q5",
        "2026-Q0",
        "2026-11-31",
        "2025-02-29",
        "abc",
        "",
        "26",
        "20261",
        "2026-W48-1",
    ],
)
def test_bad_keys_raise_period_key_error(key: str) -> None:
    with pytest.raises(PeriodKeyError) as caught:
        parse_period(key)
    assert repr(key) in str(caught.value)


def test_period_key_error_is_a_value_error() -> None:
    assert issubclass(PeriodKeyError, ValueError)


@pytest.mark.parametrize(
    ("year", "count"),
    [(2020, 53), (2025, 52), (2026, 53), (2027, 52), (2028, 52)],
)
def test_weeks_in_year(year: int, count: int) -> None:
    assert weeks_in_year(year) == count
    assert len(Year(year).weeks()) == count
    Week(year, count)  # exists
    with pytest.raises(PeriodKeyError):
        Week(year, count + 1)


@pytest.mark.parametrize(
    ("text", "week"),
    [
        ("2026-W48", Week(2026, 48)),
        ("2026-11-26", Week(2026, 48)),
        ("2026-01-01", Week(2026, 1)),
        ("2025-12-29", Week(2026, 1)),
        ("2027-01-03", Week(2026, 53)),
    ],
)
def test_parse_week_accepts_weeks_and_dates(text: str, week: Week) -> None:
    assert parse_week(text) == week


@pytest.mark.parametrize("text", ["2026-11", "2026-Q4", "2026", "2026-W54"])
def test_parse_week_rejects_other_periods(text: str) -> None:
    with pytest.raises(PeriodKeyError):
        parse_week(text)


# --------------------------------------------------------------------------------------------
# The Thursday rule


def test_week_49_of_2026_belongs_to_december() -> None:
    week = Week(2026, 49)
    assert (week.monday, week.sunday) == (date(2026, 11, 30), date(2026, 12, 6))
    assert Month.of_week(week) == Month(2026, 12)
    assert week in Month(2026, 12).weeks()
    assert week not in Month(2026, 11).weeks()


def test_november_2026_is_weeks_45_to_48() -> None:
    assert [w.key for w in Month(2026, 11).weeks()] == [
        "2026-W45",
        "2026-W46",
        "2026-W47",
        "2026-W48",
    ]


def test_week_1_of_2026_starts_in_2025_and_belongs_to_2026() -> None:
    week = Week(2026, 1)
    assert week.monday == date(2025, 12, 29)
    assert week.monday.weekday() == 0
    assert week.days()[0] == date(2025, 12, 29)
    assert week.days()[-1] == week.sunday == date(2026, 1, 4)
    assert Month.of_week(week) == Month(2026, 1)
    assert Quarter.of_week(week) == Quarter(2026, 1)
    assert Year.of_week(week) == Year(2026)
    assert first_week(Month(2026, 1)) == week
    assert first_week(Year(2026)) == week


def test_week_53_of_2026_belongs_to_december_q4_and_2026() -> None:
    week = Week(2026, 53)
    assert (week.monday, week.sunday) == (date(2026, 12, 28), date(2027, 1, 3))
    assert Month.of_week(week) == Month(2026, 12)
    assert Quarter.of_week(week) == Quarter(2026, 4)
    assert Year.of_week(week) == Year(2026)
    assert last_week(Month(2026, 12)) == week
    assert last_week(Quarter(2026, 4)) == week
    assert last_week(Year(2026)) == week
    assert week.next() == Week(2027, 1)
    assert Week(2027, 1).prev() == week


@pytest.mark.parametrize(
    ("kind", "week", "key"),
    [
        (PeriodKind.WEEK, Week(2026, 48), "2026-W48"),
        (PeriodKind.MONTH, Week(2026, 48), "2026-11"),
        (PeriodKind.QUARTER, Week(2026, 48), "2026-Q4"),
        (PeriodKind.YEAR, Week(2026, 48), "2026"),
        (PeriodKind.MONTH, Week(2026, 49), "2026-12"),
        (PeriodKind.QUARTER, Week(2026, 40), "2026-Q4"),  # 28 Sep - 4 Oct, Thursday 1 Oct
        (PeriodKind.QUARTER, Week(2026, 39), "2026-Q3"),
        (PeriodKind.YEAR, Week(2025, 1), "2025"),  # starts Mon 30 Dec 2024
        (PeriodKind.YEAR, Week(2020, 53), "2020"),  # ends Sun 3 Jan 2021
    ],
)
def test_period_of_week(kind: PeriodKind, week: Week, key: str) -> None:
    assert period_of_week(kind, week).key == key


def test_period_of_week_refuses_days() -> None:
    with pytest.raises(ValueError):
        period_of_week(PeriodKind.DAY, Week(2026, 48))


# --------------------------------------------------------------------------------------------
# Stepping


@pytest.mark.parametrize(
    ("period", "after"),
    [
        (Week(2026, 52), Week(2026, 53)),
        (Week(2026, 53), Week(2027, 1)),
        (Week(2025, 52), Week(2026, 1)),
        (Month(2026, 12), Month(2027, 1)),
        (Month(2026, 11), Month(2026, 12)),
        (Month(2025, 12), Month(2026, 1)),
        (Quarter(2026, 4), Quarter(2027, 1)),
        (Quarter(2026, 1), Quarter(2026, 2)),
        (Year(2026), Year(2027)),
        (Day(date(2026, 12, 31)), Day(date(2027, 1, 1))),
        (Day(date(2028, 2, 28)), Day(date(2028, 2, 29))),
    ],
)
def test_next_and_prev_across_year_ends(period: Period, after: Period) -> None:
    assert period.next() == after
    assert after.prev() == period
    assert period_index(after) == period_index(period) + 1


def test_week_shift_and_iter_weeks() -> None:
    assert Week(2026, 48).shift(6) == Week(2027, 1)
    assert Week(2027, 1).shift(-6) == Week(2026, 48)
    assert [w.key for w in iter_weeks(Week(2026, 52), Week(2027, 2))] == [
        "2026-W52",
        "2026-W53",
        "2027-W01",
        "2027-W02",
    ]


# --------------------------------------------------------------------------------------------
# Week start


@pytest.mark.parametrize(
    ("day", "week_start", "week"),
    [
        (date(2026, 11, 22), 6, Week(2026, 48)),  # Sunday opens W48 when weeks start on Sunday
        (date(2026, 11, 28), 6, Week(2026, 48)),  # Saturday closes it
        (date(2026, 11, 29), 6, Week(2026, 49)),
        (date(2026, 11, 22), 0, Week(2026, 47)),  # ISO: Sunday closes W47
        (date(2026, 11, 23), 0, Week(2026, 48)),
        (date(2026, 12, 27), 6, Week(2026, 53)),
        (date(2027, 1, 3), 6, Week(2027, 1)),
    ],
)
def test_week_containing(day: date, week_start: int, week: Week) -> None:
    assert week_containing(day, week_start) == week


def test_board_days_start_on_sunday() -> None:
    days = board_days(Week(2026, 48), 6)
    assert days[0] == date(2026, 11, 22)
    assert days[-1] == date(2026, 11, 28)
    assert board_days(Week(2026, 48)) == Week(2026, 48).days()


# --------------------------------------------------------------------------------------------
# Properties over 2025-2028


@PROPERTY
@given(dates)
def test_every_date_lies_in_exactly_one_week(day: date) -> None:
    week = Week.of(day)
    assert week.monday <= day <= week.sunday
    assert week.monday.weekday() == 0
    assert week.sunday - week.monday == timedelta(days=6)
    assert day in week.days()
    assert week.prev().sunday < day < week.next().monday


@PROPERTY
@given(weeks)
def test_every_week_lies_in_exactly_one_month_quarter_and_year(week: Week) -> None:
    for kind in (Month, Quarter, Year):
        period = kind.of_week(week)
        assert week in period.weeks()
        assert week not in period.prev().weeks()
        assert week not in period.next().weeks()
    month = Month.of_week(week)
    assert month in [Month(Quarter.of_week(week).year, m) for m in range(1, 13)]
    assert (month.month - 1) // 3 + 1 == Quarter.of_week(week).quarter
    assert month.year == Quarter.of_week(week).year == Year.of_week(week).year


@pytest.mark.parametrize("year", [2025, 2026, 2027, 2028])
def test_months_and_quarters_partition_the_year(year: int) -> None:
    year_weeks = Year(year).weeks()
    month_weeks = [w for m in range(1, 13) for w in Month(year, m).weeks()]
    quarter_weeks = [w for q in range(1, 5) for w in Quarter(year, q).weeks()]
    assert month_weeks == year_weeks
    assert quarter_weeks == year_weeks
    assert all(4 <= len(Month(year, m).weeks()) <= 5 for m in range(1, 13))
    assert all(12 <= len(Quarter(year, q).weeks()) <= 14 for q in range(1, 5))
    # Consecutive, no gaps.
    assert all(b == a.next() for a, b in pairwise(year_weeks))


@PROPERTY
@given(periods())
def test_forward_then_back_is_identity(period: Period) -> None:
    assert period.next().prev() == period
    assert period.prev().next() == period
    assert period.prev() < period < period.next()
    assert period_index(period.next()) - period_index(period) == 1


@PROPERTY
@given(periods())
def test_parse_of_format_is_identity(period: Period) -> None:
    assert parse_period(period.key) == period
    assert parse_period(str(period)) == period


@PROPERTY
@given(dates, st.integers(min_value=0, max_value=6))
def test_board_week_holds_the_day(day: date, week_start: int) -> None:
    week = week_containing(day, week_start)
    days = board_days(week, week_start)
    assert day in days
    assert days[0].weekday() == week_start
    assert days == [days[0] + timedelta(days=i) for i in range(7)]
    assert board_days(week.next(), week_start)[0] == days[-1] + timedelta(days=1)
