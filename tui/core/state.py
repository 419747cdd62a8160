"""State files: one JSON file per period in ``state/``, holding only what the user did.

Every change is a read-modify-write of the one affected file under the workspace's exclusive
lock, written to a temporary file, fsynced and renamed, so two sessions lose no change and no
half-written file is ever left. A file that cannot be read is never overwritten: reading it
raises :class:`StateFileError`, and so does any attempt to change it.
"""

from __future__ import annotations

import copy
import json
import os
import re
import shutil
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import Field, dataclass, field, fields
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, Self, TypeVar

from tui.core.digest import content_digest
from tui.core.fileio import (
    MAX_DIGITS,
    MAX_NESTING,
    FileReadError,
    ShapeError,
    atomic_write_text,
    check_json_shape,
    read_bounded,
)
from tui.core.periods import MAX_YEAR, MIN_YEAR, PeriodKeyError, parse_period, weeks_in_year
from tui.core.refs import OccurrenceKey
from tui.core.state_base import BOARD_COLUMNS as BOARD_COLUMNS
from tui.core.state_base import SCHEMA as SCHEMA
from tui.core.state_base import Column as Column
from tui.core.text import shorten
from tui.i18n import t

# A file is written at the lowest schema that can hold what it says (and never lower than it
# was), so a Ritmas that reads only schema 1 keeps working on every file that uses nothing newer.
OLDEST_WRITTEN = 1
LOCK_FILE = ".ritmas.lock"
LOCK_TIMEOUT_S = 10.0

T = TypeVar("T")

if TYPE_CHECKING:
    from filelock import FileLock


def lock_timeout_error() -> type[Exception]:
    """filelock's Timeout, imported only when an exception is being matched against it (filelock
    is not imported until a file is written)."""
    from filelock import Timeout

    return Timeout


class Reason(str):
    """A one-line reason in English (for the command line and logs) that also keeps its message
    id and fields, so a screen can show it in the user's language: ``reason.shown(lang)``."""

    code: str
    fields: dict[str, object]

    def __new__(cls, text: str, code: str = "", **fields: object) -> Reason:
        made = super().__new__(cls, text)
        made.code, made.fields = code, fields
        return made

    def shown(self, lang: str) -> str:
        return t(f"state.{self.code}", lang, **self.fields) if self.code else str(self)


DOCTOR = "; run `ritmas doctor`"


class StateFileError(Exception):
    """A state file that cannot be read or must not be written; one line for the user.

    ``kind`` says what to do about it: ``damaged`` (bad content: `ritmas doctor --repair` moves
    it aside), ``newer`` (written by a newer Ritmas: use that), ``unreadable`` (the file system
    refused: permissions).
    """

    def __init__(
        self,
        path: Path,
        reason: str,
        kind: str = "damaged",
        line: int | None = None,
        *,
        schema: int | None = None,
    ) -> None:
        where = f"{path}:{line}" if line else str(path)
        super().__init__(f"{where}: {reason}")
        self.path = path
        self.reason = reason
        self.kind = kind
        self.line = line
        self.schema = schema  # for ``newer``: the schema the file was written in

    def as_reason(self) -> Reason:
        """``path:line: reason``, keeping the reason's message id for :meth:`Reason.shown`."""
        reason = self.reason if isinstance(self.reason, Reason) else Reason(self.reason)
        where = f"{self.path}:{self.line}" if self.line else str(self.path)
        return Reason(str(self), reason.code, **reason.fields, at=where)


def shown_line(line: str, lang: str) -> str:
    """A damaged file's ``path: reason`` line (from :meth:`StateFileError.as_reason`) in
    ``lang``."""
    if isinstance(line, Reason) and line.code and "at" in line.fields:
        return f"{line.fields['at']}: {line.shown(lang)}"
    return line


class StateWriteError(Exception):
    """A change that could not be saved (disk full, permission denied); no file was changed.

    With ``queued`` the store keeps the change in memory, shows it in what it reads, and saves it
    on :meth:`Store.flush`; ``result`` is what the change returned.
    """

    def __init__(self, path: Path, reason: str, *, queued: bool = False, result: object = None):
        super().__init__(f"{path}: cannot save: {reason}")
        self.path = path
        self.reason = reason
        self.queued = queued
        self.result = result


