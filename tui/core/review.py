"""The weekly review of one week: what got done, what slipped, what comes next, and the reflection.

Pure statistics over the catalogue and the state files (no Textual); every function takes
``today``. How an occurrence is counted, so that every week's figures stay stable:

- Each recurring occurrence counts once, in its *review week*: weekly, rrule and daily ones in
  the week that holds them; a monthly, quarterly or yearly one in the week it was done or
  skipped (its ``done_on`` date, kept inside its period), else in its period's last week.
- Its outcome there: *done* (a ``times = [2, 3]`` one when its tally reached 2), *carried* (it
  ended unfinished and the owner carried it forward), *skipped*, *missed* (its period ended
  unfinished) or *open* (its period has not ended yet), as :func:`tui.core.outcome.outcome_of`
  decides for the board and the command line too. Due = done + missed + open (open includes
  carried); skipped is not due.
- Every card weighs one in the figures. A daily task is one card a week, counted as the share of
  its due days kept (5 of 7 days done = 0.71 done); days before tracking began are not due.
- Floating cards (hand-added, and carried occurrences after their period) count in the week they
  were done (done and due) or dropped (skipped): they have no due date of their own.
- Load: the cards the week's board held, and the checklist steps ticked in the week on them
  (what the records hold: a done card with nothing ticked adds none). A weekly, daily or
  exact-days occurrence's ticks are its week's; a monthly, quarterly or yearly occurrence and a
  floating card keep the day of each tick, and it counts in that day's week (a tick from an
  older file, with no day, counts where its card counts).
- A week that ended before tracking began has no figures: the review says "not tracked".
- Cadence kept counts only periods that are over: a running one is neither kept nor missed yet.

Reading stays proportional to the window (12 weeks, 12 periods per task); the only walk over
every state file is the listing for floating cards, see :func:`_floating_records`.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from itertools import chain, islice
from typing import Any, Protocol

from tui.core import actions
from tui.core.audience import fits as fits_profile
from tui.core.board import (
    NO_RECORD,
    BoardContext,
    Card,
    assignee_of,
    closed_on,
    floating_index,
    floating_records,
    occurrence_card,
    occurrence_ref,
)
from tui.core.cadence import Slot, daily_dates, describe_rrule, earlier_slots, slot_in_week
from tui.core.catalogue import Area, Cadence, CadenceKind, Task
from tui.core.outcome import Outcome, is_over
from tui.core.people import distinct_names, same_person
from tui.core.periods import (
    Day,
    Period,
    PeriodKind,
    Week,
    first_week,
    last_week,
    parse_week,
    period_of_week,
)
from tui.core.refs import CardRef
from tui.core.review_cache import cached_past, keep_past, past_key
from tui.core.state import (
    Column,
    PeriodState,
    Record,
    Reflection,
    StateFileError,
    Store,
    Unchanged,
)
from tui.core.values import value_class
from tui.i18n import t, tn

TREND_WEEKS = 12
CADENCE_PERIODS = 12

# The reflection prompts, in the seed's words ("Įsivertinti sėkmingiausią turinį", "Pažymėti, ką
# kartoti / keisti", "Reflektuoti – ką pritaikysi"): a question and the seed's own line as a hint.
REFLECTION_FIELDS = ("worked", "repeat_change", "focus")


def reflection_prompt(field: str, lang: str) -> str:
    """The question for a reflection field (``worked``, ``repeat_change``, ``focus``)."""
    return t(f"reflect.{field}", lang)


def reflection_hint(field: str, lang: str) -> str:
    """The seed's own line for a reflection field, shown as a hint beside the question."""
    return t(f"reflect.{field}.hint", lang)


_PERIOD_UNIT = {
    CadenceKind.DAILY: PeriodKind.DAY,
    CadenceKind.WEEKLY: PeriodKind.WEEK,
    CadenceKind.RRULE: PeriodKind.WEEK,
    CadenceKind.MONTHLY: PeriodKind.MONTH,
    CadenceKind.QUARTERLY: PeriodKind.QUARTER,
    CadenceKind.YEARLY: PeriodKind.YEAR,
}
_LONG_KINDS = (CadenceKind.MONTHLY, CadenceKind.QUARTERLY, CadenceKind.YEARLY)


# ---------------------------------------------------------------------------------------------
# The review's content


@value_class
class Item:
    """One occurrence or floating card counted in the week."""

    area: str
    title: str
    task_id: str | None
    period: str  # the occurrence's own period key (or the floating card's file)
    outcome: Outcome
    floating: bool = False
    tally: int = 0
    times: tuple[int, int] = (1, 1)
    steps_done: int = 0  # steps ticked
    steps_total: int = 0
    daily: bool = False  # one day of a daily task (the task weighs one card, see _summary)
    note: str = ""  # the note written on the card
    assignee: str | None = None


