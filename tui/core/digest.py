"""Digests for the keys of the workspace's caches, without hashlib's start-up cost.

Importing hashlib loads OpenSSL (about 2 ms of every start, a tenth of Ritmas's own imports).
Its ``blake2b`` is CPython's own ``_blake2`` module, imported here directly; hashlib's where an
interpreter lacks that module.
"""

from __future__ import annotations

from pathlib import Path

try:
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - an interpreter without CPython's own module
    from hashlib import blake2b

import tui

CORE = Path(__file__).parent


def content_digest(data: bytes) -> str:
    """A digest of ``data`` (hex): what a cache is keyed by, or checks its own payload with."""
    return blake2b(data, digest_size=32).hexdigest()


def code_fingerprint(modules: tuple[str, ...]) -> str:
    """A digest of this Ritmas's version and of the code of ``modules`` (file names in
    ``tui/core``, read, not imported): a development build whose code changed under the same
    version number does not trust a cache an older build wrote."""
    digest = blake2b(tui.__version__.encode(), digest_size=32)
    for name in modules:
        try:
            digest.update((CORE / name).read_bytes())
        except OSError:
            digest.update(name.encode())
    return digest.hexdigest()
