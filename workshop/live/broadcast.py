"""Coalesced pushes: events mark regions stale; a flush renders each once per room.

A burst of events within LIVE_COALESCE_SECONDS yields one render per region and
room. Pushed HTML carries hx-swap-oob, so static/js/live.js swaps it by id.
"""

import logging
import threading
import time
from collections import defaultdict

from flask import Flask, current_app, g, has_app_context, render_template
from flask_babel import force_locale

from workshop import events
from workshop.db import read_stamp, session
from workshop.domain.visibility import Audience
from workshop.extensions import socketio
from workshop.live.turns import turns_for
from workshop.models import Workshop
from workshop.presenters.regions import (
    REGIONS,
    STALE_AFTER,
    Region,
    Room,
    login_room,
    person_room,
    shown_regions,
    stale_after,
)

logger = logging.getLogger(__name__)


def render_regions(workshop: Workshop, regions: list[Region], room: Room) -> str:
    """Render regions for one room as out-of-band fragments for htmx to swap by id.

    What the regions share is computed once per call, or once per push when the push
    keeps it for all its rooms (`g.push_reads`: the vote's views, its ranking, its turnout)."""
    own = "push_reads" not in g
    if own:
        g.push_reads = {}
    try:
        with force_locale(room.locale):
            return "".join(
                render_template(r.template, oob=True, **r.context(workshop, room)) for r in regions
            )
    finally:
        if own:
            g.pop("push_reads", None)


def regions_message(workshop: Workshop, regions: list[Region], room: Room, stamp: int) -> dict:
    """Return the "regions" message a socket gets: the regions for its room, and the
    stamp taken before `workshop` was read (web/freshness.py)."""
    return {"html": render_regions(workshop, regions, room), "stamp": stamp}


def rooms_of(workshop: Workshop) -> list[Room]:
    """Return every room a workshop may have: the screen in its language, others in each."""
    languages = current_app.config["LANGUAGES"]
    groups = [None, *(group.id for group in getattr(workshop, "groups", []))]
    rooms = [Room(workshop.id, Audience.SCREEN, workshop.language)]
    rooms += [Room(workshop.id, Audience.CONSOLE, lang) for lang in languages]
    rooms += [Room(workshop.id, Audience.PHONE, lang, g) for lang in languages for g in groups]
    return rooms


class _Listener:
    """Marks the regions a fact makes stale (the region table says which) for this app."""

    def __init__(self, broadcaster: "Broadcaster", signal):
        self.broadcaster, self.signal = broadcaster, signal

    def __call__(self, workshop_id, **details):
        if has_app_context() and current_app._get_current_object() is self.broadcaster.app:
            names = stale_after(self.signal, details)
            if names:
                self.broadcaster.mark(workshop_id, names)


