"""The board of one week, derived from the catalogue and the state files.

Untouched occurrences are derived, not stored: a card's column, ticks and tally come from its
record if the user did something, and are "to do, nothing ticked" otherwise. Missed occurrences
are derived too (the period ended unfinished); hand-added cards and carried occurrences live in
the file of the period they came from and float forward until done.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from itertools import islice
from typing import Any
from weakref import WeakKeyDictionary

from tui.core.audience import ALL
from tui.core.audience import fits as fits_profile
from tui.core.cadence import Slot, earlier_slots, slot_in_week
from tui.core.catalogue import Cadence, Catalogue, Task
from tui.core.digest import content_digest
from tui.core.floating_index import FloatingIndex
from tui.core.outcome import Outcome, outcome_of, tracked
from tui.core.people import filter_matches
from tui.core.periods import (
    Day,
    Period,
    PeriodKind,
    Week,
    parse_period,
    period_of_week,
    week_containing,
)
from tui.core.refs import CardRef, OccurrenceKey, Section
from tui.core.state import Column, Record, StateFileError, Store
from tui.core.textmatch import fold
from tui.core.values import value_class

NO_RECORD = Record()  # an occurrence nobody touched yet; shared, never changed
MISSED_LOOKBACK = 52  # how far back "missed N in a row" counts


class CardKind(StrEnum):
    RECURRING = "recurring"  # this week's occurrence of a catalogue task
    CARRIED = "carried"  # a missed occurrence carried forward by the user
    ADDED = "added"  # added by hand (an as-needed task or free text)


@value_class
class Card:
    """One card as the board shows it, derived from the catalogue and the state files."""

    id: str  # what `ritmas move CARD` takes
    ref: CardRef
    kind: CardKind
    area: str
    title: str
    column: Column
    steps: tuple[str, ...] = ()
    checked: frozenset[int] = frozenset()
    tally: int = 0
    times: tuple[int, int] = (1, 1)
    period: str = ""  # the occurrence's own period key (2026-11, 2026-W48, 2026-11-26)
    cadence: Cadence | None = None
    fits: tuple[str, ...] = ()
    task_id: str | None = None
    task_notes: str | None = None
    note: str = ""
    in_catalogue: bool = True
    missed: bool = False  # this occurrence's period ended unfinished
    carried: bool = False  # a recurring occurrence the owner carried: it floats on until done
    missed_in_row: int = 0  # earlier occurrences missed one after another
    last_missed: CardRef | None = None  # the latest of those, for carrying it
    carried_since: str | None = None
    days_due: tuple[date, ...] = ()  # daily: the days of this week it is due
    days_done: tuple[date, ...] = ()  # daily: the days of this week it was done
    done_on: str | None = None
    assignee: str | None = None  # who does it: the card's own, else the task's default
    fixes_note: str | None = None  # sent back from done with this note, not done again since
    task_assignee: str | None = None  # the catalogue's default assignee of its task

    @property
    def steps_done(self) -> int:
        return sum(1 for i in self.checked if 0 <= i < len(self.steps))

    @property
    def carries_on(self) -> bool:
        """Carried and still to be done: it floats on to later boards. Once done, a carried
        card says at most where it came from (``carried_since``), not that it goes on."""
        return self.carried and self.column not in (Column.DONE, Column.SKIPPED)

    @property
    def has_tally(self) -> bool:
        return self.times[1] > 1

    def matches(self, text: str) -> bool:
        """Text search over the title, the steps and the card's own note, ignoring case and
        diacritics."""
        needle = fold(text)
        return any(needle in fold(part) for part in (self.title, *self.steps, self.note))


@dataclass
class Board:
    """The cards of one week, in their columns, and the files that could not be read."""

    week: Week
    today: date
    cards: list[Card] = field(default_factory=list)
    skipped: list[Card] = field(default_factory=list)
    damaged: dict[str, str] = field(default_factory=dict)  # file key -> one-line reason
    # card id -> its place when the board was built: a card that comes back from skipped (undo)
    # goes back to where it was, not to the bottom of its column
    rank: dict[str, int] = field(default_factory=dict)

    def card(self, card_id: str) -> Card | None:
        for cards in (self.cards, self.skipped):
            for card in cards:
                if card.id == card_id:
                    return card
        return None

    def in_order(self) -> list[Card]:
        """Every card, skipped ones too, in the order the board was built."""
        everything = self.cards + self.skipped
        last = len(self.rank)
        return sorted(everything, key=lambda card: self.rank.get(card.id, last))

    def place(self, cards: list[Card]) -> None:
        """Sort ``cards`` into the board's two lists; a card new to it ranks last."""
        for card in cards:
            self.rank.setdefault(card.id, len(self.rank))
            (self.skipped if card.column is Column.SKIPPED else self.cards).append(card)

    def visible(
        self,
        profile: frozenset[str],
        area: str | None = None,
        text: str = "",
        who: str | None = None,
    ) -> list[Card]:
        """The cards shown: of ``area``, fitting ``profile``, matching ``text``, and assigned to
        ``who`` (None: anyone; "": nobody; see :func:`tui.core.people.resolve_who`)."""
        cards = self.cards
        # Only the filters in force are asked (a board of 1,000 cards is filtered on every key).
        if area is not None:
            cards = [c for c in cards if c.area == area]
        if ALL not in profile:
            cards = [c for c in cards if fits_profile(c.fits, profile)]
        if text:
            cards = [c for c in cards if c.matches(text)]
        if who is not None:
            cards = [c for c in cards if filter_matches(c.assignee, who)]
        return list(cards)

    def read_only(self, card: Card) -> bool:
        return card.ref.file in self.damaged


