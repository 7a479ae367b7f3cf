"""Typing a group's paper answers fast, from the console or by the group's reporter.

One outline per column: headings at the margin, sub-points indented (or bulleted). In a
board with named columns the n-th heading of every column lands on the same row, so rows
pair across the columns; a heading line that is only "-" or "—" leaves that cell blank.
The whole entry is checked before anything is written, then written in one transaction
and recorded in the moderation log (undoing it deletes what it added).
"""

import logging
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import func, select

from workshop import events
from workshop.db import transaction
from workshop.domain.outline import parse_outline
from workshop.kinds.boards import prompt_for
from workshop.models import Activity, Card, Participant, Workshop
from workshop.services import groups, roster
from workshop.services.boards import _cards as boards
from workshop.services.boards import _records as records
from workshop.services.boards._actor import FACILITATOR, Actor
from workshop.services.boards._cards import HEADING_MAX, SUBPOINT_MAX
from workshop.services.locks import fresh
from workshop.services.refusals import Conflict, Forbidden, FormErrors, NotFound

logger = logging.getLogger(__name__)
BLANKS = ("-", "—", "–")
_BLANK = "\u2063"  # stands for a blank cell while the outline is parsed
OUTLINE_MAX = 50_000


@dataclass(frozen=True)
class Cell:
    """One heading to write (None: a blank cell) at a row offset in a column."""

    column: int
    offset: int
    heading: str | None
    subpoints: tuple[str, ...] = ()


def columns_of(activity: Activity, group_id) -> list[str]:
    """Return the named columns of a group's board ([] when it answers in headings)."""
    prompt = prompt_for(activity, group_id)
    return (prompt.get("columns") or []) if prompt.get("format") == "board" else []


def quick_entry(workshop: Workshop, activity: Activity, data: Mapping, actor=FACILITATOR):
    """Add a group's answers typed as outlines; a refused line refuses the whole entry."""
    group_id = _entry_group(workshop, activity, actor, data)
    cells = _cells(activity, group_id, data)
    with transaction() as s:
        if not actor.facilitator:  # still the reporter of that group, on an open board?
            boards.check_can_write(s, workshop, activity, actor)
            if check_reporter(workshop, activity, actor.person) != group_id:
                raise Forbidden("not_reporter")
        created = _write(s, activity, group_id, cells, actor)
        s.flush()
        summary = " / ".join(c.text for c in created if c.parent_id is None)
        records.record_created(
            s,
            activity,
            "quick_entry",
            [c.id for c in created],
            summary=summary,
            actor=records.actor_name(actor),
        )
    events.cards_changed.send(workshop.id, activity_id=activity.id)
    logger.info("workshop %s: %s cards typed in", workshop.join_code, len(created))
    return created


def _entry_group(workshop, activity, actor: Actor, data: Mapping):
    if actor.facilitator:
        return boards.group_of(activity, FACILITATOR, data.get("group_id"))
    group_id = check_reporter(workshop, activity, actor.person)
    asked = str(data.get("group_id") or "")
    if asked and asked != str(group_id):
        raise Forbidden("not_reporter")
    return group_id


def _cells(activity: Activity, group_id, data: Mapping) -> list[Cell]:
    """Read and check every outline of the form: nothing is written if one line fails."""
    columns = columns_of(activity, group_id)
    fields = [(f"outline_{i}", i) for i in range(len(columns)) if f"outline_{i}" in data]
    if not fields:  # one outline for one column (older forms, scripts)
        fields = [("outline", boards.answer_column(activity, group_id, data.get("column")))]
    cells = [cell for name, column in fields for cell in _read(name, column, data.get(name))]
    if not any(c.heading for c in cells):
        raise FormErrors({fields[0][0]: ("required", {})})
    return cells


def _read(field: str, column: int, text) -> list[Cell]:
    lines = str(text or "")[:OUTLINE_MAX].replace("\r\n", "\n").split("\n")
    marked = "\n".join(
        _BLANK if line.strip() in BLANKS and line[:1] not in " \t" else line for line in lines
    )
    cells = []
    for offset, item in enumerate(parse_outline(marked)):
        if item.heading == _BLANK:
            if item.subpoints:
                raise FormErrors({field: ("blank_with_subpoints", {})})
            cells.append(Cell(column, offset, None))
            continue
        heading = boards.clean_card_text(item.heading, HEADING_MAX, field)
        subs = tuple(boards.clean_card_text(sub, SUBPOINT_MAX, field) for sub in item.subpoints)
        cells.append(Cell(column, offset, heading, subs))
    return cells


