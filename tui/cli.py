"""The ``ritmas`` command line.

Commands that draw nothing never import Textual: the board is imported only when it opens.
User errors (a bad catalogue, a damaged state file, bad usage) become one line on stderr and an
exit status (1 a failed action, 2 bad usage or a bad catalogue), never a traceback.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import json
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from tui.commands import COMMAND_MODULES
from tui.core.actions import ActionRefused
from tui.core.audience import parse_profile
from tui.core.catalogue import Catalogue, CatalogueError, load_catalogue
from tui.core.catalogue_cache import load_catalogue_cached
from tui.core.periods import MAX_YEAR, MIN_YEAR, PeriodKeyError, Week, parse_week, week_containing
from tui.core.settings import Settings, SettingsError, load_settings
from tui.core.state import StateFileError, StateWriteError
from tui.core.text import terminal_safe_json, visible
from tui.core.workspace import (
    Workspace,
    WorkspaceError,
    find_workspace,
    init_workspace,
    open_workspace,
)
from tui.i18n import detect_lang

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """Bad usage of the command line: exit status 2."""


class ActionError(Exception):
    """An action that could not be done (e.g. a damaged state file): exit status 1."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(f"{message} (see `{self.prog} --help`)")


def _add_global_options(parser: argparse.ArgumentParser, *, suppress: bool) -> None:
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


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="ritmas",
        description="A keyboard-first kanban board for a small business's operating rhythm.",
    )
    _add_global_options(parser, suppress=False)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    def command(name: str, help_text: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help_text, description=help_text)
        _add_global_options(sub, suppress=True)
        return sub

    command("board", "open the board (the default)")
    init = command("init", "create a workspace with the shipped catalogue")
    init.add_argument(
        "dir", nargs="?", default=None, metavar="DIR", help="folder (default: --workspace, or here)"
    )
    init.add_argument(
        "--git",
        metavar="REMOTE",
        help="share it through this git remote: clone the workspace there, or put this one there",
    )

    # Registered here, its module imported only when it runs: the board never loads it.
    sync = command("sync", "commit, fetch, merge and push a workspace shared through git")
    sync.add_argument(
        "--remote", metavar="NAME", default="origin", help="git remote (default: origin)"
    )

    catalogue = commands.add_parser("catalogue", help="check or export the catalogue")
    _add_global_options(catalogue, suppress=True)
    cat_commands = catalogue.add_subparsers(
        dest="catalogue_command", metavar="COMMAND", parser_class=_Parser
    )
    check = cat_commands.add_parser("check", help="validate a catalogue file")
    _add_global_options(check, suppress=True)
    check.add_argument("path", nargs="?", metavar="PATH", help="file (default: the workspace's)")
    export = cat_commands.add_parser("export", help="print the catalogue")
    _add_global_options(export, suppress=True)
    export.add_argument("--format", choices=("json",), default="json")

    for module_name in COMMAND_MODULES:
        importlib.import_module(module_name).register(command)
    return parser


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


def _parse_today(text: str | None) -> date:
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


def _saved_settings(root: Path) -> Settings | None:
    """The workspace's settings; a broken settings file is reported by the command."""
    try:
        return load_settings(root)
    except SettingsError:
        return None


def make_context(args: argparse.Namespace, env: dict[str, str] | None = None) -> Context:
    env = dict(os.environ) if env is None else env
    explicit = Path(args.workspace) if getattr(args, "workspace", None) else None
    root, is_default = find_workspace(explicit, env, Path.cwd())
    saved = _saved_settings(root)
    return Context(
        args=args,
        today=_parse_today(getattr(args, "today", None)),
        lang=getattr(args, "lang", None) or (saved.lang if saved else None) or detect_lang(env),
        workspace_root=root,
        is_default_workspace=is_default,
        warnings=saved.warnings if saved else (),
    )


# ---------------------------------------------------------------------------------------------
# Commands


def cmd_init(ctx: Context) -> int:
    given = [Path(p) for p in (ctx.args.dir, getattr(ctx.args, "workspace", None)) if p]
    folders = {p.expanduser().resolve() for p in given}
    if len(folders) > 1:
        raise UsageError("init: DIR and --workspace name two folders; give one")
    root = folders.pop() if folders else Path.cwd()
    if ctx.args.git:
        from tui.commands.sync import init_shared_command

        return init_shared_command(ctx, root, ctx.args.git)
    created = init_workspace(root)
    if created:
        for path in created:
            print(f"created {path}")
    else:
        print(f"{root} is already a workspace")
    return EXIT_OK


def cmd_catalogue_check(ctx: Context) -> int:
    # A file named on the command line is always validated; the workspace's may be cached (a
    # cache exists only for exactly these bytes, validated by this version).
    catalogue = load_catalogue(Path(ctx.args.path)) if ctx.args.path else ctx.catalogue()
    print(
        f"ok: {len(catalogue.areas)} areas, {len(catalogue.tasks())} tasks, "
        f"{catalogue.step_count} steps"
    )
    return EXIT_OK


def cmd_catalogue_export(ctx: Context) -> int:
    catalogue = ctx.catalogue()
    text = json.dumps(catalogue.as_json(), ensure_ascii=False, indent=2)
    sys.stdout.write(terminal_safe_json(text) + "\n")
    return EXIT_OK


def cmd_board(ctx: Context) -> int:
    from tui.board_command import run_board

    return run_board(ctx)


def _dispatch(ctx: Context) -> int:
    args = ctx.args
    if args.command in (None, "board"):
        return cmd_board(ctx)
    if args.command == "init":
        return cmd_init(ctx)
    if args.command == "sync":
        from tui.commands.sync import run as run_sync

        return run_sync(ctx)
    if args.command == "catalogue":
        if args.catalogue_command == "check":
            return cmd_catalogue_check(ctx)
        if args.catalogue_command == "export":
            return cmd_catalogue_export(ctx)
        raise UsageError("ritmas catalogue: say 'check' or 'export' (see --help)")
    handler: Callable[[Context], int] = args.handler
    return handler(ctx)


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    _never_fail_to_encode()
    try:
        args = build_parser().parse_args(argv)
        ctx = make_context(args)
        for warning in ctx.warnings:
            _fail(f"warning: {warning}")
        return _dispatch(ctx)
    except UsageError as exc:
        _fail(str(exc))
        return EXIT_USAGE
    except CatalogueError as exc:
        for line in exc.lines:
            _fail(line)
        return EXIT_USAGE
    except (SettingsError, WorkspaceError) as exc:
        _fail(str(exc))
        return EXIT_USAGE
    except ActionRefused as exc:
        _fail(str(exc))
        return EXIT_USAGE
    except (ActionError, StateFileError, StateWriteError) as exc:
        _fail(str(exc))
        return EXIT_FAILED
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # Output piped into `head` and closed: not an error worth a traceback.
        sys.stderr.close()
        return EXIT_OK


def _fail(line: str) -> None:
    # Error lines quote the user's files and names: no control character reaches the terminal.
    print(f"ritmas: {visible(line)}", file=sys.stderr)


def _never_fail_to_encode() -> None:
    """Text the terminal's encoding cannot show (a lone surrogate, Lithuanian letters on a
    Latin-1 terminal) is printed as escapes rather than ending in UnicodeEncodeError."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            with contextlib.suppress(ValueError, OSError):  # a stream that cannot change
                reconfigure(errors="backslashreplace")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
