"""The three-way merge of state files: laws checked with Hypothesis, rules with examples."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tui.core.actions import new_card_key
from tui.core.merge import NOTE_JOINER, merge_file, merge_record, merge_settings, merge_states
from tui.core.state import Column, Move, PeriodState, Record, Reflection, StateFileError

PERIOD = "2026-W48"

# Moments around one morning in several offsets, so time order is not text order.
_ZONES = [UTC, timezone(timedelta(hours=2)), timezone(timedelta(hours=-5))]
moments = st.builds(
    lambda minutes, zone: (
        (datetime(2026, 11, 26, 9, tzinfo=UTC) + timedelta(minutes=minutes))
        .astimezone(zone)
        .isoformat(timespec="seconds")
    ),
    st.integers(0, 600),
    st.sampled_from(_ZONES),
)
columns = st.sampled_from(list(Column))
moves = st.builds(Move, at=moments, to=columns, source=st.one_of(st.none(), columns))
texts = st.sampled_from(["", "skambinti", "Ona paskambino", "žr. laišką"])
records = st.builds(
    Record,
    column=columns,
    checked=st.lists(st.integers(0, 4), unique=True, max_size=4).map(sorted),
    tally=st.integers(0, 4),
    note=texts,
    carried=st.booleans(),
    done_on=st.one_of(st.none(), st.sampled_from(["2026-11-26", "2026-11-27"])),
    history=st.lists(moves, max_size=4),
    title=st.one_of(st.none(), st.sampled_from(["Skambutis", "Sąskaita"])),
    area=st.one_of(st.none(), st.sampled_from(["it", "vadyba"])),
)
reflections = st.builds(Reflection, worked=texts, repeat_change=texts, focus=texts)
occurrence_keys = st.sampled_from(["socialinis-irasas", "pasto-tikrinimas@2026-11-26", "x"])
card_keys = st.sampled_from(["n1126a3f0", "n1127beef", "n1126a3f0c1"])
states = st.builds(
    PeriodState,
    period=st.just(PERIOD),
    occurrences=st.dictionaries(occurrence_keys, records, max_size=3),
    cards=st.dictionaries(card_keys, records, max_size=2),
    review=reflections,
)


@st.composite
def edited(draw: st.DrawFn, base: PeriodState) -> PeriodState:
    """A side that grew from ``base``: some records kept, some changed, some dropped or added."""
    out = base.model_copy(deep=True)
    for section in (out.occurrences, out.cards):
        for key in list(section):
            choice = draw(st.sampled_from(["keep", "keep", "edit", "drop"]))
            if choice == "drop":
                del section[key]
            elif choice == "edit":
                section[key] = _edit(draw, section[key])
    out.occurrences.update(draw(st.dictionaries(occurrence_keys, records, max_size=1)))
    out.cards.update(draw(st.dictionaries(card_keys, records, max_size=1)))
    if draw(st.booleans()):
        out.review = draw(reflections)
    return out


def _edit(draw: st.DrawFn, record: Record) -> Record:
    record = record.model_copy(deep=True)
    checked = set(record.checked)
    checked.symmetric_difference_update(draw(st.sets(st.integers(0, 4), max_size=2)))
    record.checked = sorted(checked)
    if draw(st.booleans()):
        record.tally = max(0, record.tally + draw(st.integers(-1, 2)))
    if draw(st.booleans()):
        record.note = draw(texts)
    if draw(st.booleans()):
        move = draw(moves)
        record.history = [*record.history, move]
        record.column = move.to
    return record


triples = states.flatmap(lambda b: st.tuples(st.just(b), edited(b), edited(b)))


@settings(max_examples=300)
@given(triples)
def test_the_same_whichever_side_is_ours(triple: tuple[PeriodState, ...]) -> None:
    base, ours, theirs = triple
    assert merge_states(base, ours, theirs) == merge_states(base, theirs, ours)


@settings(max_examples=200)
@given(states, states, states)
def test_the_same_whichever_side_is_ours_for_unrelated_sides(
    base: PeriodState, ours: PeriodState, theirs: PeriodState
) -> None:
    assert merge_states(base, ours, theirs) == merge_states(base, theirs, ours)
    assert merge_states(None, ours, theirs) == merge_states(None, theirs, ours)


@given(states, states)
def test_a_side_that_changed_nothing_gives_the_other(base: PeriodState, side: PeriodState) -> None:
    assert merge_states(base, base, side) == side
    assert merge_states(base, side, base) == side


@settings(max_examples=300)
@given(triples)
def test_merging_again_changes_nothing(triple: tuple[PeriodState, ...]) -> None:
    base, ours, theirs = triple
    merged = merge_states(base, ours, theirs)
    assert merge_states(base, merged, merged) == merged
    # What git does next: the merge, merged again with either parent (now the merge base).
    assert merge_states(theirs, merged, theirs) == merged
    assert merge_states(ours, merged, ours) == merged
    # And it survives being written and read back.
    assert PeriodState.model_validate_json(merged.to_json()) == merged


@settings(max_examples=300)
@given(triples)
def test_every_change_of_both_sides_is_kept(triple: tuple[PeriodState, ...]) -> None:
    base, ours, theirs = triple
    merged = merge_states(base, ours, theirs)
    for key in base.occurrences.keys() & ours.occurrences.keys() & theirs.occurrences.keys():
        b, o, t = base.occurrences[key], ours.occurrences[key], theirs.occurrences[key]
        m = merged.occurrences[key]
        if o in (t, b) or t == b:
            continue
        old = set(b.checked)
        ticked = (set(o.checked) - old) | (set(t.checked) - old)
        unticked = (old - set(o.checked)) | (old - set(t.checked))
        assert ticked <= set(m.checked)
        assert not unticked & set(m.checked)
        assert m.tally == max(0, o.tally + t.tally - b.tally)
        for move in o.history + t.history:
            if move not in b.history:
                assert move in m.history
        if b.history not in (o.history, t.history) and o.history != t.history:
            times = [datetime.fromisoformat(move.at) for move in m.history]
            assert times == sorted(times)
        for text in (o.note, t.note):
            if text and text != b.note:
                assert text in m.note


# ---------------------------------------------------------------------------------------------
# The rules, one example each


def _move(at: str, to: Column, source: Column | None = Column.TODO) -> Move:
    return Move(at=at, to=to, source=source)


def test_ticks_are_the_base_plus_both_sides_changes_not_a_union() -> None:
    base = Record(checked=[0, 1])
    ours = Record(checked=[0])  # unticked step 2
    theirs = Record(checked=[0, 1, 2])  # ticked step 3
    assert merge_record(base, ours, theirs) == Record(checked=[0, 2])


def test_tallies_add_both_sides_differences() -> None:
    merged = merge_record(Record(tally=1, note="a"), Record(tally=2), Record(tally=3, note="a"))
    assert merged is not None and merged.tally == 4


def test_two_machines_that_each_counted_once_counted_twice() -> None:
    counted = Record(tally=1)
    assert merge_record(Record(), counted, counted) == Record(tally=2)
    assert merge_record(None, counted, counted) == Record(tally=2)


def test_the_later_move_wins_the_column_by_real_time_across_offsets() -> None:
    base = Record(history=[_move("2026-11-26T08:00:00+00:00", Column.TODO, None)])
    # 10:30 at +02:00 is 08:30 UTC: earlier than 09:00 UTC, though its text sorts later.
    ours = Record(
        column=Column.DONE,
        done_on="2026-11-26",
        history=[*base.history, _move("2026-11-26T10:30:00+02:00", Column.DONE)],
    )
    theirs = Record(
        column=Column.DOING,
        history=[*base.history, _move("2026-11-26T09:00:00+00:00", Column.DOING)],
    )
    for merged in (merge_record(base, ours, theirs), merge_record(base, theirs, ours)):
        assert merged is not None
        assert merged.column is Column.DOING and merged.done_on is None
        assert [m.at for m in merged.history] == [
            "2026-11-26T08:00:00+00:00",
            "2026-11-26T10:30:00+02:00",
            "2026-11-26T09:00:00+00:00",
        ]


def test_notes_both_changed_keep_both_texts() -> None:
    merged = merge_record(Record(note="a"), Record(note="Ona: skambinti"), Record(note="Jonas"))
    assert merged is not None and merged.note == f"Jonas{NOTE_JOINER}Ona: skambinti"


def test_a_note_emptied_on_one_side_and_edited_on_the_other_keeps_the_edit() -> None:
    merged = merge_record(Record(note="a"), Record(note=""), Record(note="a, b"))
    assert merged is not None and merged.note == "a, b"


def test_an_edit_beats_a_deletion() -> None:
    base = Record(checked=[1])
    edited_record = Record(checked=[1, 2])
    assert merge_record(base, None, edited_record) == edited_record
    assert merge_record(base, edited_record, None) == edited_record
    assert merge_record(base, None, base) is None  # deleted, and the other side did nothing


def test_reflections_keep_both_texts_and_single_changes() -> None:
    base = PeriodState(period=PERIOD, review=Reflection(worked="x"))
    ours = PeriodState(period=PERIOD, review=Reflection(worked="y", focus="pardavimai"))
    theirs = PeriodState(period=PERIOD, review=Reflection(worked="z"))
    review = merge_states(base, ours, theirs).review
    assert review == Reflection(worked=f"y{NOTE_JOINER}z", focus="pardavimai")


def test_two_cards_added_under_one_key_on_two_machines_both_stay() -> None:
    mine = Record(title="Skambutis", area="it", created="2026-11-26")
    other = Record(title="Sąskaita", area="it", created="2026-11-26")
    ours = PeriodState(period=PERIOD, cards={"n1126a3f0": mine})
    theirs = PeriodState(period=PERIOD, cards={"n1126a3f0": other})
    merged = merge_states(None, ours, theirs)
    assert merged == merge_states(None, theirs, ours)
    assert sorted(r.title or "" for r in merged.cards.values()) == ["Skambutis", "Sąskaita"]
    assert "n1126a3f0" in merged.cards


def test_one_card_changed_on_both_machines_is_merged_not_doubled() -> None:
    added = _move("2026-11-26T08:00:00+00:00", Column.TODO, None)
    card = Record(title="Skambutis", area="it", created="2026-11-26", history=[added])
    ours = PeriodState(period=PERIOD, cards={"n1": card.model_copy(update={"checked": [0]})})
    theirs = PeriodState(period=PERIOD, cards={"n1": card.model_copy(update={"note": "ok"})})
    merged = merge_states(None, ours, theirs)
    assert list(merged.cards) == ["n1"]
    assert merged.cards["n1"].checked == [0] and merged.cards["n1"].note == "ok"


def test_an_occurrence_both_sides_touched_first_merges_from_a_blank_record() -> None:
    ours = PeriodState(period=PERIOD, occurrences={"x": Record(checked=[0], tally=1)})
    theirs = PeriodState(period=PERIOD, occurrences={"x": Record(checked=[2], tally=1, note="n")})
    merged = merge_states(PeriodState(period=PERIOD), ours, theirs).occurrences["x"]
    assert merged.checked == [0, 2] and merged.tally == 2 and merged.note == "n"


def test_a_field_both_changed_differently_is_picked_the_same_way_on_both_machines() -> None:
    base = Record(area="it")
    first = merge_record(base, Record(area="vadyba"), Record(area="marketingas"))
    second = merge_record(base, Record(area="marketingas"), Record(area="vadyba"))
    assert first == second


def test_new_card_keys_carry_24_random_bits() -> None:
    at = datetime(2026, 11, 26, 9, tzinfo=UTC)
    keys = [new_card_key(at) for _ in range(50)]
    assert all(re.fullmatch(r"n1126[0-9a-f]{6}", k) for k in keys), keys
    assert len(set(keys)) > 45  # random, not a counter or the clock


def test_settings_merge_key_by_key_and_keep_the_earlier_first_day() -> None:
    base = {"week_start": "monday", "keys": {"quit": "q"}}
    ours = {"week_start": "monday", "started": "2026-11-26", "lang": "lt", "keys": {"quit": "q"}}
    theirs = {"week_start": "sunday", "started": "2026-W47", "keys": {"quit": "q", "help": "h"}}
    merged = merge_settings(base, ours, theirs)
    assert merged == merge_settings(base, theirs, ours)
    assert merged == {
        "week_start": "sunday",
        "started": "2026-11-26",  # the earlier of the two, as written ("2026-11-26" < "2026-W47")
        "lang": "lt",
        "keys": {"quit": "q", "help": "h"},
    }


def test_merge_file_reads_each_side_and_names_the_one_it_cannot_read() -> None:
    side = PeriodState(period=PERIOD, occurrences={"x": Record(checked=[1])}).to_json().encode()
    merged = merge_file(f"state/{PERIOD}.json", b"", side, side)
    assert PeriodState.model_validate_json(merged).occurrences["x"].checked == [1]
    with pytest.raises(StateFileError, match=r"\(theirs\)"):
        merge_file(f"state/{PERIOD}.json", b"", side, b"<<<<<<< HEAD\n")
    text = merge_file("ritmas.toml", None, b'lang = "lt"\n', b'week_start = "sunday"\n')
    assert 'lang = "lt"' in text and 'week_start = "sunday"' in text
