"""The bare stack the app is compared with: Flask-SocketIO under gevent, votes in memory.

`python -m bench.bare_server --port P`. One POST route counts a vote, emits the count to
the screen room and answers a small fragment: the least any vote path can cost here.
"""

from gevent import monkey

monkey.patch_all()

import argparse  # noqa: E402
import gc  # noqa: E402
from collections import Counter  # noqa: E402

from flask import Flask, request  # noqa: E402
from flask_socketio import SocketIO, join_room  # noqa: E402

app = Flask(__name__)
socketio = SocketIO(app, async_mode="gevent", ping_interval=10, ping_timeout=20)
counts: Counter = Counter()
BALLOT = '<div id="ballot" hx-swap-oob="true">{}</div>'


@socketio.on("connect")
def on_connect(auth):
    """Phones and the projector: join the audience's room, get the current state."""
    audience = (auth or {}).get("audience")
    join_room("screen" if audience == "screen" else "phones")
    socketio.emit("regions", {"html": _tally()}, to=request.sid)


def _tally() -> str:
    rows = "".join(f'<li data-id="{c}" data-count="{n}"></li>' for c, n in counts.items())
    return f'<ol id="ranking" hx-swap-oob="true">{rows}</ol>'


@app.get("/healthz")
def healthz():
    return {"status": "ok"}


@app.post("/open")
def open_vote():
    """Show every phone a ballot of `candidates` candidates."""
    ids = range(1, int(request.form["candidates"]) + 1)
    buttons = "".join(f'<button name="candidate" value="{i}"></button>' for i in ids)
    socketio.emit("regions", {"html": BALLOT.format(buttons)}, to="phones")
    return "", 204


@app.post("/vote")
def vote():
    counts[request.form["candidate"]] += 1
    socketio.emit("regions", {"html": _tally()}, to="screen")
    return f'<p id="saved">{sum(counts.values())}</p>'


@app.get("/count")
def count():
    return dict(counts)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    port = parser.parse_args().port
    gc.collect()
    gc.freeze()
    socketio.run(app, host="127.0.0.1", port=port, log_output=False)
