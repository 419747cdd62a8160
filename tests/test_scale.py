"""What keeps Ritmas fast at scale still gives the same answers (speed itself is in ``bench/``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tui.core.state import PeriodState, Record, Store
from tui.ui.widgets.card_column import TITLE_LINES, title_lines


@pytest.mark.parametrize("width", [1, 5, 20, 37])
def test_a_huge_title_shows_its_start_cut_with_an_ellipsis(width: int) -> None:
    title = "Labai ilgas pavadinimas su lietuviškomis raidėmis ąčęėįšųūž " * 20_000  # ~1 MB
    lines = title_lines(title, width)
    assert len(lines) == TITLE_LINES
    assert lines[-1].endswith("…")
    assert all(len(line) <= width for line in lines)
    assert title.startswith(lines[0].rstrip("…"))


def test_titles_that_fit_are_wrapped_as_before() -> None:
    assert title_lines("Paruošti mėnesio kampaniją", 20) == ["Paruošti mėnesio", "kampaniją"]
    assert title_lines("Trumpas", 20) == ["Trumpas", ""]
    assert title_lines("ab " * 100, 20) == ["ab ab ab ab ab ab ab", "ab ab ab ab ab ab a…"]


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
