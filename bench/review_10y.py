"""How long the weekly review takes on a workspace with 10 years of history.

Builds, in a temporary folder, a workspace with the shipped catalogue (its ``start`` set ten years
back) and a state file for every week, month, quarter and year of those ten years, with realistic
records: most occurrences done (with their history of moves and ticked steps), some skipped,
some missed, a few carried and done later, hand-added cards now and then (a few never finished,
so they float to this day), and a reflection in most weeks. Then it times ``build_review`` of
the last week: cold (a new Store, nothing parsed yet; the OS file cache is warm), with no review
cache (the first review after a change) and with it (``.ritmas-cache/review.json``: an unchanged
history), and warm (the same Store again, as the board's ``r`` finds it). Prints the median of
several runs.

    python bench/review_10y.py [--years 10] [--repeat 7] [--seed 1]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import date, datetime, timedelta
from datetime import time as clock_time
from pathlib import Path

from tui.core.board import build_board
from tui.core.cadence import slot_in_week
from tui.core.catalogue import CadenceKind, Catalogue, parse_catalogue
from tui.core.periods import Day, Period, Week, first_week, iter_weeks, last_week
from tui.core.review import Review, build_review
from tui.core.session import Session
from tui.core.state import Column, Move, PeriodState, Record, Reflection
from tui.core.workspace import Workspace, shipped_catalogue_text
from tui.render.review import render_markdown

TODAY = date(2026, 11, 27)  # a Friday
PROFILE = frozenset({"all"})


def stamp(day: date, hour: int) -> str:
    return datetime.combine(day, clock_time(hour, 0)).astimezone().isoformat(timespec="seconds")


def move(at: str, to: Column, source: Column | None = None) -> Move:
    return Move.model_validate({"at": at, "to": to, "from": source})


def done_record(rng: random.Random, day: date, steps: int, tally: int = 0) -> Record:
    return Record(
        column=Column.DONE,
        checked=list(range(steps)) if tally <= 1 else [],
        tally=tally,
        done_on=day.isoformat(),
        history=[
            move(stamp(day, 9), Column.DOING, Column.TODO),
            move(stamp(day, rng.randint(10, 17)), Column.DONE, Column.DOING),
        ],
    )


def outcome_record(
    rng: random.Random, days: list[date], steps: int, times: tuple[int, int]
) -> Record | None:
    """A realistic fate for one occurrence: mostly done, sometimes skipped, missed or begun."""
    roll = rng.random()
    day = rng.choice(days)
    if roll < 0.80:
        tally = rng.randint(times[0], times[1]) if times[1] > 1 else 0
        return done_record(rng, day, steps, tally)
    if roll < 0.85:
        return Record(column=Column.SKIPPED, history=[Move(at=stamp(day, 8), to=Column.SKIPPED)])
    if roll < 0.92 and steps:
        return Record(
            column=Column.DOING,
            checked=list(range(rng.randint(0, steps - 1))),
            history=[move(stamp(day, 9), Column.DOING, Column.TODO)],
        )
    return None  # untouched: derived as missed


def build_workspace(root: Path, years: int, seed: int) -> dict[str, int]:
    rng = random.Random(seed)
    last = Week.of(TODAY)
    start = last.shift(-52 * years)
    catalogue_text = f'start = "{start.key}"\n' + shipped_catalogue_text()
    (root / "state").mkdir(parents=True)
    (root / "catalogue.toml").write_text(catalogue_text, encoding="utf-8")
    (root / "ritmas.toml").write_text(f'started = "{start.key}"\n', encoding="utf-8")
    catalogue = parse_catalogue(catalogue_text)
    states: dict[str, PeriodState] = {}

    def state(key: str) -> PeriodState:
        return states.setdefault(key, PeriodState(period=key))

    long_periods: dict[str, tuple[Period, list[tuple[str, int, tuple[int, int]]]]] = {}
    card_no = 0
    for week in iter_weeks(start, last):
        current = week == last
        week_state = state(week.key)
        days = [d for d in week.days() if d <= TODAY]
        for _, task in catalogue.tasks():
            kind = task.cadence.kind
            if kind is CadenceKind.AS_NEEDED:
                continue
            slot = slot_in_week(task.cadence, week, start, TODAY)
            if slot is None:
                continue
            steps = len(task.steps)
            if kind is CadenceKind.DAILY:
                for day in slot.dates:
                    if day < TODAY and rng.random() < (0.85 if day.weekday() < 5 else 0.2):
                        key = f"{task.id}@{Day(day).key}"
                        week_state.occurrences[key] = done_record(rng, day, steps)
                continue
            if kind in (CadenceKind.WEEKLY, CadenceKind.RRULE):
                record = None if current else outcome_record(rng, days, steps, slot.times)
                if record is None and not current and rng.random() < 0.25:
                    # Missed, carried, and done a week or two later.
                    later = week.shift(rng.randint(1, 2)).monday
                    if later < TODAY:
                        record = done_record(rng, later, steps)
                        record.carried = True
                if record is not None:
                    week_state.occurrences[task.id] = record
                continue
            entry = long_periods.setdefault(slot.key, (slot.period, []))
            if (task.id, steps, slot.times) not in entry[1]:
                entry[1].append((task.id, steps, slot.times))
        # Hand-added cards: about one week in three; most done within three weeks.
        if rng.random() < 0.35 and not current:
            card_no += 1
            added = rng.choice(days)
            roll = rng.random()
            if roll < 0.9:
                record = done_record(rng, added + timedelta(days=rng.randint(0, 20)), 0)
            elif roll < 0.97:
                record = Record(
                    column=Column.SKIPPED, history=[Move(at=stamp(added, 12), to=Column.SKIPPED)]
                )
            else:
                record = Record(history=[Move(at=stamp(added, 12), to=Column.TODO)])
            if record.done_on and date.fromisoformat(record.done_on) > TODAY:
                record = Record(history=[Move(at=stamp(added, 12), to=Column.TODO)])
            record.title = f"Užduotis nr. {card_no}"
            record.area = rng.choice(catalogue.areas).id
            record.created = added.isoformat()
            week_state.cards[f"n{card_no:05d}"] = record
        if rng.random() < 0.6 and not current:
            week_state.review = Reflection(
                worked="Naujienlaiškis išėjo laiku.",
                repeat_change="Daugiau vaizdo įrašų.",
                focus="Ketvirčio ataskaita.",
            )
    for key, (period, tasks) in long_periods.items():
        if last_week(period) >= last:
            continue  # still open
        weeks = period.weeks()
        days = [d for w in weeks for d in w.days()]
        period_state = state(key)
        for task_id, steps, times in tasks:
            record = outcome_record(rng, days, steps, times)
            if record is not None:
                period_state.occurrences[task_id] = record
        assert first_week(period) <= weeks[-1]
    for key, period_state in states.items():
        (root / "state" / f"{key}.json").write_text(period_state.to_json(), encoding="utf-8")
    files = list((root / "state").glob("*.json"))
    # A history's files were written long ago: dated an hour back, so that the review cache keeps
    # what is counted from them (it keeps nothing counted from a file written seconds ago).
    then = time.time() - 3600
    for file in files:
        os.utime(file, (then, then))
    return {
        "weeks": sum(1 for _ in iter_weeks(start, last)),
        "files": len(files),
        "bytes": sum(f.stat().st_size for f in files),
        "cards": card_no,
    }


def median_ms(
    run: Callable[[], object], repeat: int, setup: Callable[[], object] | None = None
) -> float:
    times = []
    for _ in range(repeat):
        if setup is not None:
            setup()
        began = time.perf_counter()
        run()
        times.append((time.perf_counter() - began) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="ritmas-review-bench-") as folder:
        root = Path(folder) / "workspace"
        began = time.perf_counter()
        facts = build_workspace(root, args.years, args.seed)
        built_s = time.perf_counter() - began
        workspace = Workspace(root)
        catalogue: Catalogue = Session(workspace, TODAY).catalogue
        week = Week.of(TODAY)
        print(
            f"workspace: {args.years} years, {facts['weeks']} weeks, {facts['files']} state files "
            f"({facts['bytes'] / 1e6:.1f} MB), {facts['cards']} hand-added cards; "
            f"built in {built_s:.1f} s"
        )

        session: dict[str, Session] = {}

        def fresh() -> None:
            session["s"] = Session(workspace, TODAY, profile=PROFILE, catalogue=catalogue)

        def review() -> Review:
            return build_review(session["s"], week, TODAY, PROFILE)

        def fresh_uncached() -> None:
            fresh()
            (root / ".ritmas-cache" / "review.json").unlink(missing_ok=True)

        uncached = median_ms(review, args.repeat, setup=fresh_uncached)
        cold = median_ms(review, args.repeat, setup=fresh)
        fresh()
        review()
        warm = median_ms(review, args.repeat)

        def whole_command() -> object:
            s = Session(workspace, TODAY, profile=PROFILE)
            return render_markdown(build_review(s, week, TODAY, PROFILE), "en")

        command = median_ms(whole_command, args.repeat)

        def board() -> object:
            return build_board(session["s"].context, week, TODAY)

        board_cold = median_ms(board, args.repeat, setup=fresh)
        fresh()
        board()
        board_warm = median_ms(board, args.repeat)

        result = review()
        print(
            f"review of {week.key}: {len(result.areas)} areas, {len(result.cadence)} tasks' "
            f"cadence, {len(result.unfinished)} unfinished"
        )  # type: ignore[attr-defined]
        print(f"build_review, no review cache : {uncached:8.1f} ms  (median of {args.repeat})")
        print(f"build_review, cold store      : {cold:8.1f} ms  (review cache)")
        print(f"build_review, warm store      : {warm:8.1f} ms")
        print(f"session + review + markdown   : {command:8.1f} ms  (what `ritmas review` does)")
        print(f"build_board (reference), cold : {board_cold:8.1f} ms")
        print(f"build_board (reference), warm : {board_warm:8.1f} ms")


if __name__ == "__main__":
    main()
