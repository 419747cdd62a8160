"""Bindings whose descriptions are message ids, turned into one language's texts."""

from __future__ import annotations

from dataclasses import replace
from typing import TypeVar

from textual.binding import Binding
from textual.dom import DOMNode

from tui.i18n import t

N = TypeVar("N", bound=DOMNode)


def localized(cls: type[N], lang: str) -> type[N]:
    """A subclass of ``cls`` whose binding descriptions and tooltips are in ``lang``.

    Descriptions are written as message ids ("key.quit") so that the footer, the help screen and
    the command palette, which all read the live bindings, speak the user's language.
    """
    bindings: list[Binding] = []
    for binding in cls.BINDINGS:
        assert isinstance(binding, Binding)
        number = (binding.id or "").rsplit("_", 1)[-1]
        bindings.append(
            replace(
                binding,
                description=t(binding.description, lang, n=number),
                tooltip=t(binding.tooltip, lang) if binding.tooltip else "",
            )
        )
    return type(cls.__name__, (cls,), {"BINDINGS": bindings, "__module__": cls.__module__})
