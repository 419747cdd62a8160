"""What keeps Ritmas fast at scale still gives the same answers (speed itself is in ``bench/``)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from tui.core.board import build_board
from tui.core.periods import Week
from tui.core.session import Session
from tui.core.state import Column, PeriodState, Record, Store
from tui.core.workspace import CACHE_DIR, Workspace
from tui.ui.widgets.card_column import TITLE_LINES, title_lines


@pytest.mark.parametrize("width", [1, 5, 20, 37])
def test_a_huge_title_shows_its_start_cut_with_an_ellipsis(width: int) -> None:
    title = "Labai ilgas pavadinimas su lietuviškomis raidėmis ąčęėįšųūž " * 20_000  # ~1 MB
    lines = title_lines(title, width)
    assert len(lines) == TITLE_LINES
    assert lines[-1].endswith("…")
    assert all(len(line) <= width for line in lines)
    assert title.startswith(lines[0].rstrip("…"))


def test_titles_take_the_lines_they_need() -> None:
    assert title_lines("Paruošti mėnesio kampaniją", 20) == ["Paruošti mėnesio", "kampaniją"]
    assert title_lines("Trumpas", 20) == ["Trumpas"]  # one line, no blank one under it
    assert title_lines("ab " * 100, 20) == [
        "ab ab ab ab ab ab ab",
        "ab ab ab ab ab ab ab",
        "ab ab ab ab ab ab a…",
    ]


def test_a_steady_pass_looks_at_each_file_once_and_sees_changes_after(tmp_path: Path) -> None:
    store = Store(tmp_path)
    path = tmp_path / "2026-W48.json"
    path.write_text(PeriodState(period="2026-W48").to_json(), encoding="utf-8")
    with store.steady():
        assert store.read("2026-W48").cards == {}
        changed = PeriodState(period="2026-W48", cards={"n00001": Record(title="Naujas")})
        path.write_text(changed.to_json() + "\n", encoding="utf-8")  # another session
        assert store.read("2026-W48").cards == {}  # one pass, one view of the file
    assert store.read("2026-W48").cards["n00001"].title == "Naujas"


def test_a_period_without_a_file_reads_empty_and_then_its_file(tmp_path: Path) -> None:
    store = Store(tmp_path)
    empty = store.read("2026-W47")
    assert empty == PeriodState(period="2026-W47")
    assert store.read("2026-W47") is empty  # the same empty state, not a new one each time
    made = PeriodState(period="2026-W47", cards={"n00002": Record(title="Vėliau")})
    (tmp_path / "2026-W47.json").write_text(made.to_json(), encoding="utf-8")
    assert store.read("2026-W47").cards["n00002"].title == "Vėliau"


# ---------------------------------------------------------------------------------------------
# The index of floating records: old files whose cards were all closed are not read again.

CATALOGUE = """
[[areas]]
id = "rinka"
title = "Rinkodara"

