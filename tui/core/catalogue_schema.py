"""What a valid ``catalogue.toml`` is: the Pydantic models, and the loader's one-line messages.

Imported only when a catalogue file is read and validated (``tui.core.catalogue.parse_catalogue``);
an unchanged catalogue comes from the compiled cache without Pydantic. The validated models are
turned into the plain classes of :mod:`tui.core.catalogue` (:func:`to_plain`).
"""

from __future__ import annotations

import difflib
import re
from datetime import datetime
from typing import Any

from dateutil.rrule import rrulestr
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from tui.core import catalogue_types as plain
from tui.core.audience import TAGS
from tui.core.catalogue_types import (
    MAX_EVERY,
    MAX_TIMES,
    SLUG_RE,
    CadenceKind,
    CatalogueError,
    finer_than_daily,
    plain_rrule,
)
from tui.core.fileio import load_toml
from tui.core.people import PersonError, clean_name
from tui.core.periods import PeriodKeyError, parse_week
from tui.i18n import Msg, said


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Cadence(_Strict):
    kind: CadenceKind
    times: tuple[int, int] = (1, 1)
    every: int = Field(default=1, ge=1, le=MAX_EVERY)
    rrule: str | None = None

    @field_validator("times")
    @classmethod
    def _times_ordered(cls, value: tuple[int, int]) -> tuple[int, int]:
        low, high = value
        if low < 1:
            raise ValueError(Msg("cat.times_low", low=low))
        if high > MAX_TIMES:
            raise ValueError(Msg("cat.times_high", high=high, most=MAX_TIMES))
        if low > high:
            raise ValueError(Msg("cat.times_order", low=low, high=high))
        return value

    @model_validator(mode="after")
    def _rrule_matches_kind(self) -> Cadence:
        if self.kind is CadenceKind.RRULE:
            if not self.rrule:
                raise ValueError(Msg("cat.rrule_missing"))
            if re.search(r"DTSTART|TZID|\n", self.rrule, re.IGNORECASE):
                raise ValueError(Msg("cat.rrule_dtstart", rule=repr(self.rrule)))
            too_fine = finer_than_daily(self.rrule)
            if too_fine:
                raise ValueError(Msg("cat.rrule_fine", rule=repr(self.rrule), why=too_fine))
            try:
                # Compiled and used as the board will: from a plain (zone-less) start.
                rule = rrulestr(plain_rrule(self.rrule), dtstart=datetime(2026, 1, 1))
                rule.between(datetime(2026, 1, 1), datetime(2026, 2, 1))
            except (ValueError, TypeError) as exc:
                raise ValueError(
                    Msg("cat.rrule_bad", rule=repr(self.rrule), why=str(exc))
                ) from None
        elif self.rrule is not None:
            raise ValueError(Msg("cat.rrule_kind", kind=repr(self.kind.value)))
        if self.kind is CadenceKind.AS_NEEDED and (self.times != (1, 1) or self.every != 1):
            raise ValueError(Msg("cat.as_needed"))
        return self


class Task(_Strict):
    id: str
    title: str = Field(min_length=1)
    steps: list[str] = []
    cadence: Cadence
    periodicity: str | None = None
    fits: list[str] = []
    notes: str | None = None
    assignee: str | None = None  # who does it unless a card says otherwise

    @field_validator("assignee")
    @classmethod
    def _short_name(cls, value: str | None) -> str | None:
        if value is None:
            return None
        try:
            return clean_name(value, "assignee")
        except PersonError as exc:
            raise ValueError(said(exc)) from None

    @field_validator("id")
    @classmethod
    def _slug(cls, value: str) -> str:
        if not SLUG_RE.match(value):
            raise ValueError(Msg("cat.slug", id=repr(value)))
        return value

    @field_validator("steps")
    @classmethod
    def _steps_not_blank(cls, value: list[str]) -> list[str]:
        for number, step in enumerate(value, 1):
            if not step.strip():
                raise ValueError(Msg("cat.step_empty", number=number))
        return [step.strip() for step in value]

    @field_validator("fits")
    @classmethod
    def _known_tags(cls, value: list[str]) -> list[str]:
        for tag in value:
            if tag not in TAGS:
                close = difflib.get_close_matches(tag, TAGS, 1)
                if close:
                    raise ValueError(Msg("cat.tag_close", tag=repr(tag), close=repr(close[0])))
                raise ValueError(Msg("cat.tag", tag=repr(tag), known=", ".join(TAGS)))
        return value


