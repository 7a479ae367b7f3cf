"""Speed meetings: a match is told to the phones concerned, in their own rooms.

Only matches are ever announced (two people who marked each other, or a matched person
who changed what they share): a one-way mark sends nothing to anyone, so no socket can
learn that one exists.
"""

from flask import Flask, current_app

from workshop import events
from workshop.extensions import socketio
from workshop.presenters.regions import person_room


class _Matches:
    """Tells both people of a new match to fetch their matches list again."""

    def __init__(self, app: Flask):
        self.app = app

    def __call__(self, workshop_id, people=(), **_details) -> None:
        if current_app._get_current_object() is not self.app:
            return
        for person_id in people:
            socketio.emit("follow_ups_changed", {}, to=person_room(workshop_id, person_id))


def init_app(app: Flask) -> None:
    listener = _Matches(app)
    app.extensions["speed_matches"] = listener  # the app holds the weakly connected listener
    events.matches_changed.connect(listener)
