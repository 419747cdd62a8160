"""The Ritmas app: routes what screens ask for to the controller and draws what it returns.

The controller (``tui.core.controller``) owns the view state and the undo history; the store's
thread (``tui.core.keeper``, run here as a Textual thread worker) owns the files. This module only
wires them: messages from screens become controller calls, the controller's jobs go to the
store's thread, its reports come back as :class:`StoreReported` messages, and every returned
:class:`~tui.core.controller.Step` is drawn. No file is read or written on the event loop.
"""

from __future__ import annotations

import asyncio
import gc
import queue
import sys
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from textual import work
from textual.app import SystemCommand
from textual.binding import Binding
from textual.dom import DOMNode
from textual.events import Resize
from textual.message import Message
from textual.screen import Screen
from textual.theme import Theme

from tui.core.board import Board
from tui.core.controller import Controller, Step
from tui.core.keeper import BoardLoaded, Job, Report, StoreKeeper
from tui.core.people import MINE
from tui.core.periods import Week
from tui.core.session import Session
from tui.core.settings import (
    SYNC_ON_START_AND_QUIT,
    SettingsError,
    UserSettings,
    load_user_settings,
    theme_to_use,
    update_user_settings,
)
from tui.core.text import visible
from tui.core.values import init_class
from tui.i18n import said, shown, t
from tui.ui.bindings import keymap_warnings, localized
from tui.ui.messages import (
    AddCard,
    AskAssignee,
    AskSendBack,
    CarryCard,
    ChooseArea,
    MoveCard,
    OpenCard,
    OpenWeek,
    ReviewDecision,
    ReviewWeek,
    SaveReflection,
    SearchFor,
    SetNote,
    SkipCard,
    TickStep,
    UndoRedo,
)
from tui.ui.screens.board import MIN_HEIGHT, MIN_WIDTH, BoardScreen
from tui.ui.textual_texts import TranslatedApp

if TYPE_CHECKING:  # imported when the review is first opened, not at start
    from tui.ui.screens.review import ReviewScreen

DAY_CHECK_S = 5.0  # how often to look whether midnight has passed
QUIT_WAIT_S = 2.0  # how long quitting waits for changes still being saved
HINT_RUNS = 3  # the start hint shows on a person's first runs only
HINT_S = 6.0  # and stays this long
GC_PAUSE_S = 2.0  # garbage collection paused for the start resumes this late at the latest


@init_class  # never compared
class StoreReported(Message):
    """A report of the store's thread, posted to the app from that thread."""

    report: Report


