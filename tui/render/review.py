"""The weekly review as plain text, Markdown (for GitHub and mail) and JSON, in LT or EN.

Rendering only: every figure comes from :func:`tui.core.review.build_review`, and is written by
:mod:`tui.render.figures`, as on the review screen.
"""

from __future__ import annotations

import json
from typing import Any

from tui.core.audience import ALL, tag_label
from tui.core.board import CardKind
from tui.core.outcome import Outcome
from tui.core.review import (
    REFLECTION_FIELDS,
    AreaSummary,
    Item,
    PersonSummary,
    Review,
    Unfinished,
    reflection_prompt,
)
from tui.core.state import Column, Reflection, shown_line
from tui.core.text import visible
from tui.i18n import t, tn
from tui.render.figures import (
    bar,
    count,
    one_line,
    percent,
    sparkline,
    tally,
    trend_labels,
    wrap_labels,
)


def load_text(cards: int, steps: int, lang: str) -> str:
    """``load: 1 card, 12 steps`` in each language's plural forms."""
    return t(
        "review.load",
        lang,
        cards=tn("count.cards", cards, lang),
        steps=tn("count.steps", steps, lang),
    )


def audience_text(review: Review, lang: str) -> str:
    if ALL in review.profile:
        return t("review.all_audiences", lang)
    return ", ".join(tag_label(tag, lang) for tag in sorted(review.profile))


# ---------------------------------------------------------------------------------------------
# Shared pieces


def item_rows(area: AreaSummary, lang: str) -> list[tuple[str, str, str, str]]:
    """(task, period, result, note) per card: a daily task's days are one row, ``days 5/7``."""
    groups: dict[tuple[str, bool, str], list[Item]] = {}
    for item in area.items:
        key = (item.task_id or item.title, item.floating, item.period if item.floating else "")
        groups.setdefault(key, []).append(item)
    days = {d.task_id: d for d in area.days}
    rows = []
    for items in groups.values():
        first = items[0]
        found = days.get(first.task_id or "") if first.daily else None
        if found is not None:
            result = t("card.days", lang, done=found.kept, due=found.due)
            others = [(o, sum(1 for i in items if i.outcome is o)) for o in Outcome]
            details = ", ".join(
                f"{t(f'review.outcome_{o}', lang)} {n}"
                for o, n in others
                if n and o is not Outcome.DONE
            )
            result += f" ({details})" if details else ""
        else:
            result = t(f"review.outcome_{first.outcome}", lang)
            if first.times[1] > 1:
                result += f" ({tally(first.tally, first.times)})"
        period = first.period if len(items) == 1 else f"{items[0].period} – {items[-1].period}"
        notes = [
            (f"{i.period}: " if len(items) > 1 else "") + one_line(i.note) for i in items if i.note
        ]
        rows.append((first.title, period, result, "; ".join(notes)))
    return rows


def _note_suffix(note: str, lang: str) -> str:
    return f" · {t('review.note', lang)}: {note}" if note else ""


def card_lines(area: AreaSummary, lang: str) -> list[str]:
    """One line per card of the area, its note beside it: ``Task (2026-W48): done · note: …``;
    the text review and the review screen both show these."""
    return [
        f"{visible(task)} ({period}): {result}{_note_suffix(note, lang)}"
        for task, period, result, note in item_rows(area, lang)
    ]


def unfinished_text(entry: Unfinished, lang: str, *, every_choice: bool = True) -> str:
    """An unfinished card with its state, its note and what can be done with it (without
    ``every_choice``, only when that is less than the heading says: drop only)."""
    card = entry.card
    column = t("review.doing", lang) if card.column is Column.DOING else t("review.todo", lang)
    if entry.carry_ref is not None:
        parts = [
            card.period,
            column if entry.outcome is Outcome.OPEN else t("review.outcome_missed", lang),
        ]
    elif card.kind is CardKind.CARRIED:
        parts = [t("review.carried_from", lang, period=card.period), column]
    else:
        parts = [t("review.added_in", lang, period=card.period), column]
    if card.steps:
        parts.append(t("review.steps_progress", lang, done=card.steps_done, total=len(card.steps)))
    choice = t("review.carry_or_drop", lang) if entry.can_carry else t("review.drop_only", lang)
    note = _note_suffix(one_line(card.note), lang)
    suffix = f" [{choice}]" if every_choice or not entry.can_carry else ""
    return f"{visible(card.title)} — {', '.join(parts)}{note}{suffix}"


def _area_line(area: AreaSummary, lang: str) -> str:
    return " · ".join(
        [
            t("review.done_of", lang, done=count(area.done, lang), due=area.due),
            f"{t('review.missed', lang).lower()} {count(area.missed, lang)}",
            f"{t('review.skipped', lang).lower()} {count(area.skipped, lang)}",
            f"{t('review.carried', lang).lower()} {count(area.carried, lang)}",
        ]
    )


