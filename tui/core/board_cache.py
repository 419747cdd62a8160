"""A week's board kept between runs, so an unchanged history is not derived anew at each start.

Deriving a board reads the week's own files, the earlier periods that say whether a task was
missed in a row, and looks at every state file for floating cards (about 700 after ten years).
A board depends only on what its key names (:func:`board_key`: the Ritmas code, the catalogue,
the settings that shape the board, the week and ``today``) and on the files it looked at. Each
entry of ``.ritmas-cache/boards.json`` keeps the board, the identity of every file it looked at
(absent ones too), a digest of the state folder's list, and a digest of its own content. An entry
is used only when all of those are as they were and no change of this process waits to be saved:
else the board is derived as before (and kept again).

A file written a moment ago may be written again within the same tick of the file system's
clock (a millisecond or more; seconds on some) to the same size, and even as the same inode,
which the system reuses: its identity would not change (git calls it "racy"). A board derived
from such a file is not kept, whoever wrote it: a command right after a change derives the board
(as before), and the one after that finds it kept.

Looking at the files goes through the store (:meth:`~tui.core.state.Store.identities`,
:meth:`~tui.core.state.Store.period_keys`), so a caller recording a footprint (the board's
keeper, :mod:`tui.core.keeper`) sees the same files a derivation would have looked at. Best effort
like the other caches: a missing, damaged or foreign file is ignored and written anew.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from tui.core.board import Board, BoardContext, Card, CardKind
from tui.core.catalogue_cache import schema_fingerprint
from tui.core.catalogue_types import Cadence, CadenceKind
from tui.core.digest import code_fingerprint, content_digest
from tui.core.fileio import FileReadError, read_bounded
from tui.core.floating_index import reader_fingerprint
from tui.core.periods import Week, parse_week
from tui.core.refs import CardRef, Section
from tui.core.state import RACY_NS, Column, Footprint, Identity, StateFileError, Store
from tui.core.workspace import CACHE_DIR, write_cache_file

CACHE_FILE = "boards.json"
FORMAT = 1
# A catalogue larger than this is not kept: reading its board back (a card made from JSON for
# each task) costs about what deriving it does (1,000 tasks: 12 ms both; 10,000: 250 vs 135 ms).
MAX_TASKS = 500
KEPT = 2  # boards: this week as of today (and one other day or setting, e.g. a pinned --today)

# The code whose derivation an entry vouches for (read, not imported), besides the state
# reader's and the catalogue schema's.
CODE_MODULES = (
    "board.py",
    "board_cache.py",
    "cadence.py",
    "outcome.py",
    "periods.py",
    "refs.py",
    "people.py",
    "audience.py",
    "values.py",
)


@lru_cache(maxsize=1)
def board_fingerprint() -> str:
    own = code_fingerprint(CODE_MODULES)
    return content_digest(f"{own} {reader_fingerprint()} {schema_fingerprint()}".encode())


def board_key(ctx: BoardContext, week: Week, today: date) -> str:
    """What a board depends on besides the state files."""
    parts = {
        "format": FORMAT,
        "code": board_fingerprint(),
        "catalogue": ctx.catalogue_digest,
        "start": ctx.start.key,
        "week_start": ctx.week_start,
        "tracking_day": ctx.tracking_day.isoformat(),
        "week": week.key,
        "today": today.isoformat(),
    }
    return content_digest(json.dumps(parts, sort_keys=True).encode())


def cache_path(store: Store) -> Path:
    return store.dir.parent / CACHE_DIR / CACHE_FILE


def _listing_digest(keys: list[str] | frozenset[str]) -> str:
    return content_digest("\n".join(sorted(keys)).encode())


# ---------------------------------------------------------------------------------------------
# Using and keeping


def cached_board(ctx: BoardContext, week: Week, today: date) -> Board | None:
    """The board kept for ``week`` as of ``today``, if every file it came from is as it was (and
    the state folder lists the same files); else None."""
    store = ctx.store
    if store.pending:
        return None
    key = board_key(ctx, week, today)
    entry = next((e for e in _entries(cache_path(store)) if e["key"] == key), None)
    if entry is None or _text_digest(entry["data"]) != entry["sum"]:
        return None  # none, or changed since it was written: not trusted
    try:
        # Written by this code (its fingerprint is in the key) and unchanged: its shape is ours.
        data = json.loads(entry["data"])
        if _listing_digest(store.period_keys()) != data["listing"]:
            return None
        files: dict[str, list[int] | None] = data["files"]
        now = store.identities(list(files))
        for file, seen in files.items():
            if now[file] != (None if seen is None else tuple(seen)):
                return None
        return _board_from_json(data["board"])
    except StateFileError:
        return None  # derived as before, which says what is wrong with the folder
    except (KeyError, TypeError, ValueError, IndexError, AttributeError, RecursionError):
        return None


def keep_board(
    ctx: BoardContext, board: Board, footprint: Footprint, now_ns: int | None = None
) -> None:
    """Keep ``board``, derived from the files of ``footprint``, unless it holds a damaged file or
    a change waiting to be saved, or one of its files was written a moment ago."""
    store = ctx.store
    listing = footprint.listing
    if store.pending or board.damaged or listing is None:
        return
    recent = (time.time_ns() if now_ns is None else now_ns) - RACY_NS
    if any(seen is not None and seen[0] > recent for seen in footprint.files.values()):
        return
    data = {
        "listing": _listing_digest(listing),
        "files": {file: _identity_json(seen) for file, seen in footprint.files.items()},
        "board": _board_to_json(board),
    }
    text = json.dumps(data, separators=(",", ":"))  # ASCII: a lone surrogate stays an escape
    entry = {"key": board_key(ctx, board.week, board.today), "sum": _text_digest(text)}
    entry["data"] = text
    path = cache_path(store)
    kept = [entry, *(e for e in _entries(path) if e["key"] != entry["key"])][:KEPT]
    _write(path, {"format": FORMAT, "code": board_fingerprint(), "entries": kept})


def _text_digest(text: str) -> str:
    # "surrogatepass": a hand-edited entry may hold anything; it only fails to match.
    return content_digest(text.encode("utf-8", "surrogatepass"))


def _identity_json(identity: Identity | None) -> list[int] | None:
    return None if identity is None else list(identity)


# ---------------------------------------------------------------------------------------------
# The file


def _entries(path: Path) -> list[dict[str, str]]:
    """The entries of the cache file (key, digest, data as JSON text), newest first; none if it
    is missing, damaged, of another format or written by other code."""
    try:
        data = json.loads(read_bounded(path))
    except (OSError, FileReadError, ValueError, RecursionError):
        return []
    if type(data) is not dict or data.get("format") != FORMAT:
        return []
    if data.get("code") != board_fingerprint() or type(data.get("entries")) is not list:
        return []
    out = []
    for entry in data["entries"]:
        if type(entry) is not dict or set(entry) != {"key", "sum", "data"}:
            return []
        if not all(type(value) is str for value in entry.values()):
            return []
        out.append(entry)
    return out


def _write(path: Path, data: dict[str, Any]) -> None:
    # ASCII: a lone surrogate stays an escape.
    write_cache_file(path, json.dumps(data, separators=(",", ":")).encode())


# ---------------------------------------------------------------------------------------------
# A board as plain JSON and back: every field of a card, each in the form it has


def _ref_out(ref: CardRef | None) -> list[str] | None:
    return None if ref is None else [ref.file, ref.section.value, ref.key]


def _ref_in(data: Any) -> CardRef | None:
    return None if data is None else CardRef(data[0], Section(data[1]), data[2])


def _cadence_out(cadence: Cadence | None) -> list[Any] | None:
    if cadence is None:
        return None
    return [cadence.kind.value, list(cadence.times), cadence.every, cadence.rrule]


def _cadence_in(data: Any) -> Cadence | None:
    if data is None:
        return None
    kind, times, every, rrule = data
    return Cadence(CadenceKind(kind), (times[0], times[1]), every, rrule)


def _same(value: Any) -> Any:
    return value


def _days_out(days: tuple[date, ...]) -> list[str]:
    return [day.isoformat() for day in days]


def _days_in(data: Any) -> tuple[date, ...]:
    return tuple(date.fromisoformat(day) for day in data)


# Each field of a card: how it is written, how it is read back (tests check this covers them all).
CARD_FIELDS: dict[str, tuple[Callable[[Any], Any], Callable[[Any], Any]]] = {
    "id": (_same, _same),
    "ref": (_ref_out, _ref_in),
    "kind": (lambda kind: kind.value, CardKind),
    "area": (_same, _same),
    "title": (_same, _same),
    "column": (lambda column: column.value, Column),
    "steps": (list, tuple),
    "checked": (sorted, frozenset),
    "tally": (_same, _same),
    "times": (list, tuple),
    "period": (_same, _same),
    "cadence": (_cadence_out, _cadence_in),
    "fits": (list, tuple),
    "task_id": (_same, _same),
    "task_notes": (_same, _same),
    "note": (_same, _same),
    "in_catalogue": (_same, _same),
    "missed": (_same, _same),
    "carried": (_same, _same),
    "missed_in_row": (_same, _same),
    "last_missed": (_ref_out, _ref_in),
    "carried_since": (_same, _same),
    "days_due": (_days_out, _days_in),
    "days_done": (_days_out, _days_in),
    "done_on": (_same, _same),
    "assignee": (_same, _same),
    "fixes_note": (_same, _same),
    "task_assignee": (_same, _same),
}
_OUT = [(name, out) for name, (out, _) in CARD_FIELDS.items()]
_IN = [(name, read) for name, (_, read) in CARD_FIELDS.items()]


def card_to_json(card: Card) -> list[Any]:
    return [out(getattr(card, name)) for name, out in _OUT]


def card_from_json(data: list[Any]) -> Card:
    if type(data) is not list or len(data) != len(_IN):
        raise ValueError("not a card")
    return Card(**{name: read(value) for (name, read), value in zip(_IN, data, strict=True)})


def _board_to_json(board: Board) -> dict[str, Any]:
    return {
        "week": board.week.key,
        "today": board.today.isoformat(),
        "cards": [card_to_json(card) for card in board.cards],
        "skipped": [card_to_json(card) for card in board.skipped],
        "rank": board.rank,
    }


def _board_from_json(data: dict[str, Any]) -> Board:
    week = parse_week(data["week"])
    return Board(
        week=week,
        today=date.fromisoformat(data["today"]),
        cards=[card_from_json(card) for card in data["cards"]],
        skipped=[card_from_json(card) for card in data["skipped"]],
        rank=dict(data["rank"]),
    )