class BoardContext:
    """What deriving cards needs: the catalogue, the store, and where tracking starts."""

    def __init__(
        self,
        catalogue: Catalogue,
        store: Store,
        started: Week | date | None = None,
        week_start: int = 0,
        *,
        catalogue_digest: str | None = None,
    ) -> None:
        self.catalogue = catalogue
        self.store = store
        self.week_start = week_start  # 0 = Monday: which seven days a board week shows
        self.start = catalogue.start_week
        # "Missed" is never claimed for periods that ended before the workspace began tracking
        # (a week, or the very day of the first run, so its earlier days are not missed).
        first_day = started.monday if isinstance(started, Week) else started
        self.tracking_day = max(first_day, self.start.monday) if first_day else self.start.monday
        self.tracking_from = Week.of(self.tracking_day)
        self.tasks = catalogue.task_index()
        self._catalogue_digest = catalogue_digest

    @property
    def catalogue_digest(self) -> str:
        """A digest of the catalogue, for the keys of the caches of what is derived from it: of
        the file it was loaded from, else of the catalogue itself (its value classes' repr names
        every field of every area, task and cadence, in order; 60 ms at 10,000 tasks)."""
        if self._catalogue_digest is None:
            self._catalogue_digest = content_digest(repr(self.catalogue).encode())
        return self._catalogue_digest

    # -- records ------------------------------------------------------------------------------

    def record(self, ref: CardRef, damaged: dict[str, str] | None = None) -> Record | None:
        try:
            state = self.store.read(ref.file)
        except StateFileError as exc:
            if damaged is not None:
                damaged[ref.file] = exc.as_reason()
            return None
        section = state.occurrences if ref.is_occurrence else state.cards
        return section.get(ref.key)

    # -- one card -----------------------------------------------------------------------------

    def recurring_card(
        self, area: str, task: Task, week: Week, today: date, damaged: dict[str, str]
    ) -> Card | None:
        slot = slot_in_week(task.cadence, week, self.start, today, self.week_start)
        if slot is None:
            return None
        ref = occurrence_ref(task.id, slot, week)
        record = self.record(ref, damaged) or NO_RECORD
        missed_before = self._missed_in_row(task, slot, today)
        days_done: tuple[date, ...] = ()
        if slot.dates and isinstance(slot.period, Day):
            days_done = tuple(
                d
                for d in slot.dates
                if self._column_of(task.id, Slot(Day(d), slot.times), week) is Column.DONE
            )
        daily: dict[str, Any] = {}
        if isinstance(slot.period, Day):
            daily["assignee"] = self.daily_assignee(task, week, damaged)
        return occurrence_card(
            area,
            task,
            slot,
            ref,
            record,
            **daily,
            missed=self.outcome(slot, record, today) is Outcome.MISSED,
            missed_in_row=len(missed_before),
            last_missed=missed_before[0] if missed_before else None,
            days_due=slot.dates if isinstance(slot.period, Day) else (),
            days_done=days_done,
        )

    def daily_assignee(
        self, task: Task, week: Week, damaged: dict[str, str] | None = None
    ) -> str | None:
        """Who does a daily task in ``week``, every day of it (see :func:`assignee_ref`): the
        record of its week, else the latest day of the week whose own record names someone (as
        files written before the week's record was kept say it), else the task's default."""
        try:
            records = self.store.read(week.key).occurrences
        except StateFileError as exc:
            if damaged is not None:
                damaged[week.key] = exc.as_reason()
            return task.assignee
        week_record = records.get(task.id)
        if week_record is not None and week_record.assignee is not None:
            return assignee_of(week_record, task.assignee)
        prefix = f"{task.id}@"
        named = sorted(
            key for key, r in records.items() if key.startswith(prefix) and r.assignee is not None
        )
        if named:
            return assignee_of(records[named[-1]], task.assignee)
        return task.assignee

    def _column_of(self, task_id: str, slot: Slot, week: Week) -> Column:
        record = self.record(occurrence_ref(task_id, slot, week))
        return record.column if record else Column.TODO

    def outcome(self, slot: Slot, record: Record, today: date) -> Outcome:
        """What became of a recurring occurrence (see :func:`tui.core.outcome.outcome_of`)."""
        return outcome_of(slot.period, record, slot.times, today, self.tracking_day)

    def tracked(self, period: Period) -> bool:
        return tracked(period, self.tracking_day)

    def _missed_in_row(self, task: Task, slot: Slot, today: date) -> list[CardRef]:
        """The earlier occurrences missed one after another, newest first.

        A carried one is neither missed nor the end of the run: the owner chose to do it still,
        and the ones before it can be carried too.
        """
        missed: list[CardRef] = []
        if _first_day(slot.period) <= self.tracking_day:
            return missed  # every earlier period ended before tracking began
        # Periods count from the catalogue's start (for `every = N`); missed only once tracked.
        # Made lazily: the run usually ends at the first earlier slot (done, or not tracked).
        earlier_ones = earlier_slots(task.cadence, slot, self.start, self.week_start)
        for earlier in islice(earlier_ones, MISSED_LOOKBACK):
            if not self.tracked(earlier.period):
                break
            day = earlier.period
            week = week_containing(day.day, self.week_start) if isinstance(day, Day) else None
            ref = occurrence_ref(task.id, earlier, week)
            record = self.record(ref) or NO_RECORD
            outcome = self.outcome(earlier, record, today)
            if outcome is Outcome.CARRIED and record.column is not Column.DONE:
                continue
            if outcome is not Outcome.MISSED:
                break
            missed.append(ref)
        return missed

    def floating_card(
        self, ref: CardRef, record: Record, week: Week, origin: Period
    ) -> Card | None:
        """A hand-added card or a carried occurrence as the board of ``week`` shows it."""
        closed = closed_on(record)
        if closed is not None and Week.of(closed) < week:
            return None
        if ref.section is Section.CARDS:
            # A card belongs to the week whose file holds it, whatever day it was typed in.
            added_in = origin.weeks()[0]
            if added_in > week:
                return None
            task_id = record.task
            kind, card_id = CardKind.ADDED, ref.key
            since = ref.file if added_in < week else None
        else:
            # A carried occurrence shows from the week after its own period ended.
            if origin.weeks()[-1] >= week:
                return None
            task_id = ref.occurrence.task
            kind, card_id, since = CardKind.CARRIED, f"{task_id}@{origin.key}", origin.key
        found = self.tasks.get(task_id) if task_id else None
        area, task = found if found else (None, None)
        return Card(
            id=card_id,
            ref=ref,
            kind=kind,
            area=record.area or (area.id if area else ""),
            title=record.title or (task.title if task else task_id or "?"),
            column=column_as_of(record, week.sunday),
            steps=tuple(task.steps) if task else (),
            checked=frozenset(record.checked),
            tally=record.tally,
            times=task.cadence.times if task and kind is CardKind.CARRIED else (1, 1),
            period=origin.key,
            cadence=task.cadence if task else None,
            fits=tuple(task.fits) if task else (),
            task_id=task_id,
            task_notes=task.notes if task else None,
            note=record.note,
            in_catalogue=task is not None or task_id is None,
            carried_since=since,
            done_on=record.done_on,
            assignee=assignee_of(record, task.assignee if task else None),
            fixes_note=send_back_note(record),
            task_assignee=task.assignee if task else None,
        )