class _Plain:
    """The part of Pydantic's model API that Ritmas uses, on plain dataclasses.

    State files are validated by the Pydantic models of :mod:`tui.core.state_schema`, imported
    only when a file is not plainly well-formed: a file as Ritmas writes it is checked here, field
    by field, accepting only what those models accept (exact types, the same validators), so the
    board starts without importing Pydantic. Anything else (a coercion Pydantic would make, an
    error to report) goes through the models, whose messages are the ones users see.
    """

    model_fields: ClassVar[dict[str, Field[Any]]]
    _ALIASES: ClassVar[dict[str, str]] = {}

    def __init_subclass__(cls) -> None:
        super().__init_subclass__()
        cls.model_fields = {}  # filled by _fields() once the dataclass exists

    def model_copy(self, *, deep: bool = False, update: dict[str, Any] | None = None) -> Self:
        copied = copy.deepcopy(self) if deep else copy.copy(self)
        for name, value in (update or {}).items():
            setattr(copied, name, value)
        return copied

    def model_dump(
        self, *, mode: str = "python", by_alias: bool = False, exclude_defaults: bool = False
    ) -> dict[str, Any]:
        if exclude_defaults:
            raise NotImplementedError("exclude_defaults")
        return {
            (self._ALIASES.get(name, name) if by_alias else name): _dumped(
                getattr(self, name), mode, by_alias
            )
            for name in self.model_fields
        }

    @classmethod
    def model_validate(cls, data: Any) -> Self:
        """``data`` validated (pydantic's ValidationError if it is not valid)."""
        try:
            return cls._fast(data)
        except _Slow:
            pass
        from tui.core import state_schema

        model = getattr(state_schema, cls.__name__).model_validate(data)
        return cls._fast(model.model_dump(mode="json", by_alias=True))

    @classmethod
    def model_validate_json(cls, text: str | bytes) -> Self:
        return cls.model_validate(json.loads(text))

    @classmethod
    def _fast(cls, data: Any) -> Self:
        raise NotImplementedError


def _fields(cls: type[_Plain]) -> None:
    cls.model_fields.update({f.name: f for f in fields(cls)})  # type: ignore[arg-type]


def _dumped(value: Any, mode: str, by_alias: bool) -> Any:
    if isinstance(value, _Plain):
        return value.model_dump(mode=mode, by_alias=by_alias)
    if isinstance(value, list):
        return [_dumped(item, mode, by_alias) for item in value]
    if isinstance(value, dict):
        return {key: _dumped(item, mode, by_alias) for key, item in value.items()}
    if mode == "json" and isinstance(value, Column):
        return value.value
    return value


class _Slow(Exception):
    """Not plainly well-formed: left to the Pydantic models to accept, coerce or refuse."""


_COLUMNS = {column.value: column for column in Column}


def _column(value: Any) -> Column:
    if type(value) is str:
        column = _COLUMNS.get(value)
        if column is not None:
            return column
    raise _Slow


def _int(value: Any) -> int:
    if type(value) is int:
        return value
    raise _Slow


def _text(value: Any) -> str:
    if type(value) is str:
        return value
    raise _Slow


def _optional_text(value: Any) -> str | None:
    if value is None or type(value) is str:
        return value
    raise _Slow


def _day(value: Any) -> str | None:
    if value is None:
        return None
    if type(value) is str:
        try:
            date.fromisoformat(value)
        except ValueError:
            raise _Slow from None
        return value
    raise _Slow


def _tick_days(value: Any) -> dict[int, str]:
    """``ticked_on`` as the file holds it (JSON keys are text: ``{"0": "2026-11-30"}``)."""
    if type(value) is not dict:
        raise _Slow
    days: dict[int, str] = {}
    for key, day in value.items():
        if type(key) is not str or not key.isdigit() or day is None:
            raise _Slow
        days[int(key)] = _day(day)  # type: ignore[assignment]
    return days


def _known(data: Any, names: frozenset[str]) -> dict[str, Any]:
    if type(data) is not dict or not names.issuperset(data):
        raise _Slow
    return data


@dataclass
class Move(_Plain):
    """One move of a record between columns, as its history keeps it."""

    at: str  # ISO 8601 timestamp, local time with offset
    to: Column
    source: Column | None = None  # "from" in the file
    # Schema 2: why a done card was sent back ("needs fixes"); only on such a move.
    note: str | None = None

    _ALIASES: ClassVar[dict[str, str]] = {"source": "from"}
    _KEYS: ClassVar[frozenset[str]] = frozenset({"at", "to", "from", "note"})

    @classmethod
    def _fast(cls, data: Any) -> Move:
        data = _known(data, cls._KEYS)
        at = _text(data["at"]) if "at" in data else None
        if at is None or "to" not in data:
            raise _Slow
        try:
            datetime.fromisoformat(at)
        except ValueError:
            raise _Slow from None
        source = data.get("from")
        return Move(
            at=at,
            to=_column(data["to"]),
            source=None if source is None else _column(source),
            note=_optional_text(data.get("note")),
        )


