"""The store's own thread: every read and write of the state files, in the order asked.

:class:`StoreKeeper` is the only object that touches the :class:`~tui.core.state.Store` of a
running board. The controller (:mod:`tui.core.controller`) hands it jobs; it runs them one at a
time on one thread, so changes are saved in the order they were made, and reports back plain
values (:data:`Report`). Between jobs it retries saves that had to wait and watches for changes
made by other sessions. Nothing here knows about Textual: the app runs :meth:`StoreKeeper.serve`
in a thread worker and posts each report to itself as a message.
"""

from __future__ import annotations

import queue
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from tui.core import actions
from tui.core.actions import ActionRefused
from tui.core.board import Board, BoardContext, refresh_after_change
from tui.core.names_in_use import names_in_use
from tui.core.people import distinct_names
from tui.core.periods import Week
from tui.core.refs import CardRef
from tui.core.save_outcome import Queued, Refused, Saved, SaveOutcome
from tui.core.session import Session
from tui.core.settings import Settings, SettingsError
from tui.core.state import Footprint, StateFileError, StateWriteError, Store
from tui.core.values import value_class
from tui.i18n import said, shown, t

if TYPE_CHECKING:
    from tui.core.review import Review

# A save waits this long for another session's lock, then is kept and retried: a session's own
# write holds the lock for milliseconds, so a longer wait means someone is holding it.
LOCK_WAIT_S = 0.3
RETRY_INTERVAL_S = 1.0  # how often to retry saves that are waiting
WATCH_INTERVAL_S = 0.75  # how often to look for changes made by another session
BOARDS_KEPT = 8  # boards of recent weeks kept for going back to them


@value_class
class _Derived:
    """A board and what it was derived from."""

    board: Board
    footprint: Footprint
    context: BoardContext
    stale: tuple[CardRef, ...] = ()  # records this session saved since, in order, to follow


@runtime_checkable
class Undoable(Protocol):
    """A saved change that can be written back: a card's (``actions.Change``) or a reflection's."""

    def undo(self, store: Store) -> object: ...

    def redo(self, store: Store) -> object: ...


# ---------------------------------------------------------------------------------------------
# Reports: what the store's thread sends back


@value_class
class BoardLoaded:
    """The board of a week, read on the store's thread."""

    week: Week
    board: Board
    names: tuple[str, ...] = ()  # every name the workspace uses (catalogue and state files)


@value_class
class ReviewLoaded:
    """The review of a week, built on the store's thread."""

    week: Week
    review: Review


@value_class
class SaveDone:
    """What became of change number ``number``; ``board`` is ``week``'s board after it."""

    number: int
    outcome: SaveOutcome
    ref: CardRef | None  # the record it changed (None: a reflection, or nothing changed)
    changed: bool  # False: there was nothing to change
    week: Week
    board: Board
    review: Review | None = None  # the review after it, when the review is open
    news: bool = False  # another session had changed the files meanwhile


@value_class
class Flushed:
    """Saves that were waiting: all saved (``Saved``) or some still waiting (``Queued``)."""

    outcome: Saved | Queued


@value_class
class DiskChanged:
    """Another session changed these state files."""

    files: frozenset[str]


@value_class
class SettingsSaved:
    """The settings after a change was saved (or why it was not)."""

    settings: Settings
    error: str | None = None  # why it could not be saved (locked, disk full, a broken file)


Report = BoardLoaded | ReviewLoaded | SaveDone | Flushed | DiskChanged | SettingsSaved
Job = Callable[["StoreKeeper"], Report | None]
Do = Callable[[Store], Undoable | None]