def _first_day(period: Period) -> date:
    if isinstance(period, Day):
        return period.day
    if isinstance(period, Week):
        return period.monday
    return period.weeks()[0].monday


def occurrence_card(
    area_id: str, task: Task, slot: Slot, ref: CardRef, record: Record, **marks: Any
) -> Card:
    """The card of one recurring occurrence; ``marks`` are what the caller derived about it
    (missed, missed in a row, days done, and a daily card's week's assignee)."""
    if "assignee" not in marks:
        marks["assignee"] = assignee_of(record, task.assignee)
    return Card(
        id=task.id,
        ref=ref,
        kind=CardKind.RECURRING,
        area=area_id,
        title=task.title,
        column=record.column,
        steps=tuple(task.steps),
        checked=frozenset(record.checked),
        tally=record.tally,
        times=slot.times,
        period=slot.key,
        cadence=task.cadence,
        fits=tuple(task.fits),
        task_id=task.id,
        task_notes=task.notes,
        note=record.note,
        done_on=record.done_on,
        carried=record.carried,
        fixes_note=send_back_note(record),
        task_assignee=task.assignee,
        **marks,
    )


def assignee_of(record: Record, default: str | None) -> str | None:
    """Who does a card: its record's assignee ("" clears the task's default), else ``default``
    (the task's, from the catalogue)."""
    if record.assignee is not None:
        return record.assignee or None
    return default


