"""Help (``?``): every key of the screen underneath, read from its live bindings."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from tui.i18n import t
from tui.ui.bindings import declared_order


def bindings_table(screen: Screen[object], lang: str) -> Table:
    """One row per action of ``screen`` (keys joined), in the order the screen declares them;
    area keys are named by their area where the screen has areas."""
    areas = getattr(screen, "areas", [])
    rows: dict[str, tuple[list[str], str]] = {}
    for active in declared_order(screen):
        binding = active.binding
        if not binding.description:
            continue
        if binding.id is None and not binding.action.endswith("command_palette"):
            continue  # Textual's own (tab, copy) have no id; every Ritmas binding has one
        label = screen.app.get_key_display(binding)
        description = binding.description
        if binding.action.endswith("command_palette"):
            description = t("key.palette", lang)  # Textual's own binding, in English
        number = (binding.id or "").removeprefix("area_")
        if number.isdigit() and 0 < int(number) <= len(areas):
            description = f"{description}: {areas[int(number) - 1].title}"
        keys, _ = rows.setdefault(binding.action, ([], description))
        if label not in keys:
            keys.append(label)
    table = Table(box=None, show_header=False, padding=(0, 1), expand=False)
    table.add_column(style="bold", no_wrap=True)
    table.add_column()
    for keys, description in rows.values():
        table.add_row(Text(" ".join(keys)), Text(description))
    return table


class HelpScreen(ModalScreen[None]):
    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    #help { width: 64; max-width: 100%; height: auto; max-height: 22; border: round $accent;
            padding: 0 1; background: $surface; }
    #help-title, #help-legend-title { text-style: bold; }
    #help-legend-title { margin-top: 1; }
    #help-footer { color: $text-muted; }
    """
    BINDINGS = [Binding("escape,q,question_mark", "close", "key.close", id="close")]

    def __init__(self, under: Screen[object], lang: str) -> None:
        super().__init__()
        self.under = under
        self.lang = lang

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help"):
            yield Static(t("help.title", self.lang), id="help-title")
            yield Static(bindings_table(self.under, self.lang), id="help-table")
            legend = getattr(self.under, "HELP_LEGEND", None)
            if legend:  # what the screen's marks mean (the board's cards)
                yield Static(t(f"{legend}_title", self.lang), id="help-legend-title")
                yield Static(t(legend, self.lang), id="help-legend")
            yield Static(t("help.footer", self.lang), id="help-footer")

    def action_close(self) -> None:
        self.dismiss(None)
