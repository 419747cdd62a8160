"""Running the real ``ritmas serve`` for tests: start it, read the one URL it prints, stop it."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from conftest import ritmas_command

URL_LINE = re.compile(r"^Ritmas (?:at|adresu) (http://\S+/) \(ctrl\+c (?:stops|sustabdo)\)$")
START_LIMIT = 60  # seconds: only a watchdog, for a server that hangs before printing its line


@dataclass
class Served:
    """A running ``ritmas serve``: its printed URL and what it wrote."""

    process: subprocess.Popen[str]
    url: str
    first_line: str
    stderr: list[str] = field(default_factory=list)

    @property
    def base(self) -> str:
        """``http://host:port`` (no token)."""
        parts = urlsplit(self.url)
        return f"{parts.scheme}://{parts.netloc}"

    @property
    def token(self) -> str:
        return urlsplit(self.url).path.strip("/")

    @property
    def port(self) -> int:
        port = urlsplit(self.url).port
        assert port is not None
        return port

    def descendants(self) -> list[int]:
        """The board processes (and the shells that start them) under the server."""
        children: dict[int, list[int]] = {}
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                text = stat.read_text()
            except OSError:
                continue
            pid, ppid = int(text.split()[0]), int(text.rsplit(")", 1)[1].split()[1])
            children.setdefault(ppid, []).append(pid)
        found, todo = [], [self.process.pid]
        while todo:
            for child in children.get(todo.pop(), []):
                found.append(child)
                todo.append(child)
        return found


def _collect(stream: object, into: list[str]) -> None:
    for line in stream:  # type: ignore[attr-defined]
        into.append(line.rstrip("\n"))


@contextmanager
def serving(
    workspace: Path, *args: str, env: Mapping[str, str | None] | None = None
) -> Iterator[Served]:
    """``ritmas --workspace W --today 2026-11-26 --profile all --lang en serve --port 0 ARGS``."""
    full_env = dict(os.environ)
    for key, value in (env or {}).items():
        if value is None:
            full_env.pop(key, None)
        else:
            full_env[key] = value
    command = [
        *ritmas_command(), "--workspace", str(workspace), "--today", "2026-11-26",
        "--profile", "all", "--lang", "en", "serve", "--port", "0", *args,
    ]  # fmt: skip
    process = subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        text=True,
        encoding="utf-8",
        env=full_env,
    )
    assert process.stdout is not None and process.stderr is not None
    stderr: list[str] = []
    reader = threading.Thread(target=_collect, args=(process.stderr, stderr), daemon=True)
    reader.start()
    watchdog = threading.Timer(START_LIMIT, process.kill)
    watchdog.start()
    try:
        first_line = process.stdout.readline().rstrip("\n")  # the event: the server listens
    finally:
        watchdog.cancel()
    try:
        match = URL_LINE.match(first_line)
        assert match, f"ritmas serve printed {first_line!r}; stderr: {stderr}"
        yield Served(process, match.group(1), first_line, stderr)
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        reader.join(timeout=5)
