"""Matching typed text the way people type it: without case and without diacritics.

Many users type over SSH on keyboards without Lithuanian letters, so ``grotaz`` must find
"grotažymes" and ``zingsnis`` "Žingsnis". Used by the board's search, the add dialog's suggestions
and the command line's card id suggestions alike.
"""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Mapping, Sequence
from functools import lru_cache


@lru_cache(maxsize=4096)
def fold(text: str) -> str:
    """``text`` without case and diacritics: ``"Grotažymės"`` -> ``"grotazymes"``."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def contains(text: str, needle: str) -> bool:
    """Does ``text`` hold ``needle``, ignoring case and diacritics on both sides?"""
    return fold(needle) in fold(text)


def suggestions(
    typed: str, choices: Sequence[str], described: Mapping[str, str] | None = None, n: int = 3
) -> list[str]:
    """Up to ``n`` of ``choices`` closest to what was typed, ignoring case and diacritics: those
    that hold it (in the choice itself, then in its description, e.g. a card's title) first,
    else those spelled alike."""
    needle = fold(typed.strip())
    if not needle:
        return []
    described = described or {}
    in_choice = [c for c in choices if needle in fold(c)]
    in_description = [
        c for c in choices if c not in in_choice and needle in fold(described.get(c, ""))
    ]
    if in_choice or in_description:
        return (in_choice + in_description)[:n]
    by_fold = {fold(c): c for c in choices}
    return [by_fold[m] for m in difflib.get_close_matches(needle, list(by_fold), n=n, cutoff=0.6)]
