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

from workshop.db import read_stamp
from workshop.extensions import socketio
from workshop.live import taps
from workshop.live.grants import rooms_of_grant
from workshop.presenters.regions import login_room
from workshop.services.refusals import Refused
from workshop.web import access

logger = logging.getLogger(__name__)


def on_connect(auth):
    """Sent by every live page when its socket (re)connects; the sender alone gets the state.

    Refused (the connection is closed) when the cookie does not grant the audience.
    """
    stamp = read_stamp()  # before the grant reads the workshop: the state's stamp
    try:
        grant = access.live_grant(auth)
    except Refused as error:
        logger.info("socket refused: %s", error.code)
        return False
    join_room(grant.room.name)
    for room in rooms_of_grant(grant):  # closed when the grant is revoked
        join_room(room)
    current_app.extensions["socket_grants"].opened(request.sid, grant)
    if grant.person_id:
        phone = taps.PhoneGrant(grant.workshop.id, grant.person_id, access.actions_key())
        # Its taps act for this person; each checks, in its own transaction, that they
        # are still on the roster (a removal also closes this socket).
        taps.grant_phone(phone)
    if grant.login:
        join_room(login_room(grant.workshop.id, grant.login))
    # The cookie was read: this connection's later events (its taps) must not pay for
    # verifying its signature again, nor act on a cookie changed since (a new one comes
    # with the next connection). Flask-SocketIO keeps the session read now for them.
    request.environ.pop("HTTP_COOKIE", None)
    watch = current_app.extensions.get("queue_watch")
    if watch is not None:
        watch.remember(grant.room)
    state = current_app.extensions["broadcaster"].state_for(grant.workshop, grant.room, stamp)
    # For this socket alone, held by this very process: no trip through the message queue.
    socketio.emit("regions", state, to=request.sid, ignore_queue=True)
    return True


def on_disconnect(*_reason):
    """Any socket gone (closed by its page, dropped, or revoked): forget its grant."""
    current_app.extensions["socket_grants"].closed(request.sid)


def register_handlers() -> None:
    """Attach the handlers to the server `socketio.init_app` just made.

    Decorators would attach them only to the server existing at import time, so a
    second app in the same process (tests, several workers) would lack them.
    """
    socketio.on_event("connect", on_connect)
    socketio.on_event("disconnect", on_disconnect)
    socketio.on_event("tap", taps.on_tap)
