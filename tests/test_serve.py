"""`ritmas serve` as a user and as an attacker see it: the real command, over HTTP and its
WebSocket as the browser page uses them (the page itself in Chromium: test_serve_browser.py)."""

from __future__ import annotations

import asyncio
import re
import socket
from pathlib import Path

import aiohttp
import pytest
from conftest import RunRitmas
from serving import Served, serving

from tui.core.workspace import init_workspace

ANSI = re.compile(r"\x1b\[[0-9;?<>=]*[ -/]*[@-~]|\x1b[@-_]")
WAIT = 60  # seconds: a limit on waiting for the board's frames, never a pause


@pytest.fixture
def root(tmp_path: Path) -> Path:
    root = tmp_path / "ws"
    init_workspace(root)
    return root


def socket_url(served: Served, token: str | None = None) -> str:
    return (
        f"{served.base.replace('http://', 'ws://')}/{token or served.token}/ws?width=80&height=24"
    )


async def board_text(websocket: aiohttp.ClientWebSocketResponse, until: str) -> str:
    """What the board draws, as text, until ``until`` shows (or the socket closes)."""
    seen = ""
    while until not in seen:
        try:
            message = await websocket.receive(timeout=WAIT)
        except TimeoutError:
            break
        if message.type == aiohttp.WSMsgType.BINARY:
            seen += ANSI.sub("", message.data.decode("utf-8", "replace"))
        elif message.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED):
            break
    return seen


async def refused_socket(served: Served, url: str, **headers: str) -> int:
    async with aiohttp.ClientSession() as client:
        with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
            await client.ws_connect(url, headers=headers)
    return refused.value.status


def raw_get(served: Served, path: str) -> bytes:
    """A GET with the path exactly as given (clients resolve `..` before sending)."""
    with socket.create_connection(("127.0.0.1", served.port), timeout=WAIT) as connection:
        connection.sendall(
            f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode()
        )
        answer = b""
        while chunk := connection.recv(65536):
            answer += chunk
    return answer


# --- what it prints --------------------------------------------------------------------------


def test_prints_one_line_with_a_new_token_each_run(root: Path) -> None:
    with serving(root) as first:
        pass
    with serving(root) as second:
        pass
    for served in (first, second):
        assert served.url.startswith("http://127.0.0.1:")  # loopback, not `localhost`
        assert len(served.token) >= 32
        assert served.process.stdout is not None and served.process.stdout.read() == ""
        assert served.stderr == []  # no banner, no second URL
        assert served.process.returncode == 0  # SIGTERM stops it cleanly
    assert first.token != second.token


# --- the token -------------------------------------------------------------------------------


async def test_the_page_and_its_assets_need_the_token(root: Path) -> None:
    with serving(root) as served:
        wrong = served.token[:-1] + ("a" if served.token[-1] != "a" else "b")
        async with aiohttp.ClientSession() as client:

            async def status(path: str) -> int:
                async with client.get(served.base + path, allow_redirects=False) as response:
                    return response.status

            async with client.get(served.url) as page:
                assert page.status == 200
                html = await page.text()
            assert await status("/") == 403
            assert await status(f"/{wrong}/") == 403
            assert await status("/x/") == 403
            assert await status("/favicon.ico") == 403
            assert await status(f"/{wrong}/static/js/textual.js") == 403
            assert await status(f"/{served.token}/static/js/textual.js") == 200
            for folder in ("static/fonts/", "static/", "static/js"):  # no folder listing
                assert await status(f"/{served.token}/{folder}") in (403, 404), folder
            for escape in ("%2e%2e/server.py", "../../../../../etc/passwd", "..%2fserver.py"):
                raw = raw_get(served, f"/{served.token}/static/{escape}")
                assert raw.split(b" ", 2)[1] in (b"403", b"404"), raw[:200]
            assert await status(f"/{served.token}") == 302  # to /TOKEN/, where URLs resolve
        assert served.descendants() == []  # no board for any of it
    # Relative asset URLs only, nothing from the internet.
    urls = re.findall(r'(?:src|href)="([^"]*)"|url\("([^"]*)"\)', html)
    urls = [a or b for a, b in urls]
    assert "static/js/textual.js" in urls and "static/css/xterm.css" in urls
    assert all(url.startswith("static/") or url == "data:," for url in urls), urls


