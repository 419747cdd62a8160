"""Three-way merge of state files, for workspaces shared through git.

:func:`merge_states` joins two versions of one period's state (``ours`` and ``theirs``) that grew
from a common ``base`` (absent when both sides made the file). It knows what the fields mean:

- ticks: the base plus both sides' changes (an untick on one side stays unticked);
- tallies: the base plus both sides' differences from it;
- move histories: joined in time order (timezone-aware, ties broken by the move's own content),
  and when both sides moved a card the later move wins the column;
- notes and reflections: when both sides wrote different texts, both are kept;
- a record deleted on one side and changed on the other is kept;
- any other field (added by later schemas too) merges three-way, and when both sides changed it
  differently a fixed rule picks one, the same whichever side is "ours".

The function is pure and symmetric: ``merge_states(b, o, t) == merge_states(b, t, o)``; a side
equal to the base gives the other side, so merging a merge again with either parent changes
nothing; a file alike on both sides is taken as it is (git does not even ask).
"""

from __future__ import annotations

import hashlib
import json
import tomllib
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath
from typing import Any

from tui.core.settings import SETTINGS_FILE, SettingsError, settings_text
from tui.core.state import (
    SCHEMA,
    Column,
    Move,
    PeriodState,
    Record,
    Reflection,
    needed_schema,
    parse_state,
)

NOTE_JOINER = "\n\n"  # between the two texts of a note both sides changed

# The fields a hand-added card is known by: two cards with the same key that differ here are two
# cards (their keys collided), not two versions of one.
_IDENTITY_FIELDS = ("title", "task", "area", "created")
_NO_TIME = datetime.min.replace(tzinfo=UTC)


def merge_states(base: PeriodState | None, ours: PeriodState, theirs: PeriodState) -> PeriodState:
    """One state holding both sides' changes to ``base`` (see the module's docstring)."""
    if ours == theirs:
        return ours
    if base is not None and ours == base:
        return theirs
    if base is not None and theirs == base:
        return ours
    old = base or PeriodState(period=ours.period)
    return PeriodState(
        schema_=SCHEMA,
        period=ours.period,
        occurrences=_merge_records(old.occurrences, ours.occurrences, theirs.occurrences),
        cards=_merge_cards(old.cards, ours.cards, theirs.cards),
        review=_merge_reflection(old.review, ours.review, theirs.review),
    )


# ---------------------------------------------------------------------------------------------
# Records


def _merge_records(
    base: dict[str, Record], ours: dict[str, Record], theirs: dict[str, Record]
) -> dict[str, Record]:
    out: dict[str, Record] = {}
    for key in sorted(base.keys() | ours.keys() | theirs.keys()):
        merged = merge_record(base.get(key), ours.get(key), theirs.get(key))
        if merged is not None:
            out[key] = merged
    return out


def _merge_cards(
    base: dict[str, Record], ours: dict[str, Record], theirs: dict[str, Record]
) -> dict[str, Record]:
    """Hand-added cards; two different cards added under one key on two machines both stay."""
    out = _merge_records(base, ours, theirs)
    for key in sorted(ours.keys() & theirs.keys() - base.keys()):
        mine, other = ours[key], theirs[key]
        if _identity(mine) == _identity(other):
            continue  # one card (e.g. from a third machine), changed on both sides
        first, second = sorted((mine, other), key=_canonical)
        out[key] = first
        new_key = key
        n = 0
        while new_key in out or new_key in base:
            n += 1
            digest = hashlib.sha256(f"{_canonical(second)}{n}".encode()).hexdigest()
            new_key = f"{key}{digest[:2]}"
        out[new_key] = second
    return out


def _identity(record: Record) -> tuple[object, ...]:
    first_move = record.history[0] if record.history else None
    return (*(getattr(record, name) for name in _IDENTITY_FIELDS), first_move)


