"""A run-off and a follow-up workshop are written in the workshop's language, whatever the
language of the facilitator's browser (their texts are stored: they never change later)."""

import pytest
from flask_babel import force_locale

from tests.factories import add_vote, cast_dot, join, make_workshop
from workshop.services import voting

FRENCH = {
    "runoff": "Départage : Priorisation",
    "instruction": "Second tour entre les orientations à égalité au seuil : les règles sont "
    "ci-dessous.",
    "title": "Atelier de test (suite)",
    "brainstorm": "Orientations retenues",
    "follows": "Suite de l'atelier « Atelier de test » (2026-03-12).",
}
ENGLISH = {
    "runoff": "Run-off: Priorisation",
    "instruction": "A second round between the orientations tied at the cut-off: the rules are "
    "below.",
    "title": "Atelier de test (follow-up)",
    "brainstorm": "Retained orientations",
    "follows": "Follows the workshop “Atelier de test” (2026-03-12).",
}
CASES = [("fr", "en", FRENCH), ("en", "fr", ENGLISH)]


def _tied_vote(language: str):
    """A closed vote: A retained, B and C tied across the cut-off for the second seat."""
    workshop, _ = make_workshop(language=language, date="2026-03-12")
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
def test_a_runoff_is_named_in_the_workshops_language(ctx, language, reader, words):
    workshop, activity = _tied_vote(language)
    with force_locale(reader):
        runoff = voting.create_runoff(workshop, activity)
    assert (runoff.title, runoff.instruction) == (words["runoff"], words["instruction"])


@pytest.mark.parametrize(("language", "reader", "words"), CASES)
def test_a_follow_up_is_written_in_the_workshops_language(ctx, language, reader, words):
    workshop, activity = _tied_vote(language)
    with force_locale(reader):
        new, _secret = voting.create_follow_up(workshop, activity)
    assert (new.title, new.activities[1].title) == (words["title"], words["brainstorm"])
    assert new.context.endswith(words["follows"])