class RitmasApp(TranslatedApp):
    TITLE = "Ritmas"
    # The board's style, here because the board is the default screen (see get_default_screen),
    # whose own CSS_PATH Textual does not load; its rules are all under "BoardScreen".
    CSS_PATH = "screens/board.tcss"
    ENABLE_COMMAND_PALETTE = True

    def __init__(
        self,
        session: Session,
        lang: str,
        week: Week,
        *,
        watch: bool = True,
        resume_gc: bool = False,
    ) -> None:
        super().__init__()
        self._resume_gc = resume_gc  # the command paused garbage collection for the start
        self.session = session
        self.lang = lang
        self.watch_other_sessions = watch
        self._jobs: queue.Queue[Job | None] = queue.Queue()
        self._reported = asyncio.Event()  # set on every report of the store's thread
        self.controller = Controller(session, lang, self._send, week, key_of=self._key_of)
        self.keeper = StoreKeeper(session, lang)  # used on the store's thread only
        self._quit_when_saved = False
        self._store_started = False
        self._hints_shown = 0  # from user.toml, at mount
        self._hint_waiting = False  # the hint waits for a window large enough to see it
        self._review_screen: ReviewScreen | None = None  # kept once made (see _show_review)
        self._first_board: BoardLoaded | None = None  # see read_first_board
        self._mounted = self._board_mounted = self._started = False  # see _start_board
        self.board_screen = localized(BoardScreen, lang)(
            lang, session.catalogue.areas, session.workspace.name, self._on_board_mounted
        )

    # -- start and stop -------------------------------------------------------------------------

    def read_first_board(self) -> None:
        """Read the first board now, before the app runs: on the caller's thread, before the
        store's thread starts (so nothing else uses the store yet). The first screen is then
        laid out and drawn once, with its cards, instead of empty and again when the store's
        thread answers. Should the read fail, the store's thread reads it as usual."""
        try:
            self._first_board = self.keeper.board(self.controller.week)
        except Exception:  # the store's thread reads it again, and reports it as it always did
            self._first_board = None

    def on_mount(self) -> None:
        if self.session.settings.keys:
            self.set_keymap(self.session.settings.keys)
        user = self._user_settings()
        theme = theme_to_use(self.session.settings, user)
        if theme and theme in self.available_themes:
            self.theme = theme
        self._saved_theme = self.theme  # what is in force is not a new choice to save
        self.theme_changed_signal.subscribe(self, self._save_theme)
        keys = self.session.settings.keys
        # The screens are imported only to check a remapping: a board without one starts lighter.
        keymap = keymap_warnings(keys, self._keyed_screens(), self.lang) if keys else []
        for warning in (*self.session.settings.warnings, *user.warnings, *keymap):
            self.notify(visible(shown(warning, self.lang)), severity="warning", timeout=10)
        self.run_worker(self._serve_store, thread=True, name="store", group="store")
        self._store_started = True
        self._hints_shown = user.hints_shown
        if self._resume_gc:  # should no board come (a store that fails), not paused for good
            self.set_timer(GC_PAUSE_S, self._gc_again)
        self._mounted = True
        self._start_board()

    def _gc_again(self) -> None:
        """Garbage collection again, once the first cards are drawn (or at the latest
        :data:`GC_PAUSE_S` after the start); what the start made lives as long as the board, so
        it is kept out of every later collection (``gc.freeze``)."""
        if self._resume_gc:
            self._resume_gc = False
            gc.freeze()
            gc.enable()

    def get_default_screen(self) -> Screen[Any]:
        # The board is the first screen itself, not pushed over an empty default one: one
        # screen to compose, style and lay out at start.
        return self.board_screen

    def _on_board_mounted(self) -> None:
        self._board_mounted = True
        self._start_board()

    def _start_board(self) -> None:
        """Once both the app (its settings, keys, theme) and the board's widgets are mounted,
        whichever comes last: show the first board, then what follows it."""
        if not (self._mounted and self._board_mounted) or self._started:
            return
        self._started = True
        self.board_screen.week_start = self.session.settings.week_start
        self.show(self.controller.start(self._first_board))
        self._first_board = None
        if self.session.needs_profile:
            self.choose_profile()
        else:
            self._offer_hint()
        self.set_interval(DAY_CHECK_S, lambda: self.show(self.controller.new_day()))
        if self.session.settings.sync == SYNC_ON_START_AND_QUIT:
            self._sync_at_start()

    @work(thread=True, group="sync", exclusive=True)
    def _sync_at_start(self) -> None:
        """git fetch/merge/push off the UI thread; the watcher shows what the merge brought."""
        from tui.commands.sync import sync_once

        went, line = sync_once(self.session.workspace.root, self.lang)
        severity = "information" if went else "warning"
        self.call_from_thread(self.notify, visible(line), severity=severity, timeout=8)

    def _keyed_screens(self) -> list[type[DOMNode]]:
        """Every screen whose keys ``[keys]`` may remap."""
        from tui.ui.screens.add import AddScreen
        from tui.ui.screens.detail import DetailScreen
        from tui.ui.screens.filter import FilterScreen, ProfileScreen
        from tui.ui.screens.help import HelpScreen
        from tui.ui.screens.review import ReviewScreen

        return [
            BoardScreen,
            ReviewScreen,
            DetailScreen,
            AddScreen,
            FilterScreen,
            ProfileScreen,
            HelpScreen,
        ]

    def _key_of(self, binding_id: str) -> str:
        """The keys the binding ``binding_id`` of the board (or the card detail) has now,
        remapped or not, as shown."""

        def declared(screen: type[Screen[Any]]) -> list[Binding]:
            return [b for b in screen.BINDINGS if isinstance(b, Binding) and b.id == binding_id]

        found = declared(BoardScreen)
        if not found:  # the detail is imported only when a notice names one of its keys
            from tui.ui.screens.detail import DetailScreen

            found = declared(DetailScreen)
        binding = found[0]
        keys = self.session.settings.keys.get(binding_id, binding.key).split(",")
        return " ".join(self.get_key_display(Binding(key.strip(), "")) for key in keys)

    def _welcome(self) -> str:
        """The start hint, naming the keys this workspace uses."""
        move = " ".join(self._key_of(f"focus_{way}") for way in ("left", "down", "up", "right"))
        return t(
            "note.welcome",
            self.lang,
            move=move,
            advance=self._key_of("advance"),
            open=self._key_of("open"),
            help=self._key_of("help"),
        )

    def _offer_hint(self, too_small: bool | None = None) -> None:
        """The start hint, on a person's first :data:`HINT_RUNS` runs only (counted in their
        ``user.toml``). Below the smallest window it waits until the board can be seen: a toast
        must not cover the "make the window larger" notice."""
        self._hint_waiting = False
        if self._hints_shown >= HINT_RUNS:
            return
        if self.board_screen.too_small if too_small is None else too_small:
            self._hint_waiting = True
            return
        self.notify(self._welcome(), timeout=HINT_S)
        self._hints_shown += 1
        self._save_personal(hints_shown=self._hints_shown)

    def on_resize(self, event: Resize) -> None:
        # The app hears of a new size before its screens do: judge by the event's own size.
        if self._hint_waiting:
            self._offer_hint(event.size.width < MIN_WIDTH or event.size.height < MIN_HEIGHT)

    # -- the person's own settings (user.toml), read and saved off the store's thread ------------

    def _user_settings(self) -> UserSettings:
        try:
            return load_user_settings()
        except SettingsError as exc:
            self.notify(visible(shown(said(exc), self.lang)), severity="warning", timeout=10)
            return UserSettings()

    def _save_theme(self, theme: Theme) -> None:
        if theme.name != self._saved_theme:
            self._saved_theme = theme.name
            self._save_personal(theme=theme.name)

    @work(thread=True, group="settings")
    def _save_personal(self, **changes: Any) -> None:
        """The person's own settings go to their ``user.toml``, never into the workspace."""
        try:
            update_user_settings(**changes)
        except (OSError, SettingsError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            text = t("note.settings_failed", self.lang, reason=visible(reason))
            self.call_from_thread(self.notify, text, severity="error")

    def on_unmount(self) -> None:
        self._jobs.put(None)  # the store's thread ends after the jobs before it

    def store_stopped(self, timeout: float) -> bool:
        """Wait until the store's thread has ended (it ends right after the app): from then on
        the caller's thread may use the store."""
        return not self._store_started or self.keeper.stopped.wait(timeout)

    def _serve_store(self) -> None:
        """The store's thread: the only one that reads or writes the state files."""
        self.keeper.serve(self._jobs, self._report, watch=self.watch_other_sessions)

    def _report(self, report: Report) -> None:
        self.post_message(StoreReported(report))

    def _send(self, job: Job) -> None:
        self._jobs.put(job)

    async def _until(self, done: Callable[[], bool]) -> None:
        while not done():
            self._reported.clear()
            await self._reported.wait()

    async def reported(self) -> None:
        """Wait for the next report of the store's thread (for tests and tools)."""
        self._reported.clear()
        await self._reported.wait()

    async def settled(self) -> None:
        """Wait until the store's thread has answered every job sent so far."""
        await self._until(lambda: not self.controller.busy)

    def on_store_reported(self, message: StoreReported) -> None:
        self.show(self.controller.receive(message.report))
        self._reported.set()
        if self._quit_when_saved and not self.controller.unsaved:
            self.exit()

    # -- drawing what the controller returns ----------------------------------------------------

    def show(self, step: Step) -> None:
        if step.view is not None:
            self.board_screen.show(step.view)
            self._update_detail()
            if self._resume_gc and step.view.board is not None:
                self.call_after_refresh(self._gc_again)
        if step.review is not None:
            self._show_review(step)
        if step.clears_notices:
            self.clear_notifications()
        for notice in step.notices:
            self.notify(notice.text, severity=notice.severity)

    def _update_detail(self) -> None:
        if "tui.ui.screens.detail" not in sys.modules:  # none was ever open: no import at start
            return
        from tui.ui.screens.detail import DetailScreen

        # Every open detail, not only the top screen: one under help, the palette or the assign
        # dialog must not show stale ticks when the user comes back to it.
        for screen in self.screen_stack:
            if isinstance(screen, DetailScreen) and screen.card is not None:
                card = self.controller.card(screen.card.id)
                if card is not None:
                    screen.card = card

    def _show_review(self, step: Step) -> None:
        from tui.ui.screens.review import ReviewScreen

        assert step.review is not None
        if isinstance(self.screen, ReviewScreen):
            self.screen.show(step.review)
            return
        # One review screen, made the first time and kept: opening it again fills it anew
        # instead of building, styling and laying out every widget of it again.
        screen = self._review_screen
        if screen is None:
            screen = localized(ReviewScreen, self.lang)(step.review, self.lang)
            self._review_screen = screen
            self.install_screen(screen, name="review")
        else:
            screen.reopen(step.review)
        self.push_screen(screen, lambda _: self.show(self.controller.close_review()))

    # -- intents --------------------------------------------------------------------------------

    def on_move_card(self, message: MoveCard) -> None:
        self.show(self.controller.move(message.card_id, message.column))

    def on_tick_step(self, message: TickStep) -> None:
        self.show(self.controller.tick(message.card_id, message.step))

    def on_set_note(self, message: SetNote) -> None:
        self.show(self.controller.set_note(message.card_id, message.note))

    def on_skip_card(self, message: SkipCard) -> None:
        self.show(self.controller.skip(message.card_id))

    def on_carry_card(self, message: CarryCard) -> None:
        self.show(self.controller.carry(message.card_id))

    def on_add_card(self, message: AddCard) -> None:
        self.show(self.controller.add(message.area, message.title, message.task_id))

    def on_undo_redo(self, message: UndoRedo) -> None:
        self.show(self.controller.redo() if message.redo else self.controller.undo())

    def on_open_week(self, message: OpenWeek) -> None:
        self.show(self.controller.open_week(message.offset))

    def on_choose_area(self, message: ChooseArea) -> None:
        self.show(self.controller.choose_area(message.index))

    def on_search_for(self, message: SearchFor) -> None:
        self.show(self.controller.search_for(message.text))

    def on_review_week(self, message: ReviewWeek) -> None:
        self.show(self.controller.review_shift(message.offset))

    def on_review_decision(self, message: ReviewDecision) -> None:
        self.show(self.controller.decide(message.ref, message.decision))

    def on_save_reflection(self, message: SaveReflection) -> None:
        self.show(self.controller.save_reflection(message.week, message.reflection, message.base))

    # -- what the tests and the palette read ----------------------------------------------------

    @property
    def filter(self) -> frozenset[str]:
        return self.controller.filter

    @property
    def board(self) -> Board | None:
        return self.controller.board

    # -- screens --------------------------------------------------------------------------------

    def on_open_card(self, message: OpenCard) -> None:
        from tui.ui.screens.detail import DetailScreen

        card = self.controller.card(message.card_id)
        if card is not None:
            self.push_screen(localized(DetailScreen, self.lang)(card, self.lang))

    def choose_profile(self, current: frozenset[str] = frozenset()) -> None:
        """The profile question: on the first run, and from the filter (``t``) any time."""
        from tui.ui.screens.filter import ProfileScreen

        first_run = not current

        def saved(profile: frozenset[str] | None) -> None:
            if profile:
                self.show(self.controller.set_profile(profile))
                if not first_run:
                    self.notify(t("note.profile_saved", self.lang))
            if first_run:
                self._offer_hint()

        self.push_screen(localized(ProfileScreen, self.lang)(self.lang, current), saved)

    def action_add_card(self) -> None:
        from tui.ui.screens.add import AddScreen

        focused = self.board_screen.focused_card()
        area = self.controller.area_id or (
            focused.area if focused else self.session.catalogue.areas[0].id
        )
        self.push_screen(localized(AddScreen, self.lang)(self.session.catalogue, area, self.lang))

    def action_choose_filter(self) -> None:
        from tui.ui.screens.filter import CHANGE_PROFILE, FilterScreen

        def chosen(choice: frozenset[str] | str | None) -> None:
            if choice == CHANGE_PROFILE:
                self.choose_profile(self.session.profile)
            elif isinstance(choice, frozenset):
                self.show(self.controller.set_filter(choice))

        current = self.controller.filter
        screen = localized(FilterScreen, self.lang)(self.session.profile, current, self.lang)
        self.push_screen(screen, chosen)

    def on_ask_assignee(self, message: AskAssignee) -> None:
        from tui.ui.screens.people import Assignee, AssignScreen

        card = self.controller.card(message.card_id)
        if card is None:
            return

        def chosen(choice: Assignee | None) -> None:
            if choice is not None:
                self.show(self.controller.assign(message.card_id, choice.name))

        names, me = list(self.controller.names), self.controller.me
        screen = localized(AssignScreen, self.lang)(card.title, card.assignee, names, me, self.lang)
        self.push_screen(screen, chosen)

    def on_ask_send_back(self, message: AskSendBack) -> None:
        from tui.ui.screens.people import SendBackScreen

        card = self.controller.card(message.card_id)
        if card is None:
            return

        def written(note: str | None) -> None:
            if note is not None:
                self.show(self.controller.send_back(message.card_id, note))

        self.push_screen(localized(SendBackScreen, self.lang)(card.title, self.lang), written)

    def action_choose_person(self) -> None:
        from tui.ui.screens.people import PersonFilterScreen

        def chosen(value: str | None) -> None:
            if value == MINE and self.controller.me is None:
                self._ask_who_i_am()
            elif value is not None:
                self.show(self.controller.set_who(value))

        controller = self.controller
        screen = localized(PersonFilterScreen, self.lang)(
            controller.who, list(controller.names), controller.me, self.lang
        )
        self.push_screen(screen, chosen)

    def _ask_who_i_am(self) -> None:
        """ "Mine" before the board knows who runs it: ask once, and keep the answer in the
        user's own settings (never in the shared workspace)."""
        from tui.ui.screens.people import Assignee, AssignScreen

        def told(choice: Assignee | None) -> None:
            if choice is None or not choice.name:
                return
            step = self.controller.set_me(choice.name)
            if self.controller.me is not None:
                self._save_personal(name=self.controller.me)
            self.show(step)

        names = list(self.controller.names)
        question = t("who.me_title", self.lang)
        screen = localized(AssignScreen, self.lang)("", None, names, None, self.lang, question)
        self.push_screen(screen, told)

    def action_review(self) -> None:
        self.show(self.controller.open_review())

    def action_show_help(self) -> None:
        from tui.ui.screens.help import HelpScreen

        self.push_screen(localized(HelpScreen, self.lang)(self.screen, self.lang))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Below the smallest window the board takes no key but quit: its `app.` actions (add,
        # review, filter, help) and the palette are no way around that.
        if self.screen is self.board_screen and self.board_screen.too_small:
            return action == "quit"
        return True

    async def action_quit(self) -> None:
        """Quit; changes still being saved get a moment, then the user chooses.

        Not awaited here: the reports that say they are saved arrive as messages to this app.
        """
        if not self.controller.unsaved:
            self.exit()
            return
        self._quit_when_saved = True
        self.set_timer(QUIT_WAIT_S, self._quit_waited)

    def _quit_waited(self) -> None:
        if self.controller.unsaved and self._quit_when_saved:
            self._quit_when_saved = False
            self._ask_before_quitting()

    def _ask_before_quitting(self) -> None:
        from tui.ui.screens.quit import QuitScreen

        def chosen(choice: str | None) -> None:
            if choice == "quit":
                self.exit()
            elif choice == "wait":
                self._quit_when_saved = True
                self.notify(t("quit.waiting", self.lang))

        screen = localized(QuitScreen, self.lang)(
            self.controller.unsaved, self.controller.waiting_reason, self.lang
        )
        self.push_screen(screen, chosen)

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        from tui.ui.palette import binding_commands

        yield from super().get_system_commands(screen)
        yield from binding_commands(self, screen, self.session.catalogue.areas)


def make_app(
    session: Session,
    *,
    lang: str,
    week: Week | None = None,
    watch: bool = True,
    resume_gc: bool = False,
) -> RitmasApp:
    """The one factory for the command line and the tests. ``resume_gc``: the caller disabled
    garbage collection for the start; the app enables it once the first cards are drawn."""
    return RitmasApp(session, lang, week or session.this_week, watch=watch, resume_gc=resume_gc)
