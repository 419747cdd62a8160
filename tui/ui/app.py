"""The Ritmas app: wires the session to the screens and applies what the user asks for.

Screens post intents (``tui.ui.messages``); this is the one place that turns them into core
actions, saves them, keeps the undo history and pushes the new state back down.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Protocol, runtime_checkable

from textual.app import SystemCommand
from textual.screen import Screen

from tui.core import actions
from tui.core.actions import ActionRefused, Change
from tui.core.board import Board, Card, refresh_after_change
from tui.core.periods import Week
from tui.core.session import Session
from tui.core.state import StateFileError, StateWriteError, Store
from tui.i18n import t
from tui.ui.bindings import localized
from tui.ui.messages import (
    AddCard,
    CarryCard,
    MoveCard,
    OpenWeek,
    SetNote,
    SkipCard,
    TickStep,
    UndoRedo,
)
from tui.ui.review_intents import ReviewIntents
from tui.ui.screens.board import BoardScreen, profile_label
from tui.ui.textual_texts import TranslatedApp

WATCH_INTERVAL_S = 0.75  # how often to look for changes made by another session
RETRY_INTERVAL_S = 2.0  # how often to retry saving changes that could not be saved


@runtime_checkable
class Undoable(Protocol):
    """A saved change that can be written back: a card's (``actions.Change``) or a reflection's."""

    def undo(self, store: Store) -> object: ...

    def redo(self, store: Store) -> object: ...


class RitmasApp(ReviewIntents, TranslatedApp):
    TITLE = "Ritmas"
    ENABLE_COMMAND_PALETTE = True

    def __init__(self, session: Session, lang: str, week: Week, *, watch: bool = True) -> None:
        super().__init__()
        self.session = session
        self.lang = lang
        self.week = week
        self.watch_other_sessions = watch
        self.filter: frozenset[str] = session.profile
        self.board: Board | None = None
        self.undo_stack: list[Undoable] = []
        self.redo_stack: list[Undoable] = []
        self.review_week = week
        self._fingerprint: dict[str, tuple[int, int, int]] = {}
        self.board_screen = localized(BoardScreen, lang)(
            lang, session.catalogue.areas, session.workspace.name
        )

    # -- start ----------------------------------------------------------------------------------

    async def on_mount(self) -> None:
        if self.session.settings.keys:
            self.set_keymap(self.session.settings.keys)
        if self.session.settings.theme and self.session.settings.theme in self.available_themes:
            self.theme = self.session.settings.theme
        await self.push_screen(self.board_screen)
        self.board_screen.this_week_key = self.session.this_week.key
        self.board_screen.week_start = self.session.settings.week_start
        self.refresh_board()
        if self.session.needs_profile:
            self.choose_profile()
        else:
            self.notify(t("note.welcome", self.lang), timeout=6)
        self.session.store.queue_failed_writes = True
        self._day = self.session.today
        self.set_interval(RETRY_INTERVAL_S, self._every_few_seconds)
        if self.watch_other_sessions:
            self.set_interval(WATCH_INTERVAL_S, self._watch_state)

    def choose_profile(self) -> None:
        from tui.ui.screens.filter import ProfileScreen

        def saved(profile: frozenset[str] | None) -> None:
            if profile:
                self.session.update_settings(self.session.settings.with_profile(profile))
                self.filter = profile
                self.refresh_board()
            self.notify(t("note.welcome", self.lang), timeout=6)

        self.push_screen(localized(ProfileScreen, self.lang)(self.lang), saved)

    # -- the board ------------------------------------------------------------------------------

    def refresh_board(self, keep_focus: str | None = None) -> None:
        """Derive the week's board again and show what changed."""
        self.board = self.session.board(self.week)
        self._show(keep_focus)
        self._fingerprint = self.session.store.fingerprint()

    def _show(self, keep_focus: str | None = None) -> None:
        assert self.board is not None
        screen = self.board_screen
        screen.filter_label = profile_label(self.filter, self.lang)
        cards = self.board.visible(self.filter, screen.area_id, screen.search_text)
        screen.show_board(self.board, cards, keep_focus=keep_focus)

    def _every_few_seconds(self) -> None:
        """Retry saves the disk refused; after midnight, show the new day."""
        store = self.session.store
        if store.pending and store.flush():
            self.notify(t("note.saved_late", self.lang))
            self.refresh_board()
        if self.session.today != self._day:
            self._day = self.session.today
            self.board_screen.this_week_key = self.session.this_week.key
            self.refresh_board()

    def _watch_state(self) -> None:
        if self.session.store.fingerprint() != self._fingerprint:
            self.refresh_board()
            self.refresh_review()

    def card(self, card_id: str) -> Card | None:
        return self.board.card(card_id) if self.board else None

    def now(self) -> datetime:
        return actions.clock(self.session.today)

    # -- applying intents -----------------------------------------------------------------------

    def record(self, do: Callable[[], Undoable | None]) -> Undoable | None:
        """Run one action and keep it for undo; errors become a notice. Returns the change."""
        try:
            change = do()
        except ActionRefused as exc:
            self.notify(str(exc), severity="warning")
            return None
        except StateFileError as exc:
            self.notify(t("note.readonly", self.lang, file=exc.path.name), severity="error")
            return None
        except StateWriteError as exc:
            self.notify(t("note.save_failed", self.lang, reason=exc.reason), severity="error")
            if not exc.queued:
                return None
            # The store keeps the change and shows it; the retry timer saves it later.
            change = exc.result if isinstance(exc.result, Undoable) else None
        if change is not None:
            self.undo_stack.append(change)
            self.redo_stack.clear()
        return change

    def _apply(self, do: Callable[[], Change | None], card_id: str | None = None) -> None:
        """Run one action on the board, record it for undo, and show its result."""
        change = self.record(do)
        if isinstance(change, Change):
            if card_id is None and change.before is None and change.ref.section == "cards":
                card_id = change.ref.key  # a new card: the focus goes to it
            self._changed(change, card_id)

    def _changed(self, change: Change, card_id: str | None = None) -> None:
        """Show a saved change: only the cards it touches are derived again."""
        store = self.session.store
        file = change.ref.file
        news = store.replaced.get(file) != self._fingerprint.get(file)
        if self.board is None or self.board.week != self.week or news:
            # Another session wrote this file since we last looked: show all of it again.
            self.refresh_board(keep_focus=card_id)
        else:
            self.board = refresh_after_change(self.session.context, self.board, change.ref)
            self._show(keep_focus=card_id)
            # Our own write is not news from another session.
            identity = store.written.get(file)
            if identity is not None:
                self._fingerprint[file] = identity
        self._update_detail(card_id)

    def _update_detail(self, card_id: str | None) -> None:
        from tui.ui.screens.detail import DetailScreen

        screen = self.screen
        if isinstance(screen, DetailScreen) and card_id:
            card = self.card(card_id)
            if card is not None:
                screen.card = card

    def _with_card(self, card_id: str, do: Callable[[Card], Change | None]) -> None:
        card = self.card(card_id)
        if card is None:
            return
        if self.board and self.board.read_only(card):
            file = f"{card.ref.file}.json"
            self.notify(t("note.readonly", self.lang, file=file), severity="error")
            return
        self._apply(lambda: do(card), card_id)

    def on_move_card(self, message: MoveCard) -> None:
        store, column = self.session.store, message.column
        if column is None:
            self._with_card(message.card_id, lambda c: actions.advance(store, c, self.now()))
        else:
            self._with_card(message.card_id, lambda c: actions.move(store, c, column, self.now()))

    def on_tick_step(self, message: TickStep) -> None:
        store = self.session.store
        self._with_card(message.card_id, lambda c: actions.tick(store, c, message.step))

    def on_set_note(self, message: SetNote) -> None:
        store = self.session.store
        card = self.card(message.card_id)
        if card is not None and card.note != message.note:
            self._with_card(message.card_id, lambda c: actions.set_note(store, c, message.note))

    def on_skip_card(self, message: SkipCard) -> None:
        store = self.session.store
        self._with_card(message.card_id, lambda c: actions.skip(store, c, self.now()))

    def on_carry_card(self, message: CarryCard) -> None:
        store = self.session.store
        self._with_card(message.card_id, lambda c: actions.carry(store, actions.carry_target(c)))

    def on_add_card(self, message: AddCard) -> None:
        store, week = self.session.store, self.week.key
        self._apply(
            lambda: actions.add_card(
                store, week, message.area, self.now(), title=message.title, task_id=message.task_id
            )
        )

    def on_undo_redo(self, message: UndoRedo) -> None:
        source, target = (
            (self.redo_stack, self.undo_stack)
            if message.redo
            else (self.undo_stack, self.redo_stack)
        )
        if not source:
            self.notify(t("note.nothing_redo" if message.redo else "note.nothing_undo", self.lang))
            return
        change = source.pop()
        store = self.session.store
        try:
            change.redo(store) if message.redo else change.undo(store)
        except StateFileError as exc:
            source.append(change)
            self.notify(str(exc), severity="error")
            return
        except StateWriteError as exc:
            self.notify(t("note.save_failed", self.lang, reason=exc.reason), severity="error")
            if not exc.queued:
                source.append(change)
                return
        target.append(change)
        if isinstance(change, Change):
            self._changed(change)
        self.refresh_review()

    def on_open_week(self, message: OpenWeek) -> None:
        if message.offset is None:
            self.week = self.session.this_week
        else:
            self.week = self.week.shift(message.offset)
        self.refresh_board()

    # -- screens --------------------------------------------------------------------------------

    def open_card(self, card_id: str) -> None:
        from tui.ui.screens.detail import DetailScreen

        card = self.card(card_id)
        if card is not None:
            self.push_screen(localized(DetailScreen, self.lang)(card, self.lang))

    def action_add_card(self) -> None:
        from tui.ui.screens.add import AddScreen

        focused = self.board_screen.focused_card()
        area = self.board_screen.area_id or (
            focused.area if focused else self.session.catalogue.areas[0].id
        )
        self.push_screen(localized(AddScreen, self.lang)(self.session.catalogue, area, self.lang))

    def action_choose_filter(self) -> None:
        from tui.ui.screens.filter import FilterScreen

        def chosen(choice: frozenset[str] | None) -> None:
            if choice is not None:
                self.filter = choice
                self.refresh_board()

        screen = localized(FilterScreen, self.lang)(self.session.profile, self.filter, self.lang)
        self.push_screen(screen, chosen)

    def action_show_help(self) -> None:
        from tui.ui.screens.help import HelpScreen

        self.push_screen(localized(HelpScreen, self.lang)(self.screen, self.lang))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        from tui.ui.palette import binding_commands

        yield from super().get_system_commands(screen)
        yield from binding_commands(self, screen, self.session.catalogue.areas)


def make_app(
    session: Session, *, lang: str, week: Week | None = None, watch: bool = True
) -> RitmasApp:
    """The one factory for the command line and the tests."""
    return RitmasApp(session, lang, week or session.this_week, watch=watch)
