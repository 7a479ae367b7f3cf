"""Phones voting: one tap, one HTTP request with an idempotency key, the ballot as answer.

These routes belong to the `participate` blueprint (every participant action is
`participate.*`); this module is imported by create_app before that blueprint is
registered. Each answer is the phone's own ballot as the server holds it: per-person
state never travels in a room push.
"""

import time
from functools import wraps

from flask import g, request

from workshop.extensions import limiter
from workshop.presenters.votes import ballot_view, render_ballot
from workshop.services import voting, workshops
from workshop.services.refusals import Forbidden, NotFound, Refused
from workshop.views.participate import bp
from workshop.web import access, floods
from workshop.web.errors import status_of
from workshop.web.messages import message

KEY_HEADER = "Idempotency-Key"
# The routes below are exempt from Flask-Limiter, which has no limit for them but costs
# every tap its bookkeeping; a flooding phone is still slowed (participate.py: floods).


def _voter(code: str, activity_id: int):
    """Return the vote and this phone's participant in its workshop, or refuse."""
    if not access.participations():  # no cookie of any workshop: refused before any read
        raise Forbidden()
    try:
        snap = voting.snapshot(code, activity_id)
    except NotFound:
        # An outsider is refused alike whether the code, or the vote, exists or not.
        access.participant_workshop(code)
        raise
    voter = voting.voter_in(snap, access.participant_id(snap.workshop.id))
    if voter is None:  # removed, or a line merged into another: the cookie follows it
        person = access.participant_in(workshops.find_by_code(code))
        voter = voting.voter_in(snap, person.id) if person else None
    if voter is None:
        raise Forbidden()
    g.locale = voter.locale
    return snap, voter


def _ballot(code, activity_id, voter, choices, stamp: int, status: int = 200, **extra):
    snap = voting.snapshot(code, activity_id)  # fresh if the tap found it stale
    view = ballot_view(snap, voter, choices, stamp)
    return render_ballot(view, voter.locale, **extra), status


def _gated(answer):
    """Answer inside the vote gate, once the phone is known and its request has arrived.

    The cookie is checked (`_voter`) and the body read before a place is taken: a slow,
    idle or unknown client holds nothing scarce (web/floods.py)."""

    @wraps(answer)
    def gated(code: str, activity_id: int, *args):
        snap, voter = _voter(code, activity_id)
        request.form  # noqa: B018  (read the whole body now, outside the gate)
        try:
            with floods.admitted(floods.phone_key(snap.workshop.id, voter.id)):
                return answer(snap, voter, code, activity_id, *args)
        except floods.Busy:
            return floods.busy()

    return gated


@_gated
def _tap(snap, voter, code: str, activity_id: int, action: str):
    """Apply one tap and answer with the ballot: saved, or refused with the reason."""
    key = voting.check_key(request.headers.get(KEY_HEADER))
    stamp = time.time_ns()  # taken before reading: what is read is at least this fresh
    try:
        tapped = voting.tap(snap, voter, action, request.form.get("candidate_id"), key)
    except Refused as error:
        text = message(error.code, **error.params)
        choices = voting.stored_choices(snap, voter)
        return _ballot(code, activity_id, voter, choices, stamp, status_of(error), error=text)
    return _ballot(code, activity_id, voter, tapped.choices, tapped.stamp, saved=True)


@bp.get("/p/<code>/vote/<int:activity_id>")
@limiter.exempt
@_gated
def my_ballot(snap, voter, code: str, activity_id: int):
    """One's own ballot as the server holds it (loaded by the vote's phone page)."""
    stamp = time.time_ns()
    return _ballot(code, activity_id, voter, voting.stored_choices(snap, voter), stamp)


@bp.post("/p/<code>/vote/<int:activity_id>/dot")
@limiter.exempt
def cast_dot(code: str, activity_id: int):
    """Place one dot on a candidate."""
    return _tap(code, activity_id, "dot")


@bp.post("/p/<code>/vote/<int:activity_id>/undot")
@limiter.exempt
def remove_dot(code: str, activity_id: int):
    """Take one dot back from a candidate."""
    return _tap(code, activity_id, "undot")


@bp.post("/p/<code>/vote/<int:activity_id>/rank")
@limiter.exempt
def rank_candidate(code: str, activity_id: int):
    """Put a candidate at the next free place of one's ranking."""
    return _tap(code, activity_id, "rank")


@bp.post("/p/<code>/vote/<int:activity_id>/move")
@limiter.exempt
def move_rank(code: str, activity_id: int):
    """Move a ranked candidate one place up or down (direction=up|down)."""
    direction = request.form.get("direction")
    return _tap(code, activity_id, f"move-{direction}" if direction in ("up", "down") else "")


@bp.post("/p/<code>/vote/<int:activity_id>/unrank")
@limiter.exempt
def unrank_candidate(code: str, activity_id: int):
    """Take a candidate out of one's ranking."""
    return _tap(code, activity_id, "unrank")


@bp.post("/p/<code>/vote/<int:activity_id>/approve")
@limiter.exempt
def approve(code: str, activity_id: int):
    """Tick a candidate."""
    return _tap(code, activity_id, "approve")


@bp.post("/p/<code>/vote/<int:activity_id>/unapprove")
@limiter.exempt
def unapprove(code: str, activity_id: int):
    """Untick a candidate."""
    return _tap(code, activity_id, "unapprove")
