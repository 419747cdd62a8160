"""How the board draws cards: the rows a card takes, the note mark, and the area tabs.

Cards take the rows they need (a one-line title is one row, a long title wraps up to three), so
a column holds more of them; the column still draws only the cards that fit, and the focused card
is always whole on screen however the heights differ.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from test_board_pilot import SECOND, Board, added, focus_card, plain, run
from test_board_pilot import root as root
from textual.widgets import Static

from tui.ui.screens.help import HelpScreen
from tui.ui.widgets.card_column import NOTE_MARK, CardColumn

WIDE = (120, 40)
# Titles as the 120-column board shows them, each on one line.
FIRST_TITLE, SECOND_TITLE = "Paruošti mėnesio kampaniją", "Parengti 1 naujienlaiškį"
LONG_TITLE = (
    "Paskambinti buhalterei dėl metinės deklaracijos ir sutarti, kokių dokumentų reikės iki "
    "mėnesio pabaigos"
)


def rows(board: Board) -> list[str]:
    return board.text().splitlines()


def todo_rows(board: Board) -> list[str]:
    """The To do column's cells of each row under the tabs (the focus bar included)."""
    column = board.app.board_screen.query_one("#cards-todo", CardColumn)
    left, width = column.region.x, column.region.width
    top = column.region.y
    return [row[left : left + width] for row in rows(board)[top : top + column.region.height]]


def row_of(lines: list[str], text: str) -> int:
    found = [n for n, line in enumerate(lines) if text in line]
    assert found, f"{text!r} not on screen:\n" + "\n".join(lines)
    return found[0]


async def test_a_one_line_title_takes_one_row_and_the_next_card_follows(root: Path) -> None:
    async with run(root, size=WIDE) as board:
        lines = todo_rows(board)
        first, second = row_of(lines, FIRST_TITLE), row_of(lines, SECOND_TITLE)
        # Title, its second line ("0/6 · monthly"), one blank line: three rows, not four.
        assert "0/6" in lines[first + 1]
        assert lines[first + 2].strip(" ▏▌") == ""
        assert second - first == 3
        # So the column holds more cards than with four rows each: 37 rows / 3 = 12, not 9.
        column = board.app.board_screen.query_one("#cards-todo", CardColumn)
        assert column.window_end(0) == 12
        assert re.search(r"To do \(27\) ↓15", board.text()), board.text()


async def test_a_long_title_wraps_to_the_rows_it_needs(root: Path) -> None:
    async with run(root) as board:  # 80×24: 22 cells for a title in a column
        await board.press("n")
        await board.type(LONG_TITLE)
        await board.press("enter")
        ((key, _),) = added(board).items()
        await focus_card(board, key)
        lines = todo_rows(board)
        top = row_of(lines, "Paskambinti")
        title_rows = [line.strip(" ▏▌") for line in lines[top : top + 3]]
        # Three lines of title, the last cut with an ellipsis (the cap), then the card's line.
        assert " ".join(title_rows).startswith("Paskambinti buhalterei dėl metinės deklaracijos")
        assert title_rows[-1].endswith("…")
        assert "own card" in lines[top + 3]
        # The focused card is whole on screen, its bar on every row of it and no more.
        bar = [n for n, line in enumerate(lines) if line.lstrip("▏ ").startswith("▌")]
        assert bar == [top, top + 1, top + 2, top + 3]


async def test_focus_stays_whole_on_screen_through_a_column_of_mixed_heights(
    root: Path,
) -> None:
    """j down to the last card and k back up, with three-line, two-line and one-line cards: the
    focused card is always drawn whole, and the ↑/↓ counts add up to the cards not drawn."""
    async with run(root) as board:
        for title in (LONG_TITLE, "Trumpa", LONG_TITLE + " antra"):
            await board.press("n")
            await board.type(title)
            await board.press("enter")
        await board.press("g")
        column = board.app.board_screen.query_one("#cards-todo", CardColumn)
        total = len(column.cards)
        assert total == 30
        heights = {column.face(n).height for n in range(total)}
        assert {2, 3, 4} <= heights  # one-, two- and three-line titles with their second line

        async def check() -> None:
            end = column.window_end(column.first)
            assert column.first <= column.cursor < end
            lines = todo_rows(board)
            bar = [n for n, line in enumerate(lines) if line.lstrip("▏ ").startswith("▌")]
            assert len(bar) == column.face(column.cursor).height
            assert bar[-1] < len(lines)  # the last row of the card is on screen
            found = re.search(r"\((\d+)\)(?: ↑(\d+))?(?: ↓(\d+))?", lines[0])
            assert found
            above, below = int(found.group(2) or 0), int(found.group(3) or 0)
            assert (above, below) == (column.first, total - end)

        for _ in range(total + 2):
            await board.press("j")
            await check()
        assert column.cursor == total - 1
        for _ in range(total + 2):
            await board.press("k")
            await check()
        assert column.cursor == 0 and column.first == 0


