"""``ritmas`` / ``ritmas board``: the board. Textual is imported only when a board opens."""

from __future__ import annotations

import argparse
import contextlib
import gc
import sys
from collections.abc import Callable

from tui.commands.context import EXIT_OK, Context
from tui.core.session import Session
from tui.core.settings import SYNC_ON_START_AND_QUIT, SettingsError
from tui.i18n import t, tn

STORE_STOP_WAIT_S = 5.0  # the store thread ends right after the board; this is a safety net
START_LOCK_WAIT_S = 0.5  # recording the first day never holds the board back for long


def register(command: Callable[[str, str], argparse.ArgumentParser], lang: str) -> None:
    command("board", t("usage.board", lang)).set_defaults(handler=run)


def run(ctx: Context) -> int:
    # No garbage collection until the first cards are on screen (the app resumes it): a full
    # pass over everything the imports made costs ~10 ms, mid-start, and finds almost nothing.
    gc.disable()
    try:
        return _run(ctx)
    finally:
        gc.enable()


def _run(ctx: Context) -> int:
    workspace = ctx.workspace()
    pinned = ctx.today if getattr(ctx.args, "today", None) else None  # else the live date
    session = Session(workspace, pinned, profile=ctx.profile_override())
    week = ctx.week(session.settings)  # a bad --period fails before anything is written
    if pinned is None:  # a clock pinned for one run is not the day tracking started
        # Another session may hold the lock (or ritmas.toml be read-only): this board counts
        # from the same day anyway, and the next start records it.
        with contextlib.suppress(OSError, SettingsError):
            session.mark_started(lock_wait=START_LOCK_WAIT_S)
    from tui.ui.app import make_app

    app = make_app(session, lang=ctx.lang, week=week, resume_gc=True)
    app.read_first_board()
    app.run()
    # The store's thread has stopped: from here this thread owns the store. Changes the disk
    # refused while the board ran (quit anyway) get one more try; any left are lost.
    app.store_stopped(STORE_STOP_WAIT_S)
    store = session.store
    if store.pending and not store.flush():
        waiting = len(store.pending)
        print(f"ritmas: {tn('cli.lost', waiting, ctx.lang)}", file=sys.stderr)
        return 1
    if session.settings.sync == SYNC_ON_START_AND_QUIT:
        # After the board closed, so the terminal shows the one line it prints.
        from tui.commands.sync import sync_once

        went, line = sync_once(workspace.root, ctx.lang)
        print(f"ritmas: {line}", file=sys.stdout if went else sys.stderr)
    # Non-zero when the board stopped on an error (Textual has printed it).
    return app.return_code or EXIT_OK
