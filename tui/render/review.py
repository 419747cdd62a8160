"""The weekly review as plain text, Markdown (for GitHub and mail) and JSON, in LT or EN.

Rendering only: every figure comes from :func:`tui.core.review.build_review`, and is written by
:mod:`tui.render.figures`, as on the review screen.
"""

from __future__ import annotations

import json
import textwrap
from collections.abc import Callable
from typing import Any

from tui.core.audience import ALL, tag_label
from tui.core.board import CardKind
from tui.core.outcome import Outcome
from tui.core.review import (
    REFLECTION_FIELDS,
    REFLECTION_PROMPTS,
    AreaSummary,
    Item,
    PersonSummary,
    Review,
    Unfinished,
)
from tui.core.state import Column, Reflection
from tui.render.figures import bar, percent, sparkline, tally, trend_labels

LABELS: dict[str, dict[str, str]] = {
    "en": {
        "title": "Weekly review",
        "audience": "Audience",
        "as_of": "as of",
        "all_audiences": "all audiences",
        "by_area": "By area",
        "area": "Area",
        "total": "Total",
        "done": "Done",
        "due": "Due",
        "missed": "Missed",
        "skipped": "Skipped",
        "carried": "Carried",
        "open": "Open",
        "completion": "Completion",
        "cards": "Cards",
        "steps": "Steps",
        "by_person": "By person",
        "person": "Person",
        "nobody": "(nobody)",
        "done_of": "done {done} of {due}",
        "load": "load: {cards} cards, {steps} steps",
        "task": "Task",
        "period": "Period",
        "result": "Result",
        "cadence_kept": "Cadence kept (last 12 periods)",
        "cadence": "Cadence",
        "kept": "Kept",
        "rate": "Rate",
        "kept_of": "{kept} of {counted} {unit}",
        "trend": "Trend: weekly completion",
        "unfinished": "Unfinished: carry or drop",
        "carry_or_drop": "carry or drop",
        "drop_only": "drop",
        "carried_from": "carried from {period}",
        "added_in": "added in {period}",
        "steps_progress": "{done}/{total} steps",
        "next_week": "Next week",
        "daily": "Daily",
        "reflection": "Reflection",
        "previous_reflection": "Last week's reflection",
        "empty": "(nothing written)",
        "none": "nothing",
        "damaged": "Left out, cannot be read: {reason}",
        "todo": "to do",
        "doing": "doing",
        "outcome_done": "done",
        "outcome_missed": "missed",
        "outcome_skipped": "skipped",
        "outcome_carried": "carried",
        "outcome_open": "open",
    },
    "lt": {
        "title": "Savaitės peržiūra",
        "audience": "Tinka kam",
        "as_of": "būsena",
        "all_audiences": "visiems",
        "by_area": "Pagal sritis",
        "area": "Sritis",
        "total": "Iš viso",
        "done": "Atlikta",
        "due": "Reikėjo",
        "missed": "Neatlikta",
        "skipped": "Praleista",
        "carried": "Perkelta",
        "open": "Atvira",
        "completion": "Įvykdymas",
        "cards": "Kortelės",
        "steps": "Žingsniai",
        "by_person": "Pagal žmones",
        "person": "Kas daro",
        "nobody": "(nepriskirta)",
        "done_of": "atlikta {done} iš {due}",
        "load": "krūvis: kortelių {cards}, žingsnių {steps}",
        "task": "Užduotis",
        "period": "Laikotarpis",
        "result": "Rezultatas",
        "cadence_kept": "Ritmo laikymasis (paskutiniai 12 laikotarpių)",
        "cadence": "Periodiškumas",
        "kept": "Laikytasi",
        "rate": "Dalis",
        "kept_of": "{kept} iš {counted} {unit}",
        "trend": "Tendencija: savaitės įvykdymas",
        "unfinished": "Nebaigta: perkelti ar atsisakyti",
        "carry_or_drop": "perkelti ar atsisakyti",
        "drop_only": "atsisakyti",
        "carried_from": "perkelta iš {period}",
        "added_in": "pridėta {period}",
        "steps_progress": "žingsnių {done}/{total}",
        "next_week": "Kita savaitė",
        "daily": "Kasdien",
        "reflection": "Refleksija",
        "previous_reflection": "Praėjusios savaitės refleksija",
        "empty": "(neužpildyta)",
        "none": "nieko",
        "damaged": "Praleista, nes neperskaitoma: {reason}",
        "todo": "daryti",
        "doing": "daroma",
        "outcome_done": "atlikta",
        "outcome_missed": "neatlikta",
        "outcome_skipped": "praleista",
        "outcome_carried": "perkelta",
        "outcome_open": "atvira",
    },
}