def assignee_ref(card: Card) -> CardRef:
    """Where who does ``card`` is kept: its own record, except for a daily card.

    A daily card stands for its task's whole week, so one person does the task that week, every
    day of it, earlier and later days alike: the name is kept in the week's file under the
    task's own id (``"atsakyti-i-uzklausas": {"assignee": "Jonas"}``), beside its days."""
    if card.kind is CardKind.RECURRING and card.days_due and card.task_id is not None:
        return CardRef.of_occurrence(card.ref.file, OccurrenceKey(card.task_id))
    return card.ref


def send_back_note(record: Record) -> str | None:
    """The note of the latest send-back ("needs fixes"), unless the card was done again since."""
    for move in reversed(record.history):
        if move.to is Column.DONE:
            return None
        if move.note is not None:
            return move.note
    return None


def occurrence_ref(task_id: str, slot: Slot, week: Week | None, week_start: int = 0) -> CardRef:
    """Daily occurrences live in the file of the week that shows them, keyed by their date."""
    if isinstance(slot.period, Day):
        file = (week or week_containing(slot.period.day, week_start)).key
        return CardRef.of_occurrence(file, OccurrenceKey(task_id, slot.period.day))
    return CardRef.of_occurrence(slot.key, OccurrenceKey(task_id))


def column_as_of(record: Record, day: date) -> Column:
    """The column a record was in at the end of ``day`` (from its history of moves)."""
    if not record.history:
        return record.column
    column = Column.TODO
    for move in record.history:
        if move_day(move.at) > day:
            break
        column = move.to
    return column


