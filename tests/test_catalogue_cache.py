"""The compiled catalogue in ``.ritmas-cache/``: used only while the TOML file and Ritmas are the
same, rebuilt (and validated) when either changes or the cache is damaged, never failing a command.
"""

from __future__ import annotations

import json
import subprocess
import tomllib
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import SMALL_CATALOGUE, RunRitmas

import tui
from tui.core import catalogue_cache
from tui.core.catalogue import Catalogue, CatalogueError, load_catalogue
from tui.core.catalogue_cache import CACHE_FILE, load_catalogue_cached
from tui.core.workspace import CACHE_DIR

Loader = Callable[[], Catalogue]


@pytest.fixture
def validations(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """The catalogue files the Pydantic loader validated, in order."""
    seen: list[Path] = []

    def counting(path: Path) -> Catalogue:
        seen.append(path)
        return load_catalogue(path)

    monkeypatch.setattr(catalogue_cache, "load_catalogue", counting)
    return seen


def load(root: Path) -> Catalogue:
    return load_catalogue_cached(root / "catalogue.toml", root / CACHE_DIR)


def cache_of(root: Path) -> Path:
    return root / CACHE_DIR / CACHE_FILE


def header(root: Path) -> dict[str, object]:
    with cache_of(root).open("rb") as file:
        result: dict[str, object] = json.loads(file.readline())
    return result


def test_second_load_comes_from_the_cache(small_workspace: Path, validations: list[Path]) -> None:
    first = load(small_workspace)
    assert validations == [small_workspace / "catalogue.toml"]
    assert cache_of(small_workspace).is_file()
    second = load(small_workspace)
    assert len(validations) == 1  # not validated again
    assert second == first == load_catalogue(small_workspace / "catalogue.toml")
    # The folder ignores itself, whatever the workspace's own .gitignore says.
    assert (small_workspace / CACHE_DIR / ".gitignore").read_text().splitlines()[-1] == "*"


def test_edited_catalogue_is_rebuilt_and_validated(
    small_workspace: Path, validations: list[Path]
) -> None:
    path = small_workspace / "catalogue.toml"
    load(small_workspace)
    path.write_text(SMALL_CATALOGUE.replace('title = "Marketingas"', 'title = "Prekyba"'))
    areas = [area.title for area in load(small_workspace).areas]
    assert "Prekyba" in areas and "Marketingas" not in areas
    assert len(validations) == 2
    # An edit that breaks the file is reported as always, with its line, cache or not.
    path.write_text(SMALL_CATALOGUE.replace('kind = "weekly"', 'kind = "fortnightly"', 1))
    with pytest.raises(CatalogueError) as error:
        load(small_workspace)
    assert "unknown cadence kind 'fortnightly'" in error.value.lines[0]
    assert "Prekyba" in cache_of(small_workspace).read_text(encoding="utf-8")  # kept, unused


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: b"",
        lambda data: data[: len(data) // 2],  # torn write
        lambda data: data.replace(b"Marketingas", b"Pardavimaj"),  # payload changed, header not
        lambda data: b"not json at all\n{}",
        lambda data: data.split(b"\n", 1)[0] + b"\n[1, 2, 3]",
        lambda data: bytes(range(256)) * 10,
    ],
    ids=["empty", "torn", "altered", "garbage", "wrong shape", "binary"],
)
def test_damaged_cache_is_rebuilt(
    small_workspace: Path, validations: list[Path], damage: Callable[[bytes], bytes]
) -> None:
    expected = load(small_workspace)
    cache_of(small_workspace).write_bytes(damage(cache_of(small_workspace).read_bytes()))
    assert load(small_workspace) == expected
    assert len(validations) == 2  # validated again
    load(small_workspace)
    assert len(validations) == 2  # and the rebuilt cache is good


