"""A speed meeting in the minutes and in the raw data: what was held, and what came of it.

The minutes count rounds, meetings and follow-ups, and name a mutual pair only when both
people may be named (nameable, not anonymous, and the workshop names people at all); a
project sub-group lists its members who may be named and counts the others. A speed
meeting no round of which was held has nothing to report and is left out. The raw data
carry the rounds held and the meetings under pseudonymous ids, and the mutual pairs;
never a one-way mark, a note or a contact.
"""

from workshop.domain.minutes import (
    Person,
    ProjectGroup,
    Section,
    SpeedMeetingSection,
    SpeedPair,
)
from workshop.domain.richtext import rich_paragraphs as paragraphs
from workshop.domain.rotation import EVERYONE, Round, meetings
from workshop.kinds.speed import setting
from workshop.models import Activity, Participant, Workshop
from workshop.services import roster, speed
from workshop.services.minutes._record import category_key
from workshop.services.minutes._sections import builds


def _named(workshop: Workshop, person: Participant | None) -> bool:
    return (
        person is not None
        and workshop.names_in_minutes != "none"
        and person.nameable
        and not person.anonymous
        and bool(person.surname or person.first_name)
    )


def _person(person: Participant) -> Person:
    return Person(
        person.surname, person.first_name, person.organisation, category_key(person.category)
    )


def _sides(activity: Activity) -> tuple[str, ...]:
    if setting(activity.settings, "mode") == EVERYONE:
        return ()
    return speed.side_name(activity, 0), speed.side_name(activity, 1)


def _groups(workshop: Workshop, activity: Activity) -> tuple[ProjectGroup, ...]:
    found = []
    for group, members in speed.project_groups(workshop, activity):
        named = [_person(p) for p in members if _named(workshop, p)]
        found.append(ProjectGroup(group.name, tuple(named), len(members) - len(named)))
    return tuple(found)


@builds("speed_meeting")
def speed_sections(workshop: Workshop, activity: Activity) -> tuple[Section, ...]:
    """Return the speed meeting's section: rounds, meetings, follow-ups, project groups."""
    held = speed.held_rounds(activity)
    if not held:
        return ()
    state = speed.state_of(activity)
    mode = state.plan.settings.mode if state.plan else setting(activity.settings, "mode")
    people = {p.id: p for p in roster.roster(workshop, include_removed=True)}
    pairs = speed.mutual_pairs(activity)
    named = tuple(
        SpeedPair(_person(people[a]), _person(people[b]))
        for a, b in pairs
        if _named(workshop, people.get(a)) and _named(workshop, people.get(b))
    )
    section = SpeedMeetingSection(
        title=activity.title,
        introduction=tuple(paragraphs(activity.instruction or "")),
        sides=_sides(activity),
        rounds_planned=state.rounds,
        rounds_held=len(held),
        round_seconds=state.plan.settings.round_seconds if state.plan else 0,
        people=len({p for done in held for p in done.seated()}),
        meetings=len(meetings(held, mode)),
        marks=speed.follow_up_counts(activity).marks,
        mutual=len(pairs),
        named_pairs=named,
        groups=_groups(workshop, activity),
    )
    return (section,)


# ---- raw data -----------------------------------------------------------------------------


def speed_data(workshop: Workshop, activity: Activity, person_id) -> dict:
    """Return a speed meeting's plan settings, rounds held, meetings and mutual pairs, people
    under `person_id(participant id)` (the pseudonyms of the participants list)."""
    state = speed.state_of(activity)
    rows = speed.held_rows(activity)
    mode = state.plan.settings.mode if state.plan else setting(activity.settings, "mode")
    rounds, met = [], []
    for row in rows:
        tables = [
            {"table": n, "side_a": [person_id(p) for p in a], "side_b": [person_id(p) for p in b]}
            for n, a, b in row.tables
        ]
        rounds.append(
            {
                "number": row.number,
                "started_at": _iso(row.started_at),
                "ended_at": _iso(row.ended_at),
                "tables": tables,
                "pause": [person_id(p) for p in row.idle],
            }
        )
    for done in speed.held_rounds(activity):
        for table in done.tables:
            for x, y in sorted(meetings([Round(done.number, (table,))], mode)):
                people = [person_id(x), person_id(y)]
                met.append({"round": done.number, "table": table.number, "people": people})
    counts = speed.follow_up_counts(activity)
    return {
        "plan": {
            "seed": state.row.seed if state.row else None,
            "rounds": state.rounds,
            "tables": state.plan.tables if state.plan else 0,
            "settings": dict(state.row.settings) if state.row else {},
        },
        "rounds_held": len(rows),
        "finished": state.finished,
        "rounds": rounds,
        "meetings": met,
        "follow_ups": {
            "marks": counts.marks,
            "mutual": [[person_id(a), person_id(b)] for a, b in speed.mutual_pairs(activity)],
        },
        "project_groups": [
            {"group": group.name, "members": [person_id(p.id) for p in members]}
            for group, members in speed.project_groups(workshop, activity)
        ],
    }


def _iso(value) -> str | None:
    return value.isoformat() if value is not None else None


def meeting_rows(data: dict) -> list[dict]:
    """Flatten the meetings of a raw export into one row per meeting (for CSV)."""
    rows = []
    for activity in data["agenda"]:
        for meeting in (activity.get("speed_meeting") or {}).get("meetings", ()):
            first, second = meeting["people"]
            rows.append(
                {
                    "activity_id": activity["id"],
                    "activity": activity["title"],
                    "round": meeting["round"],
                    "table": meeting["table"],
                    "person_a": first,
                    "person_b": second,
                }
            )
    return rows


def follow_up_rows(data: dict) -> list[dict]:
    """Flatten the mutual follow-ups of a raw export into one row per pair (for CSV)."""
    rows = []
    for activity in data["agenda"]:
        speed_meeting = activity.get("speed_meeting") or {}
        for first, second in speed_meeting.get("follow_ups", {}).get("mutual", ()):
            rows.append(
                {
                    "activity_id": activity["id"],
                    "activity": activity["title"],
                    "person_a": first,
                    "person_b": second,
                }
            )
    return rows


MEETING_COLUMNS = ("activity_id", "activity", "round", "table", "person_a", "person_b")
FOLLOW_UP_COLUMNS = ("activity_id", "activity", "person_a", "person_b")
