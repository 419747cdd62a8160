"""git's merge driver for state files and settings: ``python -m tui.merge_driver %O %A %B %P``.

git hands over the base (``%O``, empty when the file is new on both sides), ours (``%A``, where the
result goes) and theirs (``%B``); :func:`tui.core.merge.merge_file` joins them. Exit 0 is a clean
merge. Exit 1 (a side that cannot be read, e.g. written by a newer Ritmas) leaves ``%A`` as it
was and the file conflicted, and ``ritmas sync`` aborts that merge and says why.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from tui.core.fileio import atomic_write_text
from tui.core.merge import merge_file
from tui.core.settings import SettingsError
from tui.core.state import StateFileError


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) != 4:
        print("usage: python -m tui.merge_driver BASE OURS THEIRS NAME", file=sys.stderr)
        return 2
    base_path, ours_path, theirs_path = (Path(a) for a in args[:3])
    name = args[3]
    try:
        merged = merge_file(
            name, base_path.read_bytes(), ours_path.read_bytes(), theirs_path.read_bytes()
        )
        atomic_write_text(ours_path, merged)
    except (StateFileError, SettingsError) as exc:
        print(f"ritmas: cannot merge {exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"ritmas: cannot merge {name}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
