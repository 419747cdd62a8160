"""``ritmas`` / ``ritmas board``: the board. Textual is imported only when a board opens."""

from __future__ import annotations

import argparse
from collections.abc import Callable

from tui.commands.context import EXIT_OK, Context
from tui.core.session import Session


def register(command: Callable[[str, str], argparse.ArgumentParser]) -> None:
    command("board", "open the board (the default)").set_defaults(handler=run)


def run(ctx: Context) -> int:
    workspace = ctx.workspace()
    pinned = ctx.today if getattr(ctx.args, "today", None) else None  # else the live date
    session = Session(workspace, pinned, profile=ctx.profile_override())
    week = ctx.week(session.settings)  # a bad --period fails before anything is written
    session.mark_started()
    from tui.ui.app import make_app

    app = make_app(session, lang=ctx.lang, week=week)
    app.run()
    return EXIT_OK
