"""A real week without surprises: keys and focus (issue 9), driven with Pilot at 80×24.

Each test presses what a new user pressed and asserts what they would check: the screen, the
focused card and the state files on disk.
"""

from __future__ import annotations

import re
from pathlib import Path

from test_board_pilot import FIRST, MONTH, WEEK, added, root, run
from textual.widgets import OptionList

from tui.ui.screens.add import AddScreen
from tui.ui.screens.detail import DetailScreen
from tui.ui.screens.filter import FilterScreen

__all__ = ["root"]  # the workspace fixture

# ---------------------------------------------------------------------------------------------
# Too small a window


async def test_too_small_window_swallows_every_key_and_gives_the_focus_back(root: Path) -> None:
    async with run(root) as board:
        assert board.focus() == (FIRST, "todo")
        await board.pilot.resize_terminal(60, 20)
        await board.press()
        assert "Make the window larger" in board.text()
        # Keys that would change a card nobody can see, open dialogs or move the focus.
        await board.press("x", "space", "L", "n", "t", "enter", "r", "j", "ctrl+p", "question_mark")
        assert board.screen_name == "BoardScreen"
        assert board.state(MONTH) is None and board.state(WEEK) is None
        assert "Make the window larger" in board.text()

        await board.pilot.resize_terminal(80, 24)
        await board.press()
        assert board.focus() == (FIRST, "todo")
        await board.press("space")  # the focused card moves on
        record = board.record(MONTH, FIRST)
        assert record is not None and record["column"] == "doing"


async def test_start_hint_does_not_draw_over_the_too_small_notice(root: Path) -> None:
    async with run(root, size=(60, 20)) as board:
        await board.press()
        shown = board.text()
        assert "Make the window larger" in shown
        assert "space advances" not in shown and "? shows help" not in shown
        assert not board.app._notifications


# ---------------------------------------------------------------------------------------------
# j/k and g/G in every list


async def test_checklist_moves_with_j_k_g_and_ticks_the_step_under_the_cursor(root: Path) -> None:
    async with run(root) as board:
        await board.press("enter")
        assert isinstance(board.app.screen, DetailScreen)
        await board.press("space", "j", "space")  # the first two steps
        record = board.record(MONTH, FIRST)
        assert record is not None and record["checked"] == [0, 1]
        await board.press("j", "k", "k", "space")  # back on the first: untick it
        record = board.record(MONTH, FIRST)
        assert record is not None and record["checked"] == [1]
        await board.press("G", "space")  # the last of six steps
        record = board.record(MONTH, FIRST)
        assert record is not None and record["checked"] == [1, 5]
        await board.press("g", "j", "space")
        record = board.record(MONTH, FIRST)
        assert record is not None and record["checked"] == [5]


async def test_filter_and_add_lists_move_with_j_and_k(root: Path) -> None:
    async with run(root) as board:
        await board.press("t")
        assert isinstance(board.app.screen, FilterScreen)
        options = board.app.screen.query_one(OptionList)
        start = options.highlighted or 0
        await board.press("j", "j")
        assert options.highlighted == start + 2
        await board.press("k")
        assert options.highlighted == start + 1
        await board.press("G")
        assert options.highlighted == options.option_count - 1
        await board.press("g")
        assert options.highlighted == 0
        await board.press("escape")

        await board.press("n")
        assert isinstance(board.app.screen, AddScreen)
        await board.press("tab")  # from the text box to the list of tasks
        choices = board.app.screen.query_one("#choices", OptionList)
        assert choices.has_focus
        await board.press("j", "j")
        assert choices.highlighted == 2
        await board.press("k")
        assert choices.highlighted == 1


# ---------------------------------------------------------------------------------------------
# Adding


async def test_enter_with_nothing_typed_adds_nothing(root: Path) -> None:
    async with run(root) as board:
        await board.press("n", "enter")
        assert added(board) == {}
        assert board.state(WEEK) is None
        await board.press("escape")
        assert board.screen_name == "BoardScreen"
        assert added(board) == {}


async def test_adding_a_task_of_another_area_says_where_it_went(root: Path) -> None:
    async with run(root) as board:
        await board.press("1")  # only the first area (marketing)
        await board.press("n")
        await board.type("siuntimo")  # "Tvarkyti siuntimo/aptarnavimo šablonus", of Logistika
        await board.press("enter")
        (record,) = added(board).values()
        assert record["area"] == "logistika"
        assert any("Logistika" in note and "Tvarkyti siuntimo" in note for note in board.notes), (
            board.notes
        )
        assert "0 All" in board.text() or "Logistika" in board.text()


# ---------------------------------------------------------------------------------------------
# Undo


async def test_undo_of_a_skip_puts_the_card_back_where_it_was_with_the_focus(root: Path) -> None:
    async with run(root) as board:
        await board.press("j", "j")
        card_id, column = board.focus()
        assert card_id is not None and column == "todo"
        before = board.cards_in("todo")
        await board.press("x")
        assert card_id not in board.cards_in("todo")
        assert board.focus()[0] != card_id
        await board.press("u")
        assert board.cards_in("todo") == before
        assert board.focus() == (card_id, "todo")
        await board.press("u", "ctrl+r", "u")  # nothing more to undo; redo then undo again
        assert board.cards_in("todo") == before
        assert board.focus() == (card_id, "todo")


# ---------------------------------------------------------------------------------------------
# Remapped keys


async def test_remapped_keys_show_in_footer_help_and_start_hint_and_mistakes_warn(
    root: Path,
) -> None:
    (root / "ritmas.toml").write_text(
        '[keys]\nadd = "a"\nhelp = "f1"\nadvance = "m"\nno_such_key = "z"\nskip = "r"\n',
        encoding="utf-8",
    )
    async with run(root) as board:
        footer = board.text().splitlines()[-1]
        assert "a New" in footer and "f1 Help" in footer and "m Advance" in footer, footer
        shown = [str(n.message) for n in board.app._notifications]
        assert any("m advances" in n and "f1 shows help" in n for n in shown), shown
        assert any("no_such_key" in n for n in shown), shown
        assert any("r is bound to both" in n and "skip" in n for n in shown), shown
        assert all("\n" not in n for n in shown)
        await board.press("f1")
        help_text = board.text()
        assert re.search(r"│\s+a\s+New\b", help_text), help_text
        assert re.search(r"│\s+f1\s+Help\b", help_text), help_text
        assert re.search(r"│\s+m\s+Advance\b", help_text), help_text


# ---------------------------------------------------------------------------------------------
# The review and the profile


async def test_review_answers_help_and_quit(root: Path) -> None:
    async with run(root) as board:
        await board.press("r")
        assert board.screen_name == "ReviewScreen"
        await board.press("question_mark")
        assert board.screen_name == "HelpScreen"
        await board.press("escape")
        assert board.screen_name == "ReviewScreen"
        await board.press("q")
        assert not board.app.is_running


async def test_profile_is_changed_from_the_filter_and_saved_in_the_workspace(root: Path) -> None:
    async with run(root) as board:
        await board.press("t", "G", "enter")  # the last choice: change my profile
        assert board.screen_name == "ProfileScreen"
        await board.press("space", "enter")  # the first tag
        await board.app.settled()
        saved = (root / "ritmas.toml").read_text(encoding="utf-8")
        assert 'profile = ["produktai"]' in saved, saved
        assert "Fits: Products" in board.header()
        assert any("Profile saved" in note for note in board.notes), board.notes
