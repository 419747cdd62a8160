"""The ``ritmas`` command line.

Commands that draw nothing never import Textual: the board is imported only when it opens.
User errors (a bad catalogue, a damaged state file, bad usage) become one line on stderr and an
exit status (1 a failed action, 2 bad usage or a bad catalogue), never a traceback.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import os
import sys
from collections.abc import Callable, Sequence

from tui import __version__
from tui.commands import COMMAND_MODULES, COMMANDS
from tui.commands.context import (
    EXIT_FAILED,
    EXIT_OK,
    EXIT_USAGE,
    ActionError,
    Context,
    Parser,
    UsageError,
    add_global_options,
    argparse_texts,
    make_context,
    pre_lang,
)
from tui.core.actions import ActionRefused
from tui.core.catalogue import CatalogueError
from tui.core.settings import SettingsError
from tui.core.state import StateFileError, StateWriteError
from tui.core.text import visible
from tui.core.workspace import WorkspaceError
from tui.i18n import said, shown, t

__all__ = ["ActionError", "Context", "UsageError", "build_parser", "main", "make_context"]


# Global options that take a value (the command is the first word that is none of these).
_VALUED = ("--workspace", "--period", "--today", "--lang", "--profile")


def asked_command(argv: Sequence[str]) -> str | None:
    """The command ``argv`` plainly names ("" for none: the board), or None when that is not
    plain (a word that is no command, help asked for): then every command is registered."""
    skip = False
    for word in argv:
        if skip:
            skip = False
        elif word in ("-h", "--help", "--version", "--"):
            return None
        elif word in _VALUED:
            skip = True
        elif not word.startswith("-"):
            return word if word in COMMANDS else None
    return ""


def build_parser(lang: str = "en", only: str | None = None) -> argparse.ArgumentParser:
    """The parser of every command, its help in ``lang`` (argparse's own words too when built
    and used inside :func:`argparse_texts`); with ``only`` (a command, or "" for none: the
    board), only the module of that command is imported and registered, the others are names
    that parse nothing (see :func:`main`, which falls back to the whole parser if that guess
    was wrong)."""
    parser = Parser(prog="ritmas", description=t("usage.ritmas", lang), lang=lang)
    add_global_options(parser, lang, suppress=False)
    parser.add_argument(
        "--version",
        action="version",
        version=f"ritmas {__version__}",
        help=t("usage.version", lang),
    )
    commands = parser.add_subparsers(
        dest="command", metavar=t("meta.command", lang), parser_class=Parser
    )

    def command(name: str, help_text: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help_text, description=help_text, lang=lang)
        add_global_options(sub, lang, suppress=True)
        return sub

    if only is None:
        for module_name in COMMAND_MODULES:
            importlib.import_module(module_name).register(command, lang)
        return parser
    wanted = COMMANDS.get(only)
    if wanted is not None:
        importlib.import_module(wanted).register(command, lang)
    if only:  # no command word (the board): no other command can be met while parsing
        for name, module_of in COMMANDS.items():
            if module_of != wanted:
                commands.add_parser(name, lang=lang)
    return parser


def _dispatch(ctx: Context) -> int:
    if ctx.args.command is None:  # `ritmas` alone opens the board
        from tui.commands.board import run

        return run(ctx)
    handler: Callable[[Context], int] = ctx.args.handler
    return handler(ctx)


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    _never_fail_to_encode()
    lang = pre_lang(argv, dict(os.environ))
    try:
        with argparse_texts(lang):
            args = _parse(argv, lang)
        ctx = make_context(args)
        lang = ctx.lang
        for warning in ctx.warnings:
            _fail(t("cli.warning", lang, warning=shown(warning, lang)))
        return _dispatch(ctx)
    except UsageError as exc:
        _fail(shown(said(exc), lang))
        return EXIT_USAGE
    except CatalogueError as exc:
        for line in exc.lines:
            _fail(shown(line, lang))
        return EXIT_USAGE
    except (SettingsError, WorkspaceError) as exc:
        _fail(shown(said(exc), lang))
        return EXIT_USAGE
    except ActionRefused as exc:
        _fail(shown(said(exc), lang))
        return EXIT_USAGE
    except (ActionError, StateFileError, StateWriteError) as exc:
        _fail(shown(said(exc), lang))
        return EXIT_FAILED
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # Output piped into `head` and closed: not an error worth a traceback.
        sys.stderr.close()
        return EXIT_OK


def _parse(argv: list[str], lang: str) -> argparse.Namespace:
    """``argv`` parsed, importing only the module of the command it names (most of a command's
    start is imports); if the parse found another command than the one guessed (an abbreviated
    option, say) or failed, it is parsed again with every command, as always."""
    asked = asked_command(argv)
    if asked is not None:
        try:
            args = build_parser(lang, asked).parse_args(argv)
        except UsageError:
            pass
        else:
            if (args.command or "") == asked and _handled(args):
                return args
    return build_parser(lang).parse_args(argv)


def _handled(args: argparse.Namespace) -> bool:
    return args.command is None or callable(getattr(args, "handler", None))


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
