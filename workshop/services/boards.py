"""Cards of scenario and brainstorm activities: what participants write, and what the
facilitator does with it (every moderation change recorded and undoable)."""

import logging
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import func, select, update

from workshop import events
from workshop.db import as_id, session, transaction, utcnow
from workshop.domain import moderation
from workshop.domain.text import TextError, clean_text
from workshop.kinds import get_kind
from workshop.kinds.boards import prompt_for
from workshop.models import (
    Activity,
    Card,
    Comment,
    ModerationAction,
    Participant,
    Synthesis,
    Workshop,
)
from workshop.services import moderation_records as records
from workshop.services.errors import Forbidden, FormErrors, NotFound, ServiceError

logger = logging.getLogger(__name__)
HEADING_MAX, SUBPOINT_MAX, COMMENT_MAX, SYNTHESIS_MAX = 200, 500, 2000, 10000


@dataclass(frozen=True)
class Actor:
    """Who acts: a participant (person) or the facilitator (person None)."""

    person: Participant | None = None

    @property
    def facilitator(self) -> bool:
        return self.person is None


FACILITATOR = Actor()


# ---- reading --------------------------------------------------------------------------


def board_activity(workshop: Workshop, activity_id) -> Activity:
    """Return one of this workshop's scenario or brainstorm activities."""
    for activity in workshop.activities:
        if str(activity.id) == str(activity_id) and get_kind(activity.kind).uses_board:
            return activity
    raise NotFound()


def cards_of(activity: Activity) -> list[Card]:
    """Return every card of an activity (merged and deleted ones included), in order."""
    query = select(Card).where(Card.activity_id == activity.id)
    return list(session().scalars(query.order_by(Card.column, Card.row, Card.position, Card.id)))


def find_card(activity: Activity, card_id, *, live: bool = False) -> Card:
    """Return a card of this activity; with `live`, refuse one merged into another."""
    try:
        card = session().get(Card, as_id(card_id))
    except (TypeError, ValueError):
        card = None
    if card is None or card.activity_id != activity.id or card.deleted:
        raise NotFound()
    if live and card.merged_into_id:
        target = session().get(Card, card.merged_into_id)
        raise ServiceError("merged_away", status=409, target=target.text if target else "")
    return card


def is_open(workshop: Workshop, activity: Activity) -> bool:
    """Participants write only on the activity on screen, while it is not closed."""
    return (
        workshop.state == "live"
        and workshop.current_activity_id == activity.id
        and not activity.settings.get("closed")
    )


def group_of(activity: Activity, actor: Actor, asked=None) -> int | None:
    """Return the group an actor writes for: their own, or the plenary pool.

    During a group activity (the workshop has groups), a participant in no group is
    refused: they wait to be put in one rather than write into a "no group" pool.
    """
    if activity.settings.get("mode") == "plenary":
        return None
    if actor.facilitator:
        return int(asked) if str(asked or "").isdigit() and int(asked) else None
    if actor.person.group_id is None and _has_groups(activity):
        raise ServiceError("no_group", status=409)
    return actor.person.group_id


def _has_groups(activity: Activity) -> bool:
    return bool(session().get(Workshop, activity.workshop_id).groups)


# ---- participants (and the facilitator) writing ------------------------------------


def _clean(text, limit: int) -> str:
    try:
        return clean_text(text, limit, required=True)
    except TextError as error:
        raise FormErrors({"text": (error.code, {"limit": error.limit})}) from None


def _check_can_write(workshop: Workshop, activity: Activity, actor: Actor) -> None:
    if actor.facilitator:
        return
    if not is_open(workshop, activity):
        raise ServiceError("activity_closed", status=409)


def _check_cap(activity: Activity, actor: Actor) -> None:
    cap = activity.settings.get("cap") or 0
    if actor.facilitator or not cap:
        return
    written = session().scalar(
        select(func.count(Card.id)).where(
            Card.activity_id == activity.id, Card.author_id == actor.person.id, ~Card.deleted
        )
    )
    if written >= cap:
        raise ServiceError("card_cap", status=409, limit=cap)


