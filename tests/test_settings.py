"""Workspace settings (``ritmas.toml``): round trips, and one clear line for a bad file."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from tui.core.settings import SETTINGS_FILE, Settings, SettingsError, load_settings, save_settings


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """An empty workspace folder."""
    folder = tmp_path / "workspace"
    folder.mkdir()
    return folder


@pytest.mark.parametrize(
    "settings",
    [
        Settings(),
        Settings(profile=frozenset({"produktai", "solo"}), lang="lt", week_start=6),
        Settings(profile=frozenset({"all"}), lang="en", theme="nord"),
        Settings(profile=frozenset(), week_start=3, started="2026-W48"),
        Settings(keys={"move_right": "L,shift+right", "quit": "q"}),
        Settings(
            profile=frozenset({"visi", "samdantys"}),
            lang="lt",
            theme="textual-dark",
            week_start=0,
            started="2026-W01",
            keys={"skip": "x"},
        ),
    ],
)
def test_round_trip(root: Path, settings: Settings) -> None:
    save_settings(root, settings)
    assert load_settings(root) == settings
    # Saving what was loaded changes nothing.
    first = (root / SETTINGS_FILE).read_text(encoding="utf-8")
    save_settings(root, load_settings(root))
    assert (root / SETTINGS_FILE).read_text(encoding="utf-8") == first


def test_missing_file_gives_defaults(root: Path) -> None:
    assert load_settings(root) == Settings()
    assert not (root / SETTINGS_FILE).exists()


def test_saved_file_is_readable_toml(root: Path) -> None:
    save_settings(root, Settings(profile=frozenset({"solo", "produktai"}), week_start=6))
    text = (root / SETTINGS_FILE).read_text(encoding="utf-8")
    assert 'week_start = "sunday"' in text
    assert text.index('"produktai"') < text.index('"solo"')  # the vocabulary's order
    assert [p.name for p in root.iterdir()] == [SETTINGS_FILE]  # no temporary file left


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ('colour = "red"\n', "colour"),
        ('profile = ["produktai", "nope"]\n', "nope"),
        ('profile = "solo"\n', "profile"),
        ('lang = "de"\n', "lang"),
        ('week_start = "funday"\n', "week_start"),
        ("week_start = 1\n", "week_start"),
        ("keys = { quit = 1 }\n", "keys"),
        ("started = 2026\n", "started"),
        ("lang = \n", "cannot read"),
    ],
    ids=[
        "unknown-key",
        "bad-tag",
        "profile-not-a-list",
        "bad-lang",
        "bad-week-start",
        "week-start-number",
        "key-not-text",
        "started-not-text",
        "toml-syntax",
    ],
)
def test_bad_settings(root: Path, text: str, fragment: str) -> None:
    path = root / SETTINGS_FILE
    path.write_text(text, encoding="utf-8")
    with pytest.raises(SettingsError) as caught:
        load_settings(root)
    message = str(caught.value)
    assert message.startswith(f"{path}:"), message
    assert fragment in message
    assert "\n" not in message


def test_settings_not_utf8(root: Path) -> None:
    path = root / SETTINGS_FILE
    path.write_bytes('lang = "ą"\n'.encode("cp1257"))
    with pytest.raises(SettingsError) as caught:
        load_settings(root)
    assert str(caught.value).startswith(f"{path}:")


@pytest.mark.parametrize(
    "text", ["theme = 5\n", 'started = "someday"\n'], ids=["theme-number", "started-not-a-week"]
)
def test_settings_values_are_checked_on_load(root: Path, text: str) -> None:
    (root / SETTINGS_FILE).write_text(text, encoding="utf-8")
    with pytest.raises(SettingsError):
        load_settings(root)


def test_saved_file_has_ordinary_permissions(root: Path) -> None:
    reference = root / "reference.txt"
    reference.write_text("x", encoding="utf-8")  # what the umask gives an ordinary file
    path = root / SETTINGS_FILE
    path.write_text("", encoding="utf-8")
    save_settings(root, Settings(lang="lt"))
    assert stat.S_IMODE(path.stat().st_mode) == stat.S_IMODE(reference.stat().st_mode)
