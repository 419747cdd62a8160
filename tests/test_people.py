"""Who does what, in the core: names, "who am I", filters, the catalogue's default assignee,
assigning and sending back, and done / due per person in the review."""

from __future__ import annotations

import os
from datetime import date, datetime
from pathlib import Path

import pytest

from tui.core import actions
from tui.core.board import BoardContext, build_board
from tui.core.catalogue import CatalogueError, parse_catalogue
from tui.core.names_in_use import names_in_use
from tui.core.people import (
    MAX_NAME,
    PersonError,
    clean_name,
    clean_send_back_note,
    resolve_who,
    user_file,
    who_am_i,
)
from tui.core.periods import Week
from tui.core.review import build_review
from tui.core.state import Column, Store

WEEK = Week(2026, 48)
TODAY = date(2026, 11, 26)
AT = datetime.fromisoformat("2026-11-26T10:00:00+02:00")


@pytest.mark.parametrize(
    ("typed", "kept"),
    [("Ona", "Ona"), ("  Jonas K.  ", "Jonas K."), ("Žydrūnė", "Žydrūnė"), ("x" * MAX_NAME, None)],
)
def test_good_names_are_kept_trimmed(typed: str, kept: str | None) -> None:
    assert clean_name(typed) == (kept or typed)


@pytest.mark.parametrize(
    ("typed", "words"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ("Ona\nJonas", "one line"),
        ("O\x1b[31mna", "control character (U+001B)"),
        ("Ona\u202e", "control character (U+202E)"),  # right-to-left override
        ("O\x00na", "control character (U+0000)"),
        ("x" * (MAX_NAME + 1), f"at most {MAX_NAME}"),
        ("-", "reserved"),
        ("Mine", "reserved"),
    ],
)
def test_bad_names_are_refused_in_one_line(typed: str, words: str) -> None:
    with pytest.raises(PersonError) as error:
        clean_name(typed)
    assert words in str(error.value) and "\n" not in str(error.value)


@pytest.mark.parametrize("note", ["", "  ", "a\nb", "bad \x07 bell", "x" * 301])
def test_bad_send_back_notes_are_refused(note: str) -> None:
    with pytest.raises(PersonError):
        clean_send_back_note(note)


def test_who_am_i_from_the_environment_then_the_user_file(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    assert user_file().is_relative_to(Path(os.environ["XDG_CONFIG_HOME"]))
    assert who_am_i({}) is None
    user_file().parent.mkdir(parents=True)
    user_file().write_text('name = "Ona"\n', encoding="utf-8")
    assert who_am_i({}) == "Ona"
    assert who_am_i({"RITMAS_USER": " Jonas "}) == "Jonas"
    with pytest.raises(PersonError, match=r"\$RITMAS_USER"):
        who_am_i({"RITMAS_USER": "a\x1bb"})
    user_file().write_text("name = 3\n", encoding="utf-8")
    with pytest.raises(PersonError, match="'name' must be a string"):
        who_am_i({})
    user_file().write_text("name = [\n", encoding="utf-8")
    with pytest.raises(PersonError, match=r"user\.toml:1: TOML syntax error"):
        who_am_i({})


def test_resolve_who() -> None:
    assert resolve_who("mine", "Ona") == "Ona"
    assert resolve_who("MINE", "Ona") == "Ona"
    assert resolve_who("-", None) == ""
    assert resolve_who(" jonas ", None) == "jonas"
    with pytest.raises(PersonError, match="RITMAS_USER"):
        resolve_who("mine", None)


CATALOGUE = """\
start = "2026-W01"

[[areas]]
id = "vadyba"
title = "Vadyba"

[[areas.tasks]]
id = "finansai"
title = "Tvarkyti finansus"
steps = ["Sąskaitos", "Bankas"]
cadence = { kind = "weekly" }
assignee = "Rasa"

[[areas.tasks]]
id = "pastas"
title = "Patikrinti paštą"
cadence = { kind = "weekly" }

[[areas.tasks]]
id = "irasai"
title = "Įrašai"
cadence = { kind = "weekly", times = [2, 3] }
"""


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store(tmp_path / "state")


def board(store: Store):
    return build_board(BoardContext(parse_catalogue(CATALOGUE), store, WEEK), WEEK, TODAY)


def test_catalogue_default_assignee_and_clearing_it(store: Store) -> None:
    assert board(store).card("finansai").assignee == "Rasa"
    assert board(store).card("pastas").assignee is None
    actions.assign(store, board(store).card("finansai"), "Ona")
    assert board(store).card("finansai").assignee == "Ona"
    actions.assign(store, board(store).card("finansai"), None)
    # Nobody, not the catalogue's Rasa: the record says so with an empty name.
    assert board(store).card("finansai").assignee is None
    assert store.read("2026-W48").occurrences["finansai"].assignee == ""
    # Clearing a card whose task names nobody writes nothing.
    assert actions.assign(store, board(store).card("pastas"), None) is None


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ('"a\\u001bb"', "control character"),
        ('""', "empty"),
        (f'"{"x" * 40}"', "at most 32"),
        ("3", "string"),
    ],
)
def test_catalogue_rejects_a_bad_default_assignee_naming_line_and_task(
    value: str, words: str
) -> None:
    text = CATALOGUE.replace('assignee = "Rasa"', f"assignee = {value}")
    with pytest.raises(CatalogueError) as error:
        parse_catalogue(text, "catalogue.toml")
    (line,) = error.value.lines
    assert line.startswith("catalogue.toml:12: area 'vadyba', task 'finansai', field 'assignee': ")
    assert words in line