def move_day(stamp: str) -> date:
    return datetime.fromisoformat(stamp).date()


def closed_on(record: Record) -> date | None:
    """The day a record reached done or skipped, if that is where it is now."""
    if record.column not in (Column.DONE, Column.SKIPPED):
        return None
    if record.done_on:
        return date.fromisoformat(record.done_on)
    return move_day(record.history[-1].at) if record.history else None


def build_board(ctx: BoardContext, week: Week, today: date) -> Board:
    """Every card of ``week`` (all audiences; filter with :meth:`Board.visible`)."""
    board = Board(week=week, today=today)
    cards: list[Card] = []
    with ctx.store.steady():
        for area, task in ctx.catalogue.tasks():
            card = ctx.recurring_card(area.id, task, week, today, board.damaged)
            if card is not None:
                cards.append(card)
        cards += floating_cards(ctx, week, board.damaged) + orphan_cards(ctx, week, board.damaged)
    board.place(cards)
    return board


def orphan_cards(ctx: BoardContext, week: Week, damaged: dict[str, str]) -> list[Card]:
    """Occurrences of tasks no longer in the catalogue, from this week's period files.

    Their history stays; they show (in the all-areas view) marked "no longer in catalogue".
    """
    files = [week.key] + [period_of_week(kind, week).key for kind in _LONGER_PERIODS]
    latest: dict[str, tuple[CardRef, Record]] = {}
    for key in files:
        try:
            state = ctx.store.read(key)
        except StateFileError as exc:
            damaged[key] = exc.as_reason()
            continue
        for record_key, record in sorted(state.occurrences.items()):
            task_id = OccurrenceKey.parse(record_key).task
            if task_id in ctx.tasks or record.carried:
                continue  # carried ones float (see floating_cards), whatever their task
            latest[task_id] = (CardRef(key, Section.OCCURRENCES, record_key), record)
    return [_orphan_card(ref, record) for ref, record in latest.values()]


def _orphan_card(ref: CardRef, record: Record) -> Card:
    occurrence = ref.occurrence
    task_id = occurrence.task
    return Card(
        id=task_id,
        ref=ref,
        kind=CardKind.RECURRING,
        area="",
        title=task_id,
        column=record.column,
        checked=frozenset(record.checked),
        tally=record.tally,
        period=occurrence.day.isoformat() if occurrence.day else ref.file,
        task_id=task_id,
        note=record.note,
        in_catalogue=False,
        done_on=record.done_on,
        assignee=assignee_of(record, None),
        fixes_note=send_back_note(record),
    )


# The key under which the state folder's own error is kept in ``Board.damaged``.
STATE_FOLDER = ""

_LONGER_PERIODS = (PeriodKind.MONTH, PeriodKind.QUARTER, PeriodKind.YEAR)


def floating_records(
    ctx: BoardContext, until: Week, damaged: dict[str, str], since: Week | None = None
) -> Iterator[tuple[CardRef, Record, Period]]:
    """Hand-added cards and carried occurrences in the files of periods that start by ``until``,
    with the period each belongs to. A floating card can come from any earlier period, so this
    lists every state file; with ``since``, a file whose floating records were all closed before
    that week is not read (see :mod:`tui.core.floating_index`)."""
    index = floating_index(ctx.store) if since is not None else None
    try:
        keys = sorted(ctx.store.period_keys())
    except StateFileError as exc:
        damaged[STATE_FOLDER] = exc.as_reason()
        return
    if index is not None and since is not None:
        # The index first: it passes over most files without parsing their period.
        needed = index.needed_keys(keys, since)
        keys = [key for key in keys if key in needed]
    for key in keys:
        origin = parse_period(key)
        if origin.weeks()[0] > until:
            continue
        kept = index.open_records(key, since) if index is not None and since is not None else None
        if kept is not None:  # an old file whose open cards the index holds: not parsed
            for section, record_key, record in kept:
                ref = CardRef(key, section, record_key)
                yield ref, record, origin if section is Section.CARDS else occurrence_period(ref)
            continue
        try:
            state = ctx.store.read(key)
        except StateFileError as exc:
            damaged[key] = exc.as_reason()
            continue
        for record_key, record in state.cards.items():
            yield CardRef(key, Section.CARDS, record_key), record, origin
        for record_key, record in state.occurrences.items():
            if record.carried:
                ref = CardRef(key, Section.OCCURRENCES, record_key)
                yield ref, record, occurrence_period(ref)


