"""The facilitator's moderation of a board's cards: rename, hide, pin, mark as vote
candidates, move, merge, and undo; every change recorded in the moderation log (the
machinery is in moderation_records.py) and shown by moderation_log."""

import logging
from collections.abc import Mapping

from sqlalchemy import select

from workshop import events
from workshop.db import as_id, session, transaction, utcnow
from workshop.domain import moderation
from workshop.models import Activity, Card, ModerationAction, Participant, Workshop
from workshop.services.boards import _records as records
from workshop.services.boards._cards import (
    FACILITATOR,
    HEADING_MAX,
    SUBPOINT_MAX,
    answer_column,
    cards_of,
    clean_card_text,
    find_card,
    group_of,
)
from workshop.services.refusals import FormErrors, Invalid, Malformed, NotFound

logger = logging.getLogger(__name__)


def rename_card(workshop, activity, card_id, text, version=None) -> Card:
    """Rename a card; with the `version` the form was read at, refuse if it changed since."""
    card = find_card(activity, card_id)
    text = clean_card_text(text, SUBPOINT_MAX if card.parent_id else HEADING_MAX)
    expect = int(version) if str(version or "").isdigit() and len(str(version)) < 10 else None
    updates = {card.id: {"text": text}}
    return records.moderate(workshop, activity, "rename", updates, card, card.text, expect)


def set_flag(workshop, activity, card_id, flag: str, value: bool) -> Card:
    """Hide, pin or make a card a vote candidate (or the reverse)."""
    if flag not in ("hidden", "pinned", "candidate"):
        raise Malformed("unknown_action")
    card = find_card(activity, card_id)
    return records.moderate(
        workshop, activity, flag, {card.id: {flag: bool(value)}}, card, card.text
    )


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
    return records.moderate(workshop, activity, "move", updates, card, card.text)


def _placement(activity, card: Card, data: Mapping) -> dict:
    fields: dict = {}
    if card.parent_id is not None:
        return fields
    if "group_id" in data:
        fields["group_id"] = group_of(activity, FACILITATOR, data.get("group_id"))
    if "column" in data:
        fields["column"] = answer_column(
            activity, fields.get("group_id", card.group_id), data["column"]
        )
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


def merge_cards(workshop, activity, target_id, source_ids) -> ModerationAction | None:
    """Merge headings into one: it keeps all sub-points and records where they came from.

    Returns the recorded action (for an "undo" offered at once), None if nothing changed.
    """
    target = find_card(activity, target_id)
    sources = [find_card(activity, i) for i in source_ids if str(i) != str(target.id)]
    views = _views(activity)
    try:
        updates = moderation.merge_updates(views[target.id], [views[s.id] for s in sources])
    except (ValueError, KeyError):
        raise Invalid("cannot_merge") from None
    for fields in updates.values():
        if "parent_id" in fields:  # sub-points follow their new heading into its group
            fields.update(group_id=target.group_id, column=target.column)
    summary = " + ".join([target.text, *(s.text for s in sources)])
    return records.moderate_action(workshop, activity, "merge", updates, target, summary)


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
    renamed = [k for k, fields in (action.changes or {}).items() if "text" in fields]
    records.announce_renames(workshop, renamed)
    logger.info("workshop %s: moderation %s undone", workshop.join_code, action.id)


def moderation_log(activity: Activity) -> list[ModerationAction]:
    query = select(ModerationAction).where(ModerationAction.activity_id == activity.id)
    return list(session().scalars(query.order_by(ModerationAction.id.desc())))