def test_filter_by_person_mine_and_nobody(store: Store) -> None:
    actions.assign(store, board(store).card("pastas"), "ona")
    everyone = frozenset({"visi"})
    shown = board(store)
    assert [c.id for c in shown.visible(everyone, who="Ona")] == ["pastas"]
    assert [c.id for c in shown.visible(everyone, who="rasa")] == ["finansai"]
    assert [c.id for c in shown.visible(everyone, who="")] == ["irasai"]
    assert len(shown.visible(everyone)) == 3
    assert names_in_use(store, parse_catalogue(CATALOGUE)) == ["ona", "Rasa"]


def test_assign_refuses_a_bad_name_and_writes_nothing(store: Store) -> None:
    with pytest.raises(actions.ActionRefused, match="control character"):
        actions.assign(store, board(store).card("pastas"), "O\x1bna")
    assert not store.path("2026-W48").exists()


def test_send_back_only_from_done_and_takes_a_tally_time_back(store: Store) -> None:
    with pytest.raises(actions.ActionRefused, match="only a done card"):
        actions.send_back(store, board(store).card("pastas"), "why", AT)
    card = board(store).card("irasai")
    actions.move(store, card, Column.DONE, AT)
    actions.move(store, board(store).card("irasai"), Column.DONE, AT)
    assert board(store).card("irasai").column is Column.DONE
    change = actions.send_back(store, board(store).card("irasai"), "Per tamsi nuotrauka", AT)
    after = board(store).card("irasai")
    assert after.column is Column.DOING and after.tally == 1
    assert after.fixes_note == "Per tamsi nuotrauka"
    # Undo puts it back in done, with the send-back gone from the history.
    assert change is not None
    change.undo(store)
    undone = store.read("2026-W48").occurrences["irasai"]
    assert undone.column is Column.DONE and all(m.note is None for m in undone.history)


def people_of(store: Store, catalogue: str = CATALOGUE) -> list[tuple[str, int, int]]:
    context = BoardContext(parse_catalogue(catalogue), store, WEEK)
    review = build_review(context, WEEK, TODAY, frozenset({"visi"}))
    return [(p.name, p.done, p.due) for p in review.people]


def test_review_done_and_due_per_person(store: Store) -> None:
    assert people_of(store, CATALOGUE.replace('assignee = "Rasa"\n', "")) == []
    assert people_of(store) == [("Rasa", 0, 1), ("", 0, 2)]
    actions.assign(store, board(store).card("pastas"), "Ona")
    actions.move(store, board(store).card("pastas"), Column.DONE, AT)
    assert people_of(store) == [("Ona", 1, 1), ("Rasa", 0, 1), ("", 0, 1)]


def test_default_assignee_survives_the_catalogue_cache(tmp_path: Path) -> None:
    from tui.core.catalogue_cache import load_catalogue_cached

    path = tmp_path / "catalogue.toml"
    path.write_text(CATALOGUE, encoding="utf-8")
    first = load_catalogue_cached(path, tmp_path / "cache")
    cached = load_catalogue_cached(path, tmp_path / "cache")  # from the cache this time
    assert (tmp_path / "cache").is_dir()
    assert [t.assignee for _, t in cached.tasks()] == ["Rasa", None, None]
    assert cached == first
