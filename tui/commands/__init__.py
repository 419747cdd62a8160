"""The subcommands of ``ritmas``, one module each (the board, init and catalogue included).

Each module listed in :data:`COMMAND_MODULES` has ``register(command)``, where ``command(name,
help)`` returns a new subparser (global options already added); ``register`` adds its arguments
and ``set_defaults(handler=run)`` with ``run(ctx) -> int``, ``ctx`` being a
:class:`tui.commands.context.Context`. No module here imports :mod:`tui.cli` (which lists them)
or, at import time, Textual.
"""

COMMAND_MODULES: list[str] = [
    "tui.commands.board",
    "tui.commands.init",
    "tui.commands.catalogue",
    "tui.commands.cards",
    "tui.commands.doctor",
    "tui.commands.review",
    "tui.commands.serve",
    "tui.commands.sync",
]

# Which module registers each command, so the command line imports only the module of the
# command asked for (tests/test_cli_catalogue.py checks this against the modules themselves).
COMMANDS: dict[str, str] = {
    "board": "tui.commands.board",
    "init": "tui.commands.init",
    "catalogue": "tui.commands.catalogue",
    "list": "tui.commands.cards",
    "move": "tui.commands.cards",
    "tick": "tui.commands.cards",
    "untick": "tui.commands.cards",
    "add": "tui.commands.cards",
    "assign": "tui.commands.cards",
    "send-back": "tui.commands.cards",
    "doctor": "tui.commands.doctor",
    "review": "tui.commands.review",
    "serve": "tui.commands.serve",
    "sync": "tui.commands.sync",
}
