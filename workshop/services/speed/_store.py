"""A speed meeting's rows, and its plan between the database (JSON) and the planner (values)."""

from dataclasses import asdict

from sqlalchemy import select
from sqlalchemy.orm import Session

from workshop.db import session
from workshop.domain.rotation import Plan, RotationSettings, Round, Table
from workshop.domain.timer import Timer
from workshop.kinds.speed import rotation_settings
from workshop.models import Activity, SpeedMeeting, SpeedRound, Workshop
from workshop.services.refusals import NotFound

KIND = "speed_meeting"


def speed_activity(workshop: Workshop, activity_id) -> Activity:
    """Return the workshop's speed-meeting activity with that id; anything else looks absent."""
    for activity in workshop.activities:
        if str(activity.id) == str(activity_id) and activity.kind == KIND:
            return activity
    raise NotFound()


def meeting_of(activity: Activity) -> SpeedMeeting | None:
    """Return the speed meeting's row (None before the facilitator's first action on it)."""
    return session().get(SpeedMeeting, activity.id)


def editable(s: Session, activity: Activity) -> SpeedMeeting:
    """Return the row inside a write transaction, created on first use."""
    row = s.get(SpeedMeeting, activity.id)
    if row is None:
        row = SpeedMeeting(activity_id=activity.id, rounds=[], settings={}, current_round=0)
        row.version, row.round_elapsed, row.round_extra_seconds = 0, 0.0, 0
        row.tables, row.tables_wanted, row.seed, row.inputs, row.sound = 0, 0, 0, "", False
        s.add(row)
        s.flush()
    return row


# ---- the plan as JSON ------------------------------------------------------------------------


def settings_json(settings: RotationSettings) -> dict:
    """Return the planner's settings as JSON data."""
    data = asdict(settings)
    data["table"] = list(settings.table)
    return data


def settings_of(data: dict) -> RotationSettings:
    """Return the planner's settings stored as JSON data."""
    table = data.get("table") or (1, 1)
    return RotationSettings(
        rounds=data["rounds"],
        round_seconds=data["round_seconds"],
        table=tuple(table),
        surplus=data.get("surplus", "pause"),
        max_tables=data.get("max_tables"),
        mode=data.get("mode", "two_sides"),
    )


def round_json(done: Round) -> dict:
    """Return a round as JSON data."""
    return {"number": done.number, "tables": tables_json(done), "idle": list(done.idle)}


def tables_json(done: Round) -> list:
    """Return a round's tables as JSON data: [number, side A, side B]."""
    return [[t.number, list(t.side_a), list(t.side_b)] for t in done.tables]


def round_of(number: int, tables: list, idle: list) -> Round:
    """Return a round from its JSON data."""
    return Round(
        number,
        tuple(Table(n, tuple(a), tuple(b)) for n, a, b in tables),
        tuple(idle),
    )


def plan_of(row: SpeedMeeting | None) -> Plan | None:
    """Return the stored plan as the planner's value (None when no plan was made)."""
    if row is None or not row.rounds:
        return None
    rounds = tuple(round_of(r["number"], r["tables"], r["idle"]) for r in row.rounds)
    return Plan(settings_of(row.settings), rounds, row.seed, row.tables, row.tables_wanted)


def store_plan(row: SpeedMeeting, plan: Plan, inputs: str) -> None:
    """Write a plan into the row (inside a transaction); phones refetch their place."""
    row.settings = settings_json(plan.settings)
    row.rounds = [round_json(r) for r in plan.rounds]
    row.seed, row.tables, row.tables_wanted = plan.seed, plan.tables, plan.tables_wanted
    row.inputs, row.problem = inputs, None
    row.version = (row.version or 0) + 1


def plan_settings(activity: Activity, row: SpeedMeeting | None) -> RotationSettings:
    """The settings a plan follows: the stored plan's, else the activity's current ones."""
    if row is not None and row.rounds:
        return settings_of(row.settings)
    return rotation_settings(activity.settings)


# ---- rounds held and the current round's countdown -------------------------------------


def held_rows(activity: Activity) -> list[SpeedRound]:
    """Return the rounds held as stored, with when they started and ended."""
    query = select(SpeedRound).where(SpeedRound.activity_id == activity.id)
    return list(session().scalars(query.order_by(SpeedRound.number)))


def held_rounds(activity: Activity) -> tuple[Round, ...]:
    """Return the rounds held, as they were when each started (never changed after)."""
    return tuple(round_of(r.number, r.tables, r.idle) for r in held_rows(activity))


def round_timer(row: SpeedMeeting) -> Timer:
    """Return the current round's countdown (its seconds plus the minutes added)."""
    seconds = (row.settings or {}).get("round_seconds", 0)
    return Timer(
        duration=float(seconds + (row.round_extra_seconds or 0)),
        elapsed=row.round_elapsed or 0.0,
        running_since=row.round_running_since,
    )


def write_timer(row: SpeedMeeting, timer: Timer) -> None:
    """Store the current round's countdown in the row (inside a transaction)."""
    row.round_elapsed, row.round_running_since = timer.elapsed, timer.running_since
