"""The text catalogue: both languages complete, their plural forms, and the code's keys all in it.

The ``.po`` files are read with Babel (a test and development tool only); the running program
reads the compiled ``.mo`` files with the standard library, so a ``.mo`` that lags its ``.po`` is
a failure here too.
"""

from __future__ import annotations

import ast
import gettext
import re
import string
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import read_po

from tui.i18n import LANGS, LOCALE_DIR, catalogue, t, tn

TUI = Path(__file__).resolve().parent.parent / "tui"
NPLURALS = {"lt": 3, "en": 2}
PLURAL_FORMS = {
    "lt": "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && (n%100<10 || n%100>=20) "
    "? 1 : 2);",
    "en": "nplurals=2; plural=(n != 1);",
}


def po_path(lang: str) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / "ritmas.po"


def read_catalogue(lang: str) -> Catalog:
    with po_path(lang).open("rb") as handle:
        return read_po(handle, locale=lang)


def messages(lang: str) -> dict[str, Message]:
    return {
        str(m.id if isinstance(m.id, str) else m.id[0]): m for m in read_catalogue(lang) if m.id
    }


def forms(message: Message) -> list[str]:
    return list(message.string) if isinstance(message.string, tuple) else [message.string]


def fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("lang", LANGS)
def test_plural_forms_header(lang: str) -> None:
    assert catalogue(lang).info()["plural-forms"] == PLURAL_FORMS[lang]
    assert read_catalogue(lang).num_plurals == NPLURALS[lang]


def test_every_message_in_both_languages_with_all_plural_forms() -> None:
    lt, en = messages("lt"), messages("en")
    assert sorted(set(lt) - set(en)) == [], "only in the Lithuanian catalogue"
    assert sorted(set(en) - set(lt)) == [], "only in the English catalogue"
    for key in lt:
        assert lt[key].pluralizable == en[key].pluralizable, f"{key}: plural in one language only"
        for lang, message in (("lt", lt[key]), ("en", en[key])):
            texts = forms(message)
            if message.pluralizable:
                assert len(texts) == NPLURALS[lang], f"{lang} {key}: {len(texts)} plural forms"
            assert all(text.strip() for text in texts), f"{lang} {key}: empty translation"
            assert "fuzzy" not in message.flags, f"{lang} {key}: fuzzy"
        # The same placeholders in every form of both languages (a plural form may leave out
        # the count itself: "one card").
        expected = fields(forms(en[key])[-1])
        for text in forms(lt[key]) + forms(en[key]):
            assert fields(text) - {"n"} == expected - {"n"}, f"{key}: {text!r} has other fields"


@pytest.mark.parametrize("lang", LANGS)
def test_compiled_catalogue_matches_its_po(lang: str) -> None:
    """The .mo that runs says what the .po says (run ``pybabel compile`` after editing)."""
    with (LOCALE_DIR / lang / "LC_MESSAGES" / "ritmas.mo").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    for key, message in messages(lang).items():
        if message.pluralizable:
            got = [compiled.ngettext(key, key, n) for n in (1, 2, 5, 10, 21)]
            assert set(got) <= set(forms(message)), f"{key}: stale .mo"
            for index, text in enumerate(forms(message)):
                assert compiled._catalog[(key, index)] == text, f"{key}[{index}]: stale .mo"
        else:
            assert compiled.gettext(key) == message.string, f"{key}: stale .mo"
    assert len([k for k in compiled._catalog if k]) == sum(
        len(forms(m)) for m in messages(lang).values()
    ), "the .mo holds messages the .po does not"


@pytest.mark.parametrize(
    ("n", "lt_form", "en_form"),
    [
        (1, "kortelė", "card"),
        (2, "kortelės", "cards"),
        (9, "kortelės", "cards"),
        (10, "kortelių", "cards"),
        (11, "kortelių", "cards"),
        (12, "kortelių", "cards"),
        (21, "kortelė", "cards"),
        (22, "kortelės", "cards"),
        (0, "kortelių", "cards"),
        (111, "kortelių", "cards"),
    ],
)
def test_plural_rules(n: int, lt_form: str, en_form: str) -> None:
    assert tn("count.cards", n, "lt") == f"{n} {lt_form}"
    assert tn("count.cards", n, "en") == f"{n} {en_form}"


