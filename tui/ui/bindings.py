"""Bindings whose descriptions are message ids, turned into one language's texts."""

from __future__ import annotations

from dataclasses import replace
from typing import TypeVar

from textual.binding import ActiveBinding, Binding
from textual.dom import DOMNode
from textual.screen import Screen

from tui.i18n import t

N = TypeVar("N", bound=DOMNode)

# Textual's own bindings that carry a description (the command palette lists them), by the
# message id of their text.
TEXTUAL_DESCRIPTIONS = {
    "Copy selected text": "textual.copy_text",
    "Focus Next": "textual.focus_next",
    "Focus Previous": "textual.focus_previous",
}


def localized(cls: type[N], lang: str) -> type[N]:
    """A subclass of ``cls`` whose binding descriptions and tooltips are in ``lang``.

    Descriptions are written as message ids ("key.quit") so that the footer, the help screen and
    the command palette, which all read the live bindings, speak the user's language. The
    tooltip (what the palette says under the title) is ``tip.<name>`` of a ``key.<name>``
    description unless the binding names its own.
    """
    bindings: list[Binding] = []
    for binding in cls.BINDINGS:
        assert isinstance(binding, Binding)
        number = (binding.id or "").rsplit("_", 1)[-1]
        tooltip = binding.tooltip or tooltip_id(binding.description)
        bindings.append(
            replace(
                binding,
                description=t(binding.description, lang, n=number),
                tooltip=t(tooltip, lang) if tooltip else "",
            )
        )
    own = {b.key for b in bindings}
    for base in cls.__mro__:
        if not base.__module__.startswith("textual."):
            continue
        for inherited in base.__dict__.get("BINDINGS", ()):
            key = TEXTUAL_DESCRIPTIONS.get(getattr(inherited, "description", ""))
            if isinstance(inherited, Binding) and key and inherited.key not in own:
                tip = t(f"{key}_tip", lang)
                bindings.append(replace(inherited, description=t(key, lang), tooltip=tip))
    return type(cls.__name__, (cls,), {"BINDINGS": bindings, "__module__": cls.__module__})


def tooltip_id(description: str) -> str:
    """The message id of what a ``key.<name>`` binding does, in a sentence: ``tip.<name>``."""
    return "tip." + description.removeprefix("key.") if description.startswith("key.") else ""


def declared_order(screen: Screen[object]) -> list[ActiveBinding]:
    """The screen's live bindings in the order its class declares them.

    Textual lists a binding remapped in ``[keys]`` after all the others, so without this a
    remapped key fell off the end of the footer and to the bottom of help."""
    order = {
        binding.id: n
        for n, binding in enumerate(type(screen).BINDINGS)
        if isinstance(binding, Binding) and binding.id
    }
    found = list(screen.active_bindings.values())
    return sorted(found, key=lambda active: order.get(active.binding.id or "", len(order)))


def keymap_warnings(keys: dict[str, str], screens: list[type[DOMNode]], lang: str) -> list[str]:
    """One line per problem of the ``[keys]`` table: an id no screen has, or a key that two
    actions of one screen now share (only one of them would ever run)."""
    problems: list[str] = []
    known = {
        binding.id
        for screen in screens
        for binding in screen.BINDINGS
        if isinstance(binding, Binding) and binding.id
    }
    for binding_id in keys:
        if binding_id not in known:
            problems.append(t("keys.unknown", lang, id=binding_id))
    for screen in screens:
        owner: dict[str, str] = {}
        for binding in screen.BINDINGS:
            if not isinstance(binding, Binding) or not binding.id:
                continue
            for key in (k.strip() for k in keys.get(binding.id, binding.key).split(",")):
                other = owner.setdefault(key, binding.id)
                if other != binding.id:
                    problems.append(
                        t("keys.twice", lang, pressed=key, first=other, second=binding.id)
                    )
    return problems
