"""Mutual follow-ups: after meeting someone, a phone marks "I'd like to follow up".

Privacy promises, each kept by construction:
- a mark is its author's alone: no route takes an author, the phone's cookie is it;
- the other person learns of a mark only by marking back (a *match*); nobody is ever
  told that a mark about them exists, nor how many there are;
- the answer to a mark is the author's own mark, computed without reading the other's:
  the same whether or not the other marked (the match shows in the matches list, which
  only ever lists mutual marks);
- contact details travel only on a match, and only when both people agreed to share;
- the facilitator counts marks and matches (`follow_up_counts`) and sees the matched
  pairs (to form project sub-groups), never a one-way mark nor a note.
A tap carries an idempotency key (as a vote tap does): the same key again answers as the
first time without acting twice; with another request it is refused.
"""

import hashlib
import json
import logging
from collections.abc import Mapping
from dataclasses import dataclass, replace

from sqlalchemy import and_, delete, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import aliased

from workshop import events
from workshop.db import as_id, session, transaction
from workshop.domain.rotation import person_schedule
from workshop.domain.text import TextError, clean_text
from workshop.models import (
    Activity,
    IdempotencyKey,
    Participant,
    SpeedFollowUp,
    SpeedPerson,
    Workshop,
)
from workshop.models.speed import NOTE_MAX
from workshop.services.refusals import Conflict, Forbidden, FormErrors
from workshop.services.speed import _store as store
from workshop.services.voting import check_key

logger = logging.getLogger(__name__)
ATTEMPTS = 2


@dataclass(frozen=True)
class Marked:
    """One's own mark about someone, as stored after a tap (nothing about the other)."""

    other_id: int
    on: bool
    note: str = ""
    replayed: bool = False


@dataclass(frozen=True)
class Match:
    """Someone who marked back: `note` is their word for this person (shown on a match
    only), `contact` theirs, only when both agreed to share."""

    other_id: int
    contact: str | None
    note: str = ""


@dataclass(frozen=True)
class FollowUpCounts:
    marks: int
    matches: int  # pairs who marked each other
    sharing: int  # of those, pairs who both share a contact


def met_people(activity: Activity, person_id: int) -> list[tuple[int, int]]:
    """Return (round, other) for everyone `person` met in the rounds held, in order."""
    held = store.held_rounds(activity)
    if not held:
        return []
    plan = replace(store.plan_of(store.meeting_of(activity)), rounds=held)
    found, seen = [], set()
    for appointment in person_schedule(plan, person_id):
        for other in appointment.meets:
            if other not in seen:
                seen.add(other)
                found.append((appointment.round, other))
    return found


def _met(activity: Activity, person_id: int, other_id: int) -> bool:
    return any(other == other_id for _round, other in met_people(activity, person_id))


def my_marks(activity: Activity, person_id: int) -> dict[int, str]:
    """Return one's own marks: {other: note}."""
    query = select(SpeedFollowUp.other_id, SpeedFollowUp.note).where(
        SpeedFollowUp.activity_id == activity.id, SpeedFollowUp.person_id == person_id
    )
    return dict(session().execute(query).all())


def _read_mark(data: Mapping) -> tuple[bool, str]:
    on = str(data.get("on", "1")).lower() in ("1", "on", "true", "yes")
    try:
        note = clean_text(data.get("note"), NOTE_MAX, multiline=True) if on else ""
    except TextError as error:
        raise FormErrors({"note": (error.code, {"limit": error.limit})}) from None
    return on, note


def _digest(*parts) -> str:
    return hashlib.sha256(json.dumps(parts, separators=(",", ":")).encode()).hexdigest()


def mark_follow_up(
    workshop: Workshop, activity: Activity, person: Participant, other_id, data: Mapping, key=None
) -> Marked:
    """Mark (on=1, with a note of 300 characters at most) or unmark (on=0) someone met.

    Refused: the meetings not on screen (409), someone not met in a round held (403
    not_met), a malformed key (400), the key of another request (409). See the module
    for what the answer never tells.
    """
    if not workshop.is_live or workshop.current_activity_id != activity.id:
        raise Conflict("speed_not_on_screen")
    key = check_key(key)
    other = as_id(other_id)
    if not other or not _met(activity, person.id, other):
        raise Forbidden("not_met")
    on, note = _read_mark(data)
    digest = _digest("speed-follow", activity.id, other, on, note)
    for attempt in range(ATTEMPTS):
        try:
            with transaction() as s:
                if key:  # stored first: a replay fails here, on the key's UNIQUE constraint
                    s.add(IdempotencyKey(participant_id=person.id, key=key, request_hash=digest))
                    s.flush()
                _write(s, activity, person.id, other, on, note)
        except IntegrityError:
            if key and _replayed(person.id, key, digest):
                return _stored(activity, person.id, other, replayed=True)
            if attempt == ATTEMPTS - 1:
                raise Conflict("speed_busy") from None
            continue
        break
    _announce(workshop, activity, person.id, other, on)
    return Marked(other, on, note)


