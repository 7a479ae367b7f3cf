"""Cards of scenario and brainstorm activities: what participants write, their comments,
syntheses and the board's state (the facilitator's moderation is in card_moderation.py)."""

import logging
from collections.abc import Mapping

from sqlalchemy import func, select, update

from workshop import events
from workshop.db import as_id, session, transaction, utcnow
from workshop.domain.text import TextError, clean_text
from workshop.domain.visibility import is_plenary, open_for_phones
from workshop.kinds import get_kind
from workshop.kinds.boards import prompt_for
from workshop.models import (
    Activity,
    Card,
    Comment,
    Participant,
    Synthesis,
    Workshop,
)
from workshop.services import agenda
from workshop.services.boards import _records as records
from workshop.services.boards._actor import FACILITATOR, Actor
from workshop.services.locks import fresh
from workshop.services.refusals import Conflict, Forbidden, FormErrors, NotFound

logger = logging.getLogger(__name__)
HEADING_MAX, SUBPOINT_MAX, COMMENT_MAX, SYNTHESIS_MAX = 200, 500, 2000, 10000


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
        raise Conflict("merged_away", target=target.text if target else "")
    return card


def is_open(workshop: Workshop, activity: Activity) -> bool:
    """Participants write only on a live activity (the one on screen, or a group's running
    with it), while it is not closed (nor its time up, when it closes at zero)."""
    return open_for_phones(
        workshop_live=workshop.is_live,
        on_screen=workshop.is_live_activity(activity),
        closed=bool(activity.settings.get("closed")) or time_is_up(activity),
    )


def time_is_up(activity: Activity) -> bool:
    """Whether an activity that closes writing at zero has reached it (its countdown,
    started, at or past zero): the rule holds by itself, before anyone says so."""
    settings = activity.settings or {}
    if not settings.get("close_at_zero") or not activity.planned_minutes:
        return False
    timer = agenda.timer_of(activity)
    return (timer.running or timer.elapsed > 0) and timer.remaining_at(utcnow()) <= 0


def group_of(activity: Activity, actor: Actor, asked=None) -> int | None:
    """Return the group an actor writes for: their own, or the plenary pool.

    During a group activity (the workshop has groups), a participant in no group is
    refused: they wait to be put in one rather than write into a "no group" pool.
    """
    if is_plenary(activity.settings, _has_groups(activity)):
        return None
    if actor.facilitator:
        return int(asked) if str(asked or "").isdigit() and int(asked) else None
    if actor.person.group_id is None and _has_groups(activity):
        raise Conflict("no_group")
    if activity.group_id not in (None, actor.person.group_id):
        raise Forbidden("board_for_another_group")
    return actor.person.group_id


def _has_groups(activity: Activity) -> bool:
    return bool(session().get(Workshop, activity.workshop_id).groups)


# ---- participants (and the facilitator) writing ------------------------------------


def clean_card_text(text, limit: int, field: str = "text") -> str:
    """Return a card's text trimmed and checked, or refuse it as an error of form `field`."""
    try:
        return clean_text(text, limit, required=True)
    except TextError as error:
        raise FormErrors({field: (error.code, {"limit": error.limit})}) from None


def check_can_write(s, workshop: Workshop, activity: Activity, actor: Actor) -> None:
    """Refuse a participant's write unless the board is open and they are present.

    Called inside the write transaction: the workshop and activity rows are read afresh
    and share-locked (closing the board or moving the agenda waits for this write), and the
    person's row is locked, so their writes are serialised (the cap counts each one)."""
    if actor.facilitator:
        return
    fresh(s, Workshop, workshop.id, share=True)
    if fresh(s, Activity, activity.id, share=True) is None:
        raise NotFound()
    person = fresh(s, Participant, actor.person.id)
    if person is None or person.removed_at is not None:
        raise Forbidden()
    if not is_open(workshop, activity):
        raise Conflict("activity_closed")


def _check_cap(s, activity: Activity, actor: Actor) -> None:
    """Refuse a card past the activity's per-person cap (inside the write transaction,
    after `check_can_write` locked the person: no two of their posts count at once)."""
    cap = activity.settings.get("cap") or 0
    if actor.facilitator or not cap:
        return
    written = s.scalar(
        select(func.count(Card.id)).where(
            Card.activity_id == activity.id, Card.author_id == actor.person.id, ~Card.deleted
        )
    )
    if written >= cap:
        raise Conflict("card_cap", limit=cap)


def add_card(workshop: Workshop, activity: Activity, actor: Actor, data: Mapping) -> Card:
    """Add a heading, or a sub-point under a heading of the actor's group.

    Every rule is checked inside the write transaction, on rows read afresh: the board is
    open, the author present and in the group, the parent still a visible heading, the
    author under the cap. Of parallel posts past the cap, the extra ones are refused."""
    text = clean_card_text(data.get("text"), SUBPOINT_MAX if data.get("parent_id") else HEADING_MAX)
    with transaction() as s:
        check_can_write(s, workshop, activity, actor)
        parent = _fresh_parent(s, activity, data.get("parent_id"))
        group_id = parent.group_id if parent else group_of(activity, actor, data.get("group_id"))
        if parent and not actor.facilitator and parent.group_id != group_of(activity, actor):
            raise Forbidden()
        _check_cap(s, activity, actor)
        column = (
            answer_column(activity, group_id, data.get("column")) if not parent else parent.column
        )
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


