"""An option list that moves with j/k and g/G too, like the board's columns."""

from __future__ import annotations

from textual.binding import Binding
from textual.widgets import OptionList


class KeyList(OptionList):
    """Every list of choices in Ritmas: arrows, and the board's j/k (down/up), g/G (first/last).

    Without these, `j` in a card's checklist did nothing and the next `space` unticked the step
    just ticked."""

    # A list under a text box shows the choice `enter` will take while the box has the focus:
    # drawn as the cursor, not the faint "blurred" cursor (a new user did not see it).
    DEFAULT_CSS = """
    KeyList.enter-choice > .option-list--option-highlighted {
        color: $block-cursor-foreground;
        background: $block-cursor-background;
        text-style: $block-cursor-text-style;
    }
    """

    BINDINGS = [
        Binding("j", "cursor_down", show=False),
        Binding("k", "cursor_up", show=False),
        Binding("g", "first", show=False),
        Binding("G", "last", show=False),
    ]

    def move_highlight(self, step: int) -> None:
        """The highlight ``step`` options on, stopping at either end (for a list steered from a
        text box above it, whose arrows are the list's)."""
        if self.option_count:
            current = self.highlighted or 0
            self.highlighted = max(0, min(self.option_count - 1, current + step))