@dataclass
class Record(_Plain):
    """What the user did with one occurrence or one hand-added card."""

    column: Column = Column.TODO
    checked: list[int] = field(default_factory=list)  # indices of ticked steps
    tally: int = 0  # times done in the period, for times = [min, max] > 1
    note: str = ""
    carried: bool = False  # a missed occurrence the user chose to carry forward
    done_on: str | None = None  # date it went to done (the week it counts in)
    history: list[Move] = field(default_factory=list)
    # Schema 2: who does it; "" means nobody, overriding the catalogue's default assignee.
    assignee: str | None = None
    # Schema 3: the day each ticked step was ticked (step index -> date), kept for cards whose
    # file is not one week's (a month's, quarter's or year's occurrence, a floating card), so
    # the review counts a tick in the week it was made.
    ticked_on: dict[int, str] = field(default_factory=dict)
    # Hand-added cards only:
    title: str | None = None
    task: str | None = None  # an as-needed catalogue task, or None for free text
    area: str | None = None
    created: str | None = None  # the date it was added

    _KEYS: ClassVar[frozenset[str]] = frozenset(
        {"column", "checked", "tally", "note", "carried", "done_on", "history"}
        | {"assignee", "ticked_on", "title", "task", "area", "created"}
    )

    def is_blank(self) -> bool:
        return self == Record()

    @classmethod
    def _fast(cls, data: Any) -> Record:
        get = _known(data, cls._KEYS).get
        checked, history = get("checked", []), get("history", [])
        tally, carried = get("tally", 0), get("carried", False)
        if type(checked) is not list or type(history) is not list:
            raise _Slow
        if type(carried) is not bool:
            raise _Slow
        return Record(
            column=_column(get("column", "todo")),
            checked=[_int(index) for index in checked],
            tally=_int(tally),
            note=_text(get("note", "")),
            carried=carried,
            done_on=_day(get("done_on")),
            history=[Move._fast(move) for move in history],
            ticked_on=_tick_days(get("ticked_on", {})),
            assignee=_optional_text(get("assignee")),
            title=_optional_text(get("title")),
            task=_optional_text(get("task")),
            area=_optional_text(get("area")),
            created=_day(get("created")),
        )


@dataclass
class Reflection(_Plain):
    """The week's review reflection: what worked, what to repeat or change, the focus."""

    worked: str = ""
    repeat_change: str = ""
    focus: str = ""

    _KEYS: ClassVar[frozenset[str]] = frozenset({"worked", "repeat_change", "focus"})

    @classmethod
    def _fast(cls, data: Any) -> Reflection:
        get = _known(data, cls._KEYS).get
        return Reflection(
            worked=_text(get("worked", "")),
            repeat_change=_text(get("repeat_change", "")),
            focus=_text(get("focus", "")),
        )


@dataclass
class PeriodState(_Plain):
    """The content of one state file."""

    period: str
    schema_: int = SCHEMA  # "schema" in the file
    occurrences: dict[str, Record] = field(default_factory=dict)
    cards: dict[str, Record] = field(default_factory=dict)
    review: Reflection = field(default_factory=Reflection)

    _ALIASES: ClassVar[dict[str, str]] = {"schema_": "schema"}
    _KEYS: ClassVar[frozenset[str]] = frozenset(
        {"schema", "period", "occurrences", "cards", "review"}
    )

    @classmethod
    def _fast(cls, data: Any) -> PeriodState:
        get = _known(data, cls._KEYS).get
        schema, occurrences, cards = get("schema", SCHEMA), get("occurrences", {}), get("cards", {})
        if type(occurrences) is not dict or type(cards) is not dict:
            raise _Slow
        for key in occurrences:
            try:
                OccurrenceKey.parse(key)  # a task id, or TASK@YYYY-MM-DD for a daily one
            except ValueError:
                raise _Slow from None
        return PeriodState(
            period=_text(get("period")),
            schema_=_int(schema),
            occurrences={key: Record._fast(value) for key, value in occurrences.items()},
            cards={key: Record._fast(value) for key, value in cards.items()},
            review=Reflection._fast(get("review", {})),
        )

    def to_json(self) -> str:
        data = self.model_dump(by_alias=True, mode="json")
        data["occurrences"] = {k: _sparse(v) for k, v in data["occurrences"].items()}
        data["cards"] = {k: _sparse(v) for k, v in data["cards"].items()}
        text = json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
        # A lone surrogate (read from a "\\ud800" escape) cannot be UTF-8: write it back as the
        # same escape. It can only stand inside a JSON string, where that escape means it.
        return _LONE_SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


for _class in (Move, Record, Reflection, PeriodState):
    _fields(_class)


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def _sparse(record: dict[str, Any]) -> dict[str, Any]:
    defaults = Record().model_dump(mode="json")
    keep = {"column", "history"}
    out = {k: v for k, v in record.items() if k in keep or v != defaults.get(k)}
    # A move without a note is written as schema 1 wrote it.
    out["history"] = [
        {k: v for k, v in move.items() if not (k == "note" and v is None)}
        for move in out["history"]
    ]
    return out


def needed_schema(state: PeriodState) -> int:
    """The lowest schema that can hold ``state``: 3 once a record keeps the days of its ticks,
    2 once a record has an assignee or a move carries a send-back note, else 1."""
    records = (*state.occurrences.values(), *state.cards.values())
    if any(record.ticked_on for record in records):
        return 3
    for record in records:
        if record.assignee is not None or any(move.note is not None for move in record.history):
            return 2
    return OLDEST_WRITTEN


_NO_FILE = (0, -1, 0, 0)  # the identity of a period that has no file yet


_KEY_RE = re.compile(r"(\d{4})(?:-W(\d\d)|-Q[1-4]|-(\d\d))?", re.ASCII)


def period_keys_named(names: Iterable[str]) -> list[str]:
    """The period keys of those of ``names`` (a state folder's) that are state files."""
    out = []
    for name in names:
        if name.endswith(".json") and not name.startswith("."):
            key = name[: -len(".json")]
            if is_period_key(key):
                out.append(key)
    return out


