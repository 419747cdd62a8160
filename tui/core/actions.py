"""What a user can do to a card, applied to the state files; each returns a :class:`Change`.

A change records the record before and after, so undo and redo are just writing one of them back
(read-modify-write, like every other action). The board, the review and the card commands of the
command line all go through these functions.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime

from tui.core.board import Card, CardKind, assignee_of, assignee_ref
from tui.core.catalogue import CadenceKind
from tui.core.people import PersonError, clean_name, clean_send_back_note
from tui.core.periods import Week, parse_period
from tui.core.refs import CardRef, Section
from tui.core.state import BOARD_COLUMNS, Column, Move, PeriodState, Record, Store, Unchanged
from tui.core.values import value_class
from tui.i18n import Msg, said


@value_class
class Change:
    """One saved change of one record: enough to undo or redo it."""

    ref: CardRef
    before: Record | None
    after: Record | None
    label: str  # what the user did, for messages ("move", "tick", ...)

    def undo(self, store: Store) -> Change:
        return _write_back(store, self.ref, self.after, self.before, self.label)

    def redo(self, store: Store) -> Change:
        return _write_back(store, self.ref, self.before, self.after, self.label)


class ActionRefused(Exception):
    """The action makes no sense for this card (e.g. carrying one that was not missed)."""


def clock(today: date, now: datetime | None = None) -> datetime:
    """The moment of an action: the (possibly pinned) day at the current time of day."""
    current = (now or datetime.now()).astimezone()
    return current.replace(year=today.year, month=today.month, day=today.day)


def _section(state: PeriodState, ref: CardRef) -> dict[str, Record]:
    return state.occurrences if ref.is_occurrence else state.cards


@value_class
class Plan:
    """An action on one record, not yet applied: ``edit`` changes the record in place.

    The same plan is saved (:func:`apply`) and shown before it is saved (:func:`predict`), so
    what the board shows at once follows the very rule that is written to disk.
    """

    ref: CardRef
    label: str
    edit: Callable[[Record], None]


def apply(store: Store, plan: Plan) -> Change | None:
    """Apply ``plan`` to its record; None (and nothing written) if it changed nothing."""
    ref = plan.ref

    def change(state: PeriodState) -> Change | Unchanged:
        records = _section(state, ref)
        before = records.get(ref.key)
        record = before.model_copy(deep=True) if before else Record()
        plan.edit(record)
        if record == (before or Record()):
            return Unchanged()
        records[ref.key] = record
        return Change(ref, before, record.model_copy(deep=True), plan.label)

    result = store.update(ref.file, change)
    return result if isinstance(result, Change) else None


def predict(card: Card, plan: Plan) -> Card:
    """The card as it will look once ``plan`` is saved, from what the card shows now.

    Marks derived from other records (missed in a row) stay as they are until the saved board
    comes back; ActionRefused propagates, as it would when saving.
    """
    if plan.ref not in (card.ref, assignee_ref(card)):
        return card  # it changes another record (carrying an earlier occurrence)
    record = Record(
        column=card.column,
        checked=sorted(card.checked),
        tally=card.tally,
        note=card.note,
        carried=card.carried or card.kind is CardKind.CARRIED,
        done_on=card.done_on,
        assignee=card.assignee,
    )
    plan.edit(record)
    closed = record.column in (Column.DONE, Column.SKIPPED) or record.carried
    assignee = card.assignee
    if record.assignee != card.assignee:  # the plan set it; None is nobody only then
        assignee = assignee_of(record, card.task_assignee)
    return replace(
        card,
        column=record.column,
        checked=frozenset(record.checked),
        tally=record.tally,
        note=record.note,
        done_on=record.done_on,
        carried=record.carried if card.kind is CardKind.RECURRING else card.carried,
        missed=card.missed and not closed,
        assignee=assignee,
        fixes_note=_fixes_after(record, card.fixes_note),
    )


def _fixes_after(record: Record, shown: str | None) -> str | None:
    """What :func:`~tui.core.board.send_back_note` will say once the plan's moves (the only
    ones in a predicted record) follow the card's saved history."""
    for move in reversed(record.history):
        if move.to is Column.DONE:
            return None
        if move.note is not None:
            return move.note
    return shown


