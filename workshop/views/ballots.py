"""Phones voting: one tap, one HTTP request with an idempotency key, the ballot as answer.

These routes belong to the `participate` blueprint (every participant action is
`participate.*`); this module is imported by create_app before that blueprint is
registered. Each answer is the phone's own ballot as the server holds it: per-person
state never travels in a room push.
"""

from flask import g, render_template, request

from workshop import access
from workshop.messages import message
from workshop.services import voting, workshops
from workshop.services.errors import Forbidden, ServiceError
from workshop.views.participate import bp
from workshop.views.vote_context import ballot_view

KEY_HEADER = "Idempotency-Key"


def _voter(code: str, activity_id: int):
    """Load the workshop, this phone's participant and the vote, or refuse."""
    workshop = workshops.find_by_code(code)
    person = access.participant_in(workshop)
    if person is None:
        raise Forbidden()
    g.locale = person.locale
    return workshop, person, voting.vote_activity(workshop, activity_id)


def _ballot(workshop, person, activity, status: int = 200, **extra):
    view = ballot_view(workshop, activity, person)
    html = render_template("partials/votes/my_ballot.html", ballot=view, **extra)
    return html, status


def _tap(code: str, activity_id: int, action, **options):
    """Apply one tap and answer with the ballot: saved, or refused with the reason."""
    workshop, person, activity = _voter(code, activity_id)
    key = voting.check_key(request.headers.get(KEY_HEADER))
    candidate_id = request.form.get("candidate_id")
    try:
        action(workshop, activity, person, candidate_id, key=key, **options)
    except ServiceError as error:
        text = message(error.code, **error.params)
        return _ballot(workshop, person, activity, error.status, error=text)
    return _ballot(workshop, person, activity, saved=True)


@bp.get("/p/<code>/vote/<int:activity_id>")
def my_ballot(code: str, activity_id: int):
    """One's own ballot as the server holds it (loaded by the vote's phone page)."""
    workshop, person, activity = _voter(code, activity_id)
    return _ballot(workshop, person, activity)


@bp.post("/p/<code>/vote/<int:activity_id>/dot")
def cast_dot(code: str, activity_id: int):
    """Place one dot on a candidate."""
    return _tap(code, activity_id, voting.cast_dot)


@bp.post("/p/<code>/vote/<int:activity_id>/undot")
def remove_dot(code: str, activity_id: int):
    """Take one dot back from a candidate."""
    return _tap(code, activity_id, voting.remove_dot)


@bp.post("/p/<code>/vote/<int:activity_id>/rank")
def rank_candidate(code: str, activity_id: int):
    """Put a candidate at the next free place of one's ranking."""
    return _tap(code, activity_id, voting.rank_candidate)


@bp.post("/p/<code>/vote/<int:activity_id>/move")
def move_rank(code: str, activity_id: int):
    """Move a ranked candidate one place up or down (direction=up|down)."""
    return _tap(code, activity_id, voting.move_rank, direction=request.form.get("direction"))


@bp.post("/p/<code>/vote/<int:activity_id>/unrank")
def unrank_candidate(code: str, activity_id: int):
    """Take a candidate out of one's ranking."""
    return _tap(code, activity_id, voting.unrank_candidate)


@bp.post("/p/<code>/vote/<int:activity_id>/approve")
def approve(code: str, activity_id: int):
    """Tick a candidate."""
    return _tap(code, activity_id, voting.approve)


@bp.post("/p/<code>/vote/<int:activity_id>/unapprove")
def unapprove(code: str, activity_id: int):
    """Untick a candidate."""
    return _tap(code, activity_id, voting.unapprove)
