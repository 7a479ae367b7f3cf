"""The actions decided for after the workshop, entered in the console.

An action belongs to one group, or is transverse (no group) and shared by some groups; it
has referents (a person and/or an organisation, typed, or people picked from the roster,
whose current name and organisation are printed), a contact, a short description (rich
text) and needs (indented lines are a need's sub-items, one level). A retained
orientation of a vote can become an action; a group's vote gives it that group.
"""

import logging
from collections.abc import Mapping

from sqlalchemy import func, select

from workshop import events
from workshop.db import as_id, session, transaction
from workshop.domain.minutes import Action, Need, Referent, VoteSection
from workshop.domain.outline import parse_outline
from workshop.domain.text import NAME_MAX, ORGANISATION_MAX, TITLE_MAX, TextError, clean_text
from workshop.models import MinutesAction, Participant, Workshop
from workshop.services import roster
from workshop.services.forms import FieldReader
from workshop.services.locks import fresh
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


def referable_people(workshop: Workshop) -> dict[int, Participant]:
    """Return the people present who may be named, by id: those a referent can be picked
    from (the workshop's "names in the minutes" choice applies to them too)."""
    if workshop.names_in_minutes == "none":
        return {}
    return {
        p.id: p
        for p in roster.roster(workshop)
        if p.nameable and not p.anonymous and (p.surname or p.first_name)
    }


def printed_referent(stored: Mapping, people: Mapping[int, Participant]) -> Referent | None:
    """A typed referent as typed; a picked one by their current name and organisation (only
    their organisation once they may no longer be named; nothing once they are gone)."""
    if "participant_id" not in stored:
        return Referent(stored.get("person", ""), stored.get("organisation", ""))
    person = people.get(stored["participant_id"])
    if person is None:
        organisation = stored.get("organisation", "")
        return Referent("", organisation) if organisation else None
    return Referent(person.display_name, person.organisation)


def _need(stored) -> Need:
    if isinstance(stored, Mapping):
        return Need(str(stored.get("text", "")), tuple(stored.get("items") or ()))
    return Need(str(stored))


def domain_action(
    action: MinutesAction, names: Mapping[int, str], people: Mapping | None = None
) -> Action:
    """Return an action for the minutes; groups deleted since are simply not named, nor
    referents no longer present (`people`: the referable people, by id)."""
    people = people or {}
    shared = tuple(names[i] for i in action.shared_group_ids or () if i in names)
    referents = (printed_referent(r, people) for r in action.referents or ())
    return Action(
        title=action.title,
        group=names.get(action.group_id) if action.group_id else None,
        shared_by=shared if not action.group_id else (),
        referents=tuple(r for r in referents if r is not None),
        contact=action.contact,
        description=action.description,
        needs=tuple(_need(n) for n in action.needs or ()),
    )


def _retained_by_vote(workshop: Workshop) -> list[tuple[str, int | None]]:
    """Return (orientation, group that voted or None) for every vote's retained ones."""
    groups = {group.id for group in workshop.groups}
    found: list[tuple[str, int | None]] = []
    for activity in workshop.activities:
        if activity.kind != "vote":
            continue
        group_id = activity.group_id
        for section in sections_for(workshop, activity):
            if isinstance(section, VoteSection):
                found += [
                    (label, group_id if group_id in groups else None) for label in section.retained
                ]
    return found


def retained_orientations(workshop: Workshop) -> list[str]:
    """Return the orientations retained by the workshop's votes, best first, once each."""
    return list(dict.fromkeys(label for label, _group in _retained_by_vote(workshop)))


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
    """Read "Person; organisation", "Person – organisation", "Person" or "; organisation"
    (an organisation alone) into a referent; one of the two is needed."""
    separator = ";" if ";" in line else " – " if " – " in line else None
    person, organisation = line.split(separator, 1) if separator else (line, "")
    referent = {
        "person": clean_text(person, PERSON_MAX),
        "organisation": clean_text(organisation, ORGANISATION_MAX),
    }
    if not (referent["person"] or referent["organisation"]):
        raise TextError("required")
    return referent


def referent_line(referent: Mapping) -> str:
    """Write a typed referent back as the form shows it ("" for one picked from the roster)."""
    if "participant_id" in referent:
        return ""
    person, organisation = referent.get("person", ""), referent.get("organisation", "")
    return f"{person}; {organisation}".strip() if organisation else person


