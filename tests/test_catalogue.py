"""The catalogue loader: good TOML becomes models, bad TOML one clear line per problem."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import SMALL_COUNTS, line_of

from tui.core.catalogue import (
    DEFAULT_START,
    Cadence,
    CadenceKind,
    Catalogue,
    CatalogueError,
    load_catalogue,
    parse_catalogue,
)
from tui.core.periods import Week

NAME = "cat.toml"

# One area, two valid tasks; each bad case below breaks it in one place.
BASE = """\
[[areas]]
id = "prekyba"
title = "Prekyba"

[[areas.tasks]]
id = "savaites-irasas"
title = "Savaitės įrašas"
steps = ["Parašyti", "Paskelbti"]
periodicity = "2–3× per savaitę"
cadence = { kind = "weekly", times = [2, 3] }
fits = ["visi"]

[[areas.tasks]]
id = "menesio-ataskaita"
title = "Mėnesio ataskaita"
steps = []
cadence = { kind = "monthly" }
fits = ["solo"]
"""

SECOND_AREA = """
[[areas]]
id = "vadyba"
title = "Vadyba"

[[areas.tasks]]
id = "metu-planas"
title = "Metų planas"
cadence = { kind = "yearly" }
"""


def broken(*replacements: tuple[str, str], extra: str = "") -> str:
    text = BASE
    for old, new in replacements:
        assert old in text, old
        text = text.replace(old, new, 1)
    return text + extra


def errors_of(text: str) -> list[str]:
    with pytest.raises(CatalogueError) as caught:
        parse_catalogue(text, NAME)
    lines = caught.value.lines
    assert lines, "a CatalogueError with no message"
    assert str(caught.value) == "\n".join(lines)
    for line in lines:
        assert "\n" not in line
        assert line.startswith(NAME)
        assert "Traceback" not in line
    return lines


# --------------------------------------------------------------------------------------------
# Good catalogues


def test_small_catalogue_loads(small_catalogue_text: str) -> None:
    catalogue = parse_catalogue(small_catalogue_text, NAME)
    areas, tasks, steps = SMALL_COUNTS
    assert len(catalogue.areas) == areas
    assert len(catalogue.tasks()) == tasks
    assert catalogue.step_count == steps
    assert [a.id for a in catalogue.areas] == ["marketingas", "vadyba"]
    assert {task.cadence.kind for _, task in catalogue.tasks()} == set(CadenceKind)
    assert catalogue.start_week == Week(2026, 1)
    area, task = catalogue.task_index()["naujienlaiskis"]
    assert area.id == "marketingas"
    assert task.cadence == Cadence(kind=CadenceKind.MONTHLY, every=2)
    assert task.fits == ["produktai", "paslaugos"]
    assert task.periodicity == "kas antrą mėnesį"
    assert catalogue.area("vadyba") is not None
    assert catalogue.area("nera") is None


def test_defaults() -> None:
    catalogue = parse_catalogue(BASE, NAME)
    task = catalogue.task_index()["menesio-ataskaita"][1]
    assert task.cadence.times == (1, 1)
    assert task.cadence.every == 1
    assert task.cadence.rrule is None
    assert task.steps == []
    assert task.periodicity is None
    assert task.notes is None
    assert catalogue.start is None
    assert catalogue.start_week == DEFAULT_START == Week(2026, 1)


@pytest.mark.parametrize(
    ("start", "week"),
    [("2026-W10", Week(2026, 10)), ("2026-03-04", Week(2026, 10)), ("2025-W53", None)],
)
def test_start(start: str, week: Week | None) -> None:
    text = f'start = "{start}"\n' + BASE
    if week is None:
        errors = errors_of(text)
        assert len(errors) == 1
        assert "start" in errors[0]
    else:
        assert parse_catalogue(text, NAME).start_week == week


@pytest.mark.parametrize(
    ("text", "check"),
    [
        pytest.param(
            broken(('cadence = { kind = "monthly" }\n', ""), ('fits = ["solo"]\n', ""))
            + '[areas.tasks.cadence]\nkind = "quarterly"\n',
            lambda c: c.task_index()["menesio-ataskaita"][1].cadence.kind is CadenceKind.QUARTERLY,
            id="cadence-as-subtable",
        ),
        pytest.param(
            broken(('steps = ["Parašyti", "Paskelbti"]', 'steps = ["  Parašyti  ", "Paskelbti"]')),
            lambda c: c.task_index()["savaites-irasas"][1].steps == ["Parašyti", "Paskelbti"],
            id="steps-are-stripped",
        ),
        pytest.param(
            broken(('fits = ["solo"]\n', "")),
            lambda c: c.task_index()["menesio-ataskaita"][1].fits == [],
            id="no-fits",
        ),
        pytest.param(
            broken(
                ('{ kind = "monthly" }', '{ kind = "rrule", rrule = "FREQ=MONTHLY;BYMONTHDAY=15" }')
            ),
            lambda c: (
                c.task_index()["menesio-ataskaita"][1].cadence.rrule == "FREQ=MONTHLY;BYMONTHDAY=15"
            ),
            id="rrule",
        ),
        pytest.param(
            broken(('{ kind = "monthly" }', '{ kind = "as_needed" }')),
            lambda c: not c.task_index()["menesio-ataskaita"][1].cadence.recurring,
            id="as-needed",
        ),
        pytest.param(
            broken(('{ kind = "monthly" }', '{ kind = "daily", every = 2, times = [1, 3] }')),
            lambda c: (
                c.task_index()["menesio-ataskaita"][1].cadence.as_json()
                == {"kind": "daily", "times": [1, 3], "every": 2, "rrule": None}
            ),
            id="daily-every-times",
        ),
        pytest.param(
            broken(extra='notes = "Žr. sąskaitas."\n'),
            lambda c: c.task_index()["menesio-ataskaita"][1].notes == "Žr. sąskaitas.",
            id="notes",
        ),
        pytest.param(
            broken(extra=SECOND_AREA),
            lambda c: [a.id for a in c.areas] == ["prekyba", "vadyba"] and len(c.tasks()) == 3,
            id="areas-in-order",
        ),
        pytest.param(
            '[[areas]]\nid = "tuscia"\ntitle = "Tuščia"\n',
            lambda c: c.areas[0].tasks == [],
            id="area-without-tasks",
        ),
    ],
)
def test_good_catalogues(text: str, check: object) -> None:
    catalogue = parse_catalogue(text, NAME)
    assert callable(check)
    assert check(catalogue)


def test_as_json_shape(small_catalogue_text: str) -> None:
    data = parse_catalogue(small_catalogue_text, NAME).as_json()
    assert list(data) == ["areas"]
    for area in data["areas"]:
        assert list(area) == ["id", "title", "tasks"]
        for task in area["tasks"]:
            assert list(task) == [
                "id",
                "title",
                "steps",
                "periodicity",
                "cadence",
                "fits",
                "assignee",
            ]
            assert list(task["cadence"]) == ["kind", "times", "every", "rrule"]
    post = data["areas"][0]["tasks"][0]
    assert post["cadence"] == {"kind": "weekly", "times": [2, 3], "every": 1, "rrule": None}
    assert post["steps"] == ["Pasirinkti formatą", "Parašyti tekstą", "Paskelbti"]


def test_models_are_frozen(small_catalogue_text: str) -> None:
    catalogue = parse_catalogue(small_catalogue_text, NAME)
    with pytest.raises(AttributeError):  # dataclasses.FrozenInstanceError
        catalogue.areas[0].title = "x"  # type: ignore[misc]


# --------------------------------------------------------------------------------------------
# Bad catalogues: (text, where the line is, fragments of the message). The line is given as
# a fragment of it, or (fragment, offset) for a line near it, or None where no line applies.

BAD = [
    pytest.param(
        broken(('title = "Savaitės įrašas"', 'title = "Savaitės įrašas')),
        'title = "Savaitės įrašas',
        ["TOML"],
        id="toml-syntax",
    ),
    pytest.param(
        broken(('cadence = { kind = "monthly" }', 'cadence = { kind = "monthly" }\ncolour = 1')),
        "colour = 1",
        ["menesio-ataskaita", "colour", "unknown key"],
        id="unknown-task-key",
    ),
    pytest.param(
        broken(('title = "Prekyba"', 'title = "Prekyba"\nicon = "x"')),
        'icon = "x"',
        ["prekyba", "icon", "unknown key"],
        id="unknown-area-key",
    ),
    pytest.param(
        broken(('{ kind = "monthly" }', '{ kind = "monthly", often = 2 }')),
        "often = 2",
        ["menesio-ataskaita", "cadence.often", "unknown key"],
        id="unknown-cadence-key",
    ),
    pytest.param(
        broken(('id = "menesio-ataskaita"', 'id = "savaites-irasas"')),
        ('title = "Mėnesio ataskaita"', -1),  # the second `id = "savaites-irasas"`
        ["savaites-irasas", "'id'", "duplicate"],
        id="duplicate-task-id",
    ),
    pytest.param(
        broken(extra=SECOND_AREA.replace('id = "vadyba"', 'id = "prekyba"')),
        ('title = "Vadyba"', -1),
        ["prekyba", "'id'", "duplicate area"],
        id="duplicate-area-id",
    ),
    pytest.param(
        broken(('fits = ["solo"]', 'fits = ["solo", "visiems"]')),
        'fits = ["solo", "visiems"]',
        ["menesio-ataskaita", "'fits'", "visiems"],
        id="unknown-tag",
    ),
    pytest.param(
        broken(('{ kind = "monthly" }', '{ kind = "hourly" }')),
        'kind = "hourly"',
        ["menesio-ataskaita", "cadence.kind", "hourly"],
        id="bad-cadence-kind",
    ),
    pytest.param(
        broken(("times = [2, 3]", "times = [3, 2]")),
        "times = [3, 2]",
        ["savaites-irasas", "cadence.times", "greater than"],
        id="times-min-over-max",
    ),
    pytest.param(
        broken(("times = [2, 3]", "times = [0, 3]")),
        "times = [0, 3]",
        ["savaites-irasas", "cadence.times"],
        id="times-zero",
    ),
    pytest.param(
        broken(("times = [2, 3]", "times = [1, 2, 3]")),
        "times = [1, 2, 3]",
        ["savaites-irasas", "cadence.times"],
        id="times-three-numbers",
    ),
    pytest.param(
        broken(("times = [2, 3]", "times = 2")),
        "times = 2",
        ["savaites-irasas", "cadence.times"],
        id="times-not-a-list",
    ),
    pytest.param(
        broken(("times = [2, 3]", "every = 0")),
        "every = 0",
        ["savaites-irasas", "cadence.every"],
        id="every-zero",
    ),
    pytest.param(
        broken(('{ kind = "monthly" }', '{ kind = "rrule", rrule = "FREQ=SOMETIMES" }')),
        "FREQ=SOMETIMES",
        ["menesio-ataskaita", "cadence", "rrule"],
        id="invalid-rrule",
    ),
    pytest.param(
        broken(('{ kind = "monthly" }', '{ kind = "rrule" }')),
        'kind = "rrule"',
        ["menesio-ataskaita", "cadence", "rrule"],
        id="rrule-kind-without-rule",
    ),
    pytest.param(
        broken(('{ kind = "monthly" }', '{ kind = "weekly", rrule = "FREQ=WEEKLY;BYDAY=FR" }')),
        'rrule = "FREQ=WEEKLY;BYDAY=FR"',
        ["menesio-ataskaita", "cadence", "rrule", "weekly"],
        id="rrule-with-kind-weekly",
    ),
    pytest.param(
        broken(('{ kind = "monthly" }', '{ kind = "as_needed", times = [1, 2] }')),
        'kind = "as_needed"',
        ["menesio-ataskaita", "cadence", "as_needed"],
        id="as-needed-with-times",
    ),
    pytest.param(
        broken(('title = "Mėnesio ataskaita"', 'title = ""')),
        'title = ""',
        ["menesio-ataskaita", "'title'", "empty"],
        id="empty-title",
    ),
    pytest.param(
        broken(('title = "Mėnesio ataskaita"', 'title = "   "')),
        'title = "   "',
        ["menesio-ataskaita", "'title'", "empty"],
        id="blank-title",
    ),
    pytest.param(
        broken(('title = "Mėnesio ataskaita"\n', "")),
        ('id = "menesio-ataskaita"', -1),  # the task's [[areas.tasks]] header
        ["menesio-ataskaita", "title", "missing"],
        id="missing-title",
    ),
    pytest.param(
        broken(('cadence = { kind = "monthly" }\n', "")),
        ('id = "menesio-ataskaita"', -1),
        ["menesio-ataskaita", "cadence", "missing"],
        id="missing-cadence",
    ),
    pytest.param(
        broken(("steps = []", 'steps = "text"')),
        'steps = "text"',
        ["menesio-ataskaita", "'steps'", "'text'"],
        id="steps-wrong-type",
    ),
    pytest.param(
        broken(("steps = []", 'steps = ["a", " "]')),
        'steps = ["a", " "]',
        ["menesio-ataskaita", "'steps'", "step 2"],
        id="blank-step",
    ),
    pytest.param(
        broken(('fits = ["solo"]', 'fits = "solo"')),
        'fits = "solo"',
        ["menesio-ataskaita", "'fits'"],
        id="fits-wrong-type",
    ),
    pytest.param(
        broken(('id = "menesio-ataskaita"', 'id = "Mėnesio ataskaita"')),
        'id = "Mėnesio ataskaita"',
        ["'id'", "slug"],
        id="id-not-a-slug",
    ),
    pytest.param(
        broken(('id = "prekyba"', 'id = "Prekyba"')),
        'id = "Prekyba"',
        ["'id'", "slug"],
        id="area-id-not-a-slug",
    ),
    pytest.param("", None, ["empty"], id="empty"),
    pytest.param("# only a comment\n\n", None, ["areas"], id="only-comments"),
    pytest.param('start = "2026-W01"\n', None, ["areas"], id="no-areas"),
    pytest.param('areas = "x"\n', None, ["areas"], id="areas-wrong-type"),
]


Marker = str | tuple[str, int] | None


def expected_line(text: str, marker: Marker) -> int | None:
    if marker is None:
        return None
    fragment, offset = (marker, 0) if isinstance(marker, str) else marker
    return line_of(text, fragment) + offset


@pytest.mark.parametrize(("text", "marker", "fragments"), BAD)
def test_bad_catalogues(text: str, marker: Marker, fragments: list[str]) -> None:
    errors = errors_of(text)
    assert len(errors) == 1, errors
    message = errors[0]
    line = expected_line(text, marker)
    if line is not None:
        assert message.startswith(f"{NAME}:{line}:"), message
    for fragment in fragments:
        assert fragment in message, (fragment, message)


def test_every_problem_is_reported_on_its_own_line() -> None:
    text = broken(
        ("times = [2, 3]", "times = [3, 2]"),
        ('title = "Mėnesio ataskaita"', 'title = ""'),
        ('fits = ["solo"]', 'fits = ["nope"]'),
    )
    errors = errors_of(text)
    assert len(errors) == 3
    assert {e.split(":")[1] for e in errors} == {
        str(line_of(text, "times = [3, 2]")),
        str(line_of(text, 'title = ""')),
        str(line_of(text, 'fits = ["nope"]')),
    }


# --------------------------------------------------------------------------------------------
# Lines of errors outside the plain task table: top level, end of file, sub-tables, dotted keys.


@pytest.mark.parametrize(
    ("text", "marker"),
    [
        ("version = 3\n" + BASE, "version = 3"),
        ('start = "2026-W60"\n' + BASE, 'start = "2026-W60"'),
    ],
    ids=["unknown-top-level-key", "bad-start"],
)
def test_top_level_errors_name_their_line(text: str, marker: str) -> None:
    (message,) = errors_of(text)
    assert message.startswith(f"{NAME}:{line_of(text, marker)}:"), message


def test_unclosed_array_at_end_of_file_is_not_reported_at_line_1() -> None:
    text = BASE.replace("steps = []", 'steps = [\n  "Surinkti",\n  "Išsiųsti"')
    (message,) = errors_of(text)
    assert "TOML" in message
    assert not message.startswith(f"{NAME}:1:"), message
    last = len(text.rstrip().splitlines())  # the last line with something on it
    opened = min(n for n, line in enumerate(text.splitlines(), 1) if "steps = [" in line)
    line = int(message.split(":")[1])
    assert opened <= line <= last, message


@pytest.mark.parametrize(
    "text",
    [
        BASE.replace(
            'cadence = { kind = "monthly" }\n',
            '[areas.tasks.cadence]\nkind = "monthly"\ntimes = [3, 2]\n',
        )
        .replace('fits = ["solo"]\n', "")
        .replace("steps = []\n", 'steps = []\nfits = ["solo"]\n'),
        BASE.replace(
            'cadence = { kind = "monthly" }', 'cadence.kind = "monthly"\ncadence.times = [3, 2]'
        ),
    ],
    ids=["subtable", "dotted-keys"],
)
def test_cadence_field_line_in_other_toml_forms(text: str) -> None:
    (message,) = errors_of(text)
    assert "cadence.times" in message
    assert message.startswith(f"{NAME}:{line_of(text, 'times = [3, 2]')}:"), message


def test_duplicate_ids_are_reported_with_other_errors() -> None:
    text = broken(
        ('id = "menesio-ataskaita"', 'id = "savaites-irasas"'),
        ("times = [2, 3]", "times = [3, 2]"),
    )
    errors = errors_of(text)
    assert any("duplicate" in e for e in errors), errors
    assert any("cadence.times" in e for e in errors), errors


# --------------------------------------------------------------------------------------------
# Reading files


def test_load_catalogue_reads_utf8(tmp_path: Path, small_catalogue_text: str) -> None:
    path = tmp_path / "catalogue.toml"
    path.write_text(small_catalogue_text, encoding="utf-8")
    assert isinstance(load_catalogue(path), Catalogue)


@pytest.mark.parametrize(
    ("content", "fragment", "line"),
    [
        (None, "not found", None),
        (b"", "empty", None),
        (BASE.replace("Prekyba", "Prek\udcffyba").encode("utf-8", "surrogateescape"), "UTF-8", 3),
    ],
    ids=["missing", "empty", "not-utf8"],
)
def test_load_catalogue_problems(
    tmp_path: Path, content: bytes | None, fragment: str, line: int | None
) -> None:
    path = tmp_path / "catalogue.toml"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(CatalogueError) as caught:
        load_catalogue(path)
    (message,) = caught.value.lines
    assert fragment in message
    assert message.startswith(f"{path}:{line}:" if line else f"{path}:")


def test_load_catalogue_on_a_folder(tmp_path: Path) -> None:
    with pytest.raises(CatalogueError) as caught:
        load_catalogue(tmp_path)
    (message,) = caught.value.lines
    assert message.startswith(str(tmp_path))
    assert "folder" in message


def test_problems_come_in_the_files_order_with_a_suggestion(tmp_path: Path) -> None:
    """A new user's misspellings: no "did you mean", and line 44 after line 125."""
    from tui.core.catalogue import CatalogueError, parse_catalogue

    text = (
        '[[areas]]\nid = "a"\ntitle = "A"\n'
        '[[areas.tasks]]\nid = "t"\ntitle = "T"\ncadence = { kind = "montly" }\nfits = ["x"]\n'
        '[[areas.tasks]]\nid = "t"\ntitle = "U"\ncadence = { kind = "weekly" }\n'
        'fits = ["produktay"]\n'
    )
    with pytest.raises(CatalogueError) as caught:
        parse_catalogue(text, "catalogue.toml")
    lines = [str(line) for line in caught.value.lines]
    numbers = [int(line.split(":")[1]) for line in lines]
    assert numbers == sorted(numbers), lines
    assert any("did you mean 'monthly'?" in line for line in lines), lines
    assert any("did you mean 'produktai'?" in line for line in lines), lines