def _labels(lang: str) -> Callable[[str], str]:
    table = LABELS.get(lang, LABELS["en"])
    return lambda key: table[key]


def audience_text(review: Review, lang: str) -> str:
    if ALL in review.profile:
        return _labels(lang)("all_audiences")
    return ", ".join(tag_label(tag, lang) for tag in sorted(review.profile))


# ---------------------------------------------------------------------------------------------
# Shared pieces


def item_rows(area: AreaSummary, lang: str) -> list[tuple[str, str, str]]:
    """(task, period, result) per task: a daily task's days are one row."""
    t = _labels(lang)
    groups: dict[tuple[str, bool, str], list[Item]] = {}
    for item in area.items:
        key = (item.task_id or item.title, item.floating, item.period if item.floating else "")
        groups.setdefault(key, []).append(item)
    rows = []
    for items in groups.values():
        first = items[0]
        if len(items) == 1:
            result = t(f"outcome_{first.outcome}")
            if first.times[1] > 1:
                result += f" ({tally(first.tally, first.times)})"
            period = first.period
        else:
            counts = [(o, sum(1 for i in items if i.outcome is o)) for o in Outcome]
            result = ", ".join(f"{t(f'outcome_{o}')} {n}" for o, n in counts if n)
            period = f"{items[0].period} – {items[-1].period}"
        rows.append((first.title, period, result))
    return rows


def _unfinished_text(entry: Unfinished, lang: str) -> str:
    t = _labels(lang)
    card = entry.card
    column = t("doing") if card.column is Column.DOING else t("todo")
    if entry.carry_ref is not None:
        parts = [card.period, column if entry.outcome is Outcome.OPEN else t("outcome_missed")]
    elif card.kind is CardKind.CARRIED:
        parts = [t("carried_from").format(period=card.period), column]
    else:
        parts = [t("added_in").format(period=card.period), column]
    if card.steps:
        parts.append(t("steps_progress").format(done=card.steps_done, total=len(card.steps)))
    choice = t("carry_or_drop") if entry.can_carry else t("drop_only")
    return f"{card.title} — {', '.join(parts)} [{choice}]"


def _area_line(area: AreaSummary, lang: str) -> str:
    t = _labels(lang)
    return (
        f"{t('done_of').format(done=area.done, due=area.due)} · "
        f"{t('missed').lower()} {area.missed} · {t('skipped').lower()} {area.skipped} · "
        f"{t('carried').lower()} {area.carried}"
    )


def person_name(person: PersonSummary, lang: str) -> str:
    return person.name or _labels(lang)("nobody")


def person_line(person: PersonSummary, lang: str) -> str:
    """``done 3 of 5`` and the completion, for one person."""
    done_of = _labels(lang)("done_of").format(done=person.done, due=person.due)
    return f"{bar(person.completion)} {percent(person.completion, lang):>5}  {done_of}"


def _header(review: Review, lang: str) -> tuple[str, str]:
    t = _labels(lang)
    week = review.week
    title = f"{t('title')}: {week.key}"
    sub = (
        f"{week.monday.isoformat()} – {week.sunday.isoformat()} · "
        f"{t('audience')}: {audience_text(review, lang)} · {t('as_of')} {review.today.isoformat()}"
    )
    return title, sub


def _reflection_pairs(reflection: Reflection, lang: str) -> list[tuple[str, str]]:
    prompts = REFLECTION_PROMPTS.get(lang, REFLECTION_PROMPTS["en"])
    return [(prompts[name], getattr(reflection, name)) for name in REFLECTION_FIELDS]


def _trend_percents(review: Review, lang: str) -> str:
    return " · ".join(trend_labels([(p.week, p.fraction) for p in review.trend], lang))


# ---------------------------------------------------------------------------------------------
# Text


