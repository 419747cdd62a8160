"""Finding and creating workspaces: a folder with ``catalogue.toml`` and ``state/``."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Mapping
from pathlib import Path

from tui.core.values import value_class
from tui.i18n import Msg

CATALOGUE_FILE = "catalogue.toml"
STATE_DIR = "state"
CACHE_DIR = ".ritmas-cache"  # compiled catalogue; hidden, git-ignored, rebuilt at will
ENV_VAR = "RITMAS_WORKSPACE"


class WorkspaceError(Exception):
    """A workspace that cannot be found or made; one line for the user."""


@value_class
class Workspace:
    """A workspace folder: its catalogue, settings and state files."""

    root: Path

    @property
    def catalogue_path(self) -> Path:
        return self.root / CATALOGUE_FILE

    @property
    def state_dir(self) -> Path:
        return self.root / STATE_DIR

    @property
    def cache_dir(self) -> Path:
        return self.root / CACHE_DIR

    @property
    def name(self) -> str:
        return self.root.name or str(self.root)


def shipped_catalogue_text() -> str:
    """The catalogue built from the seed, as shipped inside the package."""
    from importlib import resources  # only for the shipped catalogue (init, a missing one)

    return resources.files("tui").joinpath("data", CATALOGUE_FILE).read_text(encoding="utf-8")


def user_data_workspace() -> Path:
    import platformdirs

    return platformdirs.user_data_path("ritmas", appauthor=False)


def find_workspace(explicit: Path | None, env: Mapping[str, str], cwd: Path) -> tuple[Path, bool]:
    """Where the workspace is, and whether it is the per-user default (to be made on first run).

    Order: ``--workspace``, then ``$RITMAS_WORKSPACE``, then the nearest folder upward from
    ``cwd`` holding ``catalogue.toml``, then the user data folder.
    """
    if explicit is not None:
        return explicit.expanduser().resolve(), False
    if env.get(ENV_VAR):
        return Path(env[ENV_VAR]).expanduser().resolve(), False
    here = cwd.resolve()
    for folder in (here, *here.parents):
        if (folder / CATALOGUE_FILE).is_file():
            return folder, False
    return user_data_workspace(), True


def init_workspace(root: Path) -> list[Path]:
    """Make ``root`` a workspace with the shipped catalogue; returns what it created.

    An existing catalogue is never overwritten.
    """
    created: list[Path] = []
    try:
        root.mkdir(parents=True, exist_ok=True)
        catalogue = root / CATALOGUE_FILE
        if not catalogue.exists():
            catalogue.write_text(shipped_catalogue_text(), encoding="utf-8")
            created.append(catalogue)
        state = root / STATE_DIR
        if not state.exists():
            state.mkdir()
            created.append(state)
        if _ignore_cache(root / ".gitignore"):
            created.append(root / ".gitignore")
    except OSError as exc:
        raise WorkspaceError(
            Msg("workspace.cannot_create", root=root, reason=exc.strerror or exc)
        ) from None
    return created


def make_cache_dir(folder: Path) -> None:
    """Create the cache folder with a ``.gitignore`` of its own, so git never shares it, whatever
    the workspace's own ``.gitignore`` says. Raises OSError (callers go on without a cache)."""
    folder.mkdir(exist_ok=True)
    ignore = folder / ".gitignore"
    if not ignore.exists():
        ignore.write_text("# Ritmas's cache: rebuilt when needed, never shared\n*\n")


def write_cache_file(path: Path, data: bytes) -> None:
    """Replace the cache file ``path`` with ``data`` at once (a temporary file beside it, then
    renamed: readers see the old file or the new). Best effort: a cache that cannot be written
    is only slower, so an OSError is swallowed and leaves no temporary file behind."""
    with contextlib.suppress(OSError):
        make_cache_dir(path.parent)
        handle, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}-", suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as file:
                file.write(data)
            os.replace(temp, path)
        except OSError:
            with contextlib.suppress(OSError):
                os.unlink(temp)
            raise


def _ignore_cache(gitignore: Path) -> bool:
    """Make sure git ignores the cache folder; True if ``.gitignore`` was created."""
    line = f"{CACHE_DIR}/"
    if not gitignore.exists():
        gitignore.write_text(f"# Ritmas's cache, rebuilt when needed\n{line}\n", encoding="utf-8")
        return True
    text = gitignore.read_text(encoding="utf-8", errors="replace")
    if line not in text.splitlines() and CACHE_DIR not in text.splitlines():
        with gitignore.open("a", encoding="utf-8") as file:
            file.write(("" if text.endswith("\n") or not text else "\n") + line + "\n")
    return False


def open_workspace(root: Path, *, create: bool) -> Workspace:
    """The workspace at ``root``; with ``create`` it is made first if it lacks a catalogue."""
    if create and not (root / CATALOGUE_FILE).exists():
        init_workspace(root)
    if not root.is_dir():
        raise WorkspaceError(Msg("workspace.no_folder", root=root))
    if not (root / CATALOGUE_FILE).is_file():
        raise WorkspaceError(Msg("workspace.no_catalogue", root=root, file=CATALOGUE_FILE))
    state = root / STATE_DIR
    if not state.exists():
        try:
            state.mkdir()
        except OSError as exc:
            raise WorkspaceError(
                Msg("workspace.cannot_create_state", state=state, reason=exc.strerror)
            ) from None
    if not state.is_dir():
        raise WorkspaceError(Msg("workspace.state_is_file", state=state))
    try:
        with os.scandir(state):
            pass
    except OSError as exc:
        raise WorkspaceError(
            Msg("workspace.cannot_read_state", state=state, reason=exc.strerror)
        ) from None
    return Workspace(root)


__all__ = ["Workspace", "WorkspaceError", "find_workspace", "init_workspace", "open_workspace"]
