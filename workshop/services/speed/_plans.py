"""Making the plan of rounds, and keeping it in step with the room.

The plan is made by the facilitator (again with a new seed to see another), before the
rounds start or between rounds; rounds held never change (the planner's `replan` keeps
them). Once the rounds have started, a change of the roster replans the rounds still to
come at once (late arrivals get a table from the next round, leavers are taken out):
`follow_roster` runs after every *roster changed* fact. Before the first round a
changed roster or new wishes only make the plan *out of date* (the console says so):
starting round 1 brings it up to date, with the same seed.
"""

import logging
import secrets

from flask import Flask, current_app, has_app_context

from workshop import events
from workshop.db import session, transaction, utcnow
from workshop.domain.rotation import Plan, RotationRefused, plan_rounds, replan
from workshop.kinds.speed import rotation_settings
from workshop.models import Activity, SpeedMeeting, Workshop
from workshop.services.refusals import Conflict, Refused
from workshop.services.speed import _store as store
from workshop.services.speed._inputs import Inputs, inputs_of
from workshop.services.speed._refusals import worded

logger = logging.getLogger(__name__)


def new_seed() -> int:
    """Draw a seed for another plan under the same rules."""
    return secrets.randbelow(2**31)


def announce(workshop: Workshop, activity: Activity, signal=events.speed_plan_changed) -> None:
    """State a fact about a speed meeting, saying whether it is the one on screen."""
    on_screen = workshop.current_activity_id == activity.id and workshop.is_live
    signal.send(workshop.id, activity_id=activity.id, on_screen=on_screen)


def compute(activity: Activity, inputs: Inputs, settings, seed: int, held) -> Plan:
    """Plan every round after `held` (the rounds held, kept as they are); RotationRefused
    is worded for the room (people and sides by name)."""
    a, b = inputs.sides.a, inputs.sides.b
    try:
        if not held:
            return plan_rounds(a, b, settings, seed=seed, **inputs.preferences())
        kept = Plan(settings, tuple(held), seed)
        return replan(kept, len(held) + 1, a, b, seed=seed, **inputs.preferences())
    except RotationRefused as refused:
        raise worded(refused, activity) from None


def make_plan(workshop: Workshop, activity: Activity, *, fresh: bool = False) -> Plan:
    """Make (or update) the plan of the rounds still to come, with the activity's settings.

    `fresh` draws a new seed: another plan under the same rules ("regenerate"); otherwise
    the plan's own seed is kept, so the same room gives the same plan. Refused once the
    meetings are over, or with the planner's refusal (too many rounds, one side empty...).
    """
    row = store.meeting_of(activity)
    if row is not None and row.finished_at is not None:
        raise Conflict("speed_finished")
    try:
        settings = rotation_settings(activity.settings)
    except RotationRefused as refused:
        raise worded(refused, activity) from None
    held = store.held_rounds(activity)
    seed = new_seed() if fresh or row is None or not row.rounds else row.seed
    inputs = inputs_of(workshop, activity, row)
    plan = compute(activity, inputs, settings, seed, held)
    with transaction() as s:
        row = store.editable(s, activity)
        if row.current_round != len(held) or row.finished_at is not None:
            raise Conflict("round_moved")  # a round started meanwhile: plan again
        store.store_plan(row, plan, inputs.digest(settings))
        row.planned_at = utcnow()
    announce(workshop, activity)
    logger.info("workshop %s: speed plan %s made (seed %s)", workshop.join_code, activity.id, seed)
    return plan


def is_out_of_date(workshop: Workshop, activity: Activity, row: SpeedMeeting | None) -> bool:
    """Whether the roster, hosts, wishes or history changed since the plan was made."""
    if row is None or not row.rounds or row.finished_at is not None:
        return False
    settings = store.settings_of(row.settings)
    return inputs_of(workshop, activity, row).digest(settings) != row.inputs


def brought_up_to_date(workshop: Workshop, activity: Activity, row: SpeedMeeting):
    """Return (plan, digest) for the rounds after those held, following the room now.

    The plan's own settings and seed are kept; the rounds held stay as they were.
    """
    settings = store.settings_of(row.settings)
    inputs = inputs_of(workshop, activity, row)
    digest = inputs.digest(settings)
    if digest == row.inputs:
        return store.plan_of(row), digest
    held = store.held_rounds(activity)
    return compute(activity, inputs, settings, row.seed, held), digest


def follow_roster(workshop: Workshop) -> None:
    """Replan the rounds to come of each speed meeting under way after a roster change.

    A plan that cannot follow (one side left empty...) is kept as it is, and the reason
    is kept with it for the console; the next round tries again.
    """
    for activity in workshop.activities:
        row = store.meeting_of(activity) if activity.kind == store.KIND else None
        if row is None or not row.rounds or not row.current_round or row.finished_at:
            continue
        version, current = row.version, row.current_round
        try:
            plan, digest = brought_up_to_date(workshop, activity, row)
        except Refused as refused:
            _keep_problem(activity, refused)
            announce(workshop, activity)
            continue
        if digest == row.inputs:
            continue
        with transaction() as s:
            row = store.editable(s, activity)
            if (row.version, row.current_round) != (version, current):
                continue  # planned again meanwhile: that plan already follows the room
            store.store_plan(row, plan, digest)
        announce(workshop, activity)
        logger.info("workshop %s: speed plan %s followed", workshop.join_code, activity.id)


def _keep_problem(activity: Activity, refused: Refused) -> None:
    problem = {"code": refused.code, "params": refused.params}
    with transaction() as s:
        row = store.editable(s, activity)
        row.problem = problem


class _RosterWatch:
    """Calls follow_roster after this app's *roster changed* facts (weakly connected)."""

    def __init__(self, app: Flask):
        self.app = app

    def __call__(self, workshop_id, **_details) -> None:
        if not has_app_context() or current_app._get_current_object() is not self.app:
            return
        workshop = session().get(Workshop, workshop_id)
        if workshop is None:
            return
        try:
            follow_roster(workshop)
        except Exception:  # the roster change itself is done: never fail its request
            logger.exception("workshop %s: the speed plan could not follow", workshop_id)


def init_app(app: Flask) -> None:
    """Let the plans under way follow this app's roster changes."""
    watch = _RosterWatch(app)
    app.extensions["speed_roster_watch"] = watch  # the app holds the weakly connected watch
    events.roster_changed.connect(watch)
