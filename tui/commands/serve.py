"""``ritmas serve``: the board in a web browser, through textual-serve, private by default.

Each browser tab that opens the page starts its own board process on this workspace (sessions
stay in step through the state files, as two SSH logins do). Whoever reaches the page drives the
board and changes the workspace, so, as Jupyter does, every run has a secret token that the one
printed URL carries; it listens on 127.0.0.1 unless ``--public`` says otherwise.

This module only reads the arguments and checks them; the web server (aiohttp, textual-serve)
is imported from :mod:`tui.commands.serve_web` once they are good.
"""

from __future__ import annotations

import argparse
import ipaddress
import os
import re
import socket
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tui.commands.context import Context

TOKEN_ENV = "RITMAS_TOKEN"
TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{16,128}$")
DEFAULT_HOST, DEFAULT_PORT, DEFAULT_MAX_BOARDS = "127.0.0.1", 8000, 4


def register(command: Callable[[str, str], argparse.ArgumentParser]) -> None:
    sub = command("serve", "serve the board in a web browser (needs ritmas[web])")
    sub.add_argument(
        "--host",
        default=DEFAULT_HOST,
        help=f"address to listen on ({DEFAULT_HOST}); beyond this computer needs --public",
    )
    sub.add_argument(
        "--port",
        type=_port,
        default=DEFAULT_PORT,
        help=f"port ({DEFAULT_PORT}; 0 picks a free one)",
    )
    sub.add_argument(
        "--public",
        action="store_true",
        help="allow listening beyond loopback (plain HTTP: an SSH tunnel is safer)",
    )
    sub.add_argument(
        "--token",
        metavar="TOKEN",
        help=f"the URL's secret, for a fixed bookmark (else ${TOKEN_ENV}, else a new one each run)",
    )
    sub.add_argument(
        "--max-boards",
        type=_max_boards,
        default=DEFAULT_MAX_BOARDS,
        metavar="N",
        help=f"boards (browser tabs) open at once ({DEFAULT_MAX_BOARDS})",
    )
    sub.set_defaults(handler=run)


def _port(text: str) -> int:
    # argparse turns ArgumentTypeError into a one-line usage error (exit 2).
    try:
        port = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a port number: {text!r}") from None
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"{port} is out of range (1–65535, or 0 for a free one)")
    return port


def _max_boards(text: str) -> int:
    try:
        count = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not 1 <= count <= 64:
        raise argparse.ArgumentTypeError(f"{count} is out of range (1–64)")
    return count


def choose_token(given: str | None, env: Mapping[str, str]) -> str:
    """The URL's secret: ``--token``, else ``$RITMAS_TOKEN``, else a new random one."""
    from tui.commands.context import UsageError

    source, token = ("--token", given) if given is not None else (TOKEN_ENV, env.get(TOKEN_ENV))
    if token is None or token == "":
        import secrets

        return secrets.token_urlsafe(24)
    if not TOKEN_RE.match(token):
        raise UsageError(
            f"{source}: a token is 16 to 128 letters, digits, '-' or '_' (it goes in the URL)"
        )
    return token


@dataclass(frozen=True)
class Listen:
    """Where the server listens, once the host name is resolved."""

    host: str  # as given, for binding and for the printed URL
    addresses: tuple[str, ...]  # what the name resolves to

    @property
    def loopback(self) -> bool:
        return all(ipaddress.ip_address(a.split("%")[0]).is_loopback for a in self.addresses)

    @property
    def wildcard(self) -> bool:
        return any(ipaddress.ip_address(a.split("%")[0]).is_unspecified for a in self.addresses)


def resolve_listen(host: str, port: int) -> Listen:
    from tui.commands.context import UsageError

    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except (socket.gaierror, UnicodeError):
        raise UsageError(
            f"--host: cannot resolve {host!r} to an address of this computer"
        ) from None
    addresses = tuple(dict.fromkeys(str(info[4][0]) for info in infos))
    return Listen(host=host, addresses=addresses)


def url_host(listen: Listen) -> str:
    """The host name to print in the URL: a wildcard address is this computer's name."""
    host = socket.gethostname() if listen.wildcard else listen.host
    return f"[{host}]" if ":" in host else host


def public_warning(listen: Listen, port: int, root: str) -> str:
    return (
        f"warning: listening on {listen.host}:{port}, beyond this computer: anyone who can reach "
        f"it and has the URL (its token) drives the board and changes the workspace {root}; "
        "the connection is plain HTTP, not encrypted (an SSH tunnel is safer)"
    )


def board_command(ctx: Context) -> str:
    """The command line of the board each browser session runs (never holding the token)."""
    args = ctx.args
    argv = [sys.executable, "-m", "tui", "--workspace", str(ctx.workspace().root)]
    argv += ["--lang", ctx.lang]
    for option in ("today", "period", "profile"):
        value = getattr(args, option, None)
        if value:
            argv += [f"--{option}", value]
    import shlex

    return shlex.join(argv)


def run(ctx: Context) -> int:
    from tui.commands.context import UsageError

    args = ctx.args
    token = choose_token(args.token, os.environ)
    # Board processes inherit this process's environment: the token stays out of it.
    os.environ.pop(TOKEN_ENV, None)
    listen = resolve_listen(args.host, args.port)
    if not listen.loopback and not args.public:
        raise UsageError(
            f"--host {args.host} listens beyond this computer: add --public to mean it, "
            "or keep 127.0.0.1 and use an SSH tunnel (ssh -L 8000:localhost:8000 HOST)"
        )
    command = board_command(ctx)  # opens the workspace: a bad one fails before listening
    try:
        from tui.commands.serve_web import serve_board
    except ImportError:
        raise UsageError("serve needs textual-serve: pip install 'ritmas[web]'") from None
    root = str(ctx.workspace().root)

    def announce(port: int) -> None:
        if not listen.loopback:
            print(f"ritmas serve: {public_warning(listen, port, root)}", file=sys.stderr)
        print(f"Ritmas at http://{url_host(listen)}:{port}/{token}/ (ctrl+c stops)", flush=True)

    return serve_board(
        command,
        host=listen.host,
        port=args.port,
        token=token,
        loopback_only=listen.loopback,
        max_boards=args.max_boards,
        lang=ctx.lang,
        announce=announce,
    )
