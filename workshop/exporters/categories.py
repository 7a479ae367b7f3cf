"""Participant categories as the minutes name them: "3 organismes publics", "Organismes publics".

The default categories (keys such as "public_body") have their words in the catalogues; a
category the facilitator typed ("centre social") is printed as typed, pluralised by rule.
"""

from __future__ import annotations

from workshop.exporters.words import Words

# Words after which a French or English noun phrase stops agreeing in number.
_FR_STOPS = {"de", "du", "des", "à", "au", "aux", "en", "pour", "sur", "et"}
_EN_STOPS = {"of", "for", "in", "on", "and", "with"}


def _known_counts(words: Words, n: int) -> dict[str, str]:
    """Return, per default category key, n people of that category counted."""
    return {
        "association": words.ngettext("%(num)s association", "%(num)s associations", n),
        "public_body": words.ngettext("%(num)s public body", "%(num)s public bodies", n),
        "company": words.ngettext("%(num)s company", "%(num)s companies", n),
        "elected": words.ngettext("%(num)s elected official", "%(num)s elected officials", n),
        "resident": words.ngettext("%(num)s resident", "%(num)s residents", n),
        "other": words.ngettext("%(num)s other", "%(num)s others", n),  # "Autre", chosen
        # TRANSLATORS: people whose category nobody gave ("50 de catégorie non renseignée").
        "": words.ngettext("%(num)s with no category given", "%(num)s with no category given", n),
    }


def _known_titles(words: Words) -> dict[str, str]:
    """Return, per default category key, the heading of its people."""
    return {
        "association": words.gettext("Associations"),
        "public_body": words.gettext("Public bodies"),
        "company": words.gettext("Companies"),
        "elected": words.gettext("Elected officials"),
        "resident": words.gettext("Residents"),
        "other": words.gettext("Others"),
        "": words.gettext("Category not given"),
    }


def counted(words: Words, category: str, n: int) -> str:
    """Return n people of a category: "2 organismes publics", "1 centre social"."""
    known = _known_counts(words, n)
    if category in known:
        return known[category]
    # TRANSLATORS: people in a category the facilitator typed ("2 centres sociaux").
    return words.ngettext(
        "%(num)s %(category)s",
        "%(num)s %(categories)s",
        n,
        category=category,
        categories=pluralise(words.lang, category),
    )


def title(words: Words, category: str) -> str:
    """Return the heading for a group of participants: the capitalised plural."""
    plural = _known_titles(words).get(category) or pluralise(words.lang, category)
    return plural[:1].upper() + plural[1:]


def pluralise(lang: str, phrase: str) -> str:
    """Pluralise a free noun phrase ("centre social" -> "centres sociaux", "body" -> "bodies")."""
    words = phrase.split(" ")
    stops = _FR_STOPS if lang == "fr" else _EN_STOPS
    head = next((i for i, w in enumerate(words) if w.casefold() in stops or "'" in w), len(words))
    if lang == "fr":
        words[:head] = [_pluralise_fr(w) if _agrees(w) else w for w in words[:head]]
    elif head and _agrees(words[head - 1]):
        words[head - 1] = _pluralise_en(words[head - 1])
    return " ".join(words)


def _agrees(word: str) -> bool:
    """Tell whether a word takes a plural mark: not empty, not a number, not an acronym."""
    return word[-1:].isalpha() and not word.isupper()


def _pluralise_fr(word: str) -> str:
    if word[-1:] in ("s", "x", "z"):
        return word
    if word.endswith("al"):
        return word[:-2] + "aux"
    return word + ("x" if word.endswith(("eau", "au", "eu")) else "s")


def _pluralise_en(word: str) -> str:
    if word.endswith("y") and word[-2:-1] not in tuple("aeiou"):
        return word[:-1] + "ies"
    return word + ("es" if word.endswith(("s", "x", "z", "ch", "sh")) else "s")
