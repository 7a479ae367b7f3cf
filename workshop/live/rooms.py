"""Socket.IO handlers: the server chooses every room from the signed cookie.

A phone's socket may also send its taps (`tap`, live/taps.py), for the participant its
cookie named at connect.

A live page connects with `auth = {"workshop": <join code>, "audience": "screen" |
"console" | "phone"}`. The server checks the cookie grants that audience, joins the
rooms, and answers with the whole current state of the audience's regions, so a
client that reconnects after any drop is up to date without a reload.
"""

import logging

from flask import current_app, request
from flask_socketio import join_room

from workshop.extensions import socketio
from workshop.live import taps
from workshop.presenters.regions import login_room, person_room
from workshop.services.refusals import Refused
from workshop.web import access

logger = logging.getLogger(__name__)


def on_connect(auth):
    """Sent by every live page when its socket (re)connects; the sender alone gets the state.

    Refused (the connection is closed) when the cookie does not grant the audience.
    """
    try:
        grant = access.live_grant(auth)
    except Refused as error:
        logger.info("socket refused: %s", error.code)
        return False
    join_room(grant.room.name)
    if grant.person_id:
        join_room(person_room(grant.workshop.id, grant.person_id))
        workshop = grant.workshop
        phone = taps.PhoneGrant(
            workshop.id, workshop.join_code, grant.person_id, access.actions_key()
        )
        taps.grant_phone(phone)  # its taps act for this person, checked here once
    if grant.login:
        join_room(login_room(grant.workshop.id, grant.login))
    # The cookie was read: this connection's later events (its taps) must not pay for
    # verifying its signature again, nor act on a cookie changed since (a new one comes
    # with the next connection). Flask-SocketIO keeps the session read now for them.
    request.environ.pop("HTTP_COOKIE", None)
    watch = current_app.extensions.get("queue_watch")
    if watch is not None:
        watch.remember(grant.room)
    html = current_app.extensions["broadcaster"].state_for(grant.workshop, grant.room)
    # For this socket alone, held by this very process: no trip through the message queue.
    socketio.emit("regions", {"html": html}, to=request.sid, ignore_queue=True)
    return True


def register_handlers() -> None:
    """Attach the handlers to the server `socketio.init_app` just made.

    Decorators would attach them only to the server existing at import time, so a
    second app in the same process (tests, several workers) would lack them.
    """
    socketio.on_event("connect", on_connect)
    socketio.on_event("tap", taps.on_tap)