@value_class
class DailyDays:
    """A daily task's week: one card in the figures, with its days beside it."""

    task_id: str
    kept: int  # days done
    due: int  # days due (skipped days are not due)
    missed: int
    skipped: int
    open: int

    @property
    def share(self) -> float:
        """The part of one card done: 5 of 7 days kept is 0.71."""
        return self.kept / self.due if self.due else 0.0


@value_class
class AreaSummary:
    """An area's week in card units: each card weighs one, a daily task too (``done`` holds
    the share of its days kept, so done, missed and open can be fractions; ``due`` never is)."""

    id: str
    title: str
    done: float = 0
    due: int = 0
    missed: float = 0
    skipped: float = 0
    carried: float = 0
    open: float = 0
    cards: int = 0  # load: cards on the week's board
    steps_done: int = 0  # load: checklist steps ticked on the week's occurrences
    items: tuple[Item, ...] = ()
    days: tuple[DailyDays, ...] = ()  # the daily tasks' days

    @property
    def completion(self) -> float | None:
        return self.done / self.due if self.due else None

    @property
    def is_empty(self) -> bool:
        return not (self.due or self.skipped or self.cards)


@value_class
class PersonSummary:
    """Done / due of the week's counted cards assigned to one person ("" for nobody)."""

    name: str
    done: float  # in card units, as AreaSummary
    due: int

    @property
    def completion(self) -> float | None:
        return self.done / self.due if self.due else None


@value_class
class CadenceKept:
    """How often a recurring task met its cadence over its last periods."""

    task_id: str
    area: str
    title: str
    periodicity: str | None  # the task's own words, where the catalogue has them
    cadence: Cadence
    kept: int
    counted: int  # tracked periods that are over, not skipped
    unit: PeriodKind

    @property
    def ratio(self) -> float:
        return self.kept / self.counted if self.counted else 1.0

    def cadence_text(self, lang: str) -> str:
        return shown_cadence(self.periodicity, self.cadence, lang)

    def label(self, lang: str = "en") -> str:
        """E.g. ``2–3× per week: kept 7 of 8 weeks``."""
        cadence = self.cadence_text(lang)
        return t("review.kept_label", lang, cadence=cadence, kept=self.kept_text(lang))

    def kept_text(self, lang: str) -> str:
        """E.g. ``7 of 8 weeks``, in the plural form the count of periods asks for."""
        return tn(f"review.kept_of.{self.unit.value}", self.counted, lang, kept=self.kept)


@value_class
class TrendPoint:
    """One week of the trend: cards done of those due."""

    week: str
    done: float  # in card units, as AreaSummary
    due: int

    @property
    def fraction(self) -> float | None:
        return self.done / self.due if self.due else None


@value_class
class Unfinished:
    """A card left unfinished at the end of the week: the owner can carry or drop it.

    Drop is ``actions.skip(store, card, at)``; carry is ``actions.carry(store, carry_ref)``
    (``None`` for floating cards, which already float forward until done). See :func:`decide`.
    """

    card: Card
    outcome: Outcome  # open (its period ends this week), missed, or open floating card
    carry_ref: CardRef | None

    @property
    def can_carry(self) -> bool:
        return self.carry_ref is not None


@value_class
class Opening:
    """A task whose period opens next week, for the review's look ahead."""

    area: str
    task_id: str
    title: str
    period: str
    periodicity: str | None
    cadence: Cadence

    def cadence_text(self, lang: str) -> str:
        return shown_cadence(self.periodicity, self.cadence, lang)


@value_class
class NextWeek:
    """What next week brings: the periods that open, and the daily tasks."""

    week: str
    openings: tuple[Opening, ...]  # weekly tasks and periods that start next week
    daily: tuple[Opening, ...]  # daily tasks, shown as one line


@value_class
class ReviewReflection:
    """The reflection of the reviewed week, and of the week before it."""

    week: str
    this_week: Reflection
    previous_week_key: str
    previous_week: Reflection


@value_class
class Review:
    """The weekly review of one week, for one audience, as of one day."""

    week: Week
    today: date
    profile: frozenset[str]
    areas: tuple[AreaSummary, ...]
    total: AreaSummary
    cadence: tuple[CadenceKept, ...]
    trend: tuple[TrendPoint, ...]
    unfinished: tuple[Unfinished, ...]
    next_week: NextWeek
    reflection: ReviewReflection
    damaged: dict[str, str] = field(default_factory=dict)  # state file key -> reason
    tracking_day: date | None = None  # the first day tracked

    @property
    def tracked(self) -> bool:
        """False for a week that ended before tracking began: it has no figures."""
        return self.tracking_day is None or self.week.sunday >= self.tracking_day

    people: tuple[PersonSummary, ...] = ()  # empty when no counted card is assigned


