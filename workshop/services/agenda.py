"""Building the agenda and leading it live: one function per facilitator action."""

import logging
from collections.abc import Mapping

from workshop import events
from workshop.db import transaction, utcnow
from workshop.domain import agenda as rules
from workshop.domain import parallel
from workshop.domain.text import INSTRUCTION_MAX, TITLE_MAX
from workshop.domain.timer import Timer
from workshop.kinds import KINDS, get_kind
from workshop.kinds.plans import RUNTIME
from workshop.models import Activity, Workshop
from workshop.services.forms import FieldReader
from workshop.services.refusals import Conflict, Malformed, NotFound, Refused

logger = logging.getLogger(__name__)
MAX_ACTIVITIES = 60


def _agenda_error(error: rules.AgendaError) -> Refused:
    return Conflict(error.code)


def _state(workshop: Workshop) -> rules.AgendaState:
    return rules.AgendaState(workshop.state, workshop.current_index, len(workshop.activities))


def together_marks(workshop: Workshop) -> dict[int, bool]:
    """For each activity that could run with the one before it, whether it does."""
    return parallel.together_marks(workshop.slots)


def live_activity(workshop: Workshop, activity_id) -> Activity:
    """Return one of the live activities; another one is refused."""
    for activity in workshop.live_activities:
        if str(activity.id) == str(activity_id):
            return activity
    if not workshop.is_live:
        raise Conflict("not_live")
    find_activity(workshop, activity_id)  # NotFound for an id of nothing here
    raise Conflict("activity_not_live")


def find_activity(workshop: Workshop, activity_id) -> Activity:
    """Return the workshop's activity with that id; another workshop's looks absent."""
    for activity in workshop.activities:
        if str(activity.id) == str(activity_id):
            return activity
    raise NotFound()


TIMER_STARTS = ("on_screen", "manual")


def read_activity_fields(data: Mapping, kind_name: str) -> dict:
    """Read and check the common fields of an activity form, plus its kind's settings.

    `timer`: "on_screen" (the default: a countdown starts when the activity comes on
    screen) or "manual" (the facilitator starts it).
    """
    form = FieldReader(data)
    fields = {
        "title": form.text("title", TITLE_MAX, required=True),
        "instruction": form.text("instruction", INSTRUCTION_MAX, multiline=True),
        "planned_minutes": form.number("planned_minutes", 0, 600, 0),
        "settings": {
            **get_kind(kind_name).read_settings(form),
            "timer": form.choice("timer", TIMER_STARTS, "on_screen"),
        },
    }
    form.done()
    return fields


def add_activity(workshop: Workshop, data: Mapping) -> Activity:
    """Append an activity of a known kind at the end of the agenda."""
    kind = data.get("kind") or "instruction"
    if kind not in KINDS:
        raise Malformed("unknown_kind")
    if len(workshop.activities) >= MAX_ACTIVITIES:
        raise Conflict("too_many_activities", limit=MAX_ACTIVITIES)
    fields = read_activity_fields(data, kind)
    with transaction():
        position = max((a.position for a in workshop.activities), default=-1) + 1
        activity = Activity(kind=kind, position=position, **fields)
        workshop.activities.append(activity)
    events.agenda_edited.send(workshop.id)
    logger.info("workshop %s: activity %s added (%s)", workshop.join_code, activity.id, kind)
    return activity


def update_activity(workshop: Workshop, activity_id, data: Mapping) -> Activity:
    """Change an activity's title, instruction, duration and settings."""
    activity = find_activity(workshop, activity_id)
    fields = read_activity_fields(data, activity.kind)
    # The form holds what the facilitator prepares; what happened live (writing closed,
    # answers revealed, candidates removed...) stays as it is.
    held = {k: v for k, v in (activity.settings or {}).items() if k in RUNTIME}
    fields["settings"] = {**held, **fields["settings"]}
    before = _live_ids(workshop)
    with transaction():
        for name, value in fields.items():
            setattr(activity, name, value)
        moved = _follow_block(workshop, before)
    on_screen = activity.id in before or activity.id in _live_ids(workshop)
    events.activity_edited.send(workshop.id, activity_id=activity.id, on_screen=on_screen)
    if moved:
        _announce_move(workshop, "now live with other groups' activities")
    logger.info("workshop %s: activity %s edited", workshop.join_code, activity.id)
    return activity


