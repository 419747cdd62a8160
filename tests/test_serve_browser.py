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


async def drive(served: Served, workspace: Path) -> tuple[str, list[str], list[str], str]:
    """Open the URL, click the second card in To do, press shift+L; the clicked task's id."""
    assert async_playwright is not None
    titles = {
        task.title: task.id for _, task in load_catalogue(workspace / "catalogue.toml").tasks()
    }
    requests: list[str] = []
    problems: list[str] = []
    screen = Screen()
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = await browser.new_page(viewport={"width": 1280, "height": 800})
            page.on("websocket", screen.watch)
            page.on("request", lambda request: requests.append(request.url))
            page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda error: problems.append(str(error)))
            response = await page.goto(served.url)
            assert response is not None and response.status == 200
            await screen.until("To do")
            await screen.until("Doing (0)")
            # The To do column's cards, top to bottom: catalogue titles at the left of the screen.
            column_width = screen.text().splitlines()[2].index("Doing")
            cards = [
                (row, line.index(title), title)
                for row, line in enumerate(screen.screen.display)
                for title in titles
                if title in line[:column_width]
            ]
            assert len(cards) >= 2, screen.text()
            row, col, title = sorted(cards)[1]  # not the first: the click must move the focus
            await click_cell(page, screen, row, col)
            await page.keyboard.press("Shift+L")
            await screen.until("Doing (1)")
        finally:
            await browser.close()
    return titles[title], requests, problems, screen.socket_url


def test_a_click_and_shift_l_in_a_real_browser_move_the_card_on_disk(tmp_path: Path) -> None:
    require(async_playwright is not None, "Playwright for Python is not installed (test extras)")
    require(Path(CHROMIUM).exists(), f"{CHROMIUM} is missing (apt-get install chromium)")
    root = tmp_path / "ws"
    init_workspace(root)
    with serving(root) as served:
        task_id, requests, problems, socket_url = asyncio.run(drive(served, root))
        # The board saves in a worker: the screen can show the move just before the disk does.
        asyncio.run(until_on_disk(root / "state", task_id))
    assert moved_cards(root / "state") == {task_id: "doing"}
    # Everything from this server, under the token; the font too (nothing from the internet).
    assert all(url.startswith(served.url) for url in requests), requests
    assert any(url.endswith(".ttf") for url in requests), requests
    assert socket_url.startswith(served.url.replace("http://", "ws://") + "ws?width="), socket_url
    assert not problems, problems  # no script error, no refused resource (CSP), no 404


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
