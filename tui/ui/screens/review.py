"""The weekly review (``r``): what got done, what slipped, what comes next, and the reflection.

The screen is given a :class:`~tui.core.review.Review` and shows it, every figure written by
:mod:`tui.render` as the printed review writes it; decisions (carry or drop an unfinished card),
the reflection and week changes go up as messages for the app to apply. It opens at its top, and
``Home`` / ``End`` / ``PageUp`` / ``PageDown`` scroll it from anywhere (in a reflection box,
``Home`` and ``End`` still move the cursor).
"""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from tui.core.review import REFLECTION_FIELDS, Review, reflection_hint, reflection_prompt
from tui.core.state import Reflection
from tui.core.text import visible
from tui.i18n import day_span, t
from tui.render.figures import bar, count, percent, sparkline, trend_labels
from tui.render.review import (
    card_lines,
    load_text,
    not_tracked_text,
    person_line,
    person_name,
    unfinished_text,
)
from tui.ui.messages import ReviewDecision, ReviewWeek, SaveReflection, UndoRedo
from tui.ui.widgets.key_bar import KeyBar
from tui.ui.widgets.key_list import KeyList


class ReviewScreen(Screen[None]):
    DEFAULT_CSS = """
    ReviewScreen #review-header { height: 1; padding: 0 1; background: $panel; }
    ReviewScreen #review-body { height: 1fr; padding: 0 1; }
    ReviewScreen .section { text-style: bold underline; margin-top: 1; }
    ReviewScreen #trend { height: 1; }
    ReviewScreen #cards { margin-top: 1; }
    ReviewScreen #unfinished { height: auto; max-height: 10; width: 1fr; }
    ReviewScreen Input { margin: 0; }
    ReviewScreen .hint { color: $text-muted; }
    """

    BINDINGS = [
        Binding("escape", "close", "key.close", id="review_close"),
        Binding("q", "app.quit", "key.quit", id="review_quit", show=False),
        Binding("c", "decide('carry')", "key.carry", id="review_carry"),
        Binding("d", "decide('drop')", "key.drop", id="review_drop"),
        Binding("left_square_bracket", "week(-1)", "key.prev_week", id="review_prev_week"),
        Binding("right_square_bracket", "week(1)", "key.next_week", id="review_next_week"),
        Binding("u", "undo", "key.undo", id="review_undo", show=False),
        Binding("ctrl+r", "redo", "key.redo", id="review_redo", show=False),
        Binding("question_mark", "app.show_help", "key.help", id="review_help", show=False),
        # Priority: the list of unfinished cards would take these keys for itself.
        *(
            Binding(
                key,
                f"page('{where}')",
                f"key.{where}",
                id=f"review_{where}",
                show=False,
                priority=True,
            )
            for key, where in (
                ("home", "top"),
                ("end", "bottom"),
                ("pageup", "page_up"),
                ("pagedown", "page_down"),
            )
        ),
    ]

    def __init__(self, review: Review, lang: str) -> None:
        super().__init__()
        self.review = review
        self.lang = lang

    def compose(self) -> ComposeResult:
        yield Static(id="review-header")
        with VerticalScroll(id="review-body"):
            yield Static(t("review.by_area", self.lang), classes="section")
            yield Static(id="areas")
            yield Static(id="cards")
            # Shown once a counted card of the week has an assignee.
            yield Static(t("review.by_person", self.lang), classes="section", id="people-title")
            yield Static(id="people")
            yield Static(t("review.trend", self.lang), classes="section")
            yield Static(id="trend")
            yield Static(id="trend-text")
            yield Static(t("review.cadence_kept", self.lang), classes="section")
            yield Static(id="cadence")
            yield Static(t("review.unfinished", self.lang), classes="section")
            yield KeyList(id="unfinished")
            yield Static(t("review.next_week", self.lang), classes="section")
            yield Static(id="next")
            yield Static(t("review.reflection", self.lang), classes="section")
            for field in REFLECTION_FIELDS:
                prompt, hint = (
                    reflection_prompt(field, self.lang),
                    reflection_hint(field, self.lang),
                )
                yield Static(f"{prompt}  ({hint})", classes="hint")
                yield Input(id=f"reflect-{field}")
            yield Static(t("review.previous_reflection", self.lang), classes="section")
            yield Static(id="previous")
        yield KeyBar(t("key.palette", self.lang))

    def on_mount(self) -> None:
        self.show(self.review)
        self._to_top()

    def reopen(self, review: Review) -> None:
        """Open again (the app keeps this screen): ``review``, from the top."""
        self.show(review)
        self._to_top()

    def _to_top(self) -> None:
        # Open at the top ("By area"), not scrolled to the first focusable widget further down.
        body = self.query_one("#review-body", VerticalScroll)
        body.focus()
        body.scroll_home(animate=False)

    # -- showing a review -----------------------------------------------------------------------

    def show(self, review: Review) -> None:
        """Show ``review``; the reflection fields are refilled only when the week changed."""
        week_changed = review.week != self.review.week or not self.is_mounted
        shown_before = self.review.reflection.this_week
        self.review = review
        week = review.week
        self.query_one("#review-header", Static).update(
            Text.assemble(
                (f"{t('review.title', self.lang)} {week.key} ", "bold"),
                day_span(week.monday, week.sunday, self.lang),
            )
        )
        if review.tracked:
            self.query_one("#areas", Static).update(self._areas_table())
        else:
            self.query_one("#areas", Static).update(Text(not_tracked_text(review, self.lang)))
        self.query_one("#cards", Static).update(self._cards_text())
        self.query_one("#cards", Static).display = bool(review.areas)
        self.query_one("#people", Static).update(self._people_text())
        for widget_id in ("#people-title", "#people"):
            self.query_one(widget_id, Static).display = bool(review.people)
        points = [(point.week, point.fraction) for point in review.trend]
        first, last = review.trend[0].week, review.trend[-1].week
        self.query_one("#trend", Static).update(
            f"{sparkline([f for _, f in points])}  {first} – {last} (0–100 %)"
        )
        self.query_one("#trend-text", Static).update(" · ".join(trend_labels(points, self.lang)))
        self.query_one("#cadence", Static).update(self._cadence_text())
        self._show_unfinished()
        self.query_one("#next", Static).update(self._next_text())
        for field in REFLECTION_FIELDS:
            box = self.query_one(f"#reflect-{field}", Input)
            # Refill a box on a new week, or when another session saved an answer the owner
            # has not started to change here.
            if week_changed or box.value == visible(getattr(shown_before, field)):
                box.value = visible(getattr(review.reflection.this_week, field))
        self.query_one("#previous", Static).update(self._previous_text())

    def _areas_table(self) -> Table:
        # Headings are whole words in both languages ("Neatlikta", "Praleista"): one space
        # between columns and an area column that gives way first keep them whole at 80 columns.
        table = Table(box=None, padding=(0, 1), collapse_padding=True, show_edge=False)
        table.pad_edge = False
        area_width = 16 if self.app.size.width < 100 else 28
        table.add_column(t("review.area", self.lang), no_wrap=True, max_width=area_width)
        for key in ("done", "due", "missed", "skipped", "carried"):
            heading = t(f"review.{key}", self.lang)
            table.add_column(heading, justify="right", no_wrap=True, min_width=len(heading))
        table.add_column("%", justify="right", no_wrap=True)
        table.add_column("", no_wrap=True)
        rows = [(visible(area.title.split(" (", 1)[0]), area) for area in self.review.areas]
        rows.append((t("review.total", self.lang), self.review.total))
        for title, area in rows:
            fraction = area.completion
            table.add_row(
                Text(title),
                count(area.done, self.lang),
                str(area.due),
                count(area.missed, self.lang),
                count(area.skipped, self.lang),
                count(area.carried, self.lang),
                percent(fraction, self.lang),
                bar(fraction),
            )
        table.caption = load_text(self.review.total.cards, self.review.total.steps_done, self.lang)
        return table

    def _cards_text(self) -> Text:
        """Each area's cards with their outcome, days (``days 5/7``) and notes."""
        text = Text()
        for area in self.review.areas:
            if text:
                text.append("\n")
            text.append(area.title, style="bold")
            for line in card_lines(area, self.lang):
                text.append(f"\n  {line}")
        return text

    def _people_text(self) -> Text:
        """Done / due per person, as the text review writes it."""
        people = self.review.people
        width = max((len(person_name(p, self.lang)) for p in people), default=0)
        text = Text()
        for number, person in enumerate(people):
            if number:
                text.append("\n")
            style = "dim" if not person.name else ""
            text.append(f"{person_name(person, self.lang):<{width}}  ", style=style)
            text.append(person_line(person, self.lang))
        return text

    def _cadence_text(self) -> Text:
        text = Text()
        for number, kept in enumerate(self.review.cadence):
            if number:
                text.append("\n")
            style = "bold" if kept.ratio < 0.5 else ""
            text.append(visible(kept.title), style=style)
            text.append(f" — {kept.label(self.lang)}", style="dim")
        return text or Text(t("review.none", self.lang))

    def _show_unfinished(self) -> None:
        options = self.query_one("#unfinished", OptionList)
        highlighted = options.highlighted
        options.clear_options()
        for item in self.review.unfinished:
            # The heading says "carry or drop" once; a card says so only when it cannot carry.
            line = unfinished_text(item, self.lang, every_choice=False)
            options.add_option(Option(Text(line)))
        if self.review.unfinished:
            options.highlighted = min(highlighted or 0, len(self.review.unfinished) - 1)
        else:
            options.add_option(Option(Text(t("review.none", self.lang)), disabled=True))

    def _next_text(self) -> Text:
        text = Text()
        nxt = self.review.next_week
        for number, opening in enumerate(nxt.openings):
            if number:
                text.append("\n")
            text.append(visible(opening.title))
            text.append(f" ({opening.period})", style="dim")
        if nxt.daily:
            text.append(
                ("\n" if nxt.openings else "") + f"{t('review.daily', self.lang)}: ", style="bold"
            )
            text.append(", ".join(visible(o.title) for o in nxt.daily))
        return text or Text(t("review.none", self.lang))

    def _previous_text(self) -> Text:
        previous = self.review.reflection.previous_week
        text = Text(f"{self.review.reflection.previous_week_key}\n", style="dim")
        for field in REFLECTION_FIELDS:
            value = getattr(previous, field) or t("review.empty", self.lang)
            text.append(f"{reflection_prompt(field, self.lang)} ", style="bold")
            text.append(f"{visible(value, keep_lines=True)}\n")
        return text

    # -- intents ----------------------------------------------------------------------------------

    def _reflection(self) -> Reflection:
        base = self.review.reflection.this_week
        values = {}
        for field in REFLECTION_FIELDS:
            typed = self.query_one(f"#reflect-{field}", Input).value.strip()
            saved = getattr(base, field)
            # Shown with control characters made visible: left as shown, it keeps what is saved.
            values[field] = saved if typed == visible(saved).strip() else typed
        return Reflection(**values)

    def _save_reflection(self) -> None:
        base = self.review.reflection.this_week
        if self._reflection() != base:
            self.app.post_message(SaveReflection(self.review.week.key, self._reflection(), base))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self._save_reflection()
        self.focus_next()

    def on_input_blurred(self, event: Input.Blurred) -> None:
        self._save_reflection()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "decide":
            options = self.query_one("#unfinished", OptionList)
            if not options.has_focus or not self.review.unfinished:
                return False
            index = options.highlighted
            if index is None or index >= len(self.review.unfinished):
                return False
            return parameters[0] != "carry" or self.review.unfinished[index].can_carry
        return True

    def action_decide(self, decision: str) -> None:
        index = self.query_one("#unfinished", OptionList).highlighted
        if index is not None and index < len(self.review.unfinished):
            ref = self.review.unfinished[index].card.ref
            self.app.post_message(ReviewDecision(ref, decision))

    def action_page(self, where: str) -> None:
        """Scroll the review: ``top``, ``bottom``, ``page_up`` or ``page_down``."""
        focused = self.focused
        if isinstance(focused, Input) and where in ("top", "bottom"):
            # In a reflection box Home and End move the cursor, as in any text field.
            focused.action_home() if where == "top" else focused.action_end()
            return
        body = self.query_one("#review-body", VerticalScroll)
        if where == "top":
            body.scroll_home(animate=False)
        elif where == "bottom":
            body.scroll_end(animate=False)
        elif where == "page_up":
            body.scroll_page_up(animate=False)
        else:
            body.scroll_page_down(animate=False)

    def action_week(self, offset: int) -> None:
        self._save_reflection()
        self.app.post_message(ReviewWeek(offset))

    def action_undo(self) -> None:
        self.post_message(UndoRedo(redo=False))

    def action_redo(self) -> None:
        self.post_message(UndoRedo(redo=True))

    def action_close(self) -> None:
        self._save_reflection()
        self.dismiss(None)
