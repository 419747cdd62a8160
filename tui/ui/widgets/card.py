"""One card on the board: title, then a line of progress, cadence and marks."""

from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

from tui.core.audience import EVERYONE, tag_label
from tui.core.board import Card, CardKind
from tui.i18n import t


def card_meta(card: Card, lang: str) -> list[tuple[str, str]]:
    """The card's second line as (text, style-class) pieces."""
    parts: list[tuple[str, str]] = []
    if card.steps:
        parts.append((f"{card.steps_done}/{len(card.steps)}", "progress"))
    if card.days_due:
        parts.append((t("card.days", lang, done=len(card.days_done), due=len(card.days_due)), ""))
    if card.has_tally:
        low, high = card.times
        wanted = f"{low}" if low == high else f"{low}–{high}"
        parts.append((f"{card.tally}/{wanted}×", "tally"))
    if card.cadence is not None:
        parts.append((t(f"cad.{card.cadence.kind.value}", lang), "dim"))
    elif card.kind is CardKind.ADDED:
        parts.append((t("card.free", lang), "dim"))
    if card.missed:
        parts.append(("! " + t("card.missed", lang), "warn"))
    if card.missed_in_row:
        parts.append(("! " + t("card.missed_row", lang, n=card.missed_in_row), "warn"))
    if card.carried_since:
        parts.append(("» " + t("card.carried", lang, since=card.carried_since), "warn"))
    if not card.in_catalogue:
        parts.append((t("card.gone", lang), "warn"))
    tags = [tag_label(tag, lang) for tag in card.fits if tag != EVERYONE]
    if tags:
        parts.append((", ".join(tags), "dim"))
    return parts


class CardWidget(Widget, can_focus=True):
    """Shows a :class:`Card`. The board sets ``card``; the widget only renders it."""

    DEFAULT_CSS = """
    CardWidget {
        height: auto;
        padding: 0 1 0 0;
        margin: 0 0 1 0;
        border-left: blank;
    }
    CardWidget:focus {
        border-left: thick $accent;
        background: $boost;
        text-style: bold;
    }
    """

    card: reactive[Card | None] = reactive(None, layout=True)

    def __init__(self, card: Card, lang: str) -> None:
        super().__init__(id=widget_id(card.id))
        self.lang = lang
        self.set_reactive(CardWidget.card, card)

    def render(self) -> Text:
        card = self.card
        if card is None:
            return Text()
        text = Text(card.title)
        meta = card_meta(card, self.lang)
        if meta:
            text.append("\n")
            styles = {"progress": "", "tally": "", "dim": "dim", "warn": "italic", "": ""}
            for number, (piece, kind) in enumerate(meta):
                if number:
                    text.append(" · ", style="dim")
                text.append(piece, style=styles[kind])
        return text


def widget_id(card_id: str) -> str:
    """Card ids may hold ``@`` and ``.``; widget ids may not."""
    return "card-" + "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in card_id)
