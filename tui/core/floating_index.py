"""Which state files can still hold a floating card, so a board or a review does not parse them all.

A hand-added card or a carried occurrence can float from any earlier period, so finding them
meant reading every state file (about 700 after ten years). This index remembers, per file and
by the file's identity (modification time, size, inode, change time), whether it holds a
floating record that is still open, and the last day one of them was closed. A file whose
floating records were all closed before the first week asked about is not read. The index is
kept in ``.ritmas-cache/floating.json`` beside the compiled catalogue: a file changed since (a
new identity), a damaged or missing index, or a change still waiting to be saved, all mean the
file is read as before. Writing the index is best effort, like the catalogue cache.

It also keeps the names each file assigns cards to, so the names offered for completion (every
name the workspace uses) do not mean reading every file at each start either. And since a file
is summarised only after it was read whole and found valid, ``ritmas doctor`` passes over a file
whose identity has not changed since (:meth:`FloatingIndex.read_and_valid`). The index names
the Ritmas version and a digest of the code that reads state files: another version, or a
changed reader, starts a new index.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from datetime import date
from functools import lru_cache
from typing import Any, NamedTuple

from tui.core.digest import code_fingerprint
from tui.core.fileio import FileReadError, read_bounded
from tui.core.periods import Week
from tui.core.refs import Section
from tui.core.state import (
    RACY_NS,
    Identity,
    PeriodState,
    Record,
    StateFileError,
    Store,
    folder_digest,
)
from tui.core.workspace import CACHE_DIR, write_cache_file

INDEX_FILE = "floating.json"
VALID_FILE = "valid.json"  # the whole folder, when ritmas doctor found every file valid
FORMAT = 4  # 2: the names each file uses; 3: the change time; 4: the open floating records


class Summary(NamedTuple):
    """What one state file holds of floating records. (A named tuple: ~700 are made from the
    index at each start, a third of the time of a frozen dataclass's.)"""

    identity: Identity
    open: bool  # a floating record not closed (done or skipped) yet
    last_closed: str | None  # the last day one was closed (ISO), if any was
    names: tuple[str, ...] = ()  # the assignees its records name ("" for nobody), in order
    # The open floating records, as the file has them (section, key, record), in its order: a
    # board needs no more of an old file whose other floating records all closed long ago.
    open_records: tuple[tuple[str, str, Any], ...] = ()

    def needed(self, since: Week) -> bool:
        """Could a record of this file show on a board of ``since`` or later?"""
        return self.open or self.needed_by_closed(since)

    def needed_by_closed(self, since: Week) -> bool:
        """Was one of this file's floating records closed in ``since`` or later (so it shows)?"""
        last = self.last_closed
        # ISO dates compare as text; a day is in ``since`` or later from its Monday on.
        return last is not None and last >= _monday_text(since)


# The code whose reading of a state file a summary vouches for (read, not imported).
READER_MODULES = (
    "state.py",
    "state_base.py",
    "state_schema.py",
    "refs.py",
    "fileio.py",
    "floating_index.py",
)
_READER: str | None = None


def reader_fingerprint() -> str:
    global _READER
    if _READER is None:
        _READER = code_fingerprint(READER_MODULES)
    return _READER


@lru_cache(maxsize=64)
def _monday_text(week: Week) -> str:
    return week.monday.isoformat()


def summarise(
    state: PeriodState, identity: Identity, closed_on: Callable[[Record], date | None]
) -> Summary:
    floating = [*state.cards.values(), *(r for r in state.occurrences.values() if r.carried)]
    closed = [closed_on(record) for record in floating]
    days = [day for day in closed if day is not None]
    names = dict.fromkeys(
        record.assignee
        for record in (*state.occurrences.values(), *state.cards.values())
        if record.assignee is not None
    )
    sections = [
        *((Section.CARDS, key, r) for key, r in state.cards.items()),
        *((Section.OCCURRENCES, key, r) for key, r in state.occurrences.items() if r.carried),
    ]
    # As JSON text has them (step numbers as text): the same whether kept or read back.
    open_records = json.loads(
        json.dumps(
            [
                (section.value, key, record.model_dump(mode="json", by_alias=True))
                for section, key, record in sections
                if closed_on(record) is None
            ]
        )
    )
    open_records = tuple((section, key, record) for section, key, record in open_records)
    last = max(days).isoformat() if days else None
    return Summary(identity, None in closed, last, (*names,), open_records)


class FloatingIndex:
    """The summaries of one workspace's state files; see the module docstring."""

    def __init__(self, store: Store, closed_on: Callable[[Record], date | None]) -> None:
        self.store = store
        self.closed_on = closed_on
        self.path = store.dir.parent / CACHE_DIR / INDEX_FILE
        self.summaries: dict[str, Summary] | None = None
        self.changed = False
        self._this_pass: dict[str, Summary] = {}  # in the store's current steady pass
        self._pass: int | None = None
        self._verified: dict[str, Summary] = {}  # the last needed_keys' files, as they are now

    def open_records(self, key: str, since: Week) -> list[tuple[Section, str, Record]] | None:
        """The floating records of the file of ``key`` that can show from ``since`` on, from the
        index (its open ones), when :meth:`needed_keys` has just vouched for the file and all its
        other floating records were closed before ``since``; else None: read the file."""
        summary = self._verified.get(key)
        if summary is None or summary.needed_by_closed(since):
            return None
        try:
            return [
                (Section(section), record_key, Record._fast(record))
                for section, record_key, record in summary.open_records
            ]
        except Exception:
            return None

    def needed_keys(self, keys: list[str], since: Week) -> set[str]:
        """Those of ``keys`` whose files must be read for floating cards from ``since`` on (a
        file that cannot be read is: reading it reports the problem as before). All at once:
        asked of every state file at each start."""
        if self.summaries is None:
            self.summaries = self._load()
        summaries = self.summaries
        this_pass = self.store.steady_pass
        if this_pass != self._pass:
            self._pass, self._this_pass = this_pass, {}
        looked = self._this_pass if this_pass is not None else {}
        pending = {waiting for waiting, _ in self.store.pending}
        fresh = [key for key in keys if key not in looked and key not in pending]
        identities = self.store.identities(fresh)
        out: set[str] = set()
        self._verified = {}
        for key in keys:
            if key in pending:
                out.add(key)  # changes waiting to be saved: the disk is not all of it
                continue
            summary = looked.get(key)
            if summary is None:
                identity = identities[key]
                summary = summaries.get(key)
                if identity is None or summary is None or summary.identity != identity:
                    summary = self._summarise_again(key, identity)
                if this_pass is not None and summary is not None:
                    looked[key] = summary
            if summary is None or summary.needed(since):
                out.add(key)
                if summary is not None:
                    self._verified[key] = summary  # as the file is now (see open_records)
        return out

    def names(self, key: str) -> tuple[str, ...]:
        """The assignees the file of ``key`` names (as it is now, with changes waiting to be
        saved); none for a file that cannot be read."""
        if self._waiting(key):
            try:
                state = self.store.read(key)
            except StateFileError:
                return ()
            return summarise(state, (0, 0, 0, 0), self.closed_on).names
        summary = self.summary(key)
        return summary.names if summary is not None else ()

    def read_and_valid(self, keys: list[str]) -> set[str]:
        """Those of ``keys`` whose files are, unchanged (same identity), ones this index
        summarised after reading them whole and finding them valid, with this Ritmas's reader.
        All at once: ``ritmas doctor`` asks it of every state file."""
        if self.summaries is None:
            self.summaries = self._load()
        summaries = self.summaries
        now = self.store.identities(keys)
        return {
            key
            for key in keys
            if (summary := summaries.get(key)) is not None and summary.identity == now[key]
        }

    def folder_valid(self, keys: list[str]) -> bool:
        """Are ``keys`` exactly the files :meth:`keep_folder_valid` was last told were all read
        whole and found valid, each unchanged since? (``ritmas doctor`` then need not look at
        each in the index: one digest of the folder says it.)"""
        try:
            data = json.loads(read_bounded(self.path.with_name(VALID_FILE)))
            return type(data) is dict and data == {
                "reader": reader_fingerprint(),
                "folder": folder_digest(self.store.identities(keys)),
            }
        except (OSError, FileReadError, ValueError, RecursionError):
            return False

    def keep_folder_valid(self, keys: list[str]) -> None:
        """Remember that every file of ``keys``, as it is now, was read whole and found valid;
        not if one was written a moment ago (it could change again unseen, within the same
        tick of the file system's clock). Best effort, like the index."""
        now = self.store.identities(keys)
        recent = time.time_ns() - RACY_NS
        if any(identity is None or identity[0] > recent for identity in now.values()):
            return
        data = {"reader": reader_fingerprint(), "folder": folder_digest(now)}
        write_cache_file(self.path.with_name(VALID_FILE), json.dumps(data).encode())

    def learn(self, key: str, state: PeriodState) -> None:
        """Remember ``state``, just read whole from the file of ``key``."""
        if self.summaries is None:
            self.summaries = self._load()
        identity = self.store.identity(key)
        if identity is not None and not self._waiting(key):
            self.summaries[key] = summarise(state, identity, self.closed_on)
            self.changed = True

    def _waiting(self, key: str) -> bool:
        """Has the file of ``key`` changes waiting to be saved (so the disk is not all of it)?"""
        pending = self.store.pending
        return bool(pending) and any(waiting == key for waiting, _ in pending)

    def summary(self, key: str) -> Summary | None:
        """The summary of the file of ``key`` as it is on disk (read again if it changed); None
        if it cannot be read."""
        if self.summaries is None:
            self.summaries = self._load()
        this_pass = self.store.steady_pass
        if this_pass != self._pass:
            self._pass, self._this_pass = this_pass, {}
        if this_pass is not None and key in self._this_pass:
            return self._this_pass[key]  # looked at already in this pass
        identity = self.store.identity(key)
        summary = self.summaries.get(key)
        if identity is None or summary is None or summary.identity != identity:
            summary = self._summarise_again(key, identity)
            if summary is None:
                return None
        if this_pass is not None:
            self._this_pass[key] = summary
        return summary

    def _summarise_again(self, key: str, identity: Identity | None) -> Summary | None:
        """The file of ``key`` read and summarised (and remembered, if it exists); None if it
        cannot be read."""
        try:
            state = self.store.read(key)
        except StateFileError:
            return None
        summary = summarise(state, identity or (0, 0, 0, 0), self.closed_on)
        if identity is not None and self.summaries is not None:
            self.summaries[key] = summary
            self.changed = True
        return summary

    def save(self) -> None:
        """Keep what was learnt for the next start (best effort: no cache is only slower)."""
        if not self.changed or self.summaries is None:
            return
        self.changed = False
        try:
            keys = set(self.store.period_keys())
        except StateFileError:
            return  # the state folder is unreadable now: nothing to keep

        data = {
            "format": FORMAT,
            "reader": reader_fingerprint(),
            "files": {
                key: [
                    *summary.identity,
                    summary.open,
                    summary.last_closed,
                    [*summary.names],
                    [list(entry) for entry in summary.open_records],
                ]
                for key, summary in sorted(self.summaries.items())
                if key in keys
            },
        }
        # One write, not one per item.
        write_cache_file(self.path, json.dumps(data, separators=(",", ":")).encode())

    def _load(self) -> dict[str, Summary]:
        try:
            data = json.loads(read_bounded(self.path))
            if data.get("format") != FORMAT or data.get("reader") != reader_fingerprint():
                return {}
            out: dict[str, Summary] = {}
            # Checked plainly, one entry after another: ~700 of them at each start.
            for key, entry in data["files"].items():
                mtime, size, inode, ctime, is_open, last, names, records = entry
                if not (type(mtime) is type(size) is type(inode) is type(ctime) is int):
                    return {}
                if type(is_open) is not bool or type(names) is not list:
                    return {}
                if last is not None:
                    if type(last) is not str:
                        return {}
                    date.fromisoformat(last)
                if names and not all(type(n) is str for n in names):
                    return {}
                if type(records) is not list:
                    return {}
                kept: tuple[tuple[str, str, Any], ...] = ()
                if records:  # most files have none open
                    kept = tuple((section, rkey, record) for section, rkey, record in records)
                    if not all(type(s) is str and type(k) is str for s, k, _ in kept):
                        return {}
                out[key] = Summary((mtime, size, inode, ctime), is_open, last, (*names,), kept)
            return out
        except (OSError, FileReadError, ValueError, TypeError, KeyError, AttributeError):
            return {}  # missing or damaged: every file is read once and the index made again
        except RecursionError:  # written by hand, nested deeper than ours ever is
            return {}
