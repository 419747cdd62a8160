"""Shared fixtures: workspaces in tmp_path, a small catalogue, and the real ``ritmas`` command.

Every test runs with a clean environment (set through ``monkeypatch``): no ``RITMAS_WORKSPACE``,
``LANG=C.UTF-8``, no Textual animations, and HOME and the XDG folders inside the test's tmp_path,
so nothing outside the test folder is read or written.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tui.core.workspace import init_workspace

REPO_ROOT = Path(__file__).resolve().parent.parent

# Two areas, a handful of tasks, every cadence kind. The line numbers of this text matter to
# tests that look for them (they are found by content, not hard-coded).
SMALL_CATALOGUE = """\
# A small catalogue for tests.
start = "2026-W01"

[[areas]]
id = "marketingas"
title = "Marketingas"

[[areas.tasks]]
id = "socialinis-irasas"
title = "Parengti socialinių tinklų įrašą"
steps = ["Pasirinkti formatą", "Parašyti tekstą", "Paskelbti"]
periodicity = "2–3× per savaitę"
cadence = { kind = "weekly", times = [2, 3] }
fits = ["visi"]

[[areas.tasks]]
id = "naujienlaiskis"
title = "Parengti naujienlaiškį"
steps = ["Parašyti temą", "Išsiųsti"]
periodicity = "kas antrą mėnesį"
cadence = { kind = "monthly", every = 2 }
fits = ["produktai", "paslaugos"]

[[areas.tasks]]
id = "pasiulymu-perziura"
title = "Peržiūrėti pasiūlymus"
cadence = { kind = "rrule", rrule = "FREQ=WEEKLY;BYDAY=FR" }
notes = "Penktadienį."

[[areas]]
id = "vadyba"
title = "Verslo valdymas"

[[areas.tasks]]
id = "pasto-tikrinimas"
title = "Patikrinti paštą"
steps = ["Atsakyti klientams"]
cadence = { kind = "daily" }
fits = ["solo"]

[[areas.tasks]]
id = "ketvircio-planas"
title = "Ketvirčio planas"
steps = ["Peržiūrėti tikslus", "Nustatyti prioritetus"]
cadence = { kind = "quarterly" }

[[areas.tasks]]
id = "metine-ataskaita"
title = "Metinė ataskaita"
steps = ["Surinkti skaičius"]
cadence = { kind = "yearly" }
fits = ["samdantys"]

[[areas.tasks]]
id = "naujas-darbuotojas"
title = "Priimti naują darbuotoją"
steps = []
cadence = { kind = "as_needed" }
fits = ["samdantys"]
"""

SMALL_COUNTS = (2, 7, 9)  # areas, tasks, steps of SMALL_CATALOGUE


def line_of(text: str, fragment: str) -> int:
    """The 1-based number of the only line of ``text`` that contains ``fragment``."""
    hits = [n for n, line in enumerate(text.splitlines(), 1) if fragment in line]
    assert len(hits) == 1, f"{fragment!r} is on lines {hits}, expected exactly one"
    return hits[0]


@pytest.fixture(autouse=True)
def clean_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """No workspace from the caller's environment; HOME and XDG folders in tmp_path, so the
    user's own settings (``user.toml`` in the XDG config folder) are the test's, never the real
    user's."""
    for var in ("RITMAS_WORKSPACE", "LC_ALL", "LC_MESSAGES", "LANGUAGE", "NO_COLOR"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    monkeypatch.setenv("TEXTUAL_ANIMATIONS", "none")  # screens drawn the same every time
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg-cache"))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "xdg-state"))
    monkeypatch.setenv("PYTHONIOENCODING", "utf-8")
    return dict(os.environ)


@pytest.fixture
def small_catalogue_text() -> str:
    return SMALL_CATALOGUE


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """A fresh workspace with the shipped catalogue, as ``ritmas init`` makes it."""
    root = tmp_path / "workspace"
    init_workspace(root)
    return root


@pytest.fixture
def small_workspace(tmp_path: Path, small_catalogue_text: str) -> Path:
    """A workspace whose catalogue is :data:`SMALL_CATALOGUE`."""
    root = tmp_path / "small-workspace"
    (root / "state").mkdir(parents=True)
    (root / "catalogue.toml").write_text(small_catalogue_text, encoding="utf-8")
    return root


@pytest.fixture
def elsewhere(tmp_path: Path) -> Path:
    """An empty folder that is not inside any workspace: the default cwd of ``run_ritmas``."""
    folder = tmp_path / "elsewhere"
    folder.mkdir(exist_ok=True)
    assert not any((p / "catalogue.toml").exists() for p in (folder, *folder.parents))
    return folder


def ritmas_command() -> list[str]:
    """The installed console script (the venv's own first), else ``main()`` through python -c."""
    search = os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])
    script = shutil.which("ritmas", path=search)
    if script:
        return [script]
    return [sys.executable, "-c", "import sys; from tui.cli import main; sys.exit(main())"]


@dataclass(frozen=True)
class Ran:
    """What one run of ``ritmas`` did."""

    args: tuple[str, ...]
    returncode: int
    stdout: str
    stderr: str

    @property
    def stderr_lines(self) -> list[str]:
        return [line for line in self.stderr.splitlines() if line.strip()]


RunRitmas = Callable[..., Ran]


@pytest.fixture
def run_ritmas(elsewhere: Path) -> RunRitmas:
    """Run the real ``ritmas`` command: ``run_ritmas(*args, cwd=..., env={...})``.

    ``env`` adds to (or, with ``None`` values, removes from) the clean test environment.
    """
    command = ritmas_command()

    def run(
        *args: object, cwd: Path | None = None, env: Mapping[str, str | None] | None = None
    ) -> Ran:
        full_env = dict(os.environ)
        for key, value in (env or {}).items():
            if value is None:
                full_env.pop(key, None)
            else:
                full_env[key] = value
        str_args = tuple(str(a) for a in args)
        done = subprocess.run(
            [*command, *str_args],
            cwd=cwd or elsewhere,
            env=full_env,
            capture_output=True,
            text=True,
            encoding="utf-8",
            errors="replace",
            timeout=60,
            check=False,
        )
        return Ran(str_args, done.returncode, done.stdout, done.stderr)

    return run


# Holds the workspace lock (a FileLock on state/.ritmas.lock, as Ritmas takes it) until its stdin
# closes; says "held" once it has it.
LOCK_HOLDER = """
import sys
from filelock import FileLock
lock = FileLock(sys.argv[1])
with lock:
    print("held", flush=True)
    sys.stdin.read()
"""


def hold_workspace_lock(state_dir: Path) -> subprocess.Popen[str]:
    """Another process holding the workspace's lock; returns once it holds it."""
    holder = subprocess.Popen(
        [sys.executable, "-c", LOCK_HOLDER, str(state_dir / ".ritmas.lock")],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None
    assert holder.stdout.readline().strip() == "held"
    return holder


def release(holder: subprocess.Popen[str]) -> None:
    assert holder.stdin is not None
    holder.stdin.close()
    holder.wait(timeout=30)


async def settle(pilot: Any) -> None:
    """Wait until the app's store thread has answered everything asked of it (an event, not a
    clock), and the screen has drawn the answers."""
    await pilot.pause()
    await pilot.app.settled()
    await pilot.pause()