def add_card(workshop: Workshop, activity: Activity, actor: Actor, data: Mapping) -> Card:
    """Add a heading, or a sub-point under a heading of the actor's group."""
    _check_can_write(workshop, activity, actor)
    parent = find_card(activity, data["parent_id"], live=True) if data.get("parent_id") else None
    group_id = parent.group_id if parent else group_of(activity, actor, data.get("group_id"))
    if parent and (parent.parent_id is not None or not parent.visible):
        raise NotFound()
    if parent and not actor.facilitator and parent.group_id != group_of(activity, actor):
        raise Forbidden()
    text = _clean(data.get("text"), SUBPOINT_MAX if parent else HEADING_MAX)
    _check_cap(activity, actor)
    column = _column(activity, group_id, data.get("column")) if not parent else parent.column
    with transaction() as s:
        card = Card(
            activity_id=activity.id,
            group_id=group_id,
            parent_id=parent.id if parent else None,
            column=column,
            text=text,
            author_id=actor.person.id if actor.person else None,
            by_facilitator=actor.facilitator,
        )
        card.row, card.position = _next_slot(s, activity, group_id, column, parent)
        s.add(card)
    events.cards_changed.send(workshop.id, activity_id=activity.id)
    logger.info("workshop %s: card %s added", workshop.join_code, card.id)
    return card


def _column(activity: Activity, group_id, asked) -> int:
    columns = prompt_for(activity, group_id).get("columns") or []
    try:
        column = int(asked or 0)
    except (TypeError, ValueError):
        column = -1
    if not 0 <= column < max(1, len(columns)):
        raise FormErrors({"column": ("invalid_choice", {})})
    return column


def _next_slot(s, activity: Activity, group_id, column: int, parent) -> tuple[int, int]:
    """Return (row, position) at the end of the column, or of the heading's sub-points."""
    query = select(func.max(Card.row), func.max(Card.position)).where(
        Card.activity_id == activity.id
    )
    if parent is not None:
        _, position = s.execute(query.where(Card.parent_id == parent.id)).one()
        return parent.row, (position or 0) + 1
    query = query.where(Card.parent_id.is_(None), Card.column == column)
    query = query.where(Card.group_id.is_(None) if group_id is None else Card.group_id == group_id)
    row, position = s.execute(query).one()
    return (-1 if row is None else row) + 1, (position or 0) + 1


def _check_owner(card: Card, actor: Actor) -> None:
    if not actor.facilitator and card.author_id != actor.person.id:
        raise Forbidden()


def edit_card(workshop: Workshop, activity: Activity, actor: Actor, card_id, data) -> Card:
    """Change a card's text; refused when someone changed it since `version` was read.

    The version is compared inside the write transaction by a conditional update, so of
    two simultaneous edits of the same version one wins and the other is refused.
    """
    card = find_card(activity, card_id, live=True)
    _check_owner(card, actor)
    _check_can_write(workshop, activity, actor)
    text = _clean(data.get("text"), SUBPOINT_MAX if card.parent_id else HEADING_MAX)
    expected = str(data.get("version") or "")
    if not expected.isdigit() or len(expected) > 9:
        raise ServiceError("changed_meanwhile", status=409)
    if actor.facilitator:
        updates = {card.id: {"text": text}}
        return _moderate(workshop, activity, "edit", updates, card, card.text, int(expected))
    with transaction() as s:
        written = s.execute(
            update(Card)
            .where(Card.id == card.id, Card.version == int(expected), ~Card.deleted)
            .values(text=text, version=Card.version + 1)
        ).rowcount
        if written != 1:
            raise ServiceError("changed_meanwhile", status=409)
    s.refresh(card)
    events.cards_changed.send(workshop.id, activity_id=activity.id)
    logger.info("workshop %s: card %s edited", workshop.join_code, card.id)
    return card


def delete_card(workshop: Workshop, activity: Activity, actor: Actor, card_id) -> None:
    """Delete one's own card (the facilitator: any card); it can be restored by undo."""
    card = find_card(activity, card_id)
    _check_owner(card, actor)
    _check_can_write(workshop, activity, actor)
    if actor.facilitator:
        _moderate(workshop, activity, "delete", {card.id: {"deleted": True}}, card=card)
        return
    with transaction():
        card.deleted = True
        card.version += 1
    events.cards_changed.send(workshop.id, activity_id=activity.id)


