"""Authors in the minutes (board-display): a small bracket after a named answer, escaped by
every renderer like any other text."""

from tests.exporters import sample
from workshop.domain.minutes import GroupAnswer, Heading, Headings, ScenarioSection, attributed
from workshop.exporters.html import render_html
from workshop.exporters.markdown import render_markdown
from workshop.exporters.words import words_for

HOSTILE = "<b>Marie</b> *Dupont*"


def test_an_answer_is_followed_by_its_author_in_brackets():
    assert attributed("Lieu ouvert", "Marie Dupont") == "Lieu ouvert (Marie Dupont)"


def test_no_author_leaves_the_text_alone():
    assert attributed("Lieu ouvert", None) == "Lieu ouvert"
    assert attributed("Lieu ouvert", "") == "Lieu ouvert"


def test_someone_who_may_not_be_named_is_a_participant_in_both_languages():
    assert words_for("fr").gettext("a participant") == "un participant"
    assert words_for("en").gettext("a participant") == "a participant"


def test_a_hostile_author_is_plain_text_in_every_renderer():
    heading = Heading(attributed("Lieu ouvert", HOSTILE), (attributed("le soir", HOSTILE),))
    answer = GroupAnswer("Groupe A", Headings((heading,)))
    minutes = sample.sample_minutes(sections=(ScenarioSection("En 2030", answers=(answer,)),))
    html = render_html(minutes)
    assert "Lieu ouvert (&lt;b&gt;Marie&lt;/b&gt; *Dupont*)" in html and "<b>Marie" not in html
    markdown = render_markdown(minutes)
    assert "\\<b>Marie" in markdown and "Lieu ouvert (" in markdown