def is_period_key(key: str) -> bool:
    """Whether ``key`` names a period exactly as Ritmas writes it (``2026-W48``, not
    `` 2026-W48`` or full-width digits), so a file found by name is the one written by it.

    Asked of every state file at each start: a week, month, quarter or year written plainly is
    checked here without building the period; anything else as :func:`parse_period` reads it."""
    match = _KEY_RE.fullmatch(key)
    if match is not None:
        year = int(match[1])
        if not MIN_YEAR <= year <= MAX_YEAR:
            return False
        if match[2] is not None:
            return 1 <= int(match[2]) <= weeks_in_year(year)
        return match[3] is None or 1 <= int(match[3]) <= 12
    try:
        return parse_period(key).key == key
    except PeriodKeyError:
        return False


class Unchanged:
    """Returned by a change function that found nothing to change: the file is not written."""


def _rewrite(state: PeriodState) -> None:
    """A change that changes nothing itself: writes the file with what is waiting for it."""


# What changes whenever a file is replaced or changed: its modification time, size and inode, and
# the time of its last change of any kind (so a file made unreadable, chmod, is noticed too).
Identity = tuple[int, int, int, int]
# A file written this recently may be written again within the same tick of the file system's
# clock (seconds on some) to the same size and even inode, which the system reuses, without its
# identity changing ("racy" in git's words): nothing read from it is kept in a cache. Judged by
# the modification time, when the content was written.
RACY_NS = 3_000_000_000


def folder_digest(identities: Mapping[str, Identity | None]) -> str:
    """One digest of files' names and identities (what the caches that vouch for a whole state
    folder compare: any file added, removed or changed gives another)."""
    # As text: an identity's numbers may be of any size or sign (an inode past 2**63, a time
    # before 1970).
    return content_digest(repr(sorted(identities.items())).encode("utf-8", "surrogatepass"))


def _identity_of(stat: os.stat_result) -> Identity:
    return (stat.st_mtime_ns, stat.st_size, stat.st_ino, stat.st_ctime_ns)


# Whether a file can be looked up by name in an open folder (not on Windows).
_STAT_IN_FOLDER = os.stat in os.supports_dir_fd and hasattr(os, "O_DIRECTORY")


@dataclass
class Footprint:
    """The files a result was derived from, as they were (see :meth:`Store.recording`)."""

    files: dict[str, Identity | None] = field(default_factory=dict)  # None: no file
    listing: frozenset[str] | None = None  # the folder's files, if it was listed


