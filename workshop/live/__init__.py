"""The only code that touches Socket.IO: rooms on connect, and coalesced pushes of partials."""

from flask import Flask

from workshop.live.broadcast import Broadcaster


def init_app(app: Flask) -> None:
    """Start the broadcaster for this app and register the socket handlers."""
    # Importing a region module registers its regions.
    from workshop.live import minutes_regions, resync, rooms, vote_regions  # noqa: F401

    rooms.register_handlers()
    app.extensions["broadcaster"] = Broadcaster(app)
    resync.init_app(app)
