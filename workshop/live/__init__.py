"""The only code that touches Socket.IO: rooms on connect, and coalesced pushes of partials."""

from flask import Flask

from workshop.live import grants, resync, rooms, speed
from workshop.live.broadcast import Broadcaster
from workshop.live.queue import ResumingRedisManager


def message_queue(app: Flask) -> ResumingRedisManager | None:
    """The client manager of Socket.IO: Redis between processes when REDIS_URL is set."""
    url = app.config.get("REDIS_URL")
    if not url:
        return None
    return ResumingRedisManager(url, float(app.config.get("QUEUE_RETRY_SECONDS", 0.5)))


def init_app(app: Flask) -> None:
    """Start the broadcaster for this app and register the socket handlers."""
    rooms.register_handlers()
    app.extensions["broadcaster"] = Broadcaster(app)
    grants.init_app(app)
    resync.init_app(app)
    speed.init_app(app)
