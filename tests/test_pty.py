"""The installed ``ritmas`` command in a real pseudo-terminal (tmux) at 80×24.

Each test starts its own tmux server (``-L`` with a unique socket name, killed in a finalizer),
runs ``ritmas`` in a pane of exactly 80×24, presses keys with ``send-keys`` and reads the screen
with ``capture-pane``. The workspace is made fresh and the clock pinned to Thursday 2026-11-26
(2026-W48), so the first card of to do is always the monthly "Paruošti mėnesio kampaniją".
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tui.core.workspace import init_workspace

TMUX = shutil.which("tmux")
RITMAS = shutil.which(
    "ritmas", path=os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])
)
FIRST = "paruosti-menesio-kampanija"
FIRST_TITLE = "Paruošti mėnesio"  # its title's first line in a column at 80 columns
START_TIMEOUT_S = 15.0

pytestmark = [
    pytest.mark.skipif(TMUX is None, reason="tmux is not installed: no pseudo-terminal to drive"),
    pytest.mark.skipif(RITMAS is None, reason="the `ritmas` command is not installed"),
]


class Terminal:
    """One tmux server with one 80×24 window, running one command at a time."""

    def __init__(self, socket: str, config: Path) -> None:
        self.socket = socket
        self.config = config  # read when the server starts: no status line, so the pane is 80×24
        self.socket_path: Path | None = None

    def tmux(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        assert TMUX is not None
        return subprocess.run(
            [TMUX, "-L", self.socket, "-f", str(self.config), *args],
            capture_output=True,
            text=True,
            encoding="utf-8",
            errors="replace",
            check=check,
            timeout=10,
        )

    def start(self, command: str) -> None:
        for _ in range(20):
            started = self.tmux(
                "new-session", "-d", "-s", "main", "-x", "80", "-y", "24",
                f"{command}; sleep 30",  # the pane stays readable for a while if ritmas fails
                check=False,
            )  # fmt: skip
            # Right after the last session of a server ends, the server may still be going
            # away: a new session then finds it gone; the next try starts a fresh one.
            if "server exited unexpectedly" not in started.stderr:
                break
            time.sleep(0.1)
        started.check_returncode()
        path = self.tmux("display-message", "-p", "#{socket_path}").stdout.strip()
        self.socket_path = Path(path) if path else None
        size = self.tmux("display-message", "-p", "-t", "main", "#{pane_width}x#{pane_height}")
        assert size.stdout.strip() == "80x24"

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p", "-t", "main").stdout

    def colours(self) -> set[str]:
        """The colour parameters (SGR 30-49, 90-107, 38;5;N, 38;2;R;G;B...) the pane holds."""
        shown = self.tmux("capture-pane", "-p", "-e", "-t", "main").stdout
        out: set[str] = set()
        for params in re.findall(r"\x1b\[([0-9;]*)m", shown):
            parts = params.split(";")
            while parts:
                head = parts.pop(0)
                if head in ("38", "48") and parts:
                    kind = parts.pop(0)
                    size = 1 if kind == "5" else 3
                    out.add(";".join([head, kind, *parts[:size]]))
                    del parts[:size]
                elif head.isdigit() and (30 <= int(head) <= 49 or 90 <= int(head) <= 107):
                    out.add(head)
        return out

    def keys(self, *keys: str) -> None:
        self.tmux("send-keys", "-t", "main", *keys)

    def wait_for(self, condition: Callable[[str], bool], what: str, timeout: float) -> str:
        deadline = time.monotonic() + timeout
        shown = ""
        while time.monotonic() < deadline:
            shown = self.screen()
            if condition(shown):
                return shown
            time.sleep(0.1)
        raise AssertionError(f"timed out waiting for {what}; the screen shows:\n{shown}")

    def pane_command(self) -> str:
        """What runs in the pane now ("sleep" once ritmas has exited)."""
        done = self.tmux("display-message", "-p", "-t", "main", "#{pane_current_command}")
        return done.stdout.strip()

    def stop(self) -> None:
        self.tmux("kill-session", "-t", "main", check=False)

    def kill_server(self) -> None:
        self.tmux("kill-server", check=False)
        if self.socket_path is not None:  # tmux leaves its socket file behind
            self.socket_path.unlink(missing_ok=True)


@pytest.fixture
def terminal(tmp_path: Path) -> Iterator[Terminal]:
    config = tmp_path / "tmux.conf"
    config.write_text("set -g status off\nset -g default-terminal screen-256color\n")
    term = Terminal(f"ritmas-test-{uuid.uuid4().hex[:12]}", config)
    try:
        yield term
    finally:
        term.kill_server()


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    root = tmp_path / "ws"
    init_workspace(root)
    return root


def ritmas_line(workspace: Path, env: dict[str, str] | None = None) -> str:
    assert RITMAS is not None
    settings = " ".join(f"{k}={shlex.quote(v)}" for k, v in (env or {}).items())
    command = shlex.join(
        [RITMAS, "--workspace", str(workspace), "--today", "2026-11-26", "--profile", "all"]
    )
    return f"env {settings} {command}" if settings else command


def column_of_first_card(screen: str) -> int:
    """Which column (0 to do, 1 doing, 2 done) shows the first card's title on screen."""
    for line in screen.splitlines():
        if FIRST_TITLE in line:
            return line.index(FIRST_TITLE) * 3 // 80
    raise AssertionError(f"{FIRST_TITLE!r} is not on screen:\n{screen}")


