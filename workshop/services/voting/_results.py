"""Reading a vote (its row, rules in force, candidates, one person's ballot) and
counting it: SQL aggregates in, the pure ranking rules out.

Never one row per ballot: each push of the projector's ranking costs a few GROUP BY
queries, however many people voted. The ranking itself (ties, the cut-off, shares)
is workshop.domain.voting.rank_totals; the breakdown's pooling is
workshop.domain.breakdown.plan_buckets.
"""

import logging
from dataclasses import dataclass

from sqlalchemy import case, distinct, func, select

from workshop import events
from workshop.db import session, transaction
from workshop.domain import voting
from workshop.domain.breakdown import OTHER, Bucket, plan_buckets
from workshop.models import Activity, Participant, Vote, VoteCandidate, VoteRank, Workshop
from workshop.services.refusals import Conflict, Malformed, NotFound
from workshop.services.voting._tap import BALLOT_TABLES, CLOSED, READY, choices_of

logger = logging.getLogger(__name__)
BREAKDOWNS = ("category", "group")


# ---- reading ------------------------------------------------------------------------


def vote_activity(workshop: Workshop, activity_id) -> Activity:
    """Return one of this workshop's vote activities; any other id looks absent."""
    for activity in workshop.activities:
        if str(activity.id) == str(activity_id) and activity.kind == "vote":
            return activity
    raise NotFound()


def vote_of(activity: Activity) -> Vote | None:
    """Return the vote's rules in force and state, or None before it was first opened."""
    return session().get(Vote, activity.id)


def state_of(vote: Vote | None) -> str:
    return READY if vote is None else vote.state


def rules_of(activity: Activity, vote: Vote | None = None) -> voting.VoteRules:
    """Return the rules in force: the vote's own once opened, else the settings'."""
    return voting.rules_in_force(voting.rules_from(activity.settings or {}), vote)


def candidates_of(activity: Activity) -> list[VoteCandidate]:
    """Return the vote's candidates in their original order."""
    query = select(VoteCandidate).where(VoteCandidate.activity_id == activity.id)
    return list(session().scalars(query.order_by(VoteCandidate.position, VoteCandidate.id)))


def as_candidates(candidates: list[VoteCandidate]) -> list[voting.Candidate]:
    """Return candidates as the pure rules see them; `position` is their place in the list."""
    return [voting.Candidate(c.id, c.label, i, c.origin_group_id) for i, c in enumerate(candidates)]


def ballot_of(activity: Activity, person: Participant) -> voting.Ballot:
    """Return what the database holds of one person's ballot, under the rules in force."""
    rules = rules_of(activity, vote_of(activity))
    choices = choices_of(session(), activity.id, person.id, rules.method)
    return voting.Ballot(person.id, choices, person.category or None, person.group_id)


def eligible(activity: Activity, person: Participant) -> bool:
    """Whether a person may vote: everyone, or the members of the one sub-group that votes."""
    group_id = activity.group_id
    return not group_id or person.group_id == group_id


# ---- counting -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Progress:
    """How many of the people present (who may vote) have cast a non-empty ballot."""

    voted: int
    present: int

    @property
    def percent(self) -> int:
        return round(100 * self.voted / self.present) if self.present else 0


def _points(method: str):
    """Return the SQL expression of the points one ballot row gives (see ballot_points)."""
    if method == voting.RANKING:
        return VoteRank.budget + 1 - VoteRank.rank  # K for the first place ... 1 for the K-th
    return 1  # one dot, or one tick


def totals_of(activity: Activity, rules: voting.VoteRules) -> voting.Totals:
    """Aggregate the stored ballots into Totals with a few GROUP BY queries."""
    table = BALLOT_TABLES[rules.method]
    mine = table.activity_id == activity.id
    first = case((VoteRank.rank == 1, 1), else_=0) if rules.method == voting.RANKING else 0
    rows = session().execute(
        select(
            table.candidate_id,
            func.sum(_points(rules.method)),
            func.count(distinct(table.participant_id)),
            func.sum(first),
        )
        .where(mine)
        .group_by(table.candidate_id)
    )
    scores, voters, firsts = {}, {}, {}
    for candidate_id, points, people, first_count in rows:
        scores[candidate_id], voters[candidate_id] = int(points), people
        firsts[candidate_id] = int(first_count or 0)
    voters_count, proxies = (
        session()
        .execute(
            select(
                func.count(distinct(table.participant_id)),
                func.count(distinct(case((table.is_proxy, table.participant_id)))),
            ).where(mine)
        )
        .one()
    )
    first_choices = firsts if rules.method == voting.RANKING else {}
    return voting.Totals(scores, voters, first_choices, voters_count, proxies)


def result_of(activity: Activity, vote=None, candidates=None) -> voting.Result:
    """Rank the vote's candidates from the stored ballots (rules: voting.rank_totals).

    `vote` and `candidates` may be given when the caller already read them.
    """
    rules = rules_of(activity, vote if vote is not None else vote_of(activity))
    candidates = as_candidates(candidates if candidates is not None else candidates_of(activity))
    return voting.rank_totals(rules, candidates, totals_of(activity, rules))


