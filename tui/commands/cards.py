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
from tui.core.text import cell_width, pad, shorten, terminal_safe_json, visible
from tui.core.textmatch import fold, suggestions
from tui.i18n import LANGS, Msg, file_line, said, t, tn
from tui.render.figures import tally

SHOWN_CHOICES = 6  # how many valid choices an error line lists before "... and N more"


def register(command: Callable[[str, str], argparse.ArgumentParser], lang: str) -> None:
    card_help = t("usage.card", lang)
    card = t("meta.card", lang)
    listing = command("list", t("usage.list", lang))
    area = t("meta.area", lang)
    listing.add_argument("--area", metavar=area, help=t("usage.list_area", lang))
    listing.add_argument("--all-columns", action="store_true", help=t("usage.all_columns", lang))
    listing.add_argument("--who", metavar=t("meta.who", lang), help=t("usage.who", lang))
    listing.add_argument("--steps", action="store_true", help=t("usage.list_steps", lang))
    listing.add_argument("--json", action="store_true", help=t("usage.json", lang))
    listing.set_defaults(handler=run_list)

    move = command("move", t("usage.move", lang))
    move.add_argument("card", metavar=card, help=card_help)
    move.add_argument("column", metavar=t("meta.column", lang), help=t("usage.column", lang))
    move.set_defaults(handler=run_move)

    for name, ticked in (("tick", True), ("untick", False)):
        tick = command(name, t(f"usage.{name}", lang))
        tick.add_argument("card", metavar=card, help=card_help)
        step_help = t("usage.step", lang)
        tick.add_argument("step", metavar=t("meta.step", lang), type=int, help=step_help)
        tick.set_defaults(handler=run_tick, ticked=ticked)

    add = command("add", t("usage.add", lang))
    add.add_argument("title", metavar=t("meta.title", lang), nargs="?", help=t("usage.title", lang))
    add.add_argument("--area", metavar=area, help=t("usage.add_area", lang))
    add.add_argument("--task", metavar=t("meta.task", lang), help=t("usage.task", lang))
    add.set_defaults(handler=run_add)

    assign = command("assign", t("usage.assign", lang))
    assign.add_argument("card", metavar=card, help=card_help)
    assign.add_argument("name", metavar=t("meta.name", lang), help=t("usage.assign_name", lang))
    assign.set_defaults(handler=run_assign)

    send_back = command("send-back", t("usage.send_back", lang))
    send_back.add_argument("card", metavar=card, help=card_help)
    send_back.add_argument("note", metavar=t("meta.note", lang), help=t("usage.note", lang))
    send_back.set_defaults(handler=run_send_back)


# ---------------------------------------------------------------------------------------------
# Shared


def _open(ctx: Context) -> tuple[Session, Week]:
    session = Session(ctx.workspace(), ctx.today, profile=ctx.profile_override())
    return session, ctx.week(session.settings)


@contextmanager
def _failures(what: Msg) -> Iterator[None]:
    """Turn the core's typed errors into the command line's: one line and an exit status."""
    try:
        yield
    except (StateFileError, StateWriteError) as exc:
        raise ActionError(Msg("cli.cannot", what=what, reason=said(exc))) from None
    except actions.ActionRefused as exc:
        raise UsageError(Msg("cli.cannot", what=what, reason=said(exc))) from None


def _brief(choices: Sequence[str], typed: str = "", words: Mapping[str, str] | None = None) -> Msg:
    """A short list of valid choices, the closest to what was typed first (ignoring case and
    diacritics, and looking in the ``words`` of the choices too)."""
    close = suggestions(typed, choices, words)
    if close:
        return Msg(
            "cli.did_you_mean",
            choices=Msg("cli.or", first=", ".join(close[:-1]), last=close[-1])
            if len(close) > 1
            else close[0],
        )
    shown = ", ".join(choices[:SHOWN_CHOICES])
    rest = len(choices) - SHOWN_CHOICES
    return (
        Msg("cli.choices_more", choices=shown, n=rest)
        if rest > 0
        else Msg("cli.choices", choices=shown)
    )


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
        line = t("cli.cannot_save_settings", ctx.lang, reason=reason)
        print(f"ritmas: {line}", file=sys.stderr)


