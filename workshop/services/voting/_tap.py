"""One tap of a phone on its ballot: the path a whole room takes at once.

A tap is checked by the pure rules (workshop/domain/voting.py) inside its write
transaction, against the ballot as the database holds it at that moment; the database
constraints (workshop/models/vote.py) bound whatever slips past, so a burst of parallel
taps can never overspend a budget. Every tap may carry an idempotency key, stored with
the change in the same transaction. The vote's unchanging parts come from a shared
snapshot (vote_snapshot.py); the person, the vote's state and rules, and the ballot are
read in the transaction; the ballot read there is what the phone is answered with.
"""

import hashlib
import json
import logging
import re
import time
from dataclasses import dataclass

from flask import Flask, current_app
from sqlalchemy import and_, bindparam, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from workshop import events
from workshop.db import as_id, session, transaction
from workshop.domain import voting
from workshop.kinds.vote import rules_in_force
from workshop.models import IdempotencyKey, Participant, Vote
from workshop.services.refusals import Conflict, Forbidden, Malformed, NotFound
from workshop.services.voting import _ballots as ballots
from workshop.services.voting import _snapshot as snapshots
from workshop.services.voting._snapshot import CandidateRef, VoteSnapshot

logger = logging.getLogger(__name__)
KEY_PATTERN = re.compile(r"[A-Za-z0-9_-]{8,64}")
ATTEMPTS = 3  # a lost race for a slot is tried again before giving up
OPEN = "open"


@dataclass(frozen=True)
class Voter:
    """A participant as the vote path needs them."""

    id: int
    workshop_id: int
    group_id: int | None
    category: str
    locale: str

    @classmethod
    def of(cls, person: Participant) -> "Voter":
        return cls(
            person.id, person.workshop_id, person.group_id, person.category or "", person.locale
        )


@dataclass(frozen=True)
class Tapped:
    """What a tap did: whether it was a replay, and the ballot as stored after it."""

    replayed: bool
    choices: object  # Counter (dots), tuple (ranking) or frozenset (approval)
    stamp: int  # when `choices` were at least this fresh (ns)


_PEOPLE, _VOTES, _KEYS = Participant.__table__, Vote.__table__, IdempotencyKey.__table__
# Built once: a burst of taps runs these thousands of times a second.
VOTER = select(
    _PEOPLE.c.id, _PEOPLE.c.workshop_id, _PEOPLE.c.group_id, _PEOPLE.c.category, _PEOPLE.c.locale
).where(
    _PEOPLE.c.id == bindparam("person"),
    _PEOPLE.c.workshop_id == bindparam("workshop"),
    _PEOPLE.c.removed_at.is_(None),
)
VOTE_ROW = (
    select(
        _VOTES.c.activity_id,
        _VOTES.c.method,
        _VOTES.c.budget,
        _VOTES.c.max_per_candidate,
        _VOTES.c.state,
    )
    .where(_VOTES.c.activity_id == bindparam("activity"))
    .with_for_update(read=True)
)
# The same row, only while the voter is still on the roster: their presence is checked in
# the tap's own transaction at no extra round trip (the voter cache may be older).
VOTE_ROW_FOR_VOTER = (
    select(
        _VOTES.c.activity_id,
        _VOTES.c.method,
        _VOTES.c.budget,
        _VOTES.c.max_per_candidate,
        _VOTES.c.state,
    )
    .select_from(
        _VOTES.join(
            _PEOPLE,
            and_(_PEOPLE.c.id == bindparam("person"), _PEOPLE.c.removed_at.is_(None)),
        )
    )
    .where(_VOTES.c.activity_id == bindparam("activity"))
    .with_for_update(read=True, of=_VOTES)
)
PRESENT = select(_PEOPLE.c.id).where(
    _PEOPLE.c.id == bindparam("person"), _PEOPLE.c.removed_at.is_(None)
)
STORED_KEY = select(_KEYS.c.request_hash).where(
    _KEYS.c.participant_id == bindparam("person"), _KEYS.c.key == bindparam("key")
)
INSERT_KEY = insert(_KEYS)


