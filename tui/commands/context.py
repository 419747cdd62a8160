"""What every command of ``ritmas`` shares: the global options, the context they resolve to, and
the errors that become an exit status.

The command line (:mod:`tui.cli`) and every command module import this; it imports no command
and nothing that draws, so no command depends on the command line that lists it.
"""

from __future__ import annotations

import argparse
import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from tui.core.audience import parse_profile
from tui.core.catalogue import Catalogue
from tui.core.catalogue_cache import load_catalogue_cached
from tui.core.periods import MAX_YEAR, MIN_YEAR, PeriodKeyError, Week, parse_week, week_containing
from tui.core.settings import Settings, SettingsError, load_settings
from tui.core.workspace import Workspace, find_workspace, open_workspace
from tui.i18n import detect_lang

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """Bad usage of the command line: exit status 2."""


class ActionError(Exception):
    """An action that could not be done (e.g. a damaged state file): exit status 1."""


class Parser(argparse.ArgumentParser):
    """Usage errors as :class:`UsageError` (one line, exit 2), not argparse's own exit."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(f"{message} (see `{self.prog} --help`)")


def add_global_options(parser: argparse.ArgumentParser, *, suppress: bool) -> None:
    """Global options, accepted before or after a subcommand.

    On subcommands their default is SUPPRESS, so an option given before the subcommand is not
    reset by the subcommand's parser.
    """
    default = argparse.SUPPRESS if suppress else None
    group = parser.add_argument_group("global options")
    group.add_argument("--workspace", metavar="DIR", default=default, help="workspace folder")
    group.add_argument(
        "--period", metavar="WEEK", default=default, help="week to open, e.g. 2026-W48"
    )
    group.add_argument("--today", metavar="YYYY-MM-DD", default=default, help="pin the clock")
    group.add_argument("--lang", choices=("lt", "en"), default=default, help="interface language")
    group.add_argument(
        "--profile", metavar="TAG[,TAG...]|all", default=default, help="audience for this run"
    )


@dataclass
class Context:
    """What every command needs, resolved once from the global options."""

    args: argparse.Namespace
    today: date
    lang: str
    workspace_root: Path
    is_default_workspace: bool
    warnings: tuple[str, ...] = ()  # about the workspace's settings, one line each

    def workspace(self) -> Workspace:
        return open_workspace(self.workspace_root, create=self.is_default_workspace)

    def catalogue(self) -> Catalogue:
        workspace = self.workspace()
        return load_catalogue_cached(workspace.catalogue_path, workspace.cache_dir)

    def settings(self) -> Settings:
        return load_settings(self.workspace_root)

    def profile_override(self) -> frozenset[str] | None:
        text = getattr(self.args, "profile", None)
        if text is None:
            return None
        try:
            return parse_profile(text)
        except ValueError as exc:
            raise UsageError(f"--profile: {exc}") from None

    def week(self, settings: Settings | None = None) -> Week:
        text = getattr(self.args, "period", None)
        if text:
            try:
                return parse_week(text)
            except PeriodKeyError as exc:
                raise UsageError(f"--period: {exc}") from None
        week_start = settings.week_start if settings else 0
        return week_containing(self.today, week_start)


def parse_today(text: str | None) -> date:
    if not text:
        return date.today()
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise UsageError(f"--today: not a date: {text!r} (expected YYYY-MM-DD)") from None
    out_of_range = UsageError(f"--today: {text} is out of range (years {MIN_YEAR}–{MAX_YEAR})")
    if not MIN_YEAR <= day.year <= MAX_YEAR:
        raise out_of_range
    # Its week, from any week start, must be one whose state file Ritmas reads back.
    for week_start in (0, 6):
        try:
            week = week_containing(day, week_start)
            parse_week(week.key)
        except (PeriodKeyError, ValueError, OverflowError):
            raise out_of_range from None
    return day


def saved_settings(root: Path) -> Settings | None:
    """The workspace's settings; a broken settings file is reported by the command."""
    try:
        return load_settings(root)
    except SettingsError:
        return None


def make_context(args: argparse.Namespace, env: dict[str, str] | None = None) -> Context:
    env = dict(os.environ) if env is None else env
    explicit = Path(args.workspace) if getattr(args, "workspace", None) else None
    root, is_default = find_workspace(explicit, env, Path.cwd())
    saved = saved_settings(root)
    return Context(
        args=args,
        today=parse_today(getattr(args, "today", None)),
        lang=getattr(args, "lang", None) or (saved.lang if saved else None) or detect_lang(env),
        workspace_root=root,
        is_default_workspace=is_default,
        warnings=saved.warnings if saved else (),
    )