def quick_entry(workshop: Workshop, activity: Activity, data: Mapping, actor=None) -> list[Card]:
    """Type a group's paper answers (see services/quick_entry.py): all lines or none."""
    from workshop.services import quick_entry as entry  # it builds on this module

    return entry.quick_entry(workshop, activity, data, actor or FACILITATOR)


# ---- moderation (facilitator only, recorded, undoable) -------------------------------


def actor_name(actor: Actor) -> str:
    """Return who the moderation log says acted: the facilitator, or a reporter's name."""
    return records.FACILITATOR_ACTOR if actor.facilitator else actor.person.display_name


def _moderate(
    workshop, activity, kind: str, updates, card=None, summary="", expect=None, actor=FACILITATOR
) -> Card | None:
    """Apply field updates to cards in one transaction and record them for undo."""
    with transaction() as s:
        records.record(
            s,
            activity,
            kind,
            updates,
            summary=summary,
            actor=actor_name(actor),
            expect={card.id: expect} if expect is not None and card is not None else None,
        )
    events.cards_changed.send(workshop.id, activity_id=activity.id)
    logger.info("workshop %s: moderation %s on %s", workshop.join_code, kind, sorted(updates))
    return card


def rename_card(workshop, activity, card_id, text, version=None) -> Card:
    """Rename a card; with the `version` the form was read at, refuse if it changed since."""
    card = find_card(activity, card_id)
    text = _clean(text, SUBPOINT_MAX if card.parent_id else HEADING_MAX)
    expect = int(version) if str(version or "").isdigit() and len(str(version)) < 10 else None
    updates = {card.id: {"text": text}}
    return _moderate(workshop, activity, "rename", updates, card, card.text, expect)


def set_flag(workshop, activity, card_id, flag: str, value: bool) -> Card:
    """Hide, pin or make a card a vote candidate (or the reverse)."""
    if flag not in ("hidden", "pinned", "candidate"):
        raise ServiceError("unknown_action")
    card = find_card(activity, card_id)
    return _moderate(workshop, activity, flag, {card.id: {flag: bool(value)}}, card, card.text)


def move_card(workshop, activity, card_id, data: Mapping) -> Card:
    """Move a heading to another group, column or row, or swap a card with its neighbour.

    Up and down swap the card with the previous or next one of its list (the headings of
    its group and column, or the sub-points of its heading): at the end of the list they
    change nothing. In a board, `row` puts a heading on that row (facing whatever is there)
    and `blank` ("before") shifts it and the headings below it down one row, leaving a
    blank cell: these re-pair rows across the columns, which up and down never do.
    """
    card = find_card(activity, card_id)
    if data.get("direction") in ("up", "down"):
        updates = _swap(activity, card, -1 if data["direction"] == "up" else 1)
    elif data.get("blank") == "before" and card.parent_id is None:
        siblings = _siblings(activity, card)
        updates = {c.id: {"row": c.row + 1} for c in siblings[_index(siblings, card) :]}
    else:
        updates = {card.id: _placement(activity, card, data)}
    for heading_id, fields in list(updates.items()):
        if "row" in fields or "group_id" in fields or "column" in fields:
            for child in _children(activity, heading_id):
                updates[child.id] = {k: v for k, v in fields.items() if k != "position"}
    updates = {k: v for k, v in updates.items() if v}
    if not updates:
        return card
    return _moderate(workshop, activity, "move", updates, card, card.text)


def _placement(activity, card: Card, data: Mapping) -> dict:
    fields: dict = {}
    if card.parent_id is not None:
        return fields
    if "group_id" in data:
        fields["group_id"] = group_of(activity, FACILITATOR, data.get("group_id"))
    if "column" in data:
        fields["column"] = _column(activity, fields.get("group_id", card.group_id), data["column"])
    raw = str(data.get("row") or "").strip()
    if raw:
        if not raw.isdigit() or not 1 <= int(raw) <= 999:
            raise FormErrors({"row": ("out_of_range", {})})
        fields["row"] = int(raw) - 1  # people count rows from 1
    return fields


