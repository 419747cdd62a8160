"""Interface texts in Lithuanian and English. The catalogue's own text is never translated."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

LANGS = ("lt", "en")


def detect_lang(env: Mapping[str, str]) -> str:
    """``lt`` when the locale says Lithuanian (LC_ALL, LC_MESSAGES, LANG), else ``en``."""
    for var in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = env.get(var, "")
        if value:
            return "lt" if value.lower().startswith("lt") else "en"
    return "en"


# Message id -> (Lithuanian, English). Placeholders use str.format names.
TEXTS: dict[str, tuple[str, str]] = {
    # Columns and areas
    "col.todo": ("Daryti", "To do"),
    "col.doing": ("Daroma", "Doing"),
    "col.done": ("Atlikta", "Done"),
    "col.skipped": ("Praleista", "Skipped"),
    "area.all": ("Visos", "All"),
    # Header
    "header.week": ("Savaitė", "Week"),
    "header.filter": ("Tinka kam", "Fits"),
    "header.search": ("Paieška", "Search"),
    "header.workspace": ("Erdvė", "Workspace"),
    "header.readonly": (
        "{file}: tik skaityti — {reason}. Paleiskite `ritmas doctor`.",
        "{file}: read-only — {reason}. Run `ritmas doctor`.",
    ),
    "header.this_week": ("ši savaitė", "this week"),
    # Card marks
    "card.missed_row": ("praleista {n}×", "missed {n}×"),
    "card.missed": ("nepadaryta", "missed"),
    "card.carried": ("perkelta {since}", "carried {since}"),
    "card.days": ("dienos {done}/{due}", "days {done}/{due}"),
    "card.gone": ("nebėra kataloge", "no longer in catalogue"),
    "card.as_needed": ("pagal poreikį", "as needed"),
    "card.free": ("sava kortelė", "own card"),
    "card.fixes": ("taisyti: {note}", "needs fixes: {note}"),
    # Cadence kinds (short)
    "cad.daily": ("kasdien", "daily"),
    "cad.weekly": ("kas savaitę", "weekly"),
    "cad.monthly": ("kas mėn.", "monthly"),
    "cad.quarterly": ("kas ketvirtį", "quarterly"),
    "cad.yearly": ("kas metus", "yearly"),
    "cad.rrule": ("tikslios dienos", "set days"),
    "cad.as_needed": ("pagal poreikį", "as needed"),
    # Bindings (descriptions shown in the footer, help and palette)
    "key.quit": ("Išeiti", "Quit"),
    "key.help": ("Pagalba", "Help"),
    "key.open": ("Atverti", "Open"),
    "key.advance": ("Pirmyn", "Advance"),
    "key.move_right": ("Perkelti →", "Move right"),
    "key.move_left": ("Perkelti ←", "Move left"),
    "key.focus_up": ("Aukštyn", "Up"),
    "key.focus_down": ("Žemyn", "Down"),
    "key.focus_left": ("Kairėn", "Left column"),
    "key.focus_right": ("Dešinėn", "Right column"),
    "key.add": ("Nauja", "New"),
    "key.skip": ("Praleisti", "Skip"),
    "key.carry": ("Perkelti toliau", "Carry"),
    "key.drop": ("Atsisakyti", "Drop"),
    "key.filter": ("Tinka kam", "Fits"),
    "key.search": ("Ieškoti", "Search"),
    "key.prev_week": ("Ankstesnė sav.", "Previous week"),
    "key.next_week": ("Kita sav.", "Next week"),
    "key.this_week": ("Ši savaitė", "This week"),
    "key.review": ("Apžvalga", "Review"),
    "key.undo": ("Atšaukti", "Undo"),
    "key.redo": ("Grąžinti", "Redo"),
    "key.area": ("Sritis {n}", "Area {n}"),
    "key.all_areas": ("Visos sritys", "All areas"),
    "key.close": ("Uždaryti", "Close"),
    "key.palette": ("komandos", "palette"),
    "key.tick": ("Pažymėti", "Tick"),
    "key.note": ("Pastaba", "Note"),
    "key.confirm": ("Patvirtinti", "Confirm"),
    "key.cancel": ("Atšaukti", "Cancel"),
    # Tooltips
    "tip.advance": ("Kortelę į kitą stulpelį", "Move the card one column right"),
    "tip.carry": (
        "Nepadarytą kortelę perkelti į vėlesnes savaites",
        "Carry a missed occurrence to later weeks",
    ),
    "tip.skip": ("Šį kartą ne: skaičiuojama kaip praleista", "Not this time: counts as skipped"),
    # Detail screen
    "detail.steps": ("Žingsniai", "Steps"),
    "detail.notes": ("Katalogo pastabos", "Catalogue notes"),
    "detail.note": ("Mano pastaba", "My note"),
    "detail.note_placeholder": ("Pastaba šiam kartui…", "A note for this time…"),
    "detail.no_steps": ("Žingsnių nėra.", "No steps."),
    "detail.period": ("Laikotarpis", "Period"),
    "detail.cadence": ("Periodiškumas", "Cadence"),
    # Add screen
    "add.title": ("Nauja kortelė", "New card"),
    "add.placeholder": (
        "Užduoties pavadinimas arba savas tekstas",
        "Task name, or your own text",
    ),
    "add.free": ("+ Sava kortelė: „{text}“ ({area})", "+ Own card: “{text}” ({area})"),
    "add.hint": (
        "enter – pridėti, ↑↓ – pasirinkti, esc – atšaukti",
        "enter adds, ↑↓ chooses, esc cancels",
    ),
    # Filter / profile
    "filter.title": ("Tinka kam", "Fits whom"),
    "filter.profile": ("Mano profilis ({tags})", "My profile ({tags})"),
    "filter.all": ("Visos užduotys", "All tasks"),
    "profile.title": ("Kokiam verslui rodyti užduotis?", "Which tasks fit your business?"),
    "profile.hint": (
        "space – pažymėti, enter – išsaugoti (galima keisti: t)",
        "space toggles, enter saves (change it later with t)",
    ),
    "search.placeholder": ("Ieškoti pavadinimuose ir žingsniuose…", "Search titles and steps…"),
    # Notices
    "note.moved": ("{title}: {column}", "{title}: {column}"),
    "note.undone": ("Atšaukta: {title}", "Undone: {title}"),
    "note.redone": ("Grąžinta: {title}", "Redone: {title}"),
    "note.nothing_undo": ("Nėra ką atšaukti", "Nothing to undo"),
    "note.nothing_redo": ("Nėra ką grąžinti", "Nothing to redo"),
    "note.readonly": ("{file} sugadintas: tik skaityti", "{file} is damaged: read-only"),
    "note.save_failed": (
        "Nepavyko išsaugoti ({reason}); bandoma dar kartą",
        "Could not save ({reason}); retrying",
    ),
    "note.saved_late": ("Išsaugota", "Saved"),
    "note.welcome": (
        "Rodyklės arba h j k l – judėti, space – pirmyn, enter – atverti, ? – pagalba",
        "Arrows or h j k l move, space advances, enter opens, ? shows help",
    ),
    "note.too_small": (
        "Ritmui reikia bent 80×24 lango (dabar {w}×{h}). Padidinkite langą.",
        "Ritmas needs a window of at least 80×24 (now {w}×{h}). Make the window larger.",
    ),
    "note.empty_column": ("—", "—"),
    "note.changed_elsewhere": ("Atnaujinta iš kitos sesijos", "Updated from another session"),
    # ritmas sync / init --git
    "sync.repaired": (
        "sutaisyta {n} būsenos failų, kuriuos paprastas `git pull` paliko konfliktuojančius",
        "repaired {n} state files a plain `git pull` left conflicted",
    ),
    "sync.committed": ("įrašyta {n} pakeistų failų", "committed {n} changed files"),
    "sync.nothing": ("čia nieko naujo", "nothing new here"),
    "sync.merged": (
        "gauta {n} pakeistų failų iš {remote}",
        "brought {n} changed files from {remote}",
    ),
    "sync.pushed": ("išsiųsta į {remote}", "sent to {remote}"),
    "sync.up_to_date": ("sutampa su {remote}", "up to date with {remote}"),
    "sync.offline": (
        "nepavyko pasiekti {remote} ({reason}); pakeitimai įrašyti čia ir išeis su kitu sync",
        "could not reach {remote} ({reason}); your changes are committed here and go out with "
        "the next sync",
    ),
    "sync.cloned": (
        "{root}: bendra erdvė nuklonuota iš {remote}",
        "{root}: cloned the shared workspace from {remote}",
    ),
    "sync.shared": (
        "{root}: erdvė dabar bendrinama per {remote}",
        "{root}: the workspace is now shared through {remote}",
    ),
    # Command line: who does what
    "cli.assigned": ("priskirta {card}: {name} ({period})", "assigned {card} to {name} ({period})"),
    "cli.unassigned": (
        "{card} niekam nepriskirta ({period})",
        "{card} is assigned to nobody ({period})",
    ),
    "cli.sent_back": (
        "grąžinta taisyti {card}: atlikta -> daroma ({period}): {note}",
        "sent back {card}: done -> doing ({period}): {note}",
    ),
    # Help
    "help.title": ("Klavišai", "Keys"),
    "help.board": ("Lenta", "Board"),
    "help.footer": ("esc arba q – uždaryti", "esc or q closes"),
}


def t(key: str, lang: str, **values: object) -> str:
    """The text ``key`` in ``lang``; unknown keys show themselves, so a gap is visible."""
    lt, en = TEXTS.get(key, (key, key))
    text = lt if lang == "lt" else en
    return text.format(**values) if values else text


_MONTHS = {
    "lt": (
        "saus.", "vas.", "kov.", "bal.", "geg.", "birž.",
        "liep.", "rugpj.", "rugs.", "spal.", "lapkr.", "gruod.",
    ),
    "en": ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
}  # fmt: skip


def day_span(first: date, last: date, lang: str) -> str:
    """``lapkr. 23–29`` / ``Nov 23–29``; across months ``lapkr. 30 – gruod. 6``."""
    months = _MONTHS["lt" if lang == "lt" else "en"]
    if first.month == last.month:
        return f"{months[first.month - 1]} {first.day}–{last.day}"
    return f"{months[first.month - 1]} {first.day} – {months[last.month - 1]} {last.day}"