def _picked(workshop: Workshop, data: Mapping, form: FieldReader) -> list[dict]:
    """People picked from the roster (nameable ones only), by id, once each."""
    people = referable_people(workshop)
    many = data.getlist("referent_people") if hasattr(data, "getlist") else []
    ids = []
    for raw in many:
        number = int(raw) if str(raw).isdigit() and len(str(raw)) < 10 else None
        if number not in people:
            form.errors["referent_people"] = ("invalid_choice", {})
        else:
            ids.append(number)
    return [{"participant_id": number} for number in dict.fromkeys(ids)]


def _referents(workshop: Workshop, data: Mapping, form: FieldReader) -> list[dict]:
    lines = read_lines(form, "referents", PERSON_MAX + ORGANISATION_MAX + 2)
    picked = _picked(workshop, data, form)
    if len(lines) + len(picked) > MAX_REFERENTS:
        form.errors["referents"] = ("too_many", {"limit": MAX_REFERENTS})
    try:
        typed = [parse_referent(line) for line in lines[:MAX_REFERENTS]]
    except TextError as error:
        form.errors["referents"] = (error.code, {"limit": error.limit})
        return []
    return (picked + typed)[:MAX_REFERENTS]


def read_needs(form: FieldReader, name: str = "needs") -> list:
    """Read needs one a line; an indented (or bulleted) line is a sub-item of the need
    above it (one level). A need without sub-items is stored as plain text."""
    raw = form.text(name, MAX_LINES * MAX_LINES * (LINE_MAX + 3), multiline=True)
    items = parse_outline(raw)
    if len(items) > MAX_LINES or any(len(i.subpoints) > MAX_LINES for i in items):
        form.errors[name] = ("too_many", {"limit": MAX_LINES})
    texts = [" ".join(t.split()) for i in items for t in (i.heading, *i.subpoints)]
    if any(len(text) > LINE_MAX for text in texts):
        form.errors[name] = ("too_long", {"limit": LINE_MAX})
    return [
        {"text": " ".join(i.heading.split()), "items": [" ".join(s.split()) for s in i.subpoints]}
        if i.subpoints
        else " ".join(i.heading.split())
        for i in items[:MAX_LINES]
    ]


def needs_text(needs) -> str:
    """Write needs back as the form shows them: sub-items indented under their need."""
    lines = []
    for need in needs or ():
        if isinstance(need, Mapping):
            lines += [need.get("text", ""), *(f"  {item}" for item in need.get("items", ()))]
        else:
            lines.append(str(need))
    return "\n".join(lines)


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
        "referents": _referents(workshop, data, form),
        "contact": form.text("contact", CONTACT_MAX),
        "description": form.text("description", DESCRIPTION_MAX, multiline=True),
        "needs": read_needs(form),
    }
    form.done()
    return fields


# ---- the facilitator's edits ------------------------------------------------------------


def add_action(workshop: Workshop, data: Mapping, orientation: str = "") -> MinutesAction:
    """Add an action at the end of the list."""
    fields = read_action_fields(workshop, data)
    with transaction() as s:
        # The workshop row locked: two actions added at once are counted one after the other.
        fresh(s, Workshop, workshop.id)
        if orientation:  # turned into an action already (a double click, two consoles)
            made = s.scalar(
                select(MinutesAction).where(
                    MinutesAction.workshop_id == workshop.id,
                    MinutesAction.orientation == orientation[:500],
                )
            )
            if made is not None:
                return made
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
    with transaction() as s:
        if fresh(s, MinutesAction, action.id) is None:
            raise NotFound()  # deleted meanwhile
        for name, value in fields.items():
            setattr(action, name, value)
    logger.info("workshop %s: action %s edited", workshop.join_code, action.id)
    events.minutes_edited.send(workshop.id)
    return action


def delete_action(workshop: Workshop, action_id) -> None:
    action = find_action(workshop, action_id)
    with transaction() as s:
        if fresh(s, MinutesAction, action.id) is None:
            return  # deleted meanwhile (a double click): nothing more to do
        s.delete(action)
    logger.info("workshop %s: action %s deleted", workshop.join_code, action_id)
    events.minutes_edited.send(workshop.id)


def action_from_orientation(workshop: Workshop, label: str) -> MinutesAction:
    """Turn a retained orientation into an action named after it (to be completed); the
    orientation of a group's vote gives the action to that group."""
    groups = [group for found, group in _retained_by_vote(workshop) if found == label]
    if not groups:
        raise FormErrors({"orientation": ("invalid_choice", {})})
    fields = {"title": label[:TITLE_MAX]}
    if groups[0] is not None:
        fields["group_id"] = str(groups[0])
    return add_action(workshop, fields, orientation=label)