class Area(_Strict):
    id: str
    title: str = Field(min_length=1)
    tasks: list[Task] = []

    @field_validator("id")
    @classmethod
    def _slug(cls, value: str) -> str:
        return Task._slug(value)


class Catalogue(_Strict):
    start: str | None = None
    areas: list[Area] = Field(min_length=1)

    @field_validator("start")
    @classmethod
    def _start_is_week(cls, value: str | None) -> str | None:
        if value is not None:
            try:
                parse_week(value)
            except PeriodKeyError as exc:
                raise ValueError(said(exc)) from None
        return value


def validate_catalogue(text: str, name: str = "catalogue.toml") -> plain.Catalogue:
    """The catalogue in the TOML ``text``, validated; :class:`CatalogueError` with one line
    per problem."""
    if not text.strip():
        raise CatalogueError([Msg("cat.empty_file", name=name)])
    data = load_toml(text, name, CatalogueError)
    locator = _LineLocator(text)
    problems: list[str] = []
    catalogue: Catalogue | None = None
    try:
        catalogue = Catalogue.model_validate(data)
    except ValidationError as exc:
        problems += [_describe(error, data, locator, name) for error in exc.errors()]
    problems += _duplicate_ids(data, locator, name)
    if problems or catalogue is None:
        # In the file's order, as an editor shows it.
        raise CatalogueError(sorted(_unique(problems), key=_line_of))
    return to_plain(catalogue)


def to_plain(catalogue: Catalogue) -> plain.Catalogue:
    """The validated model as the plain classes the rest of Ritmas uses."""
    return plain.Catalogue(
        start=catalogue.start,
        areas=[
            plain.Area(
                id=area.id,
                title=area.title,
                tasks=[
                    plain.Task(
                        id=task.id,
                        title=task.title,
                        steps=list(task.steps),
                        cadence=plain.Cadence(
                            kind=task.cadence.kind,
                            times=task.cadence.times,
                            every=task.cadence.every,
                            rrule=task.cadence.rrule,
                        ),
                        periodicity=task.periodicity,
                        fits=list(task.fits),
                        notes=task.notes,
                        assignee=task.assignee,
                    )
                    for task in area.tasks
                ],
            )
            for area in catalogue.areas
        ],
    )


def _line_of(problem: str) -> int:
    position = getattr(problem, "fields", {}).get("position", "")
    line = str(position).rsplit(":", 1)[-1]
    return int(line) if line.isdigit() else 0


def _unique(lines: list[str]) -> list[str]:
    return list(dict.fromkeys(lines))


