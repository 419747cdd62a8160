"""``ritmas review``: the weekly review of one week, as text, Markdown or JSON."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

from tui.core.session import Session
from tui.core.text import terminal_safe_json, visible
from tui.i18n import file_line, shown, t

if TYPE_CHECKING:
    from tui.commands.context import Context

FORMATS = ("text", "markdown", "json")


def register(command: Callable[[str, str], argparse.ArgumentParser], lang: str) -> None:
    sub = command("review", t("usage.review", lang))
    sub.add_argument("--format", choices=FORMATS, default="text", help=t("usage.format", lang))
    sub.set_defaults(handler=run)


def run(ctx: Context) -> int:
    # Imported here: every command (the board too) builds the parser that registers this one.
    from tui.core.review import CADENCE_PERIODS, TREND_WEEKS, build_review
    from tui.core.review_cache import cached_past, keep_past, output_key, past_key
    from tui.render.review import render_json, render_markdown, render_text

    session = Session(ctx.workspace(), ctx.today, profile=ctx.profile_override())
    week = ctx.week(session.settings)
    # --lang, else the workspace's setting, else the locale (Context only knows the first and last).
    lang = getattr(ctx.args, "lang", None) or session.settings.lang or ctx.lang
    store, fmt = session.store, ctx.args.format
    # Printed before with every state file as it is now: printed again, not counted again.
    window = (TREND_WEEKS, CADENCE_PERIODS)
    past = past_key(session.context, week, ctx.today, session.profile, window)
    key = output_key(past, fmt, lang)
    with store.steady():
        printed = cached_past(store, key)
    if isinstance(printed, str):
        sys.stdout.write(printed)
        return 0
    with store.recording() as footprint:
        review = build_review(session, week, ctx.today, session.profile)
    # Titles and notes are the user's text: no control character reaches the terminal.
    if fmt == "json":
        text = terminal_safe_json(render_json(review))
    elif fmt == "markdown":
        text = visible(render_markdown(review, lang), keep_lines=True)
    else:
        text = visible(render_text(review, lang), keep_lines=True)
    sys.stdout.write(text)
    if not review.damaged:  # a damaged file is said by every review that reads it
        keep_past(store, key, footprint, text)
    for _, reason in sorted(review.damaged.items()):
        line = t(
            "cli.review_incomplete", lang, week=week.key, reason=shown(file_line(reason), lang)
        )
        print(f"ritmas: {visible(line)}", file=sys.stderr)
    return 1 if review.damaged else 0