def three_way(current: Record | None, done: Record | None, wanted: Record | None) -> Record | None:
    """Take ``current`` from ``done`` (what a change left) to ``wanted`` (what it replaced, for
    undo; what it made, for redo), field by field, keeping whatever another session changed
    since: a field is set back only if it still holds what the change left; ticks and history
    are merged as sets and lists of moves."""
    if current == done:
        return wanted
    if wanted is None and done is not None and _has_identity(done):
        # Undoing an add: the card goes, whole. Keeping what another session did to it since
        # would leave a record with no title or area ("?" on every later board).
        return None
    empty = Record()
    now, left, goal = current or empty, done or empty, wanted or empty
    result = now.model_copy(deep=True)
    for name in Record.model_fields:
        was, became, is_now = getattr(goal, name), getattr(left, name), getattr(now, name)
        if was == became:
            continue  # the change did not touch this field
        if name == "checked":
            added, removed = set(became) - set(was), set(was) - set(became)
            result.checked = sorted((set(is_now) - added) | removed)
            result.ticked_on = {i: d for i, d in result.ticked_on.items() if i in result.checked}
        elif name == "history":
            extra = [m for m in became if m not in was]  # moves the change made
            kept = [m for m in is_now if m not in extra]
            result.history = kept + [m for m in was if m not in kept]
        elif is_now == became:
            setattr(result, name, was)
    return None if wanted is None and result == empty else result


def _has_identity(record: Record) -> bool:
    """A hand-added card's record: it carries its own title or task, and area."""
    return record.title is not None or record.task is not None


def _write_back(
    store: Store, ref: CardRef, done: Record | None, wanted: Record | None, label: str
) -> Change:
    def apply(state: PeriodState) -> Change:
        records = _section(state, ref)
        current = records.get(ref.key)
        result = three_way(current, done, wanted)
        if result is None:
            records.pop(ref.key, None)
        else:
            records[ref.key] = result
        return Change(ref, current, result, label)

    return store.update(ref.file, apply)


def undo(store: Store, change: Change) -> Change:
    return change.undo(store)


def redo(store: Store, change: Change) -> Change:
    return change.redo(store)


def _set_column(record: Record, column: Column, at: datetime) -> None:
    if record.column is column:
        return
    record.history.append(
        Move(at=at.isoformat(timespec="seconds"), to=column, source=record.column)
    )
    record.column = column
    record.done_on = at.date().isoformat() if column is Column.DONE else None


def move(store: Store, card: Card, column: Column, at: datetime) -> Change | None:
    """Move a card to ``column`` (see :func:`move_plan`)."""
    return apply(store, move_plan(card, column, at))


def move_plan(card: Card, column: Column, at: datetime) -> Plan:
    """Move a card to ``column``. Cards with a tally count one more time on entering done.

    A ``times = [2, 3]`` card entering done counts one; below its minimum it goes back to to do
    with a fresh checklist for the next time. Leaving done takes that one back.
    """

    def edit(record: Record) -> None:
        if card.has_tally and column is Column.DONE and record.column is not Column.DONE:
            record.tally = min(record.tally + 1, card.times[1])
            record.checked, record.ticked_on = [], {}
            _set_column(record, Column.DONE if record.tally >= card.times[0] else Column.TODO, at)
            return
        if card.has_tally and record.column is Column.DONE and column is not Column.DONE:
            record.tally = max(record.tally - 1, 0)
        _set_column(record, column, at)

    return Plan(card.ref, "move", edit)


def count_again(store: Store, card: Card, at: datetime) -> Change | None:
    """A tally card already done, done once more (up to its maximum)."""
    return apply(store, count_again_plan(card, at))


def count_again_plan(card: Card, at: datetime) -> Plan:
    def edit(record: Record) -> None:
        record.tally = min(record.tally + 1, card.times[1])
        _set_column(record, Column.DONE, at)

    return Plan(card.ref, "move", edit)


def next_column(column: Column) -> Column | None:
    if column not in BOARD_COLUMNS:
        return None
    index = BOARD_COLUMNS.index(column)
    return BOARD_COLUMNS[index + 1] if index + 1 < len(BOARD_COLUMNS) else None


def prev_column(column: Column) -> Column | None:
    if column not in BOARD_COLUMNS:
        return None
    index = BOARD_COLUMNS.index(column)
    return BOARD_COLUMNS[index - 1] if index > 0 else None