def render_text(review: Review, lang: str = "en") -> str:
    t = _labels(lang)
    title, sub = _header(review, lang)
    out = [title, sub, ""]
    for _, reason in sorted(review.damaged.items()):
        out.append("! " + t("damaged").format(reason=reason))
    if review.damaged:
        out.append("")

    out.append(t("by_area"))
    for area in [*review.areas, review.total]:
        name = area.title or t("total")
        out.append(f"  {name}")
        out.append(
            f"    {bar(area.completion)} {percent(area.completion, lang):>5}  "
            f"{_area_line(area, lang)}"
        )
        out.append(f"    {t('load').format(cards=area.cards, steps=area.steps_done)}")
        if area is review.total:
            continue
        for task, period, result in item_rows(area, lang):
            out.append(f"    - {task} ({period}): {result}")
    out.append("")

    if review.people:
        out.append(t("by_person"))
        width = max(len(person_name(p, lang)) for p in review.people)
        for person in review.people:
            out.append(f"  {person_name(person, lang):<{width}}  {person_line(person, lang)}")
        out.append("")

    out.append(t("cadence_kept"))
    for entry in review.cadence or ():
        out.append(f"  {entry.title} — {entry.label(lang)}")
    if not review.cadence:
        out.append(f"  {t('none')}")
    out.append("")

    first, last = review.trend[0].week, review.trend[-1].week
    out.append(f"{t('trend')} ({first} – {last})")
    out.append(f"  {sparkline([p.fraction for p in review.trend])}")
    out.extend(
        textwrap.wrap(
            _trend_percents(review, lang),
            78,
            initial_indent="  ",
            subsequent_indent="  ",
            break_on_hyphens=False,
        )
    )
    out.append("")

    out.append(t("unfinished"))
    out.extend(f"  - {_unfinished_text(e, lang)}" for e in review.unfinished)
    if not review.unfinished:
        out.append(f"  {t('none')}")
    out.append("")

    nxt = review.next_week
    out.append(f"{t('next_week')} ({nxt.week})")
    for opening in nxt.openings:
        out.append(f"  - {opening.title} — {opening.cadence_text(lang)} ({opening.period})")
    if nxt.daily:
        out.append(f"  - {t('daily')}: {', '.join(o.title for o in nxt.daily)}")
    if not (nxt.openings or nxt.daily):
        out.append(f"  {t('none')}")
    out.append("")

    for heading, reflection in (
        (f"{t('reflection')} ({review.week.key})", review.reflection.this_week),
        (
            f"{t('previous_reflection')} ({review.reflection.previous_week_key})",
            review.reflection.previous_week,
        ),
    ):
        out.append(heading)
        for prompt, text in _reflection_pairs(reflection, lang):
            out.append(f"  {prompt}")
            lines = text.strip().splitlines() or [t("empty")]
            out.extend(f"    {line}" for line in lines)
        out.append("")
    return "\n".join(out).rstrip() + "\n"


# ---------------------------------------------------------------------------------------------
# Markdown


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(_cell(c) for c in cells) + " |"


def render_markdown(review: Review, lang: str = "en") -> str:
    t = _labels(lang)
    title, sub = _header(review, lang)
    out = [f"# {title}", "", sub, ""]
    for _, reason in sorted(review.damaged.items()):
        out.append("> **" + _cell(t("damaged").format(reason=reason)) + "**")
    if review.damaged:
        out.append("")

    out += [f"## {t('by_area')}", ""]
    heads = ["done", "due", "missed", "skipped", "carried", "completion", "cards", "steps"]
    out.append(_row([t("area"), *(t(h) for h in heads)]))
    out.append("| --- |" + " ---: |" * len(heads))

    def figures(area: AreaSummary) -> list[str]:
        return [
            str(area.done),
            str(area.due),
            str(area.missed),
            str(area.skipped),
            str(area.carried),
            percent(area.completion, lang),
            str(area.cards),
            str(area.steps_done),
        ]

    for area in review.areas:
        out.append(_row([area.title, *figures(area)]))
    out.append(_row([f"**{t('total')}**", *(f"**{f}**" for f in figures(review.total))]))
    out.append("")

    if review.people:
        out += [f"## {t('by_person')}", ""]
        out.append(_row([t("person"), t("done"), t("due"), t("completion")]))
        out.append("| --- | ---: | ---: | ---: |")
        for person in review.people:
            name = person_name(person, lang)
            figures_ = [str(person.done), str(person.due), percent(person.completion, lang)]
            out.append(_row([name, *figures_]))
        out.append("")

    for area in review.areas:
        rows = item_rows(area, lang)
        out += [f"### {area.title}", ""]
        out.append(
            f"{bar(area.completion)} {percent(area.completion, lang)} · "
            f"{t('load').format(cards=area.cards, steps=area.steps_done)}"
        )
        out.append("")
        if rows:
            out.append(_row([t("task"), t("period"), t("result")]))
            out.append("| --- | --- | --- |")
            out.extend(_row(list(r)) for r in rows)
            out.append("")

    out += [f"## {t('cadence_kept')}", ""]
    if review.cadence:
        out.append(_row([t("task"), t("cadence"), t("kept"), t("rate")]))
        out.append("| --- | --- | ---: | ---: |")
        for entry in review.cadence:
            unit = entry.label(lang).rsplit(" ", 1)[-1]
            kept = t("kept_of").format(kept=entry.kept, counted=entry.counted, unit=unit)
            out.append(
                _row([entry.title, entry.cadence_text(lang), kept, percent(entry.ratio, lang)])
            )
    else:
        out.append(t("none"))
    out.append("")

    first, last = review.trend[0].week, review.trend[-1].week
    out += [f"## {t('trend')}", ""]
    out.append(f"`{sparkline([p.fraction for p in review.trend])}` {first} – {last}")
    out.append("")
    out.append(_trend_percents(review, lang))
    out.append("")

    out += [f"## {t('unfinished')}", ""]
    out.extend(f"- {_unfinished_text(e, lang)}" for e in review.unfinished)
    if not review.unfinished:
        out.append(t("none"))
    out.append("")

    nxt = review.next_week
    out += [f"## {t('next_week')} ({nxt.week})", ""]
    for opening in nxt.openings:
        out.append(f"- {opening.title} — {opening.cadence_text(lang)} ({opening.period})")
    if nxt.daily:
        out.append(f"- {t('daily')}: {', '.join(o.title for o in nxt.daily)}")
    if not (nxt.openings or nxt.daily):
        out.append(t("none"))
    out.append("")

    for heading, reflection in (
        (f"## {t('reflection')} ({review.week.key})", review.reflection.this_week),
        (
            f"### {t('previous_reflection')} ({review.reflection.previous_week_key})",
            review.reflection.previous_week,
        ),
    ):
        out += [heading, ""]
        for prompt, text in _reflection_pairs(reflection, lang):
            out.append(f"**{prompt}**")
            out.append("")
            lines = text.strip().splitlines()
            out.extend(f"> {line}" if line.strip() else ">" for line in lines)
            if not lines:
                out.append(f"_{t('empty')}_")
            out.append("")
    return "\n".join(out).rstrip() + "\n"