class Store:
    """Reads and writes the state files of one workspace, caching reads by file identity.

    It also notices changes made by other sessions (:meth:`changes`): every read takes the
    file's identity before its content, and every write takes it inside the lock, so there is no
    moment when a file can change unnoticed between being read and being fingerprinted.
    """

    def __init__(self, state_dir: Path) -> None:
        self.dir = state_dir
        self._dir_text = os.fspath(state_dir)
        self._cache: dict[str, tuple[Identity, PeriodState]] = {}
        self._lock: FileLock | None = None  # made at the first write: reading needs none
        # How long a write waits for the lock. Given to each acquire, not set on the lock:
        # filelock keeps a lock's settings per thread, and the board writes from its own.
        self._lock_timeout = LOCK_TIMEOUT_S
        # Changes that could not be saved yet (disk full...), in order; see StateWriteError.
        self.queue_failed_writes = False
        self.pending: list[tuple[str, Callable[[PeriodState], object]]] = []
        self._seen: dict[str, Identity | None] = {}  # each file as this process last read it
        self._listed: frozenset[str] | None = None  # the files last listed
        self._folder_unreadable = False  # the state folder could not be listed last time
        self._news: set[str] = set()  # files another session wrote just before one of our writes
        # Inside steady(): files already looked at in this pass are not looked at again.
        self._steady_depth = 0
        self.steady_passes = 0  # passes begun so far: tells one pass from the next
        self._checked: set[str] = set()
        self._keys_of_pass: tuple[int | None, tuple[str, ...]] = (None, ())
        self._pass_identities: tuple[int | None, dict[str, Identity | None]] = (None, {})
        self._records: list[Footprint] = []  # open recordings(), innermost last
        self.written: set[str] = set()  # files this process wrote (whoever reads it clears it)
        self._schemas: dict[str, int | None] = {}  # the schema of each cached file, on disk

    def path(self, key: str) -> Path:
        return self.dir / f"{key}.json"

    @property
    def lock(self) -> FileLock:
        """The workspace's exclusive lock, held while a state file is written."""
        if self._lock is None:
            from filelock import FileLock

            self._lock = FileLock(str(self.dir / LOCK_FILE), timeout=self._lock_timeout)
        return self._lock

    def set_lock_timeout(self, seconds: float) -> None:
        self._lock_timeout = seconds
        if self._lock is not None:
            self._lock.timeout = seconds

    # -- reading -------------------------------------------------------------------------------

    def read(self, key: str) -> PeriodState:
        """The state of period ``key`` (an empty one if no file exists yet), with any changes
        that are waiting to be saved applied on top."""
        state = self._read_disk(key)
        waiting = [change for pending_key, change in self.pending if pending_key == key]
        if waiting:
            state = state.model_copy(deep=True)
            for change in waiting:
                change(state)
        return state

    @contextmanager
    def steady(self) -> Iterator[None]:
        """One pass of reads (a board, a review) that takes each file as it first found it: a
        file read thousands of times in the pass is looked up on disk once."""
        if not self._steady_depth:
            self.steady_passes += 1
        self._steady_depth += 1
        try:
            yield
        finally:
            self._steady_depth -= 1
            if not self._steady_depth:
                self._checked.clear()

    @contextmanager
    def recording(self) -> Iterator[Footprint]:
        """Notes every file looked at inside (read, asked for its identity, or listed), as it
        was then: what a result derived from them depends on (see :meth:`unchanged`)."""
        footprint = Footprint()
        self._records.append(footprint)
        try:
            yield footprint
        finally:
            self._records.remove(footprint)

    def _note(self, key: str, identity: Identity | None) -> None:
        for footprint in self._records:
            footprint.files.setdefault(key, identity)

    def unchanged(self, footprint: Footprint) -> bool:
        """Is every file of ``footprint`` as it was then (and the folder's list, if it was
        listed), with no change of this process waiting to be saved?"""
        if self.pending:
            return False
        if footprint.listing is not None:
            try:
                listing = frozenset(self._list_keys())
            except StateFileError:
                return False  # the folder itself cannot be listed: derive again, and say why
            if listing != footprint.listing:
                return False
        now = self._identities_now(footprint.files)
        return all(now[key] == seen for key, seen in footprint.files.items())

    @property
    def steady_pass(self) -> int | None:
        """The number of the :meth:`steady` pass under way (what was looked at once in it
        stands), or None outside one."""
        return self.steady_passes if self._steady_depth else None

    def _read_disk(self, key: str) -> PeriodState:
        if self._steady_depth and key in self._checked:
            cached = self._cache.get(key)
            if cached is not None:
                self._note(key, self._seen.get(key))
                return cached[1]
        path = self.path(key)
        try:
            stat = path.stat()
        except FileNotFoundError:
            self._seen[key] = None
            self._note(key, None)
            # No file: the same empty state each time (read-only to callers, as cached ones are).
            cached = self._cache.get(key)
            if cached is None or cached[0] != _NO_FILE:
                cached = (_NO_FILE, PeriodState(period=key))
                self._cache[key] = cached
            if self._steady_depth:
                self._checked.add(key)
            return cached[1]
        except OSError as exc:
            self._seen[key] = None
            self._note(key, None)
            detail = exc.strerror or str(exc)
            reason = Reason(f"cannot read: {detail}", "cannot_read", detail=detail)
            raise StateFileError(path, reason, "unreadable") from None
        # Taken before the content is read: a write in between shows as a change next time.
        identity = _identity_of(stat)
        self._seen[key] = identity
        self._note(key, identity)
        cached = self._cache.get(key)
        if cached and cached[0] == identity:
            state = cached[1]
        else:
            state = self._parse(path, key)
            self._cache[key] = (identity, state)
        if self._steady_depth:
            self._checked.add(key)
        return state

    def _parse(self, path: Path, key: str) -> PeriodState:
        raw = read_state_bytes(path)
        quick = _quick(raw, key)
        if quick is not None:
            state, self._schemas[key] = quick
            return state
        data, text = state_json_from_bytes(raw, path)
        schema = data.get("schema") if isinstance(data, dict) else None
        state = _state_from_json(data, text, path, key)
        # The schema the file has (migrating it in memory changed the state's own).
        self._schemas[key] = schema if isinstance(schema, int) else None
        return state

    def period_keys(self) -> list[str]:
        """Period keys that have a state file, in no particular order (inside :meth:`steady`,
        the folder is listed once per pass)."""
        this_pass = self.steady_pass
        if this_pass is not None and self._keys_of_pass[0] == this_pass:
            out = list(self._keys_of_pass[1])
        else:
            out = self._list_keys()
            self._listed = frozenset(out)
            if this_pass is not None:
                self._keys_of_pass = (this_pass, tuple(out))
        for footprint in self._records:
            if footprint.listing is None:
                footprint.listing = self._listed
        return out

    def _list_keys(self) -> list[str]:
        try:
            names = os.listdir(self.dir)
        except FileNotFoundError:
            return []
        except NotADirectoryError:
            reason = Reason("is a file, not the state folder", "not_folder")
            raise StateFileError(self.dir, reason, "unreadable") from None
        except OSError as exc:
            detail = exc.strerror or str(exc)
            reason = Reason(
                f"cannot read the state folder: {detail}", "folder_unreadable", detail=detail
            )
            raise StateFileError(self.dir, reason, "unreadable") from None
        return period_keys_named(names)

    def changes(self) -> set[str]:
        """The files another session created, replaced or removed since this store last read,
        listed or wrote them. Each is reported once: reading it again shows what it holds now."""
        changed = set(self._news)
        self._news.clear()
        for key, identity in self._identities_now(list(self._seen)).items():
            if identity != self._seen[key]:
                changed.add(key)
                self._seen[key] = identity
        if self._listed is not None:
            try:
                listed = frozenset(self._list_keys())
                unreadable = False
            except StateFileError:
                # The folder itself went (made a file, unreadable): every file listed is gone
                # for now, and reading the board again says why in its banner.
                listed, unreadable = frozenset(), True
            changed |= listed ^ self._listed
            if unreadable != self._folder_unreadable:
                changed.add("")  # the folder itself: "" is no period's key
                self._folder_unreadable = unreadable
            self._listed = listed
        return changed

    def identity(self, key: str) -> Identity | None:
        """What changes whenever the file of ``key`` is replaced; None if there is none.

        Whoever asks decides from it what to read (the floating index skips a file it knows), so
        it is also what this process has seen of the file, for :meth:`changes`."""
        identity = self._identity_now(key)
        self._seen[key] = identity
        self._note(key, identity)
        return identity

    def identities(self, keys: Iterable[str]) -> dict[str, Identity | None]:
        """:meth:`identity` of each of ``keys`` at once (for the floating index's look at every
        state file at each start: ~700 after ten years). Inside :meth:`steady`, a file looked
        at once in the pass stands for the rest of it (a review and its floating cards look at
        every file: once)."""
        this_pass = self.steady_pass
        if this_pass is None:
            found = self._identities_now(keys)
        else:
            if self._pass_identities[0] != this_pass:
                self._pass_identities = (this_pass, {})
            known = self._pass_identities[1]
            keys = list(keys)
            known.update(self._identities_now([key for key in keys if key not in known]))
            found = {key: known[key] for key in keys}
        self._seen.update(found)
        for footprint in self._records:
            for key, identity in found.items():
                footprint.files.setdefault(key, identity)
        return found

    def _identity_now(self, key: str) -> Identity | None:
        try:
            # A plain string path: asked for every state file at each start (~700 at 10 years).
            stat = os.stat(f"{self._dir_text}/{key}.json")
        except OSError:
            return None
        return _identity_of(stat)

    def _identities_now(self, keys: Iterable[str]) -> dict[str, Identity | None]:
        """:meth:`_identity_now` of many files. Looked up by name inside the folder, opened
        once (half the time of a whole path each, where the system allows it)."""
        if not _STAT_IN_FOLDER:
            return {key: self._identity_now(key) for key in keys}
        try:
            folder = os.open(self._dir_text, os.O_RDONLY | os.O_DIRECTORY)
        except OSError:
            return dict.fromkeys(keys)  # no folder (or none to read): no file either
        out: dict[str, Identity | None] = {}
        stat = os.stat
        try:
            for key in keys:
                try:
                    found = stat(f"{key}.json", dir_fd=folder)
                except OSError:
                    out[key] = None
                else:
                    out[key] = _identity_of(found)
        finally:
            os.close(folder)
        return out

    # -- writing -------------------------------------------------------------------------------

    def update(self, key: str, change: Callable[[PeriodState], T]) -> T:
        """Apply ``change`` to a fresh copy of period ``key`` and save it, under the lock.

        ``change`` gets the state with its own dicts of records; it puts a new record (or a
        copy it edited) where it changes one, and never edits a record it was given in place:
        those are shared with what was read.

        The file is re-read inside the lock, so a change made by another session in the meantime
        is kept. Raises :class:`StateFileError` if the file is damaged (it is left untouched) and
        :class:`StateWriteError` if it cannot be saved.
        """
        path = self.path(key)
        if not is_period_key(key):
            # A file named so that no reader would ever find it again is never written.
            raise StateWriteError(path, f"not a period Ritmas can keep: {key!r}")
        try:
            self.dir.mkdir(parents=True, exist_ok=True)
            with self.lock.acquire(timeout=self._lock_timeout):
                if key in self._seen and self._identity_now(key) != self._seen[key]:
                    # Another session wrote it since we read it: our write must not hide that.
                    self._news.add(key)
                # Read as the file is now, inside the lock (the file's identity is looked at
                # again: an unchanged file is not parsed again, a changed one is).
                self._checked.discard(key)
                current = self.read(key)
                # A copy of the file's records, not of each record: ``change`` replaces the
                # records it changes (see above), so the cached state stays as read.
                state = current.model_copy(
                    update={"occurrences": dict(current.occurrences), "cards": dict(current.cards)}
                )
                result = change(state)
                if isinstance(result, Unchanged):
                    return result  # nothing to write
                old_schema = self._schema_of(key, path)
                state.schema_ = max(old_schema or OLDEST_WRITTEN, needed_schema(state))
                text = state.to_json()
                if old_schema is not None and old_schema < state.schema_:
                    shutil.copy2(path, path.with_name(f"{path.name}.v{old_schema}.bak"))
                atomic_write_text(path, text)
                self.written.add(key)
                self._cache.pop(key, None)
                # Taken inside the lock, so it is our write and no one else's: not news.
                identity = self._identity_now(key)
                self._seen[key] = identity
                if identity is not None and not any(k == key for k, _ in self.pending):
                    # What was just written is what a read would parse: kept, not read back.
                    self._cache[key] = (identity, state)
                    self._schemas[key] = state.schema_
                if self._listed is not None:
                    self._listed |= {key}
                self._keys_of_pass = (None, ())  # a new file may have been made
                self._pass_identities[1].pop(key, None)  # and this one is new
                # What was waiting for this file went into it (read() applied it).
                self.pending = [(k, c) for k, c in self.pending if k != key]
                return result
        except lock_timeout_error():
            reason = "the workspace is locked by another session"
        except OSError as exc:
            reason = exc.strerror or str(exc)
        if not self.queue_failed_writes:
            raise StateWriteError(path, reason)
        result = change(self.read(key).model_copy(deep=True))
        if not isinstance(result, Unchanged):
            self.pending.append((key, change))
        raise StateWriteError(path, reason, queued=True, result=result)

    def flush(self) -> bool:
        """Try again to save the changes that are waiting; True when nothing is left waiting."""
        for key in dict.fromkeys(k for k, _ in self.pending):
            try:
                self.update(key, _rewrite)
            except StateWriteError:
                # update() queued the no-op rewrite: drop it, the real changes are still queued.
                self.pending = [(k, c) for k, c in self.pending if c is not _rewrite]
                return False
            except StateFileError:
                return False  # damaged meanwhile: never written over; the board says so
        return not self.pending

    def _schema_of(self, key: str, path: Path) -> int | None:
        """The schema of ``key``'s file on disk: known from its cached read when the file is
        still that one, else read from the file."""
        cached = self._cache.get(key)
        if cached is not None and key in self._schemas and cached[0] == self._identity_now(key):
            return self._schemas[key]
        return self._schema_on_disk(path)

    @staticmethod
    def _schema_on_disk(path: Path) -> int | None:
        try:
            data, _ = read_state_json(path)
        except (OSError, StateFileError):
            return None
        schema = data.get("schema") if isinstance(data, dict) else None
        return schema if isinstance(schema, int) else None