def floating_cards(ctx: BoardContext, week: Week, damaged: dict[str, str]) -> list[Card]:
    """Hand-added cards and carried occurrences from this and earlier periods."""
    out: list[Card] = []
    for ref, record, period in floating_records(ctx, week, damaged, since=week):
        card = ctx.floating_card(ref, record, week, period)
        if card is not None:
            out.append(card)
    floating_index(ctx.store).save()
    return out


_INDEXES: WeakKeyDictionary[Store, FloatingIndex] = WeakKeyDictionary()


def floating_index(store: Store) -> FloatingIndex:
    """The index of floating records of ``store``'s files, one per store (kept between boards)."""
    index = _INDEXES.get(store)
    if index is None:
        index = _INDEXES[store] = FloatingIndex(store, closed_on)
    return index


def occurrence_period(ref: CardRef) -> Period:
    """The period an occurrence belongs to: its day for a daily one, else its file's period."""
    day = ref.occurrence.day
    return Day(day) if day else parse_period(ref.file)


def refresh_after_change(ctx: BoardContext, board: Board, ref: CardRef) -> Board:
    """The board after a change of one record: only the cards it can touch are derived again.

    Those are the card(s) of that record, and the week's card of the same task (whose "missed in a
    row" may change when an earlier occurrence is carried or undone). A record that now floats
    (a new hand-added card, a newly carried occurrence) joins the board.
    """
    task_id = _task_of(ctx, ref)
    found = False
    fresh: list[Card] = []
    # A new board, its own list of damaged files too: the old one may be on screen meanwhile.
    out = Board(
        week=board.week, today=board.today, damaged=dict(board.damaged), rank=dict(board.rank)
    )
    for card in board.in_order():
        if card.ref == ref:
            found = True
        if card.ref == ref or (card.kind is CardKind.RECURRING and card.task_id == task_id):
            again = _derive_again(ctx, card, out)
            if again is not None:
                fresh.append(again)
            continue
        fresh.append(card)
    new_card = None if found else _floating_for(ctx, ref, out)
    if new_card is not None:
        fresh.append(new_card)
    out.place(fresh)
    return out


def _task_of(ctx: BoardContext, ref: CardRef) -> str | None:
    if ref.is_occurrence:
        return ref.occurrence.task
    record = ctx.record(ref)
    return record.task if record else None


def _derive_again(ctx: BoardContext, card: Card, board: Board) -> Card | None:
    if card.kind is CardKind.RECURRING:
        found = ctx.tasks.get(card.task_id or "")
        if found is None:  # no longer in the catalogue: its record is all there is
            return _orphan_card(card.ref, ctx.record(card.ref, board.damaged) or NO_RECORD)
        return ctx.recurring_card(found[0].id, found[1], board.week, board.today, board.damaged)
    return _floating_for(ctx, card.ref, board)


def _floating_for(ctx: BoardContext, ref: CardRef, board: Board) -> Card | None:
    record = ctx.record(ref, board.damaged)
    if record is None:
        return None
    if ref.is_occurrence and not record.carried:
        return None
    origin = occurrence_period(ref) if ref.is_occurrence else parse_period(ref.file)
    return ctx.floating_card(ref, record, board.week, origin)
