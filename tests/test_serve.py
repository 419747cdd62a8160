"""The board in a browser: `ritmas serve` (textual-serve) on localhost, driven over its websocket
as the browser page does, until the board's first frame arrives."""

from __future__ import annotations

import asyncio
import re
import shutil
import socket
import subprocess
import time
from pathlib import Path

import aiohttp
import pytest

ANSI = re.compile(r"\x1b\[[0-9;?<>=]*[ -/]*[@-~]|\x1b[@-_]")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def server(tmp_path: Path):
    ritmas = shutil.which("ritmas")
    if ritmas is None:
        pytest.skip("the ritmas command is not installed")
    root = tmp_path / "ws"
    subprocess.run([ritmas, "init", str(root)], check=True, capture_output=True)
    port = free_port()
    process = subprocess.Popen(
        [ritmas, "--workspace", str(root), "--today", "2026-11-26", "--profile", "all",
         "serve", "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.1)
        else:
            pytest.fail("ritmas serve did not start listening within 20 s")
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


async def board_frames(base: str) -> str:
    async with aiohttp.ClientSession() as client:
        async with client.get(base + "/") as page:
            assert page.status == 200
            assert "Ritmas" in await page.text()
        ws_url = base.replace("http", "ws") + "/ws?width=80&height=24"
        seen = ""
        async with client.ws_connect(ws_url) as websocket:
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline and "To do" not in seen:
                try:
                    message = await websocket.receive(timeout=deadline - time.monotonic())
                except TimeoutError:
                    break
                if message.type == aiohttp.WSMsgType.TEXT:
                    seen += ANSI.sub("", message.data)
                elif message.type == aiohttp.WSMsgType.BINARY:
                    seen += ANSI.sub("", message.data.decode("utf-8", "replace"))
                elif message.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED):
                    break
        return seen


def test_board_opens_in_a_browser_session(server: str) -> None:
    seen = asyncio.run(board_frames(server))
    assert "To do" in seen and "Doing" in seen, seen[-2000:]