def parse_state(raw: bytes, path: Path, key: str) -> PeriodState:
    """The state of period ``key`` from a file's bytes (``path`` only names it in errors),
    as git hands a version over to the merge; raises :class:`StateFileError`."""
    quick = quick_state(raw, key)
    if quick is not None:
        return quick
    data, text = state_json_from_bytes(raw, path)
    return _state_from_json(data, text, path, key)


def quick_state(raw: bytes, key: str) -> PeriodState | None:
    """The state in a file written as Ritmas writes it, or None for anything else (see
    :func:`_quick`)."""
    found = _quick(raw, key)
    return found[0] if found is not None else None


def _quick(raw: bytes, key: str) -> tuple[PeriodState, int] | None:
    """The state in a file written as Ritmas writes it and the schema the file has, or None
    for anything else.

    Read without walking its tokens first (:func:`~tui.core.fileio.check_json_shape`): the JSON
    parser refuses deep nesting and huge numbers safely on its own, and what the plain check
    accepts is shallow and holds integers of at most 19 digits, so that walk would have passed.
    Anything else (None) is read the careful way, whose errors and their order are unchanged."""
    try:
        data = json.loads(raw.decode("utf-8"))
    except (ValueError, RecursionError):
        return None
    if type(data) is not dict or data.get("period") != key:
        return None
    schema = data.get("schema")
    if type(schema) is not int or not 0 <= schema <= SCHEMA:
        return None
    try:
        state = PeriodState._fast(migrate(data, Path(key)))
    except (_Slow, StateFileError):
        return None
    records = (*state.occurrences.values(), *state.cards.values())
    numbers = [state.schema_, *(r.tally for r in records), *(i for r in records for i in r.checked)]
    if numbers and max(abs(n) for n in numbers) >= _INT_LIMIT:
        return None  # a number the shape walk refuses (its message is the one to show)
    return state, schema


