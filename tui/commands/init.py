"""``ritmas init [DIR]``: a new workspace with the shipped catalogue."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

from tui.commands.context import EXIT_OK, Context, UsageError
from tui.core.workspace import init_workspace


def register(command: Callable[[str, str], argparse.ArgumentParser]) -> None:
    init = command("init", "create a workspace with the shipped catalogue")
    init.add_argument(
        "dir", nargs="?", default=None, metavar="DIR", help="folder (default: --workspace, or here)"
    )
    init.add_argument(
        "--git",
        metavar="REMOTE",
        help="share it through this git remote: clone the workspace there, or put this one there",
    )
    init.set_defaults(handler=run)


def run(ctx: Context) -> int:
    given = [Path(p) for p in (ctx.args.dir, getattr(ctx.args, "workspace", None)) if p]
    folders = {p.expanduser().resolve() for p in given}
    if len(folders) > 1:
        raise UsageError("init: DIR and --workspace name two folders; give one")
    root = folders.pop() if folders else Path.cwd()
    if ctx.args.git:
        from tui.commands.sync import init_shared_command

        return init_shared_command(ctx, root, ctx.args.git)
    created = init_workspace(root)
    if created:
        for path in created:
            print(f"created {path}")
    else:
        print(f"{root} is already a workspace")
    return EXIT_OK
