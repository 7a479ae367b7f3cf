"""The facilitator's work on a speed meeting: the plan, the rounds live, hosts, wishes,
the earlier session, project sub-groups, and the printed table plan."""

from flask import Blueprint, g, render_template, request

from workshop.presenters.speed import people_by_id, public_label, side_labels
from workshop.presenters.speed_console import (
    matched_people,
    people_rows,
    planned_rounds,
    wish_rows,
)
from workshop.services import roster, speed
from workshop.services.refusals import Conflict, FormErrors, Refused
from workshop.views.respond import editor, refused_with_regions, regions
from workshop.web import access
from workshop.web.access import facilitated_workshop
from workshop.web.messages import message

bp = Blueprint("speed", __name__, url_prefix="/w/<code>/speed/<int:activity_id>")
PANEL = ("console_speed", "speed_controls", "live_bar")


def _load(code: str, activity_id: int):
    workshop = facilitated_workshop(code)
    return workshop, speed.speed_activity(workshop, activity_id)


def _done(workshop, shown: str = ""):
    """Answer with the fresh panel (and the editor, emptied or showing `shown`)."""
    return regions(workshop, *PANEL, extra=editor(shown))


def _facilitated() -> list[int]:
    return access.facilitated_ids()


# ---- the plan --------------------------------------------------------------------------------


@bp.post("/plan")
def make_plan(code: str, activity_id: int):
    """Make or update the plan of the rounds (fresh=1: another draw, a new seed)."""
    workshop, activity = _load(code, activity_id)
    speed.make_plan(workshop, activity, fresh=request.form.get("fresh") == "1")
    return _done(workshop)


@bp.get("/plan")
def plan_rounds(code: str, activity_id: int):
    """The plan round by round, for the console's editor."""
    workshop, activity = _load(code, activity_id)
    side_a, side_b = side_labels(activity)
    rounds = planned_rounds(workshop, activity)
    return render_template(
        "partials/speed/plan_rounds.html",
        workshop=workshop,
        activity=activity,
        rounds=rounds,
        side_a=side_a,
        side_b=side_b,
    )


@bp.get("/print")
def print_plan(code: str, activity_id: int):
    """The table plan per round, print-ready, names as the room sees them."""
    workshop, activity = _load(code, activity_id)
    g.locale = workshop.language  # it goes on the room's walls
    people = people_by_id(workshop)
    state = speed.state_of(activity)
    side_a, side_b = side_labels(activity)
    return render_template(
        "speed/print.html",
        workshop=workshop,
        activity=activity,
        rounds=planned_rounds(workshop, activity, lambda pid: public_label(people.get(pid))),
        side_a=side_a,
        side_b=side_b,
        minutes=round(state.plan.settings.round_seconds / 60, 1) if state.plan else 0,
        out_of_date=speed.is_out_of_date(workshop, activity, state.row),
    )


# ---- the rounds, live (the controls partial posts here) ------------------------------------


@bp.post("/next")
def next_round(code: str, activity_id: int):
    """Start the next round (seen: the round the console showed)."""
    workshop, activity = _load(code, activity_id)
    try:
        speed.next_round(workshop, activity, request.form.get("seen"))
    except Conflict as error:  # the console was behind: where the rounds stand now
        return refused_with_regions(error, workshop, *PANEL)
    return regions(workshop, *PANEL)


@bp.post("/pause")
def pause_round(code: str, activity_id: int):
    """Pause the current round's countdown."""
    workshop, activity = _load(code, activity_id)
    speed.pause_round(workshop, activity)
    return regions(workshop, *PANEL)


@bp.post("/resume")
def resume_round(code: str, activity_id: int):
    """Resume the current round's countdown."""
    workshop, activity = _load(code, activity_id)
    speed.resume_round(workshop, activity)
    return regions(workshop, *PANEL)


@bp.post("/extend")
def extend_round(code: str, activity_id: int):
    """Give the current round one more minute."""
    workshop, activity = _load(code, activity_id)
    speed.extend_round(workshop, activity)
    return regions(workshop, *PANEL)


@bp.post("/finish")
def finish_meetings(code: str, activity_id: int):
    """End the meetings after the current round."""
    workshop, activity = _load(code, activity_id)
    speed.finish_meetings(workshop, activity)
    return regions(workshop, *PANEL)


@bp.post("/sound")
def set_sound(code: str, activity_id: int):
    """Turn the beep at the change of tables on (on=1) or off."""
    workshop, activity = _load(code, activity_id)
    speed.set_sound(workshop, activity, request.form.get("on") == "1")
    return regions(workshop, *PANEL)


# ---- hosts and sides, wishes, the earlier session -------------------------------------------


