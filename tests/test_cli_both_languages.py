"""Every command's help, errors and output in one language: no word of the other one.

The words are those of the other catalogue (``.po``) that this one does not use (see
``test_screens_both_languages``); command names, option names, the values one types (``todo``,
``json``) and quoted input are names, not words.
"""

from __future__ import annotations

import contextlib
import re
from pathlib import Path

import pytest
from test_screens_both_languages import foreign_words, words

from tui.cli import main
from tui.commands import COMMAND_MODULES
from tui.core.workspace import init_workspace
from tui.i18n import LANGS

COMMANDS = [m.rsplit(".", 1)[1] for m in COMMAND_MODULES] + [
    "list",
    "move",
    "tick",
    "untick",
    "add",
]
COMMANDS += ["assign", "send-back", "catalogue check", "catalogue export"]
TYPED = {"todo", "doing", "done", "skipped", "json", "text", "markdown", "all", "mine"}
TYPED |= {"origin", "check", "export", "catalogue", "send", "back", "board", "init", "list"}
TYPED |= {
    "untick",
    "steps",
    "move",
    "tick",
    "add",
    "assign",
    "doctor",
    "review",
    "serve",
    "sync",
    "ritmas",
}
TYPED |= {"web", "user", "toml", "git", "pull", "http", "localhost", "host", "ssh"}

RUNS: list[tuple[str, ...]] = [
    ("--help",),
    *[(*c.split(), "--help") for c in sorted(set(COMMANDS))],
    ("bogus",),
    ("lst",),
    ("move",),
    ("move", "nope", "todo"),
    ("move", "nope", "nowhere"),
    ("tick", "tvarkyti-finansus", "99"),
    ("add",),
    ("add", "Kažkas"),
    ("add", "--task", "nope"),
    ("list", "--area", "nope"),
    ("list", "--who"),
    ("--today", "2026-13-01", "list"),
    ("--period", "xx", "list"),
    ("--profile", "nope", "list"),
    ("catalogue",),
    ("catalogue", "check"),
    ("send-back", "tvarkyti-finansus", "why"),
    ("serve", "--port", "x"),
    ("list",),
    ("list", "--steps", "--area", "5"),
    ("list", "--area", "9"),
    ("move", "tvarkyti-finansus", "atlikta"),
    ("tick", "tvarkyti-finansus", "1"),
    ("tick", "tvarkyti-finansus", "1"),
    ("untick", "tvarkyti-finansus", "1"),
    ("move", "tvarkyti-finansus", "doing"),
    ("review",),
    ("doctor",),
    ("doctor", "--repair"),
]


def shown_words(text: str) -> set[str]:
    text = re.sub(r"--[\w-]+|'[^']*'|\{[^}]*\}|\w+(?:\|[\w-]+)+|\$\w+|[\w.-]+\.\w+", " ", text)
    return words(text) - TYPED


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    root = tmp_path / "ws"
    init_workspace(root)
    state = root / "state"
    state.mkdir(exist_ok=True)
    (state / "2026-11.json").write_text("{bad json", encoding="utf-8")
    (state / "2026-W48.json.tmp-1").write_text("{}", encoding="utf-8")
    (state / "notes.txt").write_text("", encoding="utf-8")
    return root


@pytest.mark.parametrize("lang", LANGS)
def test_every_command_speaks_one_language(
    workspace: Path, lang: str, capsys: pytest.CaptureFixture[str]
) -> None:
    leaks: list[str] = []
    for args in RUNS:
        argv = ["--lang", lang, "--workspace", str(workspace), "--today", "2026-11-26", *args]
        with contextlib.suppress(SystemExit):  # --help
            main(argv)
        out, err = capsys.readouterr()
        assert out or err, f"{args} said nothing"
        leaked = sorted(shown_words(out + err) & foreign_words(lang))
        if leaked:
            leaks.append(f"ritmas {' '.join(args)}: {leaked}\n{out}{err}")
    assert leaks == [], "\n".join(leaks)