def merge_record(base: Record | None, ours: Record | None, theirs: Record | None) -> Record | None:
    """One record from two sides; None when it is deleted (an edit beats a deletion).

    Two records alike are still merged field by field: two machines that each counted a tally
    card once counted it twice, though nothing else tells the two records apart. (Only a whole
    file alike on both sides is taken as it is, as git itself does.)"""
    if ours is None and theirs is None:
        return None
    if ours == base:
        return theirs
    if theirs == base:
        return ours
    if ours is None or theirs is None:
        return ours or theirs  # deleted on one side, changed on the other: kept
    old = base or Record()
    values: dict[str, Any] = {}
    for name in Record.model_fields:
        b, o, t = getattr(old, name), getattr(ours, name), getattr(theirs, name)
        if name in _FIELD_RULES:
            values[name] = _FIELD_RULES[name](b, o, t)
        else:
            values[name] = merge_value(b, o, t)
    column, done_on = _merge_column(old, ours, theirs)
    values["column"], values["done_on"] = column, done_on
    # A tick's day goes with the tick: none is kept for a step the merge left unticked.
    values["ticked_on"] = {i: d for i, d in values["ticked_on"].items() if i in values["checked"]}
    return Record(**values)  # merged from two validated records


def _merge_checked(base: list[int], ours: list[int], theirs: list[int]) -> list[int]:
    old, mine, other = set(base), set(ours), set(theirs)
    added = (mine - old) | (other - old)
    removed = (old - mine) | (old - other)
    return sorted((old | added) - removed)


def _merge_tally(base: int, ours: int, theirs: int) -> int:
    # By difference even when both sides reached the same count (see merge_record).
    return max(0, ours + theirs - base)


def _merge_column(base: Record, ours: Record, theirs: Record) -> tuple[Column, str | None]:
    """The column and the day it went to done: from the side whose move is the later one."""
    if ours.column == theirs.column:
        return ours.column, merge_value(base.done_on, ours.done_on, theirs.done_on)
    if ours.column == base.column:
        return theirs.column, theirs.done_on
    if theirs.column == base.column:
        return ours.column, ours.done_on
    # Both moved it elsewhere: the side with the later new move wins (then a fixed rule).
    winner = max((ours, theirs), key=lambda side: _last_move_order(base, side))
    return winner.column, winner.done_on


def _last_move_order(base: Record, side: Record) -> tuple[bool, tuple[datetime, str], str]:
    new_moves = [m for m in side.history if m not in base.history]
    latest = max(new_moves, key=_move_order, default=None)
    order = _move_order(latest) if latest is not None else (_NO_TIME, "")
    return latest is not None, order, _canonical(side.column)


def _merge_reflection(base: Reflection, ours: Reflection, theirs: Reflection) -> Reflection:
    values = {
        name: _merge_text(getattr(base, name), getattr(ours, name), getattr(theirs, name))
        for name in Reflection.model_fields
    }
    return Reflection(**values)


def _merge_text(base: str, ours: str, theirs: str) -> str:
    """A text both sides changed keeps both (in a fixed order); one emptied loses to an edit."""
    if ours == theirs:
        return ours
    if ours == base:
        return theirs
    if theirs == base:
        return ours
    if not ours or not theirs:
        return ours or theirs  # emptied on one side, edited on the other: the edit stays
    if ours in theirs.split(NOTE_JOINER):
        return theirs  # theirs already holds ours (a merge merged again)
    if theirs in ours.split(NOTE_JOINER):
        return ours
    return NOTE_JOINER.join(sorted((ours, theirs)))


# ---------------------------------------------------------------------------------------------
# Any field


def merge_value(base: Any, ours: Any, theirs: Any) -> Any:
    """Three-way merge of one field; when both sides changed it differently, lists are joined
    (items with a time ``at`` in time order) and other values are picked by a fixed rule."""
    if ours == theirs:
        return ours
    if ours == base:
        return theirs
    if theirs == base:
        return ours
    if isinstance(ours, list) and isinstance(theirs, list) and isinstance(base, list):
        return _merge_list(base, ours, theirs)
    return max((ours, theirs), key=_canonical)


def _merge_list(base: Sequence[Any], ours: Sequence[Any], theirs: Sequence[Any]) -> list[Any]:
    """Items both sides kept, plus the items either side added; an item either side removed
    stays removed. Timed items (moves) come out in time order."""
    kept = [item for item in base if item in ours and item in theirs]
    added: list[Any] = []
    for item in [*ours, *theirs]:
        if item not in base and item not in added:
            added.append(item)
    items = kept + added
    if items and all(_time_of(item) is not None for item in items):
        return sorted(items, key=_move_order)
    return kept + sorted(added, key=_canonical)


def _time_of(item: Any) -> datetime | None:
    at = getattr(item, "at", None)
    if not isinstance(at, str):
        return None
    try:
        moment = datetime.fromisoformat(at)
    except ValueError:
        return None
    # A time without an offset (never written by Ritmas) is read as UTC on every machine.
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _move_order(item: Any) -> tuple[datetime, str]:
    """Time order, then the item's content: a total order that needs no side to be "ours"."""
    moment = _time_of(item) or _NO_TIME
    return moment.astimezone(UTC), _canonical(item)


