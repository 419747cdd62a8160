"""What became of a change the user made: saved, waiting to be saved, or refused.

Values, not exceptions: the expected ways a save can go are returned to the controller, which
turns them into one line for the user; only programming errors raise.
"""

from __future__ import annotations

from tui.core.values import value_class


@value_class
class Saved:
    """The change is on disk."""


@value_class
class Queued:
    """The change is shown and kept in memory, and saved as soon as ``reason`` goes away
    (another session holds the workspace lock, the disk is full)."""

    reason: str


@value_class
class Refused:
    """The change was not made and nothing was written; ``reason`` is the line to show."""

    reason: str


SaveOutcome = Saved | Queued | Refused
