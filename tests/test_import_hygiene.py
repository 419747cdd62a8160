"""The core and the commands that draw nothing never import Textual (checked in fresh processes)."""

from __future__ import annotations

import json
import os
import pkgutil
import subprocess
import sys
from pathlib import Path

from conftest import ritmas_command

import tui.core
import tui.render


def core_modules() -> list[str]:
    return sorted(f"tui.core.{info.name}" for info in pkgutil.iter_modules(tui.core.__path__))


def run_python(code: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=cwd,
        env=dict(os.environ),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_core_modules_are_found() -> None:
    modules = core_modules()
    for name in ("periods", "cadence", "catalogue", "audience", "workspace", "settings"):
        assert f"tui.core.{name}" in modules
    assert "tui.core.review_render" not in modules  # presentation lives in tui.render
    assert {"tui.render.figures", "tui.render.review"} <= set(render_modules())


def render_modules() -> list[str]:
    return sorted(f"tui.render.{info.name}" for info in pkgutil.iter_modules(tui.render.__path__))


def test_core_and_cli_import_no_textual(elsewhere: Path) -> None:
    modules = [*core_modules(), *render_modules(), "tui.cli", "tui.i18n"]
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich'))\n"
        "print(','.join(loaded))\n"
    )
    done = run_python(code, elsewhere)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "", f"textual or rich modules imported: {done.stdout.strip()}"


def test_catalogue_check_imports_no_textual(elsewhere: Path, small_workspace: Path) -> None:
    code = (
        "import sys\n"
        "from tui.cli import main\n"
        f"status = main(['catalogue', 'check', '--workspace', {str(small_workspace)!r}])\n"
        "status = main(['catalogue', 'export', '--workspace', "
        f"{str(small_workspace)!r}]) or status\n"
        "assert status == 0, status\n"
        "print('TEXTUAL' if 'textual' in sys.modules else 'CLEAN', file=sys.stderr)\n"
    )
    done = run_python(code, elsewhere)
    assert done.returncode == 0, done.stderr
    assert done.stderr.strip() == "CLEAN"


