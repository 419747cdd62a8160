"""``ritmas sync`` and ``ritmas init DIR --git REMOTE``:
a workspace shared through git (README: Teams).

Exit status: 0 synced, 1 stopped or offline (the local commit is kept), 2 no git, not a
repository, or no such remote.
"""

from __future__ import annotations

import argparse
import socket
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from tui.commands.context import EXIT_FAILED, EXIT_OK, EXIT_USAGE, Context
from tui.i18n import Msg, said, shown, t, tn

if TYPE_CHECKING:
    from tui.core.sync import SyncReport


def register(command: Callable[[str, str], argparse.ArgumentParser], lang: str) -> None:
    # The git and merge code is imported only when the command runs: the board never loads it.
    sync = command("sync", t("usage.sync", lang))
    sync.add_argument(
        "--remote", metavar=t("meta.name", lang), default="origin", help=t("usage.remote", lang)
    )
    sync.set_defaults(handler=run)


def run(ctx: Context) -> int:
    from tui.core.gitrun import GitError
    from tui.core.sync import SyncStopped, sync

    workspace = ctx.workspace()
    try:
        report = sync(workspace.root, ctx.args.remote, host_name())
    except GitError as exc:
        return fail(shown(exc.message, ctx.lang), exc.kind)
    except SyncStopped as exc:
        return fail(shown(said(exc), ctx.lang))
    return print_report(report, ctx.args.remote, ctx.lang)


def print_report(report: SyncReport, remote: str, lang: str) -> int:
    if report.repaired:
        print(tn("sync.repaired", len(report.repaired), lang))
    if report.committed:
        print(tn("sync.committed", len(report.committed), lang))
    elif not report.merged:
        print(t("sync.nothing", lang))
    if report.merged:
        print(tn("sync.merged", len(report.merged), lang, remote=remote))
    if report.offline:
        reason = shown(report.offline, lang)
        print(f"ritmas: {t('sync.offline', lang, remote=remote, reason=reason)}", file=sys.stderr)
        return EXIT_FAILED
    print(t("sync.pushed" if report.pushed else "sync.up_to_date", lang, remote=remote))
    return EXIT_OK


def fail(line: str, kind: str = "failed") -> int:
    print(f"ritmas: {line}", file=sys.stderr)
    return EXIT_USAGE if kind in ("missing", "not_repo", "usage") else EXIT_FAILED


def host_name() -> str:
    return socket.gethostname().split(".")[0] or "localhost"


def init_shared_command(ctx: Context, root: Path, remote_url: str) -> int:
    """``ritmas init DIR --git REMOTE``."""
    from tui.core.gitrun import GitError
    from tui.core.sync import SyncStopped, init_shared

    try:
        what, report = init_shared(root, remote_url, host_name())
    except GitError as exc:
        return fail(shown(exc.message, ctx.lang), exc.kind)
    except SyncStopped as exc:
        return fail(shown(said(exc), ctx.lang))
    print(t(f"sync.{what}", ctx.lang, root=root, remote=remote_url))
    return print_report(report, "origin", ctx.lang) if report else EXIT_OK


def sync_once(root: Path, lang: str) -> tuple[bool, str]:
    """One sync for the board (at start, in a worker; at quit, after it closed): whether it went
    through, and one line saying what happened."""
    from tui.core.gitrun import GitError
    from tui.core.sync import SyncStopped, sync

    try:
        report = sync(root, "origin", host_name())
    except (GitError, SyncStopped) as exc:
        return False, Msg("sync.board_failed", reason=said(exc)).shown(lang)
    if report.offline:
        return False, t("sync.offline", lang, remote="origin", reason=shown(report.offline, lang))
    parts = []
    if report.merged:
        parts.append(tn("sync.merged", len(report.merged), lang, remote="origin"))
    parts.append(t("sync.pushed" if report.pushed else "sync.up_to_date", lang, remote="origin"))
    return True, "; ".join(parts)
