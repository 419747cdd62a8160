"""A workspace shared through git: ``ritmas sync`` and ``ritmas init DIR --git REMOTE``.

A sync takes the workspace lock, repairs state files a merge without Ritmas's driver left
conflicted, checks and commits the workspace's own files (an explicit list), fetches, merges
(``fetch`` + ``merge``, never ``pull``, so no user setting turns it into a rebase) with state files
joined by :mod:`tui.core.merge`, and pushes. Nothing here asks a question: a problem is one line
(:class:`SyncStopped`, :class:`~tui.core.gitrun.GitError`) and nothing is lost.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from filelock import FileLock, Timeout

from tui.core.catalogue import CatalogueError, load_catalogue
from tui.core.fileio import atomic_write_text
from tui.core.gitrun import DRIVER_ATTRIBUTES, Git, GitError
from tui.core.merge import merge_file
from tui.core.periods import PeriodKeyError, parse_period
from tui.core.settings import SETTINGS_FILE, SettingsError
from tui.core.state import (
    DOCTOR,
    LOCK_FILE,
    LOCK_TIMEOUT_S,
    SCHEMA,
    StateFileError,
    parse_state,
)
from tui.core.workspace import CACHE_DIR, CATALOGUE_FILE, STATE_DIR, init_workspace
from tui.i18n import Msg, said

GITIGNORE_FILE = ".gitignore"
GITATTRIBUTES_FILE = ".gitattributes"
SHARED_FILES = (CATALOGUE_FILE, SETTINGS_FILE, GITIGNORE_FILE, GITATTRIBUTES_FILE)
# What `.gitignore` must hold (README: Teams): Ritmas shares catalogue.toml, ritmas.toml and
# state/*.json only, and commits only those; these lines keep `git status` quiet too.
GITIGNORE_LINES = (f"{CACHE_DIR}/", "*.lock", "*.tmp", "*.bak", "*.damaged-*")
GITATTRIBUTES = """\
# Ritmas merges state files itself (`ritmas sync`); every machine writes them with LF.
state/*.json text eol=lf
catalogue.toml text eol=lf
ritmas.toml text eol=lf
"""
PUSH_ATTEMPTS = 3  # another machine may push between our fetch and our push


class SyncStopped(Exception):
    """The sync stopped before doing harm; one line saying why and what to do (a :class:`Msg`,
    shown in the user's language)."""

    def __init__(self, message: Msg) -> None:
        super().__init__(message)


@dataclass
class SyncReport:
    """What one sync did: files committed, repaired and merged, and whether it pushed."""

    committed: list[str] = field(default_factory=list)  # files committed from this machine
    repaired: list[str] = field(default_factory=list)  # state files a plain `git pull` conflicted
    merged: list[str] = field(default_factory=list)  # files the remote changed
    pushed: bool = False
    created_upstream: bool = False
    offline: Msg | None = None  # why the remote could not be reached; the commit is kept


# ---------------------------------------------------------------------------------------------
# The repository


def open_repository(root: Path) -> Git:
    """git for the workspace at ``root``, which must be the top of a repository."""
    git = Git(root)
    done = git.run("rev-parse", "--show-toplevel", check=False)
    if done.returncode != 0:
        raise GitError(Msg("sync.not_repo", root=str(root)), "not_repo")
    top = Path(done.stdout.strip()).resolve()
    if top != root.resolve():
        raise GitError(Msg("sync.inside_repo", root=str(root), top=str(top)), "not_repo")
    install_driver(git)
    return git


def install_driver(git: Git) -> None:
    """``.git/info/attributes`` names the driver for state files (the driver itself is passed on
    every run, so a plain ``git pull`` falls back to git's line merge: see :func:`repair`)."""
    path = git.root / git.out("rev-parse", "--git-path", "info/attributes")
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        text = ""
    missing = [line for line in DRIVER_ATTRIBUTES if line not in text.splitlines()]
    if not missing:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    if text and not text.endswith("\n"):
        text += "\n"
    atomic_write_text(path, text + "".join(f"{line}\n" for line in missing))


def write_repository_files(root: Path) -> None:
    """The committed ``.gitattributes`` (unless the workspace has its own) and the lines
    ``.gitignore`` needs."""
    if not (root / GITATTRIBUTES_FILE).exists():
        atomic_write_text(root / GITATTRIBUTES_FILE, GITATTRIBUTES)
    path = root / GITIGNORE_FILE
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        text = ""
    missing = [line for line in GITIGNORE_LINES if line not in text.splitlines()]
    if missing:
        if text and not text.endswith("\n"):
            text += "\n"
        header = "" if text else "# Ritmas shares catalogue.toml, ritmas.toml and state/*.json.\n"
        atomic_write_text(path, text + header + "".join(f"{line}\n" for line in missing))


def workspace_lock(root: Path) -> FileLock:
    return FileLock(str(root / STATE_DIR / LOCK_FILE), timeout=LOCK_TIMEOUT_S)


def is_state_path(path: str) -> bool:
    folder, _, name = path.partition("/")
    if folder != STATE_DIR or "/" in name or not name.endswith(".json"):
        return False
    try:
        parse_period(name[: -len(".json")])
    except PeriodKeyError:
        return False
    return True


def conflicted(git: Git) -> dict[str, dict[int, str]]:
    """Unmerged paths and their index stages (1 base, 2 ours, 3 theirs) -> blob ids."""
    out: dict[str, dict[int, str]] = {}
    for line in git.run("ls-files", "-u", "-z").stdout.split("\0"):
        if not line:
            continue
        meta, _, path = line.partition("\t")
        _mode, blob, stage = meta.split()
        out.setdefault(path, {})[int(stage)] = blob
    return out


# ---------------------------------------------------------------------------------------------
# Repair: a clone a plain `git pull` left conflicted


def repair(git: Git) -> list[str]:
    """Merge conflicted state files (and settings) from git's index stages (base, ours,
    theirs) and stage the result; returns their paths. Any other conflicted file stops the
    sync, and so does a rebase under way."""
    unmerged = conflicted(git)
    if not unmerged:
        return []
    if any(git.root.joinpath(git.out("rev-parse", "--git-path", d)).exists()
           for d in ("rebase-merge", "rebase-apply")):  # fmt: skip
        raise SyncStopped(Msg("sync.rebasing", root=str(git.root)))
    others = sorted(p for p in unmerged if not mergeable(p))
    if others:
        raise SyncStopped(
            Msg("sync.conflicted", paths=", ".join(others), root=str(git.root), first=others[0])
        )
    for path, stages in sorted(unmerged.items()):
        base, ours, theirs = (_blob(git, stages[n]) if n in stages else None for n in (1, 2, 3))
        if ours is None or theirs is None:
            text = (ours or theirs or b"").decode("utf-8")  # deleted on one side: kept
        else:
            try:
                text = merge_file(path, base, ours, theirs)
            except StateFileError as exc:
                raise SyncStopped(_state_problem(exc)) from None
            except SettingsError as exc:
                raise SyncStopped(Msg("sync.nothing_synced", reason=said(exc))) from None
        atomic_write_text(git.root / path, text)
        git.run("add", "--", path)
    return sorted(unmerged)


def mergeable(path: str) -> bool:
    """A file Ritmas merges itself: a state file or the settings."""
    return path == SETTINGS_FILE or is_state_path(path)


def _blob(git: Git, blob: str) -> bytes:
    return git.run("cat-file", "blob", blob).stdout.encode("utf-8")


# ---------------------------------------------------------------------------------------------
# Commit


def shared_paths(git: Git) -> list[str]:
    """The workspace's own files: present, or tracked (so a deletion is committed too)."""
    root = git.root
    present = [name for name in SHARED_FILES if (root / name).is_file()]
    try:
        names = os.listdir(root / STATE_DIR)
    except FileNotFoundError:
        names = []
    present += [f"{STATE_DIR}/{n}" for n in names if is_state_path(f"{STATE_DIR}/{n}")]
    tracked = git.run("ls-files", "-z", "--", *SHARED_FILES, STATE_DIR).stdout.split("\0")
    tracked = [p for p in tracked if p and (p in SHARED_FILES or is_state_path(p))]
    return sorted(set(present) | set(tracked))


def check_files(root: Path, paths: list[str]) -> None:
    """Every state file must read (a damaged file is never committed over a good one), and the
    catalogue must load."""
    for path in paths:
        if is_state_path(path) and (root / path).is_file():
            try:
                parse_state((root / path).read_bytes(), root / path, Path(path).stem)
            except StateFileError as exc:
                raise SyncStopped(_state_problem(exc)) from None
    if (root / CATALOGUE_FILE).is_file():
        try:
            load_catalogue(root / CATALOGUE_FILE)
        except CatalogueError as exc:
            raise SyncStopped(Msg("sync.catalogue_broken", reason=exc.lines[0])) from None


def _state_problem(exc: StateFileError) -> Msg:
    reason: object = exc.reason
    if exc.kind == "newer":
        return Msg("sync.state_newer", path=str(exc.path), reason=reason)
    if not getattr(reason, "code", ""):  # a reason with its message id says it without the hint
        reason = str(reason).removesuffix(DOCTOR)
    return Msg("sync.state_damaged", path=str(exc.path), reason=reason)


def commit_local(git: Git, message: str) -> list[str]:
    """Commit what changed in the workspace's own files; returns the files committed."""
    paths = shared_paths(git)
    check_files(git.root, paths)
    if paths:
        git.run("add", "-A", "--", *paths)
    staged = [p for p in git.out("diff", "--cached", "--name-only", "-z").split("\0") if p]
    if staged or merging(git):
        git.commit(message)
    return staged


def merging(git: Git) -> bool:
    return git.ok("rev-parse", "-q", "--verify", "MERGE_HEAD")


# ---------------------------------------------------------------------------------------------
# Sync


def sync(root: Path, remote: str = "origin", host: str = "") -> SyncReport:
    """Commit, fetch, merge and push the workspace at ``root``."""
    git = open_repository(root)
    if git.run("remote", "get-url", remote, check=False).returncode != 0:
        raise GitError(
            Msg("sync.no_remote", root=str(root), remote=remote, quoted=repr(remote)), "usage"
        )
    branch = git.run("symbolic-ref", "-q", "--short", "HEAD", check=False).stdout.strip()
    if not branch:
        raise GitError(Msg("sync.no_branch", root=str(root)), "usage")
    message = f"Ritmas sync from {host or 'this machine'}"
    report = SyncReport()
    lock = workspace_lock(root)
    with _locked(lock):
        report.repaired = repair(git)
        write_repository_files(root)
        report.committed = commit_local(git, message)
    theirs = f"refs/remotes/{remote}/{branch}"
    for _attempt in range(PUSH_ATTEMPTS):
        try:
            git.run("fetch", "--quiet", "--no-tags", remote, network=True)
        except GitError as exc:
            report.offline = exc.message
            return report
        has_theirs = git.ok("rev-parse", "-q", "--verify", theirs)
        if has_theirs and not _contains(git, "HEAD", theirs):
            check_incoming(git, theirs)
            with _locked(lock):
                report.committed += [
                    p for p in commit_local(git, message) if p not in report.committed
                ]
                report.merged += [p for p in merge(git, theirs) if p not in report.merged]
        if has_theirs and _contains(git, theirs, "HEAD"):
            return report  # nothing of ours the remote lacks
        upstream = git.ok("rev-parse", "-q", "--verify", "@{upstream}")
        args = ["push", "--quiet", "--no-verify"] + ([] if upstream else ["--set-upstream"])
        done = git.run(*args, remote, f"HEAD:refs/heads/{branch}", check=False, network=True)
        if done.returncode == 0:
            report.pushed = True
            report.created_upstream = not has_theirs
            return report
        if "rejected" not in done.stderr and "fetch first" not in done.stderr:
            report.offline = _complaint("push", done.stderr)
            return report
    report.offline = Msg("sync.remote_busy", remote=remote)
    return report


def _complaint(what: str, stderr: str) -> Msg:
    from tui.core.gitrun import complaint

    return complaint([what], stderr)


def _contains(git: Git, descendant: str, ancestor: str) -> bool:
    return git.ok("merge-base", "--is-ancestor", ancestor, descendant)


class _locked:
    """The workspace lock, or one line when another session holds it too long."""

    def __init__(self, lock: FileLock) -> None:
        self.lock = lock

    def __enter__(self) -> None:
        try:
            self.lock.acquire()
        except Timeout:
            raise SyncStopped(Msg("sync.locked", lock=str(self.lock.lock_file))) from None

    def __exit__(self, *exc: object) -> None:
        self.lock.release()


def check_incoming(git: Git, theirs: str) -> None:
    """Stop before merging state files written by a newer Ritmas."""
    base = git.run("merge-base", "HEAD", theirs, check=False).stdout.strip()
    changed = git.out("diff", "--name-only", "-z", base or _EMPTY_TREE, theirs, "--", STATE_DIR)
    for path in changed.split("\0"):
        if not is_state_path(path):
            continue
        shown = git.run("show", f"{theirs}:{path}", check=False)
        try:
            schema = json.loads(shown.stdout).get("schema")
        except (ValueError, AttributeError):
            continue  # damaged: the driver refuses it, and the merge is aborted
        if isinstance(schema, int) and schema > SCHEMA:
            raise SyncStopped(Msg("sync.newer_incoming", path=path, schema=schema, reads=SCHEMA))


_EMPTY_TREE = "4b825dc642cb6eb9a060e54bf8d69288fbee4904"


def merge(git: Git, theirs: str) -> list[str]:
    """Merge ``theirs`` into HEAD with the driver; on any conflict nothing is changed."""
    before = git.out("rev-parse", "HEAD")
    done = git.run(
        "merge",
        "--no-edit",
        "--ff",
        "--no-commit",
        "--no-verify-signatures",
        "--no-stat",
        "--quiet",
        theirs,
        check=False,
    )
    if done.returncode != 0:
        stages = conflicted(git)
        unmerged = sorted(stages)
        refused = [_refusal(git, p, stages[p]) for p in unmerged if mergeable(p)]
        git.run("merge", "--abort", check=False)
        if not unmerged:
            raise SyncStopped(Msg("sync.not_merged", reason=_complaint("merge", done.stderr)))
        others = [p for p in unmerged if not mergeable(p)]
        if others:
            raise SyncStopped(
                Msg("sync.same_place", paths=", ".join(others), root=str(git.root), theirs=theirs)
            )
        why = [r for r in refused if r is not None]
        reason = why[0] if why else Msg("sync.did_not_merge", path=unmerged[0])
        raise SyncStopped(Msg("sync.not_merged", reason=reason))
    if merging(git):
        try:
            check_files(git.root, shared_paths(git))
        except SyncStopped as exc:
            git.run("merge", "--abort", check=False)
            raise SyncStopped(Msg("sync.after_merging", reason=said(exc))) from None
        git.commit(f"Ritmas sync: merge {theirs.removeprefix('refs/remotes/')}", "--no-edit")
    return [p for p in git.out("diff", "--name-only", "-z", before, "HEAD").split("\0") if p]


def _refusal(git: Git, path: str, stages: dict[int, str]) -> Msg | None:
    """Why the merge driver refused ``path``, in the user's language: the driver runs in git's
    process and speaks English only, so its merge is redone here from git's index stages."""
    base, ours, theirs = (_blob(git, stages[n]) if n in stages else None for n in (1, 2, 3))
    if ours is None or theirs is None:
        return None
    try:
        merge_file(path, base, ours, theirs)
    except (StateFileError, SettingsError) as exc:
        return Msg("sync.cannot_merge", reason=said(exc))
    return None


# ---------------------------------------------------------------------------------------------
# ritmas init DIR --git REMOTE


def init_shared(root: Path, remote_url: str, host: str = "") -> tuple[str, SyncReport | None]:
    """Clone the shared workspace at ``remote_url`` into ``root``, or make ``root`` (new, or an
    existing workspace) the first one there. Returns what happened (``cloned``, ``shared``) and
    the report of the first sync when one ran."""
    root = root.resolve()
    fresh = not root.exists() or (root.is_dir() and not any(root.iterdir()))
    if fresh:
        root.parent.mkdir(parents=True, exist_ok=True)
        Git(root.parent).run("clone", "--quiet", "--", remote_url, str(root), network=True)
        if (root / CATALOGUE_FILE).is_file():
            open_repository(root)
            return "cloned", None
        if any(p.name != ".git" for p in root.iterdir()):
            raise GitError(Msg("sync.no_workspace_there", remote=remote_url, file=CATALOGUE_FILE))
        init_workspace(root)
    elif not (root / CATALOGUE_FILE).is_file():
        raise GitError(Msg("sync.not_empty", root=str(root)))
    git = Git(root)
    if not (root / ".git").exists():
        git.run("init", "--quiet")
    open_repository(root)
    url = git.run("remote", "get-url", "origin", check=False)
    if url.returncode != 0:
        git.run("remote", "add", "origin", remote_url)
    elif url.stdout.strip() != remote_url:
        raise GitError(
            Msg("sync.other_origin", root=str(root), origin=url.stdout.strip(), remote=remote_url),
            "usage",
        )
    git.run("fetch", "--quiet", "--no-tags", "origin", check=False, network=True)
    branches = git.out("for-each-ref", "--format=%(refname)", "refs/remotes/origin/")
    if branches and not fresh and not git.ok("rev-parse", "-q", "--verify", "HEAD"):
        raise GitError(Msg("sync.already_shared", remote=remote_url), "usage")
    return "shared", sync(root, "origin", host)
