"""What the board and the review are showing, and what the user's intents do to it; no Textual.

The :class:`Controller` owns the view state (week, area, audience filter, search, the card to
focus, the undo history) and turns each intent into a core action. It never touches the files:
an action becomes a *job* for the store's thread (:mod:`tui.core.keeper`), and the controller at
once returns the view as it will be once saved, the changed card marked "saving…". When the
store's thread reports back (:meth:`Controller.receive`), the view follows the disk, with one line
to say so when the disk differs from what was shown (another session changed the card meanwhile).

Every method returns a :class:`Step`: the view to draw (if it changed), the review to show,
notices for the user, and the outcome of a save (``Saved`` / ``Queued`` / ``Refused``).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import TYPE_CHECKING, Literal

from tui.core import actions
from tui.core.actions import ActionRefused, Plan
from tui.core.board import Board, Card
from tui.core.keeper import (
    BoardLoaded,
    DiskChanged,
    Do,
    Flushed,
    Job,
    Report,
    ReviewLoaded,
    SaveDone,
    SettingsSaved,
)
from tui.core.people import MINE, PersonError, clean_name, distinct_names, resolve_who
from tui.core.periods import Month, PeriodKeyError, PeriodKind, Quarter, Week, Year, parse_period
from tui.core.refs import CardRef, Section
from tui.core.save_outcome import Queued, Refused, Saved, SaveOutcome
from tui.core.session import Session
from tui.core.state import Column, Reflection, Store
from tui.core.text import shorten, visible
from tui.core.values import value_class
from tui.i18n import said, shown, t, tn

if TYPE_CHECKING:
    from tui.core.review import Review

NOTICE_TITLE = 40  # characters of a card's title a notice names

Severity = Literal["information", "warning", "error"]


@value_class
class Notice:
    """One line for the user."""

    text: str
    severity: Severity = "information"


@value_class
class BoardView:
    """What the board screen draws."""

    board: Board | None  # None until the store's thread has read the first board
    cards: list[Card]  # the cards in view: the area, the audience filter and the search applied
    area_index: int  # 0 = all areas, else 1 + the area's place in the catalogue
    filter: frozenset[str]
    search: str
    this_week: str  # the key of today's week
    who: str = ""  # whose cards: "" everyone's, "mine", "-" nobody's, or a name
    me: str | None = None  # who runs the board, for "mine"
    saving: frozenset[str] = frozenset()  # ids of cards with a change not yet on disk
    focus: str | None = None  # put the focus on this card (the one just changed or added)


@value_class
class Step:
    """What one intent or report changed."""

    view: BoardView | None = None  # draw this (None: the board did not change)
    review: Review | None = None  # show this review (it is open)
    notices: tuple[Notice, ...] = ()
    outcome: SaveOutcome | None = None  # what became of a change
    # The notices before are out of date (an undo takes back what "skipped … u undoes" said).
    clears_notices: bool = False


@value_class
class Entry:
    """One change the user made, as the undo history keeps it."""

    number: int  # the store's thread keeps the saved change under this number
    label: str
    card_id: str | None  # the card it shows on (None: a reflection, a review decision)
    before: Card | None  # that card before the change (None: it did not exist)
    after: Card | None  # and after it (None: it left the board)


@value_class
class _Overlay:
    """A change not yet saved, shown on top of the saved board: ``card`` (None: gone)."""

    number: int
    card_id: str
    ref: CardRef
    card: Card | None
    week: Week  # the board it was made on: only there does a new card join


@dataclass
class _Flight:
    """A job sent to the store's thread whose report has not come back."""

    kind: Literal["save", "undo", "redo"]
    entry: Entry | None


@dataclass
class _History:
    """The changes that can be undone, and those undone that can be redone."""

    undo: list[Entry] = field(default_factory=list)
    redo: list[Entry] = field(default_factory=list)