async def test_the_websocket_needs_the_token_and_the_pages_own_origin(root: Path) -> None:
    with serving(root) as served:
        own = served.base
        assert await refused_socket(served, socket_url(served, "x" * 32), Origin=own) == 403
        foreign = "http://evil.example"
        assert await refused_socket(served, socket_url(served), Origin=foreign) == 403
        assert await refused_socket(served, socket_url(served), Origin="null") == 403
        other_port = f"http://127.0.0.1:{served.port + 1}"
        assert await refused_socket(served, socket_url(served), Origin=other_port) == 403
        assert served.descendants() == []  # none of them started a board
        async with (
            aiohttp.ClientSession() as client,
            client.ws_connect(socket_url(served), headers={"Origin": own}) as websocket,
        ):
            seen = await board_text(websocket, "Doing")
        assert "To do" in seen and "Doing" in seen, seen[-2000:]
        # Through an SSH tunnel on another port, the page's own origin is the tunnel's.
        tunnel = {"Host": "localhost:9000", "Origin": "http://localhost:9000"}
        async with (
            aiohttp.ClientSession() as client,
            client.ws_connect(socket_url(served), headers=tunnel) as websocket,
        ):
            assert "Doing" in await board_text(websocket, "Doing")


async def test_on_loopback_only_loopback_host_names_are_answered(root: Path) -> None:
    # DNS rebinding: a page from evil.example whose name now points at 127.0.0.1.
    with serving(root) as served:
        path = f"/{served.token}/"
        async with aiohttp.ClientSession() as client:
            statuses = {}
            for host in (
                "evil.example",
                "localhost",
                "127.0.0.1",
                "[::1]",
                "localhost.evil.example",
            ):
                headers = {"Host": f"{host}:{served.port}"}
                async with client.get(served.base + path, headers=headers) as response:
                    statuses[host] = response.status
        assert served.descendants() == []
    assert statuses == {
        "evil.example": 403,
        "localhost": 200,
        "127.0.0.1": 200,
        "[::1]": 200,
        "localhost.evil.example": 403,
    }


async def test_downloads_need_the_cookie_the_page_sets(root: Path) -> None:
    # textual.js fetches downloads at /download/KEY, without the token in the path.
    with serving(root) as served:
        download = f"{served.base}/download/some-key"
        async with aiohttp.ClientSession() as stranger, stranger.get(download) as response:
            assert response.status == 403
        jar = aiohttp.CookieJar(unsafe=True)  # unsafe: cookies for an IP address
        async with aiohttp.ClientSession(cookie_jar=jar) as client:
            async with client.get(served.url) as page:
                assert page.status == 200
            cookie = next(iter(jar))
            assert cookie["httponly"] and cookie["samesite"] == "Strict"
            async with client.get(download) as response:
                assert response.status == 404  # past the guard: no such download
        forged = {"Cookie": f"{cookie.key}={'x' * 32}"}
        async with (
            aiohttp.ClientSession() as stranger,
            stranger.get(download, headers=forged) as response,
        ):
            assert response.status == 403


async def test_at_most_max_boards_at_once_said_in_one_line(root: Path) -> None:
    with serving(root, "--max-boards", "1") as served:
        headers = {"Origin": served.base}
        async with aiohttp.ClientSession() as client:
            async with client.ws_connect(socket_url(served), headers=headers) as first:
                assert "Doing" in await board_text(first, "Doing")
                async with client.ws_connect(socket_url(served), headers=headers) as second:
                    refusal = await board_text(second, "\n")
                    await second.receive()
                    assert second.close_code == 1013
                await first.send_json(["stdin", "q"])  # the board quits: its page is told
                await board_text(first, "never shown")
                assert first.closed
            # Once the board's process has ended (a moment after it said so), there is room.
            for _ in range(300):
                async with client.ws_connect(socket_url(served), headers=headers) as again:
                    seen = await board_text(again, "Doing")
                if "no room" not in seen:
                    break
                await asyncio.sleep(0.1)
            assert "Doing" in seen, seen
    assert "no room for another board (at most 1 at once here)" in refusal
    assert refusal.strip().count("\n") == 0
    assert set(served.stderr) == {
        "ritmas serve: refused a board: 1 are open, as many as --max-boards allows"
    }


# --- the token given by the user, and the boards' environment ----------------------------------


async def test_a_token_from_the_environment_is_not_passed_to_the_boards(root: Path) -> None:
    token = "my-fixed-bookmark-token-0123"
    with serving(root, env={"RITMAS_TOKEN": token}) as served:
        assert served.token == token
        async with (
            aiohttp.ClientSession() as client,
            client.ws_connect(socket_url(served), headers={"Origin": served.base}) as websocket,
        ):
            assert "Doing" in await board_text(websocket, "Doing")
            boards = served.descendants()
            assert boards
            for pid in boards:
                environ = Path(f"/proc/{pid}/environ").read_bytes()
                cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
                assert b"RITMAS_TOKEN" not in environ and token.encode() not in environ
                assert token.encode() not in cmdline
    # Stopping the server ends its boards, and nothing but the URL line was printed.
    assert served.process.returncode == 0
    assert not [pid for pid in boards if Path(f"/proc/{pid}").exists()]
    assert served.process.stdout is not None and served.process.stdout.read() == ""
    assert served.stderr == []


