"""The board in a real browser: Debian's Chromium, headless, driven by Playwright.

The page draws into a canvas, so what it shows is read from the WebSocket frames (fed to pyte,
as a terminal would draw them) and what the click and the key did is read from ``state/``.
Outside CI the test skips, saying why, when Chromium or Playwright is missing; under ``CI=true``
that is a failure (`.ci/run` installs both).
"""

from __future__ import annotations

import asyncio
import json
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyte
import pytest
from serving import Served, serving

from tui.core.catalogue import load_catalogue
from tui.core.workspace import init_workspace

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip
WAIT = 60_000  # ms: a limit on waiting for an event, never a pause


def require(ok: bool, reason: str) -> None:
    """Skip outside CI when what the test needs is missing; under CI=true, fail."""
    if ok:
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (CI must install it: see .ci/run)")
    pytest.skip(reason)


try:
    from playwright.async_api import Page, WebSocket, async_playwright
except ImportError:  # pragma: no cover - depends on the machine
    async_playwright = None  # type: ignore[assignment]


class Screen:
    """The terminal the page draws, rebuilt from the board's WebSocket frames."""

    def __init__(self) -> None:
        self.screen = pyte.Screen(80, 24)
        self.stream = pyte.ByteStream(self.screen)
        self.changed = asyncio.Event()
        self.socket_url = ""

    def watch(self, websocket: WebSocket) -> None:
        self.socket_url = websocket.url
        websocket.on("framereceived", self.received)
        websocket.on("framesent", self.sent)

    def received(self, payload: str | bytes) -> None:
        if isinstance(payload, bytes):
            self.stream.feed(payload)
            self.changed.set()

    def sent(self, payload: str | bytes) -> None:
        message = json.loads(payload)
        if message[0] == "resize":
            self.screen.resize(message[1]["height"], message[1]["width"])

    def text(self) -> str:
        return "\n".join(self.screen.display)

    async def until(self, what: str) -> None:
        async def shown() -> None:
            while what not in self.text():
                self.changed.clear()
                await self.changed.wait()

        try:
            await asyncio.wait_for(shown(), WAIT / 1000)
        except TimeoutError:
            pytest.fail(f"the page never showed {what!r}; it shows:\n{self.text()}")


async def click_cell(page: Page, screen: Screen, row: int, col: int) -> None:
    box = await page.locator(".xterm-screen").bounding_box()
    assert box is not None
    cell_w, cell_h = box["width"] / screen.screen.columns, box["height"] / screen.screen.lines
    await page.mouse.click(box["x"] + (col + 0.5) * cell_w, box["y"] + (row + 0.5) * cell_h)


def moved_cards(state: Path) -> dict[str, str]:
    """Task id → column, for every occurrence the state files record."""
    columns: dict[str, str] = {}
    for path in state.glob("*.json"):
        data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        for key, occurrence in (data.get("occurrences") or {}).items():
            if isinstance(occurrence, dict) and "column" in occurrence:
                columns[key.partition("@")[0]] = occurrence["column"]
    return columns


@dataclass
class Opened:
    """A page of the board in Chromium, with what it drew and what it asked for."""

    page: Page
    screen: Screen
    requests: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # script errors, refused resources


@asynccontextmanager
async def opened(url: str) -> AsyncIterator[Opened]:
    """Chromium with the board's page at ``url``, once the board has drawn its columns."""
    assert async_playwright is not None
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = await browser.new_page(viewport={"width": 1280, "height": 800})
            board = Opened(page, Screen())
            page.on("websocket", board.screen.watch)
            page.on("request", lambda request: board.requests.append(request.url))
            page.on(
                "console", lambda m: board.problems.append(m.text) if m.type == "error" else None
            )
            page.on("pageerror", lambda error: board.problems.append(str(error)))
            response = await page.goto(url)
            assert response is not None and response.status == 200
            await board.screen.until("Doing (0)")
            yield board
        finally:
            await browser.close()