_INT_LIMIT = 10**MAX_DIGITS  # the shape walk's bound: 19 digits, a 64-bit integer


def read_state_bytes(path: Path) -> bytes:
    """A state file's bytes, read within bounds; ``FileNotFoundError`` if there is none,
    :class:`StateFileError` if it cannot be read."""
    try:
        return read_bounded(path)
    except FileReadError as exc:
        kind = "damaged" if exc.kind == "too_large" else "unreadable"
        raise StateFileError(path, exc.reason, kind) from None


def _state_from_json(data: Any, text: str, path: Path, key: str) -> PeriodState:
    if not isinstance(data, dict):
        reason = Reason("not a Ritmas state file (expected a JSON object)", "not_state")
        raise StateFileError(path, reason, line=1)
    schema = data.get("schema")
    if not isinstance(schema, int) or isinstance(schema, bool):
        line = json_line(text, ["schema"])
        raise StateFileError(path, Reason(f"no schema version{DOCTOR}", "no_schema"), line=line)
    if schema > SCHEMA:
        raise StateFileError(
            path,
            Reason(
                f"written by a newer Ritmas (schema {schema}, this one reads {SCHEMA})",
                "newer",
                schema=schema,
                reads=SCHEMA,
            ),
            "newer",
            line=json_line(text, ["schema"]),
            schema=schema,
        )
    try:
        data = migrate(data, path)
    except StateFileError as exc:
        raise StateFileError(path, exc.reason, line=json_line(text, ["schema"])) from None
    if data.get("period") != key:
        found = _short(repr(data.get("period")))
        reason = Reason(f"holds period {found}, not {key!r}", "wrong_period", found=found, key=key)
        raise StateFileError(path, reason, line=json_line(text, ["period"]))
    try:
        return PeriodState._fast(data)
    except _Slow:
        pass  # not plainly well-formed: the Pydantic models decide, and word the error
    from pydantic import ValidationError

    try:
        return PeriodState.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        loc = [str(p) for p in first["loc"]]
        where = _short(".".join(loc), 80)
        msg = _short(first["msg"], 200)
        reason = Reason(f"unexpected content at {where}: {msg}", "unexpected", where=where)
        raise StateFileError(path, reason, line=json_line(text, loc)) from None


