"""The command palette (``ctrl+p``): every action of the current screen once, with its keys."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from textual.app import App, SystemCommand
from textual.dom import DOMNode
from textual.screen import Screen

from tui.core.catalogue import Area
from tui.ui.bindings import declared_order


@dataclass
class _Command:
    """One entry of the command palette: an action and its keys."""

    title: str
    help: str
    action: str
    node: DOMNode
    keys: list[str] = field(default_factory=list)


def _action_name(action: str) -> str:
    """``app.quit`` and the app's own ``quit`` are one action."""
    return action.removeprefix("app.")


def binding_commands(
    app: App[None], screen: Screen[object], areas: list[Area]
) -> Iterable[SystemCommand]:
    """One command per action of ``screen`` that can run now, with all its keys ("Move right
    (L shift+→)"); area keys are named by their area.

    Only Ritmas's own bindings (each has an id) become commands: Textual's (focus next, copy,
    the palette itself) are not the user's business here, but a key of theirs for one of our
    actions (``ctrl+q`` quits) is listed beside ours.
    """
    commands: dict[str, _Command] = {}
    textual_keys: list[tuple[str, str]] = []
    for active in declared_order(screen):
        binding = active.binding
        if not binding.description or not active.enabled:
            continue
        label = app.get_key_display(binding)
        if binding.id is None:
            textual_keys.append((_action_name(binding.action), label))
            continue
        title, help_text = binding.description, binding.tooltip
        number = binding.id.removeprefix("area_")
        if number.isdigit() and int(number) <= len(areas):
            title = areas[int(number) - 1].title
        command = commands.setdefault(
            _action_name(binding.action),
            _Command(title, help_text, binding.action, active.node),
        )
        if label not in command.keys:
            command.keys.append(label)
    for action, label in textual_keys:
        same = commands.get(action)
        if same is not None and label not in same.keys:
            same.keys.append(label)
    for command in commands.values():

        def run(action: str = command.action, node: DOMNode = command.node) -> None:
            app.call_later(app.run_action, action, node)

        yield SystemCommand(f"{command.title} ({' '.join(command.keys)})", command.help, run)