def not_tracked_text(review: Review, lang: str) -> str:
    day = review.tracking_day.isoformat() if review.tracking_day else ""
    return t("review.not_tracked", lang, day=day)


def person_name(person: PersonSummary, lang: str) -> str:
    return person.name or t("review.nobody", lang)


def person_line(person: PersonSummary, lang: str) -> str:
    """``done 3 of 5`` and the completion, for one person."""
    done_of = t("review.done_of", lang, done=count(person.done, lang), due=person.due)
    return f"{bar(person.completion)} {percent(person.completion, lang):>5}  {done_of}"


def _header(review: Review, lang: str) -> tuple[str, str]:
    week = review.week
    title = f"{t('review.title', lang)}: {week.key}"
    sub = (
        f"{week.monday.isoformat()} – {week.sunday.isoformat()} · "
        f"{t('review.audience', lang)}: {audience_text(review, lang)} · "
        f"{t('review.as_of', lang)} {review.today.isoformat()}"
    )
    return title, sub


def _reflection_pairs(reflection: Reflection, lang: str) -> list[tuple[str, str]]:
    return [
        (reflection_prompt(name, lang), getattr(reflection, name)) for name in REFLECTION_FIELDS
    ]


def _trend_percents(review: Review, lang: str) -> str:
    return " · ".join(trend_labels([(p.week, p.fraction) for p in review.trend], lang))


# ---------------------------------------------------------------------------------------------
# Text


