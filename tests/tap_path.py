"""Which files of `workshop/` one phone tap runs, from its arrival to the projector's push.

A live workshop shows an open dot vote with live results on the projector; a phone and
the projector hold their sockets (the test client of Flask-SocketIO). The phone taps once
(caches warmed: the path of a burst, not of the app's start, its imports or the join),
then taps again while a profiler records every Python function entered, until the
ranking is pushed to the projector's room. `measure(app, "socket")` does it for the
socket's `tap` event, `measure(app, "http")` for the HTTP route the phone falls back to.

Each call from one module of the app into another is a crossing, attributed to the
nearest caller in `workshop/` (code of Flask, Jinja or SQLAlchemy in between is skipped);
a call delivered by a signal (blinker) is a fact reaching its subscriber. A crossing is
in the intended direction when it goes down the layers of pyproject.toml's contract
(views | live, web, presenters, services, kinds | models, domain), never into `web`
from below views and live, and never up but by a fact.

Used by tests/test_tap_path.py and by `python scripts/tap_path.py` (which prints it).
"""

import sys
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import workshop
from workshop.extensions import socketio
from workshop.services import agenda, voting, workshops

PACKAGE = Path(workshop.__file__).resolve().parent
# Kept long for the measure: the tap then takes the path of a burst (snapshots and
# voters already read), whatever the machine's load between the two taps.
STEADY = {"VOTE_SNAPSHOT_SECONDS": 600.0, "VOTER_SECONDS": 600.0, "LIVE_COALESCE_SECONDS": 0}

# The layers, from the top (pyproject.toml's first contract). The database helpers
# (workshop/db.py) sit with the models they serve.
LAYERS = (
    ("views", "live", "__init__"),
    ("web",),
    ("presenters",),
    ("services",),
    ("kinds", "models", "exporters", "db", "events"),
    ("domain",),
)
TOP = set(LAYERS[0])  # the app factory (workshop/__init__.py) wires every layer


def package_of(module: str) -> str:
    """Name the layer package of a module path ('services/voting/_tap.py' -> 'services')."""
    return module.split("/", 1)[0].removesuffix(".py")


def rank_of(module: str) -> int:
    """Return the layer of a module, 0 at the top (a module of no layer: KeyError)."""
    package = package_of(module)
    for rank, names in enumerate(LAYERS):
        if package in names:
            return rank
    raise KeyError(f"{module} is in no layer of tests/tap_path.py: name its layer there")


@dataclass(frozen=True)
class Crossing:
    caller: str
    callee: str
    by_fact: bool  # delivered by a signal (a service's fact reaching a live subscriber)

    @property
    def verdict(self) -> str:
        """'down' (intended), 'fact' (a signal to its subscriber), or what it breaks."""
        if package_of(self.callee) == "web" and package_of(self.caller) not in TOP:
            return "web from below views/live"
        if rank_of(self.caller) < rank_of(self.callee):
            return "down"
        if self.by_fact:
            return "fact"
        if rank_of(self.caller) == rank_of(self.callee):
            return "sideways"  # between independent packages of one layer
        return "up"

    @property
    def intended(self) -> bool:
        return self.verdict in ("down", "fact")

    def __str__(self) -> str:
        return f"{self.caller} -> {self.callee} ({self.verdict})"


@dataclass
class TapPath:
    """What one tap ran: the files (relative to workshop/) in first-run order, the
    crossings between layers, and whether the projector's push was seen."""

    files: list[str] = field(default_factory=list)
    crossings: list[Crossing] = field(default_factory=list)
    pushed: bool = False

    @property
    def wrong_way(self) -> list[Crossing]:
        return [c for c in self.crossings if not c.intended]


def _own(filename: str) -> str | None:
    path = Path(filename)
    if not path.is_absolute():
        return None
    try:
        return path.resolve().relative_to(PACKAGE).as_posix()
    except ValueError:
        return None


class Recorder:
    """A profile function noting the app's files entered and the calls between them."""

    def __init__(self):
        self.path = TapPath()
        self._files: dict[str, str | None] = {}
        self._edges: set[Crossing] = set()

    def own(self, code) -> str | None:
        name = code.co_filename
        if name not in self._files:
            self._files[name] = _own(name)
        return self._files[name]

    def __call__(self, frame, event, _arg):
        if event != "call" or self.path.pushed:
            return
        callee = self.own(frame.f_code)
        if callee is None or frame.f_code.co_name == "<module>":
            return
        if callee not in self.path.files:
            self.path.files.append(callee)
        caller, by_fact = self._caller(frame.f_back)
        if caller is None or package_of(caller) == package_of(callee):
            return
        crossing = Crossing(caller, callee, by_fact)
        if crossing not in self._edges:
            self._edges.add(crossing)
            self.path.crossings.append(crossing)

    def _caller(self, frame) -> tuple[str | None, bool]:
        by_fact = False
        while frame is not None:
            module = self.own(frame.f_code)
            if module is not None:
                return module, by_fact
            by_fact = by_fact or "blinker" in frame.f_code.co_filename
            frame = frame.f_back
        return None, by_fact


