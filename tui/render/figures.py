"""How a figure is written, the same on the screen, in text and in Markdown.

Percentages round half up (1 of 8 is 13 %, never 12 here and 13 there); bars and the sparkline
draw a share of 0–100 %, whatever the other values are.
"""

from __future__ import annotations

from collections.abc import Sequence

from tui.core.text import visible

SPARK = "▁▂▃▄▅▆▇█"
NO_FIGURE = "·"  # a sparkline point with no figure (nothing due, not tracked)
BAR_WIDTH = 10
DASH = "—"


def percent_value(fraction: float) -> int:
    """Whole percent, rounded half up (Python's round() would make 12.5 into 12)."""
    return int(fraction * 100 + 0.5)


def percent(fraction: float | None, lang: str = "en") -> str:
    """``13%`` / ``13 %`` (Lithuanian puts a space before the sign); ``—`` for no figure."""
    if fraction is None:
        return DASH
    value = percent_value(fraction)
    return f"{value} %" if lang == "lt" else f"{value}%"


def bar(fraction: float | None, width: int = BAR_WIDTH) -> str:
    """A bar of ``width`` cells, filled for the share done: 50 % is half of it."""
    filled = 0 if fraction is None else max(0, min(width, int(fraction * width + 0.5)))
    return "█" * filled + "░" * (width - filled)


def spark(fraction: float | None) -> str:
    """One sparkline cell on a fixed 0–100 % scale: ``▁`` for 0, ``█`` for 100 %."""
    if fraction is None:
        return NO_FIGURE
    share = max(0.0, min(1.0, fraction))
    return SPARK[int(share * (len(SPARK) - 1) + 0.5)]


def sparkline(fractions: Sequence[float | None]) -> str:
    return "".join(spark(f) for f in fractions)


def wanted(times: tuple[int, int]) -> str:
    """``2`` or ``2–3``: how many times a period asks for."""
    low, high = times
    return str(low) if low == high else f"{low}–{high}"


def tally(count: int, times: tuple[int, int]) -> str:
    """A tally card's count against its cadence: ``1/2–3×``."""
    return f"{count}/{wanted(times)}×"


def week_label(week_key: str) -> str:
    """``W02`` for ``2026-W02``."""
    return week_key.split("-", 1)[1] if "-" in week_key else week_key


def trend_labels(points: Sequence[tuple[str, float | None]], lang: str = "en") -> list[str]:
    """``W02 78%`` per week, ``W01 —`` where there is no figure: a week and its percent always
    stay together, so no two numbers can be read as one."""
    return [f"{week_label(week)} {percent(fraction, lang)}" for week, fraction in points]


def count(value: float, lang: str = "en") -> str:
    """A count in card units: ``5``, or ``4.71`` where a daily task's days make a share of one
    (``4,71`` in Lithuanian)."""
    rounded = round(value, 2)
    if rounded.is_integer():
        return str(int(rounded))
    text = f"{rounded:.2f}"
    return text.replace(".", ",") if lang == "lt" else text


def one_line(text: str) -> str:
    """The user's text on one line: line breaks become spaces, control characters show as
    ``\\x1b`` and never reach the terminal."""
    return visible(" ".join(text.split()))


def wrap_labels(labels: Sequence[str], width: int, sep: str = " · ") -> list[str]:
    """``labels`` joined by ``sep`` into lines of at most ``width`` characters, never breaking
    inside a label (so ``W09 24%`` never becomes ``W09`` at one line's end and ``24%`` below)."""
    lines: list[str] = []
    line = ""
    for label in labels:
        candidate = f"{line}{sep}{label}" if line else label
        if line and len(candidate) > width:
            lines.append(line + sep.rstrip())
            line = label
        else:
            line = candidate
    if line:
        lines.append(line)
    return lines