def _people_editor(workshop, activity) -> str:
    side_a, side_b = side_labels(activity)
    return render_template(
        "partials/speed/people.html",
        workshop=workshop,
        activity=activity,
        rows=people_rows(workshop, activity),
        side_a=side_a,
        side_b=side_b or "B",
        everyone=not side_b,
    )


@bp.get("/people")
def people(code: str, activity_id: int):
    """Everyone present with their side and whether they host a table."""
    workshop, activity = _load(code, activity_id)
    return _people_editor(workshop, activity)


@bp.post("/people/<int:person_id>")
def set_person(code: str, activity_id: int, person_id: int):
    """Save one person's side (side="" follows the category) and host flag (host=1)."""
    workshop, activity = _load(code, activity_id)
    speed.set_person(workshop, activity, person_id, request.form)
    return _done(workshop, _people_editor(workshop, activity))


def _wishes_editor(workshop, activity, error: str = "") -> str:
    state = speed.state_of(activity)
    everyone = [(p.id, p.display_name or p.organisation or "?") for p in roster.roster(workshop)]
    mine = wish_rows(workshop, activity)
    return render_template(
        "partials/speed/wishes_editor.html",
        workshop=workshop,
        activity=activity,
        wishes=mine,
        phone_wishes=len(speed.wishes_of(activity)) - len(mine),
        people=everyone,
        closed=state.started or state.finished,
        error=error,
    )


@bp.get("/wishes")
def wishes(code: str, activity_id: int):
    """The wishes the facilitator entered, and a form to add one."""
    workshop, activity = _load(code, activity_id)
    return _wishes_editor(workshop, activity)


@bp.post("/wishes")
def add_wish(code: str, activity_id: int):
    """Record that person_id would like to meet wanted_id."""
    workshop, activity = _load(code, activity_id)
    form = request.form
    try:
        speed.add_wish(
            workshop, activity, form.get("person_id"), form.get("wanted_id"), by_facilitator=True
        )
    except Refused as error:
        text = message(error.code, **error.params)
        return _done(workshop, _wishes_editor(workshop, activity, text))
    return _done(workshop, _wishes_editor(workshop, activity))


@bp.post("/wishes/delete")
def remove_wish(code: str, activity_id: int):
    """Withdraw the wish of person_id to meet wanted_id."""
    workshop, activity = _load(code, activity_id)
    speed.remove_wish(
        workshop, activity, request.form.get("person_id"), request.form.get("wanted_id")
    )
    return _done(workshop, _wishes_editor(workshop, activity))


@bp.get("/history")
def history(code: str, activity_id: int):
    """Which earlier speed meeting the pairs who met come from."""
    workshop, activity = _load(code, activity_id)
    state = speed.state_of(activity)
    return render_template(
        "partials/speed/history.html",
        workshop=workshop,
        activity=activity,
        choices=speed.history_choices(workshop, activity, _facilitated()),
        chosen=state.row.history_activity_id if state.row else None,
        default=speed.history_source(workshop, activity, None),
    )


@bp.post("/history")
def set_history(code: str, activity_id: int):
    """Take the history from source_id (empty: the workshop this one follows)."""
    workshop, activity = _load(code, activity_id)
    speed.set_history_source(workshop, activity, request.form.get("source_id"), _facilitated())
    return _done(workshop)


# ---- project sub-groups from mutual follow-ups ---------------------------------------------


def _matched_editor(workshop, activity, errors=None) -> str:
    pairs, matched = matched_people(workshop, activity)
    return render_template(
        "partials/speed/matched.html",
        workshop=workshop,
        activity=activity,
        pairs=pairs,
        people=matched,
        errors=errors or {},
    )


@bp.get("/matched")
def matched(code: str, activity_id: int):
    """The pairs who both want to follow up, and the form of a project sub-group."""
    workshop, activity = _load(code, activity_id)
    return _matched_editor(workshop, activity)


@bp.post("/groups")
def create_group(code: str, activity_id: int):
    """Create a project sub-group (name) of people who matched (member_ids, repeated)."""
    workshop, activity = _load(code, activity_id)
    try:
        speed.create_project_group(workshop, activity, request.form)
    except FormErrors as error:
        return _done(workshop, _matched_editor(workshop, activity, error.fields))
    return _done(workshop)


@bp.post("/carry")
def carry_groups(code: str, activity_id: int):
    """Carry the project sub-groups into a new draft workshop; show its link once."""
    workshop, activity = _load(code, activity_id)
    new, secret = speed.carry_project_groups(workshop, activity)
    access.grant_facilitator(new)
    return _done(
        workshop, render_template("partials/speed/carried.html", workshop=new, secret=secret)
    )
