"""What a card says under its title: progress, tally, cadence, marks and audience."""

from __future__ import annotations

from tui.core.audience import EVERYONE, tag_label
from tui.core.board import Card, CardKind
from tui.core.cadence import describe_rrule
from tui.i18n import t
from tui.render.figures import tally


def card_meta(card: Card, lang: str, *, saving: bool = False) -> list[tuple[str, str]]:
    """The card's second line as (text, style-class) pieces, most important first: at 80×24
    a column has about 22 cells for it, and the marks must not be the part that is cut.
    ``saving``: a change of the card is not on disk yet."""
    parts: list[tuple[str, str]] = []
    if saving:
        parts.append((t("card.saving", lang), "warn"))
    if card.fixes_note:
        parts.append(("! " + t("card.needs_fixes", lang), "warn"))
    if card.assignee:
        parts.append((f"@{card.assignee}", "who"))
    if card.steps:
        parts.append((f"{card.steps_done}/{len(card.steps)}", "progress"))
    if card.days_due:
        parts.append((t("card.days", lang, done=len(card.days_done), due=len(card.days_due)), ""))
    if card.has_tally:
        parts.append((tally(card.tally, card.times), "tally"))
    if card.missed:
        parts.append(("! " + t("card.missed", lang), "warn"))
    if card.missed_in_row:
        parts.append(("! " + t("card.missed_row", lang, n=card.missed_in_row), "warn"))
    if card.carried_since:
        parts.append(("» " + t("card.carried", lang, since=card.carried_since), "warn"))
    elif card.carries_on:
        parts.append(("» " + t("card.carried_on", lang), "warn"))
    if not card.in_catalogue:
        parts.append((t("card.gone", lang), "warn"))
    if card.cadence is not None and card.cadence.rrule:
        parts.append((describe_rrule(card.cadence.rrule, lang), "dim"))
    elif card.cadence is not None:
        parts.append((t(f"cad.{card.cadence.kind.value}", lang), "dim"))
    elif card.kind is CardKind.ADDED:
        parts.append((t("card.free", lang), "dim"))
    tags = [tag_label(tag, lang) for tag in card.fits if tag != EVERYONE]
    if tags:
        parts.append((", ".join(tags), "dim"))
    return parts