def voter_in(snap: VoteSnapshot, person_id) -> Voter | None:
    """Return the present participant a cookie names in the vote's workshop, if any.

    Kept at most VOTER_SECONDS (a phone taps a few times in a burst), dropped when the
    roster or the groups change: a removed participant is refused from the next tap on
    (on another worker behind a message queue, within VOTER_SECONDS)."""
    if not isinstance(person_id, int):
        return None
    return current_app.extensions["voters"][0].get((snap.workshop.id, person_id))


def _load_voter(key: tuple[int, int]) -> Voter | None:
    workshop_id, person_id = key
    params = {"person": person_id, "workshop": workshop_id}
    row = session().connection().execute(VOTER, params).first()
    if row is None:
        return None
    return Voter(row.id, row.workshop_id, row.group_id, row.category or "", row.locale)


def init_app(app: Flask) -> None:
    seconds = float(app.config.get("VOTER_SECONDS", 10.0))
    kept = snapshots.Kept(seconds, _load_voter, lambda voter: voter.workshop_id)
    snapshots.watch(app, "voters", kept, (events.roster_changed, events.groups_changed))


def check_key(key: str | None) -> str | None:
    """Return a well-formed idempotency key (or None when none was sent); refuse others."""
    if key in (None, ""):
        return None
    if not KEY_PATTERN.fullmatch(key):
        raise Malformed("bad_idempotency_key")
    return key


def _moved(delta: int) -> ballots.Change:
    return ballots.reorder(lambda ranking, c: ballots.moved(ranking, c, delta))


CHANGES: dict[str, ballots.Change] = {
    "dot": ballots.add_dot,
    "undot": ballots.remove_dot,
    "rank": ballots.append_rank,
    "move-up": _moved(-1),
    "move-down": _moved(1),
    "unrank": ballots.reorder(voting.unrank),
    "approve": ballots.add_approval,
    "unapprove": ballots.remove_approval,
}


def tap(snap: VoteSnapshot, voter: Voter, action: str, candidate_id, key=None) -> Tapped:
    """Apply one ballot change in a write transaction.

    The answer's `stamp` is taken once the change is committed: whatever was read before
    that moment is at most as fresh as this ballot (the phone keeps the freshest). The
    same key with the same request answers as the first time without acting again;
    with another request it is refused ("idempotency_conflict", 409). A refused action
    stores no key: sent again, it is checked again.
    """
    check_voter(snap, voter)
    change = CHANGES.get(action)
    if change is None:
        raise Malformed("unknown_action")
    candidate = _candidate(snap, candidate_id)
    digest = _digest(action, snap.activity.id, candidate.id)
    for attempt in range(ATTEMPTS):
        try:
            with transaction() as s:
                vote = lock_open_vote(s, snap.activity.id, snap, voter.id)
                if key:  # stored first: a replay fails here, on the key's UNIQUE constraint
                    s.connection().execute(
                        INSERT_KEY, {"participant_id": voter.id, "key": key, "request_hash": digest}
                    )
                choices = change(s, vote, _rules(snap, vote), voter, candidate)
                if choices is None:
                    choices = ballots.choices_of(s, snap.activity.id, voter.id, vote.method)
        except IntegrityError:
            # Another request took the slot (or stored this key) first: look again.
            if key and _replayed(session(), voter.id, key, digest):
                return _replay(snap, voter)
            if attempt == ATTEMPTS - 1:
                raise Conflict("vote_busy") from None
            continue
        except voting.BallotError as error:
            # Under READ COMMITTED the same key's first request may have committed between
            # our look for the key and our read of the ballot: look for the key again.
            if key and _replayed(session(), voter.id, key, digest):
                return _replay(snap, voter)
            raise Conflict(error.code) from None
        break
    stamp = time.time_ns()
    # `key` and `stamp` (when the answer's ballot was read) let the person's tabs tell
    # whether they made, or already show, this change.
    events.vote_cast.send(
        snap.workshop.id, activity_id=snap.activity.id, person_id=voter.id, stamp=stamp, key=key
    )
    logger.debug("workshop %s: vote %s %s", snap.workshop.join_code, snap.activity.id, action)
    return Tapped(False, choices, stamp)


