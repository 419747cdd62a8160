"""Settings: the business's in the workspace (``ritmas.toml``), the person's in their config folder.

``ritmas.toml`` holds what everyone who uses the workspace shares: profile, language, week start,
the first day tracked and the key map. ``user.toml`` (in ``platformdirs.user_config_dir``) holds
what is one person's own: theme, name (who I am) and how many times the start hint was shown.
Writes are read-modify-writes of the keys that changed, under a lock, keeping the user's comments
and layout (tomlkit); an unknown key is a warning, never silently dropped.
"""

from __future__ import annotations

import difflib
import errno
import re
import tomllib
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tui.core.audience import ALL, TAGS
from tui.core.fileio import (
    MAX_SETTINGS_BYTES,
    FileReadError,
    atomic_write_text,
    load_toml,
    read_bounded,
)
from tui.core.periods import PeriodKeyError, PeriodKind, parse_period
from tui.core.text import shorten
from tui.core.values import value_class
from tui.i18n import Msg

if TYPE_CHECKING:
    from filelock import FileLock

SETTINGS_FILE = "ritmas.toml"
USER_SETTINGS_FILE = "user.toml"
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
LANGS = ("lt", "en")
# `theme` is a personal setting; an older workspace's `theme` is still read, as a fallback.
WORKSPACE_KEYS = ("profile", "lang", "week_start", "started", "keys", "theme", "sync")
# `sync`: when the board syncs a workspace shared through git by itself (README: Teams).
SYNC_MANUAL, SYNC_ON_START_AND_QUIT = "manual", "on_start_and_quit"
SYNC_CHOICES = (SYNC_MANUAL, SYNC_ON_START_AND_QUIT)
USER_KEYS = ("theme", "name", "hints_shown")
LOCK_TIMEOUT_S = 10.0

_WORKSPACE_HEADER = "# Ritmas settings for this workspace (see README: Settings).\n"
_USER_HEADER = "# Your own Ritmas settings: theme, name, start hints (see README: Settings).\n"


class SettingsError(Exception):
    """Settings that cannot be used; the message is one line naming the file and the key."""


@value_class
class Settings:
    """The workspace's settings, shared by everyone who uses it."""

    profile: frozenset[str] | None = None  # None: not asked yet
    lang: str | None = None  # None: from the locale
    theme: str | None = None  # only as written by older versions; see UserSettings
    week_start: int = 0  # 0 = Monday
    started: str | None = None  # first day (or week) tracked: nothing before it is "missed"
    keys: dict[str, str] = field(default_factory=dict)  # binding id -> "key,key"
    sync: str = SYNC_MANUAL  # or SYNC_ON_START_AND_QUIT
    warnings: tuple[str, ...] = field(default=(), compare=False)  # one line each

    def with_profile(self, profile: frozenset[str]) -> Settings:
        return replace(self, profile=profile)


@value_class
class UserSettings:
    """One person's own settings, kept in their config folder, never in the workspace."""

    theme: str | None = None
    name: str | None = None  # who I am, for assigned cards
    hints_shown: int = 0  # times the start hint was shown
    warnings: tuple[str, ...] = field(default=(), compare=False)


# ---------------------------------------------------------------------------------------------
# Reading


def load_settings(workspace: Path) -> Settings:
    path = workspace / SETTINGS_FILE
    text = _read_text(path)
    if text is None:
        return Settings()
    data = _parse(text, path)
    return _from_toml(data, path, text)


def user_settings_path() -> Path:
    import platformdirs

    return Path(platformdirs.user_config_dir("ritmas")) / USER_SETTINGS_FILE


def load_user_settings(path: Path | None = None) -> UserSettings:
    path = path or user_settings_path()
    text = _read_text(path)
    if text is None:
        return UserSettings()
    data = _parse(text, path)
    return _user_from_toml(data, path, text)


def theme_to_use(settings: Settings, user: UserSettings) -> str | None:
    """The user's theme, else one an older version saved in the workspace."""
    return user.theme or settings.theme


def _read_text(path: Path) -> str | None:
    try:
        raw = read_bounded(path, MAX_SETTINGS_BYTES)
    except FileNotFoundError:
        return None
    except FileReadError as exc:
        raise SettingsError(Msg("settings.cannot_read", where=str(path), what=exc.reason)) from None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        said = Msg("settings.cannot_read", where=f"{path}:{line}", what=Msg("settings.not_utf8"))
        raise SettingsError(said) from None


def _parse(text: str, path: Path) -> dict[str, Any]:
    def error(lines: list[str]) -> SettingsError:
        return SettingsError(lines[0])  # "ritmas.toml:LINE: what is wrong", kept as a message

    return load_toml(text, str(path), error)


