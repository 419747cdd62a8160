"""Interface texts in Lithuanian and English, read from the gettext catalogues in ``tui/locale``.

Each message id is a stable key (``"col.todo"``); ``tui/locale/<lang>/LC_MESSAGES/ritmas.po``
holds its text in that language, with both languages' plural forms, and the compiled ``.mo`` beside
it is what runs (the standard library's :mod:`gettext`, which argparse has already imported, so
start-up pays for reading two small files only). The catalogue's own text is never translated.
"""

from __future__ import annotations

import gettext
from collections.abc import Mapping
from datetime import date
from functools import cache
from pathlib import Path

LANGS = ("lt", "en")
DOMAIN = "ritmas"
LOCALE_DIR = Path(__file__).parent / "locale"


def detect_lang(env: Mapping[str, str]) -> str:
    """``lt`` when the locale says Lithuanian (LC_ALL, LC_MESSAGES, LANG), else ``en``."""
    for var in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = env.get(var, "")
        if value:
            return "lt" if value.lower().startswith("lt") else "en"
    return "en"


@cache
def catalogue(lang: str) -> gettext.GNUTranslations:
    """The compiled catalogue of ``lang`` (English for any other value), read once.

    Opened by its path rather than with ``gettext.translation``, which imports :mod:`locale` to
    expand language names: that import alone costs more than reading the catalogue."""
    path = LOCALE_DIR / (lang if lang in LANGS else "en") / "LC_MESSAGES" / f"{DOMAIN}.mo"
    with path.open("rb") as handle:
        return gettext.GNUTranslations(handle)


def t(key: str, lang: str, /, **values: object) -> str:
    """The text ``key`` in ``lang``; an unknown key shows itself, so a gap is visible."""
    text = catalogue(lang).gettext(key)
    return text.format(**values) if values else text


def tn(key: str, n: int, lang: str, /, **values: object) -> str:
    """The text ``key`` in the plural form ``lang`` uses for ``n`` (Lithuanian has three:
    1 kortelė, 2 kortelės, 10 kortelių); ``{n}`` in the text is the count."""
    return catalogue(lang).ngettext(key, key, n).format(n=n, **values)


def day_span(first: date, last: date, lang: str) -> str:
    """``lapkr. 23–29`` / ``Nov 23–29``; across months ``lapkr. 30 – gruod. 6``."""
    start = f"{t(f'month.{first.month}', lang)} {first.day}"
    if first.month == last.month:
        return f"{start}–{last.day}"
    return f"{start} – {t(f'month.{last.month}', lang)} {last.day}"


class Msg(str):
    """A text that is English as a ``str`` (for logs, and errors raised where no language is
    known) and keeps its message id and fields, so whoever shows it can say it in the user's
    language: ``shown(msg, lang)``. Fields may be messages themselves."""

    key: str
    fields: dict[str, object]

    def __new__(cls, key: str, /, **fields: object) -> Msg:
        made = super().__new__(cls, _say(key, "en", fields))
        made.key, made.fields = key, fields
        return made

    def shown(self, lang: str) -> str:
        return _say(self.key, lang, self.fields)


def _say(key: str, lang: str, fields: dict[str, object]) -> str:
    values = {name: shown(value, lang) for name, value in fields.items()}
    if "n" in values and isinstance(fields["n"], int):
        return tn(key, fields["n"], lang, **{k: v for k, v in values.items() if k != "n"})
    return t(key, lang, **values)


def shown(text: object, lang: str) -> str:
    """``text`` in ``lang`` when it knows its message id (a :class:`Msg`, or anything with a
    ``shown(lang)`` method such as a state file's reason), else as it is."""
    say = getattr(text, "shown", None)
    return str(say(lang)) if callable(say) else str(text)


def file_line(reason: object, *, damaged: bool = True) -> object:
    """A state file's ``path:line: reason`` (a reason that knows its ``at``), keeping the
    reason's message id; a damaged file's line says to run ``ritmas doctor``."""
    at = getattr(reason, "fields", {}).get("at")
    if not (at and getattr(reason, "code", "")):
        return reason
    return Msg("error.at_doctor" if damaged else "error.at", at=str(at), reason=reason)


def said(exc: BaseException) -> object:
    """What an error says, keeping its message id: its one argument, or its text."""
    as_reason = getattr(exc, "as_reason", None)  # a state file's error: path, line and reason
    if callable(as_reason):
        return file_line(as_reason(), damaged=getattr(exc, "kind", "") == "damaged")
    return exc.args[0] if len(exc.args) == 1 and isinstance(exc.args[0], str) else str(exc)
