"""What screens and widgets ask for. They post these; the app hands them to the controller
(``tui.core.controller``), which changes the view and has the change saved.

Each carries the id of the card it is about (see ``tui.core.board.Card.id``), never the store.
Messages are never compared: each has only its ``__init__`` and a repr (see ``init_class``).
"""

from __future__ import annotations

from textual.message import Message

from tui.core.refs import CardRef
from tui.core.state import Column, Reflection
from tui.core.values import init_class


@init_class
class MoveCard(Message):
    """Move a card to a column (``L``/``H``), or one column right (``column`` None: ``space``)."""

    card_id: str
    column: Column | None


@init_class
class TickStep(Message):
    """Tick or untick one step of a card's checklist."""

    card_id: str
    step: int  # 0-based


@init_class
class SetNote(Message):
    """Save a card's note."""

    card_id: str
    note: str


@init_class
class SkipCard(Message):
    """Skip a card this period (``x``)."""

    card_id: str


@init_class
class CarryCard(Message):
    """Carry a missed occurrence forward (``c``)."""

    card_id: str


@init_class
class AddCard(Message):
    """A new card: an as-needed task (``task_id``) or free text (``title``) in ``area``."""

    area: str
    title: str | None
    task_id: str | None


@init_class
class OpenCard(Message):
    """``enter``: show the card's detail."""

    card_id: str


@init_class
class ChooseArea(Message):
    """``0``-``9`` or a click on a tab: 0 is all areas, else the area's place from 1."""

    index: int


@init_class
class SearchFor(Message):
    """The search box's text as typed ("" clears the search)."""

    text: str


@init_class
class OpenWeek(Message):
    """``[`` / ``]`` / ``g``: step weeks (``offset``) or go to this week (``offset`` None)."""

    offset: int | None


@init_class
class UndoRedo(Message):
    """Undo the last change (``u``), or redo the last one undone (``ctrl+r``)."""

    redo: bool


@init_class
class ReviewWeek(Message):
    """``[`` / ``]`` inside the review."""

    offset: int


@init_class
class ReviewDecision(Message):
    """Carry or drop an unfinished card of the review, named by where its record lives (its
    place in the list can change when another session decides first)."""

    ref: CardRef
    decision: str  # "carry" or "drop"


@init_class
class SaveReflection(Message):
    """The reflection as typed; ``base`` is what was shown before the owner typed."""

    week: str
    reflection: Reflection
    base: Reflection


@init_class
class AskAssignee(Message):
    """``a``: ask who does the card (the app opens the dialog with the names in use)."""

    card_id: str


@init_class
class AskSendBack(Message):
    """``b``: ask what needs fixing on a done card, to send it back to doing."""

    card_id: str
