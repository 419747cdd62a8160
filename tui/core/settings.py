"""User settings in the workspace's ``ritmas.toml``: profile, language, theme, week start, keys."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import tomli_w

from tui.core.audience import ALL, TAGS
from tui.core.fileio import atomic_write_text
from tui.core.periods import PeriodKeyError, PeriodKind, parse_period

SETTINGS_FILE = "ritmas.toml"
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
LANGS = ("lt", "en")


class SettingsError(Exception):
    """``ritmas.toml`` cannot be used; the message is one line naming the file and the key."""


@dataclass(frozen=True)
class Settings:
    profile: frozenset[str] | None = None  # None: not asked yet
    lang: str | None = None  # None: from the locale
    theme: str | None = None
    week_start: int = 0  # 0 = Monday
    started: str | None = None  # first day (or week) tracked: nothing before it is "missed"
    keys: dict[str, str] = field(default_factory=dict)  # binding id -> "key,key"

    def with_profile(self, profile: frozenset[str]) -> Settings:
        return replace(self, profile=profile)


def load_settings(workspace: Path) -> Settings:
    path = workspace / SETTINGS_FILE
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return Settings()
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise SettingsError(f"{path}: cannot read settings: {exc}") from None
    except OSError as exc:
        raise SettingsError(f"{path}: cannot read settings: {exc.strerror or exc}") from None
    return _from_toml(data, path)


def _from_toml(data: dict[str, Any], path: Path) -> Settings:
    known = {"profile", "lang", "theme", "week_start", "started", "keys"}
    for key in data:
        if key not in known:
            raise SettingsError(
                f"{path}: unknown setting {key!r} (known: {', '.join(sorted(known))})"
            )
    profile = data.get("profile")
    if profile is not None:
        if not isinstance(profile, list) or not all(isinstance(t, str) for t in profile):
            raise SettingsError(f"{path}: 'profile' must be a list of tags, e.g. [\"produktai\"]")
        bad = [t for t in profile if t not in TAGS and t != ALL]
        if bad:
            raise SettingsError(
                f"{path}: 'profile': unknown tag {bad[0]!r} (known: {', '.join(TAGS)}, all)"
            )
    lang = data.get("lang")
    if lang is not None and lang not in LANGS:
        raise SettingsError(f"{path}: 'lang' must be 'lt' or 'en', not {lang!r}")
    week_start = data.get("week_start", "monday")
    if week_start not in WEEKDAYS:
        raise SettingsError(
            f"{path}: 'week_start' must be a weekday name like 'monday', not {week_start!r}"
        )
    keys = data.get("keys", {})
    if not isinstance(keys, dict) or not all(isinstance(v, str) for v in keys.values()):
        raise SettingsError(
            f'{path}: [keys] must map binding ids to key names, e.g. move_right = "L"'
        )
    started = data.get("started")
    if started is not None:
        try:
            kind = parse_period(started if isinstance(started, str) else "").kind
        except PeriodKeyError:
            kind = None
        if kind not in (PeriodKind.WEEK, PeriodKind.DAY):
            raise SettingsError(
                f"{path}: 'started' must be a date or a week like \"2026-W48\", not {started!r}"
            )
    theme = data.get("theme")
    if theme is not None and not isinstance(theme, str):
        raise SettingsError(f"{path}: 'theme' must be a theme name like \"textual-dark\"")
    return Settings(
        profile=frozenset(profile) if profile is not None else None,
        lang=lang,
        theme=theme,
        week_start=WEEKDAYS.index(week_start),
        started=started,
        keys=dict(keys),
    )


def save_settings(workspace: Path, settings: Settings) -> None:
    """Write ``ritmas.toml``, keeping keys this version does not set untouched."""
    path = workspace / SETTINGS_FILE
    data: dict[str, Any] = {}
    if settings.profile is not None:
        data["profile"] = sorted(
            settings.profile, key=lambda t: list(TAGS).index(t) if t in TAGS else -1
        )
    if settings.lang:
        data["lang"] = settings.lang
    if settings.theme:
        data["theme"] = settings.theme
    data["week_start"] = WEEKDAYS[settings.week_start]
    if settings.started:
        data["started"] = settings.started
    if settings.keys:
        data["keys"] = dict(settings.keys)
    atomic_write_text(path, SETTINGS_HEADER + tomli_w.dumps(data))


SETTINGS_HEADER = "# Ritmas settings for this workspace (see README: Settings).\n"


def settings_text(data: dict[str, Any], path: Path) -> str:
    """``ritmas.toml`` as written, from its parsed content; raises :class:`SettingsError` if the
    content is not valid settings."""
    _from_toml(data, path)
    return SETTINGS_HEADER + tomli_w.dumps(data)
