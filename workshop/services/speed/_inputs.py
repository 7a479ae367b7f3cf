"""What a plan is made from: the two sides (from the roster), hosts, wishes and history.

Sides: a present person is on side A when their category is one of the activity's
`side_a` categories, on side B for `side_b`, else on no side; the facilitator may put
someone on a side (or out) by hand, which wins. In "everyone" mode all present people
but those put out form one pool (side A). History: the meetings held in an earlier
speed meeting (the one chosen, else the latest of the workshop this one follows), as
pairs of this workshop's people: matched by their names (case, accents and spaces
ignored), since a follow-up workshop has participants of its own.
"""

import hashlib
import json
from dataclasses import dataclass, field

from sqlalchemy import select

from workshop.db import session
from workshop.domain.roster import name_key
from workshop.domain.rotation import EVERYONE, RotationSettings, meetings, pair
from workshop.kinds.speed import setting
from workshop.models import (
    Activity,
    Participant,
    SpeedMeeting,
    SpeedPerson,
    SpeedWish,
    Workshop,
)
from workshop.services.speed import _store as store
from workshop.services.voting import followed_workshop


@dataclass(frozen=True)
class Sides:
    """Who is where, by participant id (sorted)."""

    a: tuple[int, ...]
    b: tuple[int, ...]
    out: tuple[int, ...] = ()

    def side_of(self, person_id: int) -> str:
        if person_id in self.a:
            return "a"
        return "b" if person_id in self.b else ""


@dataclass(frozen=True)
class Inputs:
    """Everything a plan follows besides its settings and seed."""

    sides: Sides
    hosts: frozenset[int] = frozenset()
    wishes: frozenset[tuple[int, int]] = frozenset()
    history: frozenset[tuple[int, int]] = frozenset()
    policy: str = "avoid"
    source: Activity | None = field(default=None, compare=False)

    def digest(self, settings: RotationSettings) -> str:
        """Name these inputs with these settings: another digest, another plan."""
        data = [
            self.sides.a,
            self.sides.b,
            sorted(self.hosts),
            sorted(self.wishes),
            sorted(self.history),
            self.policy,
            store.settings_json(settings),
        ]
        text = json.dumps(data, separators=(",", ":"), default=list)
        return hashlib.sha256(text.encode()).hexdigest()

    def preferences(self) -> dict:
        """The planner's keyword arguments (plan_rounds, replan)."""
        return {
            "hosts": self.hosts,
            "wishes": self.wishes,
            "history": self.history,
            "history_policy": self.policy,
        }


def present_people(workshop: Workshop) -> list[Participant]:
    """Return the people present (not removed), in joining order."""
    query = select(Participant).where(
        Participant.workshop_id == workshop.id, Participant.removed_at.is_(None)
    )
    return list(session().scalars(query.order_by(Participant.id)))


def people_lines(activity: Activity) -> dict[int, SpeedPerson]:
    """Return each person's line for this speed meeting (host, side, contact), by id."""
    query = select(SpeedPerson).where(SpeedPerson.activity_id == activity.id)
    return {line.participant_id: line for line in session().scalars(query)}


def sides_of(workshop: Workshop, activity: Activity) -> Sides:
    """Split the people present into side A, side B and those on no side."""
    settings = activity.settings or {}
    lines = people_lines(activity)
    everyone = setting(settings, "mode") == EVERYONE
    a_categories, b_categories = setting(settings, "side_a"), setting(settings, "side_b")
    found: dict[str, list[int]] = {"a": [], "b": [], "out": []}
    for person in present_people(workshop):
        chosen = lines[person.id].side if person.id in lines else ""
        if chosen:
            side = chosen if not everyone or chosen == "out" else "a"
        elif everyone:
            side = "a"
        elif person.category and person.category in a_categories:
            side = "a"
        elif person.category and person.category in b_categories:
            side = "b"
        else:
            side = "out"
        found[side].append(person.id)
    return Sides(tuple(found["a"]), tuple(found["b"]), tuple(found["out"]))


def hosts_of(activity: Activity) -> frozenset[int]:
    """Return the people who host a table (they stay at it all along)."""
    return frozenset(pid for pid, line in people_lines(activity).items() if line.host)


def wishes_of(activity: Activity) -> frozenset[tuple[int, int]]:
    """Return every wish as (person, wanted)."""
    query = select(SpeedWish.person_id, SpeedWish.wanted_id).where(
        SpeedWish.activity_id == activity.id
    )
    return frozenset((p, w) for p, w in session().execute(query))


def inputs_of(workshop: Workshop, activity: Activity, row: SpeedMeeting | None) -> Inputs:
    """Return what a plan of this activity follows now.

    Wishes count between two people present on opposite sides (any two in "everyone"
    mode): one made before someone changed side waits, as one about someone absent does.
    """
    sides = sides_of(workshop, activity)
    policy = setting(activity.settings, "history")
    source = history_source(workshop, activity, row)
    history = history_pairs(workshop, source) if source is not None else frozenset()
    here = set(sides.a) | set(sides.b)
    pool = setting(activity.settings, "mode") == EVERYONE
    wishes = frozenset(
        (p, w)
        for p, w in wishes_of(activity)
        if {p, w} <= here and (pool or sides.side_of(p) != sides.side_of(w))
    )
    return Inputs(sides, hosts_of(activity) & here, wishes, history, policy, source)


# ---- history ---------------------------------------------------------------------------------


def history_source(
    workshop: Workshop, activity: Activity, row: SpeedMeeting | None
) -> Activity | None:
    """Return the earlier speed meeting whose meetings are the history, if any: the one
    chosen, else the latest speed meeting held in the workshop this one follows."""
    if row is not None and row.history_activity_id:
        chosen = session().get(Activity, row.history_activity_id)
        if chosen is not None and chosen.id != activity.id:
            return chosen
    earlier = followed_workshop(workshop)
    if earlier is None:
        return None
    held = [a for a in earlier.activities if a.kind == store.KIND and store.held_rounds(a)]
    return held[-1] if held else None


def history_pairs(workshop: Workshop, source: Activity) -> frozenset[tuple[int, int]]:
    """Return who met whom in `source`, as pairs of this workshop's participant ids."""
    mode = setting(source.settings, "mode")
    met = meetings(store.held_rounds(source), mode)
    if source.workshop_id == workshop.id:
        return frozenset(met)
    theirs = {p.id: p for p in _people_of(source.workshop_id)}
    ours = _by_name(present_people(workshop))
    found = set()
    for x, y in met:
        mine = [ours.get(_key(theirs[p])) if p in theirs else None for p in (x, y)]
        if None not in mine and mine[0] != mine[1]:
            found.add(pair(*mine))
    return frozenset(found)


def _people_of(workshop_id: int) -> list[Participant]:
    query = select(Participant).where(Participant.workshop_id == workshop_id)
    return list(session().scalars(query))


def _key(person: Participant):
    if person.anonymous or not (person.first_name or person.surname):
        return None
    return name_key(person.first_name, person.surname)


def _by_name(people: list[Participant]) -> dict:
    """Map a name to the one person bearing it (names borne twice match nobody)."""
    found: dict = {}
    for person in people:
        key = _key(person)
        if key is not None:
            found[key] = None if key in found else person.id
    found.pop(None, None)
    return {k: v for k, v in found.items() if v is not None}