def read_state_json(path: Path) -> tuple[Any, str]:
    """The JSON content of a state file and its text, read within bounds.

    Raises ``FileNotFoundError`` if there is none and :class:`StateFileError` if it cannot be
    read (``unreadable``: permissions, not a regular file) or is not JSON (``damaged``).
    """
    return state_json_from_bytes(read_state_bytes(path), path)


def state_json_from_bytes(raw: bytes, path: Path) -> tuple[Any, str]:
    """The JSON content of a state file's bytes and its text; :class:`StateFileError` if not."""
    if not raw.strip():
        raise StateFileError(path, Reason(f"the file is empty (damaged){DOCTOR}", "empty"), line=1)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        reason = Reason(f"not UTF-8 text (damaged){DOCTOR}", "not_utf8")
        raise StateFileError(path, reason, line=line) from None
    try:
        check_json_shape(text)
        return json.loads(text), text
    except ShapeError as exc:
        limit = MAX_NESTING if exc.kind == "too_deep" else MAX_DIGITS
        reason = Reason(f"{exc.message} (damaged){DOCTOR}", exc.kind, limit=limit)
        raise StateFileError(path, reason, line=exc.line) from None
    except json.JSONDecodeError as exc:
        text = f"bad JSON at line {exc.lineno} column {exc.colno}{DOCTOR}"
        reason = Reason(text, "bad_json", line=exc.lineno, column=exc.colno)
        raise StateFileError(path, reason, line=exc.lineno) from None
    except (ValueError, RecursionError) as exc:  # a shape the check above missed
        raise StateFileError(path, f"cannot be read as JSON: {_short(str(exc))}", line=1) from None


def json_line(text: str, loc: list[str]) -> int:
    """The line of the key at ``loc`` (e.g. ``["occurrences", "x", "column"]``) in pretty JSON
    text, found key by key; the line of the deepest key found, else 1."""
    position, found = 0, 0
    for part in loc:
        if part.isdigit():
            continue  # a list index: no key to find
        match = re.compile(re.escape(json.dumps(part, ensure_ascii=False)) + r"\s*:").search(
            text, position
        )
        if match is None:
            break
        position = found = match.start()
    return text.count("\n", 0, found) + 1


def _short(value: object, width: int = 60) -> str:
    """A value for a one-line message: made visible, cut short."""
    return shorten(value if isinstance(value, str) else repr(value), width)


# ---------------------------------------------------------------------------------------------
# Schema migrations: one function per step, from version N to N + 1.


def _v0_to_v1(data: dict[str, Any]) -> dict[str, Any]:
    """Schema 0 (the pre-release format) named the ticked steps ``steps`` and had no review."""
    out = dict(data)
    for section in ("occurrences", "cards"):
        records = {}
        for key, record in dict(out.get(section, {})).items():
            record = dict(record)
            if "steps" in record:
                record["checked"] = record.pop("steps")
            records[key] = record
        out[section] = records
    out["schema"] = 1
    return out


def _v1_to_v2(data: dict[str, Any]) -> dict[str, Any]:
    """Schema 2 adds a record's ``assignee`` and a move's send-back ``note``. A schema 1 file
    has neither: every record takes its task's default assignee (if any) and no move was a
    send-back, so the step only raises the version; the content is validated after it."""
    return {**data, "schema": 2}


def _v2_to_v3(data: dict[str, Any]) -> dict[str, Any]:
    """Schema 3 adds a record's ``ticked_on`` (the day each step was ticked). A schema 2 file
    kept no such days: its ticks count where the review counted them before, so the step only
    raises the version."""
    return {**data, "schema": 3}


MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {
    0: _v0_to_v1,
    1: _v1_to_v2,
    2: _v2_to_v3,
}


def migrate(data: dict[str, Any], path: Path) -> dict[str, Any]:
    while data["schema"] < SCHEMA:
        step = MIGRATIONS.get(data["schema"])
        if step is None:
            raise StateFileError(path, f"schema {data['schema']} is too old to read")
        try:
            data = step(data)
        except (TypeError, ValueError, AttributeError, KeyError) as exc:
            schema = data["schema"]
            reason = f"cannot migrate schema {schema}: {_short(str(exc), 80)}"
            raise StateFileError(path, reason) from None
    return data
