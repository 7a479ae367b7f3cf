"""The facilitator's side of a speed meeting: the console panel, its editors, the print.

The panel is a live region kept small (it is pushed at every count change); what is long
(the plan round by round, hosts and sides, wishes, the matched pairs) opens in the
console's editor on demand, and the printable plan is a page of its own.
"""

from dataclasses import dataclass, field

from workshop.domain.rotation import EVERYONE, RotationRefused, meetings, rounds_limit
from workshop.kinds.speed import rotation_settings, setting
from workshop.models import Activity, Workshop
from workshop.presenters.speed import (
    facilitator_label,
    people_by_id,
    round_rows,
    side_labels,
)
from workshop.services import speed
from workshop.services.speed import FollowUpCounts, Sides, SpeedState


def console_speed_activity(workshop: Workshop) -> Activity | None:
    """Return the speed meeting the console shows: the one on screen, else the last one
    run before it, else the next one to prepare."""
    activities = workshop.activities
    current = workshop.current_activity
    if current is not None and current.kind == speed.KIND:
        return current
    end = activities.index(current) + 1 if current in activities else 0
    earlier = [a for a in activities[:end] if a.kind == speed.KIND]
    upcoming = [a for a in activities[end:] if a.kind == speed.KIND]
    return (earlier[-1:] or upcoming or [None])[0]


@dataclass
class SpeedConsole:
    """The console panel of one speed meeting."""

    workshop: Workshop
    activity: Activity
    state: SpeedState
    sides: Sides
    side_a: str
    side_b: str
    counts: FollowUpCounts
    limit: int | None = None  # the most rounds these sides allow (None: settings refused)
    meetings_planned: int = 0
    out_of_date: bool = False
    problem: dict | None = None  # why the plan could not follow the room: code, params
    wishes: int = 0
    hosts: int = 0
    history: str = ""  # where the history comes from (an activity and its workshop)
    history_pairs: int = 0
    project_groups: list = field(default_factory=list)  # (group, member labels)

    @property
    def on_screen(self) -> bool:
        return self.workshop.is_live and self.workshop.current_activity_id == self.activity.id

    @property
    def everyone(self) -> bool:
        return setting(self.activity.settings, "mode") == EVERYONE

    @property
    def policy(self) -> str:
        return setting(self.activity.settings, "history")


def speed_console(workshop: Workshop) -> SpeedConsole | None:
    """Build the console panel of the speed meeting the console shows, if any."""
    activity = console_speed_activity(workshop)
    if activity is None:
        return None
    state = speed.state_of(activity)
    sides = speed.sides_of(workshop, activity)
    side_a, side_b = side_labels(activity)
    view = SpeedConsole(
        workshop, activity, state, sides, side_a, side_b, speed.follow_up_counts(activity)
    )
    try:
        settings = rotation_settings(activity.settings)
        view.limit = rounds_limit(len(sides.a), len(sides.b), settings)
    except RotationRefused:
        view.limit = None
    if state.plan is not None:
        view.meetings_planned = len(meetings(state.plan.rounds, state.plan.settings.mode))
        view.out_of_date = speed.is_out_of_date(workshop, activity, state.row)
        view.problem = state.row.problem
    view.wishes, view.hosts = len(speed.wishes_of(activity)), len(speed.hosts_of(activity))
    _history(view, workshop, activity, state)
    people = people_by_id(workshop)
    view.project_groups = [
        (group, [facilitator_label(people.get(p.id)) for p in members])
        for group, members in speed.project_groups(workshop, activity)
    ]
    return view


def _history(view: SpeedConsole, workshop: Workshop, activity: Activity, state) -> None:
    source = speed.history_source(workshop, activity, state.row)
    if source is None:
        return
    view.history = f"{source.title} ({source.workshop.title})"
    view.history_pairs = len(speed.history_pairs(workshop, source))


# ---- the editors: the plan round by round, hosts and sides, wishes, matched pairs ------------


@dataclass(frozen=True)
class PlannedRound:
    number: int
    tables: list
    pause: list
    held: bool


def planned_rounds(workshop: Workshop, activity: Activity, name=None) -> list[PlannedRound]:
    """Return every round of the plan with its tables, people named by `name(id)`."""
    state = speed.state_of(activity)
    if state.plan is None:
        return []
    if name is None:
        people = people_by_id(workshop)
        name = lambda pid: facilitator_label(people.get(pid))  # noqa: E731
    found = []
    for done in state.plan.rounds:
        tables, pause = round_rows(state.plan, done.number, name)
        found.append(PlannedRound(done.number, tables, pause, done.number <= state.current))
    return found


@dataclass(frozen=True)
class PersonRow:
    id: int
    label: str
    category: str
    side: str  # where they are: "a", "b" or "out"
    chosen: str  # the facilitator's choice: "" (their category), "a", "b", "out"
    host: bool


def people_rows(workshop: Workshop, activity: Activity) -> list[PersonRow]:
    """Return everyone present with their side and host flag, side A first."""
    sides = speed.sides_of(workshop, activity)
    lines = speed.people_lines(activity)
    people = people_by_id(workshop)
    rows = []
    for side, ids in (("a", sides.a), ("b", sides.b), ("out", sides.out)):
        for pid in ids:
            line = lines.get(pid)
            rows.append(
                PersonRow(
                    pid,
                    facilitator_label(people.get(pid)),
                    people[pid].category,
                    side,
                    line.side if line else "",
                    bool(line and line.host),
                )
            )
    return rows


def wish_rows(workshop: Workshop, activity: Activity) -> list[tuple]:
    """Return the facilitator's wishes: (person id, person, wanted id, wanted)."""
    people = people_by_id(workshop)
    return [
        (
            w.person_id,
            facilitator_label(people.get(w.person_id)),
            w.wanted_id,
            facilitator_label(people.get(w.wanted_id)),
        )
        for w in speed.facilitator_wishes(activity)
    ]


def matched_people(workshop: Workshop, activity: Activity) -> tuple[list, list]:
    """Return the matched pairs (labels) and the people in them (id, label), for forming
    project sub-groups: never a one-way mark, never a note."""
    people = people_by_id(workshop)
    pairs = speed.mutual_pairs(activity)
    labelled = [
        (facilitator_label(people.get(a)), facilitator_label(people.get(b))) for a, b in pairs
    ]
    ids = sorted(
        {p for pair in pairs for p in pair}, key=lambda p: facilitator_label(people.get(p))
    )
    return labelled, [(p, facilitator_label(people.get(p))) for p in ids]