def move_activity(workshop: Workshop, activity_id, delta: int) -> None:
    """Move an activity up (-1) or down (+1) the agenda."""
    activity = find_activity(workshop, activity_id)
    order = rules.reorder([a.id for a in workshop.activities], activity.id, delta)
    before = _live_ids(workshop)
    with transaction():
        by_id = {a.id: a for a in workshop.activities}
        for position, moved_id in enumerate(order):
            by_id[moved_id].position = position
        workshop.activities.sort(key=lambda a: a.position)
        moved = _follow_block(workshop, before)
    events.agenda_edited.send(workshop.id)
    if moved:
        _announce_move(workshop, "live activities changed by a move")
    logger.info("workshop %s: activity %s moved %+d", workshop.join_code, activity.id, delta)


def run_together(workshop: Workshop, activity_id, together: bool) -> None:
    """Mark an activity for one group to run at the same time as the one before it (for
    another group), or to run after it again.

    While the workshop runs, marking an activity next to the live ones makes it live at
    once (its group's phones switch to it); unmarking a live one ends it for its group.
    """
    activity = find_activity(workshop, activity_id)
    if together:
        try:
            parallel.check_together(workshop.slots, workshop.activities.index(activity))
        except rules.AgendaError as error:
            raise _agenda_error(error) from None
    if bool(activity.with_previous) == bool(together):
        return  # sent again (a double click): nothing changes
    before = _live_ids(workshop)
    with transaction():
        activity.with_previous = bool(together)
        moved = _follow_block(workshop, before)
    events.agenda_edited.send(workshop.id)
    if moved:
        _announce_move(workshop, "live activities changed")
    logger.info(
        "workshop %s: activity %s %s",
        workshop.join_code,
        activity.id,
        "runs with the previous one" if together else "runs on its own",
    )


def _live_ids(workshop: Workshop) -> tuple[int, ...]:
    return tuple(a.id for a in workshop.live_activities)


def _follow_block(workshop: Workshop, before: tuple[int, ...]) -> bool:
    """After an agenda edit, keep the clock of each live activity right and the activity
    on screen first of its block; return whether the live activities changed."""
    after = _live_ids(workshop)
    if not workshop.is_live or set(after) == set(before):
        return False
    now = utcnow()
    _leave(workshop, now, before)
    slots = workshop.slots
    start = parallel.block_start(slots, _state(workshop).current)
    _enter(workshop, workshop.activities[start], now)
    return True


def delete_activity(workshop: Workshop, activity_id) -> None:
    """Delete an activity; the live ones (on screen, or in parallel with it) cannot be."""
    activity = find_activity(workshop, activity_id)
    before = _live_ids(workshop)
    if activity.id in before:
        raise Conflict("activity_is_current")
    with transaction():
        workshop.activities.remove(activity)
        moved = _follow_block(workshop, before)  # a marked activity may now join the live ones
    events.agenda_edited.send(workshop.id)
    if moved:
        _announce_move(workshop, "live activities changed by a deletion")
    logger.info("workshop %s: activity %s deleted", workshop.join_code, activity_id)


def start_workshop(workshop: Workshop) -> None:
    """Open the workshop live on its first activity."""
    try:
        state = rules.start(_state(workshop))
    except rules.AgendaError as error:
        raise _agenda_error(error) from None
    with transaction():
        now = utcnow()
        workshop.state, workshop.started_at = rules.LIVE, now
        _enter(workshop, workshop.activities[state.current], now)
    _announce_move(workshop, "started")


def step_agenda(workshop: Workshop, delta: int, seen_activity_id=None) -> None:
    """Go to the next (+1) or previous (-1) activity.

    `seen_activity_id` is the activity the facilitator's console showed: when the
    agenda moved meanwhile (a double click, a second tab), the step is refused
    instead of skipping an activity.
    """
    if seen_activity_id and str(seen_activity_id) != str(workshop.current_activity_id):
        raise Conflict("agenda_moved")
    try:
        state = parallel.step(_state(workshop), workshop.slots, delta)
    except rules.AgendaError as error:
        raise _agenda_error(error) from None
    _move_to(workshop, workshop.activities[state.current])


def go_to_activity(workshop: Workshop, activity_id) -> None:
    """Jump to any activity of the live agenda."""
    activity = find_activity(workshop, activity_id)
    try:
        state = parallel.go_to(
            _state(workshop), workshop.slots, workshop.activities.index(activity)
        )
    except rules.AgendaError as error:
        raise _agenda_error(error) from None
    _move_to(workshop, workshop.activities[state.current])


def end_workshop(workshop: Workshop) -> None:
    """End the workshop: the clock stops and the join code stops admitting people."""
    try:
        rules.end(_state(workshop))
    except rules.AgendaError as error:
        raise _agenda_error(error) from None
    with transaction():
        now = utcnow()
        _leave(workshop, now)
        workshop.state, workshop.ended_at = rules.ENDED, now
    _announce_move(workshop, "ended")