# ---------------------------------------------------------------------------------------------
# Cadence words (for tasks without the seed's own periodicity)


def shown_cadence(periodicity: str | None, cadence: Cadence, lang: str) -> str:
    """The seed's own words (they are Lithuanian) in the Lithuanian interface, where the task has
    them; else the cadence in words of ``lang``."""
    if periodicity and lang == "lt":
        return periodicity
    return cadence_text(cadence, lang)


def cadence_text(cadence: Cadence, lang: str) -> str:
    """A short description of a cadence, e.g. ``2–3× per week``, ``kas 2 mėn.``, ``weekly``."""
    if cadence.kind is CadenceKind.AS_NEEDED:
        return t("cad.as_needed", lang)
    if cadence.kind is CadenceKind.RRULE:
        return describe_rrule(cadence.rrule or "", lang)
    low, high = cadence.times
    if cadence.times == (1, 1) and cadence.every == 1:
        return t(f"cad.{cadence.kind.value}", lang)  # as the board's cards say it: "weekly"
    count = f"{low}×" if low == high else f"{low}–{high}×"
    kind = cadence.kind.value
    if cadence.every == 1:
        return t(f"cadence.per.{kind}", lang, count=count)
    every = tn(f"cadence.every.{kind}", cadence.every, lang)
    return every if cadence.times == (1, 1) else f"{count} {every}"


# ---------------------------------------------------------------------------------------------
# Counting occurrences


def review_week_of(period: Period, record: Record) -> Week:
    """The week a monthly, quarterly or yearly occurrence counts in (kept inside its period)."""
    first, last = first_week(period), last_week(period)
    closed = closed_on(record)
    if closed is None or record.carried:
        return last
    return max(first, min(last, Week.of(closed)))


def _steps_ticked(task_steps: int, record: Record) -> int:
    return sum(1 for i in set(record.checked) if 0 <= i < task_steps)


def ticked_in_week(task_steps: int, record: Record, week: Week, counted_here: bool) -> int:
    """Steps of a record ticked in ``week``: by the day each tick kept (schema 3); a tick with
    no day (an older file) counts where its card counts (``counted_here``)."""
    out = 0
    for step in set(record.checked):
        if not 0 <= step < task_steps:
            continue
        day = record.ticked_on.get(step)
        if day is None:
            out += counted_here
        else:
            out += Week.of(date.fromisoformat(day)) == week
    return out


@dataclass
class _Counted:
    """A counted item, with what it was derived from."""

    item: Item
    ref: CardRef
    task: Task | None = None
    area: Area | None = None
    slot: Slot | None = None
    record: Record | None = None


@dataclass
class _Floating:
    """A hand-added card or carried occurrence, with the period it comes from."""

    ref: CardRef
    record: Record
    origin: Period  # the file's period for hand-added cards, the occurrence's for carried ones


def _recurring_tasks(ctx: BoardContext, profile: frozenset[str]) -> list[tuple[Area, Task]]:
    return [
        (area, task)
        for area, task in ctx.catalogue.tasks()
        if task.cadence.recurring and fits_profile(task.fits, profile)
    ]


def _week_counted(
    ctx: BoardContext,
    tasks: list[tuple[Area, Task]],
    week: Week,
    today: date,
    damaged: dict[str, str],
) -> list[_Counted]:
    """Every recurring occurrence whose review week is ``week``."""
    out: list[_Counted] = []
    if week < ctx.start or week < ctx.tracking_from:
        return out
    for area, task in tasks:
        cadence = task.cadence
        daily = cadence.kind is CadenceKind.DAILY
        if daily:
            slots = [
                Slot(Day(d), cadence.times, (d,))
                for d in daily_dates(cadence, week, ctx.start, ctx.week_start)
            ]
        else:
            slot = slot_in_week(cadence, week, ctx.start, today, ctx.week_start)
            slots = [slot] if slot is not None else []
        # One person does a daily task all week (see tui.core.board.assignee_ref).
        week_assignee = ctx.daily_assignee(task, week, damaged) if daily and slots else None
        for slot in slots:
            if not ctx.tracked(slot.period):
                continue  # a day before the first day tracked is not due
            ref = occurrence_ref(task.id, slot, week)
            record = ctx.record(ref, damaged) or NO_RECORD
            if cadence.kind in _LONG_KINDS and review_week_of(slot.period, record) != week:
                continue
            item = Item(
                area=area.id,
                title=task.title,
                task_id=task.id,
                period=slot.key,
                outcome=ctx.outcome(slot, record, today),
                tally=record.tally,
                times=slot.times,
                steps_done=_steps_ticked(len(task.steps), record),
                steps_total=len(task.steps),
                daily=daily,
                note=record.note,
                assignee=week_assignee if daily else assignee_of(record, task.assignee),
            )
            out.append(_Counted(item, ref, task, area, slot, record))
    return out


