"""Search ignores case and diacritics: on the board (``/``), in the add dialog's suggestions and
in the command line's card id suggestions. Many users type over SSH without Lithuanian letters."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from conftest import RunRitmas
from screen_text import screen_text
from textual.widgets import Input, OptionList

from tui.core.session import Session
from tui.core.textmatch import contains, fold, suggestions
from tui.core.workspace import Workspace
from tui.ui.app import make_app

TODAY = date(2026, 11, 26)
EVERYONE = frozenset({"all"})
SOCIAL = "parengti-socialiniu-tinklu-irasa"  # its steps include "Įrašyti grotažymes"


@pytest.mark.parametrize(
    ("text", "needle", "found"),
    [
        ("Įrašyti grotažymes", "grotaz", True),
        ("Įrašyti grotažymes", "GROTAŽ", True),
        ("Įrašyti grotažymes", "irasyti", True),
        ("Žingsnis", "zingsnis", True),
        ("ąčęėįšųūž", "aceeisuuz", True),
        ("Įrašyti grotažymes", "grotazymės", True),  # diacritics in the query are ignored too
        ("Įrašyti grotažymes", "grotas", False),
    ],
)
def test_contains_ignores_case_and_diacritics(text: str, needle: str, found: bool) -> None:
    assert contains(text, needle) is found


def test_fold() -> None:
    assert fold("Grotažymės ĄČĘĖĮŠŲŪŽ") == "grotazymes aceeisuuz"


def test_suggestions_look_in_ids_then_titles_then_spelling() -> None:
    ids = ["tvarkyti-finansus", "socialinis-irasas", "naujienlaiskis"]
    titles = {"socialinis-irasas": "Parengti grotažymes", "naujienlaiskis": "Naujienlaiškis"}
    assert suggestions("FINANS", ids, titles) == ["tvarkyti-finansus"]
    assert suggestions("grotaž", ids, titles) == ["socialinis-irasas"]
    assert suggestions("naujienlaišk", ids, titles) == ["naujienlaiskis"]
    assert suggestions("tvarkyti-finanss", ids, titles) == ["tvarkyti-finansus"]
    assert suggestions("zzz", ids, titles) == []


def test_board_search_without_diacritics(workspace: Path) -> None:
    session = Session(Workspace(workspace), TODAY, profile=EVERYONE)
    board = session.board(session.this_week)
    for query in ("grotaz", "GROTAŽYMES", "grotažymes"):
        found = [c.id for c in board.visible(EVERYONE, text=query)]
        assert found == [SOCIAL], query


async def test_slash_search_finds_a_step_typed_without_diacritics(workspace: Path) -> None:
    session = Session(Workspace(workspace), TODAY, profile=EVERYONE)
    app = make_app(session, lang="lt", watch=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("slash", *"grotaz")
        await pilot.pause()
        await pilot.pause()
        assert app.screen.query_one("#search", Input).value == "grotaz"
        screen = screen_text(app)
        # The one card whose step says "grotažymes".
        assert "Daryti (1)" in screen and "Parengti socialinių" in screen


async def test_add_dialog_suggests_without_diacritics(workspace: Path) -> None:
    session = Session(Workspace(workspace), TODAY, profile=EVERYONE)
    app = make_app(session, lang="lt", watch=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("n", *"lead magneta")
        await pilot.pause()
        options = app.screen.query_one(OptionList)
        prompts = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert any("Kurti lead magnetą" in p for p in prompts), prompts


def test_cli_suggests_a_card_by_its_title_typed_without_diacritics(
    workspace: Path, run_ritmas: RunRitmas
) -> None:
    ran = run_ritmas("move", "grotazymes", "doing", "--workspace", workspace, "--today", TODAY)
    assert ran.returncode == 2
    assert f"did you mean {SOCIAL}?" in ran.stderr
    ran = run_ritmas("move", "TVARKYTI-FINANSUS", "doing", "--workspace", workspace)
    assert ran.returncode == 2 and "did you mean tvarkyti-finansus?" in ran.stderr
