"""The like-for-like baseline: the least app that does what a tap must do.

`python -m bench.minimal_server --port P --db FILE`. Flask-SocketIO under gevent; a phone
joins (a signed-cookie session) and taps: the session and the CSRF token are checked, one
SQLite write keyed by the idempotency key (the budget checked in the same statement)
stores the dot, the answer is the phone's small ballot, and the screen room gets one
coalesced push of the tally. The app's own costs beyond these are its design.
"""

from gevent import monkey

monkey.patch_all()

import argparse  # noqa: E402
import gc  # noqa: E402
import hmac  # noqa: E402
import os  # noqa: E402
import secrets  # noqa: E402
import sqlite3  # noqa: E402
import time  # noqa: E402
import uuid  # noqa: E402
from pathlib import Path  # noqa: E402

from flask import Flask, abort, redirect, request, session  # noqa: E402
from flask_socketio import SocketIO, join_room  # noqa: E402

app = Flask(__name__, static_folder=str(Path(__file__).resolve().parent.parent / "static"))
app.secret_key = os.environ.get("BENCH_SECRET", secrets.token_hex(16))
socketio = SocketIO(app, async_mode="gevent", ping_interval=10, ping_timeout=20)
IGNORE_KEY = os.environ.get("BENCH_MINIMAL_IGNORE_KEY") == "1"  # tests: idempotency broken
vote = {"open": False, "candidates": 0, "budget": 0, "per": 1, "dirty": False}
db: sqlite3.Connection
ASSETS = (
    '<link rel="stylesheet" href="/static/css/app.css"><script src="/static/vendor/'
    'htmx-2.0.11.min.js" defer></script><script src="/static/vendor/socket.io-4.8.4.min.js" '
    'defer></script><script src="/static/js/live.js" defer></script>'
)
FORM = '<form class="tap" hx-post="/vote/dot"><input type="hidden" name="candidate_id" value="{}">'


def token() -> str:
    return session.setdefault("csrf", secrets.token_hex(16))


def page(body: str) -> str:
    head = f"<!doctype html><html><head>{ASSETS}</head>"
    return f"""{head}<body hx-headers='{{"X-CSRFToken": "{token()}"}}'>{body}</body></html>"""


def button(c: int, dots: int, enabled: bool) -> str:
    off = "" if enabled else " disabled"
    return FORM.format(c) + f'<button data-focus-key="dot-{c}"{off}>{dots}</button></form>'


def ballot(phone: str, fresh: bool = False) -> str:
    own = "SELECT candidate, COUNT(*) FROM dots WHERE phone = ? GROUP BY candidate"
    dots = dict(db.execute(own, (phone,)).fetchall())
    left = vote["budget"] - sum(dots.values())
    rows = "".join(
        button(c, dots.get(c, 0), left > 0 and dots.get(c, 0) < vote["per"])
        for c in range(1, vote["candidates"] + 1)
    )
    mark = " data-fresh" if fresh else ""
    return (
        f'<section id="my-ballot" data-stamp="{time.time_ns()}"{mark}>{left} left{rows}</section>'
    )


def tally() -> str:
    counts = db.execute("SELECT candidate, COUNT(*) FROM dots GROUP BY candidate")
    rows = "".join(f'<li data-id="{c}" data-count="{n}"></li>' for c, n in counts)
    return f'<ol id="ranking" hx-swap-oob="true">{rows}</ol>'


def push_tally():
    socketio.sleep(0.1)  # coalesced: one push for the taps of 100 ms
    vote["dirty"] = False
    socketio.emit("regions", {"html": tally()}, to="screen")


@socketio.on("connect")
def on_connect(auth):
    audience = (auth or {}).get("audience")
    if audience == "phone" and "phone" not in session:
        return False
    join_room("screen" if audience == "screen" else "phones")
    html = ballot(session["phone"], True) if audience == "phone" and vote["open"] else tally()
    socketio.emit("regions", {"html": html}, to=request.sid)


@app.route("/j", methods=["GET", "POST"])
def join():
    if request.method == "GET":
        return page(f'<form method="post"><input name="csrf_token" value="{token()}"></form>')
    if not hmac.compare_digest(request.form.get("csrf_token", ""), session.get("csrf", "-")):
        abort(400)
    session["phone"] = request.form["name"]
    return redirect("/p")


@app.get("/p")
def phone_page():
    return page(ballot(session["phone"]) if vote["open"] else "<p>wait</p>")


# One statement: stored once per key, within the budget and the cap per orientation.
TAP = (
    "INSERT INTO dots SELECT :key, :phone, :c WHERE (SELECT COUNT(*) FROM dots WHERE "
    "phone = :phone) < :budget AND (SELECT COUNT(*) FROM dots WHERE phone = :phone AND "
    "candidate = :c) < :per ON CONFLICT DO NOTHING"
)


@app.post("/vote/dot")
def cast():
    phone, csrf = session.get("phone"), request.headers.get("X-CSRFToken", "")
    if not phone or not hmac.compare_digest(csrf, session.get("csrf", "-")):
        abort(400)
    key = uuid.uuid4().hex if IGNORE_KEY else request.headers["Idempotency-Key"]
    c = int(request.form["candidate_id"])
    db.execute(TAP, {"key": key, "phone": phone, "c": c, **vote})
    if not vote["dirty"]:
        vote["dirty"] = True
        socketio.start_background_task(push_tally)
    return ballot(phone)


@app.post("/open")
def open_vote():
    form = request.form
    vote.update(open=True, candidates=int(form["candidates"]), budget=int(form["budget"]))
    vote["per"] = int(form["per"])
    buttons = "".join(button(c, 0, True) for c in range(1, vote["candidates"] + 1))
    html = f'<section id="my-ballot" data-fresh>{buttons}</section>'
    socketio.emit("regions", {"html": html}, to="phones")
    return "", 204


@app.get("/healthz")
def healthz():
    return {"status": "ok"}


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--db", required=True)
    args = parser.parse_args()
    db = sqlite3.connect(args.db, isolation_level=None, check_same_thread=False)
    for pragma in ("journal_mode=WAL", "synchronous=NORMAL", "busy_timeout=5000"):
        db.execute(f"PRAGMA {pragma}")
    db.execute("CREATE TABLE IF NOT EXISTS dots (key TEXT PRIMARY KEY, phone TEXT, candidate INT)")
    db.execute("CREATE INDEX IF NOT EXISTS dots_phone ON dots (phone, candidate)")
    gc.collect()
    gc.freeze()
    socketio.run(app, host="127.0.0.1", port=args.port, log_output=False)
