"""The French catalogue covers every interface string, and the committed .mo matches it.

When a test here fails after you added or reworded a string: run scripts/i18n.sh, translate the
new (empty or "#, fuzzy") entries of workshop/translations/fr/LC_MESSAGES/messages.po, run the
script again, and commit the .po, the .pot and the .mo.
"""

import io
import re
from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import read_mo, write_mo
from babel.messages.pofile import read_po
from flask_babel import force_locale, ngettext

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "workshop" / "translations"
FR_PO = TRANSLATIONS / "fr" / "LC_MESSAGES" / "messages.po"
FR_MO = TRANSLATIONS / "fr" / "LC_MESSAGES" / "messages.mo"
# The same extra keywords as `pybabel extract -k _l -k lazy_gettext` in scripts/i18n.sh.
KEYWORDS = {**DEFAULT_KEYWORDS, "_l": None, "lazy_gettext": None}
# %(name)s, %(n)d, %(share).1f ... ; "%%" is a literal percent sign, not a placeholder.
PLACEHOLDER = re.compile(r"%\((\w+)\)[-#0 +]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa]")


def _placeholders(text: str) -> set[str]:
    return set(PLACEHOLDER.findall(text.replace("%%", "")))


def _label(msgid) -> str:
    return repr(msgid[0] if isinstance(msgid, tuple) else msgid)


def _extracted() -> dict:
    """What `pybabel extract -F babel.cfg` finds now: {(msgid, context): first place}."""
    with open(ROOT / "babel.cfg", encoding="utf-8") as cfg:
        method_map, options_map = parse_mapping_cfg(cfg, filename="babel.cfg")
    found = {}
    for filename, lineno, msgid, _comments, context in extract_from_dir(
        str(ROOT), method_map, options_map, keywords=KEYWORDS
    ):
        found.setdefault((msgid, context), f"{filename}:{lineno}")
    return found


def _catalog():
    with open(FR_PO, "rb") as po:
        return read_po(po, locale="fr")


def _translated(message) -> bool:
    strings = message.string if isinstance(message.string, tuple) else (message.string,)
    return bool(strings) and all(s and s.strip() for s in strings)


def test_every_interface_string_has_a_french_translation():
    catalog = _catalog()
    extracted = _extracted()
    assert extracted, "extraction found no message at all: check babel.cfg"
    problems = []
    for (msgid, context), where in sorted(extracted.items(), key=lambda item: item[1]):
        singular = msgid[0] if isinstance(msgid, tuple) else msgid
        message = catalog.get(singular, context=context)
        if message is None:
            problems.append(f"{where}: {_label(msgid)} is not in the French catalogue")
        elif isinstance(msgid, tuple) != message.pluralizable or (
            isinstance(msgid, tuple) and tuple(msgid) != tuple(message.id)
        ):
            problems.append(
                f"{where}: {_label(msgid)} changed its plural form since the last update"
            )
        elif message.fuzzy:
            problems.append(
                f"{where}: {_label(msgid)} has only a fuzzy (unchecked) French translation"
            )
        elif not _translated(message):
            problems.append(f"{where}: {_label(msgid)} has no French translation")
    assert not problems, "run scripts/i18n.sh and translate:\n" + "\n".join(problems)


def test_the_french_catalogue_uses_the_french_plural_rule():
    catalog = _catalog()
    assert catalog.num_plurals == 2
    assert catalog.plural_expr.replace(" ", "") in {"(n>1)", "n>1"}


def test_french_translations_keep_the_placeholders_of_their_msgid():
    problems = []
    for message in _catalog():
        if not message.id or not _translated(message):
            continue
        if message.pluralizable:
            # ngettext always passes num; a form may show or hide it.
            allowed = _placeholders(message.id[0]) | _placeholders(message.id[1]) | {"num"}
            for index, string in enumerate(message.string):
                extra = _placeholders(string) - allowed
                if extra:
                    problems.append(f"{_label(message.id)} [{index}]: unknown {sorted(extra)}")
            continue
        expected, got = _placeholders(message.id), _placeholders(message.string)
        if expected != got:
            problems.append(
                f"{_label(message.id)}: expects {sorted(expected)}, translation has {sorted(got)}"
            )
    assert not problems, "\n".join(problems)


def test_french_translations_format_like_their_msgid():
    """A stray "%" breaks a string that gets %-formatted: write "%%" there.

    Jinja's `_()` always %-formats; Python's gettext and `message()` only when given values.
    """
    problems = []
    for message in _catalog():
        if not message.id or not _translated(message):
            continue
        ids = message.id if message.pluralizable else (message.id,)
        strings = message.string if message.pluralizable else (message.string,)
        in_template = any(filename.endswith(".html") for filename, _line in message.locations)
        if not (in_template or message.pluralizable or any(_placeholders(text) for text in ids)):
            continue
        values = {name: 1 for text in ids for name in _placeholders(text)} | {"num": 1}
        try:
            for text in ids:
                text % values
        except (KeyError, ValueError, TypeError):
            continue  # the msgid itself is not %-formatted
        for string in strings:
            try:
                string % values
            except (KeyError, ValueError, TypeError) as error:
                problems.append(f"{_label(message.id)}: {string!r} does not format ({error!r})")
    assert not problems, "\n".join(problems)


def _mo_messages(data: bytes) -> dict:
    catalog = read_mo(io.BytesIO(data))

    def frozen(value):
        return tuple(value) if isinstance(value, (list, tuple)) else value

    messages = {(frozen(m.id), m.context): frozen(m.string) for m in catalog if m.id}
    return {"plural_forms": catalog.plural_forms, "messages": messages}


def test_the_committed_mo_matches_the_po():
    """Compile the .po in memory, as `pybabel compile` does, and compare with the committed .mo."""
    assert FR_MO.exists(), "run scripts/i18n.sh: the French .mo is missing"
    compiled = io.BytesIO()
    write_mo(compiled, _catalog(), use_fuzzy=False)
    expected = _mo_messages(compiled.getvalue())
    committed = _mo_messages(FR_MO.read_bytes())
    assert committed["plural_forms"] == expected["plural_forms"]
    stale = sorted(
        _label(key[0])
        for key in expected["messages"].keys() | committed["messages"].keys()
        if expected["messages"].get(key) != committed["messages"].get(key)
    )
    assert not stale, "run scripts/i18n.sh: the .mo differs from the .po on\n" + "\n".join(stale)


@pytest.mark.parametrize(
    ("language", "phrase", "other"),
    [
        ("fr", "Rejoindre un atelier", "Join a workshop"),
        ("en", "Join a workshop", "Rejoindre un atelier"),
    ],
)
def test_the_home_page_speaks_the_browsers_language(client, language, phrase, other):
    page = client.get("/", headers={"Accept-Language": language}).get_data(as_text=True)
    assert f'<html lang="{language}">' in page
    assert phrase in page and other not in page


def test_french_plurals_use_the_singular_for_zero_and_one(ctx):
    with force_locale("fr"):
        forms = [ngettext("person present", "people present", n) for n in (0, 1, 2)]
    assert forms == ["personne présente", "personne présente", "personnes présentes"]
    with force_locale("en"):
        forms = [ngettext("person present", "people present", n) for n in (0, 1, 2)]
    assert forms == ["people present", "person present", "people present"]
