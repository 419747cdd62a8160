"""Deriving a week's board from the catalogue and the state files, and the card actions."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tui.core import actions
from tui.core.board import Board, BoardContext, CardKind, build_board, refresh_after_change
from tui.core.catalogue import parse_catalogue
from tui.core.periods import Week
from tui.core.state import Column, Store

CATALOGUE = """
[[areas]]
id = "rinka"
title = "Rinkodara"

[[areas.tasks]]
id = "irasas"
title = "Socialinių tinklų įrašas"
steps = ["Sukurti", "Paskelbti"]
cadence = { kind = "weekly", times = [2, 3] }

[[areas.tasks]]
id = "savaite"
title = "Savaitės planas"
steps = ["Peržiūrėti", "Sudaryti", "Įrašyti"]
cadence = { kind = "weekly" }

[[areas.tasks]]
id = "menuo"
title = "Mėnesio ataskaita"
cadence = { kind = "monthly" }
fits = ["produktai"]

[[areas.tasks]]
id = "atsakyti"
title = "Atsakyti į užklausas"
cadence = { kind = "daily" }

[[areas.tasks]]
id = "penktadienis"
title = "Mokymasis"
cadence = { kind = "rrule", rrule = "FREQ=WEEKLY;BYDAY=FR" }

[[areas.tasks]]
id = "magnetas"
title = "Lead magnetas"
steps = ["Tema", "Turinys"]
cadence = { kind = "as_needed" }
fits = ["paslaugos"]
"""

W47, W48, W49 = Week(2026, 47), Week(2026, 48), Week(2026, 49)
THURSDAY = date(2026, 11, 26)


def at(day: date) -> datetime:
    return actions.clock(day, datetime(2026, 1, 1, 10, 0).astimezone())


@pytest.fixture
def ctx(tmp_path: Path) -> BoardContext:
    return BoardContext(parse_catalogue(CATALOGUE), Store(tmp_path / "state"), W47)


def board(ctx: BoardContext, week: Week = W48, today: date = THURSDAY) -> Board:
    return build_board(ctx, week, today)


def test_untouched_week_is_all_to_do_and_as_needed_tasks_are_not_on_it(
    ctx: BoardContext,
) -> None:
    cards = board(ctx).cards
    assert [c.id for c in cards] == ["irasas", "savaite", "menuo", "atsakyti", "penktadienis"]
    assert {c.column for c in cards} == {Column.TODO}
    monthly = board(ctx).card("menuo")
    assert monthly is not None and monthly.period == "2026-11"
    daily = board(ctx).card("atsakyti")
    assert daily is not None and daily.period == "2026-11-26" and len(daily.days_due) == 7


def test_profile_filter_hides_tasks_for_other_businesses(ctx: BoardContext) -> None:
    shown = {c.id for c in board(ctx).visible(frozenset({"paslaugos"}))}
    assert "menuo" not in shown and "savaite" in shown
    assert "menuo" in {c.id for c in board(ctx).visible(frozenset({"all"}))}


def test_moves_are_saved_and_derived_back(ctx: BoardContext) -> None:
    card = board(ctx).card("savaite")
    assert card is not None
    actions.move(ctx.store, card, Column.DOING, at(THURSDAY))
    assert board(ctx).card("savaite").column is Column.DOING  # type: ignore[union-attr]
    # the same monthly occurrence shows on every week of November
    monthly = board(ctx).card("menuo")
    actions.move(ctx.store, monthly, Column.DONE, at(THURSDAY))  # type: ignore[arg-type]
    for week in (Week(2026, 45), Week(2026, 46), W47, W48):
        assert board(ctx, week).card("menuo").column is Column.DONE  # type: ignore[union-attr]
    assert board(ctx, W49, date(2026, 12, 2)).card("menuo").column is Column.TODO  # type: ignore[union-attr]


def test_tally_counts_to_the_minimum_then_to_the_maximum(ctx: BoardContext) -> None:
    def card():
        return board(ctx).card("irasas")

    actions.move(ctx.store, card(), Column.DONE, at(THURSDAY))  # type: ignore[arg-type]
    assert (card().column, card().tally) == (Column.TODO, 1)  # type: ignore[union-attr]
    actions.advance(ctx.store, card(), at(THURSDAY))  # type: ignore[arg-type]
    actions.advance(ctx.store, card(), at(THURSDAY))  # type: ignore[arg-type]
    assert (card().column, card().tally) == (Column.DONE, 2)  # type: ignore[union-attr]
    actions.advance(ctx.store, card(), at(THURSDAY))  # type: ignore[arg-type]
    assert card().tally == 3  # type: ignore[union-attr]
    assert actions.advance(ctx.store, card(), at(THURSDAY)) is None  # type: ignore[arg-type]
    actions.move(ctx.store, card(), Column.DOING, at(THURSDAY))  # type: ignore[arg-type]
    assert (card().column, card().tally) == (Column.DOING, 2)  # type: ignore[union-attr]


def test_missed_in_a_row_counts_from_the_first_tracked_week(ctx: BoardContext) -> None:
    # Tracking started in W47; W47 and W48 pass untouched.
    card = board(ctx, W49, date(2026, 12, 2)).card("savaite")
    assert card is not None and card.missed_in_row == 2 and not card.missed
    last_week = board(ctx, W48, date(2026, 12, 2)).card("savaite")
    assert last_week is not None and last_week.missed
    # Skipping is not missing: it breaks the run.
    actions.skip(ctx.store, last_week, at(date(2026, 12, 2)))
    assert board(ctx, W49, date(2026, 12, 2)).card("savaite").missed_in_row == 0  # type: ignore[union-attr]


def test_carrying_a_missed_occurrence_puts_it_on_later_boards_until_done(
    ctx: BoardContext,
) -> None:
    today = date(2026, 12, 2)
    current = board(ctx, W49, today).card("savaite")
    assert current is not None and current.last_missed is not None
    actions.carry(ctx.store, actions.carry_target(current))
    carried = board(ctx, W49, today).card("savaite@2026-W48")
    assert carried is not None and carried.kind is CardKind.CARRIED
    assert carried.carried_since == "2026-W48"
    assert board(ctx, W49, today).card("savaite").missed_in_row == 1  # type: ignore[union-attr]
    actions.move(ctx.store, carried, Column.DONE, at(today))
    assert board(ctx, W49, today).card("savaite@2026-W48").column is Column.DONE  # type: ignore[union-attr]
    assert board(ctx, Week(2026, 50), today + timedelta(days=7)).card("savaite@2026-W48") is None


def test_added_card_floats_forward_until_done(ctx: BoardContext) -> None:
    change = actions.add_card(ctx.store, "2026-W48", "rinka", at(THURSDAY), task_id="magnetas")
    assert change is not None
    card_id = change.ref.key
    added = board(ctx).card(card_id)
    assert (
        added is not None and added.title == "Lead magnetas" and added.steps == ("Tema", "Turinys")
    )
    assert added.carried_since is None
    later = board(ctx, W49, date(2026, 12, 3)).card(card_id)
    assert later is not None and later.carried_since == "2026-W48"
    assert board(ctx, W47).card(card_id) is None
    actions.move(ctx.store, later, Column.DONE, at(date(2026, 12, 3)))
    assert board(ctx, W49, date(2026, 12, 3)).card(card_id).column is Column.DONE  # type: ignore[union-attr]
    # in the week it was added, it was still to do at the end of that week
    assert board(ctx, W48, date(2026, 12, 3)).card(card_id).column is Column.TODO  # type: ignore[union-attr]
    assert board(ctx, Week(2026, 50), date(2026, 12, 10)).card(card_id) is None


def test_undo_and_redo_write_the_record_back(ctx: BoardContext) -> None:
    card = board(ctx).card("savaite")
    change = actions.tick(ctx.store, card, 1)  # type: ignore[arg-type]
    assert change is not None
    assert board(ctx).card("savaite").checked == {1}  # type: ignore[union-attr]
    actions.undo(ctx.store, change)
    assert board(ctx).card("savaite").checked == set()  # type: ignore[union-attr]
    actions.redo(ctx.store, change)
    assert board(ctx).card("savaite").steps_done == 1  # type: ignore[union-attr]


def test_an_action_that_changes_nothing_writes_nothing(ctx: BoardContext) -> None:
    card = board(ctx).card("savaite")
    assert actions.move(ctx.store, card, Column.TODO, at(THURSDAY)) is None  # type: ignore[arg-type]
    assert ctx.store.period_keys() == []


def test_daily_card_stands_for_today_and_counts_days_done(ctx: BoardContext) -> None:
    for day in (date(2026, 11, 23), date(2026, 11, 24), THURSDAY):
        card = board(ctx, W48, day).card("atsakyti")
        actions.move(ctx.store, card, Column.DONE, at(day))  # type: ignore[arg-type]
    friday = board(ctx, W48, date(2026, 11, 27)).card("atsakyti")
    assert friday is not None and friday.column is Column.TODO
    assert len(friday.days_done) == 3 and friday.period == "2026-11-27"


ACTIONS = st.lists(
    st.tuples(
        st.sampled_from(["move", "advance", "tick", "skip", "undo", "add"]),
        st.sampled_from(["irasas", "savaite", "menuo", "atsakyti", "penktadienis"]),
        st.sampled_from([Column.TODO, Column.DOING, Column.DONE]),
    ),
    max_size=12,
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(steps=ACTIONS)
def test_updating_only_touched_cards_gives_the_same_board_as_deriving_all(
    tmp_path_factory: pytest.TempPathFactory, steps: list[tuple[str, str, Column]]
) -> None:
    folder = tmp_path_factory.mktemp("state")
    ctx = BoardContext(parse_catalogue(CATALOGUE), Store(folder), W47)
    shown = build_board(ctx, W48, THURSDAY)
    done: list[actions.Change] = []
    for kind, card_id, column in steps:
        card = shown.card(card_id)
        if card is None or card.column is Column.SKIPPED:
            continue
        if kind == "move":
            change = actions.move(ctx.store, card, column, at(THURSDAY))
        elif kind == "advance":
            change = actions.advance(ctx.store, card, at(THURSDAY))
        elif kind == "tick":
            change = actions.tick(ctx.store, card, 0) if card.steps else None
        elif kind == "skip":
            change = actions.skip(ctx.store, card, at(THURSDAY))
        elif kind == "add":
            change = actions.add_card(ctx.store, "2026-W48", "rinka", at(THURSDAY), title="Savas")
        else:
            change = actions.undo(ctx.store, done.pop()) if done else None
        if change is None:
            continue
        if kind != "undo":
            done.append(change)
        shown = refresh_after_change(ctx, shown, change.ref)
        full = build_board(ctx, W48, THURSDAY)
        assert sorted(shown.cards, key=lambda c: c.id) == sorted(full.cards, key=lambda c: c.id)
        assert sorted(shown.skipped, key=lambda c: c.id) == sorted(full.skipped, key=lambda c: c.id)


def test_a_task_removed_from_the_catalogue_keeps_its_card_and_history(
    ctx: BoardContext, tmp_path: Path
) -> None:
    card = board(ctx).card("savaite")
    actions.move(ctx.store, card, Column.DOING, at(THURSDAY))  # type: ignore[arg-type]
    smaller = parse_catalogue(CATALOGUE.replace('id = "savaite"', 'id = "kitas"'))
    after = BoardContext(smaller, ctx.store, W47)
    orphan = build_board(after, W48, THURSDAY).card("savaite")
    assert orphan is not None and not orphan.in_catalogue
    assert orphan.column is Column.DOING and orphan.title == "savaite"
    change = actions.move(ctx.store, orphan, Column.DONE, at(THURSDAY))
    assert change is not None
    shown = refresh_after_change(after, build_board(after, W48, THURSDAY), change.ref)
    assert shown.card("savaite").column is Column.DONE  # type: ignore[union-attr]
    assert "kitas" in {c.id for c in build_board(after, W48, THURSDAY).cards}


def test_undo_keeps_what_another_session_changed_since(ctx: BoardContext) -> None:
    other = BoardContext(ctx.catalogue, Store(ctx.store.dir), W47)
    mine = actions.tick(ctx.store, board(ctx).card("savaite"), 0)  # type: ignore[arg-type]
    theirs = build_board(other, W48, THURSDAY).card("savaite")
    actions.tick(other.store, theirs, 1)  # type: ignore[arg-type]
    actions.set_note(other.store, theirs, "jų pastaba")  # type: ignore[arg-type]
    actions.move(other.store, theirs, Column.DOING, at(THURSDAY))  # type: ignore[arg-type]
    assert mine is not None
    mine.undo(ctx.store)
    card = board(ctx).card("savaite")
    assert card is not None
    assert card.checked == {1} and card.note == "jų pastaba" and card.column is Column.DOING
    mine.redo(ctx.store)
    assert board(ctx).card("savaite").checked == {0, 1}  # type: ignore[union-attr]


def test_undoing_a_move_takes_back_only_that_move(ctx: BoardContext) -> None:
    card = board(ctx).card("savaite")
    first = actions.move(ctx.store, card, Column.DOING, at(THURSDAY))  # type: ignore[arg-type]
    second = actions.move(ctx.store, board(ctx).card("savaite"), Column.DONE, at(THURSDAY))  # type: ignore[arg-type]
    assert first is not None and second is not None
    second.undo(ctx.store)
    record = ctx.record(card.ref)  # type: ignore[union-attr]
    assert record is not None and record.column is Column.DOING
    assert [m.to for m in record.history] == [Column.DOING] and record.done_on is None


def test_a_new_card_never_takes_an_existing_key(
    ctx: BoardContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    keys = iter(["n1126aaaa", "n1126aaaa", "n1126bbbb"])
    monkeypatch.setattr(actions, "new_card_key", lambda at: next(keys))
    first = actions.add_card(ctx.store, "2026-W48", "rinka", at(THURSDAY), title="Domenas")
    second = actions.add_card(ctx.store, "2026-W48", "rinka", at(THURSDAY), title="Sertifikatas")
    assert first is not None and second is not None
    assert (first.ref.key, second.ref.key) == ("n1126aaaa", "n1126bbbb")
    titles = {c.title for c in board(ctx).cards if c.kind is CardKind.ADDED}
    assert titles == {"Domenas", "Sertifikatas"}


def test_a_new_workspace_misses_nothing_before_its_first_day(tmp_path: Path) -> None:
    from tui.core.session import Session
    from tui.core.workspace import Workspace, init_workspace

    init_workspace(tmp_path / "ws")
    session = Session(Workspace(tmp_path / "ws"), THURSDAY, profile=frozenset({"all"}))
    assert session.started == THURSDAY
    daily = session.board(W48).card("atsakyti-i-uzklausas")
    assert daily is not None and daily.missed_in_row == 0 and not daily.missed
    session.mark_started()
    friday = Session(Workspace(tmp_path / "ws"), date(2026, 11, 27), profile=frozenset({"all"}))
    assert friday.board(W48).card("atsakyti-i-uzklausas").missed_in_row == 1  # type: ignore[union-attr]


def test_weeks_that_start_on_sunday_keep_daily_and_friday_tasks_in_their_own_days(
    tmp_path: Path,
) -> None:
    ctx = BoardContext(parse_catalogue(CATALOGUE), Store(tmp_path / "state"), W47, week_start=6)
    sunday = date(2026, 11, 29)  # the first day of 2026-W49 when weeks start on Sunday
    daily = build_board(ctx, W49, sunday).card("atsakyti")
    assert daily is not None and daily.period == "2026-11-29"
    assert daily.days_due[0] == sunday and daily.days_due[-1] == date(2026, 12, 5)
    actions.move(ctx.store, daily, Column.DONE, at(sunday))
    again = build_board(ctx, W49, sunday).card("atsakyti")
    assert again is not None and again.column is Column.DONE and again.days_done == (sunday,)
    assert daily.ref.file == "2026-W49"
    friday = build_board(ctx, W49, sunday).card("penktadienis")
    assert friday is not None and friday.days_due == ()  # rrule: one card, due that week
    # the week before (Sun 22 – Sat 28 Nov) still holds Friday the 27th
    assert build_board(ctx, W48, sunday).card("penktadienis") is not None