def test_unknown_key_shows_itself_and_unknown_language_is_english() -> None:
    assert t("no.such.key", "lt") == "no.such.key"
    assert t("col.todo", "fr") == t("col.todo", "en")


def _keys_in_code() -> tuple[set[str], set[str]]:
    """Literal keys of binding descriptions and of ``t(...)`` / ``tn(...)`` calls in the modules
    of ``tui/`` that import them from :mod:`tui.i18n`, and the fixed prefixes of keys built from
    f-strings or ``+`` (``t(f"tag.{tag}", ...)``)."""
    literal: set[str] = set()
    prefixes: set[str] = set()
    for path in TUI.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        imported = {
            alias.asname or alias.name
            for node in ast.walk(tree)
            if isinstance(node, ast.ImportFrom) and node.module == "tui.i18n"
            for alias in node.names
        }
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and node.args):
                continue
            name = getattr(node.func, "id", "")
            if name == "Binding" and len(node.args) > 2:  # descriptions are message ids
                description = node.args[2]
                if isinstance(description, ast.Constant) and isinstance(description.value, str):
                    literal.add(description.value)
                continue
            if name not in {"t", "tn"} & imported:
                continue
            key = node.args[0]
            if isinstance(key, ast.Constant) and isinstance(key.value, str):
                literal.add(key.value)
            elif isinstance(key, ast.JoinedStr) and isinstance(key.values[0], ast.Constant):
                prefixes.add(str(key.values[0].value))
            elif isinstance(key, ast.BinOp) and isinstance(key.left, ast.Constant):
                prefixes.add(str(key.left.value))
    return literal, prefixes


def test_every_key_the_code_asks_for_is_in_the_catalogue() -> None:
    known = set(messages("en"))
    literal, prefixes = _keys_in_code()
    assert {"add.title", "cli.added", "key.quit"} <= literal, "the scan found the t() calls"
    # A failure here: add the keys to both tui/locale/*/LC_MESSAGES/ritmas.po and run
    # `pybabel compile -d tui/locale -D ritmas` (README, "Interface texts").
    assert sorted(literal - known) == [], "keys missing in the catalogue"
    assert sorted(p for p in prefixes if not any(k.startswith(p) for k in known)) == []