def test_cache_from_another_version_is_rebuilt(
    small_workspace: Path, validations: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    real = catalogue_cache.ritmas_version()
    monkeypatch.setattr(tui, "__version__", "0.0.1")
    load(small_workspace)
    assert header(small_workspace)["key"]["ritmas"] == "0.0.1"  # type: ignore[index]
    monkeypatch.setattr(tui, "__version__", real)
    load(small_workspace)
    assert len(validations) == 2
    assert header(small_workspace)["key"]["ritmas"] == real  # type: ignore[index]
    # A schema changed under the same version number (a development build) is another version.
    monkeypatch.setattr(catalogue_cache, "_SCHEMA", "another schema")
    load(small_workspace)
    assert len(validations) == 3


def test_cache_of_another_catalogue_is_not_used(small_workspace: Path, workspace: Path) -> None:
    """A cache copied from another workspace (a valid file, for other TOML) is not trusted."""
    load(workspace)
    (small_workspace / CACHE_DIR).mkdir()
    cache_of(small_workspace).write_bytes(cache_of(workspace).read_bytes())
    assert load(small_workspace) == load_catalogue(small_workspace / "catalogue.toml")


def test_no_cache_where_it_cannot_be_written(
    small_workspace: Path, validations: list[Path]
) -> None:
    (small_workspace / CACHE_DIR).write_text("a file where the folder should be")
    assert load(small_workspace) == load_catalogue(small_workspace / "catalogue.toml")
    assert load(small_workspace) == load_catalogue(small_workspace / "catalogue.toml")
    assert len(validations) == 2  # validated each time, and no error


def test_commands_use_and_survive_the_cache(small_workspace: Path, run_ritmas: RunRitmas) -> None:
    exported = run_ritmas("catalogue", "export", "--workspace", small_workspace)
    assert exported.returncode == 0, exported.stderr
    assert cache_of(small_workspace).is_file()
    again = run_ritmas("catalogue", "export", "--workspace", small_workspace)
    assert again.stdout == exported.stdout
    # Edited: the command shows the edit; broken: the usual one-line error, exit 2.
    path = small_workspace / "catalogue.toml"
    path.write_text(SMALL_CATALOGUE.replace('title = "Marketingas"', 'title = "Prekyba"'))
    edited = run_ritmas("catalogue", "export", "--workspace", small_workspace)
    assert '"Prekyba"' in edited.stdout and '"Marketingas"' not in edited.stdout
    path.write_text(SMALL_CATALOGUE.replace('kind = "weekly"', 'kind = "fortnightly"', 1))
    for command in (["catalogue", "check"], ["list"], ["doctor"]):
        broken = run_ritmas(*command, "--workspace", small_workspace, "--profile", "all")
        assert broken.returncode in (1, 2)
        assert "unknown cadence kind 'fortnightly'" in broken.stderr + broken.stdout
        assert "Traceback" not in broken.stderr


def test_init_makes_git_ignore_the_cache(tmp_path: Path, run_ritmas: RunRitmas) -> None:
    root = tmp_path / "shared"
    root.mkdir()
    (root / ".gitignore").write_text("*.bak")  # the user's own, without a final newline
    assert run_ritmas("init", root).returncode == 0
    assert (root / ".gitignore").read_text().splitlines() == ["*.bak", f"{CACHE_DIR}/"]
    assert run_ritmas("list", "--workspace", root, "--profile", "all").returncode == 0
    assert cache_of(root).is_file()
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    status = subprocess.run(
        ["git", "-C", str(root), "status", "--porcelain", "--untracked-files=all"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "catalogue.toml" in status and CACHE_DIR not in status
    fresh = tmp_path / "fresh"
    assert run_ritmas("init", fresh).returncode == 0
    assert f"{CACHE_DIR}/" in (fresh / ".gitignore").read_text().splitlines()


EVERY_FIELD = """\
start = "2026-W02"

[[areas]]
id = "rinka"
title = "Rinkodara"

[[areas.tasks]]
id = "irasas"
title = "Įrašas"
steps = ["Sukurti", "Paskelbti"]
cadence = { kind = "rrule", rrule = "FREQ=WEEKLY;BYDAY=MO,TH", times = [1, 2], every = 1 }
periodicity = "2 kartus per savaitę"
fits = ["paslaugos"]
notes = "Trumpai."
assignee = "Rasa"

[[areas.tasks]]
id = "ataskaita"
title = "Ataskaita"
cadence = { kind = "monthly", times = [1, 3], every = 2 }
"""


def test_every_field_of_the_catalogue_comes_back_from_the_cache(tmp_path: Path) -> None:
    """The cache is built from the classes' own fields; this catalogue sets each of them, so a
    field added to the schema (or to the plain classes) and not to this text fails here first."""
    from dataclasses import fields

    from tui.core import catalogue as plain
    from tui.core import catalogue_schema as schema

    toml = tomllib.loads(EVERY_FIELD)
    task = toml["areas"][0]["tasks"][0]
    for model, cls, written in [
        (schema.Task, plain.Task, task),
        (schema.Cadence, plain.Cadence, task["cadence"]),
        (schema.Area, plain.Area, toml["areas"][0]),
        (schema.Catalogue, plain.Catalogue, toml),
    ]:
        assert set(model.model_fields) == set(written) == {f.name for f in fields(cls)}
    (tmp_path / "catalogue.toml").write_text(EVERY_FIELD, encoding="utf-8")
    load(tmp_path)
    cached = load(tmp_path)
    validated = load_catalogue(tmp_path / "catalogue.toml")
    assert cached == validated
    assert validated.areas[0].tasks[0].assignee == "Rasa"  # every field set, none default
    assert cached.areas[0].tasks[0].notes == "Trumpai."
    cadence = cached.areas[0].tasks[0].cadence
    assert type(cadence.kind) is type(validated.areas[0].tasks[0].cadence.kind)
    assert cadence.times == (1, 2) and isinstance(cadence.times, tuple)
