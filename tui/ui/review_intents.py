"""The app's side of the weekly review: building it, and applying what the owner decides there.

A mixin of :class:`tui.ui.app.RitmasApp`, kept apart so the app stays short and the review's
modules are imported only when the review is opened.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from tui.core.periods import Week
from tui.core.session import Session
from tui.ui.bindings import localized
from tui.ui.messages import ReviewDecision, ReviewWeek, SaveReflection

if TYPE_CHECKING:
    from textual.app import App

    from tui.core.review import Review

    _AppBase = App[None]
else:
    _AppBase = object


class ReviewIntents(_AppBase):
    # What it uses of the app (see RitmasApp).
    session: Session
    week: Week
    review_week: Week
    lang: str
    filter: frozenset[str]

    if TYPE_CHECKING:

        def record(self, do: Callable[[], Any]) -> Any: ...

        def now(self) -> datetime: ...

        def refresh_board(self, keep_focus: str | None = None) -> None: ...

    def _build_review(self, week: Week) -> Review:
        from tui.core.review import build_review

        return build_review(self.session, week, self.session.today, self.filter)

    def action_review(self) -> None:
        from tui.ui.screens.review import ReviewScreen

        self.review_week = self.week
        screen = localized(ReviewScreen, self.lang)(self._build_review(self.week), self.lang)
        self.push_screen(screen, lambda _: self.refresh_board())

    def refresh_review(self) -> None:
        """Show the review again if it is open (after a decision, an undo, a week change)."""
        from tui.ui.screens.review import ReviewScreen

        if isinstance(self.screen, ReviewScreen):
            self.screen.show(self._build_review(self.review_week))

    def on_review_week(self, message: ReviewWeek) -> None:
        self.review_week = self.review_week.shift(message.offset)
        self.refresh_review()

    def on_review_decision(self, message: ReviewDecision) -> None:
        from tui.core.review import decide

        review = self._build_review(self.review_week)
        item = next((i for i in review.unfinished if i.card.ref == message.ref), None)
        if item is None:
            self.refresh_review()  # decided elsewhere meanwhile
            return
        self.record(lambda: decide(self.session.store, item, message.decision, self.now()))
        self.refresh_review()

    def on_save_reflection(self, message: SaveReflection) -> None:
        from tui.core.review import save_reflection

        store = self.session.store
        self.record(lambda: save_reflection(store, message.week, message.reflection, message.base))
        self.refresh_review()
