"""The only code that touches Socket.IO: rooms on connect, and coalesced pushes of partials."""

from flask import Flask

from workshop.live import resync, rooms, speed
from workshop.live.broadcast import Broadcaster


def init_app(app: Flask) -> None:
    """Start the broadcaster for this app and register the socket handlers."""
    rooms.register_handlers()
    app.extensions["broadcaster"] = Broadcaster(app)
    resync.init_app(app)
    speed.init_app(app)