def _unknown_keys(data: dict[str, Any], known: tuple[str, ...], path: Path, text: str) -> list[str]:
    warnings: list[str] = []
    for key in data:
        if key in known:
            continue
        close = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
        hint: Msg
        if key in USER_KEYS and known == WORKSPACE_KEYS:
            hint = Msg("settings.hint_personal", path=str(user_settings_path()))
        elif close:
            hint = Msg("settings.hint_close", close=repr(close[0]))
        else:
            hint = Msg("settings.hint_known", known=", ".join(known))
        where = f"{path}:{_key_line(text, key)}"
        key_shown = shorten(repr(key), 40)
        warnings.append(Msg("settings.unknown", where=where, key=key_shown, hint=hint))
    return warnings


def _key_line(text: str, key: str) -> int:
    pattern = re.compile(
        rf"^\s*(\[\s*)?(\"{re.escape(key)}\"|'{re.escape(key)}'|{re.escape(key)})\s*[=.\]]",
        re.MULTILINE,
    )
    match = pattern.search(text)
    return text.count("\n", 0, match.start()) + 1 if match else 1


def _from_toml(data: dict[str, Any], path: Path, text: str = "") -> Settings:
    def bad(key: str, message: Msg) -> SettingsError:
        where = f"{path}:{_key_line(text, key)}"
        return SettingsError(Msg("settings.bad", where=where, what=message))

    profile = data.get("profile")
    if profile is not None:
        if not isinstance(profile, list) or not all(isinstance(t, str) for t in profile):
            raise bad("profile", Msg("settings.profile_list"))
        unknown = [t for t in profile if t not in TAGS and t != ALL]
        if unknown:
            known = ", ".join(TAGS)
            tag = shorten(repr(unknown[0]), 40)
            raise bad("profile", Msg("settings.profile_tag", tag=tag, known=known))
    lang = data.get("lang")
    if lang is not None and lang not in LANGS:
        raise bad("lang", Msg("settings.lang", value=shorten(repr(lang), 40)))
    week_start = data.get("week_start", "monday")
    if week_start not in WEEKDAYS:
        shown = shorten(repr(week_start), 40)
        raise bad("week_start", Msg("settings.week_start", value=shown))
    keys = data.get("keys", {})
    if not isinstance(keys, dict) or not all(isinstance(v, str) for v in keys.values()):
        raise bad("keys", Msg("settings.keys"))
    started = data.get("started")
    if started is not None:
        try:
            kind = parse_period(started if isinstance(started, str) else "").kind
        except PeriodKeyError:
            kind = None
        if kind not in (PeriodKind.WEEK, PeriodKind.DAY):
            shown = shorten(repr(started), 40)
            raise bad("started", Msg("settings.started", value=shown))
    theme = data.get("theme")
    if theme is not None and not isinstance(theme, str):
        raise bad("theme", Msg("settings.theme"))
    sync = data.get("sync", SYNC_MANUAL)
    if sync not in SYNC_CHOICES:
        shown = shorten(repr(sync), 40)
        choices = " | ".join(map(repr, SYNC_CHOICES))
        raise bad("sync", Msg("settings.sync", choices=choices, value=shown))
    return Settings(
        sync=sync,
        profile=frozenset(profile) if profile is not None else None,
        lang=lang,
        theme=theme,
        week_start=WEEKDAYS.index(week_start),
        started=started,
        keys=dict(keys),
        warnings=tuple(_unknown_keys(data, WORKSPACE_KEYS, path, text)),
    )


def _user_from_toml(data: dict[str, Any], path: Path, text: str = "") -> UserSettings:
    def bad(key: str, message: Msg) -> SettingsError:
        where = f"{path}:{_key_line(text, key)}"
        return SettingsError(Msg("settings.bad", where=where, what=message))

    theme = data.get("theme")
    if theme is not None and not isinstance(theme, str):
        raise bad("theme", Msg("settings.theme"))
    name = data.get("name")
    if name is not None and not isinstance(name, str):
        raise bad("name", Msg("settings.name"))
    # What makes a good name (length, no control characters) is people.clean_name's to say.
    hints = data.get("hints_shown", 0)
    if not isinstance(hints, int) or isinstance(hints, bool) or hints < 0:
        raise bad("hints_shown", Msg("settings.hints_shown"))
    return UserSettings(
        theme=theme,
        name=name,
        hints_shown=hints,
        warnings=tuple(_unknown_keys(data, USER_KEYS, path, text)),
    )


# ---------------------------------------------------------------------------------------------
# Writing: read-modify-write of the keys that changed, under a lock.


