"""Running a program in a real pseudo-terminal of 80x24 and reading its screen (pyte).

Used by ``bench/speed.py``: the time from starting a process until its screen shows a text (not
an empty first frame), the time until it exits, and its peak memory (``ru_maxrss``).
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import select
import signal
import struct
import subprocess
import termios
import time
from dataclasses import dataclass
from pathlib import Path

import pyte

COLUMNS, LINES = 80, 24


@dataclass(frozen=True)
class Run:
    seconds: float  # until the marker was on screen (or the process exited)
    peak_kib: int  # the process's peak resident memory (for a program left running: VmHWM)


def run_in_terminal(
    command: list[str],
    env: dict[str, str],
    *,
    marker: str | None,
    linger: float = 0.0,
    timeout: float = 60.0,
    cwd: str | None = None,
) -> Run:
    """Start ``command`` in an 80x24 pty; time until ``marker`` shows on the screen (pyte), or,
    with no marker, until the process exits. After the marker it is left running ``linger``
    seconds (to settle, for the memory figure) and then killed."""
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", LINES, COLUMNS, 0, 0))
    screen = pyte.Screen(COLUMNS, LINES)
    stream = pyte.ByteStream(screen)
    start = time.perf_counter()
    process = subprocess.Popen(
        command, stdin=slave, stdout=slave, stderr=slave, env=env, cwd=cwd, start_new_session=True
    )
    os.close(slave)
    elapsed: float | None = None
    usage = None
    peak: int | None = None
    try:
        while time.perf_counter() - start < timeout:
            ready, _, _ = select.select([master], [], [], 0.02)
            if not ready:
                if marker is None:
                    pid, _, exited = os.wait4(process.pid, os.WNOHANG)
                    if pid:
                        usage, elapsed = exited, time.perf_counter() - start
                        break
                continue
            try:
                chunk = os.read(master, 1 << 16)
            except OSError:  # the program closed the terminal: it exited
                chunk = b""
            # When the bytes reached the terminal: what pyte (a terminal in Python, ~1 ms per
            # 2 KB of escapes) then takes to read them is this bench's time, not the program's.
            arrived = time.perf_counter()
            if not chunk:
                if marker is None:
                    _, _, usage = os.wait4(process.pid, 0)
                    elapsed = time.perf_counter() - start
                break
            if marker is None:
                continue
            stream.feed(chunk)
            if marker in "\n".join(screen.display):
                elapsed = arrived - start
                break
        if elapsed is None:
            shown = "\n".join(screen.display).rstrip()
            raise RuntimeError(f"{command}: no {marker!r} within {timeout} s; screen:\n{shown}")
        if linger:
            time.sleep(linger)
        if marker is not None:
            peak = _high_water_kib(process.pid)
    finally:
        if usage is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            _, _, usage = os.wait4(process.pid, 0)
        process.returncode = -1  # reaped here: Popen must not wait for it again
        os.close(master)
    return Run(elapsed, peak if peak is not None else usage.ru_maxrss)


def _high_water_kib(pid: int) -> int | None:
    """The process's peak resident memory since it started its program (VmHWM). Not
    ``ru_maxrss``: on Linux that keeps the high-water mark of the forking parent (this bench,
    with pyte and Textual loaded) across exec."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return None


def run_to_exit(command: list[str], env: dict[str, str], cwd: str | None = None) -> Run:
    """A command that draws nothing: wall time until it exits, output to a pipe (as a script
    reads it), and its peak memory."""
    start = time.perf_counter()
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=cwd
    )
    out, err = process.stdout, process.stderr
    assert out is not None and err is not None
    output = out.read()
    error = err.read()
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    out.close()
    err.close()
    if process.returncode not in (0, 1) or not output:
        raise RuntimeError(f"{command}: exit {process.returncode}: {error.decode()[-400:]}")
    return Run(elapsed, usage.ru_maxrss)


def keys_in_terminal(
    command: list[str],
    env: dict[str, str],
    *,
    ready: str,
    key: bytes,
    shown: str,
    back: bytes,
    repeat: int,
    timeout: float = 60.0,
) -> list[float]:
    """Start ``command`` in an 80x24 pty and wait for ``ready`` on screen; then ``repeat`` times
    type ``key`` and time until ``shown`` is on screen (the wall time a person waits), type
    ``back`` and wait for ``ready`` again (untimed)."""
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", LINES, COLUMNS, 0, 0))
    screen = pyte.Screen(COLUMNS, LINES)
    stream = pyte.ByteStream(screen)
    process = subprocess.Popen(
        command, stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True
    )
    os.close(slave)

    def until(marker: str, absent: str | None = None) -> float:
        """When the bytes that put ``marker`` on screen arrived (see :func:`run_in_terminal`)."""
        start = arrived = time.perf_counter()
        while time.perf_counter() - start < timeout:
            text = "\n".join(screen.display)
            if marker in text and (absent is None or absent not in text):
                return arrived
            ready_to_read, _, _ = select.select([master], [], [], 0.01)
            if ready_to_read:
                chunk = os.read(master, 1 << 16)
                arrived = time.perf_counter()
                stream.feed(chunk)
        shown_text = "\n".join(screen.display).rstrip()
        raise RuntimeError(f"{command}: no {marker!r} within {timeout} s; screen:\n{shown_text}")

    times: list[float] = []
    try:
        until(ready)
        for _ in range(repeat):
            start = time.perf_counter()
            os.write(master, key)
            times.append(until(shown) - start)
            time.sleep(0.2)  # the screen settles, its last frames are read
            os.write(master, back)
            until(ready, absent=shown)
            time.sleep(0.2)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        os.wait4(process.pid, 0)
        process.returncode = -1
        os.close(master)
    return times
