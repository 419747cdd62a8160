"""Workspace settings (``ritmas.toml``): round trips, and one clear line for a bad file."""

from __future__ import annotations

import stat
from datetime import date
from pathlib import Path

import platformdirs
import pytest
from conftest import RunRitmas, hold_workspace_lock, release

from tui.core import settings as settings_module
from tui.core.session import Session
from tui.core.settings import (
    SETTINGS_FILE,
    Settings,
    SettingsError,
    UserSettings,
    change_settings,
    load_settings,
    load_user_settings,
    save_settings,
    save_user_settings,
    theme_to_use,
    update_user_settings,
    user_settings_path,
)
from tui.core.workspace import Workspace


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
        ('profile = ["produktai", "nope"]\n', "nope"),
        ('profile = "solo"\n', "profile"),
        ('lang = "de"\n', "lang"),
        ('week_start = "funday"\n', "week_start"),
        ("week_start = 1\n", "week_start"),
        ("keys = { quit = 1 }\n", "keys"),
        ("started = 2026\n", "started"),
        ("lang = \n", "TOML syntax error"),
    ],
    ids=[
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


# ---------------------------------------------------------------------------------------------
# Read-modify-write, warnings, and the person's own settings (user.toml)


def test_a_misspelled_key_is_a_one_line_warning_naming_file_and_line(root: Path) -> None:
    path = root / SETTINGS_FILE
    path.write_text('# mine\nlang = "lt"\nlnag = "en"\n', encoding="utf-8")
    settings = load_settings(root)
    assert settings.lang == "lt"
    (warning,) = settings.warnings
    assert warning.startswith(f"{path}:3: ") and "'lnag'" in warning and "'lang'" in warning
    assert "\n" not in warning


def test_the_cli_prints_the_warning_and_still_works(run_ritmas: RunRitmas, workspace: Path) -> None:
    (workspace / SETTINGS_FILE).write_text('profil = ["solo"]\n', encoding="utf-8")
    done = run_ritmas("--workspace", workspace, "--today", "2026-11-26", "list")
    assert done.returncode == 0, done.stderr
    (line,) = done.stderr_lines
    assert line.startswith("ritmas: warning: ") and "ritmas.toml:1" in line and "'profile'" in line


def test_a_change_keeps_comments_layout_and_keys_added_by_hand(root: Path) -> None:
    path = root / SETTINGS_FILE
    text = (
        "# Our shop's settings\n"
        'lang = "lt"   # we speak Lithuanian\n'
        "\n"
        "[keys]\n"
        'quit = "q,ctrl+q"  # both\n'
    )
    path.write_text(text, encoding="utf-8")
    change_settings(root, profile=frozenset({"solo", "produktai"}))
    after = path.read_text(encoding="utf-8")
    assert after.startswith('# Our shop\'s settings\nlang = "lt"   # we speak Lithuanian\n')
    assert 'quit = "q,ctrl+q"  # both' in after
    assert load_settings(root).profile == frozenset({"solo", "produktai"})


def test_the_profile_dialog_keeps_what_was_added_by_hand_meanwhile(
    small_workspace: Path,
) -> None:
    session = Session(Workspace(small_workspace), date(2026, 11, 26))
    assert session.needs_profile
    # While the first-run dialog is open, the owner adds a key map by hand.
    path = small_workspace / SETTINGS_FILE
    path.write_text('# by hand\n[keys]\nquit = "q,ctrl+q"\n', encoding="utf-8")
    session.update_settings(session.settings.with_profile(frozenset({"solo"})))
    saved = load_settings(small_workspace)
    assert saved.profile == frozenset({"solo"})
    assert saved.keys == {"quit": "q,ctrl+q"}
    assert path.read_text(encoding="utf-8").startswith("# by hand\n")


def test_a_settings_file_that_cannot_be_read_is_never_written_over(root: Path) -> None:
    path = root / SETTINGS_FILE
    path.write_text('lang = "lt"\nprofile = [\n', encoding="utf-8")
    before = path.read_bytes()
    with pytest.raises(SettingsError):
        change_settings(root, started="2026-11-26")
    assert path.read_bytes() == before


def test_a_settings_write_waits_for_the_workspace_lock(
    small_workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(settings_module, "LOCK_TIMEOUT_S", 0.2)
    holder = hold_workspace_lock(small_workspace / "state")
    try:
        with pytest.raises(OSError, match="locked by another session"):
            change_settings(small_workspace, lang="en")
    finally:
        release(holder)
    assert not (small_workspace / SETTINGS_FILE).exists()
    change_settings(small_workspace, lang="en")
    assert load_settings(small_workspace).lang == "en"


def test_user_settings_live_in_the_user_config_folder(
    tmp_path: Path, small_workspace: Path
) -> None:
    path = user_settings_path()
    assert path == Path(platformdirs.user_config_dir("ritmas")) / "user.toml"
    assert path.is_relative_to(tmp_path)  # conftest points XDG_CONFIG_HOME into tmp_path
    assert load_user_settings() == UserSettings()
    save_user_settings(UserSettings(theme="nord", name="Rūta", hints_shown=2))
    assert load_user_settings() == UserSettings(theme="nord", name="Rūta", hints_shown=2)
    update_user_settings(hints_shown=3)
    assert load_user_settings() == UserSettings(theme="nord", name="Rūta", hints_shown=3)
    assert not (small_workspace / SETTINGS_FILE).exists()  # nothing personal in the workspace


def test_a_theme_in_an_old_workspace_file_still_counts(root: Path) -> None:
    (root / SETTINGS_FILE).write_text('theme = "nord"\n', encoding="utf-8")
    old = load_settings(root)
    assert old.warnings == ()
    assert theme_to_use(old, UserSettings()) == "nord"
    assert theme_to_use(old, UserSettings(theme="gruvbox")) == "gruvbox"


def test_a_personal_key_in_the_workspace_says_where_it_belongs(root: Path) -> None:
    (root / SETTINGS_FILE).write_text('name = "Rūta"\n', encoding="utf-8")
    (warning,) = load_settings(root).warnings
    assert "personal setting" in warning and str(user_settings_path()) in warning


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("hints_shown = -1\n", "hints_shown"),
        ('hints_shown = "two"\n', "hints_shown"),
        ("name = 5\n", "name"),
        ("theme = 5\n", "theme"),
    ],
)
def test_bad_user_settings(text: str, fragment: str) -> None:
    path = user_settings_path()
    path.parent.mkdir(parents=True)
    path.write_text(text, encoding="utf-8")
    with pytest.raises(SettingsError) as caught:
        load_user_settings()
    assert str(caught.value).startswith(f"{path}:1: ") and fragment in str(caught.value)