def _user_text(text: str, what: str) -> str:
    """Text from the command line, which may hold bytes that are not UTF-8 (a terminal set to
    another encoding): refused with one line rather than saved half-readable."""
    try:
        return text.encode("utf-8", "surrogateescape").decode("utf-8")
    except UnicodeError:
        raise UsageError(Msg("cli.not_utf8", what=what, text=visible(text))) from None


def _find_card(session: Session, board: Board, card_id: str) -> Card:
    card = board.card(card_id)
    if card is not None:
        return card
    cards = board.visible(session.profile)
    if not cards:
        raise UsageError(Msg("cli.no_card_empty", card=repr(card_id), week=board.week.key))
    # Like the board's search, a card is found by words of its title, steps and note too.
    words = {c.id: "\n".join([c.title, *c.steps, c.note]) for c in cards}
    hint = _brief([c.id for c in cards], card_id, words)
    raise UsageError(Msg("cli.no_card", card=repr(card_id), week=board.week.key, hint=hint))


def _card_named(session: Session, week: Week, card_id: str) -> tuple[Card, dict[str, str]]:
    """The card ``card_id`` names, and the files found damaged on the way. A catalogue task's
    card is derived alone (from its week's files and its own earlier ones: a command that
    changes one card does not read ten years of history); any other card, from the board."""
    alone = session.recurring_card(week, card_id)
    if alone is not None:
        return alone
    board = session.board(week)
    return _find_card(session, board, card_id), board.damaged


def _refuse_damaged(damaged: dict[str, str], card: Card, what: Msg) -> None:
    """A card whose state file cannot be read is read-only: say so instead of guessing."""
    reason = damaged.get(card.ref.file)
    if reason is not None:
        raise ActionError(Msg("cli.cannot", what=what, reason=file_line(reason)))


def _column(column: Column, lang: str) -> str:
    """A column's name in ``lang``, as ``ritmas list`` heads it."""
    return t(f"cli.{column.value}", lang)


def _squeeze(text: str) -> str:
    return "".join(c for c in fold(text) if c.isalnum())


def _already(ctx: Context, card: Card, target: Column) -> int:
    """The card is in ``target`` already: said, nothing written, exit 0."""
    column = _column(target, ctx.lang)
    print(t("cli.already", ctx.lang, card=card.id, column=column, period=card.period))
    return 0


def _column_named(typed: str, lang: str) -> Column:
    """The column ``move`` names: its id (``todo``) or its name as the board and ``list`` show it
    in either language (``to do``, ``Atlikta``, ``atlikta``), in any case, with or without
    diacritics and spaces."""
    wanted = _squeeze(typed)
    for column in Column:
        names = [column.value] + [
            t(f"{kind}.{column.value}", lng) for kind in ("cli", "col") for lng in LANGS
        ]
        if wanted and wanted in {_squeeze(name) for name in names}:
            return column
    names = [_column(column, lang) for column in Column]
    raise UsageError(Msg("cli.column_unknown", column=repr(typed), hint=_brief(names, typed)))


def _area_id(session: Session, typed: str) -> str:
    """The area ``--area`` names, as the board shows it: its number there (1-7 in catalogue
    order), its id or its title, ignoring case and diacritics; a unique start of an id or title
    will do. A miss names the closest areas, or all of them with their numbers."""
    areas = session.catalogue.areas
    if session.catalogue.area(typed) is not None:
        return typed
    text = typed.strip()
    if text.isascii() and text.isdigit() and 1 <= int(text) <= len(areas):
        return areas[int(text) - 1].id
    needle = fold(text)
    if needle:
        for match in (str.__eq__, str.startswith):
            found = [
                a.id for a in areas if match(fold(a.id), needle) or match(fold(a.title), needle)
            ]
            if len(found) == 1:
                return found[0]
            if found:
                raise UsageError(Msg("cli.area_ambiguous", area=repr(typed), hint=_brief(found)))
    ids, titles = [a.id for a in areas], {a.id: a.title for a in areas}
    numbered = ", ".join(f"{n} {a.id}" for n, a in enumerate(areas, 1))
    close = suggestions(text, ids, titles)
    hint = _brief(ids, text, titles) if close else Msg("cli.areas_numbered", areas=numbered)
    raise UsageError(Msg("cli.area_unknown", area=repr(typed), hint=hint))


# ---------------------------------------------------------------------------------------------
# ritmas list


