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
    from tui.core.review import build_review
    from tui.render.review import render_json, render_markdown, render_text

    session = Session(ctx.workspace(), ctx.today, profile=ctx.profile_override())
    week = ctx.week(session.settings)
    # --lang, else the workspace's setting, else the locale (Context only knows the first and last).
    lang = getattr(ctx.args, "lang", None) or session.settings.lang or ctx.lang
    review = build_review(session, week, ctx.today, session.profile)
    # Titles and notes are the user's text: no control character reaches the terminal.
    if ctx.args.format == "json":
        sys.stdout.write(terminal_safe_json(render_json(review)))
    elif ctx.args.format == "markdown":
        sys.stdout.write(visible(render_markdown(review, lang), keep_lines=True))
    else:
        sys.stdout.write(visible(render_text(review, lang), keep_lines=True))
    for _, reason in sorted(review.damaged.items()):
        line = t(
            "cli.review_incomplete", lang, week=week.key, reason=shown(file_line(reason), lang)
        )
        print(f"ritmas: {visible(line)}", file=sys.stderr)
    return 1 if review.damaged else 0