def advance(store: Store, card: Card, at: datetime) -> Change | None:
    """``space`` (see :func:`advance_plan`)."""
    plan = advance_plan(card, at)
    return apply(store, plan) if plan is not None else None


def advance_plan(card: Card, at: datetime) -> Plan | None:
    """``space``: one column right; on a tally card in done, one more time up to the maximum;
    None when there is nothing to do."""
    target = next_column(card.column)
    if target is None:
        if card.has_tally and card.column is Column.DONE and card.tally < card.times[1]:
            return count_again_plan(card, at)
        return None
    return move_plan(card, target, at)


def tick(
    store: Store, card: Card, step: int, on: date | None = None, ticked: bool | None = None
) -> Change | None:
    return apply(store, tick_plan(card, step, on, ticked))


def tick_plan(card: Card, step: int, on: date | None = None, ticked: bool | None = None) -> Plan:
    """Tick or untick step ``step`` (0-based) of the card's checklist, ticked ``on`` that day:
    toggled (the board's key), or set to ``ticked`` (the command line, safe to repeat: a step
    already so is no change, even if another session set it between reading and writing).

    The day is kept where the card's file does not say the week (see :func:`ticks_need_day`),
    so the review counts the tick in the week it was made."""
    if not 0 <= step < len(card.steps):
        raise ActionRefused(Msg("refused.no_step", card=card.id, step=step + 1, n=len(card.steps)))
    keep_day = on is not None and ticks_need_day(card)

    def edit(record: Record) -> None:
        checked = set(record.checked)
        if ticked is None:
            checked.symmetric_difference_update({step})
        elif ticked:
            checked.add(step)
        else:
            checked.discard(step)
        if checked == set(record.checked):
            return
        record.checked = sorted(checked)
        if step not in checked:
            record.ticked_on = {i: d for i, d in record.ticked_on.items() if i != step}
        elif keep_day and on is not None:
            record.ticked_on = {**record.ticked_on, step: on.isoformat()}

    return Plan(card.ref, "tick", edit)


def ticks_need_day(card: Card) -> bool:
    """Does a tick on ``card`` keep its day? Yes unless the card is a recurring occurrence kept
    in one week's file (weekly, daily, exact days), whose ticks are that week's anyway."""
    return card.kind is not CardKind.RECURRING or not isinstance(parse_period(card.ref.file), Week)


def set_note(store: Store, card: Card, note: str) -> Change | None:
    return apply(store, note_plan(card, note))


def note_plan(card: Card, note: str) -> Plan:
    def edit(record: Record) -> None:
        record.note = note

    return Plan(card.ref, "note", edit)


def assign(store: Store, card: Card, name: str | None) -> Change | None:
    """Give the card to ``name``, or to nobody (see :func:`assign_plan`)."""
    return apply(store, assign_plan(card, name))


def assign_plan(card: Card, name: str | None) -> Plan:
    """Give the card to ``name`` (a short name), or to nobody with None, even if its task
    names a default assignee. Refused for a name that is not one short line.

    A daily card is given for its task's whole week (see :func:`~tui.core.board.assignee_ref`)."""
    try:
        assignee = clean_name(name) if name is not None else None
    except PersonError as exc:
        raise ActionRefused(said(exc)) from None
    ref = assignee_ref(card)
    daily = ref != card.ref
    if assignee is None and (card.task_assignee or daily):
        # Nobody, rather than the task's default (or, for a daily card, than a name a day's
        # own record holds from before the week's record was kept).
        assignee = ""
    unchanged = daily and assignee == "" and card.assignee is None

    def edit(record: Record) -> None:
        if not unchanged:  # a daily card that shows nobody already: nothing to write
            record.assignee = assignee

    return Plan(ref, "assign", edit)


def send_back(store: Store, card: Card, note: str, at: datetime) -> Change | None:
    """Needs fixes (see :func:`send_back_plan`)."""
    return apply(store, send_back_plan(card, note, at))


