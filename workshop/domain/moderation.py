"""Undoable moderation: every action is a set of field changes that can be reversed.

A change maps card ids to {field: (before, after)}. Undoing sets each field back
to `before`, and is allowed only while every field still holds its `after` value:
actions can be undone in any order as long as no later action changed the same
fields of the same cards (that one must be undone first).
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

Change = dict[int, dict[str, tuple]]
Updates = dict[int, dict[str, object]]


@dataclass(frozen=True)
class CardView:
    """What moderation needs to know of a card."""

    id: int
    text: str
    parent_id: int | None = None
    group: str = ""
    authors: tuple[str, ...] = ()
    origins: tuple = ()
    merged_into_id: int | None = None
    children: tuple[int, ...] = field(default=())


def diff(before: Mapping[int, Mapping], updates: Updates) -> Change:
    """Describe `updates` as a change against the fields' current values."""
    change: Change = {}
    for card_id, fields in updates.items():
        moved = {k: (before[card_id][k], v) for k, v in fields.items() if before[card_id][k] != v}
        if moved:
            change[card_id] = moved
    return change


def can_undo(change: Change, current: Mapping[int, Mapping]) -> bool:
    """Tell whether every changed field still holds the value the action left."""
    return all(
        card_id in current and current[card_id].get(name) == after
        for card_id, fields in change.items()
        for name, (_before, after) in fields.items()
    )


def undo_updates(change: Change) -> Updates:
    """Return the updates that put every changed field back as it was."""
    return {card_id: {k: before for k, (before, _a) in f.items()} for card_id, f in change.items()}


def origin_of(card: CardView) -> list[dict]:
    """Return where a card came from: its recorded origins, or its own group and authors."""
    if card.origins:
        return [dict(o) for o in card.origins]
    return [{"group": card.group, "authors": list(card.authors)}]


def merge_updates(target: CardView, sources: Sequence[CardView]) -> Updates:
    """Merge headings into `target`: it keeps every sub-point and records every origin.

    The sources are marked merged (not deleted), so undoing brings them back with
    their own sub-points.
    """
    if not sources or any(s.id == target.id for s in sources):
        raise ValueError("merge needs other cards")
    if target.parent_id is not None or any(s.parent_id is not None for s in sources):
        raise ValueError("only headings merge")
    origins = origin_of(target)
    updates: Updates = {}
    for source in sources:
        origins += [o for o in origin_of(source) if o not in origins]
        updates[source.id] = {"merged_into_id": target.id}
        for child in source.children:
            updates[child] = {"parent_id": target.id}
    updates[target.id] = {"origins": origins}
    return updates
