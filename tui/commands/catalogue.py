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


def register(command: Callable[[str, str], argparse.ArgumentParser]) -> None:
    catalogue = command("catalogue", "check or export the catalogue")
    subcommands = catalogue.add_subparsers(
        dest="catalogue_command", metavar="COMMAND", parser_class=Parser
    )
    check = subcommands.add_parser("check", help="validate a catalogue file")
    add_global_options(check, suppress=True)
    check.add_argument("path", nargs="?", metavar="PATH", help="file (default: the workspace's)")
    check.set_defaults(handler=run_check)
    export = subcommands.add_parser("export", help="print the catalogue")
    add_global_options(export, suppress=True)
    export.add_argument("--format", choices=("json",), default="json")
    export.set_defaults(handler=run_export)
    catalogue.set_defaults(handler=run)


def run(ctx: Context) -> int:
    raise UsageError("ritmas catalogue: say 'check' or 'export' (see --help)")


def run_check(ctx: Context) -> int:
    # A file named on the command line is always validated; the workspace's may be cached (a
    # cache exists only for exactly these bytes, validated by this version).
    catalogue = load_catalogue(Path(ctx.args.path)) if ctx.args.path else ctx.catalogue()
    print(
        f"ok: {len(catalogue.areas)} areas, {len(catalogue.tasks())} tasks, "
        f"{catalogue.step_count} steps"
    )
    return EXIT_OK


def run_export(ctx: Context) -> int:
    catalogue = ctx.catalogue()
    text = json.dumps(catalogue.as_json(), ensure_ascii=False, indent=2)
    sys.stdout.write(terminal_safe_json(text) + "\n")
    return EXIT_OK
