"""Every screen in both languages at 80×24: a snapshot of each, and no word of the other language.

A word counts as the other language's when the other catalogue (``.po``) uses it and this one
does not, or when it is one of Textual's own English words; the catalogue of tasks is the user's
text (Lithuanian) and is shown as written in both interfaces, so its words never count.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import date
from functools import cache
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from screen_text import screen_text
from textual.pilot import Pilot
from textual.widgets import Input

from tui.core.audience import ALL
from tui.core.session import Session
from tui.core.workspace import Workspace, init_workspace
from tui.i18n import LANGS, LOCALE_DIR, t
from tui.ui.app import RitmasApp, make_app
from tui.ui.bindings import localized
from tui.ui.screens.quit import QuitScreen

TODAY = date(2026, 11, 26)
SIZE = (80, 24)
SHIPPED_CATALOGUE = Path(__file__).resolve().parent.parent / "tui" / "data" / "catalogue.toml"
# Textual's own English words that must not reach the Lithuanian interface (its palette, its
# ctrl+c hint and screenshot notices, its key panel).
TEXTUAL_ENGLISH = {
    "search",
    "commands",
    "matches",
    "found",
    "press",
    "quit",
    "screenshot",
    "saved",
    "theme",
    "keys",
    "maximize",
    "the",
    "and",
    "for",
    "you",
    "want",
}

SnapCompare = Callable[..., bool]
QUIT = "<the quit dialog>"

# name -> (keys pressed on the board, whether the week's state file is damaged, terminal size)
SCREENS: dict[str, tuple[Sequence[str], bool, tuple[int, int]]] = {
    "board": ((), False, SIZE),
    "detail": (("enter", "space"), False, SIZE),
    "add": (("n", *"lead"), False, SIZE),
    "filter": (("t",), False, SIZE),
    "search": (("slash", *"grotaz"), False, SIZE),
    "help": (("question_mark",), False, SIZE),
    "review": (("r",), False, SIZE),
    "palette": (("ctrl+p",), False, SIZE),
    "damaged": ((), True, SIZE),
    # Quitting while saves wait (the store's lock held elsewhere, as test_lock_pilot makes it
    # happen for real): the dialog the app opens then, with two changes waiting.
    "quit": ((QUIT,), False, SIZE),
    "assign": (("a",), False, SIZE),
    "too_small": ((), False, (60, 20)),
}


def words(text: str) -> set[str]:
    # File paths and commands (state/2026-W48.json, `ritmas doctor`) are names, not words.
    text = re.sub(r"`[^`]*`|\S*/\S*", " ", text)
    return {w.casefold() for w in re.findall(r"[^\W\d_]{3,}", text)}


@cache
def catalogue_words(lang: str) -> frozenset[str]:
    with (LOCALE_DIR / lang / "LC_MESSAGES" / "ritmas.po").open("rb") as handle:
        texts = [
            " ".join(m.string) if isinstance(m.string, tuple) else m.string
            for m in read_po(handle)
            if m.id
        ]
    return frozenset(words(" ".join(texts)))


@cache
def foreign_words(lang: str) -> frozenset[str]:
    """Words that show another language has leaked into the ``lang`` interface."""
    (other,) = (code for code in LANGS if code != lang)
    foreign = set(catalogue_words(other)) | (TEXTUAL_ENGLISH if lang == "lt" else set())
    user_text = words(SHIPPED_CATALOGUE.read_text(encoding="utf-8"))
    return frozenset(foreign - catalogue_words(lang) - user_text)


def board_app(tmp_path: Path, lang: str, damaged: bool) -> RitmasApp:
    root = tmp_path / "ws"
    init_workspace(root)
    if damaged:
        (root / "state").mkdir(exist_ok=True)
        (root / "state" / "2026-W48.json").write_text("{bad json", encoding="utf-8")
        (root / "state" / "2026-11.json").write_text('{"schema": 99}', encoding="utf-8")
    session = Session(Workspace(root), TODAY, profile=frozenset({ALL}))
    return make_app(session, lang=lang, watch=False)


@pytest.mark.parametrize("screen", SCREENS)
@pytest.mark.parametrize("lang", LANGS)
def test_screen(snap_compare: SnapCompare, tmp_path: Path, lang: str, screen: str) -> None:
    keys, damaged, size = SCREENS[screen]
    shown: list[str] = []

    async def run_before(pilot: Pilot[None]) -> None:
        await pilot.pause()
        pilot.app.clear_notifications()
        for key in keys:
            if key == QUIT:
                app = pilot.app
                app.push_screen(localized(QuitScreen, lang)(2, "", lang))
            else:
                await pilot.press(key)
        await pilot.pause()
        for box in pilot.app.screen.query(Input):
            box.cursor_blink = False
        await pilot.pause()
        shown.append(screen_text(pilot.app))

    app = board_app(tmp_path, lang, damaged)
    assert snap_compare(app, terminal_size=size, run_before=run_before)
    leaked = sorted(words(shown[0]) & foreign_words(lang))
    assert leaked == [], f"{screen} in {lang} shows {leaked}:\n{shown[0]}"


def test_the_check_finds_another_language() -> None:
    """The word check is not empty-handed: English words are caught in Lithuanian, and back."""
    assert {"quit", "search", "carry", "missed"} <= foreign_words("lt")
    assert {"išeiti", "uždaryti", "nukelti", "praleista"} <= foreign_words("en")
    assert "parengti" not in foreign_words("en")  # a word of the tasks' own text


@pytest.mark.parametrize(
    ("lang", "reason"),
    [("lt", "klaidingas JSON 1 eilutėje, 2 stulpelyje"), ("en", "bad JSON at line 1 column 2")],
)
async def test_damaged_banner_in_one_language_says_what_to_do_once(
    tmp_path: Path, lang: str, reason: str
) -> None:
    app = board_app(tmp_path, lang, damaged=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        banner = str(app.screen.query_one("#banner").render())
        lines = banner.splitlines()
        assert lines[0] == t("banner.readonly", lang)
        assert f"state/2026-W48.json: {reason}" in lines
        assert banner.count("ritmas doctor") == 1
        assert not words(banner) & foreign_words(lang)
