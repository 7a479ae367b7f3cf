"""A phone's tap over its socket: the vote's hot path without an HTTP request per dot.

The phone's socket was granted at connect from the signed cookie (rooms.py), which
names the participant; a `tap` event carries only what the tap form posts (the vote,
the action, the orientation) and the idempotency key, and goes through the same service
function as the HTTP route (`voting.tap`), under the same rules, key and refusals. The
acknowledgement is what changed (the tapped rows, the dots left), not the whole ballot.
The HTTP routes (views/ballots.py) stay: scripts use them, and the phone falls back to
them with the same key when its socket is down or an acknowledgement is late, so a tap
sent both ways counts once.
"""

import logging
import time
from dataclasses import dataclass

from flask import request
from flask_babel import force_locale

from workshop.presenters.votes import ballot_change, ballot_view, changed_rows, render_ballot
from workshop.services import voting
from workshop.services.refusals import Forbidden, Malformed, Refused
from workshop.web import floods
from workshop.web.errors import database_unavailable, status_of
from workshop.web.messages import message

logger = logging.getLogger(__name__)
PHONE = "workshop.phone"  # the connection's environ entry: what its cookie granted at connect
FIELDS = {"activity", "action", "candidate_id", "key"}


@dataclass(frozen=True)
class PhoneGrant:
    """Who a phone's socket acts for, decided once, at connect, from the signed cookie."""

    workshop_id: int
    person_id: int
    actions_key: str  # its flood budget, shared with its HTTP requests


def grant_phone(grant: PhoneGrant) -> None:
    """Remember, for this connection's events, whom its cookie names (called at connect)."""
    request.environ[PHONE] = grant


@dataclass(frozen=True)
class Tap:
    activity: int
    action: str
    candidate_id: int
    key: str


def _whole_number(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def read_tap(payload) -> Tap:
    """Read a `tap` event's payload; refuse any other shape (nothing is guessed)."""
    if not isinstance(payload, dict) or set(payload) != FIELDS:
        raise Malformed()
    activity, action = payload["activity"], payload["action"]
    candidate, key = payload["candidate_id"], payload["key"]
    if not (_whole_number(activity) and _whole_number(candidate) and isinstance(action, str)):
        raise Malformed()
    if not isinstance(key, str) or voting.check_key(key) is None:
        raise Malformed("bad_idempotency_key")
    return Tap(activity, action, candidate, key)


def refused(error: Refused, **extra) -> dict:
    status = status_of(error)
    logger.info("socket tap refused code=%s status=%s", error.code, status)
    text = message(error.code, **error.params)
    return {"ok": False, "status": status, "code": error.code, "message": text, **extra}


def busy(status: int, code: str) -> dict:
    """Nothing was done: the phone sends the same tap again (same key) a moment later."""
    return {"ok": False, "status": status, "code": code, "message": message(code)}


def on_tap(payload):
    """EVENT tap: apply one ballot change for the socket's own participant; the return
    value is the acknowledgement (docs/protocol.md §6.3)."""
    phone = request.environ.get(PHONE)
    if not isinstance(phone, PhoneGrant):  # a projector or console socket: no ballot
        return refused(Forbidden())
    try:
        tap = read_tap(payload)
    except Refused as error:
        return refused(error)
    if not floods.allow(phone.actions_key):
        return busy(429, "rate_limited")
    try:
        # The same gate as the HTTP taps, the same one place per phone.
        with floods.admitted(floods.phone_key(phone.workshop_id, phone.person_id)):
            return _apply(phone, tap)
    except floods.Busy:
        return busy(503, "vote_busy_retry")
    except Exception as error:  # an ack must come back: the phone must not wait 10 s
        if database_unavailable(error):
            logger.warning("database unavailable for a socket tap: %s", error.__class__.__name__)
            return busy(503, "database_unavailable")
        logger.exception("socket tap failed", exc_info=error)
        return busy(500, "server_error")


def _apply(phone: PhoneGrant, tap: Tap) -> dict:
    try:
        snap = voting.snapshot_in(phone.workshop_id, tap.activity)
        voter = voting.voter_in(snap, phone.person_id)
        if voter is None:  # removed, or merged into another line: HTTP follows the cookie
            raise Forbidden()
    except Refused as error:
        return refused(error)
    with force_locale(voter.locale):
        stamp = time.time_ns()  # taken before reading: what is read is at least this fresh
        try:
            tapped = voting.tap(snap, voter, tap.action, tap.candidate_id, tap.key)
        except Refused as error:
            # As over HTTP: the ballot as stored, with the reason in the person's language.
            text = message(error.code, **error.params)
            snap = voting.snapshot_in(phone.workshop_id, tap.activity)
            view = ballot_view(snap, voter, voting.stored_choices(snap, voter), stamp)
            whole = render_ballot(view, voter.locale, error=text)
            return refused(error, activity=snap.activity.id, stamp=str(stamp), ballot=whole)
        snap = voting.snapshot_in(phone.workshop_id, tap.activity)  # fresh if stale
        view = ballot_view(snap, voter, tapped.choices, tapped.stamp)
        rows = changed_rows(view, tap.action, tap.candidate_id, tapped.replayed)
        return ballot_change(view, voter.locale, rows)
