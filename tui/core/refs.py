"""Where a card's record lives: the state file, the section of it, and the record's key.

An occurrence's key is its task id, or ``TASK@YYYY-MM-DD`` for a daily one (the days of one
week share the week's file). :class:`OccurrenceKey` is the one place that key is read or made.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from tui.core.values import value_class


class Section(StrEnum):
    """The two kinds of record in a state file."""

    OCCURRENCES = "occurrences"  # what the user did with a catalogue task's occurrence
    CARDS = "cards"  # hand-added cards (an as-needed task or free text)


class OccurrenceKeyError(ValueError):
    """Not an occurrence key (``TASK`` or ``TASK@YYYY-MM-DD``)."""


@value_class(order=True)
class OccurrenceKey:
    """An occurrence record's key: the task, and the day for a daily occurrence."""

    task: str
    day: date | None = None

    @classmethod
    def parse(cls, text: str) -> OccurrenceKey:
        task, sep, day = text.partition("@")
        if not task:
            raise OccurrenceKeyError(f"not an occurrence key: {text!r}")
        if not sep:
            return cls(task)
        try:
            return cls(task, date.fromisoformat(day))
        except ValueError:
            raise OccurrenceKeyError(f"not an occurrence key: {text!r}") from None

    @property
    def key(self) -> str:
        return f"{self.task}@{self.day.isoformat()}" if self.day else self.task

    def __str__(self) -> str:
        return self.key


@value_class
class CardRef:
    """Where a card's record lives: the state file's period key, its section and the record key."""

    file: str
    section: Section
    key: str

    def __post_init__(self) -> None:
        # Accept the plain word too (JSON, older callers); always hold the enum.
        object.__setattr__(self, "section", Section(self.section))

    @classmethod
    def of_occurrence(cls, file: str, key: OccurrenceKey) -> CardRef:
        return cls(file, Section.OCCURRENCES, key.key)

    @property
    def is_occurrence(self) -> bool:
        return self.section is Section.OCCURRENCES

    @property
    def occurrence(self) -> OccurrenceKey:
        """The parsed key of an occurrence record (not for hand-added cards)."""
        if not self.is_occurrence:
            raise ValueError(f"{self.key!r} is a hand-added card, not an occurrence")
        return OccurrenceKey.parse(self.key)
