"""What every command of ``ritmas`` shares: the global options, the context they resolve to, and
the errors that become an exit status.

The command line (:mod:`tui.cli`) and every command module import this; it imports no command
and nothing that draws, so no command depends on the command line that lists it.
"""

from __future__ import annotations

import argparse
import os
import re
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from tui.core.audience import parse_profile
from tui.core.catalogue import Catalogue
from tui.core.catalogue_cache import load_catalogue_cached
from tui.core.periods import (
    MAX_YEAR,
    MIN_YEAR,
    PeriodKeyError,
    Week,
    parse_period,
    parse_week,
    week_containing,
)
from tui.core.settings import Settings, SettingsError, load_settings
from tui.core.textmatch import suggestions
from tui.core.workspace import Workspace, find_workspace, open_workspace
from tui.i18n import LANGS, Msg, detect_lang, said, t, tn

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """Bad usage of the command line: exit status 2."""


class ActionError(Exception):
    """An action that could not be done (e.g. a damaged state file): exit status 1."""


# argparse's own texts (usage, its errors, its help of -h) by the message ids of our catalogue;
# argparse asks gettext for them by their English text (see :func:`argparse_texts`).
ARGPARSE_KEYS = {
    "usage: ": "argparse.usage",
    "positional arguments": "argparse.positionals",
    "options": "argparse.options",
    "show this help message and exit": "argparse.help",
    "argument %(argument_name)s: %(message)s": "argparse.argument",
    "unrecognized arguments: %s": "argparse.unrecognized",
    "not allowed with argument %s": "argparse.not_allowed",
    "ignored explicit argument %r": "argparse.ignored",
    "the following arguments are required: %s": "argparse.required",
    "one of the arguments %s is required": "argparse.one_of",
    "expected one argument": "argparse.expected_one",
    "expected at most one argument": "argparse.expected_at_most_one",
    "expected at least one argument": "argparse.expected_at_least_one",
    "ambiguous option: %(option)s could match %(matches)s": "argparse.ambiguous",
    "invalid %(type)s value: %(value)r": "argparse.invalid_value",
    "invalid choice: %(value)r (choose from %(choices)s)": "argparse.invalid_choice",
    "can't open '%(filename)s': %(error)s": "argparse.cannot_open",
}
ARGPARSE_PLURAL_KEYS = {"expected %s argument": "argparse.expected_n"}


@contextmanager
def argparse_texts(lang: str) -> Iterator[None]:
    """argparse speaks ``lang`` while this lasts: its module-level ``_`` and ``ngettext`` (bound
    to gettext's at its import) are routed through our catalogue. Texts argparse adds in later
    versions and we do not know yet stay as argparse has them (English)."""

    def gettext(message: str) -> str:
        key = ARGPARSE_KEYS.get(message)
        return t(key, lang) if key else message

    def ngettext(singular: str, plural: str, n: int) -> str:
        key = ARGPARSE_PLURAL_KEYS.get(singular)
        if key is None:
            return singular if n == 1 else plural
        return tn(key, n, lang).replace(str(n), "%s", 1)

    saved = argparse._, argparse.ngettext  # type: ignore[attr-defined]
    argparse._, argparse.ngettext = gettext, ngettext  # type: ignore[attr-defined]
    try:
        yield
    finally:
        argparse._, argparse.ngettext = saved  # type: ignore[attr-defined]


