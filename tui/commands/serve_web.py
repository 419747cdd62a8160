"""The web server of ``ritmas serve``: textual-serve's ``Server`` with a token, checks and a page
of our own.

Every request must carry the run's token: the page, its assets and its WebSocket under
``/TOKEN/``, downloads (whose URL textual.js builds itself, at ``/download/KEY``) in a cookie the
page sets. A WebSocket from another site's page is refused (its ``Origin`` is not this page's),
and when listening on loopback only loopback host names are answered (DNS rebinding).

textual-serve's page building is private API: what this module relies on is listed in
:data:`RELIED_ON` and checked by ``tests/test_serve_pin.py``, and textual-serve is pinned exactly.
"""

from __future__ import annotations

import asyncio
import errno
import hmac
import ipaddress
import json
import logging
import os
import secrets
import signal
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from urllib.parse import urlsplit

import jinja2
from aiohttp import WSMsgType, web
from textual_serve.app_service import AppService
from textual_serve.server import Server

from tui.commands.context import ActionError
from tui.i18n import Msg, t

PAGE_TEMPLATE = Path(__file__).with_name("serve_page.html")
FONT_FILE = "RobotoMono-VariableFont_wght.ttf"  # shipped in textual-serve's static/fonts/
LOOPBACK_NAMES = frozenset({"localhost"})
REFUSED_SOCKET = 1013  # WebSocket close code "try again later"
BOARD_QUIT_LIMIT = 10  # seconds a board has to save and quit when its page goes

# What textual-serve must keep doing for this module to work (checked by tests/test_serve_pin.py).
RELIED_ON = {
    "Server(command, title=…), .statics_path, .download_manager": "server.py",
    "AppService(command, write_bytes=, write_str=, close=, download_manager=)": "app_service.py",
    "AppService.start/stop/send_bytes/set_terminal_size/blur/focus, ._process": "app_service.py",
    "Server.handle_download(request) serves /download/{key}": "server.py",
    "textual.js takes the WebSocket URL from data-session-websocket-url": "static/js/textual.js",
    "textual.js appends ?width=…&height=… to it": "static/js/textual.js",
    "textual.js opens the terminal from window.onload": "static/js/textual.js",
    "textual.js fetches downloads from location.origin + /download/": "static/js/textual.js",
    f"the font static/fonts/{FONT_FILE}": "static/fonts",
}


def page_text(key: str, lang: str, **values: object) -> str:
    """What the browser shows, in the language of the `ritmas serve` run."""
    return t(f"serve.{key}", lang, **values)


log = logging.getLogger("ritmas.serve")

SECURITY_HEADERS = {
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
}


def page_policy(nonce: str) -> str:
    """The page's Content-Security-Policy: nothing from anywhere but this server."""
    return "; ".join(
        [
            "default-src 'none'",
            f"script-src 'self' 'nonce-{nonce}'",
            "style-src 'self' 'unsafe-inline'",  # xterm.js styles its elements inline
            "font-src 'self'",
            "img-src 'self' data:",
            "connect-src 'self'",
            "base-uri 'none'",
            "form-action 'none'",
            "frame-ancestors 'none'",
        ]
    )


def host_name(host_header: str) -> str:
    """The name part of a ``Host`` header (``[::1]:8000`` → ``::1``), lower case."""
    try:
        return (urlsplit(f"//{host_header}").hostname or "").lower()
    except ValueError:
        return ""


def is_loopback_name(name: str) -> bool:
    if name in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def forbidden(reason: str) -> web.Response:
    return web.Response(status=403, text=f"403 Forbidden: {reason}\n", headers=SECURITY_HEADERS)


