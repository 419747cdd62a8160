"""Scriptable card commands: ``ritmas list``, ``move``, ``tick``, ``add``, ``assign`` and
``send-back``.

They build the same :class:`~tui.core.session.Session` as the board and change cards only through
:mod:`tui.core.actions`, so a card moved from cron is moved exactly as the board would move it.
User mistakes (unknown card, step or area) exit 2; a damaged or unwritable state file exits 1
and is left untouched.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import replace
from typing import Any

from tui.commands.context import ActionError, Context, UsageError
from tui.core import actions
from tui.core.audience import fits as fits_profile
from tui.core.board import Board, Card, assignee_of, assignee_ref
from tui.core.catalogue import CadenceKind
from tui.core.people import CLEAR, MINE, PersonError, filter_matches, resolve_who, who_am_i
from tui.core.periods import Week
from tui.core.session import Session
from tui.core.settings import SettingsError
from tui.core.state import BOARD_COLUMNS, Column, StateFileError, StateWriteError
from tui.core.text import terminal_safe_json, visible
from tui.core.textmatch import suggestions
from tui.i18n import t, tn
from tui.render.figures import tally

COLUMN_WORDS = tuple(c.value for c in Column)
SHOWN_CHOICES = 6  # how many valid choices an error line lists before "... and N more"


def register(command: Callable[[str, str], argparse.ArgumentParser]) -> None:
    listing = command("list", "list the cards of the week")
    listing.add_argument("--area", metavar="AREA", help="only this area (its id)")
    listing.add_argument(
        "--all-columns",
        action="store_true",
        help="also list skipped cards (--json always includes them)",
    )
    listing.add_argument(
        "--who",
        metavar="NAME|mine|-",
        help="only cards assigned to NAME (any case), to you (mine: $RITMAS_USER or name in "
        "user.toml), or to nobody (-)",
    )
    listing.add_argument("--json", action="store_true", help="print JSON for scripts")
    listing.set_defaults(handler=run_list)

    move = command("move", "move a card to another column")
    move.add_argument("card", metavar="CARD", help="card id, as `ritmas list` shows it")
    move.add_argument("column", metavar="COLUMN", choices=COLUMN_WORDS, help="|".join(COLUMN_WORDS))
    move.set_defaults(handler=run_move)

    tick = command("tick", "tick or untick one step of a card's checklist")
    tick.add_argument("card", metavar="CARD", help="card id, as `ritmas list` shows it")
    tick.add_argument("step", metavar="STEP", type=int, help="step number, from 1")
    tick.set_defaults(handler=run_tick)

    add = command("add", "add a card to the week: free text, or an as-needed task")
    add.add_argument("title", metavar="TITLE", nargs="?", help="what to do (free text)")
    add.add_argument("--area", metavar="AREA", help="area id (needed for free text)")
    add.add_argument("--task", metavar="TASK_ID", help="an as-needed task of the catalogue")
    add.set_defaults(handler=run_add)

    assign = command("assign", "say who does a card (- for nobody)")
    assign.add_argument("card", metavar="CARD", help="card id, as `ritmas list` shows it")
    assign.add_argument("name", metavar="NAME", help="a short name, or - to assign nobody")
    assign.set_defaults(handler=run_assign)

    send_back = command(
        "send-back", "needs fixes: send a done card back to doing, with a note of what to fix"
    )
    send_back.add_argument("card", metavar="CARD", help="card id, as `ritmas list` shows it")
    send_back.add_argument("note", metavar="NOTE", help="what needs fixing (one line)")
    send_back.set_defaults(handler=run_send_back)


# ---------------------------------------------------------------------------------------------
# Shared


def _open(ctx: Context) -> tuple[Session, Week]:
    session = Session(ctx.workspace(), ctx.today, profile=ctx.profile_override())
    return session, ctx.week(session.settings)


@contextmanager
def _failures(what: str) -> Iterator[None]:
    """Turn the core's typed errors into the command line's: one line and an exit status."""
    try:
        yield
    except (StateFileError, StateWriteError) as exc:
        raise ActionError(f"cannot {what}: {exc}") from None
    except actions.ActionRefused as exc:
        raise UsageError(f"cannot {what}: {exc}") from None


def _brief(choices: Sequence[str], typed: str = "", words: Mapping[str, str] | None = None) -> str:
    """A short list of valid choices, the closest to what was typed first (ignoring case and
    diacritics, and looking in the ``words`` of the choices too)."""
    close = suggestions(typed, choices, words)
    if close:
        return "did you mean " + " or ".join(close) + "?"
    shown = list(choices[:SHOWN_CHOICES])
    rest = len(choices) - len(shown)
    return "choices: " + ", ".join(shown) + (f", ... and {rest} more" if rest > 0 else "")


def _mark_started(ctx: Context, session: Session) -> None:
    """Remember the first week this workspace tracked, as the board does, so that weeks before
    it are never called missed; a clock pinned with ``--today`` for one run is not that day.
    Not being able to save that is no reason to fail the action, which is already saved."""
    if getattr(ctx.args, "today", None):
        return
    try:
        session.mark_started()
    except (OSError, SettingsError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
        print(f"ritmas: warning: cannot save settings: {reason}", file=sys.stderr)


def _user_text(text: str, what: str) -> str:
    """Text from the command line, which may hold bytes that are not UTF-8 (a terminal set to
    another encoding): refused with one line rather than saved half-readable."""
    try:
        return text.encode("utf-8", "surrogateescape").decode("utf-8")
    except UnicodeError:
        raise UsageError(
            f"{what}: not UTF-8 text ({visible(text)}); set your terminal to UTF-8"
        ) from None


def _find_card(session: Session, board: Board, card_id: str) -> Card:
    card = board.card(card_id)
    if card is not None:
        return card
    cards = board.visible(session.profile)
    if not cards:
        raise UsageError(f"no card {card_id!r} in {board.week.key}: that week has no cards")
    # Like the board's search, a card is found by words of its title, steps and note too.
    words = {c.id: "\n".join([c.title, *c.steps, c.note]) for c in cards}
    hint = _brief([c.id for c in cards], card_id, words)
    raise UsageError(f"no card {card_id!r} in {board.week.key}: {hint} (see `ritmas list`)")


def _refuse_damaged(board: Board, card: Card, what: str) -> None:
    """A card whose state file cannot be read is read-only: say so instead of guessing."""
    reason = board.damaged.get(card.ref.file)
    if reason is not None:
        raise ActionError(f"cannot {what}: {reason}")


def _check_area(session: Session, area: str) -> None:
    if session.catalogue.area(area) is None:
        areas = [a.id for a in session.catalogue.areas]
        raise UsageError(f"--area: unknown area {area!r} (areas: {', '.join(areas)})")


# ---------------------------------------------------------------------------------------------
# ritmas list


def run_list(ctx: Context) -> int:
    session, week = _open(ctx)
    if ctx.args.area:
        _check_area(session, ctx.args.area)
    board = session.board(week)
    if board.damaged:
        reason = board.damaged[min(board.damaged)]
        more = len(board.damaged) - 1
        also = f" (and {more} more damaged file{'s' if more > 1 else ''})" if more else ""
        raise ActionError(f"cannot list {week.key}: {reason}{also}")
    who = _who_filter(ctx.args.who)
    cards = session.visible_cards(board, ctx.args.area, who=who)
    skipped = [
        c
        for c in board.skipped
        if (ctx.args.area is None or c.area == ctx.args.area)
        and fits_profile(c.fits, session.profile)
        and filter_matches(c.assignee, who)
    ]
    if ctx.args.json:
        data = [card_json(card) for card in cards + skipped]
        sys.stdout.write(terminal_safe_json(json.dumps(data, ensure_ascii=False, indent=2)) + "\n")
        return 0
    shown = cards + (skipped if ctx.args.all_columns else [])
    for line in list_lines(session, board, shown, ctx.lang):
        print(line)
    return 0


def _who_filter(value: str | None) -> str | None:
    """``--who`` as the name to match ("" for nobody), None without the option."""
    if value is None:
        return None
    try:
        me = who_am_i(os.environ) if value.strip().casefold() == MINE else None
        return resolve_who(value, me)
    except PersonError as exc:
        raise UsageError(str(exc)) from None


def card_json(card: Card) -> dict[str, Any]:
    return {
        "id": card.id,
        "task": card.task_id,
        "area": card.area,
        "title": card.title,
        "column": card.column.value,
        "steps_done": card.steps_done,
        "steps_total": len(card.steps),
        "tally": card.tally,
        "period": card.period,
        "assignee": card.assignee,
        "needs_fixes": card.fixes_note,
    }


def list_lines(session: Session, board: Board, cards: list[Card], lang: str) -> list[str]:
    """The text table: a header, then per area a heading and its cards column by column."""
    profile = ",".join(sorted(session.profile))
    lines = [
        t(
            "cli.header",
            lang,
            week=board.week.key,
            first=board.week.monday.isoformat(),
            last=board.week.sunday.isoformat(),
            profile=profile,
            cards=tn("count.cards", len(cards), lang),
        )
    ]
    if not cards:
        lines += ["", t("cli.no_cards", lang)]
        return lines
    id_width = max(len(c.id) for c in cards)
    area_order = [a.id for a in session.catalogue.areas]
    areas = sorted(
        {c.area for c in cards},
        key=lambda a: (a not in area_order, area_order.index(a) if a in area_order else 0, a),
    )
    for area_id in areas:
        area = session.catalogue.area(area_id)
        heading = f"{area.title} [{area.id}]" if area else (area_id or t("cli.no_area", lang))
        heading = visible(heading)
        lines += ["", heading]
        for column in (*BOARD_COLUMNS, Column.SKIPPED):
            in_column = [c for c in cards if c.area == area_id and c.column is column]
            if not in_column:
                continue
            lines.append(f"  {t('cli.' + column.value, lang)} ({len(in_column)})")
            lines += [f"    {card_line(card, id_width, lang)}" for card in in_column]
    return lines


def card_line(card: Card, id_width: int, lang: str) -> str:
    steps = f"{card.steps_done}/{len(card.steps)}" if card.steps else "-"
    if card.days_due:
        count = t("cli.days", lang, done=len(card.days_done), due=len(card.days_due))
    elif card.has_tally:
        count = tally(card.tally, card.times)
    else:
        count = ""
    marks = []
    if card.missed:
        marks.append(t("cli.missed_now", lang))
    if card.missed_in_row:
        marks.append(t("cli.missed", lang, n=card.missed_in_row))
    if card.carried_since:
        marks.append(t("cli.carried", lang, period=card.carried_since))
    if not card.in_catalogue:
        marks.append(t("cli.gone", lang))
    if card.fixes_note:
        marks.append(t("cli.fixes", lang, note=card.fixes_note))
    if card.assignee:
        marks.append(f"@{card.assignee}")
    marked = "".join(f"  [{m}]" for m in marks)
    line = f"{card.id:<{id_width}}  {steps:>5}  {count:<9}  {card.title}{marked}".rstrip()
    return visible(line)


# ---------------------------------------------------------------------------------------------
# ritmas move / tick / add


def run_move(ctx: Context) -> int:
    session, week = _open(ctx)
    board = session.board(week)
    card = _find_card(session, board, ctx.args.card)
    target = Column(ctx.args.column)
    what = f"move {card.id}"
    _refuse_damaged(board, card, what)
    if card.column is target:
        print(t("cli.already", ctx.lang, card=card.id, column=target.value, period=card.period))
        return 0
    at = actions.clock(ctx.today)
    with _failures(what):
        if target is Column.SKIPPED:
            change = actions.skip(session.store, card, at)
        else:
            change = actions.move(session.store, card, target, at)
    if change is None:
        # Another session moved it there between our read and our write: the same outcome.
        print(t("cli.already", ctx.lang, card=card.id, column=target.value, period=card.period))
        return 0
    _mark_started(ctx, session)
    after = change.after.column if change.after else target
    moved = replace(card, tally=change.after.tally) if change.after else card
    if card.has_tally and target is Column.DONE and after is not Column.DONE:
        # Below its minimum a tally card counts once and comes back for the next time.
        line = t(
            "cli.counted",
            ctx.lang,
            card=card.id,
            tally=tally(moved.tally, moved.times),
            period=card.period,
            after=after.value,
        )
    else:
        line = t(
            "cli.moved",
            ctx.lang,
            card=card.id,
            before=card.column.value,
            after=after.value,
            period=card.period,
        )
        if card.has_tally:
            line = t("cli.tally", ctx.lang, line=line, tally=tally(moved.tally, moved.times))
    print(line)
    return 0


def run_tick(ctx: Context) -> int:
    session, week = _open(ctx)
    board = session.board(week)
    card = _find_card(session, board, ctx.args.card)
    step = ctx.args.step
    if not card.steps:
        raise UsageError(f"{card.id} has no steps to tick")
    if not 1 <= step <= len(card.steps):
        raise UsageError(
            f"{card.id} has no step {step} (its steps are 1-{len(card.steps)}; see `ritmas list`)"
        )
    what = f"tick {card.id}"
    _refuse_damaged(board, card, what)
    with _failures(what):
        change = actions.tick(session.store, card, step - 1, ctx.today)
    if change is None:  # cannot happen today (a tick toggles), but never an assertion
        column = card.column.value
        print(t("cli.already", ctx.lang, card=card.id, column=column, period=card.period))
        return 0
    _mark_started(ctx, session)
    checked = set(change.after.checked) if change.after else set()
    key = "ticked" if step - 1 in checked else "unticked"
    line = t(
        f"cli.{key}",
        ctx.lang,
        card=card.id,
        step=step,
        text=card.steps[step - 1],
        done=len(checked),
        total=len(card.steps),
        period=card.period,
    )
    print(visible(line))
    return 0


def run_add(ctx: Context) -> int:
    session, week = _open(ctx)
    title: str | None = _user_text(ctx.args.title, "TITLE") if ctx.args.title else None
    task_id: str | None = ctx.args.task
    area: str | None = ctx.args.area
    if task_id:
        found = session.catalogue.task_index().get(task_id)
        as_needed = [task.id for _, task in session.catalogue.tasks() if not task.cadence.recurring]
        if found is None:
            raise UsageError(f"--task: unknown task {task_id!r}: {_brief(as_needed, task_id)}")
        task_area, task = found
        if task.cadence.kind is not CadenceKind.AS_NEEDED:
            raise UsageError(
                f"--task: {task_id} is a {task.cadence.kind.value} task, already on its boards; "
                f"add an as-needed one, {_brief(as_needed)}"
            )
        if area is not None and area != task_area.id:
            raise UsageError(f"--area: task {task_id} belongs to area {task_area.id}, not {area}")
        area = task_area.id
    elif not (title and title.strip()):
        raise UsageError("add: give a TITLE (with --area) or --task TASK_ID (see --help)")
    if area is None:
        areas = ", ".join(a.id for a in session.catalogue.areas)
        raise UsageError(f"add: a free-text card needs --area AREA (areas: {areas})")
    _check_area(session, area)
    with _failures("add a card"):
        change = actions.add_card(
            session.store, week.key, area, actions.clock(ctx.today), title=title, task_id=task_id
        )
    if change is None:  # cannot happen today (a new card is always a change)
        raise ActionError("cannot add a card: nothing was saved")
    _mark_started(ctx, session)
    shown_title = title.strip() if title else session.catalogue.task_index()[task_id or ""][1].title
    line = t(
        "cli.added", ctx.lang, card=change.ref.key, area=area, week=week.key, title=shown_title
    )
    print(visible(line))
    return 0


# ---------------------------------------------------------------------------------------------
# ritmas assign / send-back


def run_assign(ctx: Context) -> int:
    session, week = _open(ctx)
    board = session.board(week)
    card = _find_card(session, board, ctx.args.card)
    name: str | None = None if ctx.args.name.strip() == CLEAR else ctx.args.name
    what = f"assign {card.id}"
    _refuse_damaged(board, card, what)
    with _failures(what):
        change = actions.assign(session.store, card, name)
    _mark_started(ctx, session)
    # None: nothing to change, the card already shows that name.
    after = change.after if change is not None else None
    shown = assignee_of(after, card.task_assignee) if after is not None else card.assignee
    period = assignee_ref(card).file  # a daily card is given for its whole week
    if shown:
        print(t("cli.assigned", ctx.lang, card=card.id, name=shown, period=period))
    else:
        print(t("cli.unassigned", ctx.lang, card=card.id, period=period))
    return 0


def run_send_back(ctx: Context) -> int:
    session, week = _open(ctx)
    board = session.board(week)
    card = _find_card(session, board, ctx.args.card)
    what = f"send back {card.id}"
    _refuse_damaged(board, card, what)
    with _failures(what):
        change = actions.send_back(session.store, card, ctx.args.note, actions.clock(ctx.today))
    if change is None or change.after is None:  # cannot happen today: leaving done changes it
        raise ActionError(f"cannot {what}: nothing was saved")
    _mark_started(ctx, session)
    note = change.after.history[-1].note or ""
    print(t("cli.sent_back", ctx.lang, card=card.id, period=card.period, note=note))
    return 0