def wait_for_board(term: Terminal) -> str:
    return term.wait_for(lambda s: "To do (" in s, "the board", START_TIMEOUT_S)


def quit_board(term: Terminal) -> None:
    term.keys("q")
    term.wait_for(lambda _: term.pane_command() == "sleep", "ritmas to exit", 10)


def test_move_with_L_quit_and_find_it_in_doing_after_a_restart(
    terminal: Terminal, workspace: Path
) -> None:
    terminal.start(ritmas_line(workspace))
    screen = wait_for_board(terminal)
    lines = screen.splitlines()
    assert len(lines) <= 24 and all(len(line) <= 80 for line in lines)
    assert "To do (27)" in screen and "Doing (0)" in screen and "Done (0)" in screen
    assert "2026-W48" in screen
    assert column_of_first_card(screen) == 0

    terminal.keys("L")
    screen = terminal.wait_for(lambda s: "Doing (1)" in s, "the card in doing", 5)
    assert column_of_first_card(screen) == 1
    # Saved on the store's thread: the card says "saving…" until it is on disk.
    terminal.wait_for(lambda s: "saving…" not in s, "the move to be saved", 5)
    state = json.loads((workspace / "state" / "2026-11.json").read_text(encoding="utf-8"))
    assert state["occurrences"][FIRST]["column"] == "doing"

    quit_board(terminal)
    terminal.stop()

    terminal.start(ritmas_line(workspace))
    screen = wait_for_board(terminal)
    assert "To do (26)" in screen and "Doing (1)" in screen
    assert column_of_first_card(screen) == 1
    quit_board(terminal)
    state = json.loads((workspace / "state" / "2026-11.json").read_text(encoding="utf-8"))
    assert state["occurrences"][FIRST]["column"] == "doing"
    assert [m["to"] for m in state["occurrences"][FIRST]["history"]] == ["doing"]


@pytest.mark.parametrize(
    "env",
    [
        pytest.param({"TERM": "xterm-256color"}, id="xterm-256color"),
        pytest.param({"TERM": "xterm"}, id="xterm-16-colours"),
        pytest.param({"NO_COLOR": "1"}, id="no-color"),
    ],
)
def test_board_renders_in_plain_terminals(
    terminal: Terminal, workspace: Path, env: dict[str, str]
) -> None:
    terminal.start(ritmas_line(workspace, env))
    screen = wait_for_board(terminal)
    assert "To do (27)" in screen and "Doing (0)" in screen and "Done (0)" in screen
    assert FIRST_TITLE in screen
    footer = [line for line in screen.splitlines() if line.strip()][-1]
    assert "Quit" in footer and "Help" in footer
    colours = terminal.colours()
    if env.get("TERM") == "xterm":  # 16 colours: no 256-colour or true-colour codes
        assert colours and not [c for c in colours if c.startswith(("38;", "48;"))], colours
    if env.get("NO_COLOR"):  # shades of grey only
        assert not [c for c in colours if not _is_grey(c)], colours
    terminal.keys("L")
    screen = terminal.wait_for(lambda s: "Doing (1)" in s, "the card in doing", 5)
    assert column_of_first_card(screen) == 1
    quit_board(terminal)


def _is_grey(colour: str) -> bool:
    parts = [int(p) for p in colour.split(";")]
    if len(parts) == 1:  # 30-37 / 90-97 and backgrounds: black, white, grey and default only
        return parts[0] % 10 in (0, 7, 9)
    if parts[1] == 5:
        return parts[2] in (0, 7, 8, 15, 16, 231) or parts[2] >= 232
    return len({parts[2], parts[3], parts[4]}) == 1