def _board_recurring_cards(
    ctx: BoardContext,
    tasks: list[tuple[Area, Task]],
    week: Week,
    today: date,
    damaged: dict[str, str],
) -> dict[str, int]:
    """Load: recurring cards the board of ``week`` shows (not skipped), per area."""
    out: dict[str, int] = {}
    for area, task in tasks:
        slot = slot_in_week(task.cadence, week, ctx.start, today, ctx.week_start)
        if slot is None:
            continue
        record = ctx.record(occurrence_ref(task.id, slot, week), damaged) or NO_RECORD
        if record.column is not Column.SKIPPED:
            out[area.id] = out.get(area.id, 0) + 1
    return out


def _week_ticks(
    ctx: BoardContext,
    tasks: list[tuple[Area, Task]],
    week: Week,
    today: date,
    counted: list[_Counted],
    shown: list[tuple[Card, _Floating]],
    damaged: dict[str, str],
) -> dict[str, int]:
    """Load: steps ticked in ``week`` on the cards its board shows, per area. A weekly, daily
    or exact-days occurrence's ticks are its week's; a month's, quarter's or year's occurrence
    and a floating card count each tick in the week of its day (see :func:`ticked_in_week`)."""
    out: dict[str, int] = {}

    def add(area: str, steps: int) -> None:
        if steps:
            out[area] = out.get(area, 0) + steps

    for entry in counted:
        if not entry.item.floating and entry.task and entry.task.cadence.kind not in _LONG_KINDS:
            add(entry.item.area, entry.item.steps_done)
    for area, task in tasks:
        if task.cadence.kind not in _LONG_KINDS:
            continue
        slot = slot_in_week(task.cadence, week, ctx.start, today, ctx.week_start)
        if slot is None:
            continue
        record = ctx.record(occurrence_ref(task.id, slot, week), damaged) or NO_RECORD
        here = review_week_of(slot.period, record) == week
        add(area.id, ticked_in_week(len(task.steps), record, week, here))
    for card, floating in shown:
        closed = closed_on(floating.record)
        here = closed is not None and Week.of(closed) == week
        add(card.area, ticked_in_week(len(card.steps), floating.record, week, here))
    return out


def _floating_records(
    ctx: BoardContext, until: Week, since: Week, damaged: dict[str, str]
) -> list[_Floating]:
    """Hand-added cards and carried occurrences that may show on a board from ``since`` to
    ``until``: from files of periods that start by ``until``, not closed before ``since``.

    A floating card can come from any earlier period, so this lists every state file; the store
    parses each once and then serves it from its cache until the file changes.
    """
    out: list[_Floating] = []
    for ref, record, period in floating_records(ctx, until, damaged, since=since):
        closed = closed_on(record)
        if closed is not None and Week.of(closed) < since:
            continue
        out.append(_Floating(ref, record, period))
    out.sort(key=lambda f: (f.ref.file, f.ref.section, f.ref.key))
    floating_index(ctx.store).save()
    return out


def _floating_in_week(
    ctx: BoardContext,
    floating: list[_Floating],
    week: Week,
    profile: frozenset[str],
) -> tuple[list[_Counted], list[tuple[Card, _Floating]]]:
    """Floating cards closed in ``week`` (counted), and all those its board shows (for load)."""
    counted: list[_Counted] = []
    shown: list[tuple[Card, _Floating]] = []
    for entry in floating:
        card = ctx.floating_card(entry.ref, entry.record, week, entry.origin)
        if card is None or not fits_profile(card.fits, profile):
            continue
        shown.append((card, entry))
        closed = closed_on(entry.record)
        if closed is None or Week.of(closed) != week:
            continue
        outcome = Outcome.DONE if entry.record.column is Column.DONE else Outcome.SKIPPED
        item = Item(
            area=card.area,
            title=card.title,
            task_id=card.task_id,
            period=card.period,
            outcome=outcome,
            floating=True,
            tally=entry.record.tally,
            times=card.times,
            steps_done=_steps_ticked(len(card.steps), entry.record),
            steps_total=len(card.steps),
            note=entry.record.note,
            assignee=card.assignee,
        )
        counted.append(_Counted(item, entry.ref))
    return counted, shown


def _summaries(
    ctx: BoardContext, counted: list[_Counted], cards: dict[str, int], ticks: dict[str, int]
) -> tuple[list[AreaSummary], AreaSummary]:
    order = [area.id for area in ctx.catalogue.areas]
    titles = {area.id: area.title for area in ctx.catalogue.areas}
    by_area: dict[str, list[Item]] = {}
    for entry in counted:
        by_area.setdefault(entry.item.area, []).append(entry.item)
    extra = sorted((set(by_area) | set(cards)) - set(order))
    summaries = []
    for area_id in order + extra:
        items = by_area.get(area_id, [])
        summary = _summary(area_id, titles.get(area_id, area_id), items, cards, ticks)
        if not summary.is_empty:
            summaries.append(summary)
    total = _summary("", "", [i for s in summaries for i in s.items], cards, ticks)
    return summaries, total


