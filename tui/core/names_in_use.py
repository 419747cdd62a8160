"""Every name a workspace uses, for completing a name as it is typed.

Apart from :mod:`tui.core.people`, which the catalogue and the state files use to check names:
this reads both, so it sits above them. The names of each state file come from the floating
index (:mod:`tui.core.floating_index`), kept by the file's identity, so a board's start does not
read every file for them.
"""

from __future__ import annotations

from tui.core.board import floating_index
from tui.core.catalogue import Catalogue
from tui.core.people import distinct_names
from tui.core.state import StateFileError, Store


def names_in_use(store: Store, catalogue: Catalogue) -> list[str]:
    """Every name the workspace uses (the catalogue's defaults and every state file's
    assignees), for completing a name as it is typed. Damaged files are passed over: the
    board reports them elsewhere."""
    names: list[str | None] = [task.assignee for _, task in catalogue.tasks()]
    try:
        keys = sorted(store.period_keys())
    except StateFileError:
        keys = []  # the state folder itself is unreadable: the board's banner says so
    index = floating_index(store)
    for key in keys:
        names.extend(index.names(key))
    index.save()
    return distinct_names(names)
