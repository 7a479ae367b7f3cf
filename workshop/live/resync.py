"""Screens catch up by themselves after a message-queue outage.

With several processes, every push goes through Redis, even to this process's own
sockets. While Redis is down those pushes are lost; sockets stay connected (they talk
to this process, not to Redis), so nothing would tell them to ask again. When the
queue's listener has subscribed again (live/queue.py: from then on no push is lost),
this process closes the sockets whose grant was revoked meanwhile (that news may have
been lost too), then renders the whole state of each room it holds and sends it to its
own sockets directly: no other process needs to be back yet.
"""

import logging
import threading

from flask import Flask

from workshop.db import read_stamp, session
from workshop.extensions import socketio
from workshop.live.broadcast import regions_message
from workshop.live.queue import ResumingRedisManager
from workshop.models import Workshop
from workshop.presenters.regions import Room, shown_regions

logger = logging.getLogger(__name__)


class QueueWatch:
    def __init__(self, app: Flask):
        self.app = app
        self._rooms: dict[str, Room] = {}
        self._lock = threading.Lock()

    def remember(self, room: Room) -> None:
        """Note a room this process holds a socket of."""
        with self._lock:
            self._rooms[room.name] = room

    def resume(self) -> None:
        """The queue is back and subscribed: drop revoked sockets, then catch every room up."""
        try:
            self.app.extensions["socket_grants"].recheck()
        except Exception:  # the catch-up below must still happen
            logger.exception("checking the sockets' grants failed")
        self.resync()

    def resync(self) -> None:
        """Send each room held here its whole current state, straight to its sockets."""
        with self.app.test_request_context():
            # One session for every room: what one room's render read, the next reuses.
            stamp = read_stamp()  # before anything is read
            for name, room in list(self._rooms.items()):
                members = socketio.server.manager.get_participants("/", name)
                if next(iter(members), None) is None:
                    self._rooms.pop(name, None)
                    continue
                try:
                    workshop = session().get(Workshop, room.workshop_id)
                    if workshop is None:
                        continue
                    regions = shown_regions(workshop, room)
                    message = regions_message(workshop, regions, room, stamp)
                    socketio.emit("regions", message, to=name, ignore_queue=True)
                except Exception:  # one room's failure must not keep the others stale
                    logger.exception("resync of %s failed", name)


def init_app(app: Flask) -> None:
    manager = socketio.server.manager
    if isinstance(manager, ResumingRedisManager):
        watch = QueueWatch(app)
        manager.on_resume = watch.resume
        app.extensions["queue_watch"] = watch
