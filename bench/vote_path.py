"""`python -m bench vote-path`: the CPU one dot costs the app, in process, without a network.

The burst (bench/burst.py) says how the whole stack holds a room; this says where one
vote's time goes, steadily enough to compare two commits: a Flask test client per phone
taps dots through the real routes (CSRF, cookie, idempotency key) on a real SQLite file,
and the process CPU time per tap is reported (optionally with a cProfile summary).
"""

import argparse
import cProfile
import io
import logging
import pstats
import re
import tempfile
import time
import uuid
from pathlib import Path


def parse_args(argv=None):
    parser = argparse.ArgumentParser(prog="python -m bench vote-path")
    parser.add_argument("--phones", type=int, default=200)
    parser.add_argument("--dots", type=int, default=3)
    parser.add_argument("--candidates", type=int, default=8)
    parser.add_argument("--database-url", help="default: SQLite in a temporary folder")
    parser.add_argument("--profile", type=int, default=0, help="print the top N functions")
    parser.add_argument(
        "--via",
        choices=("http", "socket"),
        default="http",
        help="tap over HTTP (the route, whole ballot answered) or over each phone's socket "
        "(the `tap` event through Flask-SocketIO's test client, the changed rows answered)",
    )
    parser.add_argument(
        "--watchers",
        action="store_true",
        help="a projector and a console in each language watch the vote (their sockets "
        "connected), and every tap is pushed to them at once (no coalescing): the cost of a "
        "tap with its push, the worst case of a room",
    )
    return parser.parse_args(argv)


def build_room(app, phones: int, candidates: int):
    """A live workshop on an open dot vote, `phones` participants joined over HTTP."""
    from workshop.services import agenda, voting, workshops

    with app.app_context():
        workshop, secret = workshops.create_workshop({"title": "Vote path", "language": "fr"})
        activity = agenda.add_activity(
            workshop,
            {"kind": "vote", "title": "Vote", "method": "dots", "budget": "3", "results": "live"},
        )
        labels = "\n".join(f"Orientation {n}" for n in range(1, candidates + 1))
        voting.add_typed_candidates(workshop, activity, labels)
        agenda.start_workshop(workshop)
        agenda.go_to_activity(workshop, activity.id)
        voting.open_vote(workshop, activity)
        ids = [c.id for c in voting.candidates_of(activity)]
        code, activity_id = workshop.join_code, activity.id
        keys = {"secret": secret, "screen_key": workshop.screen_key}
    clients = []
    for n in range(phones):
        client = app.test_client()
        page = client.get(f"/j/{code}").get_data(as_text=True)
        token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
        data = {"csrf_token": token, "first_name": f"P{n}", "surname": "Bench"}
        assert client.post(f"/j/{code}", data=data).status_code == 302
        clients.append((client, token))
    return code, activity_id, ids, clients, keys


def connect_watchers(app, code: str, secret: str, screen_key: str) -> list:
    """The projector and a console per language, connected as their pages connect."""
    from workshop.extensions import socketio

    screen = app.test_client()
    screen.get(f"/s/{screen_key}")
    watchers = [(screen, "screen")]
    for language in app.config["LANGUAGES"]:
        console = app.test_client()
        console.environ_base["HTTP_ACCEPT_LANGUAGE"] = language
        assert console.get(f"/f/{secret}").status_code == 302
        watchers.append((console, "console"))
    sockets = [
        socketio.test_client(
            app, flask_test_client=client, auth={"workshop": code, "audience": audience}
        )
        for client, audience in watchers
    ]
    for socket in sockets:
        socket.get_received()
    return sockets


def tap_all(code, activity_id, ids, clients, dots: int) -> int:
    taps = 0
    for round_ in range(dots):
        for n, (client, token) in enumerate(clients):
            response = client.post(
                f"/p/{code}/vote/{activity_id}/dot",
                data={"candidate_id": ids[(n + round_) % len(ids)]},
                headers={
                    "X-CSRFToken": token,
                    "HX-Request": "true",
                    "Idempotency-Key": uuid.uuid4().hex,
                },
            )
            assert response.status_code == 200, response.status_code
            taps += 1
    return taps


def connect_sockets(app, code, clients) -> list:
    """Each phone's socket, connected as the page connects it (its cookie, its auth)."""
    from workshop.extensions import socketio

    auth = {"workshop": code, "audience": "phone"}
    sockets = [
        socketio.test_client(app, flask_test_client=client, auth=auth) for client, _t in clients
    ]
    for socket in sockets:
        socket.get_received()
    return sockets


def tap_all_over_sockets(activity_id, ids, sockets, dots: int) -> int:
    """The same taps as `tap_all`, each the `tap` event of the phone's own socket."""
    taps = 0
    for round_ in range(dots):
        for n, socket in enumerate(sockets):
            payload = {
                "activity": activity_id,
                "action": "dot",
                "candidate_id": ids[(n + round_) % len(ids)],
                "key": uuid.uuid4().hex,
            }
            answer = socket.emit("tap", payload, callback=True)
            assert answer["ok"], answer
            taps += 1
    return taps


def main(argv=None) -> None:
    from workshop import create_app, db

    args = parse_args(argv)
    logging.disable(logging.INFO)
    folder = Path(tempfile.mkdtemp(prefix="vote-path-"))
    url = args.database_url or f"sqlite:///{folder / 'bench.sqlite'}"
    app = create_app(
        {
            "SECRET_KEY": "bench",
            "DATABASE_URL": url,
            "INSTANCE_PATH": str(folder),
            "PUBLIC_BASE_URL": "http://127.0.0.1:5000",
            "JOIN_RATE_LIMIT": "100000 per minute",
            "PARTICIPANT_RATE_LIMIT": "100000 per minute",
            "JOINS_PER_ADDRESS_LIMIT": "100000 per minute",
            "JOINS_PER_WORKSHOP_LIMIT": "100000 per minute",
            "ASYNC_MODE": "threading",
            # Watched: every tap pushed at once, so each tap pays exactly one push.
            **({"LIVE_COALESCE_SECONDS": 0} if args.watchers else {}),
        }
    )
    db.upgrade(app)
    code, activity_id, ids, clients, keys = build_room(app, args.phones, args.candidates)
    sockets = connect_sockets(app, code, clients) if args.via == "socket" else None
    watchers = connect_watchers(app, code, **keys) if args.watchers else []
    profiler = cProfile.Profile() if args.profile else None
    cpu, wall = time.process_time(), time.perf_counter()
    if profiler:
        profiler.enable()
    if args.via == "socket":
        taps = tap_all_over_sockets(activity_id, ids, sockets, args.dots)
    else:
        taps = tap_all(code, activity_id, ids, clients, args.dots)
    if profiler:
        profiler.disable()
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    pushed = sum(1 for socket in watchers for m in socket.get_received() if m["name"] == "regions")
    watched = f", {pushed} pushes to {len(watchers)} watchers" if watchers else ""
    print(
        f"{taps} taps by {args.phones} phones: {1000 * cpu / taps:.2f} ms CPU per tap "
        f"({1000 * wall / taps:.2f} ms wall{watched})"
    )
    if profiler:
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(args.profile)
        print(out.getvalue())