def _summary(
    area_id: str,
    title: str,
    items: list[Item],
    cards: dict[str, int],
    ticks: dict[str, int] | None = None,
) -> AreaSummary:
    """Count ``items`` in card units: one per occurrence, one per daily task (its days shared);
    ``cards`` and ``ticks`` are the load per area (see :func:`_week_ticks`)."""
    weight: dict[Outcome, float] = dict.fromkeys(Outcome, 0.0)
    due = 0
    by_day: dict[str, list[Item]] = {}
    for item in items:
        if item.daily and item.task_id:
            by_day.setdefault(item.task_id, []).append(item)
            continue
        weight[item.outcome] += 1
        due += item.outcome is not Outcome.SKIPPED
    days = []
    for task_id, task_days in by_day.items():
        n = {o: sum(1 for d in task_days if d.outcome is o) for o in Outcome}
        due_days = len(task_days) - n[Outcome.SKIPPED]
        days.append(
            DailyDays(
                task_id,
                kept=n[Outcome.DONE],
                due=due_days,
                missed=n[Outcome.MISSED],
                skipped=n[Outcome.SKIPPED],
                open=n[Outcome.OPEN] + n[Outcome.CARRIED],
            )
        )
        if not due_days:
            weight[Outcome.SKIPPED] += 1  # every day of it skipped: the card was skipped
            continue
        due += 1
        for outcome in (Outcome.DONE, Outcome.MISSED, Outcome.OPEN, Outcome.CARRIED):
            weight[outcome] += n[outcome] / due_days
    return AreaSummary(
        id=area_id,
        title=title,
        done=weight[Outcome.DONE],
        due=due,
        missed=weight[Outcome.MISSED],
        skipped=weight[Outcome.SKIPPED],
        carried=weight[Outcome.CARRIED],
        open=weight[Outcome.OPEN] + weight[Outcome.CARRIED],
        cards=_area_figure(cards, area_id),
        steps_done=_area_figure(ticks or {}, area_id),
        items=tuple(items),
        days=tuple(days),
    )


def _area_figure(per_area: dict[str, int], area_id: str) -> int:
    """An area's figure, or the total for the empty id."""
    return per_area.get(area_id, 0) if area_id else sum(per_area.values())


def _people(items: Iterable[Item]) -> list[PersonSummary]:
    """Done / due per person (names matched ignoring case), nobody last; none at all when no
    counted card is assigned."""
    items = list(items)
    if not any(i.assignee for i in items):
        return []
    names = distinct_names(i.assignee for i in items)
    groups: dict[str, list[Item]] = {name: [] for name in [*names, ""]}
    for item in items:
        key = next((n for n in names if same_person(n, item.assignee)), "")
        groups[key].append(item)
    out = []
    for name, mine in groups.items():
        summary = _summary("", "", mine, {})
        if summary.due or summary.done:
            out.append(PersonSummary(name, summary.done, summary.due))
    return out


# ---------------------------------------------------------------------------------------------
# Cadence kept


def _cadence_window(
    cadence: Cadence, ctx: BoardContext, anchor_day: date, today: date
) -> Iterator[Slot]:
    """The task's last :data:`CADENCE_PERIODS` occurrences up to the one holding ``anchor_day``,
    newest first, made one at a time (the caller stops where tracking began)."""
    if cadence.kind is CadenceKind.DAILY:
        after = Slot(Day(anchor_day + timedelta(days=1)), cadence.times)
        return islice(earlier_slots(cadence, after, ctx.start, ctx.week_start), CADENCE_PERIODS)
    week = Week.of(anchor_day)
    current = slot_in_week(cadence, week, ctx.start, today, ctx.week_start)
    if current is not None:
        earlier = earlier_slots(cadence, current, ctx.start, ctx.week_start)
        return islice(chain([current], earlier), CADENCE_PERIODS)
    # The anchor's own period is not one of its `every = N` periods: count back from it.
    if cadence.kind is CadenceKind.RRULE:
        probe = Slot(week, cadence.times)
    else:
        probe = Slot(_period_of(cadence, week), cadence.times)
    return islice(earlier_slots(cadence, probe, ctx.start, ctx.week_start), CADENCE_PERIODS)


def _period_of(cadence: Cadence, week: Week) -> Period:
    return period_of_week(_PERIOD_UNIT[cadence.kind], week)


