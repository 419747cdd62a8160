"""What a newcomer to the command line met, each in both languages: errors that say what is
expected from the first message, names as the board shows them (area numbers and titles, column
names), steps one can see before ticking them, ``tick`` that is safe to repeat, suggestions for
mistyped commands, and ``list`` that shows carried cards and notes in aligned columns."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from tui.cli import main
from tui.core import actions
from tui.core.periods import parse_week
from tui.core.session import Session
from tui.core.workspace import init_workspace, open_workspace

TODAY = "2026-11-26"  # a Thursday of 2026-W48
WEEKLY = "tvarkyti-finansus"  # weekly, 5 steps, in area valdymas (the 5th area)


@dataclass
class Ran:
    code: int
    out: str
    err: str


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    root = tmp_path / "ws"
    init_workspace(root)
    return root


@pytest.fixture
def cli(workspace: Path, capsys: pytest.CaptureFixture[str]):  # type: ignore[no-untyped-def]
    def run(*args: str, lang: str = "en", today: str = TODAY) -> Ran:
        argv = ["--workspace", str(workspace), "--today", today, "--profile", "all"]
        code = main([*argv, "--lang", lang, *args])
        out, err = capsys.readouterr()
        return Ran(code, out, err)

    return run


# --- 1. --period takes weeks and says so in its first message ---------------------------------


@pytest.mark.parametrize(
    ("lang", "period", "said"),
    [
        ("en", "W49", "not a week: 'W49' (expected a week such as 2026-W48, or a day such as"),
        ("lt", "W49", "ne savaitė: 'W49' (laukta savaitės, pvz. 2026-W48, arba dienos"),
        ("en", "2026-12", "not a week: '2026-12' holds the weeks 2026-W49 to 2026-W53"),
        ("lt", "2026-12", "ne savaitė: '2026-12' apima savaites nuo 2026-W49 iki 2026-W53"),
        ("en", "2026-W54", "not a week: '2026-W54' (2026 has no week 54)"),
        ("lt", "2026-W54", "ne savaitė: '2026-W54' (2026 metai neturi 54 savaitės)"),
    ],
)
def test_period_errors_speak_of_weeks_first(cli, lang: str, period: str, said: str) -> None:  # type: ignore[no-untyped-def]
    ran = cli("--period", period, "list", lang=lang)
    assert ran.code == 2
    assert said in ran.err
    assert "2026-Q4" not in ran.err  # no kind of period that --period does not take


def test_period_takes_a_day_as_its_week(cli) -> None:  # type: ignore[no-untyped-def]
    ran = cli("--period", "2026-12-02", "list")
    assert ran.code == 0, ran.err
    assert ran.out.startswith("2026-W49 ")


@pytest.mark.parametrize("typed", ["2026-w48", " 2026-W48 "])
def test_period_takes_a_week_typed_in_lowercase(cli, typed: str) -> None:  # type: ignore[no-untyped-def]
    ran = cli("--period", typed, "list")
    assert ran.code == 0, ran.err
    assert ran.out.startswith("2026-W48 ")


# --- 2. --area as the board shows it ----------------------------------------------------------


@pytest.mark.parametrize(
    "typed",
    ["5", "valdymas", "Verslo valdymas", "VERSLO VALDYMAS", "verslo", "vald", " 5 "],
)
def test_area_by_board_number_id_title_or_prefix(cli, typed: str) -> None:  # type: ignore[no-untyped-def]
    ran = cli("list", "--area", typed)
    assert ran.code == 0, ran.err
    headings = [line for line in ran.out.splitlines()[1:] if line and line[0] != " "]
    assert headings == ["Verslo valdymas [valdymas]"]


def test_area_title_without_diacritics_and_add_by_number(cli) -> None:  # type: ignore[no-untyped-def]
    ran = cli("list", "--area", "klientu aptarnavimas")
    assert ran.code == 0, ran.err
    assert "\nKlientų aptarnavimas [aptarnavimas]\n" in ran.out
    added = cli("add", "Sutvarkyti sandėlį", "--area", "4")
    assert added.code == 0, added.err
    assert " logistika " in added.out


@pytest.mark.parametrize(
    ("lang", "typed", "said"),
    [
        ("en", "pardavimai", "unknown area 'pardavimai' (did you mean marketingas?)"),
        ("lt", "pardavimai", "nežinoma sritis 'pardavimai' (gal turėjote omenyje marketingas?)"),
        ("en", "9", "(areas: 1 marketingas, 2 gamyba, 3 aptarnavimas, 4 logistika, 5 valdymas"),
        ("lt", "9", "(sritys: 1 marketingas, 2 gamyba, 3 aptarnavimas, 4 logistika, 5 valdymas"),
    ],
)
def test_unknown_area_suggests_or_numbers_them(cli, lang: str, typed: str, said: str) -> None:  # type: ignore[no-untyped-def]
    ran = cli("list", "--area", typed, lang=lang)
    assert ran.code == 2
    assert said in ran.err


# --- 3. move takes the column names as shown, in both languages --------------------------------


@pytest.mark.parametrize(
    ("typed", "after"),
    [
        ("done", "done"),
        ("Done", "done"),
        ("atlikta", "done"),
        ("ATLIKTA", "done"),
        ("daroma", "doing"),
        ("Doing", "doing"),
        ("to do", "to do"),
        ("To-Do", "to do"),
        ("daryti", "to do"),
        ("praleista", "skipped"),
        ("todo", "to do"),
    ],
)
def test_move_takes_column_names_of_both_languages(cli, typed: str, after: str) -> None:  # type: ignore[no-untyped-def]
    if after == "to do":
        assert cli("move", WEEKLY, "doing").code == 0
    ran = cli("move", WEEKLY, typed)
    assert ran.code == 0, ran.err
    assert ran.out.startswith(f"moved {WEEKLY}: ") and f"-> {after} (" in ran.out


@pytest.mark.parametrize(
    ("lang", "typed", "said"),
    [
        ("en", "dnoe", "move: unknown column 'dnoe' (did you mean done?)"),
        ("lt", "atlkta", "move: nežinomas stulpelis 'atlkta' (gal turėjote omenyje atlikta?)"),
        ("en", "sideways", "(choices: to do, doing, done, skipped)"),
        ("lt", "sideways", "(galima: daryti, daroma, atlikta, praleista)"),
    ],
)
def test_unknown_column_suggests_in_the_users_language(
    cli, lang: str, typed: str, said: str
) -> None:  # type: ignore[no-untyped-def]
    ran = cli("move", WEEKLY, typed, lang=lang)
    assert ran.code == 2
    assert said in ran.err


# --- 4. the steps one ticks can be seen first; 5. tick is safe to repeat ------------------------


def test_list_steps_shows_each_cards_steps_numbered(cli) -> None:  # type: ignore[no-untyped-def]
    assert cli("tick", WEEKLY, "2").code == 0
    ran = cli("list", "--steps", "--area", "valdymas")
    assert ran.code == 0, ran.err
    lines = ran.out.splitlines()
    at = next(i for i, line in enumerate(lines) if line.split()[:1] == [WEEKLY])
    assert [line.split("]")[0].strip() for line in lines[at + 1 : at + 6]] == [
        "1. [",
        "2. [x",
        "3. [",
        "4. [",
        "5. [",
    ]
    assert lines[at + 2].endswith("] Suvesti išlaidas pagal kategorijas")
    assert not lines[at + 6].strip().startswith("6.")


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("en", "has no step 9 (its steps are 1-5; see `ritmas list --steps`)"),
        ("lt", "neturi 9 žingsnio (jos žingsniai 1–5; žr. `ritmas list --steps`)"),
    ],
)
def test_tick_error_points_at_list_steps(cli, lang: str, said: str) -> None:  # type: ignore[no-untyped-def]
    ran = cli("tick", WEEKLY, "9", lang=lang)
    assert ran.code == 2
    assert said in ran.err


@pytest.mark.parametrize("lang", ["en", "lt"])
def test_tick_twice_keeps_the_step_ticked_and_says_so(cli, workspace: Path, lang: str) -> None:  # type: ignore[no-untyped-def]
    state = workspace / "state" / "2026-W48.json"
    first = cli("tick", WEEKLY, "2", lang=lang)
    assert first.code == 0, first.err
    saved = state.read_bytes()
    again = cli("tick", WEEKLY, "2", lang=lang)
    assert again.code == 0, again.err
    assert state.read_bytes() == saved  # nothing written
    assert again.out.startswith(
        f"{WEEKLY} step 2 is already ticked: "
        if lang == "en"
        else f"{WEEKLY} žingsnis 2 jau pažymėtas: "
    )
    assert ("nothing changed" if lang == "en" else "niekas nepakeista") in again.out
    assert json.loads(state.read_text(encoding="utf-8"))["occurrences"][WEEKLY]["checked"] == [1]


@pytest.mark.parametrize("lang", ["en", "lt"])
def test_untick_clears_a_step_and_is_safe_to_repeat(cli, lang: str) -> None:  # type: ignore[no-untyped-def]
    assert cli("tick", WEEKLY, "2").code == 0
    off = cli("untick", WEEKLY, "2", lang=lang)
    assert off.code == 0, off.err
    assert off.out.startswith(
        f"unticked {WEEKLY} step 2: " if lang == "en" else f"atžymėtas {WEEKLY}"
    )
    again = cli("untick", WEEKLY, "2", lang=lang)
    assert again.code == 0, again.err
    assert ("is not ticked" if lang == "en" else "nepažymėtas") in again.out
    card = next(c for c in json.loads(cli("list", "--json").out) if c["id"] == WEEKLY)
    assert card["steps_done"] == 0


# --- 7. carried cards and notes in list; 8. columns line up by cells ---------------------------


def test_list_shows_carried_and_notes(cli, workspace: Path) -> None:  # type: ignore[no-untyped-def]
    added = cli("add", "Sutvarkyti sandėlį", "--area", "logistika", today="2026-11-19")
    assert added.code == 0, added.err
    card_id = added.out.split()[1]
    session = Session(open_workspace(workspace, create=False), date(2026, 11, 26))
    card = session.board(parse_week("2026-W48")).card(WEEKLY)
    assert card is not None
    actions.set_note(session.store, card, "paskambinti buhalterei\nantradienį")
    cards = {c["id"]: c for c in json.loads(cli("list", "--json").out)}
    assert (cards[card_id]["carried"], cards[card_id]["carried_from"]) == (True, "2026-W47")
    assert (cards[WEEKLY]["carried"], cards[WEEKLY]["carried_from"]) == (False, None)
    assert cards[WEEKLY]["note"] == "paskambinti buhalterei\nantradienį"
    assert "assignee" in cards[WEEKLY]
    for lang, mark in (("en", "[note: paskambinti buhalterei antradienį]"), ("lt", "[pastaba: ")):
        line = next(x for x in cli("list", lang=lang).out.splitlines() if WEEKLY in x)
        assert mark in line


def test_list_columns_line_up_in_both_languages(cli) -> None:  # type: ignore[no-untyped-def]
    titles = {c["id"]: c["title"] for c in json.loads(cli("list", "--json").out)}
    for lang, days in (("en", "days 0/7"), ("lt", "dienos 0/7")):
        rows = [x for x in cli("list", lang=lang).out.splitlines() if x.startswith("    ")]
        assert any(days in x for x in rows)
        # The cell where each title starts (everything before it is one cell a character).
        starts = {x.index("  " + titles[x.split()[0]]) for x in rows}
        assert len(starts) == 1, (lang, starts)


# --- 6. mistyped commands get a suggestion ------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "args", "said"),
    [
        ("en", ("lst",), "invalid choice: 'lst' (did you mean list?)"),
        ("lt", ("lst",), "netinkamas pasirinkimas: 'lst' (gal turėjote omenyje list?)"),
        ("en", ("catalogue", "chek"), "invalid choice: 'chek' (did you mean check?)"),
        (
            "lt",
            ("catalogue", "chek"),
            "netinkamas pasirinkimas: 'chek' (gal turėjote omenyje check?)",
        ),
        ("en", ("untik", "x", "1"), "(did you mean untick"),
    ],
)
def test_mistyped_command_suggests_the_closest(
    cli, lang: str, args: tuple[str, ...], said: str
) -> None:  # type: ignore[no-untyped-def]
    ran = cli(*args, lang=lang)
    assert ran.code == 2
    assert said in ran.err
    assert len(ran.err.splitlines()) == 1
