"""A year of history for the cache tests: the benchmark's generator (``bench/review_10y.py``),
and files aged by hand (a cache keeps nothing read from a file written in the last seconds)."""

from __future__ import annotations

import importlib.util
import os
import shutil
import time
from pathlib import Path
from typing import Any

BENCH = Path(__file__).parent.parent / "bench" / "review_10y.py"
AGO_NS = 3600 * 10**9  # long before any cache's "a moment ago"


def build_history(root: Path, *, years: int, seed: int) -> Path:
    spec = importlib.util.spec_from_file_location("review_10y", BENCH)
    assert spec is not None and spec.loader is not None
    module: Any = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.build_workspace(root, years=years, seed=seed)
    return root


def aged_copy(pristine: Path, folder: Path) -> Path:
    """A copy of the workspace ``pristine`` in ``folder``, its state files written long ago."""
    shutil.copytree(pristine, folder)
    for file in (folder / "state").iterdir():
        age(file)
    return folder


def age(file: Path) -> None:
    """As if ``file`` had been written a while ago (a new modification time all the same)."""
    then = time.time_ns() - AGO_NS
    os.utime(file, ns=(then, then))


def state_file(root: Path, key: str) -> Path:
    return root / "state" / f"{key}.json"