def test_installed_command_imports_no_textual(elsewhere: Path, small_workspace: Path) -> None:
    command = ritmas_command()
    if len(command) == 1:  # the console script: run it under -X importtime
        command = [sys.executable, "-X", "importtime", command[0]]
    else:
        command = [sys.executable, "-X", "importtime", *command[1:]]
    done = subprocess.run(
        [*command, "catalogue", "check", "--workspace", str(small_workspace)],
        cwd=elsewhere,
        env=dict(os.environ),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    imported = [line.rsplit("|", 1)[-1].strip() for line in done.stderr.splitlines()]
    assert "tui.core.catalogue" in imported  # the report is real
    assert not [name for name in imported if name.split(".")[0] == "textual"]


def test_card_review_and_doctor_commands_import_no_textual(elsewhere: Path, tmp_path: Path) -> None:
    """Every command that draws nothing (cron, shell use) stays free of Textual."""
    root = tmp_path / "ws"
    common = f"'--workspace', {str(root)!r}, '--today', '2026-11-26', '--profile', 'all'"
    code = (
        "import contextlib, io, sys\n"
        "from tui.cli import main\n"
        f"assert main(['init', {str(root)!r}]) == 0\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    assert main(['list', '--json', {common}]) == 0\n"
        f"    assert main(['move', 'paruosti-menesio-kampanija', 'doing', {common}]) == 0\n"
        f"    assert main(['tick', 'paruosti-menesio-kampanija', '1', {common}]) == 0\n"
        f"    assert main(['add', 'Skambutis', '--area', 'it', {common}]) == 0\n"
        f"    assert main(['review', '--format', 'markdown', {common}]) == 0\n"
        f"    assert main(['doctor', {common}]) == 0\n"
        f"    assert main(['sync', {common}]) == 2\n"  # not a git repository
        "print('TEXTUAL' if 'textual' in sys.modules else 'CLEAN', file=sys.stderr)\n"
    )
    done = run_python(code, elsewhere)
    assert done.returncode == 0, done.stderr
    assert done.stderr.strip().splitlines()[-1] == "CLEAN", done.stderr


# What the board's first screen does not need: loaded when asked for (`r`, ctrl+p, `serve`...).
NOT_AT_BOARD_START = (
    "tui.core.review",
    "tui.render.review",
    "tui.ui.screens.review",
    "tui.ui.screens.detail",
    "tui.ui.palette",
    "textual_serve",
    "tui.core.sync",
    "tui.core.gitrun",
    "tui.core.merge",
    "babel",
)
# Not needed either once the catalogue's cache is current (the board's second start and after):
# the schema (Pydantic) validates only a changed catalogue or an odd state file; the TOML editor
# and the file lock only write.
NOT_AT_CACHED_START = (
    *NOT_AT_BOARD_START,
    "pydantic",
    "pydantic_core",
    "tui.core.catalogue_schema",
    "tui.core.state_schema",
    "tomlkit",
    "filelock",
    "hashlib",  # it loads OpenSSL (~2 ms): the caches' digests use CPython's own blake2b
)


def unwanted_in(modules: list[str], unwanted: tuple[str, ...]) -> list[str]:
    return [
        name
        for name in modules
        for prefix in unwanted
        if name == prefix or name.startswith((f"{prefix}.", f"{prefix}_"))
    ]


def test_board_start_imports_only_what_the_first_screen_needs(
    elsewhere: Path, workspace: Path
) -> None:
    """The real command line opens the board (headless, 80x24); after it is mounted with the
    week's cards, nothing of the review, the palette, the web server, sync or Babel is loaded."""
    code = (
        "import asyncio, json, sys\n"
        "import textual.app\n"
        "def run(self, *args, **kwargs):\n"
        "    async def shown():\n"
        "        async with self.run_test(size=(80, 24)) as pilot:\n"
        "            await pilot.pause()\n"
        "            screen = self.export_screenshot()\n"
        "            print(json.dumps({'modules': sorted(sys.modules), 'screen': screen}))\n"
        "    asyncio.run(shown())\n"
        "textual.app.App.run = run\n"
        "from tui.cli import main\n"
        f"sys.exit(main(['--workspace', {str(workspace)!r}, '--today', '2026-11-26',"
        " '--profile', 'all']))\n"
    )
    # A state file of this week (as Ritmas writes it) is read too.
    (workspace / "state" / "2026-W48.json").write_text(
        json.dumps({"schema": 1, "period": "2026-W48", "occurrences": {"x": {"tally": 1}}})
    )
    # Past the first runs: counting the start hint writes user.toml (after the first screen, in
    # a worker), which is a write, not what the first screen needs.
    config = Path(os.environ["XDG_CONFIG_HOME"]) / "ritmas"
    config.mkdir(parents=True, exist_ok=True)
    (config / "user.toml").write_text("hints_shown = 3\n", encoding="utf-8")
    seen: dict[str, list[str]] = {}
    for start in ("first", "cached"):
        done = run_python(code, elsewhere)
        assert done.returncode == 0, done.stderr
        shown = json.loads(done.stdout.strip().splitlines()[-1])
        modules: list[str] = shown["modules"]
        assert "tui.ui.screens.board" in modules  # the board did open
        assert "Paruošti" in shown["screen"]  # with the week's cards
        unwanted = NOT_AT_BOARD_START if start == "first" else NOT_AT_CACHED_START
        assert unwanted_in(modules, unwanted) == [], start
        seen[start] = modules
    assert "pydantic" in seen["first"]  # no cache at first: validated (the check is real)


def test_list_json_with_a_current_cache_imports_no_pydantic(
    elsewhere: Path, small_workspace: Path
) -> None:
    code = (
        "import contextlib, io, sys\n"
        "from tui.cli import main\n"
        f"args = ['list', '--json', '--workspace', {str(small_workspace)!r}, '--profile', 'all']\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    assert main(args) == 0\n"
        "print(' '.join(sorted(sys.modules)))\n"
    )
    first, second = (run_python(code, elsewhere) for _ in range(2))
    assert first.returncode == second.returncode == 0, first.stderr + second.stderr
    assert "pydantic" in first.stdout.split()  # no cache yet: validated
    assert unwanted_in(second.stdout.split(), NOT_AT_CACHED_START) == []


def test_every_dataclass_has_a_docstring() -> None:
    """Without one, ``dataclasses`` makes one from ``inspect.signature`` at every start (~0.1 ms
    per class, 0.4 ms for the card), and the next engineer has nothing to read."""
    import ast

    missing = []
    for path in sorted(Path(tui.core.__file__).parent.parent.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.ClassDef):
                continue
            names = [
                ast.unparse(d.func if isinstance(d, ast.Call) else d) for d in node.decorator_list
            ]
            dataclass = any(n in ("dataclass", "value_class", "init_class") for n in names)
            if dataclass and ast.get_docstring(node) is None:
                missing.append(f"{path.name}:{node.lineno} {node.name}")
    assert missing == []