def change_settings(workspace: Path, *, lock_wait: float | None = None, **changes: Any) -> Settings:
    """Set the given workspace settings (``None`` removes one) and keep everything else in
    ``ritmas.toml`` as it is on disk, comments and keys added by hand meanwhile included.

    Returns the settings now saved. Raises :class:`SettingsError` if the file on disk cannot be
    read (it is left untouched) and ``OSError`` if it cannot be written (or, after
    ``lock_wait`` seconds, when another session holds the workspace's lock).
    """
    path = workspace / SETTINGS_FILE
    unknown = set(changes) - set(WORKSPACE_KEYS)
    if unknown:
        raise ValueError(f"not a workspace setting: {sorted(unknown)}")
    with _workspace_lock(workspace, LOCK_TIMEOUT_S if lock_wait is None else lock_wait):
        text = _edit(path, _WORKSPACE_HEADER, {k: _toml_value(k, v) for k, v in changes.items()})
        settings = _from_toml(tomllib.loads(text), path, text)
        atomic_write_text(path, text)
    return settings


def save_settings(workspace: Path, settings: Settings) -> None:
    """Write every workspace setting of ``settings`` (keys and comments it does not set stay)."""
    change_settings(
        workspace,
        profile=settings.profile,
        lang=settings.lang,
        theme=settings.theme,
        week_start=settings.week_start,
        started=settings.started,
        keys=settings.keys or None,
    )


def update_user_settings(path: Path | None = None, **changes: Any) -> UserSettings:
    """Set the given personal settings (``None`` removes one), keeping the rest of
    ``user.toml``; returns the settings now saved."""
    path = path or user_settings_path()
    unknown = set(changes) - set(USER_KEYS)
    if unknown:
        raise ValueError(f"not a personal setting: {sorted(unknown)}")
    path.parent.mkdir(parents=True, exist_ok=True)
    from filelock import FileLock  # not imported to read settings, only to write them

    with _locked(FileLock(str(path.with_name(f".{path.name}.lock")), timeout=LOCK_TIMEOUT_S)):
        text = _edit(path, _USER_HEADER, changes)
        settings = _user_from_toml(tomllib.loads(text), path, text)
        atomic_write_text(path, text)
    return settings


def save_user_settings(settings: UserSettings, path: Path | None = None) -> None:
    update_user_settings(
        path, theme=settings.theme, name=settings.name, hints_shown=settings.hints_shown
    )


def _toml_value(key: str, value: Any) -> Any:
    if value is None:
        return None
    if key == "profile":
        order = {tag: n for n, tag in enumerate(TAGS)}
        return sorted(value, key=lambda t: order.get(t, -1))
    if key == "week_start":
        return WEEKDAYS[value] if isinstance(value, int) else value
    if key == "keys":
        return dict(value)
    return value


def _edit(path: Path, header: str, changes: dict[str, Any]) -> str:
    """The text of ``path`` with ``changes`` made; keys whose value is already the same are not
    touched, so their formatting and comments stay exactly as written."""
    import tomlkit  # the editor keeping comments: imported to write settings, not to read them

    text = _read_text(path)
    if text is None or not text.strip():
        document = tomlkit.parse(header)
    else:
        _parse(text, path)  # a file we cannot read is never written over
        document = tomlkit.parse(text)
    for key, value in changes.items():
        current = document.get(key)
        unwrap = getattr(current, "unwrap", None)
        current_value = unwrap() if unwrap is not None else current
        if value is None:
            if key in document:
                del document[key]
        elif current_value != value:
            document[key] = value
    return tomlkit.dumps(document)


def _workspace_lock(workspace: Path, timeout: float = LOCK_TIMEOUT_S) -> Any:
    """The lock state files are written under (it lives in ``state/``); a folder without
    ``state/`` is not a workspace anyone has open yet."""
    from tui.core.state import LOCK_FILE

    state = workspace / "state"
    if not state.is_dir():
        return nullcontext()
    from filelock import FileLock

    return _locked(FileLock(str(state / LOCK_FILE), timeout=timeout))


@contextmanager
def _locked(lock: FileLock) -> Iterator[None]:
    from filelock import Timeout

    try:
        with lock:
            yield
    except Timeout:
        raise OSError(errno.EBUSY, "the workspace is locked by another session") from None


def settings_text(data: dict[str, Any], path: Path, based_on: str = "") -> str:
    """``ritmas.toml`` holding ``data`` (a merge of two machines' versions), written over the
    text ``based_on`` so its comments and order stay; raises :class:`SettingsError` if the
    content is not valid settings."""
    import tomlkit

    document = tomlkit.parse(based_on) if based_on.strip() else tomlkit.document()
    for key in [k for k in document if k not in data]:
        del document[key]
    for key, value in data.items():
        if document.get(key) != value:
            document[key] = value
    text = tomlkit.dumps(document)
    if not based_on.strip():
        text = _WORKSPACE_HEADER + text
    _from_toml(tomllib.loads(text), path, text)
    return text