def _siblings(activity: Activity, card: Card) -> list[Card]:
    """The visible list a card is moved within, in the order shown."""
    if card.parent_id is not None:
        mine = [c for c in cards_of(activity) if c.parent_id == card.parent_id]
        key = lambda c: (c.position, c.id)  # noqa: E731
    else:
        mine = [
            c
            for c in cards_of(activity)
            if c.parent_id is None and c.group_id == card.group_id and c.column == card.column
        ]
        key = lambda c: (c.row, c.id)  # noqa: E731
    return sorted((c for c in mine if c.visible), key=key)


def _index(siblings: list[Card], card: Card) -> int:
    return next(i for i, c in enumerate(siblings) if c.id == card.id)


def _swap(activity, card: Card, step: int) -> dict:
    siblings = _siblings(activity, card)
    index = _index(siblings, card)
    if not 0 <= index + step < len(siblings):
        return {}
    other = siblings[index + step]
    name = "position" if card.parent_id else "row"
    mine, theirs = getattr(card, name), getattr(other, name)
    if mine == theirs:  # two on one slot (older data): make the order visible
        theirs = mine + step
    return {card.id: {name: theirs}, other.id: {name: mine}}


def _children(activity, heading_id) -> list[Card]:
    return [c for c in cards_of(activity) if c.parent_id == heading_id]


def merge_cards(workshop, activity, target_id, source_ids) -> Card:
    """Merge headings into one: it keeps all sub-points and records where they came from."""
    target = find_card(activity, target_id)
    sources = [find_card(activity, i) for i in source_ids if str(i) != str(target.id)]
    views = _views(activity)
    try:
        updates = moderation.merge_updates(views[target.id], [views[s.id] for s in sources])
    except (ValueError, KeyError):
        raise ServiceError("cannot_merge") from None
    for fields in updates.values():
        if "parent_id" in fields:  # sub-points follow their new heading into its group
            fields.update(group_id=target.group_id, column=target.column)
    summary = " + ".join([target.text, *(s.text for s in sources)])
    return _moderate(workshop, activity, "merge", updates, target, summary)


def _views(activity: Activity) -> dict[int, moderation.CardView]:
    cards = [c for c in cards_of(activity) if c.visible]
    names = _group_names(activity)
    authors = _author_names(cards)
    return {
        c.id: moderation.CardView(
            c.id,
            c.text,
            c.parent_id,
            names.get(c.group_id, ""),
            tuple(a for a in [authors.get(c.author_id)] if a),
            tuple(c.origins or ()),
            c.merged_into_id,
            tuple(x.id for x in cards if x.parent_id == c.id),
        )
        for c in cards
    }


def _group_names(activity: Activity) -> dict[int | None, str]:
    workshop = session().get(Workshop, activity.workshop_id)
    return {g.id: g.name for g in workshop.groups}


def _author_names(cards) -> dict[int, str]:
    ids = {c.author_id for c in cards if c.author_id}
    people = session().scalars(select(Participant).where(Participant.id.in_(ids))) if ids else []
    return {p.id: p.display_name for p in people if not p.anonymous}


def undo_action(workshop, activity, action_id) -> None:
    """Undo one recorded moderation action, if no later action changed the same fields."""
    action = session().get(ModerationAction, as_id(action_id))
    if action is None or action.activity_id != activity.id or action.undone_at:
        raise NotFound()
    with transaction() as s:
        records.undo(s, activity, action)
        action.undone_at = utcnow()
    events.cards_changed.send(workshop.id, activity_id=activity.id)
    logger.info("workshop %s: moderation %s undone", workshop.join_code, action.id)


def moderation_log(activity: Activity) -> list[ModerationAction]:
    query = select(ModerationAction).where(ModerationAction.activity_id == activity.id)
    return list(session().scalars(query.order_by(ModerationAction.id.desc())))


