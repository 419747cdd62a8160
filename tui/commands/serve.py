"""``ritmas serve``: the board in a web browser, through textual-serve.

Each browser tab that opens the page starts its own board process on this workspace (sessions
stay in step through the state files, as two SSH logins do).
"""

from __future__ import annotations

import argparse
import shlex
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tui.cli import Context


def register(command: Callable[[str, str], argparse.ArgumentParser]) -> None:
    sub = command("serve", "serve the board in a web browser (needs ritmas[web])")
    sub.add_argument("--host", default="localhost", help="address to listen on (localhost)")
    sub.add_argument("--port", type=int, default=8000, help="port to listen on (8000)")
    sub.set_defaults(handler=run)


def board_command(ctx: Context) -> str:
    """The command line of the board each browser session runs."""
    args = ctx.args
    argv = [sys.executable, "-m", "tui", "--workspace", str(ctx.workspace().root)]
    argv += ["--lang", ctx.lang]
    for option in ("today", "period", "profile"):
        value = getattr(args, option, None)
        if value:
            argv += [f"--{option}", value]
    return shlex.join(argv)


def run(ctx: Context) -> int:
    from tui.cli import UsageError

    try:
        from textual_serve.server import Server
    except ImportError:
        raise UsageError("serve needs textual-serve: pip install 'ritmas[web]'") from None
    print(f"Ritmas at http://{ctx.args.host}:{ctx.args.port} (ctrl+c stops)", file=sys.stderr)
    Server(board_command(ctx), host=ctx.args.host, port=ctx.args.port, title="Ritmas").serve()
    return 0