def _cadence_kept(
    ctx: BoardContext,
    tasks: list[tuple[Area, Task]],
    week: Week,
    today: date,
    damaged: dict[str, str],
) -> list[tuple[int, CadenceKept]]:
    """Each task's cadence kept, worst first, beside the task's place in ``tasks``."""
    anchor = min(week.sunday, today)
    out: list[tuple[int, CadenceKept]] = []
    for index, (area, task) in enumerate(tasks):
        kept = counted = 0
        for slot in _cadence_window(task.cadence, ctx, anchor, today):
            if not ctx.tracked(slot.period):
                break  # newest first: the older ones were not tracked either
            if not is_over(slot.period, today):
                continue  # neither kept nor missed yet
            ref = occurrence_ref(task.id, slot, None, ctx.week_start)
            record = ctx.record(ref, damaged) or NO_RECORD
            outcome = ctx.outcome(slot, record, today)
            if outcome is Outcome.DONE:
                kept += 1
                counted += 1
            elif outcome in (Outcome.MISSED, Outcome.CARRIED):
                counted += 1
        if counted:
            out.append((index, _cadence_entry(area, task, kept, counted)))
    out.sort(key=lambda pair: (pair[1].ratio, -pair[1].counted, pair[0]))
    return out


def _cadence_entry(area: Area, task: Task, kept: int, counted: int) -> CadenceKept:
    return CadenceKept(
        task_id=task.id,
        area=area.id,
        title=task.title,
        periodicity=task.periodicity,
        cadence=task.cadence,
        kept=kept,
        counted=counted,
        unit=_PERIOD_UNIT[task.cadence.kind],
    )


# ---------------------------------------------------------------------------------------------
# Unfinished cards, next week, reflection


def _occurrence_card(area: Area, task: Task, slot: Slot, ref: CardRef, record: Record) -> Card:
    """The card of one recurring occurrence, without the board's "missed in a row" walk back
    (up to 52 periods per task), which the review does not show."""
    return occurrence_card(area.id, task, slot, ref, record)


def _unfinished(counted: list[_Counted], shown: list[tuple[Card, _Floating]]) -> list[Unfinished]:
    out: list[Unfinished] = []
    for entry in counted:
        item = entry.item
        if item.floating or entry.task is None or entry.area is None:
            continue
        # A day's occurrence is not carried: the next day brings a fresh one.
        if entry.task.cadence.kind is CadenceKind.DAILY:
            continue
        if item.outcome not in (Outcome.OPEN, Outcome.MISSED):
            continue
        assert entry.slot is not None and entry.record is not None
        card = _occurrence_card(entry.area, entry.task, entry.slot, entry.ref, entry.record)
        card = replace(card, missed=item.outcome is Outcome.MISSED)
        out.append(Unfinished(card=card, outcome=item.outcome, carry_ref=actions.carry_ref(card)))
    for card, floating in shown:
        if floating.record.column in (Column.DONE, Column.SKIPPED):
            continue
        out.append(Unfinished(card=card, outcome=Outcome.OPEN, carry_ref=None))
    return out


def _next_week(
    ctx: BoardContext, tasks: list[tuple[Area, Task]], week: Week, today: date
) -> NextWeek:
    upcoming = week.next()
    openings: list[Opening] = []
    daily: list[Opening] = []
    for area, task in tasks:
        slot = slot_in_week(task.cadence, upcoming, ctx.start, today, ctx.week_start)
        if slot is None:
            continue
        if task.cadence.kind in _LONG_KINDS and first_week(slot.period) != upcoming:
            continue
        opening = Opening(
            area=area.id,
            task_id=task.id,
            title=task.title,
            period=upcoming.key if task.cadence.kind is CadenceKind.DAILY else slot.key,
            periodicity=task.periodicity,
            cadence=task.cadence,
        )
        (daily if task.cadence.kind is CadenceKind.DAILY else openings).append(opening)
    return NextWeek(upcoming.key, tuple(openings), tuple(daily))


def read_reflection(store: Store, week: Week, damaged: dict[str, str] | None = None) -> Reflection:
    try:
        return store.read(week.key).review
    except StateFileError as exc:
        if damaged is not None:
            damaged[week.key] = exc.as_reason()
        return Reflection()


@value_class
class ReflectionChange:
    """A saved reflection: enough to undo or redo it (like :class:`actions.Change`)."""

    week: str
    before: Reflection
    after: Reflection
    label: str = "reflection"

    def undo(self, store: Store) -> ReflectionChange | None:
        return save_reflection(store, self.week, self.before, base=self.after)

    def redo(self, store: Store) -> ReflectionChange | None:
        return save_reflection(store, self.week, self.after, base=self.before)