class Controller:
    """The board's and the review's view state and intents; see the module's docstring.

    ``send`` hands a job to the store's thread (a queue in the app, a list in tests). Only the
    store's thread touches files; the controller reads the session's catalogue and settings.
    """

    def __init__(
        self,
        session: Session,
        lang: str,
        send: Callable[[Job], None],
        week: Week | None = None,
        *,
        key_of: Callable[[str], str] = lambda binding_id: binding_id,
    ) -> None:
        self.session = session
        self.lang = lang
        self._send = send
        # The keys a binding id has now (remapped or not), as notices name them; the app's.
        self._key_of = key_of
        self.week = week or session.this_week
        self.this_week = session.this_week
        self.area_index = 0
        self.filter: frozenset[str] = session.profile
        self.search = ""
        self.who = ""  # the person filter: "" everyone, "mine", "-" nobody, or a name
        self.me, problem = session.me
        self._me_problem = shown(problem, lang) if problem else None
        self.names: tuple[str, ...] = ()  # names the workspace uses, for completing them
        self.review_week: Week | None = None  # None: the review is not open
        self.history = _History()
        self._saved: Board | None = None  # the last board the store's thread read
        self._shown: tuple[Board, tuple[int, ...], Board] | None = None  # see board
        self._overlays: list[_Overlay] = []
        self._in_flight: dict[int, _Flight] = {}
        self._queued: dict[int, str | None] = {}  # saves waiting in the store: number -> card
        self._waiting_reason = ""
        self._numbers = itertools.count(1)
        self._loads = 0  # reads (and settings saves) sent and not yet back

    # -- what is shown -------------------------------------------------------------------------

    @property
    def board(self) -> Board | None:
        """The board as shown: the saved board with the changes not yet saved on top (made
        once for each saved board and set of changes: one intent asks for it several times)."""
        saved = self._saved
        if saved is None or not self._overlays:
            return saved
        numbers = tuple(o.number for o in self._overlays)
        shown = self._shown
        if shown is not None and shown[0] is saved and shown[1] == numbers:
            return shown[2]
        out = self._overlaid(saved)
        self._shown = (saved, numbers, out)
        return out

    def _overlaid(self, saved: Board) -> Board:
        cards = saved.in_order()
        for overlay in self._overlays:
            index = next(
                (
                    n
                    for n, c in enumerate(cards)
                    if c.id == overlay.card_id and c.ref == overlay.ref
                ),
                None,
            )
            if index is not None:
                if overlay.card is None:
                    del cards[index]
                else:
                    cards[index] = overlay.card
            elif overlay.card is not None and overlay.week == saved.week:
                cards.append(overlay.card)
        out = Board(
            week=saved.week, today=saved.today, damaged=saved.damaged, rank=dict(saved.rank)
        )
        out.place(cards)
        return out

    @property
    def area_id(self) -> str | None:
        areas = self.session.catalogue.areas
        return areas[self.area_index - 1].id if 0 < self.area_index <= len(areas) else None

    def card(self, card_id: str) -> Card | None:
        board = self.board
        return board.card(card_id) if board else None

    def view(self, focus: str | None = None) -> BoardView:
        board = self.board
        who = self._who_name()
        cards = board.visible(self.filter, self.area_id, self.search, who) if board else []
        saving = {o.card_id for o in self._overlays}
        saving |= {card_id for card_id in self._queued.values() if card_id}
        return BoardView(
            board=board,
            cards=cards,
            area_index=self.area_index,
            filter=self.filter,
            search=self.search,
            this_week=self.this_week.key,
            who=self.who,
            me=self.me,
            saving=frozenset(saving),
            focus=focus,
        )

    @property
    def unsaved(self) -> int:
        """Changes not yet on disk: sent to the store's thread, or waiting there."""
        flights = sum(1 for f in self._in_flight.values() if f.entry is not None)
        return flights + len(self._queued)

    @property
    def waiting_reason(self) -> str:
        return self._waiting_reason

    @property
    def busy(self) -> bool:
        """A job is with the store's thread and its report has not come back."""
        return bool(self._in_flight) or self._loads > 0

    def now(self) -> datetime:
        return actions.clock(self.session.today)

    # -- the view ------------------------------------------------------------------------------

    def start(self, first: BoardLoaded | None = None) -> Step:
        """Read the first board (and the names the workspace uses); with ``first``, the first
        board already read (before the store's thread started), shown at once."""
        if first is not None and first.week == self.week:
            self._loads += 1  # as if sent: received below
            step = self.receive(first)
        else:
            self._load_board()
            step = Step(view=self.view())
        if self._me_problem:
            return Step(view=step.view, notices=(Notice(self._me_problem, "warning"),))
        return step

    def open_week(self, offset: int | None) -> Step:
        """``[`` / ``]`` (``offset``) or ``g`` (None: this week)."""
        self.week = self.session.this_week if offset is None else self.week.shift(offset)
        self._load_board()
        return Step(view=self.view())

    def choose_area(self, index: int) -> Step:
        if not 0 <= index <= len(self.session.catalogue.areas):
            return Step()
        self.area_index = index
        return Step(view=self.view())

    def set_filter(self, audience: frozenset[str]) -> Step:
        self.filter = audience
        return Step(view=self.view())

    def set_profile(self, profile: frozenset[str]) -> Step:
        """The first-run answer: saved in the workspace's settings, and the filter from now on."""
        settings = self.session.settings.with_profile(profile)
        self._loads += 1
        self._send(lambda keeper: keeper.save_settings(settings))
        return self.set_filter(profile)

    def set_who(self, value: str) -> Step:
        """Whose cards to show: "" everyone's, ``mine``, ``-`` nobody's, or a name."""
        try:
            resolve_who(value, self.me) if value else None
        except PersonError as exc:
            return self._refused(self._me_problem or shown(said(exc), self.lang))
        self.who = value
        return Step(view=self.view())

    def set_me(self, name: str) -> Step:
        """Who runs this board, said on the board (the app keeps it in the user's own
        ``user.toml``); then "mine" shows their cards."""
        try:
            me = clean_name(name)
        except PersonError as exc:
            return self._refused(shown(said(exc), self.lang))
        self.me, self._me_problem = me, None
        return self.set_who(MINE)

    def _who_name(self) -> str | None:
        """The person filter as :meth:`Board.visible` takes it (None: everyone)."""
        if not self.who:
            return None
        try:
            return resolve_who(self.who, self.me)
        except PersonError:
            return None

    def search_for(self, text: str) -> Step:
        self.search = text.strip()
        return Step(view=self.view())

    def new_day(self) -> Step:
        """Called now and then: after midnight, "this week" and the board's marks move on."""
        this_week = self.session.this_week
        saved = self._saved
        if saved is not None and saved.today == self.session.today:
            return Step()
        self.this_week = this_week
        self._load_board()
        return Step(view=self.view())

    # -- changing cards ------------------------------------------------------------------------

    def move(self, card_id: str, column: Column | None) -> Step:
        """``L`` / ``H`` (to ``column``) or ``space`` (None: one column right)."""
        at = self.now()
        if column is None:
            card = self.card(card_id)
            done = card is not None and card.has_tally and card.column is Column.DONE
            if card is not None and done and card.tally >= card.times[1]:
                # space at the most: nothing to count, and saying so beats silence
                said = tn("note.tally_full", card.tally, self.lang, title=self._title(card))
                return self._refused(said)
            step = self._change(card_id, lambda card: actions.advance_plan(card, at))
        else:
            target = column
            step = self._change(card_id, lambda card: actions.move_plan(card, target, at))
        return self._say(step, card_id, self._tally_notice)

    def tick(self, card_id: str, step: int) -> Step:
        on = self.now().date()
        changed = self._change(card_id, lambda card: actions.tick_plan(card, step, on))
        return self._say(changed, card_id, self._all_ticked_notice)

    def set_note(self, card_id: str, note: str) -> Step:
        card = self.card(card_id)
        if card is None or card.note == note:
            return Step()
        return self._change(card_id, lambda card: actions.note_plan(card, note))

    def assign(self, card_id: str, name: str | None) -> Step:
        """``a``: who does the card (None: nobody)."""
        step = self._change(card_id, lambda card: actions.assign_plan(card, name))
        if name and step.outcome is None:
            self.names = tuple(distinct_names([*self.names, name.strip()]))
        return step

    def send_back(self, card_id: str, note: str) -> Step:
        """``b``: needs fixes; a done card goes back to doing with ``note`` in its history."""
        at = self.now()
        return self._change(card_id, lambda card: actions.send_back_plan(card, note, at))

    def skip(self, card_id: str) -> Step:
        at = self.now()
        step = self._change(card_id, lambda card: actions.skip_plan(card, at))
        return self._say(step, card_id, self._skip_notice)

    # -- what a change says (a change that shows nothing on its own must not be silent) --------

    def _say(self, step: Step, card_id: str, notice: Callable[[Card, Card], Notice | None]) -> Step:
        """``step`` with ``notice(before, after)`` added when the change was taken."""
        if step.view is None or step.outcome is not None:
            return step  # refused, or nothing to change: no new entry in the history
        entry = self.history.undo[-1]
        if entry.card_id != card_id or entry.before is None or entry.after is None:
            return step
        said = notice(entry.before, entry.after)
        return replace(step, notices=(*step.notices, said)) if said else step

    def _title(self, card: Card) -> str:
        return shorten(visible(card.title), NOTICE_TITLE)

    def _when(self, card: Card) -> str:
        """ "for this week" (this month, ... today) when the card's period is the running one,
        else "for 2026-W47"."""
        try:
            kind = parse_period(card.period).kind
        except PeriodKeyError:
            return t("when.period", self.lang, period=card.period)
        week = self.this_week
        running = {
            PeriodKind.DAY: self.session.today.isoformat(),
            PeriodKind.WEEK: week.key,
            PeriodKind.MONTH: Month.of_week(week).key,
            PeriodKind.QUARTER: Quarter.of_week(week).key,
            PeriodKind.YEAR: Year.of_week(week).key,
        }
        if running[kind] == card.period:
            return t(f"when.this_{kind.value}", self.lang)
        return t("when.period", self.lang, period=card.period)

    def _skip_notice(self, before: Card, after: Card) -> Notice | None:
        if after.column is not Column.SKIPPED or before.column is Column.SKIPPED:
            return None
        text = t(
            "note.skipped",
            self.lang,
            title=self._title(before),
            when=self._when(before),
            undo=self._key_of("undo"),
        )
        return Notice(text)

    def _tally_notice(self, before: Card, after: Card) -> Notice | None:
        """A 2–3× card counted once more: back in to do below its minimum (say why), or in
        done (say how many times now, and when that is the most)."""
        if not before.has_tally or after.tally <= before.tally:
            return None
        if after.column is Column.TODO and before.column is not Column.DONE:
            key = "note.tally_back"
        elif after.column is Column.DONE:
            key = "note.tally_most" if after.tally >= after.times[1] else "note.tally_done"
        else:
            return None
        low, high = before.times
        times = f"{low}–{high}×" if low != high else f"{low}×"
        text = tn(
            key,
            after.tally,
            self.lang,
            title=self._title(before),
            times=times,
            when=self._when(before),
        )
        return Notice(text)

    def _all_ticked_notice(self, before: Card, after: Card) -> Notice | None:
        """The last step ticked: offer the key that moves the card to done."""
        if not before.steps or after.column is Column.DONE:
            return None
        if after.steps_done < len(after.steps) or before.steps_done == len(before.steps):
            return None
        text = t(
            "note.all_ticked",
            self.lang,
            title=self._title(before),
            key=self._key_of("detail_done"),
        )
        return Notice(text)

    def carry(self, card_id: str) -> Step:
        return self._change(card_id, lambda card: actions.carry_plan(actions.carry_target(card)))

    def add(self, area: str, title: str | None, task_id: str | None) -> Step:
        """``n``: a hand-added card in this week's to do; the focus goes to it."""
        week, at = self.week, self.now()
        board = self._saved
        if board is not None and board.week == week and week.key in board.damaged:
            return self._refused(t("note.readonly", self.lang, file=f"{week.key}.json"))
        try:
            record = actions.new_card_record(area, at, title=title, task_id=task_id)
        except ActionRefused as exc:
            return self._refused(shown(said(exc), self.lang))
        key = actions.new_card_key(at)
        card = self.session.context.floating_card(
            CardRef(week.key, Section.CARDS, key), record, week, week
        )

        def do(store: Store) -> actions.Change | None:
            return actions.add_card(
                store, week.key, area, at, title=title, task_id=task_id, key=key
            )

        step = self._submit("add", card, None, card, do)
        shown_board = self.board
        if card is None or task_id is None or shown_board is None:
            return step
        twin = any(
            other.task_id == task_id and other.column in (Column.TODO, Column.DOING)
            for other in shown_board.cards
            if other.id != card.id
        )
        if not twin:
            return step
        # Adding a task that is on the board already is allowed (twice a week may be meant),
        # but never by accident: say so, with the key that takes it back.
        title, undo = visible(card.title), self._key_of("undo")
        said_ = t("note.added_twice", self.lang, title=title, undo=undo)
        return replace(step, notices=(*step.notices, Notice(said_)))

    def undo(self) -> Step:
        return self._write_back(redo=False)

    def redo(self) -> Step:
        return self._write_back(redo=True)

    def _change(self, card_id: str, plan_for: Callable[[Card], Plan | None]) -> Step:
        card = self.card(card_id)
        board = self.board
        if card is None or board is None:
            return Step()
        if board.read_only(card):
            return self._refused(t("note.readonly", self.lang, file=f"{card.ref.file}.json"))
        try:
            plan = plan_for(card)
            if plan is None:
                return Step()
            after = actions.predict(card, plan)
        except ActionRefused as exc:
            return self._refused(shown(said(exc), self.lang))
        ready = plan
        return self._submit(
            plan.label, card, card, after, lambda store: actions.apply(store, ready)
        )

    def _submit(
        self, label: str, card: Card | None, before: Card | None, after: Card | None, do: Do
    ) -> Step:
        """Show the change at once, send it to be saved, and keep it for undo."""
        number = next(self._numbers)
        entry = Entry(number, label, card.id if card else None, before, after)
        self.history.undo.append(entry)
        self.history.redo.clear()
        if card is not None:
            self._overlays.append(_Overlay(number, card.id, card.ref, after, self.week))
        self._in_flight[number] = _Flight("save", entry)
        week, review = self.week, self._review_request()
        self._send(lambda keeper: keeper.save(number, do, week, review))
        return Step(view=self.view(focus=entry.card_id))

    def _write_back(self, *, redo: bool) -> Step:
        source, target = (
            (self.history.redo, self.history.undo)
            if redo
            else (self.history.undo, self.history.redo)
        )
        if not source:
            return Step(
                notices=(
                    Notice(t("note.nothing_redo" if redo else "note.nothing_undo", self.lang)),
                )
            )
        entry = source.pop()
        target.append(entry)
        number = next(self._numbers)
        shown = entry.after if redo else entry.before
        gone = entry.before if redo else entry.after
        ref_card = shown or gone
        if entry.card_id is not None and ref_card is not None:
            self._overlays.append(_Overlay(number, entry.card_id, ref_card.ref, shown, self.week))
        self._in_flight[number] = _Flight("redo" if redo else "undo", entry)
        week, review = self.week, self._review_request()
        original = entry.number
        self._send(lambda keeper: keeper.write_back(number, original, redo, week, review))
        title = visible(ref_card.title) if ref_card is not None else ""
        said_ = t("note.redone" if redo else "note.undone", self.lang, title=title)
        return Step(
            view=self.view(focus=entry.card_id if shown else None),
            notices=(Notice(said_),) if title else (),
            clears_notices=True,
        )

    def _refused(self, reason: str) -> Step:
        return Step(notices=(Notice(reason, "warning"),), outcome=Refused(reason))

    # -- the review ----------------------------------------------------------------------------

    def open_review(self) -> Step:
        self.review_week = self.week
        self._load_review()
        return Step()

    def review_shift(self, offset: int) -> Step:
        if self.review_week is not None:
            self.review_week = self.review_week.shift(offset)
            self._load_review()
        return Step()

    def close_review(self) -> Step:
        self.review_week = None
        self._load_board()  # decisions in the review change the board
        return Step()

    def decide(self, ref: CardRef, decision: str) -> Step:
        """Carry or drop an unfinished card of the review."""
        review = self._review_request()
        if review is None:
            return Step()
        number = next(self._numbers)
        entry = Entry(number, decision, None, None, None)
        self.history.undo.append(entry)
        self.history.redo.clear()
        self._in_flight[number] = _Flight("save", entry)
        week, at = self.week, self.now()
        self._send(lambda keeper: keeper.decide(number, ref, decision, at, week, review))
        return Step()

    def save_reflection(self, week_key: str, reflection: Reflection, base: Reflection) -> Step:
        from tui.core.review import ReflectionChange, save_reflection

        def do(store: Store) -> ReflectionChange | None:
            return save_reflection(store, week_key, reflection, base)

        number = next(self._numbers)
        entry = Entry(number, "reflection", None, None, None)
        self.history.undo.append(entry)
        self.history.redo.clear()
        self._in_flight[number] = _Flight("save", entry)
        week, review = self.week, self._review_request()
        self._send(lambda keeper: keeper.save(number, do, week, review))
        return Step()

    def _review_request(self) -> tuple[Week, frozenset[str]] | None:
        return (self.review_week, self.filter) if self.review_week is not None else None

    # -- the store's thread --------------------------------------------------------------------

    def _load_board(self) -> None:
        week = self.week
        self._loads += 1
        self._send(lambda keeper: keeper.board(week))

    def _load_review(self) -> None:
        request = self._review_request()
        if request is not None:
            self._loads += 1
            week, audience = request
            self._send(lambda keeper: keeper.review(week, audience))

    def receive(self, report: Report) -> Step:
        """Apply what the store's thread reports; returns what to show."""
        if isinstance(report, BoardLoaded):
            self._loads = max(0, self._loads - 1)
            self.names = tuple(distinct_names([*report.names, *self.names]))
            if report.week != self.week:
                return Step()  # the user moved on meanwhile
            self._saved = report.board
            return Step(view=self.view())
        if isinstance(report, ReviewLoaded):
            self._loads = max(0, self._loads - 1)
            if report.week != self.review_week:
                return Step()
            return Step(review=report.review)
        if isinstance(report, SaveDone):
            return self._saved_report(report)
        if isinstance(report, Flushed):
            if isinstance(report.outcome, Saved):
                self._queued.clear()
                self._load_board()
                self._load_review()
                return Step(
                    view=self.view(),
                    notices=(Notice(t("note.saved_late", self.lang)),),
                    outcome=report.outcome,
                )
            return Step(outcome=report.outcome)
        if isinstance(report, DiskChanged):
            self._load_board()
            self._load_review()
            return Step()
        if isinstance(report, SettingsSaved):
            self._loads = max(0, self._loads - 1)
            if report.error is None:
                return Step()
            text = t("note.settings_failed", self.lang, reason=visible(report.error))
            return Step(notices=(Notice(text, "error"),))
        raise TypeError(f"unknown report {report!r}")

    def _saved_report(self, report: SaveDone) -> Step:
        flight = self._in_flight.pop(report.number, None)
        self._overlays = [o for o in self._overlays if o.number != report.number]
        if report.week == self.week:
            self._saved = report.board
        entry = flight.entry if flight else None
        notices: list[Notice] = []
        outcome = report.outcome
        if isinstance(outcome, Refused):
            notices.append(Notice(outcome.reason, "warning"))
            if flight is not None and entry is not None:
                self._forget(flight, entry)
        elif isinstance(outcome, Queued):
            self._waiting_reason = outcome.reason
            self._queued[report.number] = entry.card_id if entry else None
            notices.append(Notice(t("note.save_failed", self.lang, reason=outcome.reason), "error"))
        if not report.changed and flight is not None and flight.kind == "save" and entry:
            self._drop(entry)  # nothing changed: nothing to undo
        if flight is not None and entry is not None and not isinstance(outcome, Refused):
            followed = self._followed_disk(flight, entry)
            if followed:
                notices.append(Notice(t("note.followed_disk", self.lang)))
        if report.news and self.review_week is not None and report.review is None:
            self._load_review()
        return Step(view=self.view(), review=report.review, notices=tuple(notices), outcome=outcome)

    def _forget(self, flight: _Flight, entry: Entry) -> None:
        """A refused change leaves the history; a refused undo goes back where it was."""
        if flight.kind == "save":
            self._drop(entry)
        else:
            came, went = (
                (self.history.undo, self.history.redo)
                if flight.kind == "redo"
                else (self.history.redo, self.history.undo)
            )
            if entry in came:
                came.remove(entry)
                went.append(entry)

    def _drop(self, entry: Entry) -> None:
        for stack in (self.history.undo, self.history.redo):
            if entry in stack:
                stack.remove(entry)

    def _followed_disk(self, flight: _Flight, entry: Entry) -> bool:
        """Did the disk come back different from what was shown for this change's card?"""
        expected = entry.before if flight.kind == "undo" else entry.after
        card_id = entry.card_id
        saved = self._saved
        if card_id is None or expected is None or saved is None or saved.week != self.week:
            return False
        if any(o.card_id == card_id for o in self._overlays):
            return False  # a later change of it is still on its way
        now = saved.card(card_id)
        return now is not None and _face(now) != _face(expected)


def _face(card: Card) -> tuple[object, ...]:
    """What a change can make a card show."""
    return (card.column, card.checked, card.tally, card.note)
