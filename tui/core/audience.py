"""The audience ("tinka kam") vocabulary and the filter of tasks by a business profile."""

from __future__ import annotations

from collections.abc import Iterable

from tui.i18n import Msg, t

# The tag ids, in the order shown to users; their labels are the texts ``tag.<id>``.
TAGS: tuple[str, ...] = (
    "visi",
    "produktai",
    "paslaugos",
    "prekyba",
    "prenumeratos",
    "partnerystes",
    "solo",
    "samdantys",
)

EVERYONE = "visi"
ALL = "all"  # a profile that shows every task, whatever its tags


def tag_label(tag: str, lang: str) -> str:
    return t(f"tag.{tag}", lang) if tag in TAGS else tag


def parse_profile(text: str) -> frozenset[str]:
    """``"produktai,solo"`` -> tags; ``"all"`` -> ``{"all"}``. Raises ValueError on unknown tags."""
    parts = [p.strip() for p in text.split(",") if p.strip()]
    if not parts:
        raise ValueError(Msg("profile.empty"))
    if parts == [ALL]:
        return frozenset({ALL})
    unknown = [p for p in parts if p not in TAGS]
    if unknown:
        raise ValueError(Msg("profile.unknown", tag=repr(unknown[0]), known=", ".join(TAGS)))
    return frozenset(parts)


def fits(task_tags: Iterable[str], profile: frozenset[str]) -> bool:
    """Does a task with ``task_tags`` fit a business with ``profile``?

    A task with no tag, or tagged ``visi``, fits everyone; the profile ``all`` sees every task;
    otherwise a task fits when it shares a tag with the profile.
    """
    tags = set(task_tags)
    if not tags or EVERYONE in tags or ALL in profile:
        return True
    return bool(tags & profile)
