"""The catalogue of recurring tasks: what the board works with, and the strict loader.

The classes here are plain frozen dataclasses, cheap to build and to import. What a valid
catalogue is lives in :mod:`tui.core.catalogue_schema` (Pydantic), imported only when a
``catalogue.toml`` is actually read and validated; an unchanged catalogue comes from the compiled
cache (:mod:`tui.core.catalogue_cache`) without it. Every problem in a user's catalogue becomes
one line naming the file, the TOML line where it can be found, the area, the task and the field;
the loader raises :class:`CatalogueError` holding all of them.
"""

from __future__ import annotations

from pathlib import Path

from tui.core.catalogue_types import (
    DEFAULT_START,
    MAX_EVERY,
    MAX_TIMES,
    SLUG_RE,
    Area,
    Cadence,
    CadenceKind,
    Catalogue,
    CatalogueError,
    Task,
    finer_than_daily,
    plain_rrule,
)
from tui.core.fileio import FileReadError, read_bounded

__all__ = [
    "DEFAULT_START",
    "MAX_EVERY",
    "MAX_TIMES",
    "SLUG_RE",
    "Area",
    "Cadence",
    "CadenceKind",
    "Catalogue",
    "CatalogueError",
    "Task",
    "finer_than_daily",
    "load_catalogue",
    "parse_catalogue",
    "plain_rrule",
]


# ---------------------------------------------------------------------------------------------
# Loading


def load_catalogue(path: Path) -> Catalogue:
    """Read and validate ``path``; raise :class:`CatalogueError` with one line per problem."""
    name = str(path)
    try:
        raw_bytes = read_bounded(path)
    except FileNotFoundError:
        raise CatalogueError([f"{name}: file not found"]) from None
    except FileReadError as exc:
        raise CatalogueError([f"{name}: {exc.reason}"]) from None
    try:
        text = raw_bytes.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw_bytes[: exc.start].count(b"\n") + 1
        raise CatalogueError(
            [f"{name}:{line}: not UTF-8 text (byte 0x{raw_bytes[exc.start]:02x}); save it as UTF-8"]
        ) from None
    return parse_catalogue(text, name)


def parse_catalogue(text: str, name: str = "catalogue.toml") -> Catalogue:
    """Validate the TOML ``text`` (Pydantic, imported here, not at start)."""
    from tui.core.catalogue_schema import validate_catalogue

    return validate_catalogue(text, name)