def run_list(ctx: Context) -> int:
    session, week = _open(ctx)
    area = _area_id(session, ctx.args.area) if ctx.args.area else None
    board = session.board(week)
    if board.damaged:
        more = len(board.damaged) - 1
        reason = file_line(board.damaged[min(board.damaged)])
        if more:
            reason = Msg("cli.more_damaged", reason=reason, n=more)
        raise ActionError(
            Msg("cli.cannot", what=Msg("cli.what_list", week=week.key), reason=reason)
        )
    who = _who_filter(ctx.args.who)
    cards = session.visible_cards(board, area, who=who)
    skipped = [
        c
        for c in board.skipped
        if (area is None or c.area == area)
        and fits_profile(c.fits, session.profile)
        and filter_matches(c.assignee, who)
    ]
    if ctx.args.json:
        data = [card_json(card) for card in cards + skipped]
        sys.stdout.write(terminal_safe_json(json.dumps(data, ensure_ascii=False, indent=2)) + "\n")
        return 0
    shown = cards + (skipped if ctx.args.all_columns else [])
    for line in list_lines(session, board, shown, ctx.lang, steps=ctx.args.steps):
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
        raise UsageError(said(exc)) from None


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
        "carried": card.carried or card.carried_since is not None,
        "carried_from": card.carried_since or (card.period if card.carried else None),
        "note": card.note,
        "steps": [
            {"step": n, "text": text, "ticked": n - 1 in card.checked}
            for n, text in enumerate(card.steps, 1)
        ],
    }


def list_lines(
    session: Session, board: Board, cards: list[Card], lang: str, *, steps: bool = False
) -> list[str]:
    """The text table: a header, then per area a heading and its cards column by column; with
    ``steps``, under each card its steps numbered as ``ritmas tick`` takes them."""
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
    # Columns line up by terminal cells, not characters ("dienos 0/7", a title's letters).
    id_width = max(cell_width(c.id) for c in cards)
    count_width = max(cell_width(_count(c, lang)) for c in cards)
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
            for card in in_column:
                lines.append(f"    {card_line(card, id_width, lang, count_width)}")
                if steps:
                    lines += [
                        visible(f"      {n:>2}. [{'x' if n - 1 in card.checked else ' '}] {text}")
                        for n, text in enumerate(card.steps, 1)
                    ]
    return lines


def _count(card: Card, lang: str) -> str:
    """A card's count besides its steps: days kept of a daily card, times of a tally card."""
    if card.days_due:
        return t("cli.days", lang, done=len(card.days_done), due=len(card.days_due))
    if card.has_tally:
        return tally(card.tally, card.times)
    return ""


def card_line(card: Card, id_width: int, lang: str, count_width: int = 9) -> str:
    steps = f"{card.steps_done}/{len(card.steps)}" if card.steps else "-"
    count = _count(card, lang)
    marks = []
    if card.missed:
        marks.append(t("cli.missed_now", lang))
    if card.missed_in_row:
        marks.append(t("cli.missed", lang, n=card.missed_in_row))
    if card.carried_since:
        marks.append(t("cli.carried", lang, period=card.carried_since))
    elif card.carried:
        marks.append(t("card.carried_on", lang))
    if not card.in_catalogue:
        marks.append(t("cli.gone", lang))
    if card.fixes_note:
        marks.append(t("cli.fixes", lang, note=card.fixes_note))
    if card.note.strip():
        marks.append(t("cli.note_mark", lang, note=shorten(" ".join(card.note.split()), 40)))
    if card.assignee:
        marks.append(f"@{card.assignee}")
    marked = "".join(f"  [{m}]" for m in marks)
    columns = f"{pad(card.id, id_width)}  {steps:>5}  {pad(count, count_width)}"
    return visible(f"{columns}  {card.title}{marked}".rstrip())


# ---------------------------------------------------------------------------------------------
# ritmas move / tick / add