class BoardServer(Server):
    """textual-serve's server behind the run's token, with our page and a cap on boards."""

    def __init__(
        self, command: str, *, token: str, loopback_only: bool, max_boards: int, lang: str = "en"
    ) -> None:
        # `exec`: the shell textual-serve starts becomes the board, so waiting and stopping
        # reach the board itself.
        super().__init__(f"exec {command}", title="Ritmas")
        self.token = token.encode()
        self.cookie_name = f"ritmas-{secrets.token_hex(4)}"  # one per run: runs never mix
        self.loopback_only = loopback_only
        self.max_boards = max_boards
        self.lang = lang
        self.boards: dict[AppService, web.WebSocketResponse] = {}
        self.page = jinja2.Environment(autoescape=True).from_string(
            PAGE_TEMPLATE.read_text(encoding="utf-8")
        )

    def token_matches(self, given: str | None) -> bool:
        return given is not None and hmac.compare_digest(given.encode(), self.token)

    async def _make_app(self) -> web.Application:
        app = web.Application(middlewares=[self.guard])
        app.add_routes(
            [
                # Before the /{token}/… routes, so /download/ws is a download, not a token.
                web.get("/download/{key}", self.handle_download, name="download"),
                web.get("/{token}", self.handle_bare_token, name="bare"),
                web.get("/{token}/", self.handle_index, name="index"),
                web.get("/{token}/ws", self.handle_websocket, name="websocket"),
                web.get("/{token}/static/{path:.+}", self.handle_static, name="static"),
            ]
        )
        return app

    @web.middleware
    async def guard(
        self, request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
    ) -> web.StreamResponse:
        if self.loopback_only and not is_loopback_name(host_name(request.host)):
            return forbidden(page_text("not_loopback", self.lang))
        route = request.match_info.route.name
        if route == "download":
            allowed = self.token_matches(request.cookies.get(self.cookie_name))
        else:
            allowed = self.token_matches(request.match_info.get("token"))
        if not allowed:
            return forbidden(page_text("no_token", self.lang))
        response = await handler(request)
        if not response.prepared:
            response.headers.update(SECURITY_HEADERS)
        return response

    async def handle_bare_token(self, request: web.Request) -> web.StreamResponse:
        # The page's URLs are relative to /TOKEN/: without the slash they would miss the token.
        raise web.HTTPFound(f"{request.match_info['token']}/")

    async def handle_index(self, request: web.Request) -> web.Response:
        try:
            font_size = min(max(int(request.query.get("fontsize", "16")), 6), 64)
        except ValueError:
            font_size = 16
        nonce = secrets.token_urlsafe(16)
        html = self.page.render(
            title=self.title,
            lang=self.lang,
            ended=page_text("ended", self.lang),
            restart=page_text("restart", self.lang),
            font_size=font_size,
            nonce=nonce,
            font_file=FONT_FILE,
        )
        response = web.Response(text=html, content_type="text/html")
        response.headers["Content-Security-Policy"] = page_policy(nonce)
        response.headers["Cache-Control"] = "no-store"
        response.set_cookie(
            self.cookie_name,
            self.token.decode(),
            path="/download/",
            httponly=True,
            samesite="Strict",
        )
        return response

    async def handle_static(self, request: web.Request) -> web.StreamResponse:
        """One file of textual-serve's static folder; never a folder listing."""
        root = Path(self.statics_path).resolve()
        target = (root / request.match_info["path"]).resolve()
        if not target.is_relative_to(root) or not target.is_file():
            raise web.HTTPNotFound()
        return web.FileResponse(target)

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        """One board per WebSocket, as textual-serve's own handler, but counted and stoppable."""
        origin = request.headers.get("Origin")
        # A browser always says which page opens a WebSocket; only our own page may.
        if origin is not None and origin.lower() != f"{request.scheme}://{request.host}".lower():
            refusal = forbidden(page_text("foreign_origin", self.lang))
            raise web.HTTPForbidden(text=refusal.text, headers=SECURITY_HEADERS)
        if len(self.boards) >= self.max_boards:
            return await self.refuse_board(request)
        websocket = web.WebSocketResponse(heartbeat=15)
        await websocket.prepare(request)

        async def close() -> None:  # when the board quits (q)
            await websocket.close()

        board = AppService(
            self.command,
            write_bytes=websocket.send_bytes,
            write_str=websocket.send_str,
            close=close,
            download_manager=self.download_manager,
        )
        self.boards[board] = websocket
        try:
            await board.start(
                cells(request.query.get("width"), 80), cells(request.query.get("height"), 24)
            )
            await relay(websocket, board)
        finally:
            await end_board(board)
            self.boards.pop(board, None)
            await websocket.close()
        return websocket

    async def refuse_board(self, request: web.Request) -> web.WebSocketResponse:
        line = page_text("too_many", self.lang, n=self.max_boards)
        log.warning("refused a board: %d are open, as many as --max-boards allows", self.max_boards)
        websocket = web.WebSocketResponse()
        await websocket.prepare(request)
        await websocket.send_bytes(f"\r\n {line}\r\n".encode())
        await websocket.close(code=REFUSED_SOCKET, message=line.encode()[:120])
        return websocket

    async def serve_until_stopped(
        self, host: str, port: int, announce: Callable[[int], None]
    ) -> None:
        runner = web.AppRunner(
            await self._make_app(), access_log=None, handle_signals=False, shutdown_timeout=5
        )
        await runner.setup()
        # Ready for ctrl+c or SIGTERM before the URL is printed: nothing is cut short.
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(signum, stop.set)
        site = web.TCPSite(runner, host, port)
        try:
            await site.start()
        except OSError as exc:
            await runner.cleanup()
            where = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
            if exc.errno == errno.EADDRINUSE:
                raise ActionError(Msg("cli.port_in_use", port=port, host=host)) from None
            reason = os.strerror(exc.errno) if exc.errno else str(exc)
            raise ActionError(Msg("cli.cannot_listen", where=where, reason=reason)) from None
        announce(int(runner.addresses[0][1]))
        try:
            await stop.wait()
        finally:
            # Each board gets its quit message and is waited for, so no change is cut short.
            boards = list(self.boards.items())
            await asyncio.gather(*(end_board(board) for board, _ in boards))
            await asyncio.gather(*(websocket.close() for _, websocket in boards))
            await runner.cleanup()