# ---------------------------------------------------------------------------------------------
# JSON


def _area_json(area: AreaSummary) -> dict[str, Any]:
    return {
        "id": area.id,
        "title": area.title,
        "done": area.done,
        "due": area.due,
        "missed": area.missed,
        "skipped": area.skipped,
        "carried": area.carried,
        "open": area.open,
        "completion": area.completion,
        "load": {"cards": area.cards, "steps_done": area.steps_done},
        "items": [
            {
                "title": i.title,
                "task": i.task_id,
                "period": i.period,
                "outcome": i.outcome.value,
                "floating": i.floating,
                "tally": i.tally,
                "times": list(i.times),
                "steps_done": i.steps_done,
                "steps_total": i.steps_total,
                "assignee": i.assignee,
            }
            for i in area.items
        ],
    }


def review_as_json(review: Review) -> dict[str, Any]:
    total = _area_json(review.total)
    del total["id"], total["title"], total["items"]
    return {
        "week": review.week.key,
        "today": review.today.isoformat(),
        "profile": sorted(review.profile),
        "areas": [_area_json(a) for a in review.areas],
        "total": total,
        "people": [
            {"name": p.name or None, "done": p.done, "due": p.due, "completion": p.completion}
            for p in review.people
        ],
        "cadence_kept": [
            {
                "task": c.task_id,
                "area": c.area,
                "title": c.title,
                "periodicity": c.periodicity,
                "cadence": c.cadence.as_json(),
                "kept": c.kept,
                "counted": c.counted,
                "unit": c.unit.value,
                "ratio": c.ratio,
            }
            for c in review.cadence
        ],
        "trend": [
            {"week": p.week, "done": p.done, "due": p.due, "completion": p.fraction}
            for p in review.trend
        ],
        "unfinished": [
            {
                "card": u.card.id,
                "title": u.card.title,
                "area": u.card.area,
                "period": u.card.period,
                "column": u.card.column.value,
                "outcome": u.outcome.value,
                "can_carry": u.can_carry,
                "ref": {
                    "file": u.card.ref.file,
                    "section": u.card.ref.section,
                    "key": u.card.ref.key,
                },
            }
            for u in review.unfinished
        ],
        "next_week": {
            "week": review.next_week.week,
            "opens": [
                {
                    "task": o.task_id,
                    "area": o.area,
                    "title": o.title,
                    "period": o.period,
                    "periodicity": o.periodicity,
                }
                for o in review.next_week.openings
            ],
            "daily": [
                {"task": o.task_id, "area": o.area, "title": o.title}
                for o in review.next_week.daily
            ],
        },
        "reflection": {
            "week": review.reflection.week,
            "this_week": review.reflection.this_week.model_dump(),
            "previous_week": {
                "week": review.reflection.previous_week_key,
                **review.reflection.previous_week.model_dump(),
            },
        },
        "damaged": dict(sorted(review.damaged.items())),
    }


def render_json(review: Review) -> str:
    return json.dumps(review_as_json(review), indent=2, sort_keys=True, ensure_ascii=False) + "\n"
