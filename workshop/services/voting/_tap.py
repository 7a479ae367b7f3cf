"""One tap of a phone on its ballot: the path a whole room takes at once, in one module.

What every tap reads is a `VoteSnapshot` (the workshop, the vote's rules and its
candidates as plain values), shared by the whole room: a burst of taps must not reload
them for every dot. It is cached per app and per vote, dropped by the events that change
it (sent after commit), and never kept longer than VOTE_SNAPSHOT_SECONDS, so a process
that did not see an event (another worker behind a message queue) catches up within that
time. The voter a cookie names is kept the same way (VOTER_SECONDS).

Nothing kept decides whether a tap counts. A tap is checked by the pure rules
(workshop/domain/voting.py) inside its write transaction, against the ballot as the
database holds it at that moment, with the vote's state and rules read there too; the
database constraints (workshop/models/vote.py: slots, ranks and ticks are UNIQUE, every
row carries the rules in force) bound whatever slips past, so a burst of parallel taps
can never overspend a budget. Every tap may carry an idempotency key, stored with the
change in the same transaction. The ballot read there is what the phone is answered with.
"""

import hashlib
import json
import logging
import re
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import cached_property
from itertools import count

from flask import Flask, current_app
from sqlalchemy import and_, bindparam, delete, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from workshop import events
from workshop.db import as_id, session, transaction, utcnow
from workshop.domain import voting
from workshop.domain.codes import normalise_join_code
from workshop.models import (
    Activity,
    Group,
    IdempotencyKey,
    Participant,
    Vote,
    VoteApproval,
    VoteCandidate,
    VoteDot,
    VoteRank,
    Workshop,
)
from workshop.services.refusals import Conflict, Forbidden, Malformed, NotFound

logger = logging.getLogger(__name__)
READY, OPEN, CLOSED = "ready", "open", "closed"

# ---- the vote's snapshot, shared by the room ----------------------------------------------
_versions = count(1)  # every snapshot gets its own number: caches of renders key on it


@dataclass(frozen=True)
class WorkshopRef:
    id: int
    join_code: str
    language: str


@dataclass(frozen=True)
class ActivityRef:
    id: int
    workshop_id: int
    title: str


@dataclass(frozen=True)
class GroupRef:
    id: int
    name: str


@dataclass(frozen=True)
class CandidateRef:
    """An orientation on the ballot as phones show it."""

    id: int
    label: str
    subpoints: tuple[str, ...]
    origin_group_id: int | None
    origin_group_name: str


@dataclass(frozen=True)
class VoteSnapshot:
    workshop: WorkshopRef
    activity: ActivityRef
    rules: voting.VoteRules
    state: str  # "ready" (never opened), "open" or "closed"
    revealed: bool
    random_order: bool
    group: GroupRef | None  # the one sub-group that votes, if any
    candidates: tuple[CandidateRef, ...]
    version: int = field(default_factory=lambda: next(_versions))

    @cached_property
    def by_id(self) -> dict[int, CandidateRef]:
        return {c.id: c for c in self.candidates}

    @property
    def is_open(self) -> bool:
        return self.state == OPEN

    def eligible(self, group_id: int | None) -> bool:
        """Whether a member of `group_id` (None: no group) may vote here."""
        return self.group is None or self.group.id == group_id


def origin_groups(candidate) -> list[int]:
    """Return a candidate's groups of origin (rows older than the list: its one group)."""
    ids = list(candidate.origin_group_ids or ())
    if not ids and candidate.origin_group_id is not None:
        ids = [candidate.origin_group_id]
    return ids


def on_ballot(group_id: int | None, candidate) -> bool:
    """Whether a candidate is on the ballot of a vote for `group_id` (voting.on_group_ballot)."""
    typed = candidate.source_card_id is None
    return voting.on_group_ballot(group_id, origin_groups(candidate), typed)


def load(activity_id: int) -> VoteSnapshot | None:
    """Read one vote activity's snapshot from the database (None if there is no such vote)."""
    s = session()
    row = s.execute(
        select(Activity, Workshop.join_code, Workshop.language)
        .join(Workshop, Workshop.id == Activity.workshop_id)
        .where(Activity.id == activity_id, Activity.kind == "vote")
    ).first()
    if row is None:
        return None
    activity, join_code, language = row
    settings = activity.settings or {}
    vote = s.get(Vote, activity_id)
    rules = voting.rules_in_force(voting.rules_from(settings), vote)
    candidates = s.execute(
        select(
            VoteCandidate.id,
            VoteCandidate.label,
            VoteCandidate.subpoints,
            VoteCandidate.origin_group_id,
            VoteCandidate.origin_group_name,
            VoteCandidate.origin_group_ids,
            VoteCandidate.source_card_id,
        )
        .where(VoteCandidate.activity_id == activity_id)
        .order_by(VoteCandidate.position, VoteCandidate.id)
    ).all()
    group = None
    if activity.group_id:
        name = s.scalar(
            select(Group.name).where(
                Group.id == activity.group_id, Group.workshop_id == activity.workshop_id
            )
        )
        group = GroupRef(activity.group_id, name or "")
    return VoteSnapshot(
        workshop=WorkshopRef(activity.workshop_id, join_code, language),
        activity=ActivityRef(activity.id, activity.workshop_id, activity.title),
        rules=rules,
        state=READY if vote is None else vote.state,
        revealed=bool(vote and vote.revealed),
        random_order=settings.get("order", "random") == "random",
        group=group,
        candidates=tuple(
            CandidateRef(
                c.id,
                c.label,
                tuple(c.subpoints or ()),
                c.origin_group_id,
                c.origin_group_name or "",
            )
            for c in candidates
            if on_ballot(group and group.id, c)
        ),
    )


