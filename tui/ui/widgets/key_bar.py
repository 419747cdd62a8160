"""The footer: the keys of the focused screen, drawn as one line of text.

Textual's own Footer rebuilds a widget per key whenever the bindings change (on every focus
move), which costs more than the rest of a key press; this draws the same information as text.
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text
from textual.screen import Screen
from textual.widget import Widget

from tui.ui.bindings import declared_order


class KeyBar(Widget):
    DEFAULT_CSS = """
    KeyBar {
        height: 1;
        dock: bottom;
        background: $panel;
        color: $text;
    }
    """

    _check_waiting = False  # a look at the keys is on its way (see _bindings_changed)

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen[object]) -> None:
        # The bindings change several times in one key press (focus, cursor, view): looked at
        # once, after them all.
        if self.is_attached and screen is self.screen and not self._check_waiting:
            self._check_waiting = True
            self.call_later(self._check_keys)

    def _check_keys(self) -> None:
        # Repainted only when what it says changes.
        self._check_waiting = False
        if self.is_attached and self._keys() != self._shown:
            self.refresh()

    def __init__(self, palette_label: str) -> None:
        super().__init__()
        self.palette_label = palette_label
        self._shown = Text()

    def render(self) -> Text:
        self._shown = self._keys()
        return self._shown

    def _keys(self) -> Text:
        """The keys that can run now, as many as fit; the palette key at the right if there is
        room left."""
        width = self.size.width
        palette = f" ^p {self.palette_label} " if self.app.ENABLE_COMMAND_PALETTE else ""
        room = width
        text = Text(no_wrap=True, overflow="crop")
        seen: set[str] = set()
        for active in declared_order(self.screen):
            binding = active.binding
            if not binding.show or not binding.description or binding.action in seen:
                continue
            if not active.enabled:
                continue  # room is short at 80 columns; help (?) lists what is disabled
            seen.add(binding.action)
            key = f" {self.app.get_key_display(binding)} "
            label = f"{binding.description} "
            if cell_len(text.plain) + cell_len(key + label) > room:
                break
            text.append(key, style="bold reverse")
            text.append(label)
        if palette and cell_len(text.plain) + cell_len(palette) <= width:
            text.append(" " * (width - cell_len(text.plain) - cell_len(palette)))
            text.append(" ^p ", style="bold reverse")
            text.append(f"{self.palette_label} ")
        return text
