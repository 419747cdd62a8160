"""Every speed target of Ritmas against a minimal Textual app (one Static + Footer), in one run.

Prints, for each target, the figure (median), the ratio to its reference and the target:

- launch -> this week's cards on screen, a real pty of 80x24 read with pyte (the first screen
  that shows a card title, not an empty frame), against the minimal app's first screen;
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
from datetime import date
from pathlib import Path

from board_keys import synthetic_catalogue
from review_10y import TODAY, build_workspace
from terminal import Run, run_in_terminal, run_to_exit

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

GROUPS = ("start", "cli", "memory", "keys", "review", "history", "big", "huge")
BOARD_KEYS = ("j", "k", "l", "h", "L", "H", "right_square_bracket", "left_square_bracket", "1", "0")
MB = 1 << 20


class Report:
    """Rows of the final table: what, figure, ratio, target, whether it is met."""

    def __init__(self) -> None:
        self.rows: list[tuple[str, str, str, str, str]] = []

    def add(self, what: str, figure: str, value: float, limit: float, unit: str = "x") -> None:
        shown = {"x": f"{value:.2f}x", "s": f"{value:.2f} s"}.get(unit, f"{value:.1f} {unit}")
        mark = "ok" if value <= limit else "MISSED"
        target = f"<= {limit:g}{unit}" if unit == "x" else f"<= {limit:g} {unit}"
        self.rows.append((what, figure, shown, target, mark))

    def note(self, what: str, figure: str) -> None:
        self.rows.append((what, figure, "", "", ""))

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
    folder = root / "history"
    facts = build_workspace(folder, years=10, seed=1)
    # The same catalogue as the empty workspace (the history needs only its start and settings).
    return folder, f"{facts['files']} state files, {facts['bytes'] / 1e6:.1f} MB"


def catalogue_workspace(root: Path, tasks: int) -> Path:
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


async def review_wall_ms(folder: Path, repeat: int) -> tuple[float, float]:
    """Wall ms from `r` until the review screen is shown and the app idle: the first time (its
    code imported then) and the median of later times."""
    from tui.core.session import Session
    from tui.core.workspace import Workspace
    from tui.ui.app import make_app

    session = Session(Workspace(folder), TODAY, profile=frozenset({"all"}))
    app = make_app(session, lang="en", watch=False)
    times: list[float] = []
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        board = app.screen
        for _ in range(repeat + 1):
            start = time.perf_counter()
            await pilot.press("r")
            while type(app.screen).__name__ != "ReviewScreen" or any(
                worker.is_running for worker in app.workers
            ):
                await pilot.pause(0.002)
            await pilot.pause()
            times.append(time.perf_counter() - start)
            await pilot.press("escape")
            while app.screen is not board:
                await pilot.pause(0.002)
            await pilot.pause()
    return times[0] * 1000, statistics.median(times[1:]) * 1000


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


def time_cli(
    ritmas: str, folder: Path, args: list[str], runs: int, env: dict[str, str]
) -> dict[str, float]:
    card = json.loads(
        subprocess.run(
            [ritmas, "list", "--json", "--workspace", str(folder), *args],
            env=env,
            capture_output=True,
            check=True,
        ).stdout
    )[0]["id"]
    result: dict[str, float] = {}
    for name, variants in cli_commands(card).items():
        times: list[float] = []
        for n in range(runs + 1):
            command = [ritmas, *variants[n % len(variants)], "--workspace", str(folder), *args]
            run = run_to_exit(command, env)
            if n:  # the first run fills the catalogue cache and the OS file cache
                times.append(run.seconds)
        result[name] = statistics.median(times)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="runs of each process (median)")
    parser.add_argument("--repeat", type=int, default=15, help="presses of each key (median)")
    parser.add_argument("--only", default=",".join(GROUPS), help="groups to measure")
    args = parser.parse_args()
    only = set(args.only.split(","))
    ritmas = shutil.which("ritmas", path=str(Path(sys.executable).parent)) or shutil.which("ritmas")
    if ritmas is None:
        sys.exit("bench/speed.py: install Ritmas first (pip install -e .)")
    print(f"Ritmas speed, {time.strftime('%Y-%m-%d %H:%M')}, load {os.getloadavg()[0]:.2f}, ")
    print(f"medians of {args.runs} processes / {args.repeat} key presses\n")
    report = Report()
    with tempfile.TemporaryDirectory(prefix="ritmas-speed-") as temp:
        root = Path(temp)
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
        flags = ["--today", TODAY.isoformat(), "--profile", "all"]
        minimal = root / "minimal.py"
        minimal.write_text(MINIMAL_APP.format(exit=False), encoding="utf-8")
        minimal_exit = root / "minimal_exit.py"
        minimal_exit.write_text(MINIMAL_APP.format(exit=True), encoding="utf-8")
        empty = empty_workspace(root)
        history: Path | None = None
        if only & {"history", "review"}:
            began = time.perf_counter()
            history, facts = history_workspace(root)
            built = time.perf_counter() - began
            report.note("10 years of state", f"{facts}, built in {built:.0f} s")

        def board(folder: Path) -> list[str]:
            return [ritmas, "--workspace", str(folder), *flags]

        def start_runs(programs: dict[str, tuple[list[str], str]], linger: float = 0) -> dict:
            """Interleaved, so each sees the same load and disk cache; one warm-up run each."""
            runs: dict[str, list[Run]] = {name: [] for name in programs}
            for n in range(args.runs + 1):
                for name, (command, marker) in programs.items():
                    run = run_in_terminal(command, env, marker=marker, linger=linger)
                    if n:
                        runs[name].append(run)
            return runs

        marker = first_card_words(ritmas, ["--workspace", str(empty), *flags], env)
        minimal_start = ([sys.executable, str(minimal)], "MINIMAL-READY")
        if "start" in only or "memory" in only:
            runs = start_runs(
                {"minimal": minimal_start, "board": (board(empty), marker)},
                linger=0.5 if "memory" in only else 0,
            )
            base, ours = median(runs["minimal"]), median(runs["board"])
            if "start" in only:
                report.add(
                    "launch -> cards on screen (80x24 pty)",
                    f"minimal {ms(base)}, ritmas {ms(ours)}",
                    ours / base,
                    1.3,
                )
            if "memory" in only:
                base_kib = statistics.median(run.peak_kib for run in runs["minimal"])
                ours_kib = statistics.median(run.peak_kib for run in runs["board"])
                report.add(
                    "peak memory of the board",
                    f"minimal {base_kib / 1024:.0f} MB, ritmas {ours_kib / 1024:.0f} MB",
                    ours_kib / base_kib,
                    1.4,
                )
        if "cli" in only:
            base_runs, list_runs = [], []
            command = [ritmas, "list", "--json", "--workspace", str(empty), *flags]
            for n in range(args.runs + 1):
                whole = run_in_terminal([sys.executable, str(minimal_exit)], env, marker=None)
                listing = run_to_exit(command, env)
                if n:
                    base_runs.append(whole)
                    list_runs.append(listing)
            base, ours = median(base_runs), median(list_runs)
            report.add(
                "`ritmas list --json`, whole process",
                f"minimal app {ms(base)}, list {ms(ours)}",
                ours / base,
                0.4,
            )
        if "keys" in only:
            small = catalogue_workspace(root, 10)
            large = catalogue_workspace(root, 1000)
            few = asyncio.run(key_cpu_ms(small, BOARD_KEYS, args.repeat))
            many = asyncio.run(key_cpu_ms(large, BOARD_KEYS, args.repeat))
            worst = max(BOARD_KEYS, key=lambda key: many[key])
            report.add(
                "key -> settled, 1,000 cards (worst key)",
                f"`{worst}` CPU {many[worst]:.1f} ms (10 cards: {few[worst]:.1f} ms)",
                many[worst],
                16,
                "ms",
            )
            ratios = {key: many[key] / few[key] for key in BOARD_KEYS}
            worst_ratio = max(ratios, key=lambda key: ratios[key])
            report.add(
                "key, 1,000 / 10 cards (worst key)",
                f"`{worst_ratio}` {many[worst_ratio]:.1f} / {few[worst_ratio]:.1f} ms",
                ratios[worst_ratio],
                1.5,
            )
            report.note(
                "  each key, 10 -> 1,000 cards (CPU ms)",
                ", ".join(f"{key[:5]} {few[key]:.1f}->{many[key]:.1f}" for key in BOARD_KEYS),
            )
        if "review" in only and history is not None:
            cold, warm = asyncio.run(review_wall_ms(history, max(3, args.runs)))
            report.add(
                "`r` -> review on screen, 10 years (first)", f"{cold:.0f} ms", cold, 150, "ms"
            )
            report.add(
                "`r` -> review on screen, 10 years (again)", f"{warm:.0f} ms", warm, 150, "ms"
            )
        if "history" in only and history is not None:
            runs = start_runs(
                {"empty": (board(empty), marker), "history": (board(history), marker)}
            )
            base, ours = median(runs["empty"]), median(runs["history"])
            report.add(
                "10 years vs empty: board start",
                f"empty {ms(base)}, 10 years {ms(ours)}",
                ours / base,
                1.1,
            )
            empty_cli = time_cli(ritmas, empty, flags, args.runs, env)
            history_cli = time_cli(ritmas, history, flags, args.runs, env)
            for name, base in empty_cli.items():
                ours = history_cli[name]
                report.add(
                    f"10 years vs empty: `ritmas {name}`",
                    f"empty {ms(base)}, 10 years {ms(ours)}",
                    ours / base,
                    1.1,
                )
        if "big" in only:
            folder = catalogue_workspace(root, 10_000)
            big_marker = first_card_words(ritmas, ["--workspace", str(folder), *flags], env)
            runs = start_runs({"big": (board(folder), big_marker)})
            report.add(
                "10,000 tasks: board start", ms(median(runs["big"])), median(runs["big"]), 1.5, "s"
            )
            big_cli = time_cli(ritmas, folder, flags, args.runs, env)
            name = max(big_cli, key=lambda key: big_cli[key])
            report.add(
                "10,000 tasks: slowest CLI command",
                f"`ritmas {name}` {ms(big_cli[name])}",
                big_cli[name],
                1,
                "s",
            )
        if "huge" in only:
            week_key = week_of(TODAY)
            folder = huge_card_workspace(root, week_key)
            # Area 1 holds the huge card, last of its To do: the focus goes there first.
            keys = ("k", "j", "L", "H", "enter", "escape", "right_square_bracket", "g")
            setup = ("1", *["j"] * 20)
            huge = asyncio.run(key_cpu_ms(folder, keys, max(3, args.repeat // 3), setup))
            worst = max(keys, key=lambda key: huge[key])
            report.add(
                "1 MB title and note: worst key (CPU)",
                f"`{worst}` {huge[worst]:.1f} ms; "
                + ", ".join(f"{key[:5]} {huge[key]:.1f}" for key in keys),
                huge[worst],
                50,
                "ms",
            )
    report.print()


def week_of(day: date) -> str:
    from tui.core.periods import week_containing

    return week_containing(day, 0).key


if __name__ == "__main__":
    main()
