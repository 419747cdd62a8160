"""From a task's cadence to its occurrence in a given week.

A recurring task yields one occurrence per period of its own cadence; seen from one week, that is
at most one :class:`Slot`. Daily tasks are the exception that proves the rule: their periods are
days, and the week's card stands for one focus day (today, in the current week).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta
from functools import lru_cache
from itertools import islice
from typing import TYPE_CHECKING

from tui.core.catalogue import Cadence, CadenceKind, plain_rrule
from tui.core.periods import (
    Day,
    Period,
    PeriodKind,
    Week,
    board_days,
    period_index,
    period_of_week,
    week_containing,
)
from tui.core.values import value_class
from tui.i18n import t, tn

if TYPE_CHECKING:
    from dateutil.rrule import rrule

_KIND_TO_PERIOD = {
    CadenceKind.WEEKLY: PeriodKind.WEEK,
    CadenceKind.MONTHLY: PeriodKind.MONTH,
    CadenceKind.QUARTERLY: PeriodKind.QUARTER,
    CadenceKind.YEARLY: PeriodKind.YEAR,
}


@value_class
class Slot:
    """One occurrence of a recurring task, as the board of one week sees it."""

    period: Period
    times: tuple[int, int]
    # The exact days it is due on, where the cadence names days (daily, rrule).
    dates: tuple[date, ...] = ()

    @property
    def key(self) -> str:
        return self.period.key


MAX_HITS_PER_WEEK = 7


@lru_cache(maxsize=512)
def _compiled_rrule(rule: str, start: date) -> rrule:
    # cache=True: hits are remembered, so looking up a late week does not walk from the start
    # again each time.
    from dateutil.rrule import rrulestr  # only a catalogue with an rrule task needs it

    start_at = datetime.combine(start, datetime.min.time())
    compiled = rrulestr(plain_rrule(rule), dtstart=start_at, cache=True)
    return compiled  # type: ignore[return-value]


def rrule_dates(rule: str, start: Week, week: Week, week_start: int = 0) -> tuple[date, ...]:
    """The days of ``week`` (as the board shows it, from ``week_start``) that the RFC 5545
    ``rule`` hits, counting from ``start``'s Monday."""
    compiled = _compiled_rrule(rule, start.monday)
    begin = datetime.combine(board_days(week, week_start)[0], datetime.min.time())
    end = begin + timedelta(days=6, hours=23, minutes=59, seconds=59)
    hits: list[date] = []
    # The catalogue refuses rules finer than daily; whatever else gets here stops at 7 days.
    for hit in compiled.xafter(begin, count=MAX_HITS_PER_WEEK * 2, inc=True):
        if hit > end or len(hits) == MAX_HITS_PER_WEEK:
            break
        if hit.date() not in hits:
            hits.append(hit.date())
    return tuple(hits)


def _every_ok(cadence: Cadence, period: Period, start: Period) -> bool:
    offset = period_index(period) - period_index(start)
    return offset >= 0 and offset % cadence.every == 0


def daily_dates(cadence: Cadence, week: Week, start: Week, week_start: int = 0) -> tuple[date, ...]:
    origin = Day(start.monday)
    days = board_days(week, week_start)
    return tuple(d for d in days if _every_ok(cadence, Day(d), origin))


def focus_day(dates: tuple[date, ...], today: date) -> date:
    """The day a daily card stands for: today if due, else the last earlier due day, or the 1st."""
    if today in dates:
        return today
    earlier = [d for d in dates if d < today]
    return earlier[-1] if earlier else dates[0]


def slot_in_week(
    cadence: Cadence, week: Week, start: Week, today: date, week_start: int = 0
) -> Slot | None:
    """The occurrence of a task with ``cadence`` that the board of ``week`` shows, if any."""
    if week < start or cadence.kind is CadenceKind.AS_NEEDED:
        return None
    if cadence.kind is CadenceKind.DAILY:
        dates = daily_dates(cadence, week, start, week_start)
        if not dates:
            return None
        return Slot(Day(focus_day(dates, today)), cadence.times, dates)
    if cadence.kind is CadenceKind.RRULE:
        assert cadence.rrule is not None
        hits = rrule_dates(cadence.rrule, start, week, week_start)
        if not hits:
            return None
        return Slot(week, (len(hits), len(hits)), hits)
    kind = _KIND_TO_PERIOD[cadence.kind]
    period = period_of_week(kind, week)
    if not _every_ok(cadence, period, period_of_week(kind, start)):
        return None
    return Slot(period, cadence.times)


def previous_slots(
    cadence: Cadence, slot: Slot, start: Week, count: int, week_start: int = 0
) -> list[Slot]:
    """Up to ``count`` earlier occurrences of the same task, newest first, not before ``start``."""
    return list(islice(earlier_slots(cadence, slot, start, week_start), count))


def earlier_slots(cadence: Cadence, slot: Slot, start: Week, week_start: int = 0) -> Iterator[Slot]:
    """The earlier occurrences of the same task, newest first, not before ``start``; made one at a
    time, so a caller that stops at the first one it wants (a run of misses ends) pays for no
    more."""
    if cadence.kind is CadenceKind.DAILY:
        day = slot.period
        assert isinstance(day, Day)
        origin = Day(start.monday)
        current = day.prev()
        while current.day >= start.monday:
            if _every_ok(cadence, current, origin):
                yield Slot(current, cadence.times, (current.day,))
            current = current.prev()
        return
    if cadence.kind is CadenceKind.RRULE:
        assert cadence.rrule is not None and isinstance(slot.period, Week)
        compiled = _compiled_rrule(cadence.rrule, start.monday)

        def first_moment(week: Week) -> datetime:
            return datetime.combine(board_days(week, week_start)[0], datetime.min.time())

        weeks_seen: set[Week] = set()
        hit = compiled.before(first_moment(slot.period), inc=False)
        while hit is not None:
            week = week_containing(hit.date(), week_start)
            if week not in weeks_seen:
                weeks_seen.add(week)
                hits = rrule_dates(cadence.rrule, start, week, week_start)
                yield Slot(week, (len(hits), len(hits)), hits)
            hit = compiled.before(first_moment(week), inc=False)
        return
    kind = _KIND_TO_PERIOD[cadence.kind]
    origin_period = period_of_week(kind, start)
    origin_index = period_index(origin_period)
    period: Period = slot.period.prev()
    while period_index(period) >= origin_index:
        if _every_ok(cadence, period, origin_period):
            yield Slot(period, cadence.times)
        period = period.prev()


_WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


def describe_rrule(rule: str, lang: str) -> str:
    """Weekly day rules in words ("penktadieniais", "Mondays, Fridays"); others as written."""
    parts = dict(p.split("=", 1) for p in rule.upper().split(";") if "=" in p)
    days = parts.get("BYDAY", "").split(",")
    if parts.get("FREQ") != "WEEKLY" or set(parts) - {"FREQ", "BYDAY", "INTERVAL"}:
        return rule
    if not all(day in _WEEKDAYS for day in days):
        return rule
    words = ", ".join(t(f"weekdays.{day}", lang) for day in days)
    interval = parts.get("INTERVAL", "1")
    if interval != "1":
        if not interval.isdigit():
            return rule
        return tn("cadence.every_weeks_on", int(interval), lang, days=words)
    return words
