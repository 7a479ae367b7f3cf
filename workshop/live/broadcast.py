"""Coalesced pushes: events mark regions stale; a flush renders each once per room.

A burst of events within LIVE_COALESCE_SECONDS yields one render per region and
room. Pushed HTML carries hx-swap-oob, so static/js/live.js swaps it by id.
"""

import logging
import threading
from collections import defaultdict

from flask import Flask, current_app, has_app_context, render_template
from flask_babel import force_locale

from workshop.db import session
from workshop.extensions import socketio
from workshop.live.regions import REGIONS, STALE_AFTER, Region
from workshop.models import Workshop

logger = logging.getLogger(__name__)


def room_name(workshop_id: int, audience: str, locale: str) -> str:
    """Name the room of one audience of a workshop in one language."""
    return f"ws-{workshop_id}-{audience}-{locale}"


def render_regions(workshop: Workshop, regions: list[Region], locale: str) -> str:
    """Render regions as out-of-band fragments for htmx to swap by id."""
    with force_locale(locale):
        return "".join(
            render_template(r.template, oob=True, **r.context(workshop)) for r in regions
        )


class _Listener:
    """Marks a fixed set of regions stale when its event fires for this app."""

    def __init__(self, broadcaster: "Broadcaster", names: tuple[str, ...]):
        self.broadcaster, self.names = broadcaster, names

    def __call__(self, workshop_id, **_extra):
        if has_app_context() and current_app._get_current_object() is self.broadcaster.app:
            self.broadcaster.mark(workshop_id, self.names)


class Broadcaster:
    def __init__(self, app: Flask):
        self.app = app
        self.interval = float(app.config["LIVE_COALESCE_SECONDS"])
        self._lock = threading.Lock()
        self._stale: dict[int, set[str]] = defaultdict(set)
        self._scheduled = False
        self._listeners = [_Listener(self, names) for names in STALE_AFTER.values()]
        for signal, listener in zip(STALE_AFTER, self._listeners, strict=True):
            signal.connect(listener)  # weak: gone with this app

    def mark(self, workshop_id: int, names) -> None:
        """Note regions as stale; they are pushed at the next flush."""
        with self._lock:
            self._stale[workshop_id].update(names)
            schedule = not self._scheduled and self.interval > 0
            self._scheduled = self._scheduled or schedule
        if self.interval <= 0:
            self.flush()
        elif schedule:
            socketio.start_background_task(self._flush_later)

    def _flush_later(self) -> None:
        socketio.sleep(self.interval)
        with self._lock:
            self._scheduled = False
        self.flush()

    def flush(self) -> None:
        """Render every stale region once per room and push it."""
        with self._lock:
            stale, self._stale = self._stale, defaultdict(set)
        for workshop_id, names in stale.items():
            try:
                self._push(workshop_id, names)
            except Exception:  # a failed push must not stop the next ones
                logger.exception("push to workshop %s failed", workshop_id)

    def _push(self, workshop_id: int, names: set[str]) -> None:
        with self.app.test_request_context():
            workshop = session().get(Workshop, workshop_id)
            if workshop is None:
                return
            for audience, locale in audience_locales(workshop):
                regions = [REGIONS[n] for n in sorted(names) if audience in REGIONS[n].audiences]
                if regions:
                    html = render_regions(workshop, regions, locale)
                    room = room_name(workshop.id, audience, locale)
                    socketio.emit("regions", {"html": html}, to=room)


def audience_locales(workshop: Workshop) -> list[tuple[str, str]]:
    """Return the rooms a workshop may have: the screen in its language, others in each."""
    languages = current_app.config["LANGUAGES"]
    rooms = [("screen", workshop.language)]
    return rooms + [(a, lang) for a in ("console", "phone") for lang in languages]
