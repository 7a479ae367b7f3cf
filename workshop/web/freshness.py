"""Which of two copies of a region is the fresher, when a page gets them by two roads.

A live page receives regions as the answers to its own requests and as its socket's
pushes, and the two roads race: a push rendered before the page's last change can arrive
after that change's answer and put the old state back (seen on the console: a quick
"previous" came back one activity, and the next "next" was refused as stale). Every copy
carries a stamp: a moment no later than its reading of the database began (a request:
when it started; a push: before it loads the workshop: `db.read_stamp`). The page keeps,
per region, the stamp of the copy it shows and drops an older one (static/js/live.js).
"""

from flask import Flask, Response, g

from workshop.db import read_stamp
from workshop.extensions import htmx

HEADER = "X-Live-Stamp"


def request_stamp() -> int:
    """Return the stamp of this request: when it started, before it read anything."""
    return g.get("live_stamp") or read_stamp()


def _stamp_request() -> None:
    g.live_stamp = read_stamp()


def _stamp_answer(response: Response) -> Response:
    if htmx and "live_stamp" in g:
        response.headers[HEADER] = str(g.live_stamp)
    return response


def init_app(app: Flask) -> None:
    app.before_request(_stamp_request)
    app.after_request(_stamp_answer)
    app.jinja_env.globals["live_stamp"] = request_stamp
