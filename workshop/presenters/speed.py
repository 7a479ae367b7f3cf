"""What the speed-meeting partials show: the projector's round and table plan, and a
phone's own place (the console's side is in speed_console.py).

Names follow one rule everywhere but the console: someone who may be named (nameable,
not anonymous) is "Name (Organisation)"; anyone else is "a participant of <organisation>"
(or "a participant"). The facilitator, who knows the room, sees names on the console.
"""

from dataclasses import dataclass, field

from flask_babel import gettext

from workshop.db import utcnow
from workshop.domain.rotation import (
    EVERYONE,
    Appointment,
    next_appointment,
    person_schedule,
    table_plan_rows,
)
from workshop.domain.visibility import Audience
from workshop.kinds.speed import setting
from workshop.models import Activity, Participant, Workshop
from workshop.services import roster, speed
from workshop.services.speed import SpeedState


def public_label(person: Participant | None) -> str:
    """Name someone as the room sees them (see the module)."""
    if person is None:
        return gettext("a participant")
    if person.nameable and not person.anonymous and person.display_name:
        if person.organisation:
            return f"{person.display_name} ({person.organisation})"
        return person.display_name
    if person.organisation:
        return gettext("a participant of %(organisation)s", organisation=person.organisation)
    return gettext("a participant")


def facilitator_label(person: Participant | None) -> str:
    """Name someone for the facilitator: their name, else "Anonymous", and organisation."""
    if person is None:
        return "?"
    name = person.display_name or gettext("Anonymous")
    return f"{name} ({person.organisation})" if person.organisation else name


def people_by_id(workshop: Workshop) -> dict[int, Participant]:
    return {p.id: p for p in roster.roster(workshop, include_removed=True)}


def side_labels(activity: Activity) -> tuple[str, str]:
    if setting(activity.settings, "mode") == EVERYONE:
        return gettext("Everyone"), ""
    return speed.side_name(activity, 0), speed.side_name(activity, 1)


@dataclass(frozen=True)
class TableRow:
    """One table of a round as printed: its number, and who sits on each side."""

    number: int | None
    side_a: tuple[str, ...]
    side_b: tuple[str, ...] = ()


def round_rows(plan, number: int, name) -> tuple[list[TableRow], list[str]]:
    """Return a round's tables and who pauses, each person named by `name(id)`."""
    for done_number, rows in table_plan_rows(plan):
        if done_number != number:
            continue
        tables = [
            TableRow(r.table, tuple(map(name, r.side_a)), tuple(map(name, r.side_b)))
            for r in rows
            if r.table is not None
        ]
        pause = [name(p) for r in rows if r.table is None for p in r.side_a]
        return tables, pause
    return [], []


def _pages(tables: list, size: int) -> list[list]:
    return [tables[i : i + size] for i in range(0, len(tables), size)] or [[]]


# ---- stages (projector and phones) ---------------------------------------------------------


@dataclass
class SpeedStage:
    """What the projector and the phones' stage show of the speed meeting on screen."""

    state: SpeedState
    side_a: str
    side_b: str
    minutes: float
    pages: list = field(default_factory=list)  # the current round's tables, paged
    pause: list = field(default_factory=list)
    next_pages: list = field(default_factory=list)  # the next round's, for the change
    next_pause: list = field(default_factory=list)
    page_seconds: int = 10
    sound: bool = False
    round_age: float = 0.0  # seconds since the current round started

    @property
    def everyone(self) -> bool:
        return setting(self.state.activity.settings, "mode") == EVERYONE


