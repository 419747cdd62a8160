"""``ritmas doctor``: check the catalogue, the settings and every state file, and repair.

A state file that cannot be read is never overwritten by Ritmas; ``--repair`` moves it aside to
``NAME.json.damaged-YYYYMMDDHHMMSS`` (never deletes it), so its period starts clean. A file
written by a newer Ritmas is not damaged and is left alone.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from tui.core.actions import clock
from tui.core.board import floating_index
from tui.core.catalogue import CatalogueError
from tui.core.catalogue_cache import load_catalogue_cached
from tui.core.fileio import is_temporary_name
from tui.core.settings import SettingsError, load_settings, load_user_settings
from tui.core.state import (
    SCHEMA,
    StateFileError,
    Store,
    is_period_key,
    lock_timeout_error,
    period_keys_named,
    shown_line,
)
from tui.core.text import visible
from tui.core.values import value_class
from tui.i18n import shown, t, tn

if TYPE_CHECKING:
    from tui.commands.context import Context
    from tui.core.workspace import Workspace

EXIT_OK, EXIT_PROBLEMS = 0, 1
DAMAGED_SUFFIX = ".damaged-"
# Files Ritmas itself leaves in state/: migration backups and copies set aside by --repair.
KEPT_COPY_RE = re.compile(r"^.+\.json\.(v\d+\.bak|damaged-\d{14}(-\d+)?)$")
DOCTOR_HINT = "; run `ritmas doctor`"


@value_class
class Problem:
    """One thing `ritmas doctor` found wrong, and what to do about it."""

    what: str  # the file (and line) and what is wrong with it
    todo: str  # what to do about it
    key: str | None = None  # the period, for a state file --repair may move aside
    repairable: bool = False


def register(command: Callable[[str, str], argparse.ArgumentParser], lang: str) -> None:
    doctor = command("doctor", t("usage.doctor", lang))
    doctor.add_argument("--repair", action="store_true", help=t("usage.repair", lang))
    doctor.set_defaults(handler=run)


def run(ctx: Context) -> int:
    lang = ctx.lang
    workspace = ctx.workspace()
    merge_left = left_conflicted(workspace.root)
    problems = [*check_catalogue(workspace, lang), *check_settings(workspace.root, lang)]
    problems = [_conflicted_problem(p, merge_left, lang) for p in problems]
    store = Store(workspace.state_dir)
    names = _names_in(store.dir)  # the folder listed once for every check of its files
    with store.steady():
        checked = check_state(store, lang, names)
        keys = store.period_keys() if names is None else period_keys_named(names)
        healthy = len(keys) - sum(1 for p in checked if p.key is not None)
    state_problems = [_conflicted_problem(p, merge_left, lang) for p in checked]
    problems += state_problems

    leftovers = {
        path: Problem(t("doctor.temporary", lang, path=path), t("doctor.todo_temporary", lang))
        for path in temporary_files(store.dir, names)
    }
    problems += leftovers.values()

    repaired: list[tuple[Problem, Path]] = []
    deleted: list[Problem] = []
    if ctx.args.repair:
        when = clock(ctx.today)
        for problem in state_problems:
            if problem.repairable and problem.key is not None:
                moved = move_aside(store, problem.key, when, lang)
                if moved is not None:
                    repaired.append((problem, moved))
        removed = remove_temporary_files(store, list(leftovers), lang)
        deleted = [leftovers[path] for path in removed]

    done = {id(p) for p, _ in repaired} | {id(p) for p in deleted}
    for problem in problems:
        if id(problem) not in done:
            _say(f"{problem.what} -- {problem.todo}")
    for problem in deleted:
        _say(f"{problem.what} -- {t('doctor.deleted', lang)}")
    for problem, moved in repaired:
        _say(f"{problem.what} -- {t('doctor.moved', lang, name=moved.name, period=problem.key)}")
    for problem, _ in repaired:
        original = store.path(problem.key or "")
        for backup in schema_backups(original):
            _say(t("doctor.schema_backup", lang, backup=backup, file=original.name))
    for copy in kept_copies(workspace.state_dir, names):
        if copy not in {moved for _, moved in repaired}:
            _say(t("doctor.kept_copy", lang, path=copy))
    for warning in settings_warnings(workspace.root):
        _say(t("doctor.warning", lang, warning=shown(warning, lang)))
    left = [p for p in problems if id(p) not in done]
    if left:
        return EXIT_PROBLEMS
    print(tn("doctor.ok", healthy, lang))
    return EXIT_OK


def _say(line: str) -> None:
    # Lines quote file names and content anyone can edit: no control character gets through.
    print(visible(line))


# ---------------------------------------------------------------------------------------------
# Checks


def check_catalogue(workspace: Workspace, lang: str = "en") -> list[Problem]:
    try:
        # Cached only for exactly these bytes, validated by this version: the same verdict.
        load_catalogue_cached(workspace.catalogue_path, workspace.cache_dir)
    except CatalogueError as exc:
        # Each line already names the file, the line and the field.
        todo = t("doctor.todo_catalogue", lang)
        return [Problem(shown(line, lang), todo) for line in exc.lines]
    return []


def check_settings(root: Path, lang: str = "en") -> list[Problem]:
    problems = []
    for load in (lambda: load_settings(root), load_user_settings):
        try:
            load()
        except SettingsError as exc:
            problems.append(Problem(shown(exc.args[0], lang), t("doctor.todo_settings", lang)))
    return problems


def settings_warnings(root: Path) -> list[str]:
    """Unknown keys in the workspace's and the user's settings (each file read on its own)."""
    warnings: list[str] = []
    for load in (lambda: load_settings(root), load_user_settings):
        with contextlib.suppress(SettingsError):  # reported as a problem already
            warnings += load().warnings
    return warnings


def check_state(store: Store, lang: str = "en", names: list[str] | None = None) -> list[Problem]:
    """Every state file read whole, except one unchanged (same time, size and inode) since it
    was last read whole and found valid by this same Ritmas (the floating index vouches for it):
    after ten years, ~700 files are mostly such. ``names``: the folder's, if listed already."""
    problems: list[Problem] = []
    index = floating_index(store)
    # From the names listed already; the store lists the folder itself (and says why it cannot).
    keys = sorted(store.period_keys() if names is None else period_keys_named(names))
    # All found valid the last time and none changed since: one look at the folder says so.
    vouched = set(keys) if index.folder_valid(keys) else index.read_and_valid(keys)
    for key in keys:
        if key in vouched:
            continue
        try:
            index.learn(key, store.read(key))
        except StateFileError as exc:
            problems.append(state_problem(exc, key, lang))
    index.save()
    if not problems:
        index.keep_folder_valid(keys)
    known = {f"{key}.json" for key in keys}  # state files, their names checked already
    for name in (_names_in(store.dir) or []) if names is None else names:
        if name in known or name.startswith(".") or KEPT_COPY_RE.match(name):
            continue
        if name.endswith(".json") and is_period_key(name[: -len(".json")]):
            continue
        path = store.dir / name
        if path.is_file():
            problems.append(
                Problem(t("doctor.not_state_name", lang, path=path), t("doctor.todo_rename", lang))
            )
    return problems


