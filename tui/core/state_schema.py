"""What a valid state file is: the Pydantic models, used only for files that are not plainly
well-formed (to coerce what they accept, or word the error for the user).

:mod:`tui.core.state` checks a file as Ritmas writes it without them and builds its plain
classes; anything else is validated here, then taken as the models dump it. These models are the
schema; the plain checks accept only what they accept.
"""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, ConfigDict, Field, field_validator

from tui.core.refs import OccurrenceKey
from tui.core.state_base import SCHEMA, Column


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Move(_Model):
    at: str  # ISO 8601 timestamp, local time with offset

    @field_validator("at")
    @classmethod
    def _timestamp(cls, value: str) -> str:
        datetime.fromisoformat(value)  # ValueError -> the file is reported damaged
        return value

    to: Column
    source: Column | None = Field(default=None, alias="from")
    # Schema 2: why a done card was sent back ("needs fixes"); only on such a move.
    note: str | None = None

    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class Record(_Model):
    """What the user did with one occurrence or one hand-added card."""

    column: Column = Column.TODO
    checked: list[int] = []  # indices of ticked steps
    tally: int = 0  # times done in the period, for times = [min, max] > 1
    note: str = ""
    carried: bool = False  # a missed occurrence the user chose to carry forward
    done_on: str | None = None  # date it went to done (the week it counts in)
    history: list[Move] = []
    # Schema 2: who does it; "" means nobody, overriding the catalogue's default assignee.
    assignee: str | None = None
    # Schema 3: the day each ticked step was ticked (step index -> date), kept for cards whose
    # file is not one week's (a month's, quarter's or year's occurrence, a floating card), so
    # the review counts a tick in the week it was made.
    ticked_on: dict[int, str] = {}
    # Hand-added cards only:
    title: str | None = None
    task: str | None = None  # an as-needed catalogue task, or None for free text
    area: str | None = None
    created: str | None = None  # the date it was added

    @field_validator("done_on", "created")
    @classmethod
    def _day(cls, value: str | None) -> str | None:
        if value is not None:
            date.fromisoformat(value)
        return value

    @field_validator("ticked_on")
    @classmethod
    def _days(cls, value: dict[int, str]) -> dict[int, str]:
        for day in value.values():
            date.fromisoformat(day)
        return value


class Reflection(_Model):
    worked: str = ""
    repeat_change: str = ""
    focus: str = ""


class PeriodState(_Model):
    """The content of one state file."""

    schema_: int = Field(default=SCHEMA, alias="schema")
    period: str
    occurrences: dict[str, Record] = {}
    cards: dict[str, Record] = {}
    review: Reflection = Reflection()

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    @field_validator("occurrences")
    @classmethod
    def _occurrence_keys(cls, value: dict[str, Record]) -> dict[str, Record]:
        """A task id, or ``TASK@YYYY-MM-DD`` for a daily occurrence."""
        for key in value:
            OccurrenceKey.parse(key)  # OccurrenceKeyError (a ValueError) -> reported damaged
        return value
