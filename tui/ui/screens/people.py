"""Who does what on the board: say who does a card (``a``), send a done card back with a note
(``b``), and show one person's cards (``w``).

Each dialog is given what it shows (the names the workspace already uses, who "I" am) and
dismisses with what was chosen; the screen that opened it sends the intent up.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from tui.core.people import CLEAR, MINE, PersonError, clean_name, clean_send_back_note
from tui.core.values import value_class
from tui.i18n import said, shown, t
from tui.ui.screens.add import SUBSEQUENCE_PENALTY, fuzzy_score
from tui.ui.screens.filter import DIALOG_CSS
from tui.ui.widgets.key_list import KeyList

MAX_NAMES = 10

_DIALOG_CSS = (
    DIALOG_CSS
    + """
{name} .dialog-error {{ color: $error; }}
{name} OptionList {{ height: auto; max-height: 12; }}
"""
)


@value_class
class Assignee:
    """What the assign dialog chose: a name, or None for nobody."""

    name: str | None


class AssignScreen(ModalScreen[Assignee | None]):
    """Type a name, or pick one the workspace already uses; ``-`` or "nobody" clears it."""

    DEFAULT_CSS = _DIALOG_CSS.format(name="AssignScreen")
    BINDINGS = [
        Binding("escape", "cancel", "key.cancel", id="cancel"),
        Binding(
            "down", "choice(1)", "key.focus_down", id="choice_down", show=False, tooltip="tip.next"
        ),
        Binding(
            "up", "choice(-1)", "key.focus_up", id="choice_up", show=False, tooltip="tip.previous"
        ),
    ]

    def __init__(
        self,
        title: str,
        current: str | None,
        names: list[str],
        me: str | None,
        lang: str,
        question: str | None = None,
    ) -> None:
        super().__init__()
        self.card_title = title
        self.question = question  # instead of "who does <title>" (e.g. "who are you?")
        self.current = current
        self.lang = lang
        # Who I am first, then everyone else the workspace knows.
        self.names = [me] if me else []
        self.names += [n for n in names if not me or n.casefold() != me.casefold()]

    def compose(self) -> ComposeResult:
        with Vertical():
            title = self.question or t("assign.title", self.lang, title=self.card_title)
            yield Static(Text(title), classes="dialog-title")
            yield Input(
                value=self.current or "", placeholder=t("assign.placeholder", self.lang), id="name"
            )
            yield KeyList(id="names", classes="enter-choice")
            yield Static("", classes="dialog-error", id="assign-error")
            hint = t("who.me_hint" if self.question else "assign.hint", self.lang)
            yield Static(hint, classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one("#name", Input).focus()
        self._suggest(self.current or "", typed=False)
        if self.current:  # enter keeps the name the card has
            choices = self.query_one("#names", OptionList)
            index = next(
                (
                    n
                    for n, name in enumerate(self.names)
                    if name.casefold() == self.current.casefold()
                ),
                None,
            )
            if index is not None:
                choices.highlighted = index

    def _suggest(self, text: str, *, typed: bool = True) -> None:
        choices = self.query_one("#names", OptionList)
        choices.clear_options()
        query = text.strip() if typed else ""
        scored = [
            (score, index, name)
            for index, name in enumerate(self.names)
            if (score := fuzzy_score(query, name)) is not None
        ]
        scored.sort()
        options = [Option(Text(name), id=f"name:{name}") for _, _, name in scored[:MAX_NAMES]]
        exact = any(query.casefold() == name.casefold() for _, _, name in scored)
        if query and not exact and query != CLEAR:
            # A name that holds the typed text comes first (completion); a loose match does not.
            close = sum(1 for score, _, _ in scored[:MAX_NAMES] if score < SUBSEQUENCE_PENALTY)
            new_name = Option(Text(t("assign.new", self.lang, name=query)), id="typed")
            options.insert(close, new_name)
        if not self.question:  # "nobody" answers who does a card, not who you are
            options.append(Option(Text(t("assign.nobody", self.lang)), id="nobody"))
        choices.add_options(options)
        choices.highlighted = 0
        self.query_one("#assign-error", Static).update("")

    def on_input_changed(self, event: Input.Changed) -> None:
        self._suggest(event.value)

    def action_choice(self, step: int) -> None:
        self.query_one("#names", KeyList).move_highlight(step)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._choose()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._choose()

    def _choose(self) -> None:
        choices = self.query_one("#names", OptionList)
        typed = self.query_one("#name", Input).value
        option = (
            choices.get_option_at_index(choices.highlighted)
            if choices.highlighted is not None and choices.option_count
            else None
        )
        if (option is not None and option.id == "nobody") or typed.strip() == CLEAR:
            self.dismiss(Assignee(None))
            return
        if option is not None and option.id and option.id.startswith("name:"):
            self.dismiss(Assignee(option.id.removeprefix("name:")))
            return
        try:
            self.dismiss(Assignee(clean_name(typed, t("assign.name", self.lang))))
        except PersonError as exc:
            self.query_one("#assign-error", Static).update(Text(shown(said(exc), self.lang)))

    def action_cancel(self) -> None:
        self.dismiss(None)


class SendBackScreen(ModalScreen[str | None]):
    """Needs fixes: a note of what to fix; the done card goes back to doing with it."""

    DEFAULT_CSS = _DIALOG_CSS.format(name="SendBackScreen")
    BINDINGS = [Binding("escape", "cancel", "key.cancel", id="cancel")]

    def __init__(self, title: str, lang: str) -> None:
        super().__init__()
        self.card_title = title
        self.lang = lang

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(
                Text(t("send_back.title", self.lang, title=self.card_title)),
                classes="dialog-title",
            )
            yield Input(placeholder=t("send_back.placeholder", self.lang), id="fix-note")
            yield Static("", classes="dialog-error", id="send-back-error")
            yield Static(t("send_back.hint", self.lang), classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one("#fix-note", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        try:
            self.dismiss(clean_send_back_note(event.value))
        except PersonError as exc:
            self.query_one("#send-back-error", Static).update(Text(str(exc)))

    def action_cancel(self) -> None:
        self.dismiss(None)


EVERYONE_FILTER = ""  # the person filter's value for "everyone's cards"


class PersonFilterScreen(ModalScreen[str | None]):
    """Whose cards to show: everyone's, mine, nobody's, or one person's. Dismisses with the
    filter value (``""`` everyone, ``mine``, ``-`` nobody, or a name); None when cancelled."""

    DEFAULT_CSS = _DIALOG_CSS.format(name="PersonFilterScreen")
    BINDINGS = [Binding("escape,q", "cancel", "key.cancel", id="cancel")]

    def __init__(self, current: str, names: list[str], me: str | None, lang: str) -> None:
        super().__init__()
        self.current = current
        self.lang = lang
        self.choices: list[tuple[str, str]] = [
            (EVERYONE_FILTER, t("who.everyone", lang)),
            (MINE, t("who.mine", lang, name=me) if me else t("who.mine_unknown", lang)),
            (CLEAR, t("who.nobody", lang)),
        ]
        self.choices += [(name, name) for name in names]

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(t("who.title", self.lang), classes="dialog-title")
            yield KeyList(*[Option(Text(label)) for _, label in self.choices], id="people")

    def on_mount(self) -> None:
        options = self.query_one("#people", OptionList)
        values = [value.casefold() for value, _ in self.choices]
        current = self.current.casefold()
        options.highlighted = values.index(current) if current in values else 0
        options.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.choices[event.option_index][0])

    def action_cancel(self) -> None:
        self.dismiss(None)
