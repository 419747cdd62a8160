"""Who does what: assignee names, "who am I", and filtering cards by person.

An assignee is a short name typed by people (``Ona``, ``Jonas K.``): one line, at most
:data:`MAX_NAME` characters, no control or format characters (nothing that could move the
cursor or reorder text on a terminal). "Who am I" belongs to the person, not to the shared
workspace: ``$RITMAS_USER``, else ``name`` in the user's own ``user.toml``.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping
from pathlib import Path

from tui.i18n import Msg, said

USER_ENV = "RITMAS_USER"
MAX_NAME = 32
MAX_SEND_BACK_NOTE = 300
CLEAR = "-"  # `ritmas assign CARD -`: nobody; `--who -`: cards nobody is assigned to
MINE = "mine"  # a filter value: the cards of whoever runs Ritmas


class PersonError(ValueError):
    """A name (or note) that cannot be used, or no "who am I"; one line for the user."""


def _bad_character(text: str) -> str | None:
    for char in text:
        if unicodedata.category(char) in ("Cc", "Cf", "Zl", "Zp"):
            return f"U+{ord(char):04X}"
    return None


def clean_name(text: str, where: str = "name") -> str:
    """``text`` as an assignee name (outer spaces trimmed), or :class:`PersonError`."""
    name = text.strip()
    if not name:
        raise PersonError(Msg("person.empty", where=where))
    if "\n" in name or "\r" in name:
        raise PersonError(Msg("person.one_line", where=where))
    bad = _bad_character(name)
    if bad:
        raise PersonError(Msg("person.control", where=where, name=repr(name), bad=bad))
    if len(name) > MAX_NAME:
        raise PersonError(Msg("person.too_long", where=where, length=len(name), most=MAX_NAME))
    if name == CLEAR or name.casefold() == MINE:
        raise PersonError(Msg("person.reserved", where=where, name=repr(name)))
    return name


def clean_send_back_note(text: str) -> str:
    """What needs fixing, as kept in the card's history: one line, bounded, no controls."""
    note = text.strip()
    if not note:
        raise PersonError(Msg("note.empty"))
    if "\n" in note or "\r" in note:
        raise PersonError(Msg("note.one_line"))
    bad = _bad_character(note)
    if bad:
        raise PersonError(Msg("note.control", bad=bad))
    if len(note) > MAX_SEND_BACK_NOTE:
        raise PersonError(Msg("note.too_long", length=len(note), most=MAX_SEND_BACK_NOTE))
    return note


def same_person(a: str | None, b: str | None) -> bool:
    """Names match ignoring case and outer spaces ("ona" finds "Ona")."""
    if a is None or b is None:
        return a is b
    return a.strip().casefold() == b.strip().casefold()


def user_file() -> Path:
    """The person's own settings file, ``user.toml`` (never in the shared workspace)."""
    from tui.core.settings import user_settings_path  # not at import: the catalogue imports this

    return user_settings_path()


def _name_in_user_file() -> str | None:
    """``name`` in the user's own settings, checked as any assignee is."""
    from tui.core.settings import SettingsError, load_user_settings

    path = user_file()
    try:
        name = load_user_settings(path).name
    except SettingsError as exc:
        raise PersonError(said(exc)) from None
    return clean_name(name, f"{path}: 'name'") if name is not None else None


def who_am_i(env: Mapping[str, str]) -> str | None:
    """The person running Ritmas: ``$RITMAS_USER``, else ``name`` in the user file, else None."""
    from_env = env.get(USER_ENV, "")
    if from_env.strip():
        return clean_name(from_env, f"${USER_ENV}")
    return _name_in_user_file()


def resolve_who(value: str, me: str | None) -> str:
    """A ``--who`` / board filter value as the name to match: ``mine`` is ``me``, ``-`` is
    "nobody" (the empty string), any other value a name."""
    if value.strip() == CLEAR:
        return ""
    if value.strip().casefold() == MINE:
        if me is None:
            raise PersonError(Msg("person.mine", env=f"${USER_ENV}", path=user_file()))
        return me
    return clean_name(value, "--who")


def filter_matches(assignee: str | None, who: str | None) -> bool:
    """``who`` as :func:`resolve_who` gives it (None: everyone; "": nobody assigned)."""
    if who is None:
        return True
    if who == "":
        return not assignee
    return same_person(assignee, who)


def distinct_names(names: Iterable[str | None]) -> list[str]:
    """Each name once (the first spelling seen wins), sorted ignoring case."""
    seen: dict[str, str] = {}
    for name in names:
        if name:
            seen.setdefault(name.casefold(), name)
    return sorted(seen.values(), key=str.casefold)
