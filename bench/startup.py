"""Start to first frame: the real `ritmas` board against a minimal Textual app (same run).

Each program runs in a pseudo-terminal of 80x24; the time is from starting the process until
its first frame holds the marker text ("To do" for the board, a word for the minimal app).
Prints the median of several runs of each and their ratio (the target is at most 1.3).

    python bench/startup.py [--runs 7]
"""

from __future__ import annotations

import argparse
import fcntl
import os
import re
import select
import shutil
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from pathlib import Path

MINIMAL_APP = """
from textual.app import App
from textual.widgets import Static


class Minimal(App):
    def compose(self):
        yield Static("MINIMAL-READY")


Minimal().run()
"""

ANSI = re.compile(rb"\x1b\[[0-9;?<>=]*[ -/]*[@-~]|\x1b[@-_][^\x1b]*?(?:\x07|\x1b\\)|\x1b.")


def time_to_marker(
    command: list[str], marker: bytes, env: dict[str, str], timeout: float = 20
) -> float:
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    start = time.perf_counter()
    process = subprocess.Popen(
        command, stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True
    )
    os.close(slave)
    seen = b""
    try:
        while time.perf_counter() - start < timeout:
            ready, _, _ = select.select([master], [], [], 0.05)
            if not ready:
                continue
            try:
                chunk = os.read(master, 65536)
            except OSError:
                break
            seen += chunk
            if marker in ANSI.sub(b"", seen):
                return time.perf_counter() - start
        raise RuntimeError(f"{command[0]}: no {marker!r} within {timeout} s")
    finally:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        os.close(master)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    ritmas = shutil.which("ritmas")
    if ritmas is None:
        sys.exit("bench/startup.py: install Ritmas first (pip install -e .)")
    env = {**os.environ, "TERM": "xterm-256color", "TEXTUAL_ANIMATIONS": "none"}
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        minimal = root / "minimal.py"
        minimal.write_text(MINIMAL_APP, encoding="utf-8")
        workspace = root / "ws"
        subprocess.run([ritmas, "init", str(workspace)], check=True, capture_output=True)
        board = [ritmas, "--workspace", str(workspace), "--today", "2026-11-26", "--profile", "all"]
        programs = {
            "minimal Textual app": ([sys.executable, str(minimal)], b"MINIMAL-READY"),
            "ritmas board": (board, b"To do"),
        }
        times: dict[str, list[float]] = {name: [] for name in programs}
        # Interleaved, so both see the same machine load and disk cache.
        for _ in range(args.runs):
            for name, (command, marker) in programs.items():
                times[name].append(time_to_marker(command, marker, env))
    medians = {name: statistics.median(values) * 1000 for name, values in times.items()}
    for name, value in medians.items():
        print(f"{name:22} {value:7.0f} ms  (median of {args.runs})")
    ratio = medians["ritmas board"] / medians["minimal Textual app"]
    print(f"ratio board / minimal  {ratio:7.2f}x  (target <= 1.3)")


if __name__ == "__main__":
    main()
