"""The command palette (``ctrl+p``): every binding of the current screen, with its key."""

from __future__ import annotations

from collections.abc import Iterable

from textual.app import App, SystemCommand
from textual.screen import Screen

from tui.core.catalogue import Area
from tui.ui.bindings import declared_order


def binding_commands(
    app: App[None], screen: Screen[object], areas: list[Area]
) -> Iterable[SystemCommand]:
    """One command per enabled binding of ``screen``; area keys are named by their area."""
    for active in declared_order(screen):
        binding = active.binding
        if not binding.description or not active.enabled:
            continue
        label = app.get_key_display(binding)
        title = binding.description
        number = (binding.id or "").removeprefix("area_")
        if number.isdigit() and int(number) <= len(areas):
            title = areas[int(number) - 1].title

        def run(action: str = binding.action, node: object = active.node) -> None:
            app.call_later(app.run_action, action, node)

        yield SystemCommand(f"{title} ({label})", binding.tooltip or title, run)
