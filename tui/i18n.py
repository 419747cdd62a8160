"""Interface texts in Lithuanian and English. The catalogue's own text is never translated."""

from __future__ import annotations

from collections.abc import Mapping

LANGS = ("lt", "en")


def detect_lang(env: Mapping[str, str]) -> str:
    """``lt`` when the locale says Lithuanian (LC_ALL, LC_MESSAGES, LANG), else ``en``."""
    for var in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = env.get(var, "")
        if value:
            return "lt" if value.lower().startswith("lt") else "en"
    return "en"
