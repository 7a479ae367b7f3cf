"""A run-off that ties again: keep them all, decide (with a reason), or another round."""

import pytest
from werkzeug.datastructures import MultiDict

from tests.factories import cast_dot
from tests.services.test_voting import ids, tied_vote
from workshop.domain import voting as rules
from workshop.services import voting
from workshop.services.minutes import vote_sections
from workshop.services.refusals import Conflict, FormErrors

pytestmark = pytest.mark.usefixtures("ctx")


def tied_again():
    """A vote retaining 2 (A clear, B and C tied) and its closed run-off, tied again."""
    workshop, activity, people = tied_vote(retain=2)
    runoff = voting.create_runoff(workshop, activity)
    voting.open_vote(workshop, runoff)
    b, c = ids(runoff)
    cast_dot(workshop, runoff, people[0], b)
    cast_dot(workshop, runoff, people[1], c)
    voting.close_vote(workshop, runoff)
    assert voting.result_of(runoff).cutoff_tie
    return workshop, activity, runoff, (b, c)


def settle(workshop, runoff, **fields):
    data = MultiDict()
    for name, value in fields.items():
        for one in value if isinstance(value, list) else [value]:
            data.add(name, str(one))
    voting.settle_tie(workshop, runoff, data)


def test_the_facilitator_decides_a_second_tie_and_the_minutes_say_why():
    workshop, activity, runoff, (b, c) = tied_again()
    settle(workshop, runoff, how="decide", chosen=[c], reason="Le groupe B porte déjà B.")
    _original, retained = voting.settled_candidates(activity)
    assert [x.label for x in retained] == ["A", "C"]
    (section,) = vote_sections(workshop, runoff)
    assert "« C »" in section.cutoff_note and "Le groupe B porte déjà B." in section.cutoff_note
    (first,) = vote_sections(workshop, activity)
    assert first.cutoff_note.endswith("au final, « A » et « C » sont retenues.")


def test_keeping_every_tied_orientation_retains_more_than_planned():
    workshop, activity, runoff, _tied = tied_again()
    settle(workshop, runoff, how="keep_all")
    _original, retained = voting.settled_candidates(activity)
    assert [x.label for x in retained] == ["A", "B", "C"]
    (section,) = vote_sections(workshop, runoff)
    assert "« B » et « C »" in section.cutoff_note


def test_another_round_is_still_possible_until_the_tie_is_settled():
    workshop, _activity, runoff, _tied = tied_again()
    third = voting.create_runoff(workshop, runoff)
    assert [x.label for x in voting.candidates_of(third)] == ["B", "C"]
    with pytest.raises(Conflict, match="runoff_exists"):
        settle(workshop, runoff, how="keep_all")


def test_a_settled_tie_takes_no_other_round():
    workshop, _activity, runoff, _tied = tied_again()
    settle(workshop, runoff, how="keep_all")
    with pytest.raises(Conflict, match="tie_settled"):
        voting.create_runoff(workshop, runoff)


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ({"how": "decide", "chosen": [], "reason": "x"}, "choose_tied"),
        ({"how": "guess"}, "unknown_decision"),
    ],
)
def test_a_bad_decision_is_refused_and_changes_nothing(fields, code):
    workshop, _activity, runoff, _tied = tied_again()
    with pytest.raises(Conflict, match=code):
        settle(workshop, runoff, **fields)
    assert voting.tie_decision(runoff) is None


def test_choosing_both_for_one_place_or_an_untied_one_is_refused():
    workshop, activity, runoff, (b, c) = tied_again()
    with pytest.raises(Conflict, match="too_many_chosen"):
        settle(workshop, runoff, how="decide", chosen=[b, c], reason="x")
    with pytest.raises(Conflict, match="choose_tied"):
        settle(workshop, runoff, how="decide", chosen=[ids(activity)[0]], reason="x")


def test_a_decision_needs_its_reason():
    workshop, _activity, runoff, (b, _c) = tied_again()
    with pytest.raises(FormErrors) as error:
        settle(workshop, runoff, how="decide", chosen=[b], reason="  ")
    assert "reason" in error.value.fields
    assert voting.tie_decision(runoff) is None


def test_a_clean_cut_has_no_tie_to_settle():
    candidates = [rules.Candidate(1, "A", 0), rules.Candidate(2, "B", 1)]
    vote_rules = rules.VoteRules.create(rules.DOTS, 3, retain_count=1)
    clean = rules.tally(vote_rules, candidates, [rules.Ballot(1, {1: 1})])
    with pytest.raises(rules.VotingError, match="no_tie"):
        rules.decided(clean, rules.KEEP_ALL)
