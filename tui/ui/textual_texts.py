"""Textual's own texts in the user's language: the command palette, its system commands, the
hint on ``ctrl+c``, the theme picker and the screenshot notices.

Textual writes these in English inside the framework; the app overrides each place that shows
one (Textual is pinned, so the places are known) and takes the words from the catalogue.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from rich.align import Align
from rich.text import Text
from textual import events, on, work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.command import CommandList, CommandPalette, SearchIcon
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.theme import ThemeProvider
from textual.widgets.option_list import Option

from tui.i18n import t


def screenshot_folder() -> Path:
    """Where a screenshot goes: the user's downloads folder if there is one, else home (never
    the working folder, which may be a shared workspace)."""
    import platformdirs

    downloads = Path(platformdirs.user_downloads_dir())
    return downloads if downloads.is_dir() else Path.home()


class PlainCommandPalette(CommandPalette):
    """Textual's palette in the user's language, without its emoji icon (it breaks widths over
    SSH and in plain fonts)."""

    def __init__(self, lang: str, **options: object) -> None:
        super().__init__(placeholder=t("palette.placeholder", lang), **options)  # type: ignore[arg-type]
        self.lang = lang

    def on_mount(self) -> None:
        for icon in self.query(SearchIcon):
            icon.icon = ">"

    def _start_no_matches_countdown(self, search_value: str) -> None:
        # Textual adds an English "No matches found" line here; say it in the user's language.
        self._stop_no_matches_countdown()

        def show_no_matches() -> None:
            self._list_visible = bool(search_value)
            if search_value:
                no_matches = Text(t("palette.no_matches", self.lang), style="not bold")
                self.query_one(CommandList).add_option(
                    Option(Align.center(no_matches), disabled=True, id=self._NO_MATCHES)
                )

        self._no_matches_timer = self.set_timer(self._NO_MATCHES_COUNTDOWN, show_no_matches)


class TranslatedApp(App[None]):
    """An app whose own texts (not only the screens') speak ``self.lang``."""

    lang: str

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        # Never markup: notices hold file names, card titles and ``[keys]`` that are text
        # (Rich would swallow "[keys]" and choke on a title like "[/]"). Widgets' notify()
        # passes markup=True along, so it is ignored here rather than defaulted.
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=False)

    def get_key_display(self, binding: Binding) -> str:
        # Textual names keys in English; the space bar is the one key users read by its name.
        shown = super().get_key_display(binding)
        return re.sub(r"\bspace\b", t("key.space_name", self.lang), shown)

    def action_command_palette(self) -> None:
        if self.use_command_palette and not PlainCommandPalette.is_open(self):  # type: ignore[arg-type]
            self.push_screen(PlainCommandPalette(self.lang, id="--command-palette"))

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        # Textual's own list, less what the app offers itself (quit and help are bindings of
        # every screen) or does not use (maximize).
        lang = self.lang
        yield SystemCommand(
            t("palette.theme", lang), t("palette.theme_help", lang), self.action_change_theme
        )
        yield SystemCommand(
            t("palette.screenshot", lang), t("palette.screenshot_help", lang), self._save_screenshot
        )

    @work(thread=True, group="screenshot")
    def _save_screenshot(self) -> None:
        """Find the folder off the event loop, then let Textual save (or, in a browser, offer)
        the SVG; :meth:`_screenshot_saved` says where it went."""
        folder = screenshot_folder()
        self._screenshot_folder = folder
        self.call_from_thread(self.deliver_screenshot, path=str(folder))

    def action_change_theme(self) -> None:
        self.push_screen(
            CommandPalette(providers=[ThemeProvider], placeholder=t("palette.themes", self.lang))
        )

    def action_help_quit(self) -> None:
        """``ctrl+c`` does not quit (it copies); say which key does."""
        for key, active in self.active_bindings.items():
            if active.binding.action in ("quit", "app.quit"):
                shown = self.get_key_display(active.binding)
                self.notify(
                    t("notice.quit_key", self.lang, key=shown or key),
                    title=t("notice.quit_title", self.lang),
                )
                return

    @on(events.DeliveryComplete)
    def _screenshot_saved(self, event: events.DeliveryComplete) -> None:
        if event.name != "screenshot":
            return
        event.prevent_default()  # instead of Textual's English notice
        where = "" if event.path is None else str(event.path)
        key = "notice.screenshot_saved_to" if where else "notice.screenshot_saved"
        self.notify(
            t(key, self.lang, path=where),
            title=t("notice.screenshot", self.lang),
        )

    @on(events.DeliveryFailed)
    def _screenshot_failed(self, event: events.DeliveryFailed) -> None:
        if event.name != "screenshot":
            return
        event.prevent_default()
        error = event.exception
        reason = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
        folder = getattr(self, "_screenshot_folder", None)
        self.notify(
            t("notice.screenshot_failed_in", self.lang, path=folder, reason=reason)
            if folder
            else t("notice.screenshot_failed", self.lang),
            title=t("notice.screenshot", self.lang),
            severity="error",
        )
