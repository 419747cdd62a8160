"""A compiled copy of the workspace's catalogue, so an unchanged catalogue is not validated anew.

Reading and validating ``catalogue.toml`` (TOML parsing, Pydantic validation, compiling every
rrule) is most of the work of a command; the result only changes when the file or Ritmas does.
The cache, ``.ritmas-cache/catalogue.json`` inside the workspace, holds the validated catalogue
as JSON under a header naming the SHA-256 of the TOML file, the Ritmas version and a fingerprint
of the schema's code. It is used only when all three match and its own digest is right;
anything else (damaged, stale, another version's, unreadable) is rebuilt from the TOML through
the Pydantic loader, never trusted. Writing it is best effort: a read-only workspace simply has
no cache. The folder carries its own ``.gitignore`` so git never shares it.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from collections.abc import Callable
from enum import Enum
from pathlib import Path
from types import UnionType
from typing import Any, Union, get_args, get_origin

from pydantic import BaseModel

import tui
from tui.core import audience, people, periods
from tui.core import catalogue as catalogue_module
from tui.core.catalogue import Catalogue, load_catalogue
from tui.core.fileio import FileReadError, read_bounded
from tui.core.workspace import make_cache_dir

CACHE_FILE = "catalogue.json"
FORMAT = 1
# Big enough for any real catalogue; a larger file is left to the loader's own checks.
MAX_HASHED_BYTES = 64 << 20


def load_catalogue_cached(path: Path, cache_dir: Path) -> Catalogue:
    """The catalogue at ``path``: from the cache in ``cache_dir`` when it is current, else
    loaded and validated (raising :class:`~tui.core.catalogue.CatalogueError` as the loader
    does) and then cached."""
    source = _source_digest(path)
    if source is None:
        return load_catalogue(path)
    key = {"format": FORMAT, "ritmas": ritmas_version(), "schema": schema_fingerprint()}
    key["source"] = source
    cache = cache_dir / CACHE_FILE
    cached = _read_cache(cache, key)
    if cached is not None:
        return cached
    catalogue = load_catalogue(path)
    if _source_digest(path) == source:  # not edited while it was validated
        _write_cache(cache_dir, cache, key, catalogue)
    return catalogue


def _source_digest(path: Path) -> str | None:
    try:
        # Bounded, regular files only: a FIFO or /dev/zero must not hang or fill memory here.
        return hashlib.sha256(read_bounded(path, MAX_HASHED_BYTES)).hexdigest()
    except (OSError, FileReadError):
        return None  # the loader reports it


_SCHEMA: str | None = None
# The modules whose code decides what a valid catalogue is, besides this one.
SCHEMA_MODULES = (catalogue_module, audience, people, periods)


def ritmas_version() -> str:
    return tui.__version__


def schema_fingerprint() -> str:
    """A digest of the code that validates and compiles the catalogue: a development build whose
    schema changed under the same version number does not trust an older cache."""
    global _SCHEMA
    if _SCHEMA is None:
        digest = hashlib.sha256()
        for module_file in [module.__file__ for module in SCHEMA_MODULES] + [__file__]:
            try:
                digest.update(Path(str(module_file)).read_bytes())
            except OSError:
                digest.update(str(module_file).encode())
        _SCHEMA = digest.hexdigest()
    return _SCHEMA


# ---------------------------------------------------------------------------------------------
# The file: one header line (JSON), then the catalogue as JSON; the header holds its digest.


def _read_cache(cache: Path, key: dict[str, Any]) -> Catalogue | None:
    try:
        header_line, _, payload = read_bounded(cache).partition(b"\n")
        header = json.loads(header_line)
        if not isinstance(header, dict) or header.get("key") != key:
            return None
        if header.get("digest") != hashlib.sha256(payload).hexdigest():
            return None
        return _compiled(json.loads(payload))
    except (OSError, FileReadError, ValueError, KeyError, TypeError, AttributeError):
        return None  # missing, unreadable or damaged: rebuilt
    except RecursionError:  # written by hand, nested deeper than ours ever is
        return None


def _write_cache(cache_dir: Path, cache: Path, key: dict[str, Any], catalogue: Catalogue) -> None:
    payload = json.dumps(_plain(catalogue), ensure_ascii=False, separators=(",", ":")).encode()
    header = {"key": key, "digest": hashlib.sha256(payload).hexdigest()}
    data = json.dumps(header).encode() + b"\n" + payload
    with contextlib.suppress(OSError):  # no cache is only slower; never fail a command
        make_cache_dir(cache_dir)
        handle, temp = tempfile.mkstemp(dir=cache_dir, prefix=".catalogue-", suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as file:
                file.write(data)
            os.replace(temp, cache)
        except OSError:
            with contextlib.suppress(OSError):
                os.unlink(temp)
            raise


# ---------------------------------------------------------------------------------------------
# Catalogue <-> plain data. Built with ``model_construct``, not validated again: the loader
# validated exactly this data when the cache was written, and the digest in the header shows it
# is unchanged since (a damaged payload fails that check, or fails here on its shape).


def _plain(catalogue: Catalogue) -> dict[str, Any]:
    return catalogue.model_dump(mode="json")


def _compiled(data: dict[str, Any]) -> Catalogue:
    catalogue = _construct(Catalogue, data)
    if not isinstance(catalogue, Catalogue):
        raise TypeError("bad catalogue cache")
    return catalogue


Convert = Callable[[Any], Any]
_PLANS: dict[type[BaseModel], dict[str, Convert]] = {}


def _construct(model: type[BaseModel], data: dict[str, Any]) -> BaseModel:
    """``model`` from its JSON dump, every field converted back as its annotation says (nested
    models, enums, tuples), read from the model itself so a field added later is not lost."""
    plan = _PLANS.get(model)
    if plan is None:
        plan = _PLANS[model] = {
            name: _converter(field.annotation) for name, field in model.model_fields.items()
        }
    if not isinstance(data, dict) or data.keys() != plan.keys():
        raise ValueError(f"bad {model.__name__} in catalogue cache")
    return model.model_construct(**{name: plan[name](data[name]) for name in plan})


def _converter(annotation: Any) -> Convert:
    """How a JSON value becomes a value of type ``annotation``."""
    origin, args = get_origin(annotation), get_args(annotation)
    if origin in (Union, UnionType):
        options = [_converter(arg) for arg in args if arg is not type(None)]
        if len(options) != 1:
            raise TypeError(f"cannot cache a field of type {annotation}")
        inner = options[0]
        return lambda value: None if value is None else inner(value)
    if origin is list:
        item = _converter(args[0])
        return lambda value: [item(v) for v in value]
    if origin is tuple:
        items = [_converter(arg) for arg in args]
        return lambda value: tuple(f(v) for f, v in zip(items, value, strict=True))
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return lambda value: _construct(annotation, value)
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return annotation
    if annotation in (str, int, bool):
        kind = annotation

        def checked(value: Any) -> Any:
            if type(value) is not kind:
                raise TypeError(f"bad value in catalogue cache: {value!r}")
            return value

        return checked
    raise TypeError(f"cannot cache a field of type {annotation}")