def _write(s, activity: Activity, person_id: int, other_id: int, on: bool, note: str) -> None:
    mine = and_(
        SpeedFollowUp.activity_id == activity.id,
        SpeedFollowUp.person_id == person_id,
        SpeedFollowUp.other_id == other_id,
    )
    if not on:
        s.execute(delete(SpeedFollowUp).where(mine))
        return
    existing = s.scalar(select(SpeedFollowUp).where(mine))
    if existing is None:
        s.add(
            SpeedFollowUp(
                activity_id=activity.id, person_id=person_id, other_id=other_id, note=note
            )
        )
    else:
        existing.note = note


def _replayed(person_id: int, key: str, digest: str) -> bool:
    query = select(IdempotencyKey.request_hash).where(
        IdempotencyKey.participant_id == person_id, IdempotencyKey.key == key
    )
    stored = session().scalar(query)
    if stored is None:
        return False
    if stored != digest:
        raise Conflict("idempotency_conflict")
    return True


def _stored(activity: Activity, person_id: int, other_id: int, replayed=False) -> Marked:
    marks = my_marks(activity, person_id)
    return Marked(other_id, other_id in marks, marks.get(other_id, ""), replayed)


def _announce(workshop: Workshop, activity: Activity, person_id: int, other: int, on: bool):
    events.follow_ups_changed.send(workshop.id, activity_id=activity.id)
    # Told only to the two people, and only when both marked: a match is theirs to know.
    if on and _has_marked(activity, other, person_id):
        events.matches_changed.send(workshop.id, activity_id=activity.id, people=(person_id, other))
    logger.info("workshop %s: speed %s: a follow-up mark", workshop.join_code, activity.id)


def _has_marked(activity: Activity, person_id: int, other_id: int) -> bool:
    """Whether `person` marked `other` (read after the tap's answer is settled)."""
    query = select(SpeedFollowUp.id).where(
        SpeedFollowUp.activity_id == activity.id,
        SpeedFollowUp.person_id == person_id,
        SpeedFollowUp.other_id == other_id,
    )
    return session().scalar(query) is not None


# ---- matches -------------------------------------------------------------------------------


def _mutual(activity: Activity):
    """Return the query of mutual marks: (person, other, the other's note) rows, each
    pair twice (once from each side)."""
    theirs = aliased(SpeedFollowUp)
    return (
        select(SpeedFollowUp.person_id, SpeedFollowUp.other_id, theirs.note)
        .join(
            theirs,
            and_(
                theirs.activity_id == SpeedFollowUp.activity_id,
                theirs.person_id == SpeedFollowUp.other_id,
                theirs.other_id == SpeedFollowUp.person_id,
            ),
        )
        .where(SpeedFollowUp.activity_id == activity.id)
    )


def mutual_pairs(activity: Activity) -> list[tuple[int, int]]:
    """Return every pair who marked each other, smaller id first, sorted."""
    rows = session().execute(_mutual(activity)).all()
    return sorted({(a, b) for a, b, _note in rows if a < b})


def _sharing(activity: Activity) -> dict[int, str]:
    """Return the contacts of the people who agreed to share theirs: {person: contact}."""
    query = select(SpeedPerson.participant_id, SpeedPerson.contact).where(
        SpeedPerson.activity_id == activity.id,
        SpeedPerson.shares_contact.is_(True),
        SpeedPerson.contact != "",
    )
    return dict(session().execute(query).all())


def matches_of(activity: Activity, person_id: int) -> list[Match]:
    """Return the people who marked `person` back, with their contact when both share."""
    query = _mutual(activity).where(SpeedFollowUp.person_id == person_id)
    rows = session().execute(query.order_by(SpeedFollowUp.id)).all()
    sharing = _sharing(activity)
    both = person_id in sharing
    return [Match(o, sharing[o] if both and o in sharing else None, note) for _me, o, note in rows]


def follow_up_counts(activity: Activity) -> FollowUpCounts:
    """Count marks and matches (what the facilitator sees of follow-ups)."""
    marks = session().scalar(
        select(func.count(SpeedFollowUp.id)).where(SpeedFollowUp.activity_id == activity.id)
    )
    pairs = mutual_pairs(activity)
    sharing = _sharing(activity)
    both = sum(1 for a, b in pairs if a in sharing and b in sharing)
    return FollowUpCounts(marks or 0, len(pairs), both)