class _LineLocator:
    """Finds the TOML line of an area, a task or a field by walking table headers in order."""

    _HEADER = re.compile(r"^\s*\[\[\s*(areas(?:\s*\.\s*tasks)?)\s*\]\]")
    _TABLE = re.compile(r"^\s*\[\s*([A-Za-z0-9_.\s-]+?)\s*\]\s*(#.*)?$")
    _KEY = re.compile(r"^\s*([A-Za-z0-9_\"'.\s-]+?)\s*=")

    def __init__(self, text: str) -> None:
        self.lines = text.splitlines()
        self.areas: list[tuple[int, list[int]]] = []  # (header line, [task header lines])
        for number, line in enumerate(self.lines, 1):
            match = self._HEADER.match(line)
            if not match:
                continue
            if match.group(1) == "areas":
                self.areas.append((number, []))
            elif self.areas:
                self.areas[-1][1].append(number)

    def area_line(self, area: int) -> int | None:
        return self.areas[area][0] if area < len(self.areas) else None

    def task_line(self, area: int, task: int) -> int | None:
        if area < len(self.areas) and task < len(self.areas[area][1]):
            return self.areas[area][1][task]
        return None

    def field_line(self, start: int | None, path: list[str]) -> int | None:
        """The line of the key ``path`` (e.g. ``["cadence", "times"]``) in the table that
        starts at line ``start`` (0: the top of the file), written plainly, dotted
        (``cadence.times = …``), inline, or as a sub-table (``[areas.tasks.cadence]``)."""
        if start is None:
            return None
        best: int | None = None
        table: list[str] = []  # the sub-table we are in, relative to the start table
        for number in range(start + 1, len(self.lines) + 1):
            line = self.lines[number - 1]
            if self._HEADER.match(line):
                break
            table_match = self._TABLE.match(line)
            if table_match:
                parts = [p.strip() for p in table_match.group(1).split(".")]
                table = parts[2:] if parts[:2] == ["areas", "tasks"] else parts[1:]
                if table == path[: len(table)] and best is None:
                    best = number
                continue
            match = self._KEY.match(line)
            if not match:
                continue
            key = table + [p.strip().strip("\"'") for p in match.group(1).split(".")]
            common = 0
            while common < min(len(key), len(path)) and key[common] == path[common]:
                common += 1
            if common == len(path) or (common == len(key) and common > 0):
                return number  # the key itself, or the inline table that holds it
            if common and best is None:
                best = number
        return best if best is not None else (start or None)


def _describe(error: Any, data: Any, locator: _LineLocator, name: str) -> Msg:
    loc: tuple[Any, ...] = tuple(error["loc"])
    where: list[Msg] = []
    line: int | None = None
    rest = loc
    if loc[:1] == ("areas",) and len(loc) >= 2 and isinstance(loc[1], int):
        area_no = loc[1]
        area_data = _get(data, "areas", area_no)
        where.append(Msg("cat.where_area", label=_label(area_data, area_no)))
        line = locator.area_line(area_no)
        rest = loc[2:]
        if rest[:1] == ("tasks",) and len(rest) >= 2 and isinstance(rest[1], int):
            task_no = rest[1]
            task_data = _get(area_data, "tasks", task_no)
            where.append(Msg("cat.where_task", label=_label(task_data, task_no)))
            line = locator.task_line(area_no, task_no) or line
            rest = rest[2:]
    field = ".".join(str(part) for part in rest if not str(part).startswith("function-"))
    path = [str(part) for part in rest if not str(part).startswith("function-")]
    if rest:
        line = locator.field_line(line if line else 0, path)
        where.append(Msg("cat.where_field", field=repr(field)))
    elif error["type"] == "extra_forbidden" and loc:
        where.append(Msg("cat.where_field", field=repr(str(loc[-1]))))
        line = locator.field_line(0, [str(loc[-1])])
    if not loc or loc == ("areas",):
        line = line or 1
    position = f"{name}:{line}" if line else name
    if where:
        return Msg("cat.problem_at", position=position, where=Joined(where), what=_message(error))
    return Msg("cat.problem", position=position, what=_message(error))


def _get(data: Any, key: str, index: int) -> Any:
    try:
        return data[key][index]
    except (KeyError, IndexError, TypeError):
        return None


def _label(item: Any, index: int) -> str:
    if isinstance(item, dict) and isinstance(item.get("id"), str):
        return repr(item["id"])
    return f"#{index + 1}"


