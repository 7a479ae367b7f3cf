"""Admission of votes: a burst is served first come, first served, never all at once.

Under gevent every request is a greenlet, and a thousand taps arriving together would
share the processor: all of them slow down together, all pass the phone's 10 s
timeout, all are sent again, and the retries bury the server. Vote requests therefore
wait at a gate (at most VOTE_CONCURRENCY inside at once, the others queue in order).
One that has queued for VOTE_QUEUE_SECONDS is answered 503 at once: the phone sends it
again with the same idempotency key, so nothing is lost or counted twice.

The gate is scarce, so only a known phone whose request has fully arrived may take a
place in it: the view checks the cookie and reads the body first (a slow or idle
client, or one with no cookie, waits on its own and holds nothing), and each phone
holds at most one place, inside or queued (its second tap waits behind its first), so
one phone's many connections cannot fill the gate either.
"""

import threading
import time
from contextlib import contextmanager

from flask import Flask, Response, current_app

from workshop import db

GATE = "vote_gate"


class Busy(Exception):
    """The gate stayed full for VOTE_QUEUE_SECONDS: answer 503, the phone sends again."""


class VoteGate:
    """A FIFO gate of `concurrency` places, at most one per phone."""

    def __init__(self, concurrency: int, queue_seconds: float):
        self.queue_seconds = queue_seconds
        # Taps over the socket (workshop/live/taps.py) queue at this gate too: one burst,
        # one line, whichever way each phone sends.
        # A Semaphore's or Lock's waiters wake in arrival order (threading's, or gevent's
        # once monkey-patched).
        self.gate = threading.Semaphore(concurrency)
        self._phones: dict[str, list] = {}  # phone -> [its lock, requests waiting or inside]
        self._phones_lock = threading.Lock()

    @contextmanager
    def admitted(self, phone: str):
        """Hold one place of the gate for `phone`; raise Busy after a long wait."""
        deadline = time.monotonic() + self.queue_seconds
        own = self._enter(phone)
        try:
            if not own.acquire(timeout=self.queue_seconds):
                raise Busy()
            try:
                if not self.gate.acquire(timeout=max(0.0, deadline - time.monotonic())):
                    raise Busy()
                try:
                    yield
                finally:
                    self.gate.release()
            finally:
                own.release()
        finally:
            self._leave(phone)

    def _enter(self, phone: str):
        with self._phones_lock:
            entry = self._phones.setdefault(phone, [threading.Lock(), 0])
            entry[1] += 1
            return entry[0]

    def _leave(self, phone: str) -> None:
        with self._phones_lock:
            entry = self._phones[phone]
            entry[1] -= 1
            if entry[1] == 0:
                del self._phones[phone]


def phone_key(workshop_id: int, person_id: int) -> str:
    """Name a phone at the gate: its HTTP and socket taps share its one place."""
    return f"{workshop_id}:{person_id}"


@contextmanager
def admitted(phone: str):
    """Hold a place of this app's vote gate for `phone` (no gate: pass at once)."""
    gate = current_app.extensions.get(GATE)
    if gate is None:
        yield
        return
    db.give_back_connection()  # never wait at the gate holding a pooled connection
    with gate.admitted(phone):
        yield


def busy() -> Response:
    """The answer to a request that waited too long: the phone sends it again."""
    return Response(
        b"busy: send again",
        503,
        {
            "Content-Type": "text/plain; charset=utf-8",
            "Retry-After": "1",
            "Cache-Control": "no-store",
        },
    )


def init_app(app: Flask) -> None:
    concurrency = int(app.config["VOTE_CONCURRENCY"])
    if concurrency > 0:
        app.extensions[GATE] = VoteGate(concurrency, float(app.config["VOTE_QUEUE_SECONDS"]))