[[areas.tasks]]
id = "planas"
title = "Savaitės planas"
cadence = { kind = "weekly" }
"""
THURSDAY = date(2026, 11, 26)


def card(title: str, column: Column, closed: str | None = None) -> Record:
    return Record(title=title, area="rinka", column=column, done_on=closed)


def history(root: Path) -> Path:
    """An old week with a card done long ago, another with a card still open."""
    state = root / "state"
    state.mkdir(parents=True)
    (root / "catalogue.toml").write_text(CATALOGUE, encoding="utf-8")
    old = PeriodState(period="2020-W10", cards={"n00001": card("Sena", Column.DONE, "2020-03-03")})
    (state / "2020-W10.json").write_text(old.to_json(), encoding="utf-8")
    still = PeriodState(period="2024-W02", cards={"n00002": card("Vis dar", Column.TODO)})
    (state / "2024-W02.json").write_text(still.to_json(), encoding="utf-8")
    return root


def titles_on_board(root: Path, parsed: list[str] | None = None) -> list[str]:
    session = Session(Workspace(root), THURSDAY, profile=frozenset({"all"}))
    if parsed is not None:
        original = session.store._parse

        def counting(path: Path, key: str) -> PeriodState:
            parsed.append(key)
            return original(path, key)

        session.store._parse = counting  # type: ignore[method-assign]
    return sorted(
        card.title for card in build_board(session.context, Week.of(THURSDAY), THURSDAY).cards
    )


def test_files_whose_floating_cards_all_closed_long_ago_are_not_read(tmp_path: Path) -> None:
    root = history(tmp_path / "ws")
    assert titles_on_board(root) == ["Savaitės planas", "Vis dar"]
    assert (root / CACHE_DIR / "floating.json").is_file()
    parsed: list[str] = []
    assert titles_on_board(root, parsed) == ["Savaitės planas", "Vis dar"]
    # Neither is parsed again: the open card of 2024-W02 is kept in the index too.
    assert "2020-W10" not in parsed and "2024-W02" not in parsed


def test_an_open_card_kept_in_the_index_is_read_anew_once_its_file_changes(
    tmp_path: Path,
) -> None:
    root = history(tmp_path / "ws")
    titles_on_board(root)
    renamed = PeriodState(period="2024-W02", cards={"n00002": card("Pervadinta", Column.TODO)})
    (root / "state" / "2024-W02.json").write_text(renamed.to_json(), encoding="utf-8")
    parsed: list[str] = []
    assert titles_on_board(root, parsed) == ["Pervadinta", "Savaitės planas"]
    assert "2024-W02" in parsed


def test_a_file_changed_since_is_read_again(tmp_path: Path) -> None:
    root = history(tmp_path / "ws")
    titles_on_board(root)
    reopened = PeriodState(period="2020-W10", cards={"n00001": card("Sena", Column.DOING)})
    (root / "state" / "2020-W10.json").write_text(reopened.to_json() + "\n", encoding="utf-8")
    assert titles_on_board(root) == ["Savaitės planas", "Sena", "Vis dar"]


@pytest.mark.parametrize("index", [b"", b"{", b'{"format": 1, "files": {"2020-W10": [1]}}', b"[]"])
def test_a_damaged_index_is_made_again(tmp_path: Path, index: bytes) -> None:
    root = history(tmp_path / "ws")
    titles_on_board(root)
    (root / CACHE_DIR / "floating.json").write_bytes(index)
    assert titles_on_board(root) == ["Savaitės planas", "Vis dar"]
    parsed: list[str] = []
    titles_on_board(root, parsed)
    assert "2020-W10" not in parsed  # made again, and used


def test_one_session_sees_an_old_file_change_between_two_boards(tmp_path: Path) -> None:
    root = history(tmp_path / "ws")
    session = Session(Workspace(root), THURSDAY, profile=frozenset({"all"}))
    week = Week.of(THURSDAY)
    assert "Sena" not in [c.title for c in build_board(session.context, week, THURSDAY).cards]
    reopened = PeriodState(period="2020-W10", cards={"n00001": card("Sena", Column.DOING)})
    (root / "state" / "2020-W10.json").write_text(reopened.to_json() + "\n", encoding="utf-8")
    assert "Sena" in [c.title for c in build_board(session.context, week, THURSDAY).cards]


def names_at_start(root: Path, parsed: list[str]) -> list[str]:
    """The names a board's start offers for completion, through the store's thread's keeper."""
    from tui.core.keeper import StoreKeeper

    session = Session(Workspace(root), THURSDAY, profile=frozenset({"all"}))
    original = session.store._parse

    def counting(path: Path, key: str) -> PeriodState:
        parsed.append(key)
        return original(path, key)

    session.store._parse = counting  # type: ignore[method-assign]
    return list(StoreKeeper(session, "lt").board(Week.of(THURSDAY)).names)


def test_names_in_use_come_from_the_index_not_from_every_file(tmp_path: Path) -> None:
    root = history(tmp_path / "ws")
    old = PeriodState(
        period="2020-W10",
        cards={"n00001": card("Sena", Column.DONE, "2020-03-03")},
        occurrences={"planas": Record(assignee="Rasa", column=Column.DONE)},
    )
    (root / "state" / "2020-W10.json").write_text(old.to_json(), encoding="utf-8")
    first: list[str] = []
    assert names_at_start(root, first) == ["Rasa"]
    assert "2020-W10" in first  # no index yet: read once
    again: list[str] = []
    assert names_at_start(root, again) == ["Rasa"]
    assert "2020-W10" not in again  # its names came from the index
    # Changed since: read again, and its new name offered.
    old.occurrences["planas"].assignee = "Tomas"
    (root / "state" / "2020-W10.json").write_text(old.to_json() + "\n", encoding="utf-8")
    changed: list[str] = []
    assert names_at_start(root, changed) == ["Tomas"]
    assert "2020-W10" in changed