def test_a_token_from_the_command_line_goes_in_the_url(root: Path) -> None:
    with serving(root, "--token", "A_bookmark-token-of-28-chars") as served:
        assert served.url.endswith("/A_bookmark-token-of-28-chars/")


@pytest.mark.parametrize(
    ("args", "env"),
    [
        (["--token", "short"], {}),
        (["--token", "has spaces in it, sixteen+"], {}),
        ([], {"RITMAS_TOKEN": "short"}),
    ],
)
def test_a_bad_token_is_one_line_and_exit_2(
    run_ritmas: RunRitmas, root: Path, args: list[str], env: dict[str, str]
) -> None:
    ran = run_ritmas("--workspace", root, "serve", "--port", "0", *args, env=env)
    assert ran.returncode == 2
    assert len(ran.stderr_lines) == 1 and "16 to 128" in ran.stderr, ran.stderr


# --- listening beyond loopback -----------------------------------------------------------------


def test_beyond_loopback_needs_public(run_ritmas: RunRitmas, root: Path) -> None:
    ran = run_ritmas("--workspace", root, "serve", "--host", "0.0.0.0", "--port", "0")
    assert ran.returncode == 2
    assert len(ran.stderr_lines) == 1
    assert "--public" in ran.stderr and "ssh -L 8000:localhost:8000" in ran.stderr


async def test_public_warns_what_is_exposed(root: Path) -> None:
    with serving(root, "--host", "0.0.0.0", "--public") as served:
        async with aiohttp.ClientSession() as client:
            other_name = {"Host": f"some-name.example:{served.port}"}
            async with client.get(
                f"http://127.0.0.1:{served.port}/{served.token}/", headers=other_name
            ) as page:
                assert page.status == 200  # any host name: the token still guards
            async with client.get(f"http://127.0.0.1:{served.port}/", headers=other_name) as page:
                assert page.status == 403
    assert served.url.startswith(f"http://{socket.gethostname()}:")
    [warning] = served.stderr
    assert warning.startswith("ritmas serve: warning: listening on 0.0.0.0:")
    assert "beyond this computer" in warning and "plain HTTP" in warning
    assert str(root) in warning


# --- bad arguments -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--port", "99999"], "99999 is out of range"),
        (["--port", "-1"], "-1 is out of range"),
        (["--port", "http"], "not a port number"),
        (["--host", "nosuch.invalid"], "cannot resolve 'nosuch.invalid'"),
        (["--max-boards", "0"], "0 is out of range"),
    ],
)
def test_bad_arguments_are_one_line_and_exit_2(
    run_ritmas: RunRitmas, root: Path, args: list[str], says: str
) -> None:
    ran = run_ritmas("--workspace", root, "serve", *args)
    assert ran.returncode == 2
    assert len(ran.stderr_lines) == 1 and says in ran.stderr, ran.stderr
    assert ran.stdout == ""


def test_a_port_in_use_is_one_line_and_exit_1(run_ritmas: RunRitmas, root: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        ran = run_ritmas("--workspace", root, "serve", "--port", port)
    assert ran.returncode == 1
    assert ran.stderr_lines == [f"ritmas: serve: port {port} on 127.0.0.1 is in use (try --port)"]
    assert ran.stdout == ""


async def test_what_the_browser_shows_is_in_the_runs_language(root: Path) -> None:
    with serving(root, "--lang", "lt") as served:
        async with aiohttp.ClientSession() as client:
            async with client.get(served.url) as page:
                html = await page.text()
            async with client.get(served.base + "/") as refused:
                refusal = await refused.text()
    assert '<html lang="lt">' in html and "Pradėti iš naujo" in html and "baigėsi" in html
    assert (
        refusal == "403 Forbidden: atidarykite adresą su raktu, kurį išspausdino `ritmas serve`\n"
    )


def test_an_address_not_of_this_computer_is_one_line_and_exit_1(
    run_ritmas: RunRitmas, root: Path
) -> None:
    # 192.0.2.1 is TEST-NET-1: documentation only, never a local address.
    ran = run_ritmas("--workspace", root, "serve", "--host", "192.0.2.1", "--public")
    assert ran.returncode == 1
    assert ran.stderr_lines == [
        "ritmas: serve: cannot listen on 192.0.2.1:8000: " + "Cannot assign requested address"
    ]