def _unchanged(old, new) -> bool:
    """Whether a reloaded value says what the kept one says (a snapshot's own `version`
    aside)."""
    if new is None:
        return False
    if isinstance(old, VoteSnapshot) and isinstance(new, VoteSnapshot):
        return replace(new, version=old.version) == old
    return old == new


LOADING_STRIPES = 64


class Kept:
    """Values loaded from the database, kept per app for at most `seconds` each and
    dropped at once when their workshop changes (see `watch`)."""

    def __init__(self, seconds: float, load: Callable, owner: Callable):
        self.seconds, self.load, self.owner = seconds, load, owner
        self._lock = threading.Lock()
        self._entries: dict = {}
        # One load per key at a time: when a value expires under a burst, a thousand
        # requests would otherwise all read the database at once for the same rows.
        self._loading = [threading.RLock() for _ in range(LOADING_STRIPES)]

    def _fresh(self, key, now: float):
        entry = self._entries.get(key)
        if entry is not None and now - entry[0] < self.seconds:
            return entry
        return None

    def get(self, key):
        entry = self._fresh(key, time.monotonic())
        if entry is not None:
            return entry[1]
        with self._loading[hash(key) % LOADING_STRIPES]:
            now = time.monotonic()
            entry = self._fresh(key, now)
            if entry is not None:  # loaded by the request we waited behind
                return entry[1]
            return self._reload(key, now)

    def _reload(self, key, now: float):
        entry = self._entries.get(key)
        value = self.load(key)
        if entry is not None and _unchanged(entry[1], value):
            # Read again, found the same: keep the old one, whose version keys the renders
            # a room shares (presenters/votes.py), so they outlive the reload.
            value = entry[1]
        with self._lock:
            if value is None:
                self._entries.pop(key, None)
            else:
                self._entries[key] = (now, value)
        return value

    def forget_workshop(self, workshop_id: int) -> None:
        with self._lock:
            for key, (_at, value) in list(self._entries.items()):
                if self.owner(value) == workshop_id:
                    del self._entries[key]

    def forget(self, key) -> None:
        with self._lock:
            self._entries.pop(key, None)


class _Forget:
    """Drops a workshop's kept values when a signal fires for this app."""

    def __init__(self, app: Flask, kept: Kept):
        self.app, self.kept = app, kept

    def __call__(self, workshop_id, **_extra) -> None:
        if current_app and current_app._get_current_object() is self.app:
            self.kept.forget_workshop(workshop_id)


def watch(app: Flask, name: str, kept: Kept, signals) -> None:
    """Keep `kept` in the app as `name`, dropping a workshop's values after `signals`."""
    forget = _Forget(app, kept)
    app.extensions[name] = (kept, forget)  # the app holds the (weakly connected) listener
    for signal in signals:
        signal.connect(forget)


# Events after which a workshop's snapshots may be wrong.
SNAPSHOT_CHANGES = (
    events.vote_state_changed,
    events.vote_candidates_changed,
    events.agenda_edited,
    events.activity_edited,
    events.agenda_advanced,
    events.groups_changed,
    events.workshop_updated,
)


def _init_snapshots(app: Flask) -> None:
    seconds = float(app.config.get("VOTE_SNAPSHOT_SECONDS", 1.0))
    kept = Kept(seconds, load, lambda snap: snap.workshop.id)
    watch(app, "vote_snapshots", kept, SNAPSHOT_CHANGES)


def cache() -> Kept:
    return current_app.extensions["vote_snapshots"][0]


def snapshot(code: str, activity_id) -> VoteSnapshot:
    """Return the vote `activity_id` of the workshop whose join code is `code` (as typed
    in a URL); any other combination looks absent."""
    snap = _kept(activity_id)
    if snap is None or snap.workshop.join_code != normalise_join_code(code):
        raise NotFound()
    return snap


def snapshot_in(workshop_id: int, activity_id) -> VoteSnapshot:
    """Return the vote `activity_id` of the workshop `workshop_id` (a phone's socket knows
    its workshop by id, from its cookie); any other combination looks absent."""
    snap = _kept(activity_id)
    if snap is None or snap.workshop.id != workshop_id:
        raise NotFound()
    return snap


