"""``ritmas init [DIR]``: a new workspace with the shipped catalogue."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

from tui.commands.context import EXIT_OK, Context, UsageError
from tui.core.workspace import init_workspace
from tui.i18n import t


def register(command: Callable[[str, str], argparse.ArgumentParser], lang: str) -> None:
    init = command("init", t("usage.init", lang))
    init.add_argument(
        "dir", nargs="?", default=None, metavar=t("meta.dir", lang), help=t("usage.init_dir", lang)
    )
    init.add_argument("--git", metavar=t("meta.remote", lang), help=t("usage.init_git", lang))
    init.set_defaults(handler=run)


def run(ctx: Context) -> int:
    given = [Path(p) for p in (ctx.args.dir, getattr(ctx.args, "workspace", None)) if p]
    folders = {p.expanduser().resolve() for p in given}
    if len(folders) > 1:
        raise UsageError(t("cli.init_two_folders", ctx.lang))
    root = folders.pop() if folders else Path.cwd()
    if ctx.args.git:
        from tui.commands.sync import init_shared_command

        return init_shared_command(ctx, root, ctx.args.git)
    created = init_workspace(root)
    if created:
        for path in created:
            print(t("cli.created", ctx.lang, path=path))
    else:
        print(t("cli.already_workspace", ctx.lang, root=root))
    return EXIT_OK
