"""``ritmas catalogue check [PATH]`` and ``ritmas catalogue export --format json``."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path

from tui.commands.context import EXIT_OK, Context, Parser, UsageError, add_global_options
from tui.core.catalogue import load_catalogue
from tui.core.text import terminal_safe_json
from tui.i18n import t, tn


def register(command: Callable[[str, str], argparse.ArgumentParser], lang: str) -> None:
    catalogue = command("catalogue", t("usage.catalogue", lang))
    subcommands = catalogue.add_subparsers(
        dest="catalogue_command", metavar=t("meta.command", lang), parser_class=Parser
    )
    check_help = t("usage.catalogue_check", lang)
    check = subcommands.add_parser("check", help=check_help, description=check_help, lang=lang)
    add_global_options(check, lang, suppress=True)
    check.add_argument(
        "path", nargs="?", metavar=t("meta.path", lang), help=t("usage.catalogue_path", lang)
    )
    check.set_defaults(handler=run_check)
    export_help = t("usage.catalogue_export", lang)
    export = subcommands.add_parser("export", help=export_help, description=export_help, lang=lang)
    add_global_options(export, lang, suppress=True)
    export.add_argument(
        "--format", choices=("json",), default="json", help=t("usage.export_format", lang)
    )
    export.set_defaults(handler=run_export)
    catalogue.set_defaults(handler=run)


def run(ctx: Context) -> int:
    raise UsageError(t("cli.catalogue_say", ctx.lang))


def run_check(ctx: Context) -> int:
    # A file named on the command line is always validated; the workspace's may be cached (a
    # cache exists only for exactly these bytes, validated by this version).
    catalogue = load_catalogue(Path(ctx.args.path)) if ctx.args.path else ctx.catalogue()
    areas = tn("count.areas", len(catalogue.areas), ctx.lang)
    tasks = tn("count.tasks", len(catalogue.tasks()), ctx.lang)
    steps = tn("count.steps", catalogue.step_count, ctx.lang)
    print(t("cli.catalogue_ok", ctx.lang, areas=areas, tasks=tasks, steps=steps))
    return EXIT_OK


def run_export(ctx: Context) -> int:
    catalogue = ctx.catalogue()
    text = json.dumps(catalogue.as_json(), ensure_ascii=False, indent=2)
    sys.stdout.write(terminal_safe_json(text) + "\n")
    return EXIT_OK
