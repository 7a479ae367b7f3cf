"""Phones in a burst: how many actions each may make, and how many votes run at once.

The flood limit. Flask-Limiter re-parses a configurable limit and evaluates every
registered limit on each request; a room tapping at once pays that thousands of times a
second. Phones' actions (HTTP and socket taps) go through `allow` instead: the same
`limits` library and storage (memory, or the Redis of RATELIMIT_STORAGE_URI so every
worker counts together), the limit parsed once per value. When the storage is out of
reach the limit gives way: a vote is never refused because Redis is down. Joins are
counted the same way (`reserve_join`).

The vote gate: a burst is served first come, first served, never all at once. Under
gevent every request is a greenlet, and a thousand taps arriving together would share
the processor: all of them slow down together, all pass the phone's 10 s timeout, all
are sent again, and the retries bury the server. Vote requests therefore wait at a gate
(at most VOTE_CONCURRENCY inside at once, the others queue in order). One that has
queued for VOTE_QUEUE_SECONDS is answered 503 at once: the phone sends it again with the
same idempotency key, so nothing is lost or counted twice.

The gate is scarce, so only a known phone whose request has fully arrived may take a
place in it: the view checks the cookie and reads the body first (a slow or idle
client, or one with no cookie, waits on its own and holds nothing), and each phone
holds at most one place, inside or queued (its second tap waits behind its first), so
one phone's many connections cannot fill the gate either.
"""

import logging
import threading
import time
from contextlib import contextmanager

from flask import Flask, Response, current_app
from flask_limiter.util import get_remote_address as remote_address
from limits import parse
from limits.storage import storage_from_string
from limits.strategies import FixedWindowRateLimiter

from workshop import db

logger = logging.getLogger(__name__)
WARN_EVERY = 30.0  # seconds between two warnings of an unreachable store
GATE = "vote_gate"


def share_redis_pool(app: Flask) -> None:
    """Give the limits (Flask-Limiter's and ours) one bounded pool of Redis connections.

    redis-py's own pool refuses a 101st connection ("Too many connections"); under gevent
    hundreds of requests count at once. This pool makes them wait their turn instead
    (REDIS_WAIT_SECONDS at most, then the limit gives way: see `allow`)."""
    uri = app.config["RATELIMIT_STORAGE_URI"]
    if not uri.startswith(("redis://", "rediss://")):
        return
    from redis import BlockingConnectionPool  # the `redis` extra, needed with REDIS_URL

    pool = BlockingConnectionPool.from_url(
        uri,
        max_connections=int(app.config["REDIS_MAX_CONNECTIONS"]),
        timeout=float(app.config["REDIS_WAIT_SECONDS"]),
    )
    options = dict(app.config.get("RATELIMIT_STORAGE_OPTIONS") or {})
    options.setdefault("connection_pool", pool)
    app.config["RATELIMIT_STORAGE_OPTIONS"] = options


class LocalWindows:
    """Fixed windows counted in this process, for a single process without Redis.

    `limits`' memory storage starts a timer thread after each count that walks every key
    (under gevent, a greenlet every 10 ms through 2,000 phones' keys: a fifth of the
    server's time in a voting burst). Here expired windows are swept while counting, at
    most once per SWEEP_SECONDS. Same answers as FixedWindowRateLimiter's `hit`/`test`."""

    SWEEP_SECONDS = 10.0

    def __init__(self):
        self._windows: dict[tuple, list] = {}  # (limit, key) -> [ends at, count]
        self._lock = threading.Lock()
        self._swept = time.monotonic()

    def _window(self, item, key: str, now: float) -> list:
        window = self._windows.get((item, key))
        if window is None or window[0] <= now:
            window = self._windows[(item, key)] = [now + item.get_expiry(), 0]
        return window

    def hit(self, item, key: str, cost: int = 1) -> bool:
        now = time.monotonic()
        with self._lock:
            self._sweep(now)
            window = self._window(item, key, now)
            window[1] += cost
            return window[1] <= item.amount

    def test(self, item, key: str, cost: int = 1) -> bool:
        with self._lock:
            window = self._windows.get((item, key))
            used = window[1] if window is not None and window[0] > time.monotonic() else 0
            return used + cost <= item.amount

    def _sweep(self, now: float) -> None:
        if now - self._swept < self.SWEEP_SECONDS:
            return
        self._swept = now
        for name, window in list(self._windows.items()):
            if window[0] <= now:
                del self._windows[name]


def init_app(app: Flask) -> None:
    uri = app.config["RATELIMIT_STORAGE_URI"]
    if uri.startswith("memory://"):
        limiter = LocalWindows()
    else:
        options = app.config.get("RATELIMIT_STORAGE_OPTIONS") or {}
        limiter = FixedWindowRateLimiter(storage_from_string(uri, **options))
    app.extensions["floods"] = {"limiter": limiter, "items": {}}
    concurrency = int(app.config["VOTE_CONCURRENCY"])
    if concurrency > 0:
        app.extensions[GATE] = VoteGate(concurrency, float(app.config["VOTE_QUEUE_SECONDS"]))


def allow(key: str) -> bool:
    """Count one action of `key`; tell whether it is within PARTICIPANT_RATE_LIMIT."""
    return _count("hit", "PARTICIPANT_RATE_LIMIT", key)


# Successful joins, per network address and per workshop: a script joining ghosts with
# fresh cookies is stopped, while a venue's NAT (many phones, one address) is generous.
JOIN_LIMITS = {"address": "JOINS_PER_ADDRESS_LIMIT", "workshop": "JOINS_PER_WORKSHOP_LIMIT"}


def _join_keys(workshop_id: int) -> dict[str, str]:
    return {"address": f"joins:address:{remote_address()}", "workshop": f"joins:ws:{workshop_id}"}


def reserve_join(workshop_id: int) -> bool:
    """Take a place for one new participant, from this address into this workshop.

    Taken before joining (joins arriving together cannot all pass a check made before
    any of them is counted) and given back by `release_join` when the join fails, so
    only successful joins stay counted. False (nothing kept) when a budget is spent."""
    keys = _join_keys(workshop_id)
    within = [_count("hit", JOIN_LIMITS[name], key) for name, key in keys.items()]
    if all(within):
        return True
    release_join(workshop_id)
    return False


def release_join(workshop_id: int) -> None:
    """Give back the place `reserve_join` took (the join was refused or failed)."""
    for name, key in _join_keys(workshop_id).items():
        _count("hit", JOIN_LIMITS[name], key, cost=-1)


def _count(how: str, setting: str, key: str, cost: int = 1) -> bool:
    """Test or hit `key` against the limit named by `setting` (parsed once per value)."""
    state = current_app.extensions["floods"]
    text = current_app.config[setting]
    item = state["items"].get(text)
    if item is None:
        item = state["items"][text] = parse(text)
    try:
        return getattr(state["limiter"], how)(item, key, cost=cost)
    except Exception as error:  # noqa: BLE001  (storage out of reach: let the phone act)
        now = time.monotonic()
        if now - state.get("warned", -WARN_EVERY) >= WARN_EVERY:  # not one line per tap
            state["warned"] = now
            logger.warning("flood limit store unavailable, actions allowed: %s", error)
        return True


# ---- the vote gate ----------------------------------------------------------------------


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