def progress_of(workshop: Workshop, activity: Activity, method: str | None = None) -> Progress:
    """Count "x of y present participants have voted", among those who may vote.

    Two COUNT queries. Only the table of the method in force can hold this vote's
    ballots (each table CHECKs its method, which follows the vote's by cascade).
    """
    method = method or rules_of(activity, vote_of(activity)).method
    table = BALLOT_TABLES[method]
    present = [Participant.workshop_id == workshop.id, Participant.removed_at.is_(None)]
    group_id = activity.group_id
    if group_id:
        present.append(Participant.group_id == group_id)
    people = session().scalar(select(func.count(Participant.id)).where(*present))
    voted = session().scalar(
        select(func.count(distinct(table.participant_id)))
        .join(Participant, Participant.id == table.participant_id)
        .where(table.activity_id == activity.id, *present)
    )
    return Progress(voted or 0, people or 0)


# ---- breakdown by participant category or by sub-group --------------------------------


@dataclass(frozen=True)
class Breakdown:
    """Scores per shown bucket; `hidden` when too few voted to show any bucket."""

    by: str
    buckets: list[Bucket]
    labels: dict  # bucket label -> display name
    hidden: bool


def breakdown_of(workshop: Workshop, activity: Activity, by: str) -> Breakdown:
    """Break the scores down by category or sub-group, pooling buckets under 3 voters.

    Sizes and scores come from GROUP BY queries; which bucket is shown, pooled into
    "other" or hidden is decided by domain.breakdown.plan_buckets.
    """
    if by not in BREAKDOWNS:
        by = "category"
    rules = rules_of(activity, vote_of(activity))
    table = BALLOT_TABLES[rules.method]
    key = Participant.category if by == "category" else Participant.group_id
    joined = (table.activity_id == activity.id, Participant.id == table.participant_id)
    sizes = {
        _key(k): n
        for k, n in session().execute(
            select(key, func.count(distinct(table.participant_id))).where(*joined).group_by(key)
        )
    }
    plan = plan_buckets(sizes)
    scores: dict = {}
    for k, candidate_id, points in session().execute(
        select(key, table.candidate_id, func.sum(_points(rules.method)))
        .where(*joined)
        .group_by(key, table.candidate_id)
    ):
        label = plan.get(_key(k))
        if label is not None:
            bucket = scores.setdefault(label, {})
            bucket[candidate_id] = bucket.get(candidate_id, 0) + int(points)
    buckets = _buckets(workshop, activity, by, plan, sizes, scores)
    return Breakdown(by, buckets, _labels(workshop, by), bool(sizes) and not buckets)


def _key(value):
    return value if value not in ("", None) else None  # "" is "no category given"


def _buckets(workshop, activity, by, plan, sizes, scores) -> list[Bucket]:
    voters: dict = {}
    for k, label in plan.items():
        if label is not None:
            voters[label] = voters.get(label, 0) + sizes[k]
    order = _order(workshop, by)
    labels = sorted(voters, key=lambda lab: (lab == OTHER, order.get(lab, len(order)), str(lab)))
    ids = [c.id for c in candidates_of(activity)]
    return [
        Bucket(lab, voters[lab], {i: scores.get(lab, {}).get(i, 0) for i in ids}, lab == OTHER)
        for lab in labels
    ]


def _order(workshop: Workshop, by: str) -> dict:
    if by == "category":
        return {name: i for i, name in enumerate(workshop.categories or [])}
    return {g.id: i for i, g in enumerate(workshop.groups)}


def _labels(workshop: Workshop, by: str) -> dict:
    if by == "group":
        return {g.id: g.name for g in workshop.groups}
    return {}


def proxy_people(activity: Activity, method: str) -> list[Participant]:
    """Return the people whose ballot in this vote was entered by proxy, by name.

    For the facilitator's console only (whose ballots are proxies, never what they chose).
    """
    table = BALLOT_TABLES[method]
    ids = select(table.participant_id).where(
        table.activity_id == activity.id, table.is_proxy.is_(True)
    )
    people = session().scalars(select(Participant).where(Participant.id.in_(ids)))
    return sorted(people, key=lambda p: ((p.display_name or "").casefold(), p.id))


def show_breakdown(workshop: Workshop, activity: Activity, by) -> None:
    """Show the breakdown by `by` ("category" or "group") on the projector, or hide it ("").

    Only under results revealed on a closed vote ("reveal_first"): the projector shows
    what the console's breakdown shows, small buckets pooled the same way. Hiding the
    results hides it too.
    """
    by = str(by or "")
    if by not in ("", *BREAKDOWNS):
        raise Malformed("bad_request")
    with transaction() as s:
        vote = s.get(Vote, activity.id, with_for_update=True)
        if by and (vote is None or vote.state != CLOSED or not vote.revealed):
            raise Conflict("reveal_first")
        if vote is None or vote.screen_breakdown == by:
            return  # sent again: nothing changes, no push
        vote.screen_breakdown = by
    events.vote_state_changed.send(workshop.id, activity_id=activity.id)
    logger.info(
        "workshop %s: breakdown %r on screen for vote %s", workshop.join_code, by, activity.id
    )
