"""What both the state's plain classes (:mod:`tui.core.state`) and its Pydantic schema
(:mod:`tui.core.state_schema`) build on: the schema version and the columns."""

from __future__ import annotations

from enum import StrEnum

SCHEMA = 3  # the newest schema this Ritmas reads and writes


class Column(StrEnum):
    TODO = "todo"
    DOING = "doing"
    DONE = "done"
    SKIPPED = "skipped"


BOARD_COLUMNS = (Column.TODO, Column.DOING, Column.DONE)
