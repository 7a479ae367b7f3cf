"""Each group's answers to a board activity, as the screens and the minutes show them."""

from dataclasses import dataclass, field

from workshop.domain.visibility import is_plenary
from workshop.kinds.boards import prompt_for
from workshop.models import Activity, Card, Workshop
from workshop.services.boards import _cards as boards


@dataclass
class HeadingView:
    card: Card
    subpoints: list[Card] = field(default_factory=list)
    comments: list = field(default_factory=list)
    also: list[str] = field(default_factory=list)  # texts of the headings merged into it

    @property
    def origin_groups(self) -> list[str]:
        """Return the groups its merge origins name, each once, in order ("" is plenary)."""
        names = [o.get("group") or "" for o in self.card.origins or () if isinstance(o, dict)]
        return list(dict.fromkeys(names))


@dataclass
class GroupBoard:
    group: object | None  # a Group, or None for the plenary / groups without one
    prompt: dict
    headings: list[HeadingView]
    synthesis: str = ""

    @property
    def is_board(self) -> bool:
        return self.prompt.get("format") == "board"

    @property
    def columns(self) -> list[str]:
        return self.prompt.get("columns") or []

    @property
    def rows(self) -> list[list[HeadingView | None]]:
        """Headings paired across columns by row; a blank where a side has none."""
        width = max(1, len(self.columns))
        by_row: dict[int, list] = {}
        for heading in self.headings:
            column = min(heading.card.column, width - 1)
            cells = by_row.setdefault(heading.card.row, [None] * width)
            if cells[column] is None:
                cells[column] = heading
            else:  # two headings on one row and column: give the second its own row
                by_row.setdefault(heading.card.row + 0.5, [None] * width)[column] = heading
        return [by_row[r] for r in sorted(by_row)]


def group_boards(workshop: Workshop, activity: Activity, *, moderation: bool) -> list[GroupBoard]:
    """Return each group's board; without moderation, hidden cards are left out."""
    every = boards.cards_of(activity)
    cards = [c for c in every if c.visible]
    if not moderation:
        cards = [c for c in cards if not c.hidden]
    comments, also = boards.comments_of(activity), merged_texts(every)
    syntheses = boards.syntheses_of(activity)
    plenary = is_plenary(activity.settings, bool(workshop.groups))
    groups = [None] if plenary else [*workshop.groups, None]
    if not plenary and activity.group_id is not None:  # one group's board
        groups = [g for g in groups if g is None or g.id == activity.group_id]
    result = []
    for group in groups:
        gid = group.id if group else None
        mine = [c for c in cards if (c.group_id if not plenary else None) == gid]
        headings = _headings(mine, comments, also)
        if group is None and not plenary and not headings:
            continue
        result.append(
            GroupBoard(group, prompt_for(activity, gid), headings, syntheses.get(gid, ""))
        )
    return result


def merged_texts(cards: list[Card]) -> dict[int, list[str]]:
    """Return, by heading id, the texts of the headings merged into it (through chains of
    merges too), so that a merged text stays readable under the card that kept it.

    A text equal to the kept one (or to another merged one), ignoring case, is left out.
    """
    by_id = {c.id: c for c in cards}
    found: dict[int, list[str]] = {}
    for card in cards:
        if card.deleted or not card.merged_into_id or card.parent_id is not None:
            continue
        target, seen = by_id.get(card.merged_into_id), {card.id}
        while target is not None and target.merged_into_id and target.id not in seen:
            seen.add(target.id)
            target = by_id.get(target.merged_into_id)
        if target is None or not target.visible:
            continue
        texts = found.setdefault(target.id, [])
        known = {t.casefold() for t in [target.text, *texts]}
        if card.text.strip().casefold() not in known:  # a twin says nothing new
            texts.append(card.text.strip())
    return found


def _headings(cards: list[Card], comments, also=None) -> list[HeadingView]:
    also = also or {}
    views = {
        c.id: HeadingView(c, comments=comments.get(c.id, []), also=also.get(c.id, []))
        for c in cards
        if c.parent_id is None
    }
    for card in cards:
        if card.parent_id in views:
            views[card.parent_id].subpoints.append(card)
    ordered = sorted(
        views.values(), key=lambda h: (not h.card.pinned, h.card.column, h.card.row, h.card.id)
    )
    for heading in ordered:
        heading.subpoints.sort(key=lambda c: (c.position, c.id))
    return ordered
