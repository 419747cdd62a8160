"""Quitting while changes still wait to be saved: wait for them, or quit anyway."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from tui.i18n import t


class QuitScreen(ModalScreen[str | None]):
    """Says how many changes are not saved and why; dismisses with "wait", "quit" or None."""

    DEFAULT_CSS = """
    QuitScreen { align: center middle; }
    QuitScreen > Vertical { width: 64; max-width: 100%; height: auto; border: round $error;
        padding: 0 1; background: $surface; }
    QuitScreen .dialog-title { text-style: bold; }
    QuitScreen .dialog-hint { color: $text-muted; }
    """

    BINDINGS = [
        Binding("w", "choose('wait')", "key.wait", id="quit_wait"),
        Binding("q", "choose('quit')", "key.quit_anyway", id="quit_anyway"),
        Binding("escape", "choose(None)", "key.cancel", id="quit_cancel"),
    ]

    def __init__(self, unsaved: int, reason: str, lang: str) -> None:
        super().__init__()
        self.unsaved = unsaved
        self.reason = reason
        self.lang = lang

    def compose(self) -> ComposeResult:
        reason = self.reason or t("quit.in_progress", self.lang)
        with Vertical():
            yield Static(t("quit.title", self.lang), classes="dialog-title")
            yield Static(Text(t("quit.unsaved", self.lang, n=self.unsaved, reason=reason)))
            yield Static(t("quit.hint", self.lang), classes="dialog-hint")

    def action_choose(self, choice: str | None) -> None:
        self.dismiss(choice)
