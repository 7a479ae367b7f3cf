"""Writing ballot rows: each change read and written inside the caller's transaction.

The rules are checked by workshop.domain.voting against the rows as they are now; the
database constraints (workshop/models/vote.py) bound what any race could still slip
through: slots, ranks and ticks are UNIQUE, and every row carries the rules in force.
"""

from collections import Counter
from collections.abc import Callable

from sqlalchemy import bindparam, delete, insert, select
from sqlalchemy.orm import Session

from workshop.db import utcnow
from workshop.domain import voting
from workshop.models import Participant, Vote, VoteApproval, VoteCandidate, VoteDot, VoteRank

BALLOT_TABLES = {voting.DOTS: VoteDot, voting.RANKING: VoteRank, voting.APPROVAL: VoteApproval}
# A change returns the person's choices after it, or None when they must be read again.
Change = Callable[[Session, Vote, voting.VoteRules, Participant, VoteCandidate], object]


_DOTS, _RANKS, _TICKS = VoteDot.__table__, VoteRank.__table__, VoteApproval.__table__
_MINE = {"activity": bindparam("activity"), "person": bindparam("person")}


def _of_voter(table):
    return (table.c.activity_id == _MINE["activity"], table.c.participant_id == _MINE["person"])


# Built once: a burst of taps runs these thousands of times a second.
DOT_ROWS = select(_DOTS.c.slot, _DOTS.c.candidate_id, _DOTS.c.candidate_slot).where(
    *_of_voter(_DOTS)
)
RANKED = select(_RANKS.c.candidate_id).where(*_of_voter(_RANKS)).order_by(_RANKS.c.rank)
TICKED = select(_TICKS.c.candidate_id).where(*_of_voter(_TICKS))
INSERT_DOT = insert(_DOTS)


def choices_of(s: Session, activity_id: int, person_id: int, method: str):
    """Return one person's stored choices: {candidate: dots}, (candidate by rank...), or a set."""
    mine = {"activity": activity_id, "person": person_id}
    if method == voting.DOTS:
        return Counter(row.candidate_id for row in s.connection().execute(DOT_ROWS, mine))
    if method == voting.RANKING:
        return tuple(s.connection().execute(RANKED, mine).scalars())
    return frozenset(s.connection().execute(TICKED, mine).scalars())


def voter_groups(person: Participant, candidate: VoteCandidate) -> dict:
    return {"voter_group": person.group_id, "candidate_group": candidate.origin_group_id}


def lowest_free(used, high: int) -> int:
    """Return the lowest number in 1..high not in `used` (high+1 if none: the CHECK refuses)."""
    return next((n for n in range(1, high + 1) if n not in set(used)), high + 1)


def add_dot(s, vote, rules, person, candidate, proxy=False) -> Counter:
    """Place one dot; return the person's dots after it."""
    mine = {"activity": vote.activity_id, "person": person.id}
    rows = s.connection().execute(DOT_ROWS, mine).all()
    allocation = Counter(row.candidate_id for row in rows)
    voting.check_dot(
        rules, allocation, candidate.id, {candidate.id}, **voter_groups(person, candidate)
    )
    mine = [row.candidate_slot for row in rows if row.candidate_id == candidate.id]
    insert_dot(
        s,
        vote,
        person,
        candidate.id,
        lowest_free([row.slot for row in rows], vote.budget),
        lowest_free(mine, vote.max_per_candidate),
        proxy,
    )
    allocation[candidate.id] += 1
    return allocation


def insert_dot(s, vote, person, candidate_id, slot, candidate_slot, proxy) -> None:
    s.connection().execute(
        INSERT_DOT,
        {
            "activity_id": vote.activity_id,
            "participant_id": person.id,
            "candidate_id": candidate_id,
            "method": vote.method,
            "budget": vote.budget,
            "max_per_candidate": vote.max_per_candidate,
            "slot": slot,
            "candidate_slot": candidate_slot,
            "is_proxy": proxy,
            "created_at": utcnow(),
        },
    )