def save_reflection(
    store: Store, week: Week | str, reflection: Reflection, base: Reflection | None = None
) -> ReflectionChange | None:
    """Write the week's reflection (read-modify-write of the week's state file, under the lock).

    With ``base`` (what the owner saw before editing), only the answers that differ from it are
    written, so an answer saved meanwhile by another session is kept. None, and nothing
    written, when nothing changes.
    """
    key = week.key if isinstance(week, Week) else parse_week(week).key

    def apply(state: PeriodState) -> ReflectionChange | Unchanged:
        before = state.review.model_copy()
        after = before.model_copy()
        for answer in REFLECTION_FIELDS:
            value = getattr(reflection, answer)
            if base is None or value != getattr(base, answer):
                setattr(after, answer, value)
        if after == before:
            return Unchanged()
        state.review = after
        return ReflectionChange(key, before, after.model_copy())

    result = store.update(key, apply)
    return result if isinstance(result, ReflectionChange) else None


def decide(store: Store, item: Unfinished, decision: str, at: datetime) -> actions.Change | None:
    """Apply the owner's decision on an unfinished card: ``"carry"`` or ``"drop"`` (skip).

    Returns the saved change, for undo; None if there was nothing to change.
    """
    if decision == "drop":
        return actions.skip(store, item.card, at)
    if decision == "carry":
        if item.carry_ref is None:
            raise actions.ActionRefused("this card already floats forward until done")
        return actions.carry(store, item.carry_ref)
    raise ValueError(f"unknown decision {decision!r} (expected 'carry' or 'drop')")


# ---------------------------------------------------------------------------------------------
# The review


class HasContext(Protocol):
    """What the review needs of an open workspace (a :class:`~tui.core.session.Session`, which
    this module does not import: the session is built on top of the review, not under it)."""

    @property
    def context(self) -> BoardContext: ...


def _context(source: HasContext | BoardContext) -> BoardContext:
    return source if isinstance(source, BoardContext) else source.context


def week_completion(
    source: HasContext | BoardContext, weeks: Iterable[Week], today: date, profile: frozenset[str]
) -> list[TrendPoint]:
    """Completion of each of ``weeks`` (weeks before tracking began have no figure)."""
    ctx = _context(source)
    weeks = list(weeks)
    if not weeks:
        return []
    damaged: dict[str, str] = {}
    tasks = _recurring_tasks(ctx, profile)
    floating = _floating_records(ctx, max(weeks), min(weeks), damaged)
    return [_trend_point(ctx, tasks, floating, w, today, profile, damaged) for w in weeks]


def _trend_point(
    ctx: BoardContext,
    tasks: list[tuple[Area, Task]],
    floating: list[_Floating],
    week: Week,
    today: date,
    profile: frozenset[str],
    damaged: dict[str, str],
) -> TrendPoint:
    if week < ctx.tracking_from:
        return TrendPoint(week.key, 0, 0)
    counted = _week_counted(ctx, tasks, week, today, damaged)
    counted += _floating_in_week(ctx, floating, week, profile)[0]
    total = _summary("", "", [c.item for c in counted], {})
    return TrendPoint(week.key, total.done, total.due)


def build_review(
    source: HasContext | BoardContext, week: Week, today: date, profile: frozenset[str]
) -> Review:
    """The weekly review of ``week`` for the audience ``profile``, as of ``today``."""
    ctx = _context(source)
    # In a pass of its own, every file the review looks at is recorded as it first finds it
    # (an outer pass may have looked at some before, unrecorded): only then is its past kept.
    own_pass = ctx.store.steady_pass is None
    with ctx.store.steady():
        return _build_review(ctx, week, today, profile, cached=own_pass)


class _Past:
    """The figures of a review that do not change while the state files do not: the trend of the
    weeks before the reviewed one, and the cadence kept (see :mod:`tui.core.review_cache`). A
    plain class: a dataclass costs each start a few tenths of a millisecond to make."""

    __slots__ = ("cadence", "trend")

    def __init__(
        self, trend: tuple[TrendPoint, ...], cadence: tuple[tuple[int, CadenceKept], ...]
    ) -> None:
        self.trend = trend  # oldest first, the reviewed week not among them
        self.cadence = cadence  # worst first, each with its task's place in the list of tasks


def _build_review(
    ctx: BoardContext, week: Week, today: date, profile: frozenset[str], *, cached: bool = False
) -> Review:
    """The review; with ``cached``, its past figures come from the review cache when the state
    files are as they were when it was counted, and are kept there when counted anew."""
    tasks = _recurring_tasks(ctx, profile)
    key = None
    if cached and not ctx.store.pending:
        key = past_key(ctx, week, today, profile, (TREND_WEEKS, CADENCE_PERIODS))
        past = _past_from_plain(cached_past(ctx.store, key), tasks, week)
        if past is not None:
            return _review(ctx, week, today, profile, tasks, past)[0]
    with ctx.store.recording() as footprint:
        review, counted = _review(ctx, week, today, profile, tasks, None)
    # A damaged file is reported by every review that reads it: its past is never kept.
    if key is not None and not review.damaged:
        keep_past(ctx.store, key, footprint, _past_plain(counted))
    return review


