"""Opening the board from the command line (imports Textual, so only when a board is wanted)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tui.core.session import Session

if TYPE_CHECKING:
    from tui.cli import Context


def run_board(ctx: Context) -> int:
    workspace = ctx.workspace()
    pinned = ctx.today if getattr(ctx.args, "today", None) else None  # else the live date
    session = Session(workspace, pinned, profile=ctx.profile_override())
    week = ctx.week(session.settings)  # a bad --period fails before anything is written
    session.mark_started()
    from tui.ui.app import make_app

    app = make_app(session, lang=ctx.lang, week=week)
    app.run()
    return 0
