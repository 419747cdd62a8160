"""Which state files can still hold a floating card, so a board or a review does not parse them all.

A hand-added card or a carried occurrence can float from any earlier period, so finding them
meant reading every state file (about 700 after ten years). This index remembers, per file and
by the file's identity (modification time, size, inode), whether it holds a floating record that
is still open, and the last day one of them was closed. A file whose floating records were all
closed before the first week asked about is not read. The index is kept in
``.ritmas-cache/floating.json`` beside the compiled catalogue: a file changed since (a new
identity), a damaged or missing index, or a change still waiting to be saved, all mean the file
is read as before. Writing the index is best effort, like the catalogue cache.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from tui.core.fileio import FileReadError, read_bounded
from tui.core.periods import Week
from tui.core.state import PeriodState, Record, StateFileError, Store
from tui.core.workspace import CACHE_DIR, make_cache_dir

INDEX_FILE = "floating.json"
FORMAT = 1

Identity = tuple[int, int, int]


@dataclass(frozen=True)
class Summary:
    """What one state file holds of floating records."""

    identity: Identity
    open: bool  # a floating record not closed (done or skipped) yet
    last_closed: str | None  # the last day one was closed (ISO), if any was

    def needed(self, since: Week) -> bool:
        """Could a record of this file show on a board of ``since`` or later?"""
        if self.open:
            return True
        last = self.last_closed
        return last is not None and Week.of(date.fromisoformat(last)) >= since


def summarise(
    state: PeriodState, identity: Identity, closed_on: Callable[[Record], date | None]
) -> Summary:
    floating = [*state.cards.values(), *(r for r in state.occurrences.values() if r.carried)]
    closed = [closed_on(record) for record in floating]
    days = [day for day in closed if day is not None]
    return Summary(identity, None in closed, max(days).isoformat() if days else None)


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

    def needed(self, key: str, since: Week) -> bool:
        """Must the file of ``key`` be read for floating cards from ``since`` on? A file that
        cannot be read is needed: reading it reports the problem as before."""
        if self.summaries is None:
            self.summaries = self._load()
        if any(pending == key for pending, _ in self.store.pending):
            return True
        this_pass = self.store.steady_pass
        if this_pass != self._pass:
            self._pass, self._this_pass = this_pass, {}
        if this_pass is not None and key in self._this_pass:
            return self._this_pass[key].needed(since)  # looked at already in this pass
        identity = self.store.identity(key)
        summary = self.summaries.get(key)
        if identity is None or summary is None or summary.identity != identity:
            try:
                state = self.store.read(key)
            except StateFileError:
                return True
            summary = summarise(state, identity or (0, 0, 0), self.closed_on)
            if identity is not None:
                self.summaries[key] = summary
                self.changed = True
        if this_pass is not None:
            self._this_pass[key] = summary
        return summary.needed(since)

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
            "files": {
                key: [*summary.identity, summary.open, summary.last_closed]
                for key, summary in sorted(self.summaries.items())
                if key in keys
            },
        }
        with contextlib.suppress(OSError):
            make_cache_dir(self.path.parent)
            handle, temp = tempfile.mkstemp(dir=self.path.parent, prefix=".floating-")
            try:
                with os.fdopen(handle, "w", encoding="utf-8") as file:
                    json.dump(data, file, separators=(",", ":"))
                os.replace(temp, self.path)
            except OSError:
                with contextlib.suppress(OSError):
                    os.unlink(temp)
                raise

    def _load(self) -> dict[str, Summary]:
        try:
            data = json.loads(read_bounded(self.path))
            if data.get("format") != FORMAT:
                return {}
            out: dict[str, Summary] = {}
            for key, (mtime, size, inode, is_open, last) in data["files"].items():
                if not all(type(n) is int for n in (mtime, size, inode)):
                    return {}
                if type(is_open) is not bool or not (last is None or isinstance(last, str)):
                    return {}
                if last is not None:
                    date.fromisoformat(last)
                out[key] = Summary((mtime, size, inode), is_open, last)
            return out
        except (OSError, FileReadError, ValueError, TypeError, KeyError, AttributeError):
            return {}  # missing or damaged: every file is read once and the index made again
        except RecursionError:  # written by hand, nested deeper than ours ever is
            return {}