# ---- comments, syntheses, activity state ------------------------------------------------


def add_comment(workshop, activity, data: Mapping) -> Comment:
    """Comment on a card, or on the whole activity (recorded, undoable)."""
    card = find_card(activity, data["card_id"], live=True) if data.get("card_id") else None
    text = _clean(data.get("text"), COMMENT_MAX)
    with transaction() as s:
        comment = Comment(activity_id=activity.id, card_id=card.id if card else None, text=text)
        s.add(comment)
        s.flush()
        name = records.key("comment", comment.id)
        records.record_created(s, activity, "comment", [name], summary=text)
    events.cards_changed.send(workshop.id, activity_id=activity.id)
    logger.info("workshop %s: comment %s added", workshop.join_code, comment.id)
    return comment


def delete_comment(workshop, activity, comment_id) -> None:
    """Delete a comment (recorded: undo brings it back)."""
    comment = session().get(Comment, as_id(comment_id))
    if comment is None or comment.activity_id != activity.id or comment.deleted:
        raise NotFound()
    with transaction() as s:
        updates = {records.key("comment", comment.id): {"deleted": True}}
        records.record(s, activity, "delete_comment", updates, summary=comment.text)
    events.cards_changed.send(workshop.id, activity_id=activity.id)
    logger.info("workshop %s: comment %s deleted", workshop.join_code, comment.id)


def save_synthesis(workshop, activity, group_id, text) -> Synthesis:
    """Write a group's synthesis (paragraphs that go into the minutes under its answer).

    Recorded like moderation: undo puts the previous text back.
    """
    try:
        text = clean_text(text, SYNTHESIS_MAX, multiline=True)
    except TextError as error:
        raise FormErrors({"synthesis": (error.code, {"limit": error.limit})}) from None
    group = group_of(activity, FACILITATOR, group_id)
    with transaction() as s:
        found = s.scalar(
            select(Synthesis).where(
                Synthesis.activity_id == activity.id,
                Synthesis.group_id.is_(None) if group is None else Synthesis.group_id == group,
            )
        )
        if found is None:
            found = Synthesis(activity_id=activity.id, group_id=group, text="")
            s.add(found)
            s.flush()
        updates = {records.key("synthesis", found.id): {"text": text}}
        records.record(s, activity, "synthesis", updates, summary=text)
    events.cards_changed.send(workshop.id, activity_id=activity.id)
    logger.info("workshop %s: synthesis of group %s saved", workshop.join_code, group)
    return found


def set_board_state(workshop, activity, data: Mapping) -> None:
    """Close or reopen writing, reveal private answers, choose what the projector shows."""
    settings = dict(activity.settings)
    if "closed" in data:
        settings["closed"] = str(data["closed"]) == "1"
    if "revealed" in data:
        settings["revealed"] = str(data["revealed"]) == "1"
    if "screen_group" in data:
        raw = str(data["screen_group"] or "")
        settings["screen_group"] = int(raw) if raw.isdigit() and len(raw) < 10 else None
    if settings == activity.settings:
        return  # sent again (a lost answer, a double click): nothing to change or push
    with transaction():
        activity.settings = settings
    events.cards_changed.send(workshop.id, activity_id=activity.id)
    events.agenda_advanced.send(workshop.id)


def comments_of(activity: Activity) -> dict[int | None, list[Comment]]:
    """Return the comments of an activity by card id (None: on the whole activity)."""
    query = select(Comment).where(Comment.activity_id == activity.id, ~Comment.deleted)
    grouped: dict[int | None, list[Comment]] = {}
    for comment in session().scalars(query.order_by(Comment.id)):
        grouped.setdefault(comment.card_id, []).append(comment)
    return grouped


def syntheses_of(activity: Activity) -> dict[int | None, str]:
    query = select(Synthesis).where(Synthesis.activity_id == activity.id)
    return {s.group_id: s.text for s in session().scalars(query)}


def own_cards(activity: Activity, person: Participant) -> list[Card]:
    """Return a participant's own visible cards (headings and sub-points), in order."""
    return [c for c in cards_of(activity) if c.author_id == person.id and c.visible]
