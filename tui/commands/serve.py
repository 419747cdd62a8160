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
from typing import TYPE_CHECKING

from tui.core.values import value_class
from tui.i18n import Msg, t

if TYPE_CHECKING:
    from tui.commands.context import Context

TOKEN_ENV = "RITMAS_TOKEN"
TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{16,128}$")
DEFAULT_HOST, DEFAULT_PORT, DEFAULT_MAX_BOARDS = "127.0.0.1", 8000, 4


def register(command: Callable[[str, str], argparse.ArgumentParser], lang: str) -> None:
    sub = command("serve", t("usage.serve", lang))
    sub.add_argument(
        "--host",
        default=DEFAULT_HOST,
        metavar=t("meta.host", lang),
        help=t("usage.host", lang, host=DEFAULT_HOST),
    )
    sub.add_argument(
        "--port",
        type=_port(lang),
        default=DEFAULT_PORT,
        metavar=t("meta.port", lang),
        help=t("usage.port", lang, port=DEFAULT_PORT),
    )
    sub.add_argument("--public", action="store_true", help=t("usage.public", lang))
    sub.add_argument(
        "--token",
        metavar=t("meta.token", lang),
        help=t("usage.token", lang, env=f"${TOKEN_ENV}"),
    )
    sub.add_argument(
        "--max-boards",
        type=_max_boards(lang),
        default=DEFAULT_MAX_BOARDS,
        metavar="N",
        help=t("usage.max_boards", lang, n=DEFAULT_MAX_BOARDS),
    )
    sub.set_defaults(handler=run)


def _port(lang: str) -> Callable[[str], int]:
    # argparse turns ArgumentTypeError into a one-line usage error (exit 2), keeping only its
    # text: so the text is in the run's language already.
    def port_number(text: str) -> int:
        try:
            port = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(t("cli.not_port", lang, text=repr(text))) from None
        if not 0 <= port <= 65535:
            raise argparse.ArgumentTypeError(t("cli.port_range", lang, port=port))
        return port

    return port_number


def _max_boards(lang: str) -> Callable[[str], int]:
    def board_count(text: str) -> int:
        try:
            count = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(t("cli.not_number", lang, text=repr(text))) from None
        if not 1 <= count <= 64:
            raise argparse.ArgumentTypeError(t("cli.boards_range", lang, count=count))
        return count

    return board_count


def choose_token(given: str | None, env: Mapping[str, str]) -> str:
    """The URL's secret: ``--token``, else ``$RITMAS_TOKEN``, else a new random one."""
    from tui.commands.context import UsageError

    source, token = ("--token", given) if given is not None else (TOKEN_ENV, env.get(TOKEN_ENV))
    if token is None or token == "":
        import secrets

        return secrets.token_urlsafe(24)
    if not TOKEN_RE.match(token):
        raise UsageError(Msg("cli.bad_token", source=source))
    return token


@value_class
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
        raise UsageError(Msg("cli.cannot_resolve", host=repr(host))) from None
    addresses = tuple(dict.fromkeys(str(info[4][0]) for info in infos))
    return Listen(host=host, addresses=addresses)


def url_host(listen: Listen) -> str:
    """The host name to print in the URL: a wildcard address is this computer's name."""
    host = socket.gethostname() if listen.wildcard else listen.host
    return f"[{host}]" if ":" in host else host


def public_warning(listen: Listen, port: int, root: str) -> Msg:
    return Msg("cli.public_warning", host=listen.host, port=port, root=root)


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
        raise UsageError(Msg("cli.needs_public", host=args.host))
    command = board_command(ctx)  # opens the workspace: a bad one fails before listening
    try:
        from tui.commands.serve_web import serve_board
    except ImportError:
        raise UsageError(Msg("cli.needs_web")) from None
    root = str(ctx.workspace().root)

    def announce(port: int) -> None:
        if not listen.loopback:
            warning = public_warning(listen, port, root).shown(ctx.lang)
            print(f"ritmas serve: {warning}", file=sys.stderr)
        url = f"http://{url_host(listen)}:{port}/{token}/"
        print(t("cli.serving", ctx.lang, url=url), flush=True)

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
