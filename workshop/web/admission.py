"""Admission of votes: a burst is served first come, first served, never all at once.

Under gevent every request is a greenlet, and a thousand taps arriving together would
share the processor: all of them slow down together, all pass the phone's 10 s
timeout, all are sent again, and the retries bury the server. Vote requests therefore
wait at a gate (at most VOTE_CONCURRENCY inside at once, the others queue in order).
One that has queued for VOTE_QUEUE_SECONDS is answered 503 at once: the phone sends it
again with the same idempotency key, so nothing is lost or counted twice.
"""

import re
import threading
from contextlib import contextmanager

from flask import Flask

VOTE_PATH = re.compile(r"^/p/[^/]+/vote/")


class VoteGate:
    """WSGI middleware: vote requests pass a FIFO gate; everything else goes straight in."""

    def __init__(self, app, concurrency: int, queue_seconds: float):
        self.app = app
        self.queue_seconds = queue_seconds
        # A Semaphore's waiters wake in arrival order (threading's, or gevent's once
        # monkey-patched).
        self.gate = threading.Semaphore(concurrency)

    def __call__(self, environ, start_response):
        if not VOTE_PATH.match(environ.get("PATH_INFO", "")):
            return self.app(environ, start_response)
        if not self.gate.acquire(timeout=self.queue_seconds):
            return busy(environ, start_response)
        try:
            # The whole answer is built inside the gate (Flask answers are not streamed).
            result = self.app(environ, start_response)
            try:
                return list(result)
            finally:
                if hasattr(result, "close"):
                    result.close()
        finally:
            self.gate.release()


def busy(_environ, start_response):
    body = b"busy: send again"
    start_response(
        "503 Service Unavailable",
        [
            ("Content-Type", "text/plain; charset=utf-8"),
            ("Content-Length", str(len(body))),
            ("Retry-After", "1"),
            ("Cache-Control", "no-store"),
        ],
    )
    return [body]


def init_app(app: Flask) -> None:
    concurrency = int(app.config["VOTE_CONCURRENCY"])
    if concurrency > 0:
        gate = VoteGate(app.wsgi_app, concurrency, float(app.config["VOTE_QUEUE_SECONDS"]))
        app.wsgi_app = gate
        # Taps over the socket (workshop/live/taps.py) queue at the same gate: one burst,
        # one line, whichever way each phone sends.
        app.extensions["vote_gate"] = gate


@contextmanager
def admitted(app: Flask):
    """Wait for a place at the vote gate; yield False (come back later) after
    VOTE_QUEUE_SECONDS. Always admitted when the gate is off."""
    gate = app.extensions.get("vote_gate")
    if gate is None:
        yield True
        return
    if not gate.gate.acquire(timeout=gate.queue_seconds):
        yield False
        return
    try:
        yield True
    finally:
        gate.gate.release()
