"""The catalogue as Ritmas works with it: plain frozen dataclasses, the cadence kinds, the error.

Cheap to import and to build: no Pydantic here. :mod:`tui.core.catalogue_schema` (Pydantic)
says what a valid ``catalogue.toml`` is and turns it into these; :mod:`tui.core.catalogue` is
the loader, and the name the rest of Ritmas imports them by.
"""

from __future__ import annotations

import re
from dataclasses import field
from enum import StrEnum
from typing import Any

from tui.core.periods import Week, parse_week
from tui.core.values import value_class
from tui.i18n import Msg

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
DEFAULT_START = Week(2026, 1)
MAX_TIMES = 1000  # times = [min, max]: more than this in one period is no routine
MAX_EVERY = 1000  # every = N periods


class CatalogueError(Exception):
    """A catalogue that cannot be used; ``lines`` are the one-line messages for the user."""

    def __init__(self, lines: list[str]) -> None:
        super().__init__("\n".join(lines))
        self.lines = lines


class CadenceKind(StrEnum):
    DAILY = "daily"
    WEEKLY = "weekly"
    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    YEARLY = "yearly"
    AS_NEEDED = "as_needed"
    RRULE = "rrule"


def plain_rrule(rule: str) -> str:
    """The rule as the board compiles it: an ``UNTIL`` in UTC ("...Z") is taken as a plain
    date-time, since occurrences are counted in whole days from a zone-less start."""
    return re.sub(r"(UNTIL=\d{8}T\d{6})Z", r"\1", rule, flags=re.IGNORECASE)


_SUB_DAILY = ("HOURLY", "MINUTELY", "SECONDLY")
_TIME_OF_DAY = ("BYHOUR", "BYMINUTE", "BYSECOND")


def finer_than_daily(rule: str) -> str | None:
    """What makes ``rule`` count finer than days (and so yield thousands of hits a week), or
    None. Such rules are refused before they are ever compiled."""
    body = re.sub(r"^\s*RRULE:", "", rule, flags=re.IGNORECASE)
    for part in body.split(";"):
        name, _, value = part.partition("=")
        name, value = name.strip().upper(), value.strip().upper()
        if name == "FREQ" and value in _SUB_DAILY:
            return Msg("cat.finer_than_daily", freq=f"FREQ={value}")
        if name in _TIME_OF_DAY:
            return Msg("cat.times_of_day", name=name)
    return None


@value_class(slots=True)
class Cadence:
    """How often a task comes round: its kind, times per period, every N periods, or an RRULE."""

    kind: CadenceKind
    times: tuple[int, int] = (1, 1)
    every: int = 1
    rrule: str | None = None

    @property
    def recurring(self) -> bool:
        return self.kind is not CadenceKind.AS_NEEDED

    def as_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind.value,
            "times": list(self.times),
            "every": self.every,
            "rrule": self.rrule,
        }


@value_class(slots=True)
class Task:
    """One task of the catalogue, as the board and the review use it."""

    id: str
    title: str
    cadence: Cadence
    steps: list[str] = field(default_factory=list)
    periodicity: str | None = None
    fits: list[str] = field(default_factory=list)
    notes: str | None = None
    assignee: str | None = None  # who does it unless a card says otherwise


@value_class(slots=True)
class Area:
    """A business area and its tasks, in the catalogue's order."""

    id: str
    title: str
    tasks: list[Task] = field(default_factory=list)


@value_class(slots=True)
class Catalogue:
    """The whole catalogue: its areas and the first week it counts from."""

    areas: list[Area]
    start: str | None = None

    @property
    def start_week(self) -> Week:
        return parse_week(self.start) if self.start else DEFAULT_START

    def tasks(self) -> list[tuple[Area, Task]]:
        return [(area, task) for area in self.areas for task in area.tasks]

    def task_index(self) -> dict[str, tuple[Area, Task]]:
        return {task.id: (area, task) for area, task in self.tasks()}

    def area(self, area_id: str) -> Area | None:
        return next((a for a in self.areas if a.id == area_id), None)

    @property
    def step_count(self) -> int:
        return sum(len(task.steps) for _, task in self.tasks())

    def as_json(self) -> dict[str, Any]:
        return {
            "areas": [
                {
                    "id": area.id,
                    "title": area.title,
                    "tasks": [
                        {
                            "id": task.id,
                            "title": task.title,
                            "steps": list(task.steps),
                            "periodicity": task.periodicity,
                            "cadence": task.cadence.as_json(),
                            "fits": list(task.fits),
                            "assignee": task.assignee,
                        }
                        for task in area.tasks
                    ],
                }
                for area in self.areas
            ]
        }
