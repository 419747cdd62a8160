"""Every speed target of Ritmas against a minimal Textual app (one Static + Footer), in one run.

Prints, for each target, the figure (median), the ratio to its reference and the target:

- launch -> this week's cards on screen, a real pty of 80x24 read with pyte (the first screen
  that shows a card title, not an empty frame), against the minimal app's first screen; timed
  when the bytes that show it reach the terminal (pyte, a terminal written in Python, then takes
  ~1 ms per 2 KB to read them: its time, not the program's);
- ``ritmas list --json``, whole process, against the minimal app's whole process (launch, first
  screen, exit);
- peak memory of the board against the minimal app (``ru_maxrss``, both settled on screen);
- a key on the board -> screen settled, CPU ms (Pilot, headless), 10 and 1,000 cards in the week;
- ``r`` -> the review on screen with 10 years of state (wall ms);
- 10 years of state (~700 files) against an empty workspace: start and every CLI command;
- a catalogue of 10,000 tasks: board start and every CLI command (seconds);
- a card with a 1 MB title and a 1 MB note: keys on the board.

The machine is shared: run it when ``uptime`` shows a low load, and quote ratios from one run.

    python bench/speed.py [--runs 5] [--only start,cli,memory,keys,review,history,big,huge]
                          [--before REV]  (also measures git revision REV, in the same run)
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

from terminal import Run, keys_in_terminal, run_in_terminal, run_to_exit

MINIMAL_APP = """
from textual.app import App
from textual.widgets import Footer, Static


class Minimal(App):
    BINDINGS = [("q", "quit", "Quit")]

    def compose(self):
        yield Static("MINIMAL-READY")
        yield Footer()

    def on_ready(self):
        if {exit!r}:
            self.exit()