def render_text(review: Review, lang: str = "en") -> str:
    title, sub = _header(review, lang)
    out = [title, sub, ""]
    for _, reason in sorted(review.damaged.items()):
        out.append("! " + t("review.damaged", lang, reason=shown_line(reason, lang)))
    if review.damaged:
        out.append("")

    out.append(t("review.by_area", lang))
    if not review.tracked:
        out.append(f"  {not_tracked_text(review, lang)}")
    for area in [*review.areas, review.total] if review.tracked else []:
        name = area.title or t("review.total", lang)
        out.append(f"  {name}")
        out.append(
            f"    {bar(area.completion)} {percent(area.completion, lang):>5}  "
            f"{_area_line(area, lang)}"
        )
        out.append(f"    {load_text(area.cards, area.steps_done, lang)}")
        if area is review.total:
            continue
        out.extend(f"    - {line}" for line in card_lines(area, lang))
    out.append("")

    if review.people:
        out.append(t("review.by_person", lang))
        width = max(len(person_name(p, lang)) for p in review.people)
        for person in review.people:
            out.append(f"  {person_name(person, lang):<{width}}  {person_line(person, lang)}")
        out.append("")

    out.append(t("review.cadence_kept", lang))
    for entry in review.cadence or ():
        out.append(f"  {entry.title} — {entry.label(lang)}")
    if not review.cadence:
        out.append(f"  {t('review.none', lang)}")
    out.append("")

    first, last = review.trend[0].week, review.trend[-1].week
    out.append(f"{t('review.trend', lang)} ({first} – {last})")
    out.append(f"  {sparkline([p.fraction for p in review.trend])}")
    labels = trend_labels([(p.week, p.fraction) for p in review.trend], lang)
    out.extend(f"  {line}" for line in wrap_labels(labels, 76))
    out.append("")

    out.append(t("review.unfinished", lang))
    out.extend(f"  - {unfinished_text(e, lang)}" for e in review.unfinished)
    if not review.unfinished:
        out.append(f"  {t('review.none', lang)}")
    out.append("")

    nxt = review.next_week
    out.append(f"{t('review.next_week', lang)} ({nxt.week})")
    for opening in nxt.openings:
        out.append(f"  - {opening.title} — {opening.cadence_text(lang)} ({opening.period})")
    if nxt.daily:
        out.append(f"  - {t('review.daily', lang)}: {', '.join(o.title for o in nxt.daily)}")
    if not (nxt.openings or nxt.daily):
        out.append(f"  {t('review.none', lang)}")
    out.append("")

    for heading, reflection in (
        (f"{t('review.reflection', lang)} ({review.week.key})", review.reflection.this_week),
        (
            f"{t('review.previous_reflection', lang)} ({review.reflection.previous_week_key})",
            review.reflection.previous_week,
        ),
    ):
        out.append(heading)
        for prompt, text in _reflection_pairs(reflection, lang):
            out.append(f"  {prompt}")
            lines = text.strip().splitlines() or [t("review.empty", lang)]
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
    title, sub = _header(review, lang)
    out = [f"# {title}", "", sub, ""]
    for _, reason in sorted(review.damaged.items()):
        out.append(
            "> **" + _cell(t("review.damaged", lang, reason=shown_line(reason, lang))) + "**"
        )
    if review.damaged:
        out.append("")

    out += [f"## {t('review.by_area', lang)}", ""]
    if not review.tracked:
        out += [_cell(not_tracked_text(review, lang)), ""]
    heads = ["done", "due", "missed", "skipped", "carried", "completion", "cards", "steps"]
    if review.tracked:
        out.append(_row([t("review.area", lang), *(t("review." + h, lang) for h in heads)]))
        out.append("| --- |" + " ---: |" * len(heads))

    def figures(area: AreaSummary) -> list[str]:
        return [
            count(area.done, lang),
            str(area.due),
            count(area.missed, lang),
            count(area.skipped, lang),
            count(area.carried, lang),
            percent(area.completion, lang),
            str(area.cards),
            str(area.steps_done),
        ]

    for area in review.areas:
        out.append(_row([area.title, *figures(area)]))
    if review.tracked:
        total = figures(review.total)
        out.append(_row([f"**{t('review.total', lang)}**", *(f"**{f}**" for f in total)]))
        out.append("")

    if review.people:
        out += [f"## {t('review.by_person', lang)}", ""]
        out.append(
            _row(
                [
                    t("review.person", lang),
                    t("review.done", lang),
                    t("review.due", lang),
                    t("review.completion", lang),
                ]
            )
        )
        out.append("| --- | ---: | ---: | ---: |")
        for person in review.people:
            name = person_name(person, lang)
            figures_ = [
                count(person.done, lang),
                str(person.due),
                percent(person.completion, lang),
            ]
            out.append(_row([name, *figures_]))
        out.append("")

    for area in review.areas:
        rows = item_rows(area, lang)
        out += [f"### {area.title}", ""]
        out.append(
            f"{bar(area.completion)} {percent(area.completion, lang)} · "
            f"{load_text(area.cards, area.steps_done, lang)}"
        )
        out.append("")
        if rows:
            noted = any(note for *_, note in rows)
            head = [t("review.task", lang), t("review.period", lang), t("review.result", lang)]
            out.append(_row([*head, t("review.note_head", lang)] if noted else head))
            out.append("| --- | --- | --- |" + (" --- |" if noted else ""))
            out.extend(_row(list(r) if noted else list(r[:3])) for r in rows)
            out.append("")

    out += [f"## {t('review.cadence_kept', lang)}", ""]
    if review.cadence:
        out.append(
            _row(
                [
                    t("review.task", lang),
                    t("review.cadence", lang),
                    t("review.kept", lang),
                    t("review.rate", lang),
                ]
            )
        )
        out.append("| --- | --- | ---: | ---: |")
        for entry in review.cadence:
            kept = entry.kept_text(lang)
            out.append(
                _row([entry.title, entry.cadence_text(lang), kept, percent(entry.ratio, lang)])
            )
    else:
        out.append(t("review.none", lang))
    out.append("")

    first, last = review.trend[0].week, review.trend[-1].week
    out += [f"## {t('review.trend', lang)}", ""]
    out.append(f"`{sparkline([p.fraction for p in review.trend])}` {first} – {last}")
    out.append("")
    out.append(_trend_percents(review, lang))
    out.append("")

    out += [f"## {t('review.unfinished', lang)}", ""]
    out.extend(f"- {unfinished_text(e, lang)}" for e in review.unfinished)
    if not review.unfinished:
        out.append(t("review.none", lang))
    out.append("")

    nxt = review.next_week
    out += [f"## {t('review.next_week', lang)} ({nxt.week})", ""]
    for opening in nxt.openings:
        out.append(f"- {opening.title} — {opening.cadence_text(lang)} ({opening.period})")
    if nxt.daily:
        out.append(f"- {t('review.daily', lang)}: {', '.join(o.title for o in nxt.daily)}")
    if not (nxt.openings or nxt.daily):
        out.append(t("review.none", lang))
    out.append("")

    for heading, reflection in (
        (f"## {t('review.reflection', lang)} ({review.week.key})", review.reflection.this_week),
        (
            f"### {t('review.previous_reflection', lang)} ({review.reflection.previous_week_key})",
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
                out.append(f"_{t('review.empty', lang)}_")
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
        "days": [
            {
                "task": d.task_id,
                "kept": d.kept,
                "due": d.due,
                "missed": d.missed,
                "skipped": d.skipped,
                "open": d.open,
                "share": d.share,
            }
            for d in area.days
        ],
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
                "note": i.note,
                "assignee": i.assignee,
            }
            for i in area.items
        ],
    }


def review_as_json(review: Review) -> dict[str, Any]:
    total = _area_json(review.total)
    del total["id"], total["title"], total["items"], total["days"]
    return {
        "week": review.week.key,
        "today": review.today.isoformat(),
        "tracked": review.tracked,
        "tracking_day": review.tracking_day.isoformat() if review.tracking_day else None,
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
                "note": u.card.note,
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
