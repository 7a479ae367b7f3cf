"""Sub-groups: create them, fill them by hand, automatically, or by the participants' choice."""

import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import select

from workshop import events
from workshop.db import session, transaction
from workshop.domain import grouping
from workshop.models import Group, Participant, Workshop
from workshop.services.forms import FieldReader
from workshop.services.locks import fresh
from workshop.services.refusals import Conflict, FormErrors, NotFound
from workshop.services.roster import find_person, roster

logger = logging.getLogger(__name__)
MAX_GROUPS = 30
LEADERS_MAX = 200
COLOUR = re.compile(r"#[0-9a-fA-F]{6}")


def find_group(workshop: Workshop, group_id) -> Group:
    for group in workshop.groups:
        if str(group.id) == str(group_id):
            return group
    raise NotFound()


def leader_choices(workshop: Workshop) -> list[Participant]:
    """Return the people who may be picked as leaders: present and allowed to be named."""
    return [p for p in roster(workshop) if p.nameable and not p.anonymous and p.display_name]


def _picked_leaders(workshop: Workshop, data: Mapping, form: FieldReader) -> list[str]:
    """Return the names of the leaders picked from the roster (field `leader_ids`)."""
    raw = data.getlist("leader_ids") if hasattr(data, "getlist") else data.get("leader_ids", [])
    raw = [raw] if isinstance(raw, str | int) else list(raw or ())
    people = {str(p.id): p for p in leader_choices(workshop)}
    if any(str(i) not in people for i in raw if str(i)):
        form.errors["leader_ids"] = ("invalid_choice", {})
        return []
    return [people[str(i)].display_name for i in raw if str(i)]


def _leaders(workshop: Workshop, data: Mapping, form: FieldReader) -> str:
    """Return the leaders: the free text, then the people picked from the roster (once)."""
    typed = form.text("leaders", LEADERS_MAX)
    names = [n.strip() for n in typed.split(",") if n.strip()]
    for name in _picked_leaders(workshop, data, form):
        if name.casefold() not in {n.casefold() for n in names}:
            names.append(name)
    joined = ", ".join(names)
    if len(joined) > LEADERS_MAX:
        form.errors["leaders"] = ("too_long", {"limit": LEADERS_MAX})
    return joined


def _colour(data: Mapping, form: FieldReader) -> str:
    """Return "#rrggbb", or "" when the facilitator chose "no colour" (or left it empty)."""
    if data.get("colour_choice") == "none":
        return ""
    colour = form.text("colour", 7)
    if colour and not COLOUR.fullmatch(colour):
        form.errors["colour"] = ("invalid", {})
    return colour.lower()


def _read_group(workshop: Workshop, data: Mapping) -> dict:
    form = FieldReader(data)
    fields = {
        "name": form.text("name", 80, required=True),
        "colour": _colour(data, form),
        "leaders": _leaders(workshop, data, form),
    }
    form.done()
    return fields


def _lock_groups(s, workshop: Workshop) -> list[Group]:
    """Lock the workshop against other group changes; return its groups as they are now.

    Inside the write transaction: two groups created at once cannot pass the limit or
    take one name twice."""
    fresh(s, Workshop, workshop.id)
    s.expire(workshop, ["groups"])
    return list(workshop.groups)


def _check_name_free(groups: list[Group], name: str, current: Group | None = None) -> None:
    if name.casefold() in {g.name.casefold() for g in groups if g is not current}:
        raise FormErrors({"name": ("name_taken", {})})


def _announce(workshop: Workshop, what: str, moved: list[int] | None = None) -> None:
    events.groups_changed.send(workshop.id, moved=moved or [])
    logger.info("workshop %s: %s", workshop.join_code, what)


