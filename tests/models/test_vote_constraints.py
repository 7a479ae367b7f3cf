"""The database itself bounds every ballot, whatever writes to it (run with --postgres too)."""

import pytest
from sqlalchemy import insert, update
from sqlalchemy.exc import IntegrityError

from tests.factories import add_vote, join, make_workshop
from workshop.db import session, utcnow
from workshop.models import Vote, VoteApproval, VoteCandidate, VoteDot, VoteRank
from workshop.services import voting

pytestmark = pytest.mark.usefixtures("ctx")


@pytest.fixture
def dots_vote():
    """An open dots vote: 3 dots, at most 1 per candidate; one voter; candidate ids."""
    workshop, _ = make_workshop()
    activity = add_vote(workshop, candidates=("A", "B", "C", "D"))
    person, _ = join(workshop)
    voting.open_vote(workshop, activity)
    return activity, person, [c.id for c in voting.candidates_of(activity)]


def write(table, **values):
    """Insert one row straight through SQLAlchemy, bypassing every service, and commit."""
    s = session()
    try:
        s.execute(insert(table).values(created_at=utcnow(), is_proxy=False, **values))
        s.commit()
    except IntegrityError:
        s.rollback()
        raise


def dot(activity, person, candidate_id, slot, candidate_slot=1, budget=3, most=1, method="dots"):
    write(
        VoteDot,
        activity_id=activity.id,
        participant_id=person.id,
        candidate_id=candidate_id,
        method=method,
        budget=budget,
        max_per_candidate=most,
        slot=slot,
        candidate_slot=candidate_slot,
    )


def test_an_n_plus_first_dot_is_refused_by_the_database(dots_vote):
    activity, person, (a, b, c, d) = dots_vote
    for slot, candidate in enumerate((a, b, c), start=1):
        dot(activity, person, candidate, slot)
    with pytest.raises(IntegrityError):  # slot 4 > budget 3: the CHECK
        dot(activity, person, d, 4)
    with pytest.raises(IntegrityError):  # slot 3 again: the UNIQUE slot
        dot(activity, person, d, 3)
    assert session().query(VoteDot).count() == 3


def test_a_row_cannot_claim_a_larger_budget_than_the_vote(dots_vote):
    activity, person, (a, b, c, d) = dots_vote
    for slot, candidate in enumerate((a, b, c), start=1):
        dot(activity, person, candidate, slot)
    with pytest.raises(IntegrityError):  # (activity, budget 99) is not the vote's rules
        dot(activity, person, d, 4, budget=99)
    with pytest.raises(IntegrityError):
        dot(activity, person, d, 4, budget=99, most=99)


def test_one_candidate_takes_at_most_max_per_candidate_dots(dots_vote):
    activity, person, (a, *_rest) = dots_vote
    dot(activity, person, a, 1)
    with pytest.raises(IntegrityError):  # the same (candidate, candidate_slot 1)
        dot(activity, person, a, 2)
    with pytest.raises(IntegrityError):  # candidate_slot 2 > max 1: the CHECK
        dot(activity, person, a, 2, candidate_slot=2)


def test_a_dot_on_another_votes_candidate_is_refused(dots_vote):
    activity, person, _ids = dots_vote
    other = add_vote(make_workshop()[0], title="Autre")
    foreign = session().query(VoteCandidate).filter_by(activity_id=other.id).first()
    with pytest.raises(IntegrityError):
        dot(activity, person, foreign.id, 1)


def test_a_dot_cannot_be_written_into_a_ranking_vote():
    workshop, _ = make_workshop()
    activity = add_vote(workshop, method="ranking")
    person, _ = join(workshop)
    voting.open_vote(workshop, activity)
    candidate = voting.candidates_of(activity)[0].id
    with pytest.raises(IntegrityError):
        dot(activity, person, candidate, 1, method="ranking")
    with pytest.raises(IntegrityError):
        dot(activity, person, candidate, 1)


def test_no_dot_before_the_vote_has_rules_in_force():
    workshop, _ = make_workshop()
    activity = add_vote(workshop)
    person, _ = join(workshop)
    with pytest.raises(IntegrityError):  # no `votes` row yet: nothing to point at
        dot(activity, person, voting.candidates_of(activity)[0].id, 1)


@pytest.fixture
def ranking_vote():
    workshop, _ = make_workshop()
    activity = add_vote(workshop, method="ranking", budget=2, candidates=("A", "B", "C"))
    person, _ = join(workshop)
    voting.open_vote(workshop, activity)
    return activity, person, [c.id for c in voting.candidates_of(activity)]


def rank(activity, person, candidate_id, place, budget=2):
    write(
        VoteRank,
        activity_id=activity.id,
        participant_id=person.id,
        candidate_id=candidate_id,
        method="ranking",
        budget=budget,
        rank=place,
    )


def test_two_candidates_never_share_a_place_and_a_candidate_has_one_place(ranking_vote):
    activity, person, (a, b, c) = ranking_vote
    rank(activity, person, a, 1)
    with pytest.raises(IntegrityError):
        rank(activity, person, b, 1)
    with pytest.raises(IntegrityError):
        rank(activity, person, a, 2)
    rank(activity, person, b, 2)
    with pytest.raises(IntegrityError):  # place 3 > K = 2
        rank(activity, person, c, 3)


def test_a_candidate_is_approved_once_per_voter():
    workshop, _ = make_workshop()
    activity = add_vote(workshop, method="approval")
    person, _ = join(workshop)
    voting.open_vote(workshop, activity)
    candidate = voting.candidates_of(activity)[0].id
    values = {
        "activity_id": activity.id,
        "participant_id": person.id,
        "candidate_id": candidate,
        "method": "approval",
    }
    write(VoteApproval, **values)
    with pytest.raises(IntegrityError):
        write(VoteApproval, **values)


def test_lowering_the_budget_below_a_slot_in_use_is_refused(dots_vote):
    activity, person, (a, b, c, _d) = dots_vote
    for slot, candidate in enumerate((a, b, c), start=1):
        dot(activity, person, candidate, slot)
    s = session()
    with pytest.raises(IntegrityError):  # the cascade rewrites slot 3's budget to 2: CHECK
        s.execute(update(Vote).where(Vote.activity_id == activity.id).values(budget=2))
        s.commit()
    s.rollback()
    s.execute(update(Vote).where(Vote.activity_id == activity.id).values(budget=5))
    s.commit()
    assert {row.budget for row in s.query(VoteDot)} == {5}
