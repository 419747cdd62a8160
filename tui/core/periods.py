"""Period keys: ISO weeks, and months, quarters and years as runs of whole weeks.

A week belongs to the month, quarter and year that hold its Thursday (ISO 8601), so every
longer period covers whole weeks and a week's board shows at most one occurrence of each task.
Days are periods too (a daily task's occurrence is keyed by its date).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, timedelta
from enum import StrEnum
from functools import cache, lru_cache

from tui.core.values import value_class
from tui.i18n import Msg


class PeriodKind(StrEnum):
    DAY = "day"
    WEEK = "week"
    MONTH = "month"
    QUARTER = "quarter"
    YEAR = "year"


class PeriodKeyError(ValueError):
    """A period key that does not parse (e.g. ``2026-W54``)."""


_WEEK_RE = re.compile(r"^(\d{4})-W(\d{2})$", re.ASCII)
_MONTH_RE = re.compile(r"^(\d{4})-(\d{2})$", re.ASCII)
_QUARTER_RE = re.compile(r"^(\d{4})-Q([1-4])$", re.ASCII)
_YEAR_RE = re.compile(r"^(\d{4})$", re.ASCII)
_DAY_RE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$", re.ASCII)


@cache  # asked of every week's state file at each start
def weeks_in_year(year: int) -> int:
    """52 or 53: the ISO week number of 28 December is the year's last week."""
    return date(year, 12, 28).isocalendar()[1]


@value_class(order=True)
class Week:
    """An ISO 8601 week, Monday to Sunday."""

    year: int
    week: int

    def __post_init__(self) -> None:
        if not 1 <= self.week <= weeks_in_year(self.year):
            raise PeriodKeyError(Msg("period.no_week", year=self.year, week=self.week))

    kind = PeriodKind.WEEK

    @classmethod
    def of(cls, day: date) -> Week:
        iso = day.isocalendar()
        return cls(iso[0], iso[1])

    @property
    def key(self) -> str:
        return f"{self.year}-W{self.week:02d}"

    @property
    def monday(self) -> date:
        return date.fromisocalendar(self.year, self.week, 1)

    @property
    def thursday(self) -> date:
        return self.monday + timedelta(days=3)

    @property
    def sunday(self) -> date:
        return self.monday + timedelta(days=6)

    def days(self) -> list[date]:
        return [self.monday + timedelta(days=i) for i in range(7)]

    def next(self) -> Week:
        return Week.of(self.monday + timedelta(days=7))

    def prev(self) -> Week:
        return Week.of(self.monday - timedelta(days=7))

    def shift(self, weeks: int) -> Week:
        return Week.of(self.monday + timedelta(days=7 * weeks))

    def weeks(self) -> list[Week]:
        return [self]

    def __str__(self) -> str:
        return self.key


