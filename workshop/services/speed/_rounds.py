"""Leading the rounds live: next round, pause, resume, one more minute, finish, the sound.

A round is *held* from the moment it starts: its tables are copied into `speed_rounds`
and never change again. "Next round" names the round the console showed (`seen`): a
double click or a second console cannot skip a round. Each round has its own countdown
(workshop/domain/timer.py), started with the round; "+1 min" lengthens the current one.
"""

import logging

from workshop import events
from workshop.db import transaction, utcnow
from workshop.domain.timer import Timer
from workshop.models import Activity, SpeedMeeting, SpeedRound, Workshop
from workshop.services.refusals import Conflict
from workshop.services.speed import _store as store
from workshop.services.speed._plans import announce, brought_up_to_date

logger = logging.getLogger(__name__)
EXTRA_SECONDS = 60
MAX_EXTRA_SECONDS = 3600


def _live_row(workshop: Workshop, activity: Activity) -> SpeedMeeting:
    """Return the row of a speed meeting on screen in a live workshop, with a plan."""
    if not workshop.is_live or workshop.current_activity_id != activity.id:
        raise Conflict("speed_not_on_screen")
    row = store.meeting_of(activity)
    if row is None or not row.rounds:
        raise Conflict("speed_not_planned")
    if row.finished_at is not None:
        raise Conflict("speed_finished")
    return row


def _seen(seen) -> int | None:
    try:
        return int(seen) if seen not in (None, "") else None
    except (TypeError, ValueError):
        return -1


def next_round(workshop: Workshop, activity: Activity, seen=None) -> int:
    """Start the next round (the first one at first); return its number.

    `seen` is the round the console showed: when another round started meanwhile, the
    click is refused ("round_moved") rather than skipping one. The rounds to come follow
    the room first (late arrivals, leavers, and before round 1 new wishes); a plan that
    cannot follow it is refused with the planner's reason, nothing started.
    """
    row = _live_row(workshop, activity)
    current, version = row.current_round, row.version
    if _seen(seen) not in (None, current):
        raise Conflict("round_moved")
    if current >= len(row.rounds):
        raise Conflict("no_next_round")
    plan, digest = brought_up_to_date(workshop, activity, row)
    with transaction() as s:
        row = store.editable(s, activity)
        if (row.current_round, row.version) != (current, version) or row.finished_at:
            raise Conflict("round_moved")
        replanned = digest != row.inputs
        if replanned:
            store.store_plan(row, plan, digest)
        _start(s, row, plan.rounds[current])
    if replanned:
        announce(workshop, activity)
    announce(workshop, activity, events.speed_round_changed)
    logger.info("workshop %s: speed round %s started", workshop.join_code, current + 1)
    return current + 1


def _start(s, row: SpeedMeeting, done) -> None:
    now = utcnow()
    _end_current(s, row, now)
    s.add(
        SpeedRound(
            activity_id=row.activity_id,
            number=done.number,
            tables=store.tables_json(done),
            idle=list(done.idle),
            started_at=now,
        )
    )
    row.current_round = done.number
    row.round_extra_seconds = 0
    store.write_timer(row, Timer(0.0).start(now))


def _end_current(s, row: SpeedMeeting, now) -> None:
    if row.current_round:
        held = s.get(SpeedRound, (row.activity_id, row.current_round))
        if held is not None and held.ended_at is None:
            held.ended_at = now


def _timer_action(workshop: Workshop, activity: Activity, change, what: str) -> None:
    row = _live_row(workshop, activity)
    if not row.current_round:
        raise Conflict("speed_not_started")
    with transaction() as s:
        row = store.editable(s, activity)
        change(row, utcnow())
    announce(workshop, activity, events.speed_round_changed)
    logger.info("workshop %s: speed round %s %s", workshop.join_code, row.current_round, what)


def _paused(row: SpeedMeeting, now) -> None:
    store.write_timer(row, store.round_timer(row).pause(now))


def _resumed(row: SpeedMeeting, now) -> None:
    store.write_timer(row, store.round_timer(row).start(now))


def pause_round(workshop: Workshop, activity: Activity) -> None:
    """Pause the current round's countdown (pausing a paused one changes nothing)."""
    _timer_action(workshop, activity, _paused, "paused")


def resume_round(workshop: Workshop, activity: Activity) -> None:
    """Resume the current round's countdown."""
    _timer_action(workshop, activity, _resumed, "resumed")


def extend_round(workshop: Workshop, activity: Activity) -> None:
    """Give the current round one more minute (an hour more at most)."""

    def extend(row: SpeedMeeting, _now) -> None:
        if row.round_extra_seconds + EXTRA_SECONDS > MAX_EXTRA_SECONDS:
            raise Conflict("too_much_extra", limit=MAX_EXTRA_SECONDS // 60)
        row.round_extra_seconds += EXTRA_SECONDS

    _timer_action(workshop, activity, extend, "extended")


def finish_meetings(workshop: Workshop, activity: Activity) -> None:
    """End the meetings after the current round (the rounds not held are dropped from the
    minutes); phones then show who to follow up with."""
    row = _live_row(workshop, activity)
    if not row.current_round:
        raise Conflict("speed_not_started")
    with transaction() as s:
        row = store.editable(s, activity)
        now = utcnow()
        _end_current(s, row, now)
        store.write_timer(row, store.round_timer(row).pause(now))
        row.finished_at = now
    announce(workshop, activity, events.speed_round_changed)
    logger.info("workshop %s: speed meeting %s finished", workshop.join_code, activity.id)


def set_sound(workshop: Workshop, activity: Activity, on: bool) -> None:
    """Turn the projector's beep at the change of tables on or off (off by default)."""
    with transaction() as s:
        row = store.editable(s, activity)
        row.sound = bool(on)
    announce(workshop, activity, events.speed_round_changed)
    logger.info("workshop %s: speed sound %s", workshop.join_code, "on" if on else "off")
