"""What every tap of a vote needs to know, read once and shared by the whole room.

A burst of taps must not reload the workshop, its agenda and the candidates for every
dot: a `VoteSnapshot` holds them as plain values, cached per app and per vote. It is
dropped by the events that change it (sent after commit) and never kept longer than
VOTE_SNAPSHOT_SECONDS, so a process that did not see an event (another worker behind
a message queue) catches up within that time. Nothing here decides whether a tap
counts: the write transaction reads the vote's state and rules from the database,
and the database constraints bound every ballot.
"""

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import cached_property
from itertools import count

from flask import Flask, current_app
from sqlalchemy import select

from workshop import events
from workshop.db import as_id, session
from workshop.domain import voting
from workshop.domain.codes import normalise_join_code
from workshop.kinds.vote import rules_from, rules_in_force
from workshop.models import Activity, Group, Vote, VoteCandidate, Workshop
from workshop.services.refusals import NotFound

READY, OPEN = "ready", "open"
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
    rules = rules_in_force(rules_from(settings), vote)
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
    if settings.get("group_id"):
        name = s.scalar(
            select(Group.name).where(
                Group.id == settings["group_id"], Group.workshop_id == activity.workshop_id
            )
        )
        group = GroupRef(settings["group_id"], name or "")
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
CHANGES = (
    events.vote_state_changed,
    events.vote_candidates_changed,
    events.agenda_edited,
    events.activity_edited,
    events.agenda_advanced,
    events.groups_changed,
    events.workshop_updated,
)


def init_app(app: Flask) -> None:
    seconds = float(app.config.get("VOTE_SNAPSHOT_SECONDS", 1.0))
    watch(app, "vote_snapshots", Kept(seconds, load, lambda snap: snap.workshop.id), CHANGES)


def cache() -> Kept:
    return current_app.extensions["vote_snapshots"][0]


def snapshot(code: str, activity_id) -> VoteSnapshot:
    """Return the vote `activity_id` of the workshop whose join code is `code`; any other
    combination looks absent."""
    number = as_id(activity_id)
    snap = cache().get(number) if number else None
    if snap is None or snap.workshop.join_code != normalise_join_code(code):
        raise NotFound()
    return snap


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
