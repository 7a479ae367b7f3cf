"""Phones in a speed meeting: their own place, wishes, contact and follow-up marks.

These routes belong to the `participate` blueprint (every participant action is
`participate.*`); this module is imported by create_app before that blueprint is
registered. Per-person state never travels in a room push: each answer is the phone's
own. A follow-up mark is answered with the phone's own mark alone, the same whether or
not the other person marked (the matches list, fetched after every mark, shows the
mutual ones).
"""

from flask import g, make_response, render_template, request

from workshop.presenters.speed import my_matches, my_speed
from workshop.services import speed
from workshop.services.refusals import Conflict, FormErrors, Refused
from workshop.views.participate import bp
from workshop.web import access
from workshop.web.errors import status_of
from workshop.web.messages import message

KEY_HEADER = "Idempotency-Key"
FOLLOW_CHANGED = "speed-follow-changed"  # the phone's matches list refreshes on it


def _participant_speed(code: str, activity_id: int):
    """Load the workshop, this phone's participant and the speed meeting on screen."""
    workshop, person = access.participant_workshop(code)
    g.locale = person.locale
    activity = speed.speed_activity(workshop, activity_id)
    if not workshop.is_live or workshop.current_activity_id != activity.id:
        raise Conflict("speed_not_on_screen")
    return workshop, person, activity


def _refreshing(html: str, status: int = 200):
    response = make_response(html, status)
    response.headers["HX-Trigger"] = FOLLOW_CHANGED
    return response


@bp.get("/p/<code>/speed/<int:activity_id>")
def speed_place(code: str, activity_id: int):
    """One's own place: round, table and with whom, what comes next, wishes, follow-ups."""
    workshop, person, activity = _participant_speed(code, activity_id)
    return render_template(
        "partials/speed/me.html",
        workshop=workshop,
        activity=activity,
        mine=my_speed(workshop, activity, person),
        matches=my_matches(workshop, activity, person),
    )


@bp.get("/p/<code>/speed/<int:activity_id>/matches")
def speed_matches(code: str, activity_id: int):
    """The people who want to follow up as much as this phone does (mutual marks only)."""
    workshop, person, activity = _participant_speed(code, activity_id)
    return render_template(
        "partials/speed/matches.html",
        workshop=workshop,
        activity=activity,
        matches=my_matches(workshop, activity, person),
    )


@bp.post("/p/<code>/speed/<int:activity_id>/wish")
def wish(code: str, activity_id: int):
    """Wish to meet wanted_id (on=1), or withdraw the wish (on=0), before the rounds."""
    workshop, person, activity = _participant_speed(code, activity_id)
    wanted, on = request.form.get("wanted_id"), request.form.get("on", "1") == "1"
    error, status = "", 200
    try:
        if on:
            speed.add_wish(workshop, activity, person.id, wanted)
        else:
            speed.remove_wish(workshop, activity, person.id, wanted)
    except Refused as refused:
        error, status = message(refused.code, **refused.params), status_of(refused)
    mine = my_speed(workshop, activity, person)
    html = render_template(
        "partials/speed/wishes.html",
        workshop=workshop,
        activity=activity,
        mine=mine,
        opened=True,
        error=error,
    )
    return html, status


@bp.post("/p/<code>/speed/<int:activity_id>/contact")
def speed_contact(code: str, activity_id: int):
    """Share one's contact with the people one matches (shares_contact=1, contact)."""
    workshop, person, activity = _participant_speed(code, activity_id)
    error, status = "", 200
    try:
        speed.set_contact(workshop, activity, person, request.form)
    except FormErrors as refused:
        code_, params = next(iter(refused.fields.values()))
        error, status = message(code_, **params), 422
    html = render_template(
        "partials/speed/contact.html",
        workshop=workshop,
        activity=activity,
        mine=my_speed(workshop, activity, person),
        error=error,
        saved=not error,
    )
    return _refreshing(html, status) if not error else (html, status)


@bp.post("/p/<code>/speed/<int:activity_id>/follow")
def follow_up(code: str, activity_id: int):
    """Mark (on=1, note) or unmark (on=0) other_id, someone met; Idempotency-Key header."""
    workshop, person, activity = _participant_speed(code, activity_id)
    key = request.headers.get(KEY_HEADER)
    other = request.form.get("other_id")
    error, status = "", 200
    try:
        speed.mark_follow_up(workshop, activity, person, other, request.form, key)
    except FormErrors as refused:
        code_, params = next(iter(refused.fields.values()))
        error, status = message(code_, **params), 422
    return _refreshing(_follow_item(workshop, activity, person, other, error), status)


def _follow_item(workshop, activity, person, other_id, error: str = "") -> str:
    """The phone's own mark about someone it met, as stored (never the other's)."""
    mine = my_speed(workshop, activity, person)
    item = next(m for m in mine.met if str(m[1]) == str(other_id))
    number, other, label, marked, note = item
    if error:  # keep what was typed, to correct it
        note = str(request.form.get("note") or "")[:2000]
    return render_template(
        "partials/speed/follow_item.html",
        workshop=workshop,
        activity=activity,
        number=number,
        other=other,
        label=label,
        marked=marked,
        note=note,
        error=error,
        saved=not error,
    )