async def test_the_mouse_wheel_and_clicks_follow_the_heights_drawn(root: Path) -> None:
    async with run(root, size=WIDE) as board:
        column = board.app.board_screen.query_one("#cards-todo", CardColumn)
        for _ in range(3):  # Pilot has no wheel: what the wheel's event does
            column._scroll(1)
        await board.pilot.pause()
        assert column.first == 3
        assert column.cursor == 3  # the focus stays on a card drawn
        column._scroll(1000)
        await board.pilot.pause()
        assert column.window_end(column.first) == len(column.cards)  # the last card at the bottom
        assert column.first == column.last_first
        column._scroll(-(column.first - 3))
        await board.pilot.pause()
        # The first card drawn is whole under the title line: a click on its second row (its
        # card line) focuses it.
        start, _, index = column._spans[0]
        assert (start, index) == (1, 3)
        await board.pilot.click("#cards-todo", offset=(4, start + 1))
        await board.pilot.pause()
        assert board.focus() == (column.cards[3].id, "todo")
        start, _, index = column._spans[2]
        await board.pilot.click("#cards-todo", offset=(4, start))
        await board.pilot.pause()
        assert board.focus() == (column.cards[index].id, "todo") and index == 5


async def test_a_card_with_a_note_shows_a_mark(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")  # the mark is a glyph: it needs no colour
    async with run(root, size=WIDE) as board:
        lines = todo_rows(board)
        assert NOTE_MARK not in "\n".join(lines)
        await board.press("j", "enter", "e")
        await board.type("Paklausti Jono")
        await board.press("escape", "escape")
        assert board.screen_name == "BoardScreen"
        record = board.record("2026-11", SECOND)
        assert record is not None and record["note"] == "Paklausti Jono"
        lines = todo_rows(board)
        second = row_of(lines, SECOND_TITLE)
        assert NOTE_MARK in lines[second + 1]  # on the card's second line, first of it
        assert lines[second + 1].count(NOTE_MARK) == 1
        assert NOTE_MARK not in lines[row_of(lines, FIRST_TITLE) + 1]


@pytest.mark.parametrize(("lang", "words"), [("en", "has a note"), ("lt", "yra pastaba")])
async def test_help_explains_the_marks_on_a_card(root: Path, lang: str, words: str) -> None:
    async with run(root, lang=lang) as board:
        await board.press("question_mark")
        assert isinstance(board.app.screen, HelpScreen)
        legend = plain(board.app.screen.query_one("#help-legend", Static).content)
        assert f"{NOTE_MARK} {words}" in legend
        assert "»" in legend and "!" in legend


# ---------------------------------------------------------------------------------------------
# Area tabs

AREAS = (
    "1 Marketingas ir pardavimai",
    "2 Gamyba",
    "3 Klientų aptarnavimas",
    "4 Logistika",
    "5 Verslo valdymas",
    "6 HR",
    "7 IT",
)


async def test_area_tabs_are_whole_at_120_columns(root: Path) -> None:
    async with run(root, size=WIDE) as board:
        tabs = rows(board)[1]
        for label in AREAS:
            assert label in tabs, f"{label!r} cut in {tabs!r}"
        assert "[0 All]" in tabs
        await board.press("3")
        assert "[3 Klientų aptarnavimas]" in rows(board)[1]


@pytest.mark.parametrize("area", [0, 1, 3, 5, 7])
async def test_area_tabs_at_80_columns_show_every_key_and_the_active_area(
    root: Path, area: int
) -> None:
    async with run(root) as board:
        await board.press(str(area))
        tabs = rows(board)[1]
        assert len(tabs) <= 80
        for number in range(8):
            assert re.search(rf"(^|[ \[]){number}( |\]|$)", tabs), f"key {number} gone: {tabs!r}"
        active = re.search(r"\[(\d) ([^\]]+)\]", tabs)
        assert active and active.group(1) == str(area), tabs
        # The active area's name whole (a new user saw "[5 Verslo valdym…]" with room to spare).
        name = (["All"] + [label.split(" ", 1)[1] for label in AREAS])[area]
        assert active.group(2) == name, tabs


async def test_a_card_line_keeps_its_separators(root: Path) -> None:
    """Every piece of a card's second line is set off by " · " (the daily task's days and its
    cadence too), the note mark by a space."""
    async with run(root, size=WIDE) as board:  # "Atsakyti į užklausas", daily, is on screen
        shown = board.text()
        assert re.search(r"days 0/7 · daily", shown), shown


async def test_a_resized_window_draws_the_cards_anew(root: Path) -> None:
    async with run(root) as board:  # 80×24: the first title takes two lines
        assert FIRST_TITLE not in board.text()
        await board.pilot.resize_terminal(*WIDE)
        await board.pilot.pause()
        lines = todo_rows(board)
        first = row_of(lines, FIRST_TITLE)  # one line now
        assert "0/6" in lines[first + 1]
        column = board.app.board_screen.query_one("#cards-todo", CardColumn)
        assert column.window_end(column.first) - column.first == 12  # more cards fit
