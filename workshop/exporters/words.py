"""The minutes' words in the document's own language: gettext catalogues and Babel formats.

Minutes are written in their workshop's language whatever the reader's, and they render
without a Flask app (the CLI, tests), so the catalogue and the locale come from `minutes.lang`
here, never from Flask-Babel's current locale. The catalogues are the interface's own
(workshop/translations): scripts/i18n.sh extracts these calls and tests/test_translations.py
checks them like any other string.
"""

from __future__ import annotations

import datetime
import functools
from dataclasses import dataclass
from pathlib import Path

from babel import Locale
from babel.dates import format_date, format_time
from babel.lists import format_list
from babel.numbers import format_percent
from babel.support import NullTranslations, Translations

from workshop.domain.minutes import LOCALES

CATALOGUES = Path(__file__).resolve().parents[1] / "translations"


@dataclass(frozen=True)
class Words:
    """Translate and format for one language of the minutes.

    Messages are %-formatted as Flask-Babel's are: gettext only when given values, ngettext
    always (with `num`).
    """

    lang: str
    locale: Locale
    catalogue: NullTranslations

    def gettext(self, message: str, /, **params: object) -> str:
        return _formatted(self.catalogue.gettext(message), params)

    def ngettext(self, singular: str, plural: str, num: int, /, **params: object) -> str:
        return self.catalogue.ngettext(singular, plural, num) % {"num": num, **params}

    def pgettext(self, context: str, message: str, /, **params: object) -> str:
        return _formatted(self.catalogue.pgettext(context, message), params)

    def date(self, day: datetime.date) -> str:
        """Return "mardi 1er avril 2025" / "Tuesday 1 April 2025"."""
        # French writes the first of the month as an ordinal, hence a pattern of its own.
        if day.day == 1:
            # TRANSLATORS: a Babel (CLDR) date pattern; quote literal text: 'er'.
            pattern = self.pgettext("minutes date, first of the month", "EEEE d MMMM y")
        else:
            # TRANSLATORS: a Babel (CLDR) date pattern.
            pattern = self.pgettext("minutes date", "EEEE d MMMM y")
        return format_date(day, pattern, locale=self.locale)

    def month(self, day: datetime.date) -> str:
        """Return "novembre 2026" / "November 2026" (the day is ignored)."""
        # TRANSLATORS: a Babel (CLDR) pattern for a month and its year, standalone.
        return format_date(day, self.pgettext("minutes month", "LLLL y"), locale=self.locale)

    def time(self, moment: datetime.time) -> str:
        """Return "14h30" / "14:30"."""
        # TRANSLATORS: a Babel (CLDR) time pattern; quote literal text: 'h'.
        return format_time(moment, self.pgettext("minutes time", "H:mm"), locale=self.locale)

    def percent(self, share: float) -> str:
        """Return a 0–1 share as a whole percentage: "28 %" / "28%"."""
        # Rounded first as the minutes always were (Python's round of the float), so a share
        # that falls on a half prints as it did before Babel formatted it.
        return format_percent(round(share * 100) / 100, locale=self.locale)

    def join(self, items) -> str:
        """Join names as "A, B et C" / "A, B and C"."""
        return format_list(list(items), locale=self.locale)


def _formatted(text: str, params: dict) -> str:
    return text % params if params else text


@functools.cache
def words_for(lang: str) -> Words:
    """Return the words of the minutes in `lang` ("fr" or "en")."""
    locale = Locale.parse(LOCALES[lang])
    return Words(lang, locale, Translations.load(CATALOGUES, [locale]))
