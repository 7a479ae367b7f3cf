"""The actions decided for after the workshop, entered in the console.

An action belongs to one group, or is transverse (no group) and shared by some groups; it
has referents (a person and their organisation, possibly several), a contact, a short
description and a list of needs. A retained orientation of a vote can become an action.
"""

import logging
from collections.abc import Mapping

from sqlalchemy import func, select

from workshop import events
from workshop.db import as_id, session, transaction
from workshop.domain.minutes import Action, Referent, VoteSection
from workshop.domain.text import NAME_MAX, ORGANISATION_MAX, TITLE_MAX, TextError, clean_text
from workshop.models import MinutesAction, Workshop
from workshop.services.forms import FieldReader
from workshop.services.minutes._sections import sections_for
from workshop.services.refusals import Conflict, FormErrors, NotFound

logger = logging.getLogger(__name__)
LINE_MAX, DESCRIPTION_MAX, CONTACT_MAX = 300, 2000, 200
MAX_LINES, MAX_REFERENTS, MAX_ACTIONS = 20, 10, 100
PERSON_MAX = NAME_MAX * 2 + 1


# ---- reading ------------------------------------------------------------------------------


def actions_of(workshop: Workshop) -> list[MinutesAction]:
    query = select(MinutesAction).where(MinutesAction.workshop_id == workshop.id)
    return list(session().scalars(query.order_by(MinutesAction.position, MinutesAction.id)))


def find_action(workshop: Workshop, action_id) -> MinutesAction:
    """Return one of this workshop's actions; another workshop's looks absent."""
    try:
        action = session().get(MinutesAction, as_id(action_id))
    except (TypeError, ValueError):
        action = None
    if action is None or action.workshop_id != workshop.id:
        raise NotFound()
    return action


def domain_action(action: MinutesAction, names: Mapping[int, str]) -> Action:
    """Return an action for the minutes; groups deleted since are simply not named."""
    shared = tuple(names[i] for i in action.shared_group_ids or () if i in names)
    return Action(
        title=action.title,
        group=names.get(action.group_id) if action.group_id else None,
        shared_by=shared if not action.group_id else (),
        referents=tuple(Referent(r["person"], r.get("organisation", "")) for r in action.referents),
        contact=action.contact,
        description=action.description,
        needs=tuple(action.needs or ()),
    )


def retained_orientations(workshop: Workshop) -> list[str]:
    """Return the orientations retained by the workshop's votes, best first, once each."""
    labels: list[str] = []
    for activity in workshop.activities:
        if activity.kind != "vote":
            continue
        for section in sections_for(workshop, activity):
            if isinstance(section, VoteSection):
                labels += section.retained
    return list(dict.fromkeys(labels))


# ---- reading forms ------------------------------------------------------------------------


def read_lines(form: FieldReader, name: str, limit: int = LINE_MAX) -> list[str]:
    """Read a multi-line field as a list: one item a line, blank lines skipped."""
    raw = form.text(name, MAX_LINES * (limit + 1), multiline=True)
    items = [" ".join(line.split()) for line in raw.split("\n") if line.strip()]
    if len(items) > MAX_LINES:
        form.errors[name] = ("too_many", {"limit": MAX_LINES})
    elif any(len(item) > limit for item in items):
        form.errors[name] = ("too_long", {"limit": limit})
    return items[:MAX_LINES]


def parse_referent(line: str) -> dict:
    """Read "Person; organisation" (or "Person – organisation") into a referent."""
    separator = ";" if ";" in line else " – " if " – " in line else None
    person, organisation = line.split(separator, 1) if separator else (line, "")
    return {
        "person": clean_text(person, PERSON_MAX, required=True),
        "organisation": clean_text(organisation, ORGANISATION_MAX),
    }


def referent_line(referent: Mapping) -> str:
    """Write a referent back as the form shows it."""
    organisation = referent.get("organisation")
    return f"{referent['person']}; {organisation}" if organisation else referent["person"]


def _referents(form: FieldReader) -> list[dict]:
    lines = read_lines(form, "referents", PERSON_MAX + ORGANISATION_MAX + 2)
    if len(lines) > MAX_REFERENTS:
        form.errors["referents"] = ("too_many", {"limit": MAX_REFERENTS})
    try:
        return [parse_referent(line) for line in lines[:MAX_REFERENTS]]
    except TextError as error:
        form.errors["referents"] = (error.code, {"limit": error.limit})
        return []


def _group_ids(workshop: Workshop, data: Mapping, form: FieldReader) -> tuple[int | None, list]:
    known = {str(group.id): group.id for group in workshop.groups}
    raw = str(data.get("group_id") or "")
    if raw and raw not in known:
        form.errors["group_id"] = ("invalid_choice", {})
    many = data.getlist("shared") if hasattr(data, "getlist") else data.get("shared") or []
    shared = [known[str(i)] for i in many if str(i) in known]
    group = known.get(raw)
    return group, [] if group else list(dict.fromkeys(shared))


def read_action_fields(workshop: Workshop, data: Mapping) -> dict:
    """Read and check an action form; refuse it all at once."""
    form = FieldReader(data)
    group_id, shared = _group_ids(workshop, data, form)
    fields = {
        "title": form.text("title", TITLE_MAX, required=True),
        "group_id": group_id,
        "shared_group_ids": shared,
        "referents": _referents(form),
        "contact": form.text("contact", CONTACT_MAX),
        "description": form.text("description", DESCRIPTION_MAX, multiline=True),
        "needs": read_lines(form, "needs"),
    }
    form.done()
    return fields


# ---- the facilitator's edits ------------------------------------------------------------


def add_action(workshop: Workshop, data: Mapping, orientation: str = "") -> MinutesAction:
    """Add an action at the end of the list."""
    fields = read_action_fields(workshop, data)
    with transaction() as s:
        count, last = s.execute(
            select(func.count(MinutesAction.id), func.max(MinutesAction.position)).where(
                MinutesAction.workshop_id == workshop.id
            )
        ).one()
        if count >= MAX_ACTIONS:
            raise Conflict("too_many", limit=MAX_ACTIONS)
        action = MinutesAction(workshop_id=workshop.id, position=(last or 0) + 1, **fields)
        action.orientation = orientation[:500]
        s.add(action)
    logger.info("workshop %s: action %s added", workshop.join_code, action.id)
    events.minutes_edited.send(workshop.id)
    return action


def update_action(workshop: Workshop, action_id, data: Mapping) -> MinutesAction:
    """Change an action."""
    action = find_action(workshop, action_id)
    fields = read_action_fields(workshop, data)
    with transaction():
        for name, value in fields.items():
            setattr(action, name, value)
    logger.info("workshop %s: action %s edited", workshop.join_code, action.id)
    events.minutes_edited.send(workshop.id)
    return action


def delete_action(workshop: Workshop, action_id) -> None:
    action = find_action(workshop, action_id)
    with transaction() as s:
        s.delete(action)
    logger.info("workshop %s: action %s deleted", workshop.join_code, action_id)
    events.minutes_edited.send(workshop.id)


def action_from_orientation(workshop: Workshop, label: str) -> MinutesAction:
    """Turn a retained orientation into an action named after it (to be completed)."""
    if label not in retained_orientations(workshop):
        raise FormErrors({"orientation": ("invalid_choice", {})})
    return add_action(workshop, {"title": label[:TITLE_MAX]}, orientation=label)
