"""Adding a card (``n``): type part of an as-needed task's name, or your own text; enter adds."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from tui.core.catalogue import Catalogue
from tui.core.text import visible
from tui.core.textmatch import fold
from tui.i18n import t
from tui.ui.messages import AddCard
from tui.ui.screens.board import short_title
from tui.ui.widgets.key_list import KeyList

MAX_SUGGESTIONS = 12
SUBSEQUENCE_PENALTY = 100  # scores below this are plain substring matches


def fuzzy_score(query: str, text: str) -> int | None:
    """A subsequence match, scored so that contiguous and early matches come first; None if none."""
    query, text = fold(query), fold(text)  # "grotaz" finds "grotažymes"
    if not query:
        return 0
    if query in text:
        return text.index(query)
    position, score, last = 0, SUBSEQUENCE_PENALTY, -1
    for char in query:
        found = text.find(char, position)
        if found < 0:
            return None
        score += found - last - 1
        last, position = found, found + 1
    return score


class AddScreen(ModalScreen[None]):
    DEFAULT_CSS = """
    AddScreen { align: center middle; }
    #add { width: 76; max-width: 100%; height: auto; max-height: 22; border: round $accent;
           padding: 0 1; background: $surface; }
    #add-title { text-style: bold; }
    #choices { height: auto; max-height: 14; }
    #add-hint { color: $text-muted; }
    """

    BINDINGS = [
        Binding("escape", "cancel", "key.cancel", id="cancel"),
        Binding(
            "down", "choice(1)", "key.focus_down", id="choice_down", show=False, tooltip="tip.next"
        ),
        Binding(
            "up", "choice(-1)", "key.focus_up", id="choice_up", show=False, tooltip="tip.previous"
        ),
    ]

    def __init__(self, catalogue: Catalogue, area: str, lang: str) -> None:
        super().__init__()
        self.catalogue = catalogue
        self.area = area
        self.lang = lang
        self.as_needed = [
            (area_.id, task) for area_, task in catalogue.tasks() if not task.cadence.recurring
        ]

    def compose(self) -> ComposeResult:
        with Vertical(id="add"):
            yield Static(t("add.title", self.lang), id="add-title")
            yield Input(placeholder=t("add.placeholder", self.lang), id="add-text")
            yield KeyList(id="choices", classes="enter-choice")
            yield Static(t("add.hint", self.lang), id="add-hint")

    def on_mount(self) -> None:
        self.query_one("#add-text", Input).focus()
        self._suggest("")

    def _area_title(self, area_id: str) -> str:
        area = self.catalogue.area(area_id)
        return short_title(area.title) if area else area_id

    def _suggest(self, text: str) -> None:
        choices = self.query_one("#choices", OptionList)
        choices.clear_options()
        options: list[Option] = []
        if text.strip():
            label = t("add.free", self.lang, text=text.strip(), area=self._area_title(self.area))
            label = visible(label)
            options.append(Option(Text(label), id="free"))
        scored = [
            (score, area_id, task)
            for area_id, task in self.as_needed
            if (score := fuzzy_score(text.strip(), task.title)) is not None
        ]
        # This area's tasks first among equals (with nothing typed, all are equal).
        scored.sort(key=lambda item: (item[0], item[1] != self.area))
        for _, area_id, task in scored[:MAX_SUGGESTIONS]:
            options.append(
                Option(
                    Text(f"{visible(task.title)} ({self._area_title(area_id)})"),
                    id=f"task:{task.id}",
                )
            )
        choices.add_options(options)
        if options:
            # A task whose title holds the typed text beats free text; a loose match does not.
            best_is_close = bool(scored) and scored[0][0] < SUBSEQUENCE_PENALTY
            choices.highlighted = 1 if text.strip() and best_is_close else 0

    def on_input_changed(self, event: Input.Changed) -> None:
        self._suggest(event.value)

    def action_choice(self, step: int) -> None:
        self.query_one("#choices", KeyList).move_highlight(step)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.value.strip():  # enter on an empty box adds nothing (a list item needs tab)
            self._add()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self._add()

    def _add(self) -> None:
        choices = self.query_one("#choices", OptionList)
        if choices.highlighted is None or not choices.option_count:
            return
        option = choices.get_option_at_index(choices.highlighted)
        text = self.query_one("#add-text", Input).value.strip()
        if option.id == "free":
            self.app.post_message(AddCard(self.area, text, None))
        elif option.id and option.id.startswith("task:"):
            task_id = option.id.removeprefix("task:")
            found = self.catalogue.task_index().get(task_id)
            area = found[0].id if found else self.area
            self.app.post_message(AddCard(area, None, task_id))
            if area != self.area and found:
                # The board may show one area only: say where the card went.
                title = found[1].title
                self.notify(t("add.went_to", self.lang, title=title, area=self._area_title(area)))
        self.dismiss(None)

    def action_cancel(self) -> None:
        self.dismiss(None)
