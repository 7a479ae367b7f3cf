"""The minutes' words and formats come from the catalogues and Babel, in the document's language."""

from __future__ import annotations

import datetime

import pytest
from flask_babel import force_locale

from tests.exporters import sample
from tests.exporters.readers import FORMATS, render_and_read
from workshop.exporters.words import words_for

FR, EN = words_for("fr"), words_for("en")


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize(
    ("lang", "reader", "title", "other"),
    [
        ("fr", "en", "Contexte et enjeux", "Context and stakes"),
        ("en", "fr", "Context and stakes", "Contexte et enjeux"),
    ],
)
def test_minutes_keep_their_language_in_a_request_of_another(ctx, fmt, lang, reader, title, other):
    with force_locale(reader):
        outline = render_and_read(sample.sample_minutes(lang=lang), fmt)
    assert title in outline.titles(1) and other not in outline.titles(1)


def test_minutes_render_in_french_without_any_flask_app():
    outline = render_and_read(sample.sample_minutes(), "markdown")
    assert "Contexte et enjeux" in outline.titles(1)


def test_lists_join_with_the_last_word_and_no_comma_before_it():
    assert FR.join(("A", "B", "C")) == "A, B et C"
    assert EN.join(("A", "B", "C")) == "A, B and C"  # the minutes' English is British
    assert (FR.join(("A", "B")), FR.join(("A",)), FR.join(())) == ("A et B", "A", "")


def test_only_the_first_of_the_month_is_an_ordinal_in_french():
    assert FR.date(datetime.date(2026, 3, 1)) == "dimanche 1er mars 2026"
    assert FR.date(datetime.date(2026, 3, 12)) == "jeudi 12 mars 2026"
    assert EN.date(datetime.date(2026, 3, 1)) == "Sunday 1 March 2026"


def test_times_keep_their_minutes_on_the_hour():
    assert FR.time(datetime.time(18)) == "18h00"
    assert EN.time(datetime.time(9, 30)) == "9:30"


def test_a_share_on_a_half_percent_prints_as_the_minutes_always_did():
    # 23/40 is 0.575, held as 0.57499...: the minutes have always printed 57, not 58.
    assert FR.percent(23 / 40) == "57\u00a0%"
    assert EN.percent(0.125) == "12%"


def test_a_word_the_minutes_spell_like_the_interface_keeps_its_own_french():
    assert FR.pgettext("minutes", "First choices") == "1ers choix"
    assert FR.pgettext("minutes", "Retained") == "Retenue"


def test_a_message_is_formatted_only_when_given_values_as_flask_babels_are():
    assert EN.gettext("100% of the votes") == "100% of the votes"
    assert EN.gettext("%(n)s votes", n=3) == "3 votes"