def speed_stage(workshop: Workshop, audience: str) -> SpeedStage | None:
    """Build the stage's speed meeting (None when the activity on screen is another)."""
    activity = workshop.current_activity if workshop.is_live else None
    if activity is None or activity.kind != speed.KIND:
        return None
    state = speed.state_of(activity)
    side_a, side_b = side_labels(activity)
    seconds = (
        state.plan.settings.round_seconds
        if state.plan
        else setting(activity.settings, "round_seconds")
    )
    stage = SpeedStage(state, side_a, side_b, round(seconds / 60, 1))
    stage.sound = bool(state.row and state.row.sound)
    # Tables are shown once the rounds run (before, a plan may still follow the room).
    if audience != Audience.SCREEN or not state.started or state.finished:
        return stage
    people = people_by_id(workshop)
    name = lambda pid: public_label(people.get(pid))  # noqa: E731
    size, current = setting(activity.settings, "page_tables"), state.current
    stage.page_seconds = setting(activity.settings, "page_seconds")
    tables, stage.pause = round_rows(state.plan, current, name)
    stage.pages = _pages(tables, size)
    if current < state.rounds:
        tables, stage.next_pause = round_rows(state.plan, current + 1, name)
        stage.next_pages = _pages(tables, size)
    if state.timer:
        stage.round_age = state.timer.elapsed_at(utcnow())
    return stage


# ---- a phone's own part --------------------------------------------------------------------


@dataclass
class Mine:
    """One phone's own view: where it sits now and next, its wishes, its follow-ups."""

    state: SpeedState
    person: Participant
    side: str  # "a", "b" or "" (on no side)
    now: Appointment | None = None
    next: Appointment | None = None
    late: bool = False  # in the plan from a later round
    now_with: list = field(default_factory=list)  # the people met now, named
    now_alongside: list = field(default_factory=list)  # same-side tablemates, named
    names: dict = field(default_factory=dict)  # id -> label, for everyone named here
    wish_choices: list = field(default_factory=list)  # (id, label, wished)
    met: list = field(default_factory=list)  # (round, id, label, marked, note)
    shares_contact: bool = False
    contact: str = ""

    def name(self, person_id: int) -> str:
        return self.names.get(person_id) or gettext("a participant")


def my_speed(workshop: Workshop, activity: Activity, person: Participant) -> Mine:
    """Build a phone's own part of the speed meeting on screen."""
    state = speed.state_of(activity)
    sides = speed.sides_of(workshop, activity)
    people = people_by_id(workshop)
    mine = Mine(state, person, sides.side_of(person.id))
    mine.names = {pid: public_label(p) for pid, p in people.items()}
    line = speed.line_of(activity, person.id)
    if line is not None:
        mine.shares_contact, mine.contact = line.shares_contact, line.contact
    if not state.started and mine.side:
        mine.wish_choices = _wish_choices(activity, person, sides, people)
    if state.plan is not None and state.started:
        _place(mine, state, person)
    marks = speed.my_marks(activity, person.id)
    mine.met = [
        (number, other, mine.name(other), other in marks, marks.get(other, ""))
        for number, other in speed.met_people(activity, person.id)
    ]
    return mine


def _place(mine: Mine, state: SpeedState, person: Participant) -> None:
    if not state.finished:
        found = person_schedule(state.plan, person.id, state.current)
        mine.now = found[0] if found and found[0].round == state.current else None
    mine.next = None if state.finished else next_appointment(state.plan, person.id, state.current)
    mine.late = mine.now is None and mine.next is not None
    if mine.now is not None:
        mine.now_with = [mine.name(p) for p in mine.now.meets]
        mine.now_alongside = [mine.name(p) for p in mine.now.alongside]


def _wish_choices(activity, person, sides, people) -> list:
    everyone = setting(activity.settings, "mode") == EVERYONE
    others = sides.a + sides.b if everyone else (sides.b if person.id in sides.a else sides.a)
    wished = speed.wishes_by(activity, person.id)
    choices = [(pid, public_label(people.get(pid)), pid in wished) for pid in others]
    return sorted((c for c in choices if c[0] != person.id), key=lambda c: c[1].casefold())


def my_matches(workshop: Workshop, activity: Activity, person: Participant) -> list:
    """Return (label, contact or None, their word) for each person who marked back."""
    people = people_by_id(workshop)
    return [
        (public_label(people.get(m.other_id)), m.contact, m.note)
        for m in speed.matches_of(activity, person.id)
    ]
