"""The layout tells the architecture, and this keeps it so.

Layers, lowest first: the core's domain modules (and ``tui.i18n``), the session, the store's
thread (``keeper``), the controller, presentation for the command line (``tui.render``), the
commands, the command line, and the Textual UI. Two checks:

- In a fresh interpreter, importing a layer loads nothing from the layers above it: the core
  loads no UI, command, Textual or rich module, and its domain modules not even the session.
- Reading every module's imports (those inside functions and ``TYPE_CHECKING`` blocks too, and
  the command modules the command line loads by name), no module imports itself around a cycle.
"""

from __future__ import annotations

import ast
import json
import os
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

import tui
from tui.commands import COMMAND_MODULES

ROOT = Path(tui.__file__).parent
ABOVE_SESSION = ("tui.core.session", "tui.core.keeper", "tui.core.controller")


def all_modules() -> list[str]:
    names = ["tui"]
    for info in pkgutil.walk_packages([str(ROOT)], prefix="tui."):
        names.append(info.name)
    return sorted(names)


def source_of(module: str) -> Path:
    path = ROOT.parent / Path(*module.split("."))
    return path / "__init__.py" if path.is_dir() else path.with_suffix(".py")


def loaded_after_import(modules: list[str], cwd: Path) -> list[str]:
    """``sys.modules`` of a fresh interpreter after importing ``modules``."""
    code = (
        "import importlib, json, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "print(json.dumps(sorted(sys.modules)))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=cwd,
        env=dict(os.environ),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    loaded: list[str] = json.loads(done.stdout)
    return loaded


def under(name: str, *packages: str) -> bool:
    return any(name == p or name.startswith(p + ".") for p in packages)


def test_every_layer_is_found() -> None:
    modules = all_modules()
    for name in (
        "tui.core.board",
        "tui.core.session",
        "tui.core.keeper",
        "tui.core.controller",
        "tui.commands.board",
        "tui.commands.init",
        "tui.commands.catalogue",
        "tui.commands.context",
        "tui.cli",
        "tui.ui.app",
    ):
        assert name in modules


def test_the_core_loads_nothing_from_above(elsewhere: Path) -> None:
    core = [m for m in all_modules() if under(m, "tui.core")]
    loaded = loaded_after_import(core, elsewhere)
    above = [m for m in loaded if under(m, "tui.ui", "tui.commands", "tui.cli", "textual", "rich")]
    assert above == [], f"the core loaded {above}"


def test_the_domain_loads_nothing_from_the_session_up(elsewhere: Path) -> None:
    domain = [m for m in all_modules() if under(m, "tui.core") and m not in ABOVE_SESSION]
    loaded = loaded_after_import(domain, elsewhere)
    above = [m for m in loaded if m in ABOVE_SESSION]
    assert above == [], f"the core's domain modules loaded {above}"


def test_the_commands_and_the_command_line_load_no_ui(elsewhere: Path) -> None:
    commands = [m for m in all_modules() if under(m, "tui.commands")] + ["tui.cli"]
    loaded = loaded_after_import(commands, elsewhere)
    above = [m for m in loaded if under(m, "tui.ui", "textual")]
    assert above == [], f"the commands loaded {above}"


def imports_of(module: str, known: set[str]) -> set[str]:
    """The ``tui`` modules ``module`` imports anywhere in its source."""
    tree = ast.parse(source_of(module).read_text(encoding="utf-8"))
    package = module if source_of(module).name == "__init__.py" else module.rpartition(".")[0]
    out: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parts, base] if base else parts)
            out.add(base)
            out |= {f"{base}.{alias.name}" for alias in node.names}
    if module == "tui.cli":
        out |= set(COMMAND_MODULES)  # loaded by name
    return {name for name in out if name in known and name != module}


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle of ``graph``, or None."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                return [*path[path.index(nxt) :], nxt]
            if nxt not in state:
                found = visit(nxt)
                if found:
                    return found
        path.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state:
            found = visit(node)
            if found:
                return found
    return None


def test_no_import_cycle() -> None:
    known = set(all_modules())
    # A package's __init__ is not an import of its modules: `from tui.core import actions`
    # names the module, which is what is followed.
    graph = {m: imports_of(m, known) - {"tui", "tui.core", "tui.ui", "tui.commands"} for m in known}
    assert find_cycle(graph) is None, " -> ".join(find_cycle(graph) or [])


@pytest.mark.parametrize(
    ("graph", "cycle"),
    [
        ({"a": {"b"}, "b": {"a"}}, ["a", "b", "a"]),
        ({"a": {"b"}, "b": {"c"}, "c": set()}, None),
    ],
)
def test_the_cycle_finder_finds_cycles(graph: dict[str, set[str]], cycle: list[str] | None) -> None:
    assert find_cycle(graph) == cycle


def test_the_command_line_and_a_command_form_no_cycle() -> None:
    known = set(all_modules())
    assert "tui.cli" not in imports_of("tui.commands.cards", known)
    assert "tui.commands.cards" in imports_of("tui.cli", known)