def _review(
    ctx: BoardContext,
    week: Week,
    today: date,
    profile: frozenset[str],
    tasks: list[tuple[Area, Task]],
    past: _Past | None,
) -> tuple[Review, _Past]:
    """The review of ``week`` and its past figures: ``past``, else counted anew."""
    damaged: dict[str, str] = {}
    trend_weeks = [week.shift(-i) for i in range(TREND_WEEKS - 1, -1, -1)]
    # The trend needs the floating cards of all its weeks; the reviewed week alone, only its own.
    since = trend_weeks[0] if past is None else week
    floating = _floating_records(ctx, week, since, damaged)

    tracked = week >= ctx.tracking_from
    counted: list[_Counted] = []
    shown: list[tuple[Card, _Floating]] = []
    cards: dict[str, int] = {}
    ticks: dict[str, int] = {}
    if tracked:  # a week before tracking began has no figures, not "all of it open"
        counted = _week_counted(ctx, tasks, week, today, damaged)
        floating_counted, shown = _floating_in_week(ctx, floating, week, profile)
        counted += floating_counted
        cards = _board_recurring_cards(ctx, tasks, week, today, damaged)
        for card, entry in shown:
            if column_skipped(entry.record, week):
                continue
            cards[card.area] = cards.get(card.area, 0) + 1
        ticks = _week_ticks(ctx, tasks, week, today, counted, shown, damaged)
    areas, total = _summaries(ctx, counted, cards, ticks)

    if past is None:
        earlier = tuple(
            _trend_point(ctx, tasks, floating, w, today, profile, damaged) for w in trend_weeks[:-1]
        )
    else:
        earlier = past.trend
    trend = (*earlier, TrendPoint(week.key, total.done, total.due))

    previous = week.prev()
    reflection = ReviewReflection(
        week=week.key,
        this_week=read_reflection(ctx.store, week, damaged),
        previous_week_key=previous.key,
        previous_week=read_reflection(ctx.store, previous, damaged),
    )
    if past is None:
        past = _Past(earlier, tuple(_cadence_kept(ctx, tasks, week, today, damaged)))
    review = Review(
        week=week,
        today=today,
        profile=profile,
        areas=tuple(areas),
        total=total,
        cadence=tuple(entry for _, entry in past.cadence),
        trend=trend,
        unfinished=tuple(_unfinished(counted, shown)),
        next_week=_next_week(ctx, tasks, week, today),
        reflection=reflection,
        damaged=damaged,
        tracking_day=ctx.tracking_day,
        people=tuple(_people(total.items)),
    )
    return review, past


def _past_plain(past: _Past) -> dict[str, Any]:
    """The past figures as plain JSON data for the review cache."""
    return {
        "trend": [[point.week, point.done, point.due] for point in past.trend],
        "cadence": [
            [index, entry.task_id, entry.kept, entry.counted] for index, entry in past.cadence
        ],
    }


def _past_from_plain(data: Any, tasks: list[tuple[Area, Task]], week: Week) -> _Past | None:
    """The past figures from :func:`_past_plain`'s data, or None for anything else: the entry
    matched the review's key, yet its content is checked before it is trusted."""
    if type(data) is not dict or type(data.get("trend")) is not list:
        return None
    if type(data.get("cadence")) is not list:
        return None
    weeks = [week.shift(-i).key for i in range(TREND_WEEKS - 1, 0, -1)]
    trend = []
    if len(data["trend"]) != len(weeks):
        return None
    for point, week_key in zip(data["trend"], weeks, strict=True):
        if type(point) is not list or len(point) != 3 or point[0] != week_key:
            return None
        done, due = point[1], point[2]
        if type(done) not in (int, float) or type(due) is not int:
            return None
        if not (math.isfinite(done) and 0 <= done <= due):
            return None
        trend.append(TrendPoint(week_key, done, due))
    cadence = []
    for item in data["cadence"]:
        if type(item) is not list or len(item) != 4:
            return None
        index, task_id, kept, counted = item
        if not all(type(n) is int for n in (index, kept, counted)):
            return None
        if not 0 <= index < len(tasks) or tasks[index][1].id != task_id:
            return None
        if not 0 <= kept <= counted or counted < 1:
            return None
        area, task = tasks[index]
        cadence.append((index, _cadence_entry(area, task, kept, counted)))
    return _Past(tuple(trend), tuple(cadence))


def column_skipped(record: Record, week: Week) -> bool:
    """Was a floating record skipped by the end of ``week`` (so off that week's board)?"""
    closed = closed_on(record)
    return record.column is Column.SKIPPED and closed is not None and Week.of(closed) <= week