def add_group(workshop: Workshop, data: Mapping) -> Group:
    """Create a sub-group (name, optional colour; leaders typed or picked from the roster)."""
    fields = _read_group(workshop, data)
    with transaction() as s:
        existing = _lock_groups(s, workshop)
        if len(existing) >= MAX_GROUPS:
            raise Conflict("too_many", limit=MAX_GROUPS)
        _check_name_free(existing, fields["name"])
        group = Group(position=len(existing), **fields)
        workshop.groups.append(group)
    _announce(workshop, f"group {group.id} added")
    return group


def update_group(workshop: Workshop, group_id, data: Mapping) -> Group:
    group = find_group(workshop, group_id)
    fields = _read_group(workshop, data)
    with transaction() as s:
        existing = _lock_groups(s, workshop)
        if group not in existing:
            raise NotFound()  # deleted meanwhile
        _check_name_free(existing, fields["name"], group)
        for name, value in fields.items():
            setattr(group, name, value)
    _announce(workshop, f"group {group.id} edited")
    return group


def delete_group(workshop: Workshop, group_id) -> None:
    """Delete a group; its members become ungrouped, its cards stay (without a group)."""
    group = find_group(workshop, group_id)
    with transaction() as s:
        if fresh(s, Group, group.id) is None:
            raise NotFound()  # deleted meanwhile (a double click)
        members = _members(workshop, group.id)  # read under the lock: a late joiner too
        for person in members:
            person.group_id = None
        workshop.groups.remove(group)
    _announce(workshop, f"group {group_id} deleted", [p.id for p in members])


def _members(workshop: Workshop, group_id) -> list[Participant]:
    query = select(Participant).where(
        Participant.workshop_id == workshop.id, Participant.group_id == group_id
    )
    return list(session().scalars(query))


def assign_person(workshop: Workshop, person_id, group_id) -> Participant:
    """Put someone in a group (or in none, with an empty group id)."""
    person = find_person(workshop, person_id)
    group = find_group(workshop, group_id) if group_id not in (None, "", "0") else None
    with transaction() as s:
        _check_group_stands(s, group)
        fresh(s, Participant, person.id)
        person.group_id = group.id if group else None
    _announce(workshop, f"person {person.id} to group {person.group_id}", [person.id])
    return person


def choose_group(workshop: Workshop, person: Participant, group_id) -> Participant:
    """A participant picks their group, while the facilitator lets them choose (not once
    the workshop has ended: the groups are part of its record)."""
    group = find_group(workshop, group_id)
    with transaction() as s:
        fresh(s, Workshop, workshop.id, share=True)  # choice closed meanwhile: refused
        if not workshop.group_choice_open or workshop.is_ended:
            raise Conflict("group_choice_closed")
        _check_group_stands(s, group)
        if (chooser := fresh(s, Participant, person.id)) is None or chooser.removed_at:
            raise NotFound()
        person.group_id = group.id
    _announce(workshop, f"person {person.id} chose group {group.id}", [person.id])
    return person


def _check_group_stands(s, group: Group | None) -> None:
    """Refuse to put someone in a group deleted meanwhile (share-locked until the commit)."""
    if group is not None and fresh(s, Group, group.id, share=True) is None:
        raise NotFound()


def set_group_choice(workshop: Workshop, open_: bool) -> None:
    with transaction() as s:
        fresh(s, Workshop, workshop.id)
        workshop.group_choice_open = open_
    _announce(workshop, f"group choice {'open' if open_ else 'closed'}")


@dataclass(frozen=True)
class Dealt:
    """What "make the groups" did: the groups filled, of how many asked, with how many people."""

    groups: list[Group]
    asked: int
    people: int

    @property
    def fewer_than_asked(self) -> bool:
        return len(self.groups) < self.asked


