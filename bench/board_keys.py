"""How long a key action takes on a board of 10 and of 1,000 cards (same run, same machine).

Builds a workspace with a synthetic catalogue of N weekly tasks, opens the real app headless
(Textual's Pilot, 120x40), and times moving the focused card right and back (`L`, `H`), ticking
a step in the detail screen, and moving the focus (`j`). Prints the median per action.

Time is CPU time of the process (app and Pilot share it), from the key press until the app is
idle again with the screen redrawn, so Pilot's idle waits do not count; the write to disk's fsync
wait does not count either (it is I/O, not CPU).

    python bench/board_keys.py [--sizes 10,1000] [--repeat 30]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
from datetime import date
from pathlib import Path

from tui.core.session import Session
from tui.core.workspace import Workspace
from tui.ui.app import make_app

AREAS = ("marketingas", "gamyba", "aptarnavimas", "logistika", "valdymas", "hr", "it")


def synthetic_catalogue(tasks: int) -> str:
    lines: list[str] = []
    per_area = max(1, tasks // len(AREAS))
    made = 0
    for area in AREAS:
        lines += ["[[areas]]", f'id = "{area}"', f'title = "Sritis {area}"', ""]
        for n in range(per_area if area != AREAS[-1] else tasks - made):
            lines += [
                "[[areas.tasks]]",
                f'id = "{area}-task-{n}"',
                f'title = "Užduotis {n} srityje {area}"',
                'steps = ["Vienas", "Du", "Trys", "Keturi", "Penki"]',
                'cadence = { kind = "weekly" }',
                'fits = ["visi"]',
                "",
            ]
            made += 1
    return "\n".join(lines)


async def measure(tasks: int, repeat: int) -> dict[str, float]:
    root = Path(tempfile.mkdtemp(prefix=f"ritmas-bench-{tasks}-"))
    (root / "catalogue.toml").write_text(synthetic_catalogue(tasks), encoding="utf-8")
    (root / "state").mkdir()
    session = Session(Workspace(root), date(2026, 11, 26), profile=frozenset({"all"}))
    app = make_app(session, lang="en", watch=False)
    timings: dict[str, list[float]] = {"L (move right)": [], "H (move left)": [], "j (focus)": []}
    timings["space in detail (tick)"] = []
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        shown = len(app.board_screen.cards_shown)
        for _ in range(repeat):
            for key, label in (("L", "L (move right)"), ("H", "H (move left)")):
                start = time.process_time()
                await pilot.press(key)
                await pilot.pause()
                timings[label].append(time.process_time() - start)
            start = time.process_time()
            await pilot.press("j")
            await pilot.pause()
            timings["j (focus)"].append(time.process_time() - start)
            await pilot.press("k")
        await pilot.press("enter")
        await pilot.pause()
        for _ in range(repeat):
            start = time.process_time()
            await pilot.press("space")
            await pilot.pause()
            timings["space in detail (tick)"].append(time.process_time() - start)
    result = {label: statistics.median(values) * 1000 for label, values in timings.items()}
    result["cards shown"] = shown
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10,1000")
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    results = {size: asyncio.run(measure(size, args.repeat)) for size in sizes}
    labels = [label for label in results[sizes[0]] if label != "cards shown"]
    print(f"{'action (median ms)':28}" + "".join(f"{f'{s} cards':>14}" for s in sizes))
    for label in labels:
        print(f"{label:28}" + "".join(f"{results[s][label]:14.1f}" for s in sizes))
    if len(sizes) > 1:
        small, big = sizes[0], sizes[-1]
        for label in labels:
            ratio = results[big][label] / results[small][label]
            print(f"ratio {big}/{small} {label:20} {ratio:5.2f}x")


if __name__ == "__main__":
    main()
