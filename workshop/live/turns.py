"""Processes take turns to push a region: one render per region and workshop per interval.

With a message queue (REDIS_URL), every process pushes after its own changes (a fact is
heard only by the process where it happened), and each coalesces only its own: during a
burst spread over two processes the projector got the ranking from both, twice the renders
(bench/README.md). A render reads the database, so it shows every process's commits up to
then: one push serves them all. So a process first takes the region's turn in Redis (a key
that lives one interval); a region whose turn another process holds waits for the end of
that turn and is pushed then, which shows whatever came after the other's render.

Redis out of reach: every process pushes (twice the renders rather than a lost push),
without asking again for a few seconds: a flush never waits on a store that is down for
more than one short timeout.
"""

import logging
import time

from flask import Flask

logger = logging.getLogger(__name__)
WARN_EVERY = 30.0  # seconds between two warnings of an unreachable store
DOWN_SECONDS = 5.0  # after a failure, every process pushes without asking for this long
TIMEOUT_SECONDS = 0.25  # one try, no retry: a late turn is worth less than a push


class Turns:
    def __init__(self, client, seconds: float):
        self.client = client
        self.milliseconds = max(1, int(seconds * 1000))
        self._warned = -WARN_EVERY
        self._down_until = 0.0

    def take(self, workshop_id: int, names: set[str]) -> tuple[set[str], float]:
        """Return the regions this process pushes now, and how long the others wait."""
        if time.monotonic() < self._down_until:
            return set(names), 0.0
        due, wait = set(), 0.0
        for name in names:
            key = f"workshop:turn:{workshop_id}:{name}"
            try:
                if self.client.set(key, b"1", nx=True, px=self.milliseconds):
                    due.add(name)
                    continue
                left = self.client.pttl(key)
            except Exception as error:  # noqa: BLE001  (store out of reach: push anyway)
                self._down(error)
                return due | names, 0.0
            # The turn ends in `left` ms (-2: it ended meanwhile): try again then.
            wait = max(wait, max(left, 1) / 1000)
        return due, wait

    def _down(self, error: Exception) -> None:
        now = time.monotonic()
        self._down_until = now + DOWN_SECONDS
        if now - self._warned >= WARN_EVERY:  # not one line per push
            self._warned = now
            logger.warning("push turns store unavailable, every process pushes: %s", error)


def turns_for(app: Flask, seconds: float) -> Turns | None:
    """Return the turns of the processes sharing REDIS_URL (None: one process, or no
    coalescing). Their own few connections: one try each, a short timeout."""
    url = app.config.get("REDIS_URL")
    if not url or seconds <= 0:
        return None
    from redis import BlockingConnectionPool, Redis  # the `redis` extra, with REDIS_URL
    from redis.backoff import NoBackoff
    from redis.retry import Retry

    pool = BlockingConnectionPool.from_url(
        url,
        max_connections=8,  # flushes are few at a time; one more waits its turn
        timeout=TIMEOUT_SECONDS,
        socket_timeout=TIMEOUT_SECONDS,
        socket_connect_timeout=TIMEOUT_SECONDS,
        retry=Retry(NoBackoff(), 0),
    )
    return Turns(Redis(connection_pool=pool), seconds)
