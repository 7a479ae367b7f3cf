"""The moderation log's machinery: apply recorded, undoable changes to a board's objects.

A recorded change names its objects by key: "12" is card 12, "comment:3" comment 3,
"synthesis:4" synthesis 4 (card keys stay bare numbers, as older logs wrote them).
Creating an object is recorded as its `deleted` flag going from True to False, so undoing a
creation deletes it again and nothing typed is ever destroyed for good.
These helpers run inside the caller's transaction; they neither commit nor publish,
except `moderate`, which is one whole moderation action.
"""

import logging

from sqlalchemy import select, update
from sqlalchemy.orm import object_session

from workshop import events
from workshop.db import session, transaction
from workshop.domain import moderation
from workshop.models import Activity, Card, Comment, ModerationAction, Synthesis, VoteCandidate
from workshop.services.boards._actor import FACILITATOR, Actor
from workshop.services.refusals import Conflict, NotFound

CARD_FIELDS = (
    "text",
    "parent_id",
    "group_id",
    "column",
    "row",
    "position",
    "hidden",
    "pinned",
    "merged_into_id",
    "origins",
    "deleted",
    "candidate",
)
MODELS = {"card": (Card, CARD_FIELDS), "comment": (Comment, ("text", "deleted"))}
MODELS["synthesis"] = (Synthesis, ("text",))
FACILITATOR_ACTOR = "facilitator"
CANDIDATE_LABEL_MAX = 200  # vote_candidates.label
logger = logging.getLogger(__name__)


def key(kind: str, object_id: int) -> str:
    """Return the key that names an object in a recorded change."""
    return str(object_id) if kind == "card" else f"{kind}:{object_id}"


def _split(name: str) -> tuple[str, int]:
    kind, _, number = str(name).rpartition(":")
    return (kind or "card"), int(number)


def snapshot(obj) -> dict:
    """Return the fields moderation tracks of a card, comment or synthesis."""
    kind = next(k for k, (model, _f) in MODELS.items() if isinstance(obj, model))
    return {name: getattr(obj, name) for name in MODELS[kind][1]}


def _load(s, activity: Activity, names) -> dict[str, object]:
    """Load (and lock, where the database can) the objects a change names."""
    found: dict[str, object] = {}
    for kind, (model, _fields) in MODELS.items():
        ids = [i for k, i in map(_split, names) if k == kind]
        if ids:
            query = select(model).where(model.id.in_(ids), model.activity_id == activity.id)
            found.update({key(kind, o.id): o for o in s.scalars(query.with_for_update())})
    if set(found) != {str(n) for n in names}:
        raise NotFound()
    return found


def _apply(objects: dict, updates: dict) -> None:
    for name, fields in updates.items():
        obj = objects[name]
        for field, value in fields.items():
            setattr(obj, field, value)
        if isinstance(obj, Card):
            obj.version += 1
            if "text" in fields:
                follow_rename(object_session(obj), obj)


def follow_rename(s, card: Card) -> None:
    """Rename the vote candidates taken from a heading with it, unless the facilitator
    reworded a candidate on its own (then its own wording stays)."""
    s.execute(
        update(VoteCandidate)
        .where(VoteCandidate.source_card_id == card.id, VoteCandidate.reworded_from == "")
        .values(label=card.text[:CANDIDATE_LABEL_MAX])
    )


def announce_renames(workshop, card_ids) -> None:
    """After a commit that renamed cards: tell the votes whose candidates followed."""
    ids = [int(i) for i in card_ids if str(i).isdigit()]
    if not ids:
        return
    query = select(VoteCandidate.activity_id).where(VoteCandidate.source_card_id.in_(ids))
    for activity_id in set(session().scalars(query)):
        events.vote_candidates_changed.send(workshop.id, activity_id=activity_id)


def record(s, activity: Activity, kind: str, updates: dict, *, summary="", actor="", expect=None):
    """Apply `updates` ({key: {field: value}}) and log them as one undoable action.

    `expect` ({key: version}) refuses the whole change with "changed_meanwhile" when a
    card's version moved since the person read it (checked on the locked row).
    """
    updates = {str(k): v for k, v in updates.items()}
    objects = _load(s, activity, list(updates))
    for name, version in (expect or {}).items():
        if objects[str(name)].version != version:
            raise Conflict("changed_meanwhile")
    change = moderation.diff({n: snapshot(o) for n, o in objects.items()}, updates)
    if not change:
        return None  # nothing moved (a repeated click): nothing to log or undo
    _apply(objects, updates)
    return _log(s, activity, kind, change, summary, actor)


def record_created(s, activity: Activity, kind: str, names, *, summary="", actor=""):
    """Log objects just created (and flushed) as one undoable action."""
    change = {str(n): {"deleted": (True, False)} for n in names}
    return _log(s, activity, kind, change, summary, actor)


def _log(s, activity, kind, change, summary, actor) -> ModerationAction:
    action = ModerationAction(
        activity_id=activity.id,
        kind=kind,
        summary=str(summary or "")[:300],
        actor=(actor or FACILITATOR_ACTOR)[:40],
        changes={n: {f: list(v) for f, v in c.items()} for n, c in change.items()},
    )
    s.add(action)
    return action


def undo(s, activity: Activity, action: ModerationAction) -> None:
    """Put back every field the action changed, unless a later action changed it since."""
    change = {n: {f: tuple(v) for f, v in c.items()} for n, c in action.changes.items()}
    objects = _load(s, activity, list(change))
    if not moderation.can_undo(change, {n: snapshot(o) for n, o in objects.items()}):
        raise Conflict("undo_conflict")
    _apply(objects, moderation.undo_updates(change))


def actor_name(actor: Actor) -> str:
    """Return who the moderation log says acted: the facilitator, or a reporter's name."""
    return FACILITATOR_ACTOR if actor.facilitator else actor.person.display_name


def moderate(
    workshop, activity, kind: str, updates, card=None, summary="", expect=None, actor=FACILITATOR
) -> Card | None:
    """Apply field updates to cards in one transaction and record them for undo."""
    moderate_action(workshop, activity, kind, updates, card, summary, expect, actor)
    return card


def moderate_action(
    workshop, activity, kind: str, updates, card=None, summary="", expect=None, actor=FACILITATOR
) -> ModerationAction | None:
    """Do what `moderate` does; return the action recorded (None when nothing changed),
    so that the answer can offer to undo it at once."""
    with transaction() as s:
        action = record(
            s,
            activity,
            kind,
            updates,
            summary=summary,
            actor=actor_name(actor),
            expect={card.id: expect} if expect is not None and card is not None else None,
        )
    events.cards_changed.send(workshop.id, activity_id=activity.id)
    announce_renames(workshop, [k for k, fields in updates.items() if "text" in fields])
    logger.info("workshop %s: moderation %s on %s", workshop.join_code, kind, sorted(updates))
    return action