def _replay(snap: VoteSnapshot, voter: Voter) -> Tapped:
    stamp = time.time_ns()  # taken before reading: what is read is at least this fresh
    return Tapped(True, _choices(session(), snap, voter), stamp)


ANY_BALLOT = {
    method: select(table.__table__.c.id)
    .where(table.__table__.c.activity_id == bindparam("activity"))
    .limit(1)
    for method, table in ballots.BALLOT_TABLES.items()
}


def any_ballot(snap: VoteSnapshot) -> bool:
    """Tell whether anyone (or a proxy) has voted in this vote yet."""
    query = ANY_BALLOT[snap.rules.method]
    return session().connection().execute(query, {"activity": snap.activity.id}).first() is not None


def stored_choices(snap: VoteSnapshot, voter: Voter):
    """Return one person's ballot as the database holds it."""
    return _choices(session(), snap, voter)


def _choices(s: Session, snap: VoteSnapshot, voter: Voter):
    return ballots.choices_of(s, snap.activity.id, voter.id, snap.rules.method)


def check_voter(snap: VoteSnapshot, voter: Voter) -> None:
    if voter.workshop_id != snap.workshop.id:
        raise NotFound()
    if not snap.eligible(voter.group_id):
        raise Forbidden("vote_for_another_group")


def _rules(snap: VoteSnapshot, vote) -> voting.VoteRules:
    """The rules the vote row holds now (a snapshot taken before a reopening is reloaded)."""
    rules = rules_in_force(snap.rules, vote)
    if rules is not snap.rules:
        snapshots.cache().forget(snap.activity.id)
    return rules


def lock_open_vote(
    s: Session, activity_id: int, snap: VoteSnapshot | None = None, voter_id: int | None = None
):
    """Return the vote's row, locked against a concurrent close (PostgreSQL), if it is open
    (and, given `voter_id`, only while that person is on the roster: else Forbidden)."""
    if voter_id is None:
        vote = s.connection().execute(VOTE_ROW, {"activity": activity_id}).first()
    else:
        params = {"activity": activity_id, "person": voter_id}
        vote = s.connection().execute(VOTE_ROW_FOR_VOTER, params).first()
        if vote is None and s.connection().execute(PRESENT, {"person": voter_id}).first() is None:
            raise Forbidden()  # taken off the roster (on this process or another)
    if vote is None or vote.state != OPEN:
        if snap is not None and snap.is_open:
            snapshots.cache().forget(activity_id)  # closed meanwhile: show it closed
        raise Conflict("vote_closed")
    return vote


def _candidate(snap: VoteSnapshot, candidate_id) -> CandidateRef:
    number = as_id(candidate_id)
    candidate = snap.by_id.get(number) if number else None
    if candidate is None and number:
        candidate = snapshots.refreshed(snap).by_id.get(number)  # added since the snapshot?
    if candidate is None:
        raise NotFound("unknown_candidate")
    return candidate


def _digest(*parts) -> str:
    return hashlib.sha256(json.dumps(parts, separators=(",", ":")).encode()).hexdigest()


def _replayed(s: Session, voter_id: int, key: str, digest: str) -> bool:
    """Return True if this key was already applied to this very request; refuse another."""
    stored = s.connection().execute(STORED_KEY, {"person": voter_id, "key": key}).scalar()
    if stored is None:
        return False
    if stored != digest:
        raise Conflict("idempotency_conflict")
    return True
