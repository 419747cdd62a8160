"""textual-serve is pinned exactly because `ritmas serve` builds on its private parts.

When an upgrade changes one of them, these tests say which, loudly, before a user finds a blank
page: read tui/commands/serve_web.py (RELIED_ON), adapt it, then move the pin in pyproject.toml.
"""

from __future__ import annotations

import inspect
import re
import tomllib
from importlib.metadata import version
from pathlib import Path

from conftest import REPO_ROOT
from textual_serve.app_service import AppService
from textual_serve.server import Server

from tui.commands.serve_web import FONT_FILE, BoardServer

UPGRADE = "textual-serve changed what `ritmas serve` relies on (see tui/commands/serve_web.py)"


def static(path: str) -> Path:
    return Path(inspect.getfile(Server)).parent / "static" / path


def pinned() -> str:
    project = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    pins = {
        spec
        for extra in ("web", "test")
        for spec in project["project"]["optional-dependencies"][extra]
        if spec.startswith("textual-serve")
    }
    assert len(pins) == 1, f"web and test extras must pin the same textual-serve: {pins}"
    [spec] = pins
    match = re.fullmatch(r"textual-serve==(\d+(?:\.\d+)*)", spec)
    assert match, f"textual-serve must be pinned exactly (==), not {spec!r}"
    return match.group(1)


def test_textual_serve_is_pinned_exactly_and_installed_at_the_pin() -> None:
    assert version("textual-serve") == pinned(), UPGRADE


def test_the_server_parts_we_subclass_are_there() -> None:
    server = BoardServer("true", token="t" * 32, loopback_only=True, max_boards=1)
    assert Path(server.statics_path).is_dir(), UPGRADE
    assert hasattr(server, "download_manager"), UPGRADE
    assert inspect.iscoroutinefunction(Server.handle_download), UPGRADE
    assert list(inspect.signature(Server.handle_download).parameters) == ["self", "request"]
    assert inspect.iscoroutinefunction(Server._make_app), UPGRADE
    assert server.title == "Ritmas"


def test_the_app_service_calls_we_make_are_there() -> None:
    parameters = inspect.signature(AppService.__init__).parameters
    for name in ("command", "write_bytes", "write_str", "close", "download_manager"):
        assert name in parameters, f"{UPGRADE}: AppService({name}=…)"
    for method in ("start", "stop", "send_bytes", "set_terminal_size", "blur", "focus"):
        assert inspect.iscoroutinefunction(getattr(AppService, method)), f"{UPGRADE}: {method}"
    # end_board waits on the board's process, which AppService keeps as _process.
    assert "self._process = process" in inspect.getsource(AppService._open_app_process), UPGRADE


def test_the_page_script_still_works_as_our_page_expects() -> None:
    script = static("js/textual.js").read_text(encoding="utf-8")
    # Our page sets the WebSocket URL in this attribute; the script adds ?width=…&height=….
    assert "dataset.sessionWebsocketUrl" in script, UPGRADE
    assert 'this.websocket_url+"?width="' in script, UPGRADE
    # Our page waits for the local font, then calls what the script left in window.onload.
    assert "window.onload=" in script, UPGRADE
    # Downloads go to /download/KEY at the page's origin: the guard checks a cookie there.
    assert "${window.location.origin}/download/${" in script, UPGRADE
    # The terminal's font is "Roboto Mono", which our page serves from the package.
    assert "fontFamily:\"'Roboto Mono'" in script, UPGRADE
    assert static(f"fonts/{FONT_FILE}").is_file(), UPGRADE
