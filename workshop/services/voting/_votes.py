"""Votes: the facilitator opens, closes and reveals a vote, and enters proxy ballots.

A proxy ballot is checked by the pure rules (workshop/domain/voting.py) inside its write
transaction, as a phone's taps are (_tap.py); the database constraints
(workshop/models/vote.py) bound whatever slips past. Reading a vote is _results.py's.
"""

import logging
from collections.abc import Mapping

from sqlalchemy.exc import IntegrityError

from workshop import events
from workshop.db import as_id, transaction, utcnow
from workshop.domain import voting
from workshop.models import Activity, Participant, Vote, Workshop
from workshop.services import roster
from workshop.services.refusals import Conflict, Forbidden, Invalid, NotFound
from workshop.services.voting._results import as_candidates, candidates_of, eligible, rules_of
from workshop.services.voting._tap import CLOSED, OPEN, lock_open_vote, on_ballot, replace_ballot

logger = logging.getLogger(__name__)


# ---- the facilitator: open, close, reveal -----------------------------------------------


def open_vote(workshop: Workshop, activity: Activity) -> Vote:
    """Open (or reopen) the vote, putting the settings' rules in force.

    Refused without candidates, and when the new rules would not bound the ballots
    already cast (another method, a budget below a slot in use): the database refuses
    to rewrite them, and nothing changes.
    """
    rules = voting.rules_from(activity.settings or {})
    if not candidates_of(activity):
        raise Conflict("no_candidates")
    try:
        with transaction() as s:
            vote = s.get(Vote, activity.id, with_for_update=True) or Vote(activity_id=activity.id)
            vote.method, vote.budget = rules.method, rules.budget
            vote.max_per_candidate = rules.max_per_candidate
            vote.state, vote.opened_at, vote.closed_at = OPEN, utcnow(), None
            s.add(vote)
    except IntegrityError:
        raise Conflict("rules_locked") from None
    _announce(workshop, activity, "opened")
    return vote


def close_vote(workshop: Workshop, activity: Activity) -> None:
    """Close the vote: from now on every ballot action is refused."""
    with transaction() as s:
        vote = s.get(Vote, activity.id, with_for_update=True)
        if vote is None or vote.state != OPEN:
            raise Conflict("vote_closed")
        vote.state, vote.closed_at = CLOSED, utcnow()
    _announce(workshop, activity, "closed")


def reveal_results(workshop: Workshop, activity: Activity, revealed: bool = True) -> None:
    """Show the results on the projector and the phones (or hide them again)."""
    with transaction() as s:
        vote = s.get(Vote, activity.id, with_for_update=True)
        if vote is None:
            raise Conflict("vote_not_opened")
        if vote.revealed == bool(revealed):
            return  # sent again (a lost answer, a double click): nothing changes, no push
        vote.revealed = bool(revealed)
    _announce(workshop, activity, "revealed" if revealed else "hidden")


def _announce(workshop: Workshop, activity: Activity, what: str) -> None:
    events.vote_state_changed.send(workshop.id, activity_id=activity.id)
    logger.info("workshop %s: vote %s %s", workshop.join_code, activity.id, what)


def _check_proxy_voter(workshop: Workshop, activity: Activity, person: Participant) -> None:
    if person.workshop_id != workshop.id or activity.workshop_id != workshop.id:
        raise NotFound()
    if not eligible(activity, person):
        raise Forbidden("vote_for_another_group")


# ---- proxy ballots: the facilitator enters a phone-less participant's whole ballot -----


def proxy_voters(workshop: Workshop, activity: Activity) -> list[Participant]:
    """Return the people present without a phone who may vote here (the proxy form's list)."""
    return [p for p in roster.roster(workshop) if not p.has_phone and eligible(activity, p)]


def enter_proxy_ballot(workshop: Workshop, activity: Activity, person_id, data: Mapping) -> None:
    """Record the whole ballot of a participant without a phone, marked as a proxy vote.

    It replaces what was entered for them before; it obeys exactly the rules of
    tapping one choice after another (voting.check_ballot).
    """
    person = roster.find_person(workshop, as_id(person_id))
    if person.has_phone or not person.present:
        raise Conflict("proxy_has_phone")
    _check_proxy_voter(workshop, activity, person)
    group_id = activity.group_id  # a group's vote: its own candidates
    candidates = [c for c in candidates_of(activity) if on_ballot(group_id, c)]
    with transaction() as s:
        vote = lock_open_vote(s, activity.id)
        rules = rules_of(activity, vote)
        choices = _proxy_choices(rules, candidates, data)
        ballot = voting.Ballot(person.id, choices, group_id=person.group_id, is_proxy=True)
        try:
            voting.check_ballot(rules, ballot, as_candidates(candidates))
        except voting.BallotError as error:
            raise Invalid(error.code) from None
        replace_ballot(s, vote, person, choices)
    events.vote_cast.send(workshop.id, activity_id=activity.id)
    logger.info("workshop %s: proxy ballot in vote %s", workshop.join_code, activity.id)


def _proxy_choices(rules: voting.VoteRules, candidates, data: Mapping):
    ids = {str(c.id): c.id for c in candidates}
    if rules.method == voting.DOTS:
        counts = {c.id: _count(data.get(f"dots_{c.id}"), rules.budget) for c in candidates}
        return {cid: n for cid, n in counts.items() if n}
    if rules.method == voting.RANKING:
        picked = [str(data.get(f"rank_{r}") or "") for r in range(1, rules.budget + 1)]
        return tuple(ids[p] if p in ids else _unknown() for p in picked if p)
    values = data.getlist("approve") if hasattr(data, "getlist") else data.get("approve", [])
    return frozenset(ids[v] if v in ids else _unknown() for v in values)


def _count(raw, high: int) -> int:
    raw = str(raw or "").strip()
    if not raw:
        return 0
    if not raw.isdigit() or int(raw) > high:
        raise Invalid("out_of_range")
    return int(raw)


def _unknown():
    raise Invalid("unknown_candidate")