def _names_in(folder: Path) -> list[str] | None:
    """The names in ``folder``, sorted; none if there is no folder; None if it cannot be listed
    (the store says why)."""
    try:
        return sorted(os.listdir(folder))
    except FileNotFoundError:
        return []
    except OSError:
        return None


def state_problem(exc: StateFileError, key: str, lang: str = "en") -> Problem:
    """What to do about a state file the store refused, by the kind of error it gave."""
    # The file, its line where known, the reason (without the hint to run this very command).
    what = shown_line(exc.as_reason(), lang).removesuffix(DOCTOR_HINT)
    if exc.kind == "newer":
        return Problem(
            what,
            t("doctor.todo_newer", lang, newer=exc.schema, schema=SCHEMA),
            key=key,
        )
    if exc.kind == "unreadable":
        # Not damaged: its content may be fine. Moving it aside would hide good data.
        return Problem(
            what,
            t("doctor.todo_unreadable", lang, period=key),
            key=key,
        )
    return Problem(
        what,
        t("doctor.todo_damaged", lang, period=key),
        key=key,
        repairable=True,
    )


def temporary_files(state_dir: Path, names: list[str] | None = None) -> list[Path]:
    """Temporary files of writes that never reached their rename (the process was killed)."""
    names = (_names_in(state_dir) or []) if names is None else names
    return [state_dir / n for n in names if is_temporary_name(n) and (state_dir / n).is_file()]


def remove_temporary_files(store: Store, paths: list[Path], lang: str = "en") -> list[Path]:
    """Delete leftover temporary files, under the lock so that no write in progress loses its
    file; returns those deleted."""
    removed: list[Path] = []
    try:
        with store.lock:
            for path in paths:
                try:
                    path.unlink()
                except FileNotFoundError:
                    pass
                except OSError as exc:
                    _say(t("doctor.cannot_delete", lang, path=path, reason=exc.strerror or exc))
                    continue
                removed.append(path)
    except lock_timeout_error():
        _say(t("doctor.locked", lang, path=store.dir))
    return removed


def kept_copies(state_dir: Path, names: list[str] | None = None) -> list[Path]:
    names = (_names_in(state_dir) or []) if names is None else names
    return [state_dir / n for n in names if DAMAGED_SUFFIX in n and KEPT_COPY_RE.match(n)]


def schema_backups(path: Path) -> list[Path]:
    """The copies (``NAME.json.v1.bak``) kept beside ``path`` when a newer schema was first
    written to it: after the file is damaged, one may hold most of what it held."""
    return sorted(path.parent.glob(f"{path.name}.v*.bak"))


def left_conflicted(root: Path) -> set[Path]:
    """Files a git merge without Ritmas's driver (a plain `git pull`) left conflicted; none when
    the workspace is no git repository or git is missing."""
    if not (root / ".git").exists():
        return set()
    from tui.core.gitrun import Git, GitError
    from tui.core.sync import conflicted

    try:
        return {root / path for path in conflicted(Git(root))}
    except GitError:
        return set()


def _conflicted_problem(problem: Problem, merge_left: set[Path], lang: str = "en") -> Problem:
    """A file git left conflicted is not damaged: `ritmas sync` merges it from git's copies of
    both sides, so it must not be moved aside."""
    path = next((p for p in merge_left if problem.what.startswith(f"{p}:")), None)
    if path is None:
        return problem
    return Problem(
        t("doctor.conflicted", lang, path=path), t("doctor.todo_conflicted", lang), key=problem.key
    )


# ---------------------------------------------------------------------------------------------
# Repair


def move_aside(store: Store, key: str, when: datetime, lang: str = "en") -> Path | None:
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
    except lock_timeout_error():
        _say(t("doctor.locked", lang, path=path))
    except OSError as exc:
        _say(t("doctor.cannot_move", lang, path=path, reason=exc.strerror or exc))
    return None


def _free_name(path: Path, when: datetime) -> Path:
    base = f"{path.name}{DAMAGED_SUFFIX}{when.strftime('%Y%m%d%H%M%S')}"
    target = path.with_name(base)
    n = 2
    while target.exists():
        target = path.with_name(f"{base}-{n}")
        n += 1
    return target