def remove_dot(s, vote, rules, person, candidate) -> None:
    where = (
        VoteDot.activity_id == vote.activity_id,
        VoteDot.participant_id == person.id,
        VoteDot.candidate_id == candidate.id,
    )
    last = s.scalar(select(VoteDot.id).where(*where).order_by(VoteDot.candidate_slot.desc()))
    voting.check_remove_dot({candidate.id: 1 if last else 0}, candidate.id)
    s.execute(delete(VoteDot).where(VoteDot.id == last))


def append_rank(s, vote, rules, person, candidate) -> None:
    ranking = choices_of(s, vote.activity_id, person.id, voting.RANKING)
    rank = len(ranking) + 1
    voting.check_rank(
        rules, ranking, rank, candidate.id, {candidate.id}, **voter_groups(person, candidate)
    )
    insert_ranks(s, vote, person, [candidate.id], first=rank)


def reorder(reorder: Callable[[tuple, int], tuple]) -> Change:
    """Make a change that rewrites one's whole ranking in a new order."""

    def change(s, vote, rules, person, candidate) -> None:
        ranking = choices_of(s, vote.activity_id, person.id, voting.RANKING)
        replace_ranking(s, vote, person, reorder(ranking, candidate.id))

    return change


def moved(ranking: tuple, candidate_id: int, delta: int) -> tuple:
    if candidate_id not in ranking:
        raise voting.BallotError("nothing_to_remove")
    order = list(ranking)
    i = order.index(candidate_id)
    j = min(max(i + delta, 0), len(order) - 1)
    order[i], order[j] = order[j], order[i]
    return tuple(order)


def replace_ranking(s, vote, person, ranking, proxy=False) -> None:
    """Rewrite a ranking: delete, then insert 1..n (an UPDATE would collide on the ranks)."""
    s.execute(
        delete(VoteRank).where(
            VoteRank.activity_id == vote.activity_id, VoteRank.participant_id == person.id
        )
    )
    insert_ranks(s, vote, person, list(ranking), proxy=proxy)


def insert_ranks(s, vote, person, candidate_ids, first=1, proxy=False) -> None:
    if not candidate_ids:
        return
    s.execute(
        insert(VoteRank),
        [
            {
                "activity_id": vote.activity_id,
                "participant_id": person.id,
                "candidate_id": candidate_id,
                "method": vote.method,
                "budget": vote.budget,
                "rank": rank,
                "is_proxy": proxy,
                "created_at": utcnow(),
            }
            for rank, candidate_id in enumerate(candidate_ids, start=first)
        ],
    )


def add_approval(s, vote, rules, person, candidate, proxy=False) -> None:
    approved = choices_of(s, vote.activity_id, person.id, voting.APPROVAL)
    voting.check_approval(
        rules, approved, candidate.id, {candidate.id}, **voter_groups(person, candidate)
    )
    insert_approvals(s, vote, person, [candidate.id], proxy)


def insert_approvals(s, vote, person, candidate_ids, proxy=False) -> None:
    if not candidate_ids:
        return
    s.execute(
        insert(VoteApproval),
        [
            {
                "activity_id": vote.activity_id,
                "participant_id": person.id,
                "candidate_id": candidate_id,
                "method": vote.method,
                "is_proxy": proxy,
                "created_at": utcnow(),
            }
            for candidate_id in candidate_ids
        ],
    )


def remove_approval(s, vote, rules, person, candidate) -> None:
    result = s.execute(
        delete(VoteApproval).where(
            VoteApproval.activity_id == vote.activity_id,
            VoteApproval.participant_id == person.id,
            VoteApproval.candidate_id == candidate.id,
        )
    )
    if not result.rowcount:
        raise voting.BallotError("nothing_to_remove")


def replace_ballot(s, vote, person, choices) -> None:
    table = BALLOT_TABLES[vote.method]
    s.execute(
        delete(table).where(
            table.activity_id == vote.activity_id, table.participant_id == person.id
        )
    )
    if vote.method == voting.RANKING:
        insert_ranks(s, vote, person, list(choices), proxy=True)
    elif vote.method == voting.APPROVAL:
        insert_approvals(s, vote, person, sorted(choices), proxy=True)
    else:
        slot = 0
        for candidate_id, count in choices.items():
            for candidate_slot in range(1, count + 1):
                slot += 1
                insert_dot(s, vote, person, candidate_id, slot, candidate_slot, True)
