"""The per-participant flood limit on phones' actions, cheap enough for a voting burst.

Flask-Limiter re-parses a configurable limit and evaluates every registered limit on
each request; a room tapping at once pays that thousands of times a second. Phones'
POSTs go through this instead: the same `limits` library and storage (memory, or the
Redis of RATELIMIT_STORAGE_URI so every worker counts together), the limit parsed once
per value. When the storage is out of reach the limit gives way: a vote is never
refused because Redis is down.
"""

import logging
import threading
import time

from flask import Flask, current_app
from flask_limiter.util import get_remote_address as remote_address
from limits import parse
from limits.storage import storage_from_string
from limits.strategies import FixedWindowRateLimiter

logger = logging.getLogger(__name__)
WARN_EVERY = 30.0  # seconds between two warnings of an unreachable store


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
