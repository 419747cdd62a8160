"""Choosing the audience: the "tinka kam" filter (``t``) and the first-run profile question."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from tui.core.audience import ALL, EVERYONE, TAGS, tag_label
from tui.i18n import t
from tui.ui.screens.board import profile_label
from tui.ui.widgets.key_list import KeyList

# The look of every small dialog (people.py adds its error line and list height).
DIALOG_CSS = """
{name} {{ align: center middle; }}
{name} > Vertical {{ width: 60; max-width: 100%; height: auto; max-height: 22;
    border: round $accent; padding: 0 1; background: $surface; }}
{name} .dialog-title {{ text-style: bold; }}
{name} .dialog-hint {{ color: $text-muted; }}
"""


CHANGE_PROFILE = "change-profile"  # what the filter returns when the profile is to be changed


class FilterScreen(ModalScreen[frozenset[str] | str | None]):
    """Pick the profile, everything, or one tag, for this session; or change the profile,
    which is saved in the workspace."""

    DEFAULT_CSS = DIALOG_CSS.format(name="FilterScreen")
    BINDINGS = [Binding("escape,q", "cancel", "key.cancel", id="cancel")]

    def __init__(self, profile: frozenset[str], current: frozenset[str], lang: str) -> None:
        super().__init__()
        self.profile = profile
        self.current = current
        self.lang = lang
        self.choices: list[frozenset[str]] = [profile, frozenset({ALL})] + [
            frozenset({tag}) for tag in TAGS if tag != EVERYONE
        ]

    def compose(self) -> ComposeResult:
        labels = [t("filter.profile", self.lang, tags=profile_label(self.profile, self.lang))]
        labels.append(t("filter.all", self.lang))
        labels += [tag_label(tag, self.lang) for tag in TAGS if tag != EVERYONE]
        labels.append(t("filter.change_profile", self.lang))
        with Vertical():
            yield Static(t("filter.title", self.lang), classes="dialog-title")
            yield KeyList(*[Option(Text(label)) for label in labels], id="filters")

    def on_mount(self) -> None:
        options = self.query_one("#filters", OptionList)
        options.highlighted = (
            self.choices.index(self.current) if self.current in self.choices else 0
        )
        options.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        index = event.option_index
        self.dismiss(self.choices[index] if index < len(self.choices) else CHANGE_PROFILE)

    def action_cancel(self) -> None:
        self.dismiss(None)


class ProfileScreen(ModalScreen[frozenset[str] | None]):
    """First run: which audience tags fit this business. Saved in the workspace's settings.

    The boxes are drawn as text ("[x]"), so what is chosen shows without colour too.
    """

    DEFAULT_CSS = DIALOG_CSS.format(name="ProfileScreen")
    BINDINGS = [
        Binding("space", "toggle_tag", "key.tick", id="toggle", tooltip="tip.toggle_tag"),
        Binding("enter", "save", "key.confirm", id="confirm", priority=True),
        Binding("escape", "cancel", "key.cancel", id="cancel"),
    ]

    def __init__(self, lang: str, current: frozenset[str] = frozenset()) -> None:
        super().__init__()
        self.lang = lang
        self.tags = [tag for tag in TAGS if tag != EVERYONE]
        self.chosen: set[str] = {tag for tag in current if tag in self.tags}

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(t("profile.title", self.lang), classes="dialog-title")
            yield KeyList(*[Option(self._prompt(tag)) for tag in self.tags], id="tags")
            yield Static(t("profile.hint", self.lang), classes="dialog-hint")

    def _prompt(self, tag: str) -> Text:
        return Text(f"[{'x' if tag in self.chosen else ' '}] {tag_label(tag, self.lang)}")

    def on_mount(self) -> None:
        options = self.query_one("#tags", OptionList)
        options.highlighted = 0
        options.focus()

    def action_toggle_tag(self) -> None:
        options = self.query_one("#tags", OptionList)
        if options.highlighted is None:
            return
        tag = self.tags[options.highlighted]
        self.chosen.symmetric_difference_update({tag})
        options.replace_option_prompt_at_index(options.highlighted, self._prompt(tag))

    def action_save(self) -> None:
        self.dismiss(frozenset(self.chosen) or frozenset({ALL}))

    def action_cancel(self) -> None:
        self.dismiss(None)