@value_class(order=True)
class Month:
    """A calendar month."""

    year: int
    month: int

    kind = PeriodKind.MONTH

    def __post_init__(self) -> None:
        if not 1 <= self.month <= 12:
            raise PeriodKeyError(Msg("period.no_month", month=self.month))

    @classmethod
    def of_week(cls, week: Week) -> Month:
        t = week.thursday
        return cls(t.year, t.month)

    @property
    def key(self) -> str:
        return f"{self.year}-{self.month:02d}"

    @property
    def index(self) -> int:
        """Months since year 0, for counting ``every = N``."""
        return self.year * 12 + self.month - 1

    def next(self) -> Month:
        return Month(self.year + self.month // 12, self.month % 12 + 1)

    def prev(self) -> Month:
        return Month(self.year - (self.month == 1), (self.month - 2) % 12 + 1)

    def weeks(self) -> list[Week]:
        return _weeks_with_thursday_in(date(self.year, self.month, 1), self.next()._first_day())

    def _first_day(self) -> date:
        return date(self.year, self.month, 1)

    def __str__(self) -> str:
        return self.key


@value_class(order=True)
class Quarter:
    """A calendar quarter (1-4)."""

    year: int
    quarter: int

    kind = PeriodKind.QUARTER

    def __post_init__(self) -> None:
        if not 1 <= self.quarter <= 4:
            raise PeriodKeyError(Msg("period.no_quarter", quarter=self.quarter))

    @classmethod
    def of_week(cls, week: Week) -> Quarter:
        t = week.thursday
        return cls(t.year, (t.month - 1) // 3 + 1)

    @property
    def key(self) -> str:
        return f"{self.year}-Q{self.quarter}"

    @property
    def index(self) -> int:
        return self.year * 4 + self.quarter - 1

    def next(self) -> Quarter:
        return Quarter(self.year + self.quarter // 4, self.quarter % 4 + 1)

    def prev(self) -> Quarter:
        return Quarter(self.year - (self.quarter == 1), (self.quarter - 2) % 4 + 1)

    def weeks(self) -> list[Week]:
        start = date(self.year, 3 * self.quarter - 2, 1)
        nxt = self.next()
        return _weeks_with_thursday_in(start, date(nxt.year, 3 * nxt.quarter - 2, 1))

    def __str__(self) -> str:
        return self.key


@value_class(order=True)
class Year:
    """A calendar year."""

    year: int

    kind = PeriodKind.YEAR

    @classmethod
    def of_week(cls, week: Week) -> Year:
        return cls(week.thursday.year)

    @property
    def key(self) -> str:
        return f"{self.year:04d}"

    @property
    def index(self) -> int:
        return self.year

    def next(self) -> Year:
        return Year(self.year + 1)

    def prev(self) -> Year:
        return Year(self.year - 1)

    def weeks(self) -> list[Week]:
        return list(_year_weeks(self.year))

    def __str__(self) -> str:
        return self.key


@value_class(order=True)
class Day:
    """One day (a daily task's period)."""

    day: date

    kind = PeriodKind.DAY

    @property
    def key(self) -> str:
        return self.day.isoformat()

    @property
    def index(self) -> int:
        return self.day.toordinal()

    def next(self) -> Day:
        return Day(self.day + timedelta(days=1))

    def prev(self) -> Day:
        return Day(self.day - timedelta(days=1))

    def weeks(self) -> list[Week]:
        return [Week.of(self.day)]

    def __str__(self) -> str:
        return self.key


Period = Week | Month | Quarter | Year | Day


def _weeks_with_thursday_in(start: date, end: date) -> list[Week]:
    """The weeks whose Thursday lies in [start, end)."""
    return list(_thursday_weeks(start, end))


@lru_cache(maxsize=4096)  # the review asks for the same months' weeks hundreds of times
def _thursday_weeks(start: date, end: date) -> tuple[Week, ...]:
    # First Thursday on or after start.
    first = start + timedelta(days=(3 - start.weekday()) % 7)
    out: list[Week] = []
    t = first
    while t < end:
        out.append(Week.of(t))
        t += timedelta(days=7)
    return tuple(out)


@lru_cache(maxsize=256)
def _year_weeks(year: int) -> tuple[Week, ...]:
    return tuple(Week(year, w) for w in range(1, weeks_in_year(year) + 1))


MIN_YEAR, MAX_YEAR = 1900, 9000  # far beyond any business; keeps date arithmetic in range


def parse_period(text: str) -> Period:
    """Parse ``2026-W48``, ``2026-11``, ``2026-Q4``, ``2026`` or ``2026-11-26``."""
    text = text.strip()
    year = text[:4]
    if year.isascii() and year.isdigit() and not MIN_YEAR <= int(year) <= MAX_YEAR:
        raise PeriodKeyError(Msg("period.years", text=repr(text), first=MIN_YEAR, last=MAX_YEAR))
    try:
        if m := _WEEK_RE.match(text):
            return Week(int(m[1]), int(m[2]))
        if m := _QUARTER_RE.match(text):
            return Quarter(int(m[1]), int(m[2]))
        if m := _MONTH_RE.match(text):
            return Month(int(m[1]), int(m[2]))
        if m := _YEAR_RE.match(text):
            return Year(int(m[1]))
        if m := _DAY_RE.match(text):
            return Day(_day(int(m[1]), int(m[2]), int(m[3])))
    except ValueError as exc:
        raise PeriodKeyError(
            Msg(
                "period.not_period_because",
                text=repr(text),
                reason=exc.args[0] if exc.args else str(exc),
            )
        ) from None
    raise PeriodKeyError(Msg("period.not_period", text=repr(text)))


def _day(year: int, month: int, day: int) -> date:
    """The date, or our own words for one that does not exist (Python's are English only)."""
    Month(year, month)  # its own error for month 13
    last = (date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)).day
    if not 1 <= day <= last:
        raise PeriodKeyError(Msg("period.no_day", month=f"{year}-{month:02}", day=day))
    return date(year, month, day)


def parse_week(text: str) -> Week:
    """Parse a week key; a date is accepted too and gives the week that holds it.

    Its errors speak of weeks from the first word (``--period`` takes nothing else): a month,
    quarter or year is refused with the weeks it holds, rather than guessing one of them."""
    try:
        period = parse_period(text)
    except PeriodKeyError as exc:
        cause = exc.args[0] if exc.args else None
        key = cause.key if isinstance(cause, Msg) else ""
        if key == "period.not_period":
            raise PeriodKeyError(Msg("period.not_week", text=repr(text.strip()))) from None
        if key == "period.not_period_because" and isinstance(cause, Msg):
            raise PeriodKeyError(Msg("period.not_week_because", **cause.fields)) from None
        raise
    if isinstance(period, Week):
        return period
    if isinstance(period, Day):
        return Week.of(period.day)
    weeks = period.weeks()
    raise PeriodKeyError(
        Msg("period.not_week_span", text=repr(text.strip()), first=weeks[0].key, last=weeks[-1].key)
    )


def period_of_week(kind: PeriodKind, week: Week) -> Period:
    """The period of ``kind`` that holds ``week`` (by its Thursday). Not for days."""
    if kind is PeriodKind.WEEK:
        return week
    if kind is PeriodKind.MONTH:
        return Month.of_week(week)
    if kind is PeriodKind.QUARTER:
        return Quarter.of_week(week)
    if kind is PeriodKind.YEAR:
        return Year.of_week(week)
    raise ValueError("a week holds seven days, not one")


def period_index(period: Period) -> int:
    """A running count of periods of one kind, so that ``every = N`` can count from a start."""
    if isinstance(period, Week):
        return period.monday.toordinal() // 7
    return period.index


def first_week(period: Period) -> Week:
    return period.weeks()[0]


def last_week(period: Period) -> Week:
    return period.weeks()[-1]


def iter_weeks(start: Week, stop: Week) -> Iterator[Week]:
    """Weeks from ``start`` to ``stop`` inclusive."""
    week = start
    while week <= stop:
        yield week
        week = week.next()


def week_containing(day: date, week_start: int = 0) -> Week:
    """The board week that holds ``day`` when weeks start on ``week_start`` (0 = Monday).

    A week that starts on Sunday is the ISO week of the Monday after it, so the key stays
    ISO 8601 and the Thursday rule is unchanged; only the first day moves.
    """
    if week_start and day.weekday() >= week_start:
        day += timedelta(days=7 - week_start)
    return Week.of(day)


def board_days(week: Week, week_start: int = 0) -> list[date]:
    """The seven dates the board shows for ``week``, starting on ``week_start``."""
    first = week.monday - timedelta(days=(7 - week_start) % 7)
    return [first + timedelta(days=i) for i in range(7)]
