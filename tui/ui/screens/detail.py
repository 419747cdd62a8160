"""Card detail: the steps to tick, the catalogue's notes and the user's own note."""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.reactive import reactive
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from tui.core.board import Card
from tui.core.state import Column
from tui.core.text import visible
from tui.i18n import t
from tui.ui.messages import AskAssignee, AskSendBack, MoveCard, SetNote, TickStep
from tui.ui.widgets.card import card_meta
from tui.ui.widgets.key_bar import KeyBar
from tui.ui.widgets.key_list import KeyList

TITLE_SHOWN = 300  # characters of a title the detail shows: a 1 MB title must not stall it
# A note longer than this is shown cut and is not edited here (a one-line box holding a megabyte
# stalls every key); it is kept exactly as it is.
NOTE_EDITABLE = 10_000
NOTE_SHOWN = 300


def shown_title(title: str) -> str:
    """The title, or its first :data:`TITLE_SHOWN` characters and an ellipsis; control
    characters shown as visible escapes."""
    return visible(title if len(title) <= TITLE_SHOWN else title[:TITLE_SHOWN] + "…")


class DetailScreen(ModalScreen[None]):
    DEFAULT_CSS = """
    DetailScreen { align: center middle; }
    #detail { width: 76; max-width: 100%; height: auto; max-height: 22; border: round $accent;
              padding: 0 1; background: $surface; }
    #detail-title { text-style: bold; }
    #steps { height: auto; max-height: 12; }
    #task-notes { color: $text-muted; }
    #notes-box { height: auto; max-height: 6; }
    """

    BINDINGS = [
        Binding("escape,q", "close", "key.close", id="close"),
        Binding("space", "tick", "key.tick", id="tick"),
        Binding("e", "edit_note", "key.note", id="note"),
        Binding("d", "to_done", "key.to_done", id="detail_done"),
        Binding("question_mark", "app.show_help", "key.help", id="detail_help", show=False),
        Binding("a", "assign", "key.assign", id="detail_assign", tooltip="tip.assign"),
        Binding("b", "send_back", "key.send_back", id="detail_send_back", tooltip="tip.send_back"),
    ]

    card: reactive[Card | None] = reactive(None)

    def __init__(self, card: Card, lang: str) -> None:
        super().__init__()
        self.lang = lang
        self.set_reactive(DetailScreen.card, card)

    def compose(self) -> ComposeResult:
        card = self.card
        assert card is not None
        with Vertical(id="detail"):
            yield Static(id="detail-title")
            yield Static(id="detail-meta")
            yield Static(id="detail-fixes")
            if card.steps:
                yield KeyList(*self._options(card), id="steps")
            else:
                yield Static(t("detail.no_steps", self.lang))
            with VerticalScroll(id="notes-box"):
                if card.task_notes:
                    notes = Text(f"{t('detail.notes', self.lang)}: {visible(card.task_notes)}")
                    yield Static(notes, id="task-notes")
                if len(card.note) > NOTE_EDITABLE:
                    cut = visible(card.note[:NOTE_SHOWN], keep_lines=True) + "…"
                    long = t("detail.note_long", self.lang, n=len(card.note))
                    yield Static(Text(f"{long}\n{cut}"), id="note-long")
                else:
                    # The whole note, wrapped, when the one-line box cannot show it all (a new
                    # user could read only a slice of a 70-character note).
                    yield Static(id="note-text")
                    yield Input(
                        visible(card.note),
                        placeholder=t("detail.note_placeholder", self.lang),
                        id="note",
                        select_on_focus=False,  # `e` adds to the note, it does not replace it
                    )
            yield KeyBar(t("key.palette", self.lang))

    def on_mount(self) -> None:
        self._show_header()
        self.call_after_refresh(self._show_note)
        steps = self.query("#steps")
        if steps:
            options = steps.first(OptionList)
            options.highlighted = 0
            options.focus()

    def _options(self, card: Card) -> list[Option]:
        # Text, not a markup string: "[x]" would be read as markup and vanish.
        return [
            Option(Text(f"[{'x' if n in card.checked else ' '}] {visible(step)}"), id=f"step-{n}")
            for n, step in enumerate(card.steps)
        ]

    def _show_header(self) -> None:
        card = self.card
        if card is None:
            return
        self.query_one("#detail-title", Static).update(Text(shown_title(card.title)))
        meta = " · ".join(piece for piece, _ in card_meta(card, self.lang))
        period = f"{t('detail.period', self.lang)}: {card.period}"
        self.query_one("#detail-meta", Static).update(
            Text(f"{period} · {meta}" if meta else period)
        )
        fixes = self.query_one("#detail-fixes", Static)
        fixes.display = bool(card.fixes_note)
        fixes.update(Text(t("card.fixes", self.lang, note=card.fixes_note or "")))

    def on_resize(self) -> None:
        self.call_after_refresh(self._show_note)

    def _show_note(self) -> None:
        """The saved note in full above its box, when it is longer than the box is wide."""
        found = self.query("#note-text")
        if not found or self.card is None:
            return
        view = found.first(Static)
        note = visible(self.card.note)
        box = self.query_one("#note", Input)
        view.display = cell_len(note) > max(1, box.content_region.width - 1)
        view.update(Text(f"{t('detail.note', self.lang)}: {note}"))

    def watch_card(self, card: Card | None) -> None:
        if card is None or not self.is_mounted:
            return
        self._show_header()
        self._show_note()
        self.refresh_bindings()  # `d` (to done) and `b` (send back) depend on its column
        found = self.query("#steps")
        if found:
            steps = found.first(OptionList)
            highlighted = steps.highlighted
            for n, option in enumerate(self._options(card)):
                steps.replace_option_prompt_at_index(n, option.prompt)
            steps.highlighted = highlighted

    def action_tick(self) -> None:
        found = self.query("#steps")
        card = self.card
        if not found or card is None:
            return
        steps = found.first(OptionList)
        if steps.has_focus and steps.highlighted is not None:
            self.post_message(TickStep(card.id, steps.highlighted))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        card = self.card
        if card is not None:
            self.post_message(TickStep(card.id, event.option_index))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "send_back":
            return True if self.card is not None and self.card.column is Column.DONE else None
        if action == "to_done":
            return True if self.card is not None and self.card.column is not Column.DONE else None
        if action == "edit_note":
            return True if self.query("#note") else None  # a long note is not edited here
        return True

    def action_to_done(self) -> None:
        """``d``: the card to done from here (ticking its last step offers this)."""
        if self.card is not None and self.card.column is not Column.DONE:
            self.post_message(MoveCard(self.card.id, Column.DONE))

    def action_assign(self) -> None:
        if self.card is not None:
            self.post_message(AskAssignee(self.card.id))

    def action_send_back(self) -> None:
        if self.card is not None and self.card.column is Column.DONE:
            self.post_message(AskSendBack(self.card.id))

    def action_edit_note(self) -> None:
        found = self.query("#note")
        if found:
            found.first(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self._leave_note()

    def _leave_note(self) -> None:
        """Save the note and go back to the steps (the card stays open)."""
        self._save_note()
        found = self.query("#steps")
        if found:
            found.first(OptionList).focus()
        else:
            self.set_focus(None)

    def _save_note(self) -> None:
        card = self.card
        found = self.query("#note")
        if card is not None and found:
            note = found.first(Input).value
            # The note is shown with control characters made visible; unedited, it is unchanged.
            if note != visible(card.note):
                self.post_message(SetNote(card.id, note))

    def action_close(self) -> None:
        # esc in the note leaves the note, not the card: a user writing a note and pressing
        # esc expected to be back at the steps, ticking.
        if isinstance(self.focused, Input):
            self._leave_note()
            return
        self._save_note()
        self.dismiss(None)