def _canonical(value: Any) -> str:
    if isinstance(value, (Move, Record, Reflection)):
        value = value.model_dump(mode="json", by_alias=True)
    return json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)


def _merge_ticked_on(
    base: dict[int, str], ours: dict[int, str], theirs: dict[int, str]
) -> dict[int, str]:
    """The days of ticks: each step's day as the side that changed it says (the earlier day
    when both did), none for a step either side unticked since the base."""
    out: dict[int, str] = {}
    for step in sorted(base.keys() | ours.keys() | theirs.keys()):
        if step in base and (step not in ours or step not in theirs):
            continue
        sides = (ours, theirs)
        changed = {side[step] for side in sides if step in side and side[step] != base.get(step)}
        out[step] = min(changed) if changed else base.get(step) or ours.get(step) or theirs[step]
    return out


_FIELD_RULES: dict[str, Callable[[Any, Any, Any], Any]] = {
    "ticked_on": _merge_ticked_on,
    "checked": _merge_checked,
    "tally": _merge_tally,
    "note": _merge_text,
}


# ---------------------------------------------------------------------------------------------
# Whole files, as git hands them over


def merge_file(name: str, base: bytes | None, ours: bytes, theirs: bytes) -> str:
    """The merged text of the workspace file ``name`` (``state/KEY.json`` or ``ritmas.toml``)
    from the bytes of its three versions (``base`` None or empty: new on both sides).

    Raises :class:`~tui.core.state.StateFileError` or :class:`~tui.core.settings.SettingsError`
    (one line naming the side) when a version cannot be read."""
    if PurePosixPath(name).name == SETTINGS_FILE:
        old = _settings(base, f"{name} (base)") if base and base.strip() else None
        merged = merge_settings(
            old, _settings(ours, f"{name} (ours)"), _settings(theirs, f"{name} (theirs)")
        )
        return settings_text(merged, Path(name), ours.decode("utf-8"))
    key = PurePosixPath(name).stem
    old_state = parse_state(base, Path(f"{name} (base)"), key) if base and base.strip() else None
    mine = parse_state(ours, Path(f"{name} (ours)"), key)
    other = parse_state(theirs, Path(f"{name} (theirs)"), key)
    merged_state = merge_states(old_state, mine, other).model_copy()
    # Written at the lowest schema that holds it, never below either side's (as Store does), so
    # a machine with an older Ritmas keeps reading what uses nothing newer.
    merged_state.schema_ = max(_schema_of(ours), _schema_of(theirs), needed_schema(merged_state))
    return merged_state.to_json()


def _schema_of(raw: bytes) -> int:
    data = json.loads(raw.decode("utf-8"))  # already read by parse_state: it is valid
    return int(data["schema"])


def _settings(raw: bytes, name: str) -> dict[str, Any]:
    try:
        return tomllib.loads(raw.decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise SettingsError(f"{name}: cannot read settings: {exc}") from None


_MISSING: Any = object()


def merge_settings(
    base: dict[str, Any] | None, ours: dict[str, Any], theirs: dict[str, Any]
) -> dict[str, Any]:
    """``ritmas.toml`` key by key (tables such as ``[keys]`` too); the first day tracked is the
    earlier of the two when both set it."""
    old = base or {}
    out: dict[str, Any] = {}
    for key in sorted(old.keys() | ours.keys() | theirs.keys()):
        b, o, t = old.get(key, _MISSING), ours.get(key, _MISSING), theirs.get(key, _MISSING)
        if all(isinstance(v, dict) or v is _MISSING for v in (b, o, t)) and (
            isinstance(o, dict) or isinstance(t, dict)
        ):
            value: Any = merge_settings(
                None if b is _MISSING else b,
                {} if o is _MISSING else o,
                {} if t is _MISSING else t,
            )
        elif o == t or t == b:
            value = o
        elif o == b:
            value = t
        elif o is _MISSING or t is _MISSING:
            value = t if o is _MISSING else o  # removed on one side, changed on the other
        elif key == "started":
            value = min(str(o), str(t))
        else:
            value = merge_value(b, o, t)
        if value is _MISSING:
            continue
        out[key] = value
    return out
