"""The per-participant flood limit on phones' actions, cheap enough for a voting burst.

Flask-Limiter re-parses a configurable limit and evaluates every registered limit on
each request; a room tapping at once pays that thousands of times a second. Phones'
POSTs go through this instead: the same `limits` library and storage (memory, or the
Redis of RATELIMIT_STORAGE_URI so every worker counts together), the limit parsed once
per value. When the storage is out of reach the limit gives way: a vote is never
refused because Redis is down.
"""

import logging
import time

from flask import Flask, current_app
from limits import parse
from limits.storage import storage_from_string
from limits.strategies import FixedWindowRateLimiter

logger = logging.getLogger(__name__)
WARN_EVERY = 30.0  # seconds between two warnings of an unreachable store


def init_app(app: Flask) -> None:
    storage = storage_from_string(app.config["RATELIMIT_STORAGE_URI"])
    app.extensions["floods"] = {"limiter": FixedWindowRateLimiter(storage), "items": {}}


def allow(key: str) -> bool:
    """Count one action of `key`; tell whether it is within PARTICIPANT_RATE_LIMIT."""
    state = current_app.extensions["floods"]
    text = current_app.config["PARTICIPANT_RATE_LIMIT"]
    item = state["items"].get(text)
    if item is None:
        item = state["items"][text] = parse(text)
    try:
        return state["limiter"].hit(item, key)
    except Exception as error:  # noqa: BLE001  (storage out of reach: let the phone act)
        now = time.monotonic()
        if now - state.get("warned", -WARN_EVERY) >= WARN_EVERY:  # not one line per tap
            state["warned"] = now
            logger.warning("flood limit store unavailable, actions allowed: %s", error)
        return True