def test_texts_load_without_babel() -> None:
    """Babel is a tool for the catalogue's authors, never imported by the running program."""
    code = (
        "import sys\n"
        "from tui.i18n import t, tn\n"
        "print(t('col.todo', 'lt'), tn('count.cards', 21, 'lt'))\n"
        "print('babel' in sys.modules)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert done.stdout.split("\n")[:2] == [f"{t('col.todo', 'lt')} 21 kortelė", "False"]


# One word per idea: every message that names the idea uses the idea's word, and the word means
# nothing else ("praleista" is skipped, never missed; "nukelti" is carry, "perkelti" is move).
IDEAS: dict[str, tuple[dict[str, str], tuple[str, ...], tuple[str, ...]]] = {
    # idea: ({lang: word stem}, keys that name it, languages where the stem means only that)
    "to do": ({"lt": "daryti", "en": "to do"}, ("col.todo", "cli.todo", "review.todo"), ()),
    "doing": ({"lt": "daroma", "en": "doing"}, ("col.doing", "cli.doing", "review.doing"), ()),
    "skipped": (
        {"lt": "praleist", "en": "skip"},
        (
            "col.skipped",
            "cli.skipped",
            "review.skipped",
            "review.outcome_skipped",
            "key.skip",
            "tip.skip",
            "usage.all_columns",
            "refused.nothing_to_carry",
            "usage.column",
            "note.skipped",
        ),
        LANGS,
    ),
    "missed": (
        {"lt": "neatlikt", "en": "missed"},
        (
            "card.missed",
            "card.missed_row",
            "cli.missed",
            "cli.missed_now",
            "review.missed",
            "review.outcome_missed",
            "help.marks",
        ),
        LANGS,
    ),
    "carried": (
        {"lt": "nukel", "en": "carr"},
        (
            "card.carried",
            "card.carried_on",
            "cli.carried",
            "key.carry",
            "tip.carry",
            "review.carried",
            "review.outcome_carried",
            "review.carried_from",
            "review.carry_or_drop",
            "review.unfinished",
            "refused.carry_unfinished",
            "refused.nothing_to_carry",
            "help.marks",
        ),
        LANGS,
    ),
    "moved": (
        {"lt": "perkel", "en": "move"},
        (
            "key.move_right",
            "key.move_left",
            "cli.moved",
            "usage.move",
            "cli.what_move",
            "tip.move_right",
            "tip.move_left",
            "tip.to_done",
            "note.all_ticked",
        ),
        ("lt",),
    ),
    "review": (
        {"lt": "apžvalg", "en": "review"},
        ("key.review", "review.title", "usage.review", "cli.review_incomplete"),
        ("lt",),
    ),
    "fits": (
        {"lt": "tinka kam", "en": "fits"},
        ("header.filter", "key.filter", "filter.title", "review.audience"),
        (),
    ),
}


@pytest.mark.parametrize("idea", IDEAS)
@pytest.mark.parametrize("lang", LANGS)
def test_one_word_per_idea(lang: str, idea: str) -> None:
    words, keys, own = IDEAS[idea]
    stem = words[lang]
    texts = {key: " ".join(forms(m)).casefold() for key, m in messages(lang).items()}
    assert [key for key in keys if stem not in texts[key]] == [], f"{idea} without {stem!r}"
    if lang in own:
        elsewhere = [k for k, text in texts.items() if stem in text and k not in keys]
        assert elsewhere == [], f"{stem!r} used for something other than {idea}"


# Calls whose text the user reads: the first argument, or these keywords.
SHOWN_CALLS = {"notify", "Static", "Label", "print", "Text", "update", "Button", "Input"}
SHOWN_KEYWORDS = {"help", "description", "title", "placeholder", "message", "metavar", "prog"}
# Literal words that are names in both languages (the program's, a command's).
NAMES = {"ritmas", "serve"}
# Modules whose lines no person reads in the interface: git runs the merge driver and its
# lines go to git's own output, in git's language.
ALLOWED = {"tui/merge_driver.py"}


def _literal_text(node: ast.expr) -> str | None:
    """The words of a string literal or f-string (its constant parts), if it has any."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        text = node.value
    elif isinstance(node, ast.JoinedStr):
        text = "".join(v.value for v in node.values if isinstance(v, ast.Constant))
    else:
        return None
    found = {w.casefold() for w in re.findall(r"[^\W\d_]{2,}", text)}
    return text if found - NAMES else None


def test_no_user_visible_text_bypasses_the_catalogue() -> None:
    """No literal words go straight to the screen or the terminal: every shown text is a
    ``t()``/``tn()`` message (argparse's help, metavars and descriptions included)."""
    bypass: list[str] = []
    for path in sorted(TUI.rglob("*.py")):
        if str(path.relative_to(TUI.parent)) in ALLOWED:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
            shown: list[ast.expr] = []
            if name in SHOWN_CALLS and node.args:
                shown.append(node.args[0])
            shown += [k.value for k in node.keywords if k.arg in SHOWN_KEYWORDS]
            for arg in shown:
                text = _literal_text(arg)
                if text is not None:
                    where = f"{path.relative_to(TUI.parent)}:{node.lineno}"
                    bypass.append(f"{where}: {name}({text!r})")
    assert bypass == [], "\n".join(bypass)


@pytest.mark.parametrize("lang", LANGS)
def test_no_message_is_written_twice(lang: str) -> None:
    """A second entry for one id is silently ignored by the compiler: the text a translator (or
    an engineer) just wrote would never show."""
    text = (LOCALE_DIR / lang / "LC_MESSAGES" / "ritmas.po").read_text(encoding="utf-8")
    ids = re.findall(r'^msgid "(.+)"$', text, re.MULTILINE)
    assert sorted({i for i in ids if ids.count(i) > 1}) == []