class Parser(argparse.ArgumentParser):
    """Usage errors as :class:`UsageError` (one line, exit 2), not argparse's own exit; its texts
    in ``lang`` (build and parse it inside :func:`argparse_texts`)."""

    def __init__(self, *args: object, lang: str = "en", **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.lang = lang

    def _check_value(self, action: argparse.Action, value: object) -> None:
        """A mistyped command or choice (``ritmas lst``) is answered with the closest ones."""
        choices = action.choices
        if isinstance(value, str) and choices is not None and value not in choices:
            close = suggestions(value, [str(c) for c in choices])
            if close:
                names = (
                    Msg("cli.or", first=", ".join(close[:-1]), last=close[-1])
                    if len(close) > 1
                    else close[0]
                )
                hint = Msg("cli.did_you_mean", choices=names).shown(self.lang)
                raise argparse.ArgumentError(
                    action, t("cli.invalid_choice_hint", self.lang, value=repr(value), hint=hint)
                )
        super()._check_value(action, value)

    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(t("cli.see_help", self.lang, message=message, prog=self.prog))


Command = Callable[[str, str], argparse.ArgumentParser]


def add_global_options(parser: argparse.ArgumentParser, lang: str, *, suppress: bool) -> None:
    """Global options, accepted before or after a subcommand.

    On subcommands their default is SUPPRESS, so an option given before the subcommand is not
    reset by the subcommand's parser.
    """
    default = argparse.SUPPRESS if suppress else None
    group = parser.add_argument_group(t("usage.global", lang))
    group.add_argument(
        "--workspace",
        metavar=t("meta.dir", lang),
        default=default,
        help=t("usage.workspace", lang),
    )
    group.add_argument(
        "--period", metavar=t("meta.week", lang), default=default, help=t("usage.period", lang)
    )
    group.add_argument(
        "--today", metavar=t("meta.date", lang), default=default, help=t("usage.today", lang)
    )
    group.add_argument("--lang", choices=LANGS, default=default, help=t("usage.lang", lang))
    group.add_argument(
        "--profile", metavar=t("meta.profile", lang), default=default, help=t("usage.profile", lang)
    )


def pre_lang(argv: Sequence[str], env: dict[str, str]) -> str:
    """The language of this run, known before its arguments are parsed (so that argparse's help
    and errors speak it): ``--lang``, else the workspace's setting, else the locale."""
    pre = argparse.ArgumentParser(add_help=False)
    pre.add_argument("--lang")
    pre.add_argument("--workspace")
    try:
        known, _ = pre.parse_known_args(argv)
    except SystemExit:  # `--lang` without a value: the real parser says so
        return detect_lang(env)
    if known.lang in LANGS:
        return str(known.lang)
    explicit = Path(known.workspace) if known.workspace else None
    try:
        root, _ = find_workspace(explicit, env, Path.cwd())
    except OSError:  # a problem with the workspace is the command's to report
        return detect_lang(env)
    saved = saved_settings(root)
    return (saved.lang if saved else None) or detect_lang(env)


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
            raise UsageError(Msg("cli.option_error", option="--profile", error=said(exc))) from None

    def week(self, settings: Settings | None = None) -> Week:
        text = getattr(self.args, "period", None)
        if text:
            try:
                typed = text.strip()
                if re.fullmatch(r"\d{4}-[wq]\d{1,2}", typed):
                    typed = typed.upper()  # "2026-w48" typed is 2026-W48
                return parse_week(typed)
            except PeriodKeyError as exc:
                raise UsageError(
                    Msg("cli.option_error", option="--period", error=said(exc))
                ) from None
        week_start = settings.week_start if settings else 0
        return week_containing(self.today, week_start)


def parse_today(text: str | None) -> date:
    if not text:
        return date.today()
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise UsageError(_not_a_date(text)) from None
    out_of_range = UsageError(Msg("cli.today_range", text=text, first=MIN_YEAR, last=MAX_YEAR))
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


def _not_a_date(text: str) -> Msg:
    """``--today``'s error: our own words for a day that does not exist (``2026-02-30``; Python's
    are English only), else the form expected."""
    try:
        parse_period(text)
    except PeriodKeyError as exc:
        cause = exc.args[0] if exc.args else None
        if isinstance(cause, Msg) and "reason" in cause.fields:
            return Msg("cli.not_date_because", text=repr(text), reason=cause.fields["reason"])
    return Msg("cli.not_date", text=repr(text))


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
