"""An option list that moves with j/k and g/G too, like the board's columns."""

from __future__ import annotations

from textual.binding import Binding
from textual.widgets import OptionList


class KeyList(OptionList):
    """Every list of choices in Ritmas: arrows, and the board's j/k (down/up), g/G (first/last).

    Without these, `j` in a card's checklist did nothing and the next `space` unticked the step
    just ticked."""

    BINDINGS = [
        Binding("j", "cursor_down", show=False),
        Binding("k", "cursor_up", show=False),
        Binding("g", "first", show=False),
        Binding("G", "last", show=False),
    ]