def cells(text: str | None, default: int) -> int:
    """A terminal size from the page's query, within what a screen can hold."""
    try:
        return min(max(int(text or default), 10), 1000)
    except ValueError:
        return default


async def relay(websocket: web.WebSocketResponse, board: AppService) -> None:
    """What the page sends (keys, mouse, size, focus) to the board, until the page goes."""
    async for message in websocket:
        if message.type != WSMsgType.TEXT:
            continue
        try:
            envelope = json.loads(message.data)
        except ValueError:
            continue
        if not isinstance(envelope, list) or not envelope:
            continue
        kind, data = envelope[0], envelope[1] if len(envelope) > 1 else None
        if kind == "stdin" and isinstance(data, str):
            await board.send_bytes(data.encode("utf-8"))
        elif kind == "resize" and isinstance(data, dict):
            size = (cells(str(data.get("width")), 80), cells(str(data.get("height")), 24))
            await board.set_terminal_size(*size)
        elif kind == "ping" and isinstance(data, str):
            await websocket.send_json(["pong", data])
        elif kind == "blur":
            await board.blur()
        elif kind == "focus":
            await board.focus()


async def end_board(board: AppService) -> None:
    """Ask the board to quit and wait until its process has ended (its last save done)."""
    await board.stop()
    process = board._process
    if process is None or process.returncode is not None:
        return
    try:
        await asyncio.wait_for(process.wait(), BOARD_QUIT_LIMIT)
    except TimeoutError:
        log.warning("a board did not quit within %d s; stopped it", BOARD_QUIT_LIMIT)
        process.kill()
        await process.wait()


def serve_board(
    command: str,
    *,
    host: str,
    port: int,
    token: str,
    loopback_only: bool,
    max_boards: int,
    lang: str,
    announce: Callable[[int], None],
) -> int:
    """Serve the board until ctrl+c or SIGTERM; exit status 0."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("ritmas serve: %(message)s"))
    for name in ("ritmas.serve", "textual-serve"):
        logger = logging.getLogger(name)
        logger.addHandler(handler)
        logger.setLevel(logging.WARNING)
        logger.propagate = False
    server = BoardServer(
        command, token=token, loopback_only=loopback_only, max_boards=max_boards, lang=lang
    )
    asyncio.run(server.serve_until_stopped(host, port, announce))
    return 0