def make_groups(workshop: Workshop, data: Mapping) -> Dealt:
    """Spread the people present into groups: balanced, or mixed by category.

    Missing groups are created ("Groupe 1", ...); nobody ends alone in a group
    unless `allow_single` is ticked, so too few people fill fewer groups than asked.
    """
    form = FieldReader(data)
    count = form.number("count", 1, MAX_GROUPS, 2)
    mode = form.choice("mode", ("balanced", "mixed"), "mixed")
    allow_single = form.flag("allow_single")
    form.done()
    people = _present(workshop)
    dealt = (
        grouping.mixed_by_category([(p.id, p.category) for p in people], count, allow_single)
        if mode == "mixed"
        else grouping.balanced([p.id for p in people], count, allow_single)
    )
    groups = _ensure_groups(workshop, len(dealt))
    by_id = {p.id: p for p in people}
    with transaction():
        for group, members in zip(groups, dealt, strict=False):
            for person_id in members:
                by_id[person_id].group_id = group.id
    _announce(workshop, f"{len(people)} people dealt into {len(dealt)} groups", list(by_id))
    return Dealt(groups, count, len(people))


def _present(workshop: Workshop) -> list[Participant]:
    query = select(Participant).where(
        Participant.workshop_id == workshop.id, Participant.removed_at.is_(None)
    )
    return list(session().scalars(query.order_by(Participant.id)))


def _ensure_groups(workshop: Workshop, count: int) -> list[Group]:
    with transaction():
        names = _numbered_names(workshop, workshop.groups, count - len(workshop.groups))
        for name in names:
            workshop.groups.append(Group(name=name, position=len(workshop.groups)))
    return list(workshop.groups[:count])


def _numbered_names(workshop: Workshop, existing: list[Group], count: int) -> list[str]:
    """Return `count` free names "Groupe 1", "Groupe 2"... (in the workshop's language)."""
    label = "Groupe" if workshop.language == "fr" else "Group"
    taken = {g.name.casefold() for g in existing}
    names, number = [], 1
    while len(names) < count:
        while f"{label} {number}".casefold() in taken:
            number += 1
        names.append(f"{label} {number}")
        taken.add(names[-1].casefold())
    return names


GROUP_NAME_MAX = 80


def _typed_names(form: FieldReader) -> list[str]:
    """Read `group_names`: one name a line (blank lines skipped); a name typed twice,
    or too long, is refused naming the field."""
    raw = form.text("group_names", MAX_GROUPS * (GROUP_NAME_MAX + 2), multiline=True)
    names = [" ".join(line.split()) for line in raw.splitlines()]
    names = [name for name in names if name]
    if any(len(name) > GROUP_NAME_MAX for name in names):
        form.errors["group_names"] = ("too_long", {"limit": GROUP_NAME_MAX})
    elif len({name.casefold() for name in names}) < len(names):
        form.errors["group_names"] = ("duplicate", {})
    return names


def add_groups(workshop: Workshop, data: Mapping) -> list[Group]:
    """Create several sub-groups at once, from an activity's form: named one a line
    (`group_names`), or a number of them (`group_count`) named "Groupe 1", "Groupe 2"...
    A name already taken, or more groups than the limit, creates none."""
    form = FieldReader(data)
    names = _typed_names(form)
    count = form.number("group_count", 1, MAX_GROUPS, 0)
    if not names and not count and not form.errors:
        form.errors["group_names"] = ("required", {})
    form.done()
    field = "group_names" if names else "group_count"  # the one a refusal names
    with transaction() as s:
        existing = _lock_groups(s, workshop)
        names = names or _numbered_names(workshop, existing, count)
        if len(existing) + len(names) > MAX_GROUPS:
            raise FormErrors({field: ("too_many_groups", {"limit": MAX_GROUPS})})
        taken = {group.name.casefold() for group in existing}
        if clash := next((name for name in names if name.casefold() in taken), None):
            raise FormErrors({"group_names": ("group_name_taken", {"name": clash})})
        created = [Group(name=name, position=len(existing) + i) for i, name in enumerate(names)]
        workshop.groups.extend(created)
    _announce(workshop, f"{len(created)} groups added")
    return created
