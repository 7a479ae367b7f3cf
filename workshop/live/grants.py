"""Revocation: a socket lives no longer than the grant it was opened with.

Every socket joins the room of its grant (the workshop's console grant, its projector
grant, or the participant's own room). Logging out, replacing a link or taking someone
off the roster closes that room's sockets at once, in every process (through the
message queue): a closed socket receives no further push, and reconnecting with the
old cookie is refused. A revocation sent while the queue was down may not reach the
other processes: each checks the grants of the sockets it holds when the queue returns.
"""

import logging
import threading
from collections import defaultdict

from flask import Flask, current_app

from workshop import events
from workshop.db import session
from workshop.extensions import socketio
from workshop.live.queue import ResumingRedisManager, close_local_sockets
from workshop.models import Workshop
from workshop.presenters.regions import grant_room, person_room
from workshop.web.access import LiveGrant, still_granted

logger = logging.getLogger(__name__)


def close_room(room: str) -> None:
    """Disconnect every socket of `room`, in this process and (with a queue) the others."""
    manager = socketio.server.manager
    if isinstance(manager, ResumingRedisManager):
        manager.disconnect_room(room)
    else:
        close_local_sockets(socketio.server, room)


def rooms_of_grant(grant: LiveGrant) -> list[str]:
    """The rooms that close when the grant a socket was opened with is revoked."""
    if grant.person_id:
        return [person_room(grant.workshop.id, grant.person_id)]
    return [grant_room(grant.workshop.id, grant.holds[0])]


class SocketGrants:
    """What each socket of this process was opened with, to check it again later."""

    def __init__(self, app: Flask):
        self.app = app
        self._lock = threading.Lock()
        self._held: dict[str, tuple[int, tuple[str, int]]] = {}
        events.grants_revoked.connect(self._on_revoked)  # weak: gone with this app
        events.people_removed.connect(self._on_removed)

    def opened(self, sid: str, grant: LiveGrant) -> None:
        with self._lock:
            self._held[sid] = (grant.workshop.id, grant.holds)

    def closed(self, sid: str) -> None:
        with self._lock:
            self._held.pop(sid, None)

    def _ours(self) -> bool:
        return current_app._get_current_object() is self.app

    def _on_revoked(self, workshop_id, audience=None, **_extra) -> None:
        if self._ours() and audience:
            close_room(grant_room(workshop_id, audience))

    def _on_removed(self, workshop_id, people=(), **_extra) -> None:
        if self._ours():
            for person_id in people:
                close_room(person_room(workshop_id, person_id))

    def recheck(self) -> int:
        """Close the sockets held here whose grant no longer stands; return how many."""
        with self._lock:
            by_workshop = defaultdict(list)
            for sid, (workshop_id, holds) in self._held.items():
                by_workshop[workshop_id].append((sid, holds))
        closed = 0
        with self.app.test_request_context():
            for workshop_id, sockets in by_workshop.items():
                workshop = session().get(Workshop, workshop_id)
                for sid, holds in sockets:
                    if workshop is None or not still_granted(workshop, holds):
                        socketio.server.disconnect(sid, namespace="/", ignore_queue=True)
                        closed += 1
        if closed:
            logger.info("closed %s sockets whose grant was revoked meanwhile", closed)
        return closed


def init_app(app: Flask) -> None:
    app.extensions["socket_grants"] = SocketGrants(app)
