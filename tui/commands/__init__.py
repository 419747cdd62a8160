"""Subcommands of ``ritmas`` beyond the built-in ones, one module each.

Each module listed in :data:`COMMAND_MODULES` has ``register(command)``, where ``command(name,
help)`` returns a new subparser (global options already added); ``register`` adds its arguments
and ``set_defaults(handler=run)`` with ``run(ctx: tui.cli.Context) -> int``. None of these
modules may import Textual.
"""

COMMAND_MODULES: list[str] = [
    "tui.commands.cards",
    "tui.commands.doctor",
    "tui.commands.review",
    "tui.commands.serve",
]