def _fresh_parent(s, activity: Activity, parent_id) -> Card | None:
    """Return the heading a sub-point goes under, read afresh (merged or deleted: refused)."""
    if not parent_id:
        return None
    parent = find_card(activity, parent_id, live=True)
    parent = fresh(s, Card, parent.id, share=True)
    if parent is None or parent.deleted or parent.parent_id is not None or not parent.visible:
        raise NotFound()
    if parent.merged_into_id:
        raise Conflict("merged_away", target="")
    return parent


def answer_column(activity: Activity, group_id, asked) -> int:
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
    text = clean_card_text(data.get("text"), SUBPOINT_MAX if card.parent_id else HEADING_MAX)
    expected = str(data.get("version") or "")
    if not expected.isdigit() or len(expected) > 9:
        raise Conflict("changed_meanwhile")
    if actor.facilitator:
        updates = {card.id: {"text": text}}
        return records.moderate(workshop, activity, "edit", updates, card, card.text, int(expected))
    with transaction() as s:
        check_can_write(s, workshop, activity, actor)
        written = s.execute(
            update(Card)
            .where(Card.id == card.id, Card.version == int(expected), ~Card.deleted)
            .values(text=text, version=Card.version + 1)
        ).rowcount
        if written != 1:
            raise Conflict("changed_meanwhile")
        s.refresh(card)
        records.follow_rename(s, card)
    events.cards_changed.send(workshop.id, activity_id=activity.id)
    records.announce_renames(workshop, [card.id])
    logger.info("workshop %s: card %s edited", workshop.join_code, card.id)
    return card


def delete_card(workshop: Workshop, activity: Activity, actor: Actor, card_id):
    """Delete one's own card (the facilitator: any card); it can be restored by undo.

    The facilitator's deletion returns its recorded action (to offer "undo" at once).
    """
    card = find_card(activity, card_id)
    _check_owner(card, actor)
    if actor.facilitator:
        updates = {card.id: {"deleted": True}}
        return records.moderate_action(
            workshop, activity, "delete", updates, card=card, summary=card.text
        )
    with transaction() as s:
        check_can_write(s, workshop, activity, actor)
        card = fresh(s, Card, card.id)
        if card is None or card.deleted:
            return  # deleted meanwhile (a double tap): nothing more to do
        card.deleted = True
        card.version += 1
    events.cards_changed.send(workshop.id, activity_id=activity.id)


# ---- comments, syntheses, activity state ------------------------------------------------


def add_comment(workshop, activity, data: Mapping) -> Comment:
    """Comment on a card, or on the whole activity (recorded, undoable)."""
    card = find_card(activity, data["card_id"], live=True) if data.get("card_id") else None
    text = clean_card_text(data.get("text"), COMMENT_MAX)
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
    """Close or reopen writing, reveal private answers, choose what the projector shows:
    one group or all (`screen_group`), every answer or the headings alone (`screen_view`).

    The settings are read afresh and locked inside the transaction: two changes made at
    once (close and reveal) both stay, and a card being added waits or is refused."""
    with transaction() as s:
        if fresh(s, Activity, activity.id) is None:
            raise NotFound()
        changed = _changed_board_state(activity, data)
        if changed is None:
            return  # sent again (a lost answer, a double click): nothing to change or push
        news = {key: value for key, value in changed.items() if activity.settings.get(key) != value}
        activity.settings = changed
    events.board_state_changed.send(workshop.id, activity_id=activity.id)
    logger.info("workshop %s: board %s now %s", workshop.join_code, activity.id, news)


def _changed_board_state(activity: Activity, data: Mapping) -> dict | None:
    settings = dict(activity.settings)
    if "closed" in data:
        settings["closed"] = str(data["closed"]) == "1"
    if "revealed" in data:
        settings["revealed"] = str(data["revealed"]) == "1"
    if "screen_group" in data:
        raw = str(data["screen_group"] or "")
        settings["screen_group"] = int(raw) if raw.isdigit() and len(raw) < 10 else None
    if "screen_view" in data:  # "headings": the projector shows the headings alone
        settings["screen_view"] = "headings" if data["screen_view"] == "headings" else ""
    return None if settings == activity.settings else settings


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


def merged_cards(activity: Activity, person: Participant) -> list[tuple[Card, Card]]:
    """Return a participant's own headings merged into another, each with the heading that
    kept it (at the end of a chain of merges), so the author can be told where it went."""
    every = cards_of(activity)
    by_id = {c.id: c for c in every}
    found = []
    for card in every:
        if card.author_id != person.id or card.deleted or not card.merged_into_id:
            continue
        target, seen = by_id.get(card.merged_into_id), {card.id}
        while target is not None and target.merged_into_id and target.id not in seen:
            seen.add(target.id)
            target = by_id.get(target.merged_into_id)
        if target is not None and target.visible:
            found.append((card, target))
    return found
