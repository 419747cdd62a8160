"""``ritmas doctor``: check the catalogue, the settings and every state file, and repair.

A state file that cannot be read is never overwritten by Ritmas; ``--repair`` moves it aside to
``NAME.json.damaged-YYYYMMDDHHMMSS`` (never deletes it), so its period starts clean. A file
written by a newer Ritmas is not damaged and is left alone.
"""

from __future__ import annotations

import argparse
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from filelock import Timeout

from tui.core.actions import clock
from tui.core.catalogue import CatalogueError
from tui.core.catalogue_cache import load_catalogue_cached
from tui.core.periods import PeriodKeyError, parse_period
from tui.core.settings import SettingsError, load_settings
from tui.core.state import SCHEMA, StateFileError, Store

if TYPE_CHECKING:
    from tui.commands.context import Context
    from tui.core.workspace import Workspace

EXIT_OK, EXIT_PROBLEMS = 0, 1
DAMAGED_SUFFIX = ".damaged-"
# Files Ritmas itself leaves in state/: migration backups and copies set aside by --repair.
KEPT_COPY_RE = re.compile(r"^.+\.json\.(v\d+\.bak|damaged-\d{14}(-\d+)?)$")
DOCTOR_HINT = "; run `ritmas doctor`"


@dataclass(frozen=True)
class Problem:
    what: str  # the file (and line) and what is wrong with it
    todo: str  # what to do about it
    key: str | None = None  # the period, for a state file --repair may move aside
    repairable: bool = False


def register(command: Callable[[str, str], argparse.ArgumentParser]) -> None:
    doctor = command("doctor", "check the catalogue and the state files, and repair them")
    doctor.add_argument(
        "--repair",
        action="store_true",
        help="move damaged state files aside (a copy is kept) so their periods start clean",
    )
    doctor.set_defaults(handler=run)


def run(ctx: Context) -> int:
    workspace = ctx.workspace()
    problems = [*check_catalogue(workspace), *check_settings(workspace.root)]
    store = Store(workspace.state_dir)
    state_problems = check_state(store)
    problems += state_problems
    healthy = len(store.period_keys()) - sum(1 for p in state_problems if p.key is not None)

    repaired: list[tuple[Problem, Path]] = []
    if ctx.args.repair:
        when = clock(ctx.today)
        for problem in state_problems:
            if problem.repairable and problem.key is not None:
                moved = move_aside(store, problem.key, when)
                if moved is not None:
                    repaired.append((problem, moved))

    done = {id(p) for p, _ in repaired}
    for problem in problems:
        if id(problem) not in done:
            print(f"{problem.what} -- {problem.todo}")
    for problem, moved in repaired:
        print(
            f"{problem.what} -- moved aside to {moved.name} (the damaged copy is kept there, "
            f"nothing was deleted); {problem.key} now starts clean"
        )
    for copy in kept_copies(workspace.state_dir):
        if copy not in {moved for _, moved in repaired}:
            print(f"note: {copy}: a copy Ritmas kept; delete it when you no longer need it")
    left = [p for p in problems if id(p) not in done]
    if left:
        return EXIT_PROBLEMS
    print(f"ok: {healthy} state files")
    return EXIT_OK


# ---------------------------------------------------------------------------------------------
# Checks


def check_catalogue(workspace: Workspace) -> list[Problem]:
    try:
        # Cached only for exactly these bytes, validated by this version: the same verdict.
        load_catalogue_cached(workspace.catalogue_path, workspace.cache_dir)
    except CatalogueError as exc:
        # Each line already names the file, the line and the field.
        return [Problem(line, "fix it, then run `ritmas catalogue check`") for line in exc.lines]
    return []


def check_settings(root: Path) -> list[Problem]:
    try:
        load_settings(root)
    except SettingsError as exc:
        return [Problem(str(exc), "fix or delete that setting")]
    return []


def check_state(store: Store) -> list[Problem]:
    problems: list[Problem] = []
    for key in sorted(store.period_keys()):
        try:
            store.read(key)
        except StateFileError as exc:
            problems.append(state_problem(exc, key))
    try:
        entries = sorted(os.scandir(store.dir), key=lambda e: e.name)
    except FileNotFoundError:
        return problems
    for entry in entries:
        if entry.name.startswith(".") or not entry.is_file() or KEPT_COPY_RE.match(entry.name):
            continue
        if entry.name.endswith(".json") and _is_period(entry.name[: -len(".json")]):
            continue
        problems.append(
            Problem(
                f"{entry.path}: not a state file name, so Ritmas ignores it",
                "state files are named by period (2026-W48.json, 2026-11.json, 2026-Q4.json, "
                "2026.json); rename it or move it out of state/",
            )
        )
    return problems


def _is_period(key: str) -> bool:
    try:
        parse_period(key)
    except PeriodKeyError:
        return False
    return True


def state_problem(exc: StateFileError, key: str) -> Problem:
    """What to do about a state file the store refused, by the kind of error it gave."""
    what = f"{exc.path}: {exc.reason.removesuffix(DOCTOR_HINT)}"
    if exc.kind == "newer":
        return Problem(
            what,
            f"open it with a Ritmas that reads schema {exc.schema}; this one (schema {SCHEMA}) "
            "leaves it untouched and shows that period read-only",
            key=key,
        )
    if exc.kind == "unreadable":
        return Problem(
            what,
            f"Ritmas may not read it, so {key} is read-only; give your user read and write "
            "permission on it (the file itself may be fine)",
            key=key,
        )
    return Problem(
        what,
        f"Ritmas will not overwrite it, so {key} is read-only; fix it by hand, or run "
        "`ritmas doctor --repair` to move it aside (the damaged copy is kept) and start "
        f"{key} clean",
        key=key,
        repairable=True,
    )


def kept_copies(state_dir: Path) -> list[Path]:
    try:
        names = sorted(os.listdir(state_dir))
    except FileNotFoundError:
        return []
    return [state_dir / n for n in names if DAMAGED_SUFFIX in n and KEPT_COPY_RE.match(n)]


# ---------------------------------------------------------------------------------------------
# Repair


def move_aside(store: Store, key: str, when: datetime) -> Path | None:
    """Rename a damaged state file to ``NAME.json.damaged-YYYYMMDDHHMMSS``; never delete it.

    Done under the workspace lock, after reading the file once more: another session may have
    repaired or replaced it meanwhile, and a good file must stay where it is.
    """
    path = store.path(key)
    lock = store.lock
    try:
        with lock:
            try:
                Store(store.dir).read(key)
            except StateFileError:
                pass
            else:
                return None  # readable now: nothing to repair
            target = _free_name(path, when)
            os.rename(path, target)
            return target
    except Timeout:
        print(f"{path}: the workspace is locked by another session; try again")
    except OSError as exc:
        print(f"{path}: cannot move it aside: {exc.strerror or exc}")
    return None


def _free_name(path: Path, when: datetime) -> Path:
    base = f"{path.name}{DAMAGED_SUFFIX}{when.strftime('%Y%m%d%H%M%S')}"
    target = path.with_name(base)
    n = 2
    while target.exists():
        target = path.with_name(f"{base}-{n}")
        n += 1
    return target