def test_the_language_comes_from_the_workspace_and_the_locale_too(
    workspace: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LC_ALL", "lt_LT.UTF-8")
    main(["--workspace", str(workspace), "move"])
    assert "trūksta būtinų argumentų" in capsys.readouterr().err
    (workspace / "ritmas.toml").write_text('lang = "en"\n', encoding="utf-8")
    main(["--workspace", str(workspace), "move"])
    assert "the following arguments are required" in capsys.readouterr().err


BAD_SETTINGS = [
    'week_start = "pirmadienis"\n',
    'profile = ["nope"]\n',
    'profile = "produktai"\n',
    "keys = 3\n",
    'started = "someday"\n',
    "theme = 3\n",
    'sync = "always"\n',
    'lnag = "lt"\nweek_start = "monday"\n',  # an unknown key: a warning, the command runs
    "[broken\n",
]


@pytest.mark.parametrize("lang", LANGS)
def test_settings_errors_and_warnings_speak_one_language(
    workspace: Path, lang: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """ritmas.toml's own errors (they were English in both languages)."""
    leaks: list[str] = []
    for text in BAD_SETTINGS:
        (workspace / "ritmas.toml").write_text(text, encoding="utf-8")
        main(["--lang", lang, "--workspace", str(workspace), "--today", "2026-11-26", "list"])
        _, err = capsys.readouterr()
        first = err.splitlines()[0] if err else ""
        assert "ritmas.toml:" in first, (text, err)
        leaked = sorted(shown_words(first) & foreign_words(lang))
        if leaked:
            leaks.append(f"{text!r}: {leaked}\n{first}")
        if lang == "lt":
            assert any(w in first for w in ("turi ", "nežinom", "nepavyko", "klaida")), first
    assert leaks == [], "\n".join(leaks)


BAD_CATALOGUE = """\
[[areas]]
id = "Bad Id"
title = "X"
[[areas.tasks]]
id = "t1"
title = "T"
steps = ["", "b"]
cadence = { kind = "weekly", times = [3, 2] }
fits = ["nope"]
extra = 1
[[areas.tasks]]
id = "t1"
title = 5
cadence = { kind = "rrule", rrule = "FREQ=HOURLY" }
[[areas.tasks]]
id = "t3"
title = "T3"
cadence = { kind = "sometimes", every = 0 }
"""


@pytest.mark.parametrize("lang", LANGS)
def test_catalogue_errors_speak_one_language(
    tmp_path: Path, lang: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """The catalogue's validation messages (they were English in both languages)."""
    path = tmp_path / "catalogue.toml"
    path.write_text(BAD_CATALOGUE, encoding="utf-8")
    assert main(["--lang", lang, "catalogue", "check", str(path)]) == 2
    err = capsys.readouterr().err
    assert len(err.splitlines()) >= 8, err
    assert sorted(shown_words(err) & foreign_words(lang)) == [], err
    if lang == "lt":
        assert "užduotis 't1'" in err and "laukas 'steps'" in err


@pytest.mark.parametrize("lang", LANGS)
def test_sync_and_date_errors_speak_one_language(
    workspace: Path, tmp_path: Path, lang: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """``ritmas sync`` and ``init DIR --git`` (they were English in both languages), Python's
    own date errors, and the board's sync notice."""
    from tui.commands.sync import sync_once

    full = tmp_path / "full"
    full.mkdir()
    (full / "notes.txt").write_text("mine", encoding="utf-8")
    runs = [
        ["--workspace", str(workspace), "sync"],
        ["init", str(full), "--git", str(tmp_path / "shared.git")],
        ["--workspace", str(workspace), "--today", "2026-02-30", "list"],
        ["--workspace", str(workspace), "--today", "2026-11-26", "--period", "2026-02-30", "list"],
    ]
    said: list[str] = []
    for args in runs:
        assert main(["--lang", lang, *args]) in (1, 2), args
        said.append(capsys.readouterr().err)
    went, line = sync_once(workspace, lang)
    assert not went
    said.append(line)
    leaks = [f"{sorted(shown_words(s) & foreign_words(lang))}: {s}" for s in said]
    assert [leak for leak in leaks if not leak.startswith("[]")] == []
    assert (full / "notes.txt").read_text(encoding="utf-8") == "mine"
    if lang == "lt":
        assert "ne git saugykla" in said[0] and "netuščias" in said[1], said
        assert "neturi 30-os dienos" in said[2] and "neturi 30-os dienos" in said[3], said
    else:
        assert "month 2026-02 has no day 30" in said[2], said