def _kept(activity_id) -> VoteSnapshot | None:
    number = as_id(activity_id)
    return cache().get(number) if number else None


def snapshot_of(activity: Activity) -> VoteSnapshot:
    """Return the snapshot of an activity already loaded (services and tests)."""
    snap = cache().get(activity.id)
    if snap is None:
        raise NotFound()
    return snap


def refreshed(snap: VoteSnapshot) -> VoteSnapshot:
    """Reload a snapshot found stale (a candidate it does not know, a state it missed)."""
    cache().forget(snap.activity.id)
    fresh = cache().get(snap.activity.id)
    if fresh is None:
        raise NotFound()
    return fresh


# ---- the voter -----------------------------------------------------------------------------

logger = logging.getLogger(__name__)
KEY_PATTERN = re.compile(r"[A-Za-z0-9_-]{8,64}")
ATTEMPTS = 3  # a lost race for a slot is tried again before giving up


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
    """Keep this app's shared vote snapshots and voters, dropped by the events that
    change them."""
    _init_snapshots(app)
    seconds = float(app.config.get("VOTER_SECONDS", 10.0))
    kept = Kept(seconds, _load_voter, lambda voter: voter.workshop_id)
    watch(app, "voters", kept, (events.roster_changed, events.groups_changed))


def check_key(key: str | None) -> str | None:
    """Return a well-formed idempotency key (or None when none was sent); refuse others."""
    if key in (None, ""):
        return None
    if not KEY_PATTERN.fullmatch(key):
        raise Malformed("bad_idempotency_key")
    return key


# ---- ballot rows, each change read and written inside the tap's transaction -------------

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
    rows = [
        _row(vote, person, candidate_id, proxy, budget=vote.budget, rank=rank)
        for rank, candidate_id in enumerate(candidate_ids, start=first)
    ]
    s.execute(insert(VoteRank), rows)


def _row(vote, person, candidate_id: int, proxy: bool, **own) -> dict:
    """One ballot row to insert: what every method's row holds, and its own columns."""
    return {
        "activity_id": vote.activity_id,
        "participant_id": person.id,
        "candidate_id": candidate_id,
        "method": vote.method,
        "is_proxy": proxy,
        "created_at": utcnow(),
        **own,
    }


def add_approval(s, vote, rules, person, candidate, proxy=False) -> None:
    approved = choices_of(s, vote.activity_id, person.id, voting.APPROVAL)
    voting.check_approval(
        rules, approved, candidate.id, {candidate.id}, **voter_groups(person, candidate)
    )
    insert_approvals(s, vote, person, [candidate.id], proxy)


def insert_approvals(s, vote, person, candidate_ids, proxy=False) -> None:
    if not candidate_ids:
        return
    rows = [_row(vote, person, candidate_id, proxy) for candidate_id in candidate_ids]
    s.execute(insert(VoteApproval), rows)


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


# ---- the tap ---------------------------------------------------------------------------------


def _moved(delta: int) -> Change:
    return reorder(lambda ranking, c: moved(ranking, c, delta))


CHANGES: dict[str, Change] = {
    "dot": add_dot,
    "undot": remove_dot,
    "rank": append_rank,
    "move-up": _moved(-1),
    "move-down": _moved(1),
    "unrank": reorder(voting.unrank),
    "approve": add_approval,
    "unapprove": remove_approval,
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
                    choices = choices_of(s, snap.activity.id, voter.id, vote.method)
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
    for method, table in BALLOT_TABLES.items()
}


def any_ballot(snap: VoteSnapshot) -> bool:
    """Tell whether anyone (or a proxy) has voted in this vote yet."""
    query = ANY_BALLOT[snap.rules.method]
    return session().connection().execute(query, {"activity": snap.activity.id}).first() is not None


def stored_choices(snap: VoteSnapshot, voter: Voter):
    """Return one person's ballot as the database holds it."""
    return _choices(session(), snap, voter)


def _choices(s: Session, snap: VoteSnapshot, voter: Voter):
    return choices_of(s, snap.activity.id, voter.id, snap.rules.method)


def check_voter(snap: VoteSnapshot, voter: Voter) -> None:
    if voter.workshop_id != snap.workshop.id:
        raise NotFound()
    if not snap.eligible(voter.group_id):
        raise Forbidden("vote_for_another_group")


def _rules(snap: VoteSnapshot, vote) -> voting.VoteRules:
    """The rules the vote row holds now (a snapshot taken before a reopening is reloaded)."""
    rules = voting.rules_in_force(snap.rules, vote)
    if rules is not snap.rules:
        cache().forget(snap.activity.id)
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
            cache().forget(activity_id)  # closed meanwhile: show it closed
        raise Conflict("vote_closed")
    return vote


def _candidate(snap: VoteSnapshot, candidate_id) -> CandidateRef:
    number = as_id(candidate_id)
    candidate = snap.by_id.get(number) if number else None
    if candidate is None and number:
        candidate = refreshed(snap).by_id.get(number)  # added since the snapshot?
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