class StoreKeeper:
    """Owns the session's store on the store's thread; see the module's docstring."""

    def __init__(self, session: Session, lang: str, *, lock_wait: float = LOCK_WAIT_S) -> None:
        self.session = session
        self.lang = lang
        self.store = session.store
        self.lock_wait = lock_wait
        self.store.set_lock_timeout(lock_wait)
        self.store.queue_failed_writes = True  # a save that cannot be made now is kept
        self.saved: dict[int, Undoable] = {}  # change number -> what to undo or redo
        self._board: Board | None = None  # the last board derived, to derive only what changes
        # Boards of the weeks looked at lately, with the files each came from: going back to a
        # week whose files are as they were costs a look at them, not a derivation.
        self._boards: OrderedDict[str, _Derived] = OrderedDict()
        self._names: tuple[str, ...] | None = None  # names in use, until a file changes
        self.stopped = threading.Event()  # set when serve() has returned

    # -- reading -------------------------------------------------------------------------------

    def board(self, week: Week) -> BoardLoaded:
        # One pass: each file is looked at once for the board and the names in use (for
        # completing one), which come from the floating index, not from reading every file;
        # they are looked for again only after a change.
        with self.store.steady():
            self._board = self._derive(week)
            if self._names is None:
                self._names = tuple(names_in_use(self.store, self.session.catalogue))
        return BoardLoaded(week, self._board, self._names)

    def _derive(self, week: Week) -> Board:
        """The board of ``week``: the one kept if its files are as they were, else derived."""
        kept = self._boards.get(week.key)
        if kept is not None and self._still(kept):
            self._boards.move_to_end(week.key)
            if kept.stale:  # this session's saves since, not yet followed
                board = kept.board
                for ref in kept.stale:
                    board = refresh_after_change(kept.context, board, ref)
                kept = replace(kept, board=board, stale=())
                self._boards[week.key] = kept
            return kept.board
        if kept is not None:
            self._names = None  # a file changed: names may have too
        with self.store.recording() as footprint:
            board = self.session.board(week)
        self._keep(_Derived(board, footprint, self.session.context))
        return board

    def _learn_names(self, keys: set[str]) -> None:
        """Names of the files just written join the names in use (a name no longer used stays
        offered until the next full look: harmless for completing, and every file is not read
        again after each save)."""
        if self._names is None:
            return
        names: list[str | None] = list(self._names)
        for key in sorted(keys):
            try:
                state = self.store.read(key)
            except StateFileError:
                continue
            names += [r.assignee for r in (*state.occurrences.values(), *state.cards.values())]
        self._names = tuple(distinct_names(names))

    def _still(self, kept: _Derived) -> bool:
        return (
            kept.context is self.session.context
            and kept.board.today == self.session.today
            and self.store.unchanged(kept.footprint)
        )

    def _keep(self, derived: _Derived) -> None:
        if self.store.pending:
            return  # read with changes waiting on top: not what the files hold
        self._boards[derived.board.week.key] = derived
        self._boards.move_to_end(derived.board.week.key)
        while len(self._boards) > BOARDS_KEPT:
            self._boards.popitem(last=False)

    def _follow(self, ref: CardRef | None = None, current: Board | None = None) -> None:
        """After a save: the kept boards follow this process's own write of ``ref``'s record
        (each derives again only the cards that record touches); a board that depends on any
        other file written is dropped, and so are all when another session wrote meanwhile."""
        written, self.store.written = self.store.written, set()
        if not written:
            return
        self._learn_names(written)
        if ref is None or current is None or written != {ref.file}:
            self._boards.clear()
            return
        identity = self.store.identity(ref.file)
        for key, kept in list(self._boards.items()):
            files = kept.footprint.files
            listing = kept.footprint.listing
            new_file = listing is not None and ref.file not in listing
            if ref.file not in files and not new_file:
                continue
            footprint = Footprint(
                {**files, ref.file: identity}, listing | {ref.file} if listing else listing
            )
            if key == current.week.key:
                self._boards[key] = _Derived(current, footprint, kept.context)
            else:
                # Followed when the week is looked at again (each record once, however often
                # it was saved meanwhile): a save costs the same with boards kept or not.
                stale = kept.stale if ref in kept.stale else (*kept.stale, ref)
                self._boards[key] = _Derived(kept.board, footprint, kept.context, stale)

    def review(self, week: Week, profile: frozenset[str]) -> ReviewLoaded:
        from tui.core.review import build_review

        return ReviewLoaded(week, build_review(self.session, week, self.session.today, profile))

    # -- writing -------------------------------------------------------------------------------

    def save(
        self, number: int, do: Do, week: Week, review: tuple[Week, frozenset[str]] | None = None
    ) -> SaveDone:
        """Run ``do`` on the store as change ``number``; the board of ``week`` after it (and
        the review of ``review``'s week and audience, when given)."""
        outcome, change = self._attempt(lambda: do(self.store))
        if change is not None:
            self.saved[number] = change
        return self._done(number, outcome, change, week, review)

    def write_back(
        self,
        number: int,
        original: int,
        redo: bool,
        week: Week,
        review: tuple[Week, frozenset[str]] | None = None,
    ) -> SaveDone:
        """Undo (or redo) change ``original`` as change ``number``."""
        change = self.saved.get(original)
        if change is None:  # it was refused, or changed nothing
            key = "note.nothing_redo" if redo else "note.nothing_undo"
            return self._done(number, Refused(t(key, self.lang)), None, week, review)
        undoable = change
        outcome, _ = self._attempt(
            lambda: undoable.redo(self.store) if redo else undoable.undo(self.store)
        )
        return self._done(number, outcome, change, week, review, changed=True)

    def decide(
        self,
        number: int,
        ref: CardRef,
        decision: str,
        at: datetime,
        week: Week,
        review: tuple[Week, frozenset[str]],
    ) -> SaveDone:
        """Carry or drop an unfinished card of the review, found again by its record (another
        session may have decided first)."""
        from tui.core.review import build_review, decide

        shown = build_review(self.session, review[0], self.session.today, review[1])
        item = next((i for i in shown.unfinished if i.card.ref == ref), None)
        if item is None:
            return self._done(number, Saved(), None, week, review, changed=False)
        found = item
        return self.save(number, lambda store: decide(store, found, decision, at), week, review)

    def save_settings(self, settings: Settings) -> SettingsSaved:
        """Only what changed is written, under the workspace lock (``Session.update_settings``);
        a failure is reported, never raised in the store's thread."""
        try:
            self.session.update_settings(settings, lock_wait=self.lock_wait)
        except OSError as exc:
            return SettingsSaved(settings, error=exc.strerror or str(exc))
        except SettingsError as exc:
            return SettingsSaved(settings, error=shown(said(exc), self.lang))
        return SettingsSaved(settings)

    def flush(self) -> Flushed | None:
        """Retry the saves that are waiting; None when none were."""
        if not self.store.pending:
            return None
        if self.store.flush():
            return Flushed(Saved())
        reason = self._waiting_reason()
        return Flushed(Queued(reason))

    def watch(self) -> DiskChanged | None:
        files = self.store.changes()
        if files:
            self._names = None
        return DiskChanged(frozenset(files)) if files else None

    # -- helpers -------------------------------------------------------------------------------

    def _attempt(self, do: Callable[[], object]) -> tuple[SaveOutcome, Undoable | None]:
        """Run one change; the expected failures become outcomes."""
        try:
            result = do()
        except ActionRefused as exc:
            return Refused(shown(said(exc), self.lang)), None
        except StateFileError as exc:
            return Refused(t("note.readonly", self.lang, file=exc.path.name)), None
        except StateWriteError as exc:
            if not exc.queued:
                return Refused(t("note.save_failed", self.lang, reason=exc.reason)), None
            self._reason = exc.reason
            return Queued(exc.reason), exc.result if isinstance(exc.result, Undoable) else None
        return Saved(), result if isinstance(result, Undoable) else None

    _reason = ""  # why the last save had to wait

    def _waiting_reason(self) -> str:
        return self._reason

    def _done(
        self,
        number: int,
        outcome: SaveOutcome,
        change: Undoable | None,
        week: Week,
        review: tuple[Week, frozenset[str]] | None,
        *,
        changed: bool | None = None,
    ) -> SaveDone:
        ref = change.ref if isinstance(change, actions.Change) else None
        news = bool(self.store.changes())
        if news:
            self._boards.clear()
            self._names = None
        board = self._board
        if board is None or board.week != week or news or isinstance(outcome, Refused):
            self._follow()
            board = self._derive(week)
        elif ref is not None:
            board = refresh_after_change(self.session.context, board, ref)
            self._follow(ref, board)
        else:
            self._follow()
        self._board = board
        shown = self.review(*review).review if review is not None else None
        return SaveDone(
            number,
            outcome,
            ref,
            change is not None if changed is None else changed,
            week,
            board,
            shown,
            news,
        )

    # -- the thread ----------------------------------------------------------------------------

    def serve(
        self,
        jobs: queue.Queue[Job | None],
        report: Callable[[Report], None],
        *,
        watch: bool = True,
    ) -> None:
        """Run ``jobs`` until a None comes, sending each result to ``report``; between jobs,
        retry waiting saves and (with ``watch``) look for other sessions' changes."""
        try:
            self._serve(jobs, report, watch)
        finally:
            self.stopped.set()

    def _serve(
        self, jobs: queue.Queue[Job | None], report: Callable[[Report], None], watch: bool
    ) -> None:
        next_retry = next_watch = time.monotonic()
        while True:
            now = time.monotonic()
            wakes = [next_watch] if watch else []
            if self.store.pending:
                wakes.append(next_retry)
            timeout = max(0.0, min(wakes) - now) if wakes else None
            try:
                job = jobs.get(timeout=timeout)
            except queue.Empty:
                pass
            else:
                if job is None:
                    return
                done = job(self)
                if done is not None:
                    report(done)
                continue
            now = time.monotonic()
            if self.store.pending and now >= next_retry:
                next_retry = now + RETRY_INTERVAL_S
                flushed = self.flush()
                if flushed is not None and isinstance(flushed.outcome, Saved):
                    report(flushed)
            if watch and now >= next_watch:
                next_watch = now + WATCH_INTERVAL_S
                changed = self.watch()
                if changed is not None:
                    report(changed)