async def drive(served: Served, workspace: Path) -> tuple[str, Opened]:
    """Open the URL, click the second card in To do, press shift+L; the clicked task's id."""
    titles = {
        task.title: task.id for _, task in load_catalogue(workspace / "catalogue.toml").tasks()
    }
    async with opened(served.url) as board:
        lines = board.screen.screen.display
        header = next(line for line in lines if "To do" in line and "Doing" in line)
        column_width = header.index("Doing")
        # The To do column's cards, top to bottom: catalogue titles in its part of the screen.
        cards = [
            (row, line.index(title), title)
            for row, line in enumerate(lines)
            for title in titles
            if title in line[:column_width]
        ]
        assert len(cards) >= 2, board.screen.text()
        row, col, title = sorted(cards)[1]  # not the first: the click must move the focus
        await click_cell(board.page, board.screen, row, col)
        await board.page.keyboard.press("Shift+L")
        await board.screen.until("Doing (1)")
    return titles[title], board


def test_a_click_and_shift_l_in_a_real_browser_move_the_card_on_disk(tmp_path: Path) -> None:
    require(async_playwright is not None, "Playwright for Python is not installed (test extras)")
    require(Path(CHROMIUM).exists(), f"{CHROMIUM} is missing (apt-get install chromium)")
    root = tmp_path / "ws"
    init_workspace(root)
    with serving(root) as served:
        task_id, board = asyncio.run(drive(served, root))
        # The board saves in a worker: the screen can show the move just before the disk does.
        asyncio.run(until_on_disk(root / "state", task_id))
    assert moved_cards(root / "state") == {task_id: "doing"}
    # Everything from this server, under the token; the font too (nothing from the internet).
    assert all(url.startswith(served.url) for url in board.requests), board.requests
    assert any(url.endswith(".ttf") for url in board.requests), board.requests
    socket_url = board.screen.socket_url
    assert socket_url.startswith(served.url.replace("http://", "ws://") + "ws?width="), socket_url
    assert not board.problems, board.problems  # no script error, no refused resource (CSP), no 404


async def until_on_disk(state: Path, task_id: str) -> None:
    async def saved() -> None:
        while moved_cards(state).get(task_id) != "doing":
            await asyncio.sleep(0.05)

    try:
        await asyncio.wait_for(saved(), 10)
    except TimeoutError:
        pytest.fail(f"{task_id} is not in doing on disk: {moved_cards(state)}")


def test_the_page_without_the_token_is_refused_in_the_browser(tmp_path: Path) -> None:
    require(async_playwright is not None, "Playwright for Python is not installed (test extras)")
    require(Path(CHROMIUM).exists(), f"{CHROMIUM} is missing (apt-get install chromium)")
    root = tmp_path / "ws"
    init_workspace(root)

    async def open_without_token(served: Served) -> tuple[int, str]:
        assert async_playwright is not None
        async with async_playwright() as playwright:
            browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                page = await browser.new_page()
                response = await page.goto(served.base + "/")
                assert response is not None
                return response.status, await page.inner_text("body")
            finally:
                await browser.close()

    with serving(root) as served:
        status, body = asyncio.run(open_without_token(served))
        assert served.descendants() == []  # no board was started for it
    assert status == 403
    assert "token" in body


@asynccontextmanager
async def tunnel(port: int) -> AsyncIterator[int]:
    """A TCP forwarder to ``port``, as `ssh -L` makes one: its own port, the same bytes."""

    async def pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while data := await reader.read(65536):
                writer.write(data)
                await writer.drain()
        finally:
            writer.close()

    async def forward(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        far_reader, far_writer = await asyncio.open_connection("127.0.0.1", port)
        await asyncio.gather(
            pipe(reader, far_writer), pipe(far_reader, writer), return_exceptions=True
        )

    server = await asyncio.start_server(forward, "127.0.0.1", 0)
    async with server:
        yield int(server.sockets[0].getsockname()[1])


def test_the_board_opens_through_a_tunnel_on_another_port_and_host_name(tmp_path: Path) -> None:
    require(async_playwright is not None, "Playwright for Python is not installed (test extras)")
    require(Path(CHROMIUM).exists(), f"{CHROMIUM} is missing (apt-get install chromium)")
    root = tmp_path / "ws"
    init_workspace(root)

    async def through_tunnel(served: Served) -> tuple[str, Opened]:
        async with tunnel(served.port) as local_port:
            url = f"http://localhost:{local_port}/{served.token}/"
            async with opened(url) as board:
                pass
        return url, board

    with serving(root) as served:
        url, board = asyncio.run(through_tunnel(served))
    assert all(request.startswith(url) for request in board.requests), board.requests
    assert board.screen.socket_url.startswith(url.replace("http://", "ws://"))
    assert not board.problems, board.problems
