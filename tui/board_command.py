"""Opening the board from the command line (imports Textual, so only when a board is wanted)."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from tui.core.session import Session

if TYPE_CHECKING:
    from tui.cli import Context


def run_board(ctx: Context) -> int:
    workspace = ctx.workspace()
    pinned = ctx.today if getattr(ctx.args, "today", None) else None  # else the live date
    session = Session(workspace, pinned, profile=ctx.profile_override())
    week = ctx.week(session.settings)  # a bad --period fails before anything is written
    if pinned is None:  # a clock pinned for one run is not the day tracking started
        session.mark_started()
    from tui.ui.app import make_app

    app = make_app(session, lang=ctx.lang, week=week)
    app.run()
    # Changes the disk refused while the board ran get one more try; any left are lost.
    store = session.store
    if store.pending and not store.flush():
        waiting = len(store.pending)
        print(f"ritmas: {waiting} change(s) could not be saved and are lost", file=sys.stderr)
        return 1
    # Non-zero when the board stopped on an error (Textual has printed it).
    return app.return_code or 0
