"""What became of one recurring occurrence: the one rule the board, the review and the CLI use.

An occurrence is *done* (one with ``times = [2, 3]`` when its tally reached 2), *carried* (it was
not done in its period and the owner carried it forward), *skipped* ("not this time"), *missed*
(its period ended unfinished) or *open* (its period is still running). Nothing is missed in a
period that ended before tracking began (:func:`tracked`).
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from tui.core.periods import Day, Period
from tui.core.state import Column, Record


class Outcome(StrEnum):
    DONE = "done"
    MISSED = "missed"
    SKIPPED = "skipped"
    CARRIED = "carried"
    OPEN = "open"


def period_last_day(period: Period) -> date:
    if isinstance(period, Day):
        return period.day
    return period.weeks()[-1].sunday


def tracked(period: Period, tracking_day: date) -> bool:
    """Was any of ``period`` tracked (so an unfinished occurrence of it can be missed)?"""
    return period_last_day(period) >= tracking_day


def is_over(period: Period, today: date) -> bool:
    return period_last_day(period) < today


def is_done(record: Record, times: tuple[int, int]) -> bool:
    """Done: a tally card when its tally reached the minimum, any other in the done column."""
    if times[1] > 1:
        return record.tally >= times[0]
    return record.column is Column.DONE


def outcome_of(
    period: Period, record: Record, times: tuple[int, int], today: date, tracking_day: date
) -> Outcome:
    """What became of the occurrence of ``period`` whose record is ``record``, as of ``today``."""
    # Carried and done after its period is a slip carried forward, not the cadence kept.
    if is_done(record, times) and (
        not record.carried
        or (record.done_on and date.fromisoformat(record.done_on) <= period_last_day(period))
    ):
        return Outcome.DONE
    if record.carried:
        return Outcome.CARRIED
    if record.column is Column.SKIPPED:
        return Outcome.SKIPPED
    if is_over(period, today) and tracked(period, tracking_day):
        return Outcome.MISSED
    return Outcome.OPEN