def run_move(ctx: Context) -> int:
    target = _column_named(ctx.args.column, ctx.lang)
    session, week = _open(ctx)
    card, damaged = _card_named(session, week, ctx.args.card)
    what = Msg("cli.what_move", card=card.id)
    _refuse_damaged(damaged, card, what)
    if card.column is target:
        return _already(ctx, card, target)
    at = actions.clock(ctx.today)
    with _failures(what):
        if target is Column.SKIPPED:
            change = actions.skip(session.store, card, at)
        else:
            change = actions.move(session.store, card, target, at)
    if change is None:
        # Another session moved it there between our read and our write: the same outcome.
        return _already(ctx, card, target)
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
            after=_column(after, ctx.lang),
        )
    else:
        line = t(
            "cli.moved",
            ctx.lang,
            card=card.id,
            before=_column(card.column, ctx.lang),
            after=_column(after, ctx.lang),
            period=card.period,
        )
        if card.has_tally:
            line = t("cli.tally", ctx.lang, line=line, tally=tally(moved.tally, moved.times))
    print(line)
    return 0


def run_tick(ctx: Context) -> int:
    session, week = _open(ctx)
    card, damaged = _card_named(session, week, ctx.args.card)
    step = ctx.args.step
    if not card.steps:
        raise UsageError(Msg("cli.no_steps", card=card.id))
    if not 1 <= step <= len(card.steps):
        raise UsageError(Msg("cli.no_step", card=card.id, step=step, last=len(card.steps)))
    what = Msg("cli.what_tick", card=card.id)
    _refuse_damaged(damaged, card, what)
    ticked: bool = ctx.args.ticked
    # Set, not toggled: a script or cron job that runs twice leaves the step as it asked.
    change = None
    if (step - 1 in card.checked) is not ticked:
        with _failures(what):
            change = actions.tick(session.store, card, step - 1, ctx.today, ticked)
    if change is None:  # already so (perhaps set by another session a moment ago)
        checked = set(card.checked) | {step - 1} if ticked else set(card.checked) - {step - 1}
        key = "already_ticked" if ticked else "already_unticked"
    else:
        _mark_started(ctx, session)
        checked = set(change.after.checked) if change.after else set()
        key = "ticked" if ticked else "unticked"
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
    title = _user_text(ctx.args.title, t("meta.title", ctx.lang)) if ctx.args.title else None
    task_id: str | None = ctx.args.task
    area: str | None = _area_id(session, ctx.args.area) if ctx.args.area else None
    if task_id:
        found = session.catalogue.task_index().get(task_id)
        as_needed = [task.id for _, task in session.catalogue.tasks() if not task.cadence.recurring]
        if found is None:
            hint = _brief(as_needed, task_id)
            raise UsageError(Msg("cli.unknown_task", task=repr(task_id), hint=hint))
        task_area, task = found
        if task.cadence.kind is not CadenceKind.AS_NEEDED:
            raise UsageError(Msg("cli.recurring_task", task=task_id, hint=_brief(as_needed)))
        if area is not None and area != task_area.id:
            raise UsageError(
                Msg("cli.task_area", task=task_id, area=task_area.id, given=ctx.args.area)
            )
        area = task_area.id
    elif not (title and title.strip()):
        raise UsageError(Msg("cli.add_what"))
    if area is None:
        areas = ", ".join(a.id for a in session.catalogue.areas)
        raise UsageError(Msg("cli.add_needs_area", areas=areas))
    with _failures(Msg("cli.what_add")):
        change = actions.add_card(
            session.store, week.key, area, actions.clock(ctx.today), title=title, task_id=task_id
        )
    if change is None:  # cannot happen today (a new card is always a change)
        raise ActionError(Msg("cli.cannot", what=Msg("cli.what_add"), reason=Msg("cli.not_saved")))
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
    card, damaged = _card_named(session, week, ctx.args.card)
    name: str | None = None if ctx.args.name.strip() == CLEAR else ctx.args.name
    what = Msg("cli.what_assign", card=card.id)
    _refuse_damaged(damaged, card, what)
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
    card, damaged = _card_named(session, week, ctx.args.card)
    what = Msg("cli.what_send_back", card=card.id)
    _refuse_damaged(damaged, card, what)
    with _failures(what):
        change = actions.send_back(session.store, card, ctx.args.note, actions.clock(ctx.today))
    if change is None or change.after is None:  # cannot happen today: leaving done changes it
        raise ActionError(Msg("cli.cannot", what=what, reason=Msg("cli.not_saved")))
    _mark_started(ctx, session)
    note = change.after.history[-1].note or ""
    print(t("cli.sent_back", ctx.lang, card=card.id, period=card.period, note=note))
    return 0
