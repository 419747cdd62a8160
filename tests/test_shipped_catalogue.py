"""The shipped catalogue against the seed document (shared/seed/000_e5c7d5a4c7d98ea8.txt).

Counts per area, and a spot-check of tasks' wording, periodicity, cadence and audience, each
read off the seed by hand (after OCR repair: diacritics restored, spilled cells rejoined).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tui.core.catalogue import CadenceKind, Catalogue, Task, load_catalogue

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return load_catalogue(ROOT / "catalogue.toml")


def by_title(catalogue: Catalogue, title: str) -> tuple[str, Task]:
    found = [(area.id, task) for area, task in catalogue.tasks() if task.title == title]
    assert len(found) == 1, f"{title!r} found {len(found)} times"
    return found[0]


def test_areas_in_seed_order_with_every_routine(catalogue: Catalogue) -> None:
    assert [(a.id, a.title, len(a.tasks)) for a in catalogue.areas] == [
        ("marketingas", "Marketingas ir pardavimai", 17),
        ("gamyba", "Gamyba (produktai, paslaugos, prekyba)", 10),
        ("aptarnavimas", "Klientų aptarnavimas", 8),
        ("logistika", "Logistika", 8),
        ("valdymas", "Verslo valdymas", 10),
        ("hr", "HR (žmogiškieji ištekliai)", 11),
        ("it", "IT (techninė aplinka, sistemos, saugumas)", 7),
    ]
    assert len(catalogue.tasks()) == 71
    assert catalogue.step_count == 314


# title, area, periodicity (None: the seed gives none), cadence, fits, first step, last step
SPOT_CHECKS = [
    ("Parengti 1 naujienlaiškį", "marketingas", "1–2× per mėn.", ("monthly", (1, 2)), ["visi"],
     "Pasirinkti kampanijos tikslą (pvz. šviesti, parduoti)", "Suplanuoti siuntimą"),
    ("Parengti socialinių tinklų įrašą", "marketingas", "2–3× per savaitę", ("weekly", (2, 3)),
     ["visi"], "Pasirinkti įrašo formatą (tekstas, video, karuselė)", "Suplanuoti arba paskelbti"),
    ("Kurti lead magnetą", "marketingas", "Pagal poreikį", ("as_needed", (1, 1)), ["visi"],
     "Pasirinkti temą pagal auditorijos poreikius", "Patestuoti ir paleisti"),
    ("Nustatyti marketingo strategiją", "marketingas", "1× per metus", ("yearly", (1, 1)),
     ["visi"], "Įsivardinti tikslinę auditoriją", "Sudaryti metinį kalendorių"),
    ("Administruoti kontaktų sąrašą", "marketingas", "1× per 2–3 mėn.", ("monthly", (1, 1)),
     ["visi"], "Peržiūrėti kontaktų sąrašus", "Valyti neaktyvius"),
    ("Atsakyti į užklausas", "marketingas", "kasdien", ("daily", (1, 1)), ["visi"],
     "Patikrinti visus kanalus", "Sekti, ar klientas sureagavo"),
    ("Užsakyti žaliavas ar prekes", "gamyba", None, ("as_needed", (1, 1)),
     ["produktai", "prekyba"], "Patikrinti likučius", "Patikrinti, ar viskas gauta"),
    ("Pagaminti produktą", "gamyba", None, ("as_needed", (1, 1)), ["produktai"],
     "Pasiruošti darbo vietą", "Pažymėti pagamintą vienetą sistemoje"),
    ("Kurti kliento kelio šabloną", "aptarnavimas", None, ("as_needed", (1, 1)),
     ["paslaugos", "prenumeratos"],
     "Aprašyti kliento patirtį nuo pirmo kontakto iki pakartotinio pirkimo",
     "Parengti šablonus kiekvienam etapui"),
    ("Užtikrinti paslaugų prieinamumą", "logistika", None, ("as_needed", (1, 1)), ["paslaugos"],
     "Peržiūrėti kalendorių", "Pranešti klientams apie pasikeitimus"),
    ("Nustatyti kainodarą", "valdymas", "1–2× per metus", ("yearly", (1, 2)), ["visi"],
     "Apskaičiuoti savikainą", "Pritaikyti pagal klientų segmentus"),
    ("Nustatyti bendradarbiavimo taisykles", "valdymas", None, ("as_needed", (1, 1)),
     ["paslaugos", "partnerystes"], "Aprašyti darbo su partneriais ar klientais sąlygas",
     "Pasitvirtinti mokėjimų, terminų ir atsakomybės ribas"),
    ("Stebėti konkurenciją ir rinkos pokyčius", "valdymas", "1× per ketvirtį",
     ("quarterly", (1, 1)), ["visi"], "Peržiūrėti 2–3 pagrindinius konkurentus",
     "Spręsti dėl tolesnių veiksmų"),
    ("Rengti įvedimo instrukcijas", "hr", None, ("as_needed", (1, 1)), ["samdantys"],
     "Sukurti mini vadovą naujam žmogui", "Saugoti prieigose (pvz. Notion, Drive)"),
    ("Stebėti savo perdegimo rizikas", "hr", None, ("weekly", (1, 1)), ["solo"],
     "Vertinti savaitinį / mėnesinį krūvį", "Stebėti balanso pokyčius"),
    ("Užtikrinti atsargines kopijas", "it", None, ("quarterly", (1, 1)), ["visi"],
     "Įjungti automatinį atsarginių kopijų darymą (pvz. svetainės, dokumentų)",
     "Kartą per ketvirtį atsisiųsti vietinę kopiją"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("title", "area", "periodicity", "cadence", "fits", "first", "last"),
    SPOT_CHECKS,
    ids=[row[0] for row in SPOT_CHECKS],
)
def test_task_matches_the_seed(
    catalogue: Catalogue,
    title: str,
    area: str,
    periodicity: str | None,
    cadence: tuple[str, tuple[int, int]],
    fits: list[str],
    first: str,
    last: str,
) -> None:
    area_id, task = by_title(catalogue, title)
    assert area_id == area
    assert task.periodicity == periodicity
    assert (task.cadence.kind.value, task.cadence.times) == cadence
    assert task.fits == fits
    assert task.steps[0] == first and task.steps[-1] == last


def test_every_two_months_for_the_contact_list(catalogue: Catalogue) -> None:
    _, task = by_title(catalogue, "Administruoti kontaktų sąrašą")
    assert task.cadence.every == 2


def test_fridays_for_regular_learning(catalogue: Catalogue) -> None:
    # The seed: "Rezervuoti konkretų laiką (pvz. penktadieniais 10–12)".
    _, task = by_title(catalogue, "Reguliariai skirti laiką tobulėjimui")
    assert task.cadence.kind is CadenceKind.RRULE
    assert task.cadence.rrule == "FREQ=WEEKLY;BYDAY=FR"


OCR_LEFTOVERS = [
    r"\bIrašyti\b", r"naujienlaiškj", r"\bmén\.", r"\bměn\.", r"\bmên\.", r"\bJsi", r"\blš",
    r"poreiki\b", r"\bIvertinti\b", r"\bJvertinti\b", r"\[jungti", r"pasiülą", r"Pażym",
    r"\bAl\b", r"savaite\b", r"\bdel\b",
]  # fmt: skip


def test_no_ocr_leftovers_in_any_text(catalogue: Catalogue) -> None:
    texts = [area.title for area in catalogue.areas]
    for _, task in catalogue.tasks():
        texts += [task.title, *task.steps, task.periodicity or ""]
    for pattern in OCR_LEFTOVERS:
        hits = [text for text in texts if re.search(pattern, text)]
        assert not hits, f"OCR leftover {pattern!r} in {hits}"


def test_tasks_without_seed_periodicity_say_why_in_a_comment() -> None:
    """SPEC §2: where the seed gives no periodicity, a TOML comment says what was chosen."""
    text = (ROOT / "catalogue.toml").read_text(encoding="utf-8")
    blocks = re.split(r"^\[\[areas\.tasks\]\]$", text, flags=re.M)[1:]
    for block in blocks:
        if "periodicity =" in block:
            continue
        lines = block.splitlines()
        cadence_at = next(n for n, line in enumerate(lines) if line.startswith("cadence ="))
        assert lines[cadence_at - 1].lstrip().startswith("#"), block


def test_header_comment_names_each_field_once() -> None:
    text = (ROOT / "catalogue.toml").read_text(encoding="utf-8")
    header = text.split("\n[[areas]]", 1)[0]
    named = re.findall(r"^#   (\w+) ", header, re.MULTILINE)
    assert named and len(named) == len(set(named)), named
    assert "assignee" in named
