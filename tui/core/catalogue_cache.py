"""A compiled copy of the workspace's catalogue, so an unchanged catalogue is not validated anew.

Reading and validating ``catalogue.toml`` (importing Pydantic and building its models, TOML
parsing, validation, compiling every rrule) is most of the work of a command; the result only
changes when the file or Ritmas does. The cache, ``.ritmas-cache/catalogue.json`` inside the
workspace, holds the validated catalogue as JSON arrays of plain values (one per area, task and
cadence, fields in order) under a header naming the SHA-256 of the TOML file, the Ritmas
version and a fingerprint of the schema's code. Loading it imports neither Pydantic nor a TOML
parser. It is used only when all three match and its own digest is right;
anything else (damaged, stale, another version's, unreadable) is rebuilt from the TOML through
the Pydantic loader, never trusted. Writing it is best effort: a read-only workspace simply has
no cache. The folder carries its own ``.gitignore`` so git never shares it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import tui
from tui.core.catalogue import Area, Cadence, CadenceKind, Catalogue, Task, load_catalogue
from tui.core.digest import code_fingerprint, content_digest
from tui.core.fileio import FileReadError, read_bounded
from tui.core.workspace import write_cache_file

CACHE_FILE = "catalogue.json"
FORMAT = 2  # 1: the models' JSON dump; 2: arrays of plain values
# Big enough for any real catalogue; a larger file is left to the loader's own checks.
MAX_HASHED_BYTES = 64 << 20


def load_catalogue_cached(path: Path, cache_dir: Path) -> Catalogue:
    """The catalogue at ``path``: from the cache in ``cache_dir`` when it is current, else
    loaded and validated (raising :class:`~tui.core.catalogue.CatalogueError` as the loader
    does) and then cached."""
    return load_catalogue_and_digest(path, cache_dir)[0]


def load_catalogue_and_digest(path: Path, cache_dir: Path) -> tuple[Catalogue, str | None]:
    """:func:`load_catalogue_cached`, and a digest of the catalogue file it was made from (with
    the schema's code: the same digest, the same catalogue), for the keys of what is derived
    from it; None if the file could not be read for it, or changed while it was loaded."""
    source = _source_digest(path)
    if source is None:
        return load_catalogue(path), None
    key = {"format": FORMAT, "ritmas": ritmas_version(), "schema": schema_fingerprint()}
    key["source"] = source
    digest = f"{source} {schema_fingerprint()}"
    cache = cache_dir / CACHE_FILE
    cached = _read_cache(cache, key)
    if cached is not None:
        return cached, digest
    catalogue = load_catalogue(path)
    if _source_digest(path) != source:  # edited while it was validated: not these bytes'
        return catalogue, None
    _write_cache(cache_dir, cache, key, catalogue)
    return catalogue, digest


def _source_digest(path: Path) -> str | None:
    try:
        # Bounded, regular files only: a FIFO or /dev/zero must not hang or fill memory here.
        return content_digest(read_bounded(path, MAX_HASHED_BYTES))
    except (OSError, FileReadError):
        return None  # the loader reports it


_SCHEMA: str | None = None
# The modules whose code decides what a valid catalogue is and how it is cached (this one too),
# by file name beside this one: read, not imported (the schema is imported only to validate).
SCHEMA_MODULES = (
    "catalogue.py",
    "catalogue_types.py",
    "catalogue_schema.py",
    "catalogue_cache.py",
    "audience.py",
    "people.py",
    "periods.py",
)


def ritmas_version() -> str:
    return tui.__version__


def schema_fingerprint() -> str:
    """A digest of the code that validates and compiles the catalogue: a development build whose
    schema changed under the same version number does not trust an older cache."""
    global _SCHEMA
    if _SCHEMA is None:
        _SCHEMA = code_fingerprint(SCHEMA_MODULES)
    return _SCHEMA


# ---------------------------------------------------------------------------------------------
# The file: one header line (JSON), then the catalogue as JSON; the header holds its digest.


def _read_cache(cache: Path, key: dict[str, Any]) -> Catalogue | None:
    try:
        header_line, _, payload = read_bounded(cache).partition(b"\n")
        header = json.loads(header_line)
        if not isinstance(header, dict) or header.get("key") != key:
            return None
        if header.get("digest") != content_digest(payload):
            return None
        return _compiled(json.loads(payload))
    except (OSError, FileReadError, ValueError, KeyError, TypeError, AttributeError):
        return None  # missing, unreadable or damaged: rebuilt
    except RecursionError:  # written by hand, nested deeper than ours ever is
        return None


def _write_cache(cache_dir: Path, cache: Path, key: dict[str, Any], catalogue: Catalogue) -> None:
    payload = json.dumps(_plain(catalogue), ensure_ascii=False, separators=(",", ":")).encode()
    header = {"key": key, "digest": content_digest(payload)}
    data = json.dumps(header).encode() + b"\n" + payload
    write_cache_file(cache, data)  # no cache is only slower; never fail a command


# ---------------------------------------------------------------------------------------------
# Catalogue <-> plain data, not validated again: the loader validated exactly this data when the
# cache was written, and the digest in the header shows it is unchanged since (a damaged payload
# fails that check, or fails here on its shape). The field lists come from the classes, so a field
# added to one of them changes the arrays' length and an older cache no longer fits.

_CADENCE = tuple(Cadence.__dataclass_fields__)
_TASK = tuple(Task.__dataclass_fields__)
_AREA = tuple(Area.__dataclass_fields__)
_CATALOGUE = tuple(Catalogue.__dataclass_fields__)


def _plain(catalogue: Catalogue) -> list[Any]:
    def cadence(value: Cadence) -> list[Any]:
        return [
            value.kind.value
            if name == "kind"
            else list(value.times)
            if name == "times"
            else getattr(value, name)
            for name in _CADENCE
        ]

    def task(value: Task) -> list[Any]:
        return [
            cadence(value.cadence) if name == "cadence" else getattr(value, name) for name in _TASK
        ]

    def area(value: Area) -> list[Any]:
        return [
            [task(t) for t in value.tasks] if name == "tasks" else getattr(value, name)
            for name in _AREA
        ]

    return [
        [area(a) for a in catalogue.areas] if name == "areas" else getattr(catalogue, name)
        for name in _CATALOGUE
    ]


def _checked(value: Any, kind: type, optional: bool = False) -> Any:
    if type(value) is kind or (optional and value is None):
        return value
    raise TypeError(f"bad value in catalogue cache: {value!r}")


def _strings(value: Any) -> list[str]:
    if type(value) is not list:
        raise TypeError("bad list in catalogue cache")
    return [_checked(item, str) for item in value]


def _compiled(data: Any) -> Catalogue:
    """The catalogue from :func:`_plain`'s arrays; TypeError or ValueError on any other shape."""

    def fields(value: Any, names: tuple[str, ...]) -> dict[str, Any]:
        if type(value) is not list or len(value) != len(names):
            raise ValueError("bad shape in catalogue cache")
        return dict(zip(names, value, strict=True))

    def cadence(value: Any) -> Cadence:
        raw = fields(value, _CADENCE)
        low, high = (_checked(n, int) for n in raw["times"])
        return Cadence(
            kind=CadenceKind(raw["kind"]),
            times=(low, high),
            every=_checked(raw["every"], int),
            rrule=_checked(raw["rrule"], str, optional=True),
        )

    def task(value: Any) -> Task:
        raw = fields(value, _TASK)
        return Task(
            id=_checked(raw["id"], str),
            title=_checked(raw["title"], str),
            cadence=cadence(raw["cadence"]),
            steps=_strings(raw["steps"]),
            periodicity=_checked(raw["periodicity"], str, optional=True),
            fits=_strings(raw["fits"]),
            notes=_checked(raw["notes"], str, optional=True),
            assignee=_checked(raw["assignee"], str, optional=True),
        )

    def area(value: Any) -> Area:
        raw = fields(value, _AREA)
        if type(raw["tasks"]) is not list:
            raise TypeError("bad tasks in catalogue cache")
        return Area(
            id=_checked(raw["id"], str),
            title=_checked(raw["title"], str),
            tasks=[task(t) for t in raw["tasks"]],
        )

    raw = fields(data, _CATALOGUE)
    if type(raw["areas"]) is not list:
        raise TypeError("bad areas in catalogue cache")
    return Catalogue(
        areas=[area(a) for a in raw["areas"]],
        start=_checked(raw["start"], str, optional=True),
    )