def _message(error: Any) -> str:
    kind = error["type"]
    loc = error["loc"]
    ctx = error.get("ctx") or {}
    original = ctx.get("error")
    if isinstance(original, ValueError) and original.args and isinstance(original.args[0], Msg):
        return original.args[0]  # one of ours, with its message id
    if kind == "extra_forbidden":
        return Msg("cat.unknown_key", key=repr(str(loc[-1])))
    if kind == "missing":
        return Msg("cat.missing_key", key=repr(str(loc[-1])))
    if kind == "enum":
        allowed = ", ".join(k.value for k in CadenceKind)
        close = difflib.get_close_matches(str(error["input"]), [k.value for k in CadenceKind], 1)
        if close:
            return Msg("cat.kind_close", kind=repr(error["input"]), close=repr(close[0]))
        return Msg("cat.kind", kind=repr(error["input"]), known=allowed)
    if kind == "string_too_short":
        return Msg("cat.not_empty")
    if kind == "too_short" and loc == ("areas",):
        return Msg("cat.no_areas")
    expected = _EXPECTED.get(kind)
    if expected is not None:
        return Msg("cat.expected", what=Msg(expected), got=_show(error.get("input")))
    if kind in ("greater_than_equal", "less_than_equal"):
        bound = ctx.get("ge", ctx.get("le"))
        return Msg(f"cat.{kind}", bound=bound, got=_show(error.get("input")))
    message = str(error["msg"])
    message = message.removeprefix("Value error, ").removeprefix("Assertion failed, ")
    if kind.endswith("_type") or kind.endswith("_parsing"):
        message = f"{message} (got {_show(error.get('input'))})"
    return message


# Pydantic's error types for a value of the wrong type, by the message id of what was expected.
_EXPECTED = {
    "string_type": "cat.a_string",
    "int_type": "cat.an_integer",
    "int_parsing": "cat.an_integer",
    "int_from_float": "cat.an_integer",
    "bool_type": "cat.a_boolean",
    "list_type": "cat.a_list",
    "tuple_type": "cat.a_pair",
    "model_type": "cat.a_table",
    "dict_type": "cat.a_table",
    "model_attributes_type": "cat.a_table",
}


def _show(value: Any) -> str:
    if isinstance(value, str):
        return repr(value)
    if isinstance(value, dict):
        return Msg("cat.got_table")
    if isinstance(value, list):
        return Msg("cat.got_list")
    return repr(value)


class Joined(str):
    """Messages joined with ", ", each said in the language asked (a :class:`Msg` field)."""

    parts: list[Msg]

    def __new__(cls, parts: list[Msg]) -> Joined:
        made = super().__new__(cls, ", ".join(parts))
        made.parts = parts
        return made

    def shown(self, lang: str) -> str:
        return ", ".join(part.shown(lang) for part in self.parts)


def _duplicate_ids(data: dict[str, Any], locator: _LineLocator, name: str) -> list[str]:
    """Duplicate area and task ids, checked on the raw TOML so they show with other errors."""
    problems: list[str] = []
    seen_areas: dict[str, int] = {}
    seen_tasks: dict[str, str] = {}
    areas = data.get("areas")
    for a, area in enumerate(areas if isinstance(areas, list) else []):
        if not isinstance(area, dict):
            continue
        area_id = area.get("id")
        if isinstance(area_id, str):
            if area_id in seen_areas:
                line = locator.field_line(locator.area_line(a), ["id"])
                where = Joined(
                    [
                        Msg("cat.where_area", label=repr(area_id)),
                        Msg("cat.where_field", field="'id'"),
                    ]
                )
                what = Msg("cat.dup_area", other=f"#{seen_areas[area_id] + 1}")
                problems.append(
                    Msg("cat.problem_at", position=f"{name}:{line}", where=where, what=what)
                )
            seen_areas.setdefault(area_id, a)
        tasks = area.get("tasks")
        for t, task in enumerate(tasks if isinstance(tasks, list) else []):
            task_id = task.get("id") if isinstance(task, dict) else None
            if not isinstance(task_id, str):
                continue
            if task_id in seen_tasks:
                line = locator.field_line(locator.task_line(a, t), ["id"])
                where = Joined(
                    [
                        Msg("cat.where_area", label=repr(area_id)),
                        Msg("cat.where_task", label=repr(task_id)),
                        Msg("cat.where_field", field="'id'"),
                    ]
                )
                what = Msg("cat.dup_task", area=repr(seen_tasks[task_id]))
                problems.append(
                    Msg("cat.problem_at", position=f"{name}:{line}", where=where, what=what)
                )
            seen_tasks.setdefault(task_id, str(area_id))
    return problems
