"""One open workspace: its catalogue, settings and state, and the board of any week.

Shared by the board and the command line so both take exactly the same code path.
"""

from __future__ import annotations

import os
from dataclasses import fields, replace
from datetime import date
from functools import cached_property

from tui.core.audience import ALL
from tui.core.board import Board, BoardContext, Card, build_board
from tui.core.board_cache import MAX_TASKS, cached_board, keep_board
from tui.core.catalogue import Catalogue
from tui.core.catalogue_cache import load_catalogue_and_digest
from tui.core.people import PersonError, who_am_i
from tui.core.periods import Day, PeriodKeyError, Week, parse_period, week_containing
from tui.core.settings import WORKSPACE_KEYS, Settings, change_settings, load_settings
from tui.core.state import Column, Store
from tui.core.workspace import Workspace


class Session:
    def __init__(
        self,
        workspace: Workspace,
        today: date | None,
        *,
        profile: frozenset[str] | None = None,
        catalogue: Catalogue | None = None,
        settings: Settings | None = None,
    ) -> None:
        self.workspace = workspace
        self.pinned_today = today  # None: the real date, read anew (a board can run for days)
        digest = None  # of the catalogue's file, when it was loaded from there
        if catalogue is None:
            catalogue, digest = load_catalogue_and_digest(
                workspace.catalogue_path, workspace.cache_dir
            )
        self.catalogue = catalogue
        self.catalogue_digest = digest
        self.settings = settings or load_settings(workspace.root)
        self.profile_override = profile
        self.store = Store(workspace.state_dir)
        # Taken before this run writes anything: a first action on a Thursday must record that
        # Thursday, not the Monday of the week file it has just written.
        self.first_day = self.started
        self.context = BoardContext(
            self.catalogue,
            self.store,
            self.first_day,
            self.settings.week_start,
            catalogue_digest=self.catalogue_digest,
        )

    @cached_property
    def me(self) -> tuple[str | None, str | None]:
        """Who runs this board (``$RITMAS_USER``, else the user file), read once, and why not
        when it cannot be read (one line); ``(None, None)`` when nobody said."""
        try:
            return who_am_i(os.environ), None
        except PersonError as exc:
            return None, exc.args[0] if exc.args else str(exc)

    @property
    def today(self) -> date:
        return self.pinned_today or date.today()

    @property
    def this_week(self) -> Week:
        return week_containing(self.today, self.settings.week_start)

    @property
    def started(self) -> date:
        """The first day tracked: as saved (a date, or a week's first day), else the Monday of
        the first week with a state file, else today. Nothing before it is ever called missed,
        so a new workspace starts clean."""
        if self.settings.started:
            try:
                saved = parse_period(self.settings.started)
            except PeriodKeyError:
                saved = None
            if isinstance(saved, Day):
                return saved.day
            if isinstance(saved, Week):
                return saved.monday
        days = [self.today]
        for key in self.store.period_keys():
            try:
                days.append(parse_period(key).weeks()[0].monday)
            except PeriodKeyError:
                continue
        return min(days)

    @property
    def profile(self) -> frozenset[str]:
        """The audience in force: ``--profile``, else the saved profile, else everyone."""
        if self.profile_override is not None:
            return self.profile_override
        return self.settings.profile if self.settings.profile is not None else frozenset({ALL})

    @property
    def needs_profile(self) -> bool:
        """First run: no saved profile and none given on the command line."""
        return self.profile_override is None and self.settings.profile is None

    def mark_started(self, *, lock_wait: float | None = None) -> None:
        """Remember the first day this workspace tracked (the day of its first action, by the
        board or a card command), so that nothing before it is ever called missed."""
        if self.settings.started is None:
            # Today, or the first week with state if the history is older than these settings.
            started = replace(self.settings, started=self.first_day.isoformat())
            self.update_settings(started, lock_wait=lock_wait)

    def update_settings(self, settings: Settings, *, lock_wait: float | None = None) -> None:
        """Save the settings that differ from those in force, and only those: whatever else is
        in ``ritmas.toml`` (changed by hand or by another session meanwhile) stays."""
        names = [f.name for f in fields(Settings) if f.name in WORKSPACE_KEYS]
        changes = {
            name: getattr(settings, name)
            for name in names
            if getattr(settings, name) != getattr(self.settings, name)
        }
        if changes:
            self.settings = change_settings(self.workspace.root, lock_wait=lock_wait, **changes)
        else:
            self.settings = settings
        self.context = BoardContext(
            self.catalogue,
            self.store,
            self.started,
            self.settings.week_start,
            catalogue_digest=self.catalogue_digest,
        )

    def board(self, week: Week) -> Board:
        """The board of ``week``. This week's is kept from an earlier run if its files are as
        they were (see :mod:`tui.core.board_cache`), else derived and kept: it is what every
        start and nearly every command reads. Other weeks, and the boards of very large
        catalogues, are derived (a board going back and forth keeps those it made in memory,
        :mod:`tui.core.keeper`)."""
        context = self.context
        if week != self.this_week or len(context.tasks) > MAX_TASKS:
            return build_board(context, week, self.today)
        with self.store.recording() as footprint:
            board = cached_board(context, week, self.today)
            derived = board is None
            if board is None:
                board = build_board(context, week, self.today)
        if derived:
            keep_board(context, board, footprint)
        return board

    def recurring_card(self, week: Week, task_id: str) -> tuple[Card, dict[str, str]] | None:
        """The card of catalogue task ``task_id`` in ``week``, derived alone, as the board of
        ``week`` has it under that id, and the files found damaged on the way; None if the task
        has no card that week, or it is skipped (the board may then give that id to another)."""
        found = self.context.tasks.get(task_id)
        if found is None:
            return None
        damaged: dict[str, str] = {}
        with self.store.steady():
            card = self.context.recurring_card(found[0].id, found[1], week, self.today, damaged)
        if card is None or card.column is Column.SKIPPED:
            return None
        return card, damaged

    def visible_cards(
        self, board: Board, area: str | None = None, text: str = "", who: str | None = None
    ) -> list[Card]:
        return board.visible(self.profile, area, text, who)