@dataclass
class Room:
    workshop_id: int
    join_code: str
    activity_id: int
    candidates: list[int]
    phone: object  # the phone's Flask test client (its cookie)
    sockets: dict


def open_room(app) -> Room:
    """A live workshop on an open dot vote (3 dots, live results) on the projector, with a
    phone that joined and the projector, both connected."""
    with app.test_request_context():
        workshop, _secret = workshops.create_workshop(
            {"title": "Atelier", "theme": "Vivre ensemble", "language": "en"}
        )
        activity = agenda.add_activity(
            workshop,
            {"kind": "vote", "title": "Priorities", "method": "dots", "budget": "3"}
            | {"results": "live"},
        )
        voting.add_typed_candidates(workshop, activity, "Piste A\nPiste B\nPiste C")
        code, screen_key = workshop.join_code, workshop.screen_key
    phone, screen = app.test_client(), app.test_client()
    joined = phone.post(f"/j/{code}", data={"first_name": "Marie", "surname": "Durand"})
    assert joined.status_code == 302, joined.data
    with app.test_request_context():
        workshop = workshops.find_by_code(code)
        activity = voting.vote_activity(workshop, activity.id)
        agenda.start_workshop(workshop)
        agenda.go_to_activity(workshop, activity.id)
        voting.open_vote(workshop, activity)
        ids = [c.id for c in voting.candidates_of(activity)]
        room = Room(workshop.id, code, activity.id, ids, phone, {})
    screen.get(f"/s/{screen_key}")
    for audience, client in (("phone", phone), ("screen", screen)):
        auth = {"workshop": code, "audience": audience}
        socket = socketio.test_client(app, flask_test_client=client, auth=auth)
        assert socket.is_connected(), audience
        socket.get_received()
        room.sockets[audience] = socket
    return room


def _socket_tap(room: Room, candidate_id: int) -> None:
    payload = {
        "activity": room.activity_id,
        "action": "dot",
        "candidate_id": candidate_id,
        "key": uuid.uuid4().hex,
    }
    answer = room.sockets["phone"].emit("tap", payload, callback=True)
    assert answer["ok"], answer


def _http_tap(room: Room, candidate_id: int) -> None:
    answer = room.phone.post(
        f"/p/{room.join_code}/vote/{room.activity_id}/dot",
        data={"candidate_id": str(candidate_id)},
        headers={"Idempotency-Key": uuid.uuid4().hex},
    )
    assert answer.status_code == 200, answer.data


TAPS = {"socket": _socket_tap, "http": _http_tap}


def measure(app, way: str = "socket") -> TapPath:
    """Tap twice the way `way` ("socket" or "http"); return what the second tap ran
    from its arrival to the projector's push."""
    room = open_room(app)
    tap = TAPS[way]
    tap(room, room.candidates[0])  # warms the caches, the templates and late imports
    screen_room = f"ws-{room.workshop_id}-screen"
    recorder = Recorder()
    emit = socketio.emit

    def watched_emit(event, *args, **kwargs):
        if event == "regions" and kwargs.get("to") == screen_room:
            sys.setprofile(None)
            recorder.path.pushed = True
        return emit(event, *args, **kwargs)

    socketio.emit = watched_emit  # the instance's attribute: every `socketio.emit` sees it
    try:
        sys.setprofile(recorder)
        try:
            tap(room, room.candidates[1])
        finally:
            sys.setprofile(None)
    finally:
        del socketio.emit
    for socket in room.sockets.values():
        socket.disconnect()
    return recorder.path


def report(path: TapPath, way: str) -> str:
    """The path as text: the files, their count, and every crossing with its direction."""
    lines = [f"{way} tap: {len(path.files)} Python files of workshop/ from arrival to push"]
    lines += [f"  {name}" for name in path.files]
    lines.append(f"crossings between layers ({len(path.crossings)}):")
    lines += [f"  {crossing}" for crossing in path.crossings]
    if not path.pushed:
        lines.append("  (the projector was not pushed!)")
    return "\n".join(lines)