def _move_to(workshop: Workshop, activity: Activity) -> None:
    if activity.id == workshop.current_activity_id:
        return
    with transaction():
        now = utcnow()
        _leave(workshop, now)
        _enter(workshop, activity, now)
    _announce_move(workshop, f"on activity {activity.id}")


def _enter(workshop: Workshop, activity: Activity, now) -> None:
    workshop.current_activity_id, workshop.current_since = activity.id, now
    for live in workshop.live_activities:  # the activities running with it start too
        live.started_at = live.started_at or now
        if starts_on_screen(live):
            _set_timer(live, timer_of(live).start(now))


def starts_on_screen(activity: Activity) -> bool:
    """Whether the activity's countdown starts (or resumes) when it comes on screen: it
    has a duration, its kind shows a timer, and its form did not ask for a manual start.
    A timer already over is left as it is (it is not started again past zero)."""
    if not activity.planned_minutes or not get_kind(activity.kind).shows_timer:
        return False
    if (activity.settings or {}).get("timer", "on_screen") != "on_screen":
        return False
    return activity.timer_elapsed_seconds < activity.planned_minutes * 60.0


def _set_timer(activity: Activity, timer: Timer) -> None:
    activity.timer_elapsed_seconds = timer.elapsed
    activity.timer_running_since = timer.running_since


def _leave(workshop: Workshop, now, live_ids: tuple[int, ...] | None = None) -> None:
    """Record the time spent on the live activities (visits add up); their countdowns
    pause, so coming back to one later resumes where it stood."""
    if workshop.current_since is None:
        return
    ids = _live_ids(workshop) if live_ids is None else live_ids
    for activity in workshop.activities:
        if activity.id in ids:
            activity.active_seconds += visit_seconds(workshop, activity, now)
            activity.ended_at = now
            _set_timer(activity, timer_of(activity).pause(now))
    workshop.current_since = None


def visit_seconds(workshop: Workshop, activity: Activity, now) -> float:
    """Return the seconds a live activity has run in the current visit of its block: from
    when the block came on screen, or from its own start when it joined the block later
    (a group's run-off, created while the other groups carry on). An activity started
    on an earlier visit counts from this visit's start."""
    if workshop.current_since is None:
        return 0.0
    since = max(workshop.current_since, activity.started_at or workshop.current_since)
    return max(0.0, (now - since).total_seconds())


def join_live(workshop: Workshop, activity: Activity) -> None:
    """Start an activity that another service put into the live block (a group's run-off
    after its vote): its time and, unless its form asks for a manual start, its countdown
    count from now, not from when the block came on screen; the others run on as they
    were. An activity that is not live is left as it is."""
    if not workshop.is_live_activity(activity):
        return
    with transaction():
        now = utcnow()
        activity.started_at = activity.started_at or now
        if starts_on_screen(activity):
            _set_timer(activity, timer_of(activity).start(now))
    events.timer_changed.send(workshop.id, activity_id=activity.id)


def _announce_move(workshop: Workshop, what: str) -> None:
    events.agenda_advanced.send(workshop.id)
    logger.info("workshop %s %s", workshop.join_code, what)


def timer_of(activity: Activity) -> Timer:
    """Return the activity's countdown as the pure timer it stores."""
    return Timer(
        duration=activity.planned_minutes * 60.0,
        elapsed=activity.timer_elapsed_seconds,
        running_since=activity.timer_running_since,
    )


TIMER_ACTIONS = ("start", "pause", "reset", "extend")
EXTRA_SECONDS = 60.0


def control_timer(workshop: Workshop, action: str, activity_id=None) -> Timer:
    """Start, pause, reset or extend (one more minute) the countdown of the activity on
    screen, or of another live one (`activity_id`: each group's activity running in
    parallel has its own)."""
    activity = workshop.current_activity
    if workshop.state != rules.LIVE or activity is None:
        raise Conflict("not_live")
    if activity_id not in (None, ""):
        activity = live_activity(workshop, activity_id)
    if action not in TIMER_ACTIONS:
        raise Malformed("unknown_action")
    with transaction():
        now = utcnow()
        _set_timer(activity, _timer_after(timer_of(activity), action, now))
        timer = timer_of(activity)
    events.timer_changed.send(workshop.id, activity_id=activity.id)
    logger.info("workshop %s: timer %s of %s", workshop.join_code, action, activity.id)
    return timer


def _timer_after(timer: Timer, action: str, now) -> Timer:
    if action == "reset":
        return timer.reset()
    if action == "extend":
        return timer.extend(EXTRA_SECONDS)
    return getattr(timer, action)(now)
