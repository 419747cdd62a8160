"""The review's figures of the past, kept between runs so an unchanged history is not counted anew.

A review's trend (the weeks before the reviewed one) and its cadence kept (each task's last
periods) are most of its work after years of history, and they depend only on what the review's
key names (:func:`past_key`: the Ritmas code, the catalogue, the settings that shape the board,
the audience, the week and ``today``) and on the state files. The entries are kept in
``.ritmas-cache/review.json``, each with a digest of the state folder as it was: every state
file's name and identity (modification time, size, inode and change time, as the store knows a
file), and a digest of its own figures. An entry is used only when the folder is exactly so
now, its figures fit their digest and this process has no change waiting to be saved; anything
else is counted as before.

Plain data only: :mod:`tui.core.review` turns its figures into lists of numbers and back (this
module must not import it). Best effort like the other caches: a missing, damaged or foreign file
is ignored and written anew, never trusted, and a cache that cannot be written is only slower.
"""

from __future__ import annotations

import json
import time
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from tui.core.board import BoardContext
from tui.core.catalogue_cache import schema_fingerprint
from tui.core.digest import code_fingerprint, content_digest
from tui.core.fileio import FileReadError, read_bounded
from tui.core.floating_index import reader_fingerprint
from tui.core.periods import Week
from tui.core.state import RACY_NS, Footprint, Identity, StateFileError, Store, folder_digest
from tui.core.workspace import CACHE_DIR, write_cache_file

CACHE_FILE = "review.json"
FORMAT = 1
KEPT = 12  # entries: a few weeks and audiences looked at lately, and a few printed

# The code whose counting an entry vouches for, by file name beside this one (read, not imported),
# besides the state reader's and the catalogue schema's, whose digests their caches make anyway.
CODE_MODULES = ("review.py", "review_cache.py", "board.py", "cadence.py", "outcome.py")


@lru_cache(maxsize=1)
def review_fingerprint() -> str:
    """A digest of the Ritmas version and of the modules that count the review: a development
    build whose counting changed under the same version number does not trust an older entry."""
    # With the state files' reader (state.py, refs.py, fileio.py ...) and the catalogue's
    # (catalogue*.py, periods.py, audience.py, people.py), each read once per process by its
    # own cache.
    own = code_fingerprint(CODE_MODULES)
    return content_digest(f"{own} {reader_fingerprint()} {schema_fingerprint()}".encode())


def past_key(
    ctx: BoardContext, week: Week, today: date, profile: frozenset[str], window: tuple[int, int]
) -> str:
    """What the past figures of a review depend on, besides the state files: ``window`` is the
    number of trend weeks and of cadence periods counted."""
    parts = {
        "format": FORMAT,
        "code": review_fingerprint(),
        "catalogue": ctx.catalogue_digest,
        "start": ctx.start.key,
        "week_start": ctx.week_start,
        "tracking_day": ctx.tracking_day.isoformat(),
        "profile": sorted(profile),
        "week": week.key,
        "today": today.isoformat(),
        "window": list(window),
    }
    # Escaped: a profile from the command line may hold a lone surrogate, which UTF-8 cannot.
    text = json.dumps(parts, sort_keys=True)
    return content_digest(text.encode())


def output_key(past: str, *variant: str) -> str:
    """The key of a review as printed (``ritmas review``): what its past depends on, the week's
    own files too (all of them are looked at), and how it is printed (format, language)."""
    return content_digest(json.dumps([past, "output", *variant]).encode())


def cache_path(store: Store) -> Path:
    return store.dir.parent / CACHE_DIR / CACHE_FILE


# ---------------------------------------------------------------------------------------------
# The state folder as it is


def _stats(store: Store, keys: frozenset[str]) -> dict[str, Identity] | None:
    """Each file's identity now, by name (sorted); None if one cannot be looked at. Through the
    store, which looks at each file once in a pass: the review's look for floating cards after
    this one takes the same."""
    found = store.identities(sorted(keys))
    out: dict[str, Identity] = {}
    for key, identity in found.items():
        if identity is None:
            return None
        out[key] = identity
    return out


# ---------------------------------------------------------------------------------------------
# Reading and writing the entries


def cached_past(store: Store, key: str) -> Any | None:
    """The past stored under ``key`` (as :func:`keep_past` was given it), if every state file is
    as it was then and no change is waiting to be saved; else None."""
    if store.pending:
        return None
    entry = next((e for e in _entries(cache_path(store)) if e["key"] == key), None)
    if entry is None or _past_digest(entry["past"]) != entry["sum"]:
        return None  # none, or damaged (or edited by hand) since it was written
    try:
        # Listed once per pass: the review's own look for floating cards takes this same list.
        listing = frozenset(store.period_keys())
    except StateFileError:
        return None  # the review counts as before, and says what is wrong with the folder
    stats = _stats(store, listing)
    if stats is None or folder_digest(stats) != entry["files"]:
        return None
    return entry["past"]


def keep_past(
    store: Store, key: str, footprint: Footprint, past: Any, now_ns: int | None = None
) -> None:
    """Store ``past`` (plain JSON data) under ``key``, counted from the files of ``footprint``:
    only if each of them is still as it was read, none changed just now (see :data:`RACY_NS`),
    and the folder was listed (the review always lists it, for floating cards)."""
    listing = footprint.listing
    if store.pending or listing is None:
        return
    stats = _stats(store, listing)
    if stats is None:
        return
    for file, seen in footprint.files.items():
        if seen is None:
            if file in listing:
                return  # made or removed while the review read
        elif file not in stats or stats[file] != seen:
            return  # changed since it was read: what was counted is not what is there
    recent = (time.time_ns() if now_ns is None else now_ns) - RACY_NS
    if any(stat[0] > recent for stat in stats.values()):
        return  # written just now: it may change again, unseen, within the same tick
    entry = {"key": key, "files": folder_digest(stats), "past": past, "sum": _past_digest(past)}
    path = cache_path(store)
    kept = [entry, *(e for e in _entries(path) if e["key"] != key)][:KEPT]
    _write(path, {"format": FORMAT, "reader": review_fingerprint(), "entries": kept})


def _entries(path: Path) -> list[dict[str, Any]]:
    """The entries of the cache file, newest first; none if it is missing, damaged, of another
    format or written by other code."""
    try:
        data = json.loads(read_bounded(path))
    except (OSError, FileReadError, ValueError, RecursionError):
        return []
    if type(data) is not dict or data.get("format") != FORMAT:
        return []
    if data.get("reader") != review_fingerprint() or type(data.get("entries")) is not list:
        return []
    out = []
    for entry in data["entries"]:
        if type(entry) is not dict or not {"key", "files", "past", "sum"} <= entry.keys():
            return []
        if not all(type(entry[name]) is str for name in ("key", "files", "sum")):
            return []
        out.append(entry)
    return out


def _past_digest(past: Any) -> str:
    """A digest of an entry's figures, written beside them: a changed figure is not trusted."""
    try:
        text = json.dumps(past, sort_keys=True, separators=(",", ":"))
    except (TypeError, ValueError, RecursionError):
        return ""  # not what keep_past was given: matches no digest
    return content_digest(text.encode())


def _write(path: Path, data: dict[str, Any]) -> None:
    write_cache_file(path, json.dumps(data, separators=(",", ":")).encode())
