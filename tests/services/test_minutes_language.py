"""The minutes are written in the workshop's language, whatever the language of the request.

A facilitator whose browser speaks English downloads the minutes of a French workshop (and the
CLI exports under English): every word the services put in the document, and every word the
exporters add, must still be the workshop's.
"""

import pytest
from flask_babel import force_locale

from tests.factories import add_vote, cast_dot, join, make_workshop
from workshop.domain.minutes import VoteSection
from workshop.services import minutes, voting

FRENCH = {
    "introduction": "Introduction",
    "closing": "Conclusion",
    "tie": "Les orientations à égalité partagent un rang ; le rang suivant saute d'autant "
    "(1, 2, 3=, 3=, 5).",
    "cutoff": "Une égalité au seuil de sélection se départage par un second tour.",
    # Built from the actual ranks: B and C share the second place.
    "note": "*« 2= » : rang partagé par des orientations à égalité de points ; le rang suivant "
    "saute d'autant (1, 2=, 2=).*",
}
ENGLISH = {
    "introduction": "Introduction",
    "closing": "Closing note",
    "tie": "Tied orientations share a rank; the next rank skips accordingly (1, 2, 3=, 3=, 5).",
    "cutoff": "A tie at the selection cut-off is settled by a runoff.",
    "note": "*“2=”: rank shared by orientations with equal points; the next rank skips "
    "accordingly (1, 2=, 2=).*",
}
CASES = [("fr", "en", FRENCH), ("en", "fr", ENGLISH)]


def _tied_workshop(language: str):
    """A workshop with free texts and a closed vote: B and C tied across the cut-off."""
    workshop, _ = make_workshop(language=language)
    minutes.save_texts(workshop, {"introduction": "Bonjour.", "closing": "À bientôt."})
    activity = add_vote(workshop, retain=2, candidates=("A", "B", "C"))
    people = [join(workshop, first_name=f"P{i}")[0] for i in range(3)]
    voting.open_vote(workshop, activity)
    a, b, c = (candidate.id for candidate in voting.candidates_of(activity))
    for person, picks in zip(people, [(a, b), (a, c), (a,)], strict=True):
        for candidate in picks:
            cast_dot(workshop, activity, person, candidate)
    voting.close_vote(workshop, activity)
    return workshop, activity


@pytest.mark.parametrize(("language", "reader", "words"), CASES)
def test_the_services_words_are_in_the_workshops_language(ctx, language, reader, words):
    workshop, _activity = _tied_workshop(language)
    with force_locale(reader):
        built = minutes.build_minutes(workshop)
    (vote,) = built.sections  # the introduction and the closing are parts of the outline
    assert isinstance(vote, VoteSection)
    assert (vote.tie_note, vote.cutoff_note) == (words["tie"], words["cutoff"])
    assert (built.introduction, built.closing) == (("Bonjour.",), ("À bientôt.",))


@pytest.mark.parametrize(("language", "reader", "words"), CASES)
def test_a_builder_called_alone_writes_in_the_workshops_language(ctx, language, reader, words):
    workshop, activity = _tied_workshop(language)
    with force_locale(reader):
        (vote,) = minutes.vote_sections(workshop, activity)
    assert vote.cutoff_note == words["cutoff"]


@pytest.mark.parametrize(("language", "reader", "words"), CASES)
def test_the_exported_minutes_are_in_the_workshops_language(ctx, language, reader, words):
    workshop, _activity = _tied_workshop(language)
    with force_locale(reader):
        content, _mimetype, _name = minutes.export(workshop, "md")
    text = content.decode("utf-8")
    assert f"## {words['introduction']}" in text and f"## {words['closing']}" in text
    # The service's tie rule and the exporter's "3=" convention make one note, not two.
    assert words["note"] in text
    assert FRENCH["tie"] not in text and ENGLISH["tie"] not in text