def send_back_plan(card: Card, note: str, at: datetime) -> Plan:
    """ "Needs fixes": a done card goes back to doing; the move keeps the note in the history."""
    if card.column is not Column.DONE:
        raise ActionRefused(
            Msg("refused.send_back", card=card.id, column=Msg(f"cli.{card.column.value}"))
        )
    try:
        why = clean_send_back_note(note)
    except PersonError as exc:
        raise ActionRefused(said(exc)) from None

    def edit(record: Record) -> None:
        if record.column is not Column.DONE:
            raise ActionRefused(Msg("refused.no_longer_done", card=card.id))
        if card.has_tally:
            record.tally = max(record.tally - 1, 0)  # leaving done takes that time back
        _set_column(record, Column.DOING, at)
        record.history[-1].note = why

    return Plan(card.ref, "send_back", edit)


def skip(store: Store, card: Card, at: datetime) -> Change | None:
    return apply(store, skip_plan(card, at))


def skip_plan(card: Card, at: datetime) -> Plan:
    """ "Not this time": the occurrence leaves the board and counts as skipped, not missed."""

    def edit(record: Record) -> None:
        _set_column(record, Column.SKIPPED, at)

    return Plan(card.ref, "skip", edit)


def carry(store: Store, ref: CardRef) -> Change | None:
    return apply(store, carry_plan(ref))


def carry_plan(ref: CardRef) -> Plan:
    """Carry an open occurrence forward: it shows on later boards until done."""

    def edit(record: Record) -> None:
        if record.column in (Column.DONE, Column.SKIPPED):
            raise ActionRefused(Msg("refused.carry_unfinished"))
        record.carried = True

    return Plan(ref, "carry", edit)


def carry_ref(card: Card) -> CardRef | None:
    """What carrying ``card`` carries, the same from the board (``c``) and the review; None if
    nothing. Carry means one thing: an open occurrence of a recurring task (missed in a past
    period, or not yet done in the running one) floats on to later boards until done.

    In order: the card's own occurrence if it was missed; else the latest of the earlier ones
    missed in a row; else its own occurrence while still open. A day's occurrence is not
    carried (the next day brings a fresh one), nor one already carried, done or skipped.
    """
    if card.kind is not CardKind.RECURRING or card.cadence is None or not card.in_catalogue:
        return None
    if card.cadence.kind is CadenceKind.DAILY:
        return None
    if card.missed and not card.carried:
        return card.ref
    if card.last_missed is not None:
        return card.last_missed
    if card.carried or card.column in (Column.DONE, Column.SKIPPED):
        return None
    return card.ref


def carry_target(card: Card) -> CardRef:
    """:func:`carry_ref`, refusing when there is nothing to carry."""
    ref = carry_ref(card)
    if ref is None:
        raise ActionRefused(Msg("refused.nothing_to_carry"))
    return ref


def add_card(
    store: Store,
    week_key: str,
    area: str,
    at: datetime,
    *,
    title: str | None = None,
    task_id: str | None = None,
    key: str | None = None,
) -> Change | None:
    """A hand-added card in to do: an as-needed task from the catalogue, or free text.

    ``key`` is the one the caller already showed the card under (:func:`new_card_key`); another
    is chosen if the file holds it already."""
    record = new_card_record(area, at, title=title, task_id=task_id)

    def change(state: PeriodState) -> Change:
        # A short key people can type (`ritmas move n1126a3f0 done`), new in this file: checked
        # inside the lock, so two sessions adding at once cannot take the same one.
        chosen = key or new_card_key(at)
        while chosen in state.cards:
            chosen = new_card_key(at)
        state.cards[chosen] = record
        ref = CardRef(week_key, Section.CARDS, chosen)
        return Change(ref, None, record.model_copy(deep=True), "add")

    return store.update(week_key, change)


def new_card_record(
    area: str, at: datetime, *, title: str | None = None, task_id: str | None = None
) -> Record:
    """The record of a card added by hand, as :func:`add_card` saves it."""
    if not (title and title.strip()) and not task_id:
        raise ActionRefused(Msg("refused.needs_title"))
    return Record(
        title=title.strip() if title else None,
        task=task_id,
        area=area,
        created=at.date().isoformat(),
        history=[Move(at=at.isoformat(timespec="seconds"), to=Column.TODO)],
    )


def new_card_key(at: datetime) -> str:
    """``n`` + month and day + 24 random bits: two machines adding cards the same day, with no
    lock between them, pick the same key about once in 16 million pairs, and even then the
    merge of a shared workspace keeps both cards (see :mod:`tui.core.merge`)."""
    import secrets  # imported when a card is added, not at start

    return f"n{at.strftime('%m%d')}{secrets.token_hex(3)}"