Minimal().run()
"""

TODAY = date(2026, 11, 27)  # a Friday, as in review_10y.py
REPO = Path(__file__).resolve().parent.parent
GROUPS = ("start", "cli", "memory", "keys", "review", "history", "big", "huge")
BOARD_KEYS = ("j", "k", "l", "h", "L", "H", "right_square_bracket", "left_square_bracket", "1", "0")
MB = 1 << 20


class Report:
    """Rows of the final table: what, figure, ratio, target, whether it is met."""

    def __init__(self) -> None:
        self.rows: list[tuple[str, str, str, str, str]] = []

    def add(
        self,
        what: str,
        figure: str,
        value: float,
        limit: float,
        unit: str = "x",
        before: float | None = None,
    ) -> None:
        def show(number: float) -> str:
            return {"x": f"{number:.2f}x", "s": f"{number:.2f} s"}.get(unit, f"{number:.1f} {unit}")

        shown = show(value) + (f" (before {show(before)})" if before is not None else "")
        mark = "ok" if value <= limit else "MISSED"
        target = f"<= {limit:g}{unit}" if unit == "x" else f"<= {limit:g} {unit}"
        self.rows.append((what, figure, shown, target, mark))

    def note(self, what: str, figure: str) -> None:
        self.rows.append((what, figure, "", "", ""))

    def markdown(self) -> None:
        print("| target | figures | ratio or time | target | |")
        print("|---|---|---|---|---|")
        for row in self.rows:
            print("| " + " | ".join(cell.replace("|", "/") for cell in row) + " |")

    def print(self) -> None:
        widths = [max(len(row[i]) for row in self.rows) for i in range(5)]
        for row in self.rows:
            print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)))


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms"


def median(runs: list[Run]) -> float:
    return statistics.median(run.seconds for run in runs)


def first_card_words(ritmas: str, args: list[str], env: dict[str, str]) -> str:
    """Two words of the first card of this week, as the board shows them at 80 columns."""
    done = subprocess.run(
        [ritmas, "list", "--json", *args], env=env, capture_output=True, text=True, check=True
    )
    title = json.loads(done.stdout)[0]["title"]
    return " ".join(title.split()[:2])


# ---------------------------------------------------------------------------------------------
# Workspaces


def empty_workspace(root: Path) -> Path:
    folder = root / "empty"
    (folder / "state").mkdir(parents=True)
    text = (Path(__file__).parent.parent / "tui" / "data" / "catalogue.toml").read_text("utf-8")
    (folder / "catalogue.toml").write_text(text, encoding="utf-8")
    return folder


def history_workspace(root: Path) -> tuple[Path, str]:
    from review_10y import TODAY as HISTORY_TODAY
    from review_10y import build_workspace

    assert HISTORY_TODAY == TODAY
    folder = root / "history"
    facts = build_workspace(folder, years=10, seed=1)
    # The same catalogue as the empty workspace (the history needs only its start and settings).
    return folder, f"{facts['files']} state files, {facts['bytes'] / 1e6:.1f} MB"


def catalogue_workspace(root: Path, tasks: int) -> Path:
    from board_keys import synthetic_catalogue

    folder = root / f"tasks-{tasks}"
    (folder / "state").mkdir(parents=True)
    (folder / "catalogue.toml").write_text(synthetic_catalogue(tasks), encoding="utf-8")
    return folder


def huge_card_workspace(root: Path, week_key: str) -> Path:
    """The shipped catalogue, and one hand-added card whose title and note are 1 MB each."""
    folder = empty_workspace(root / "huge")
    title = ("Labai ilgas pavadinimas su lietuviškomis raidėmis ąčęėįšųūž " * 20000)[:MB]
    record = {
        "title": title,
        "note": ("Pastaba " * (MB // 8))[:MB],
        "area": "marketingas",
        "created": TODAY.isoformat(),
        "column": "todo",
    }
    state = {"schema": 1, "period": week_key, "cards": {"n00001": record}}
    (folder / "state" / f"{week_key}.json").write_text(json.dumps(state), encoding="utf-8")
    return folder


# ---------------------------------------------------------------------------------------------
# Keys, in this process (Pilot, headless)


async def key_cpu_ms(
    folder: Path, keys: tuple[str, ...], repeat: int, setup: tuple[str, ...] = ()
) -> dict[str, float]:
    """CPU ms per key, from the press until the app is idle with the screen redrawn; ``setup``
    keys are pressed first, untimed."""
    from tui.core.session import Session
    from tui.core.workspace import Workspace
    from tui.ui.app import make_app

    session = Session(Workspace(folder), TODAY, profile=frozenset({"all"}))
    app = make_app(session, lang="en", watch=False)
    timings: dict[str, list[float]] = {key: [] for key in keys}
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press(*setup)
        await pilot.pause()
        for _ in range(repeat):
            for key in keys:
                start = time.process_time()
                await pilot.press(key)
                await pilot.pause()
                timings[key].append(time.process_time() - start)
    return {key: statistics.median(values) * 1000 for key, values in timings.items()}


async def review_wall_ms(folder: Path, repeat: int) -> dict[str, float]:
    """Wall ms from `r` until the review screen is shown and the app idle: the first time (its
    code imported then) and the median of later times; and the CPU ms of the later times (the
    figure a loaded machine does not inflate)."""
    from tui.core.session import Session
    from tui.core.workspace import Workspace
    from tui.ui.app import make_app

    session = Session(Workspace(folder), TODAY, profile=frozenset({"all"}))
    app = make_app(session, lang="en", watch=False)
    times: list[float] = []
    cpu: list[float] = []
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        board = app.screen
        for _ in range(repeat + 1):
            start, start_cpu = time.perf_counter(), time.process_time()
            await pilot.press("r")
            # The review is built off the UI thread and pushed with its content.
            while type(app.screen).__name__ != "ReviewScreen":
                await pilot.pause(0.002)
            await pilot.pause()
            times.append(time.perf_counter() - start)
            cpu.append(time.process_time() - start_cpu)
            await pilot.press("escape")
            while app.screen is not board:
                await pilot.pause(0.002)
            await pilot.pause()
    return {
        "first": times[0] * 1000,
        "again": statistics.median(times[1:]) * 1000,
        "again, CPU": statistics.median(cpu[1:]) * 1000,
    }


# ---------------------------------------------------------------------------------------------


def cli_commands(card: str) -> dict[str, list[list[str]]]:
    """Every command that draws nothing; a move and a tick go there and back (two runs)."""
    return {
        "list": [["list"]],
        "list --json": [["list", "--json"]],
        "review": [["review"]],
        "review --format json": [["review", "--format", "json"]],
        "doctor": [["doctor"]],
        "catalogue check": [["catalogue", "check"]],
        "catalogue export": [["catalogue", "export"]],
        "move": [["move", card, "doing"], ["move", card, "todo"]],
        "tick": [["tick", card, "1"], ["tick", card, "1"]],
    }


def week_of(day: date) -> str:
    from tui.core.periods import week_containing

    return week_containing(day, 0).key


# ---------------------------------------------------------------------------------------------
# In-process groups run in a child process, so "before" (another checkout) can run them too.


def child(group: str, folder: Path, repeat: int) -> dict[str, float]:
    if group == "keys":
        return asyncio.run(key_cpu_ms(folder, BOARD_KEYS, repeat))
    if group == "huge":
        return asyncio.run(key_cpu_ms(folder, HUGE_KEYS, repeat, HUGE_SETUP))
    return asyncio.run(review_wall_ms(folder, repeat))


HUGE_KEYS = ("k", "j", "L", "H", "enter", "escape", "right_square_bracket", "g")
HUGE_SETUP = ("1", *["j"] * 20)  # area 1 holds the huge card, last of its To do


class Bench:
    """One run: the environment, the variants measured (this checkout, maybe an older one), and
    the report."""

    def __init__(self, args: argparse.Namespace, root: Path) -> None:
        self.args = args
        self.root = root
        self.report = Report()
        ritmas = shutil.which("ritmas", path=str(Path(sys.executable).parent))
        if ritmas is None:
            sys.exit("bench/speed.py: install Ritmas first (pip install -e .)")
        self.ritmas = ritmas
        env = {
            key: value
            for key, value in os.environ.items()
            if key not in ("PYTHONDONTWRITEBYTECODE", "RITMAS_WORKSPACE", "TEXTUAL_ANIMATIONS")
        }
        env |= {
            "TERM": "xterm-256color",
            "XDG_CONFIG_HOME": str(root / "config"),
            "XDG_DATA_HOME": str(root / "data"),
            "LANG": "en_US.UTF-8",
        }
        self.variants = {"now": env}
        if args.before:
            tree = root / "before"
            tree.mkdir()
            archive = subprocess.run(
                ["git", "-C", str(REPO), "archive", args.before, "tui"],
                capture_output=True,
                check=True,
            ).stdout
            subprocess.run(["tar", "-x", "-C", str(tree)], input=archive, check=True)
            # Found before the editable install (a meta path finder appended after PYTHONPATH).
            self.variants["before"] = env | {"PYTHONPATH": str(tree)}
        self.env = env
        self.flags = ["--today", TODAY.isoformat(), "--profile", "all"]
        minimal = root / "minimal.py"
        minimal.write_text(MINIMAL_APP.format(exit=False), encoding="utf-8")
        minimal_exit = root / "minimal_exit.py"
        minimal_exit.write_text(MINIMAL_APP.format(exit=True), encoding="utf-8")
        self.minimal = [sys.executable, str(minimal)]
        self.minimal_exit = [sys.executable, str(minimal_exit)]

    def own(self, folder: Path, variant: str) -> Path:
        """``folder`` as ``variant`` runs it: each variant has its own copy of a workspace, so the
        catalogue cache one version writes is not replaced by the other's (a user runs one)."""
        if variant == "now":
            return folder
        copy = folder.with_name(f"{folder.name}-{variant}")
        if not copy.exists():
            shutil.copytree(folder, copy, symlinks=True)
        return copy

    def board(self, folder: Path, variant: str = "now") -> list[str]:
        return [self.ritmas, "--workspace", str(self.own(folder, variant)), *self.flags]

    def figure(self, values: dict[str, float], show: Callable[[float], str]) -> str:
        now = show(values["now"])
        return f"{now} (before {show(values['before'])})" if "before" in values else now

    def starts(
        self,
        folder: Path,
        marker: str,
        linger: float = 0.0,
        minimal: bool = True,
        also: Path | None = None,
    ) -> dict[str, list[Run]]:
        """The minimal app and the board of each variant (and on ``also``, as "<variant> also"),
        interleaved so all see the same load and disk cache; one warm-up round first."""
        programs: dict[str, tuple[list[str], str, dict[str, str]]] = {}
        if minimal:
            programs["minimal"] = (self.minimal, "MINIMAL-READY", self.env)
        for name, env in self.variants.items():
            programs[name] = (self.board(folder, name), marker, env)
            if also is not None:
                programs[f"{name} also"] = (self.board(also, name), marker, env)
        runs: dict[str, list[Run]] = {name: [] for name in programs}
        for n in range(self.args.runs + 1):
            for name, (command, text, env) in programs.items():
                run = run_in_terminal(command, env, marker=text, linger=linger)
                if n:
                    runs[name].append(run)
        return runs

    def cli(
        self, folder: Path, runs: int, compared: tuple[str, ...] | None = None
    ) -> dict[str, dict]:
        """Median seconds of each command, per variant: {command: {variant: s}}; with
        ``compared``, only those commands are run in the other variants too."""
        card = json.loads(
            subprocess.run(
                [self.ritmas, "list", "--json", "--workspace", str(folder), *self.flags],
                env=self.env,
                capture_output=True,
                check=True,
            ).stdout
        )[0]["id"]
        out: dict[str, dict[str, float]] = {}
        for name, variants in cli_commands(card).items():
            chosen = {
                variant: env
                for variant, env in self.variants.items()
                if variant == "now" or compared is None or name in compared
            }
            times: dict[str, list[float]] = {variant: [] for variant in chosen}
            for n in range(runs + 1):
                for variant, env in chosen.items():
                    here = str(self.own(folder, variant))
                    args = [*variants[n % len(variants)], "--workspace", here, *self.flags]
                    run = run_to_exit([self.ritmas, *args], env)
                    if n:  # the first run fills the caches (catalogue, OS files)
                        times[variant].append(run.seconds)
            out[name] = {variant: statistics.median(ts) for variant, ts in times.items()}
        return out

    def cli_pair(self, first: Path, second: Path, runs: int) -> tuple[dict, dict]:
        """:meth:`cli` on two workspaces, each run of a command on one right after the other."""
        cards = [
            json.loads(
                subprocess.run(
                    [self.ritmas, "list", "--json", "--workspace", str(f), *self.flags],
                    env=self.env,
                    capture_output=True,
                    check=True,
                ).stdout
            )[0]["id"]
            for f in (first, second)
        ]
        out: tuple[dict[str, dict[str, float]], ...] = ({}, {})
        commands = [cli_commands(card) for card in cards]
        for name in commands[0]:
            times: list[dict[str, list[float]]] = [{v: [] for v in self.variants} for _ in cards]
            for n in range(runs + 1):
                for side, folder in enumerate((first, second)):
                    variants = commands[side][name]
                    for variant, env in self.variants.items():
                        here = str(self.own(folder, variant))
                        args = [*variants[n % len(variants)], "--workspace", here, *self.flags]
                        run = run_to_exit([self.ritmas, *args], env)
                        if n:
                            times[side][variant].append(run.seconds)
            for side in (0, 1):
                out[side][name] = {v: statistics.median(ts) for v, ts in times[side].items()}
        return out[0], out[1]

    def in_child(self, group: str, folder: Path, repeat: int) -> dict[str, dict[str, float]]:
        """{variant: figures} of an in-process group, each variant in a fresh process."""
        out = {}
        for variant, env in self.variants.items():
            done = subprocess.run(
                [
                    sys.executable,
                    __file__,
                    "--child",
                    group,
                    "--folder",
                    str(self.own(folder, variant)),
                    "--repeat",
                    str(repeat),
                ],
                env=env,
                capture_output=True,
                text=True,
                check=False,
            )
            if done.returncode:
                raise RuntimeError(f"{group} ({variant}): {done.stderr[-600:]}")
            out[variant] = json.loads(done.stdout.splitlines()[-1])
        return out

    # -- the groups --------------------------------------------------------------------------

    def start_and_memory(self, empty: Path, marker: str) -> None:
        memory = "memory" in self.args.only
        runs = self.starts(empty, marker, linger=0.5 if memory else 0)
        base = median(runs["minimal"])
        if "start" in self.args.only:
            ratios = {name: median(runs[name]) / base for name in self.variants}
            self.report.add(
                "launch -> cards on screen, 80x24 pty",
                f"minimal {ms(base)}, ritmas "
                + self.figure({n: median(runs[n]) for n in self.variants}, ms),
                ratios["now"],
                1.3,
                before=ratios.get("before"),
            )
        if memory:
            peak = {name: statistics.median(r.peak_kib for r in runs[name]) for name in runs}
            self.report.add(
                "peak memory of the board",
                f"minimal {peak['minimal'] / 1024:.0f} MB, ritmas "
                + self.figure({n: peak[n] for n in self.variants}, lambda k: f"{k / 1024:.0f} MB"),
                peak["now"] / peak["minimal"],
                1.4,
                before=peak["before"] / peak["minimal"] if "before" in peak else None,
            )

    def list_json(self, empty: Path) -> None:
        base_runs: list[Run] = []
        lists: dict[str, list[Run]] = {name: [] for name in self.variants}
        for n in range(self.args.runs + 1):
            whole = run_in_terminal(self.minimal_exit, self.env, marker=None)
            if n:
                base_runs.append(whole)
            for name, env in self.variants.items():
                here = str(self.own(empty, name))
                command = [self.ritmas, "list", "--json", "--workspace", here, *self.flags]
                run = run_to_exit(command, env)
                if n:
                    lists[name].append(run)
        base = median(base_runs)
        ours = {name: median(runs) for name, runs in lists.items()}
        self.report.add(
            "`ritmas list --json`, whole process",
            f"minimal app {ms(base)}, list {self.figure(ours, ms)}",
            ours["now"] / base,
            0.4,
            before=ours["before"] / base if "before" in ours else None,
        )

    def keys(self) -> None:
        small = catalogue_workspace(self.root, 10)
        large = catalogue_workspace(self.root, 1000)
        few = self.in_child("keys", small, self.args.repeat)
        many = self.in_child("keys", large, self.args.repeat)
        for variant in self.variants:
            tag = "" if variant == "now" else f" [{variant}]"
            f, m = few[variant], many[variant]
            worst = max(BOARD_KEYS, key=lambda key: m[key])
            self.report.add(
                f"key -> settled, 1,000 cards (worst key){tag}",
                f"`{worst}` CPU {m[worst]:.1f} ms (10 cards: {f[worst]:.1f} ms)",
                m[worst],
                16,
                "ms",
            )
            ratios = {key: m[key] / f[key] for key in BOARD_KEYS}
            worst = max(ratios, key=lambda key: ratios[key])
            self.report.add(
                f"key, 1,000 / 10 cards (worst key){tag}",
                f"`{worst}` {m[worst]:.1f} / {f[worst]:.1f} ms",
                ratios[worst],
                1.5,
            )
            self.report.note(
                f"  each key, 10 -> 1,000 cards (CPU ms){tag}",
                ", ".join(f"{key[:5]} {f[key]:.1f}->{m[key]:.1f}" for key in BOARD_KEYS),
            )

    def review(self, history: Path) -> None:
        result = self.in_child("review", history, max(3, self.args.runs))
        for label in ("first", "again", "again, CPU"):
            values = {variant: figures[label] for variant, figures in result.items()}
            self.report.add(
                f"`r` -> review on screen, 10 years ({label}, Pilot)",
                self.figure(values, lambda v: f"{v:.0f} ms"),
                values["now"],
                150,
                "ms",
            )
        # Pilot's "settled" waits in steps of 20 ms; a real terminal shows what a person waits.
        marker = first_card_words(self.ritmas, self.board(history)[1:], self.env)
        walls: dict[str, list[float]] = {}
        for variant, env in self.variants.items():
            walls[variant] = keys_in_terminal(
                self.board(history),
                env,
                ready=marker,
                key=b"r",
                shown="By area",
                back=b"\x1b",
                repeat=max(3, self.args.runs) + 1,
            )
        for label, pick in (
            ("first", lambda t: t[0]),
            ("again", lambda t: statistics.median(t[1:])),
        ):
            values = {variant: pick(times) * 1000 for variant, times in walls.items()}
            self.report.add(
                f"`r` -> review on screen, 10 years ({label}, 80x24 pty)",
                self.figure(values, lambda v: f"{v:.0f} ms"),
                values["now"],
                150,
                "ms",
            )

    def history(self, empty: Path, history: Path, marker: str) -> None:
        runs = self.starts(empty, marker, minimal=False, also=history)
        ratio = {n: median(runs[f"{n} also"]) / median(runs[n]) for n in self.variants}
        self.report.add(
            "10 years vs empty: board start",
            f"empty {ms(median(runs['now']))}, 10 years {ms(median(runs['now also']))}",
            ratio["now"],
            1.1,
            before=ratio.get("before"),
        )
        # Three times the runs: a command takes ~55 ms, and a 10 % ratio is ~5 ms, the size of
        # this machine's noise over a handful of runs.
        empty_cli, history_cli = self.cli_pair(empty, history, 3 * self.args.runs)
        for name, base in empty_cli.items():
            ours = history_cli[name]
            ratio = {n: ours[n] / base[n] for n in self.variants}
            self.report.add(
                f"10 years vs empty: `ritmas {name}`",
                f"empty {ms(base['now'])}, 10 years {ms(ours['now'])}",
                ratio["now"],
                1.1,
                before=ratio.get("before"),
            )

    def big(self) -> None:
        folder = catalogue_workspace(self.root, 10_000)
        marker = first_card_words(self.ritmas, ["--workspace", str(folder), *self.flags], self.env)
        runs = self.starts(folder, marker, minimal=False)
        values = {name: median(runs[name]) for name in self.variants}
        self.report.add(
            "10,000 tasks: board start",
            self.figure(values, ms),
            values["now"],
            1.5,
            "s",
        )
        # The old code took 10 s and more per command here: compared on two of them only.
        commands = self.cli(folder, max(1, self.args.runs // 2), ("list --json", "review"))
        name = max(commands, key=lambda key: commands[key]["now"])
        self.report.add(
            "10,000 tasks: slowest CLI command",
            f"`ritmas {name}` " + self.figure(commands[name], ms),
            commands[name]["now"],
            1,
            "s",
        )
        self.report.note(
            "  10,000 tasks, each command",
            ", ".join(f"{key} {self.figure(value, ms)}" for key, value in commands.items()),
        )

    def huge(self) -> None:
        folder = huge_card_workspace(self.root, week_of(TODAY))
        result = self.in_child("huge", folder, max(3, self.args.repeat // 3))
        for variant, figures in result.items():
            tag = "" if variant == "now" else f" [{variant}]"
            worst = max(HUGE_KEYS, key=lambda key: figures[key])
            self.report.add(
                f"1 MB title and note: worst key (CPU){tag}",
                f"`{worst}` {figures[worst]:.1f} ms; "
                + ", ".join(f"{key[:5]} {figures[key]:.1f}" for key in HUGE_KEYS),
                figures[worst],
                50,
                "ms",
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="runs of each process (median)")
    parser.add_argument("--repeat", type=int, default=15, help="presses of each key (median)")
    parser.add_argument("--only", default=",".join(GROUPS), help="groups to measure")
    parser.add_argument("--before", metavar="REV", help="also measure this git revision")
    parser.add_argument("--markdown", action="store_true", help="print the table as Markdown")
    parser.add_argument("--child", choices=("keys", "huge", "review"), help=argparse.SUPPRESS)
    parser.add_argument("--folder", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child, args.folder, args.repeat)))
        return
    args.only = set(args.only.split(","))
    print(
        f"Ritmas speed, {time.strftime('%Y-%m-%d %H:%M')}, load {os.getloadavg()[0]:.2f}, ", end=""
    )
    print(f"medians of {args.runs} processes / {args.repeat} key presses")
    if args.before:
        print(f"(before: {args.before})")
    with tempfile.TemporaryDirectory(prefix="ritmas-speed-") as temp:
        bench = Bench(args, Path(temp))
        only = args.only
        empty = empty_workspace(bench.root)
        marker = first_card_words(
            bench.ritmas, ["--workspace", str(empty), *bench.flags], bench.env
        )
        history: Path | None = None
        if only & {"history", "review"}:
            began = time.perf_counter()
            history, facts = history_workspace(bench.root)
            bench.report.note(
                "10 years of state", f"{facts}, built in {time.perf_counter() - began:.0f} s"
            )
        if only & {"start", "memory"}:
            bench.start_and_memory(empty, marker)
        if "cli" in only:
            bench.list_json(empty)
        if "keys" in only:
            bench.keys()
        # The history is written by this checkout, whose state files an older one may refuse
        # (schema 3 came in after 5086e64): those groups measure this checkout only.
        variants = bench.variants
        bench.variants = {"now": variants["now"]}
        if "review" in only and history is not None:
            bench.review(history)
        if "history" in only and history is not None:
            bench.history(empty, history, marker)
        bench.variants = variants
        if "big" in only:
            bench.big()
        if "huge" in only:
            bench.huge()
    print(f"load at the end {os.getloadavg()[0]:.2f}\n")
    bench.report.print()
    if args.markdown:
        print()
        bench.report.markdown()


if __name__ == "__main__":
    main()