def _write(s, activity, group_id, cells: list[Cell], actor: Actor) -> list[Card]:
    first = _first_rows(s, activity, group_id, {c.column for c in cells})
    author = {"author_id": actor.person.id if actor.person else None}
    created = []
    for cell in cells:
        if cell.heading is None:
            continue
        heading = Card(
            activity_id=activity.id,
            group_id=group_id,
            column=cell.column,
            row=first[cell.column] + cell.offset,
            position=0,
            text=cell.heading,
            by_facilitator=actor.facilitator,
            **author,
        )
        s.add(heading)
        s.flush()
        created.append(heading)
        for position, text in enumerate(cell.subpoints, start=1):
            sub = Card(
                activity_id=activity.id,
                group_id=group_id,
                parent_id=heading.id,
                column=cell.column,
                row=heading.row,
                position=position,
                text=text,
                by_facilitator=actor.facilitator,
                **author,
            )
            s.add(sub)
            created.append(sub)
    return created


def _first_rows(s, activity, group_id, columns: set[int]) -> dict[int, int]:
    """Where each column's typed headings start.

    Several columns typed together start on one common row (after every column's last
    heading) so that they pair; one column alone continues where it ends.
    """
    query = select(Card.column, func.max(Card.row)).where(
        Card.activity_id == activity.id, Card.parent_id.is_(None), ~Card.deleted
    )
    query = query.where(Card.group_id.is_(None) if group_id is None else Card.group_id == group_id)
    ends = dict(s.execute(query.group_by(Card.column)).all())
    if len(columns) == 1:
        (column,) = columns
        return {column: ends.get(column, -1) + 1}
    common = max((ends.get(c, -1) for c in columns), default=-1) + 1
    return dict.fromkeys(columns, common)


# ---- reporters ----------------------------------------------------------------------


def reporters_of(activity: Activity) -> dict[int, int]:
    """Return each group's reporter for this activity: {group id: participant id}."""
    return {int(g): int(p) for g, p in (activity.settings.get("reporters") or {}).items()}


def set_reporter(workshop: Workshop, activity: Activity, data: Mapping) -> None:
    """Designate (or, with no participant, withdraw) the reporter of one group.

    The reporter must be a member of the group; they then type their group's paper
    answers from their own phone or laptop while the activity is open.
    """
    group = groups.find_group(workshop, data.get("group_id"))
    person = None
    if data.get("participant_id"):
        try:
            person = roster.find_person(workshop, data.get("participant_id"))
        except NotFound:
            raise Conflict("not_in_group") from None  # another workshop's: not in the group
    with transaction() as s:  # membership and the other groups' reporters, as they are now
        fresh(s, Activity, activity.id)
        if person is not None:
            person = fresh(s, Participant, person.id, share=True)
            if person is None or person.group_id != group.id or person.removed_at:
                raise Conflict("not_in_group")
        reporters = {str(g): p for g, p in reporters_of(activity).items()}
        if person is not None:
            reporters[str(group.id)] = person.id
        else:
            reporters.pop(str(group.id), None)
        activity.settings = {**activity.settings, "reporters": reporters}
    events.board_state_changed.send(workshop.id, activity_id=activity.id)
    logger.info("workshop %s: reporter of group %s set", workshop.join_code, group.id)


def check_reporter(workshop: Workshop, activity: Activity, person: Participant) -> int:
    """Return the group a participant reports for, or refuse: not the reporter, closed."""
    group_id = person.group_id
    if group_id is None or reporters_of(activity).get(group_id) != person.id:
        raise Forbidden("not_reporter")
    if not boards.is_open(workshop, activity):
        raise Conflict("activity_closed")
    return group_id


def is_reporter(activity: Activity, person: Participant) -> bool:
    return person.group_id is not None and reporters_of(activity).get(person.group_id) == person.id
