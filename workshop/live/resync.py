"""Screens catch up by themselves after a message-queue outage.

With several processes, every push goes through Redis, even to this process's own
sockets. While Redis is down those pushes are lost; sockets stay connected (they talk
to this process, not to Redis), so nothing would tell them to ask again. This process
watches the queue and, when it comes back, renders the whole state of each room it
holds and sends it to its own sockets directly: no other process needs to be back yet.
"""

import logging
import threading

from flask import Flask

from workshop.db import session
from workshop.extensions import socketio
from workshop.live.broadcast import render_regions
from workshop.models import Workshop
from workshop.presenters.regions import Room, shown_regions

logger = logging.getLogger(__name__)


class QueueWatch:
    def __init__(self, app: Flask, url: str, every: float):
        self.app, self.url, self.every = app, url, every
        self._rooms: dict[str, Room] = {}
        self._lock = threading.Lock()
        self._started = False

    def remember(self, room: Room) -> None:
        """Note a room this process holds a socket of (and start watching, once)."""
        with self._lock:
            self._rooms[room.name] = room
            start, self._started = not self._started, True
        if start:
            socketio.start_background_task(self._watch)

    def _watch(self) -> None:
        import redis  # the `redis` extra, installed with REDIS_URL

        client = redis.Redis.from_url(self.url, socket_timeout=1, socket_connect_timeout=1)
        up = True
        while True:
            socketio.sleep(self.every)
            try:
                client.ping()
            except Exception:  # noqa: BLE001  (any failure: the queue is out of reach)
                if up:
                    logger.warning("message queue unreachable: pushes are lost until it returns")
                up = False
                continue
            if not up:
                logger.info("message queue back: sending every room its whole state")
                self.resync()
            up = True

    def resync(self) -> None:
        """Send each room held here its whole current state, straight to its sockets."""
        with self.app.test_request_context():
            for name, room in list(self._rooms.items()):
                members = socketio.server.manager.get_participants("/", name)
                if next(iter(members), None) is None:
                    self._rooms.pop(name, None)
                    continue
                try:
                    workshop = session().get(Workshop, room.workshop_id)
                    if workshop is None:
                        continue
                    html = render_regions(workshop, shown_regions(workshop, room), room)
                    socketio.emit("regions", {"html": html}, to=name, ignore_queue=True)
                except Exception:  # one room's failure must not keep the others stale
                    logger.exception("resync of %s failed", name)


def init_app(app: Flask) -> None:
    url = app.config.get("REDIS_URL")
    if url:
        every = float(app.config.get("QUEUE_CHECK_SECONDS", 1.0))
        app.extensions["queue_watch"] = QueueWatch(app, url, every)