class Broadcaster:
    def __init__(self, app: Flask):
        self.app = app
        self.interval = float(app.config["LIVE_COALESCE_SECONDS"])
        self._lock = threading.Lock()
        self._stale: dict[int, set[str]] = defaultdict(set)
        self._scheduled = False
        # The whole state of a room, as a (re)connecting socket gets it: rendered once and
        # shared by a storm of connections; dropped by any change to the workshop.
        self._states: dict[str, tuple[float, int, dict]] = {}
        self._pushed: dict[tuple[int, str], float] = {}  # when throttled regions last went
        self._wake_at: float | None = None  # when the pending flush of throttled regions runs
        self.state_seconds = float(app.config.get("LIVE_STATE_SECONDS", 0.5))
        self._turns = turns_for(app, self.interval)  # None: one process
        self._listeners = [_Listener(self, signal) for signal in STALE_AFTER]
        for listener in self._listeners:
            listener.signal.connect(listener)  # weak: gone with this app
        events.groups_changed.connect(self._on_groups_changed)
        events.people_merged.connect(self._on_people_merged)
        events.vote_cast.connect(self._on_ballot_changed)
        events.facilitator_logged_out.connect(self._on_logout)

    def _on_logout(self, workshop_id, login=None, **_extra) -> None:
        """Tell the consoles of the browser that logged out so (they stop following).

        Logging out revokes every console grant: live/grants.py closes the sockets."""
        if current_app._get_current_object() is not self.app or not login:
            return
        socketio.emit("logged_out", {}, to=login_room(workshop_id, login))

    def _on_ballot_changed(
        self, workshop_id, activity_id=None, person_id=None, stamp=0, key=None, **_extra
    ) -> None:
        """Tell a participant's other tabs (or devices) that their ballot changed.

        Only when this process holds two sockets or more of that person: a burst of taps
        from phones with one tab each costs nothing here. (Two devices of one person on
        two processes learn it at their next tap or push.)"""
        if current_app._get_current_object() is not self.app or not person_id:
            return
        room = person_room(workshop_id, person_id)
        members = socketio.server.manager.get_participants("/", room)
        if sum(1 for _ in members) < 2:
            return
        # The stamp as a string: nanoseconds exceed JavaScript's integers. The key is the
        # person's own (their room only): the tab that sent it knows the change is its own.
        change = {"activity": activity_id, "stamp": str(stamp), "key": key}
        socketio.emit("ballot_changed", change, to=room)

    def _on_groups_changed(self, workshop_id, moved=(), **_extra) -> None:
        """Ask the phones of people who changed group to reconnect into their new room."""
        if current_app._get_current_object() is not self.app:
            return
        for person_id in moved:
            socketio.emit("reconnect_rooms", {}, to=person_room(workshop_id, person_id))

    def _on_people_merged(self, workshop_id, merged=None, **_extra) -> None:
        """Ask the phones of a line merged into another to reconnect as that person."""
        if current_app._get_current_object() is self.app and merged is not None:
            socketio.emit("reconnect_rooms", {}, to=person_room(workshop_id, merged))

    def state_for(self, workshop: Workshop, room: Room, stamp: int) -> dict:
        """Return the whole current state of a room's regions, for a connecting socket: the
        "regions" message (its HTML, and the stamp of when it was read: web/freshness.py).

        One process with no message queue sees every change (mark drops the copy); a
        timer ticks on the page from what was rendered, so a copy is also kept no more
        than LIVE_STATE_SECONDS. With a message queue another process may have changed
        the workshop unseen: the state is rendered afresh for each socket then.
        """
        shared = not self.app.config.get("REDIS_URL") and self.state_seconds > 0
        now = time.monotonic()
        kept = self._states.get(room.name) if shared else None
        if kept is not None and now - kept[0] < self.state_seconds:
            return kept[2]
        message = regions_message(workshop, shown_regions(workshop, room), room, stamp)
        if shared:
            with self._lock:
                self._states[room.name] = (now, workshop.id, message)
        return message

    def _forget_states(self, workshop_id: int) -> None:
        for name, (_at, owner, _message) in list(self._states.items()):
            if owner == workshop_id:
                self._states.pop(name, None)

    def mark(self, workshop_id: int, names) -> None:
        """Note regions as stale; they are pushed at the next flush."""
        with self._lock:
            self._forget_states(workshop_id)
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
        """Render every stale region once per room and push it (a throttled one waits)."""
        with self._lock:
            stale, self._stale = self._stale, defaultdict(set)
        for workshop_id, names in stale.items():
            names = self._due(workshop_id, names)
            try:
                if names:
                    self._push(workshop_id, names)
            except Exception:  # a failed push must not stop the next ones
                logger.exception("push to workshop %s failed", workshop_id)

    def _due(self, workshop_id: int, names: set[str]) -> set[str]:
        """Return the regions to push now; put back those pushed less than `every` ago,
        and, with several processes, those whose turn another process holds (turns.py)."""
        now, due, wait = time.monotonic(), set(), None
        for name in names:
            every = REGIONS[name].every if self.interval > 0 else 0.0
            last = self._pushed.get((workshop_id, name))
            if every and last is not None and now - last < every:
                wait = min(wait or every, last + every - now)
                continue
            due.add(name)
        if self._turns is not None and due:
            due, turn_wait = self._turns.take(workshop_id, due)
            if turn_wait:
                wait = min(wait or turn_wait, turn_wait)
        for name in due:
            if REGIONS[name].every and self.interval > 0:
                self._pushed[(workshop_id, name)] = now
        later = names - due
        if later:
            self._later(workshop_id, later, now, wait)
        return due

    def _later(self, workshop_id: int, names: set[str], now: float, wait: float) -> None:
        """Put regions back as stale and flush again `wait` seconds after `now`."""
        wake = now + wait  # the same for every flush of a burst: one waiter, not one each
        with self._lock:
            self._stale[workshop_id].update(names)
            # One waiting flush at a time (an earlier one replaces it): a burst throttles
            # a region at every flush, and a waiter each multiplied the flushes.
            start = self._wake_at is None or wake < self._wake_at
            if start:
                self._wake_at = wake
        if start:
            socketio.start_background_task(self._flush_after, wait, wake)

    def _flush_after(self, seconds: float, wake: float) -> None:
        socketio.sleep(seconds)
        with self._lock:
            # This waiter, or an earlier one, is due: the next throttled region may wait again
            # (compared with its own time, not the clock, which a timer may read early).
            if self._wake_at is not None and self._wake_at <= wake:
                self._wake_at = None
        self.flush()

    def _occupied(self, room: Room) -> bool:
        """Tell whether a room may hold a socket, so empty rooms cost no render.

        With a message queue the other processes' sockets are unknown here: every
        room is rendered then.
        """
        if self.app.config.get("REDIS_URL"):
            return True
        members = socketio.server.manager.get_participants("/", room.name)
        return next(iter(members), None) is not None

    def _push(self, workshop_id: int, names: set[str]) -> None:
        with self.app.test_request_context():
            stamp = read_stamp()  # before the workshop is read
            workshop = session().get(Workshop, workshop_id)
            if workshop is None:
                return
            g.push_reads = {}  # one count of the ballots for every room of this push
            for room in rooms_of(workshop):
                regions = shown_regions(workshop, room, names) if self._occupied(room) else []
                if regions:
                    html = render_regions(workshop, regions, room)
                    socketio.emit("regions", {"html": html, "stamp": stamp}, to=room.name)
