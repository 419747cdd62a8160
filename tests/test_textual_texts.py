"""Textual's own texts speak the interface language: the command palette (placeholder, system
commands, "no matches"), the hint on ctrl+c and the screenshot notices."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from screen_text import screen_text
from textual import events
from textual.command import CommandInput

from tui.core.session import Session
from tui.core.workspace import Workspace
from tui.i18n import t
from tui.ui.app import RitmasApp, make_app

TODAY = date(2026, 11, 26)


def new_app(workspace: Path, lang: str) -> RitmasApp:
    session = Session(Workspace(workspace), TODAY, profile=frozenset({"all"}))
    return make_app(session, lang=lang, watch=False)


def notices(app: RitmasApp) -> list[tuple[str, str]]:
    return [(n.title, n.message) for n in app._notifications]


@pytest.mark.parametrize(
    ("lang", "placeholder", "command", "no_matches"),
    [
        ("lt", "Ieškoti komandų…", "Ekrano kopija", "Nieko nerasta"),
        ("en", "Search for commands…", "Screenshot", "No matches found"),
    ],
)
async def test_palette_in_the_interface_language(
    workspace: Path, lang: str, placeholder: str, command: str, no_matches: str
) -> None:
    app = new_app(workspace, lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert app.screen.query_one(CommandInput).placeholder == placeholder
        assert placeholder in screen_text(app)
        commands = [c.title for c in app.get_system_commands(app.screen)]
        assert commands[:2] == [t("palette.theme", lang), command]
        assert "Keys" not in commands and "Maximize" not in commands
        await pilot.press(*"zzzz")
        await pilot.wait_for_scheduled_animations()
        for _ in range(20):  # Textual shows "no matches" after a short countdown
            await pilot.pause(0.1)
            if no_matches in screen_text(app):
                break
        assert no_matches in screen_text(app)


@pytest.mark.parametrize("lang", ["lt", "en"])
async def test_ctrl_c_says_how_to_quit(workspace: Path, lang: str) -> None:
    app = new_app(workspace, lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+c")
        await pilot.pause()
        assert (t("notice.quit_title", lang), t("notice.quit_key", lang, key="q")) in notices(app)
        assert app.is_running


@pytest.mark.parametrize("lang", ["lt", "en"])
async def test_screenshot_notices(workspace: Path, lang: str) -> None:
    app = new_app(workspace, lang)
    async with app.run_test(size=(80, 24)) as pilot:
        saved = workspace / "shot [1].svg"
        app.post_message(events.DeliveryComplete(key="k", path=saved, name="screenshot"))
        app.post_message(events.DeliveryFailed(key="k", exception=OSError(), name="screenshot"))
        await pilot.pause()
        shown = notices(app)
        title = t("notice.screenshot", lang)
        assert (title, t("notice.screenshot_saved_to", lang, path=str(saved))) in [
            (n_title, message.replace("\\[", "[")) for n_title, message in shown
        ]
        assert (title, t("notice.screenshot_failed", lang)) in shown
        assert not any("Saved screenshot" in message for _, message in shown)
