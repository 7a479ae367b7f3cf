"""Project sub-groups formed from mutual follow-ups, and carried into a follow-up workshop.

A project sub-group is one of the workshop's own sub-groups (services/groups.py), made
of people who matched (each member marked, and was marked by, someone in the speed
meeting), linked to the speed meeting by a `speed_groups` row. Carried on, it becomes a
group of a new draft workshop that follows this one (a `follow_ups` link, as a vote's
retained orientations are carried): its name, and its members named as its leaders
(only those who may be named). The new workshop's agenda holds, after its welcome, the
groups' update on their project and a speed meeting with the same settings, whose
history is this one's (so the pairs who met are avoided, or favoured, by choice).
"""

import logging
from collections.abc import Mapping

from flask_babel import force_locale, gettext
from sqlalchemy import select

from workshop import events
from workshop.db import session, transaction
from workshop.kinds.plans import to_form
from workshop.models import Activity, FollowUp, Group, Participant, SpeedGroup, Workshop
from workshop.services import agenda, groups, workshops
from workshop.services.refusals import Conflict, FormErrors, Invalid
from workshop.services.speed._follow import mutual_pairs
from workshop.services.speed._store import KIND

logger = logging.getLogger(__name__)
LEADERS_MAX = 200


def _member_ids(data: Mapping) -> list[str]:
    raw = data.getlist("member_ids") if hasattr(data, "getlist") else data.get("member_ids", [])
    raw = [raw] if isinstance(raw, str | int) else list(raw or ())
    return list(dict.fromkeys(str(i) for i in raw if str(i)))


def create_project_group(workshop: Workshop, activity: Activity, data: Mapping) -> Group:
    """Create a sub-group of people who matched (two at least), named by the facilitator."""
    matched = {str(p) for pair in mutual_pairs(activity) for p in pair}
    chosen = _member_ids(data)
    if any(i not in matched for i in chosen):
        raise Invalid("not_matched")
    if len(chosen) < 2:
        raise FormErrors({"member_ids": ("two_members_at_least", {})})
    group = groups.add_group(workshop, {"name": data.get("name", ""), "colour_choice": "none"})
    for person_id in chosen:
        groups.assign_person(workshop, person_id, group.id)
    with transaction() as s:
        s.add(SpeedGroup(group_id=group.id, activity_id=activity.id))
    events.speed_people_changed.send(workshop.id, activity_id=activity.id, on_screen=False)
    logger.info("workshop %s: project group %s from speed meeting", workshop.join_code, group.id)
    return group


def project_groups(workshop: Workshop, activity: Activity) -> list[tuple[Group, list]]:
    """Return the project sub-groups formed from this speed meeting, with their members."""
    query = select(SpeedGroup.group_id).where(SpeedGroup.activity_id == activity.id)
    ids = set(session().scalars(query))
    found = []
    for group in workshop.groups:
        if group.id in ids:
            members = select(Participant).where(
                Participant.group_id == group.id, Participant.removed_at.is_(None)
            )
            found.append((group, list(session().scalars(members.order_by(Participant.id)))))
    return found


def _leaders(members: list[Participant]) -> str:
    names = [p.display_name for p in members if p.nameable and not p.anonymous and p.display_name]
    joined = ""
    for name in names:
        longer = f"{joined}, {name}" if joined else name
        if len(longer) > LEADERS_MAX:
            break
        joined = longer
    return joined


def carry_project_groups(workshop: Workshop, activity: Activity) -> tuple[Workshop, str]:
    """Create a draft follow-up workshop carrying the project sub-groups (see the module);
    return it and its facilitator secret (shown once)."""
    carried = project_groups(workshop, activity)
    if not carried:
        raise Conflict("no_project_groups")
    with force_locale(workshop.language):
        words = _words(workshop)
    new, secret = workshops.create_workshop(_fields(workshop, words))
    with transaction() as s:
        s.add(FollowUp(workshop_id=new.id, follows_workshop_id=workshop.id))
    for group, members in carried:
        groups.add_group(new, {"name": group.name, "leaders": _leaders(members)})
    agenda.add_activity(new, _update_activity(words))
    again = to_form(KIND, activity.settings or {}, None)
    agenda.add_activity(new, {**again, "kind": KIND, "title": activity.title})
    logger.info("workshop %s: project groups carried into %s", workshop.join_code, new.join_code)
    return new, secret


def _words(workshop: Workshop) -> dict:
    when = f" ({workshop.date.isoformat()})" if workshop.date else ""
    follows = gettext("Follows the workshop “%(title)s”%(when)s.", title=workshop.title, when=when)
    return {
        "title": gettext("%(title)s (follow-up)", title=workshop.title),
        "follows": follows,
        "update": gettext("Our projects: where they stand"),
        "prompt": gettext(
            "Where does your project stand since the speed meeting? What comes next, "
            "and what do you need?"
        ),
    }


def _fields(workshop: Workshop, words: dict) -> dict:
    follows = words["follows"]
    return {
        "title": words["title"][:200],
        "series_label": workshop.series_label,
        "theme": workshop.theme,
        "context": "\n\n".join(t for t in (workshop.context, follows) if t)[:20000],
        "place": workshop.place,
        "organiser": workshop.organiser,
        "minutes_author": workshop.minutes_author,
        "language": workshop.language,
        "allow_anonymous": "1" if workshop.allow_anonymous else "",
        "names_in_minutes": workshop.names_in_minutes,
        "categories": "\n".join(workshop.categories or []),
    }


def _update_activity(words: dict) -> dict:
    return {
        "kind": "scenario",
        "title": words["update"],
        "planned_minutes": "20",
        "mode": "groups",
        "anonymous": "1",
        "prompt_0": words["prompt"],
    }
