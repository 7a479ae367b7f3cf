"""A person voting on the phone page: the taps of static/js/vote.js, rule by rule.

- The person taps at their own moments; a tap's latency runs from that moment (a tap that
  waits for another's answer waits on the person's clock).
- Taps go out one at a time. A tap made while another is on its way (`tapPending()`) waits,
  its button marked; it is sent once no tap is pending, on the same button of the ballot
  the answer brought, and not at all if that button is disabled there (dots spent, the
  orientation full). The answer's own events fire on the form it takes off the page, so
  the page looks again every 100 ms (`drain`); an answer that leaves the form on the page
  (an error, a refusal retargeted to the flash) lets the queue go at once.
- Every tap carries a fresh idempotency key, kept for its retries. A network error, a
  timeout (10 s, the form's hx-request) or a 5xx is sent again with the same key after 1,
  2, 4, 8, 8... s, from the ballot on the page then; meanwhile that tap is not pending, so
  a queued tap may go out beside the retry, as on the page.
- An answer whose ballot is older (`data-stamp`) than the one shown is not swapped in.

A "lost answer" (the share `replay_fraction`) is a tap whose first answer never reaches the
phone although the server did the work: the phone, as after a dropped connection, sends it
again with the same key a second later. The server must count it once.
"""

import asyncio
import random
import time
import uuid
from collections import deque
from dataclasses import dataclass, field

import aiohttp

TAP_TIMEOUT = 10.0  # partials/votes/tap.html: hx-request='{"timeout": 10000}'
RETRY_DELAYS = (1.0, 2.0, 4.0, 8.0)  # vote.js: DELAYS
DRAIN_PERIOD = 0.1  # vote.js: window.setInterval(sendQueued, 100)
MAX_ATTEMPTS = 8  # the page never gives up; the bench stops after 8 tries (about 40 s)


@dataclass
class Intent:
    """One tap a person means to make, at `offset` seconds after the vote opens."""

    offset: float
    key: str = field(default_factory=lambda: uuid.uuid4().hex)
    candidate: str | None = None
    lose_answer: bool = False
    tapped_at: float | None = None  # the person's tap (monotonic)
    sent_at: float | None = None  # its first request
    acked_at: float | None = None  # its 2xx answer reached the page
    ack_ms: float | None = None  # from the tap to that answer
    status: int | None = None
    attempts: int = 0
    failures: int = 0
    queued: bool = False
    dropped: bool = False  # queued, then its button was disabled on the new ballot
    skipped: bool = False  # no button left to tap when the person meant to
    refused: bool = False
    errors: list[str] = field(default_factory=list)
    replay_status: int | None = None  # the answer to the try after a lost answer
    finished: bool = False


def stamp_is_fresher(a: str | None, b: str | None) -> bool:
    """vote.js `fresher`: stamps are decimal nanoseconds, compared by length then text."""
    if not a or not b:
        return False
    return len(a) > len(b) if len(a) != len(b) else a > b


class PagePhone:
    """One phone's ballot on the page and its taps, as vote.js runs them."""

    def __init__(self, target, browser, ballot, rng: random.Random, deadline, stacking=False):
        self.target, self.browser, self.ballot = target, browser, ballot
        self.rng, self.deadline, self.stacking = rng, deadline, stacking
        self.version = 0  # bumped by every swap of #my-ballot: older forms are off the page
        self.inflight: list[tuple[Intent, int]] = []
        self.queue: deque[Intent] = deque()
        self.drain: asyncio.Task | None = None
        self.intents: list[Intent] = []
        self.chosen: list[str] = []
        self.max_in_flight = 0
        self._open = 0
        self._all_done = asyncio.Event()
        self._tasks: set = set()

    # ---- what vote.js calls tapPending() -------------------------------------------------

    def pending(self) -> bool:
        return any(version == self.version for _i, version in self.inflight)

    # ---- the person ----------------------------------------------------------------------

    def choose(self) -> str | None:
        """What the person taps now: an enabled button, earlier orientations more popular;
        one dot per orientation unless the vote allows stacking."""
        enabled = [c for c in self.ballot.candidates if self.ballot.is_enabled(c)]
        if not self.stacking:
            enabled = [c for c in enabled if c not in self.chosen]
        if not enabled:
            return None
        ordered = sorted(enabled, key=lambda c: (len(c), c))
        weights = [1 / (k + 1) ** 0.8 for k in range(len(ordered))]
        return self.rng.choices(ordered, weights)[0]

    async def play(self, intents: list[Intent], t_open: float) -> None:
        """Make every tap at its moment (not before the ballot shows); wait for their ends."""
        self.intents = intents
        self._open = len(intents)
        if not intents:
            return
        for intent in intents:
            delay = t_open + intent.offset - time.monotonic()
            if delay > 0:
                await asyncio.sleep(delay)
            self.tap(intent)
        try:
            await asyncio.wait_for(self._all_done.wait(), self.deadline.left())
        finally:
            for task in list(self._tasks):
                task.cancel()
            if self.drain is not None:
                self.drain.cancel()

    def tap(self, intent: Intent) -> None:
        intent.tapped_at = time.monotonic()
        intent.candidate = self.choose()
        if intent.candidate is None:
            intent.skipped = True
            self._finish(intent)
            return
        self.chosen.append(intent.candidate)
        if self.pending():  # htmx:confirm: wait, the button marked
            intent.queued = True
            self.queue.append(intent)
            if self.drain is None:
                self.drain = self._spawn(self._drain())
            return
        self.send(intent)

    # ---- requests --------------------------------------------------------------------------

    def _spawn(self, coro) -> asyncio.Task:
        task = asyncio.create_task(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return task

    def send(self, intent: Intent) -> None:
        if intent.finished:
            return
        if intent.sent_at is None:
            intent.sent_at = time.monotonic()
        entry = (intent, self.version)  # its source: a form (or the ballot) on the page now
        self.inflight.append(entry)
        self.max_in_flight = max(self.max_in_flight, len(self.inflight))
        self._spawn(self._request(intent, entry))

    async def _request(self, intent: Intent, entry) -> None:
        intent.attempts += 1
        result, error = None, None
        try:
            timeout = self.deadline.left(TAP_TIMEOUT)
            if timeout <= 0:
                raise TimeoutError("the run's deadline passed")
            result = await asyncio.wait_for(
                self.target.cast(self.browser, self.ballot, intent.candidate, intent.key),
                timeout,
            )
        except (aiohttp.ClientError, TimeoutError, ConnectionError) as failure:
            error = failure.__class__.__name__
        finally:
            self.inflight.remove(entry)
        source_on_page = entry[1] == self.version
        if result is not None and intent.lose_answer and intent.attempts == 1:
            result, error = None, "lost answer (injected)"
        elif intent.lose_answer and intent.attempts == 2:
            intent.replay_status = result.status if result is not None else 0
        if result is None or result.status >= 500:
            # No swap: the form stays, htmx:afterRequest reaches the page, the queue goes.
            intent.errors.append(error or f"{result.status}: {result.message}")
            if source_on_page:
                self.send_queued()
            self._retry(intent)
            return
        swapped = False
        if not result.retargeted:  # 2xx, 4xx: the answer replaces #my-ballot
            new = self.target.answer_ballot(result.text, self.ballot)
            if not stamp_is_fresher(self.ballot.stamp, new.stamp if new else None):
                self.ballot = new or self.ballot
                self.version += 1
                swapped = True
        intent.status = result.status
        if 200 <= result.status < 300:
            intent.acked_at = time.monotonic()
            intent.ack_ms = (intent.acked_at - intent.tapped_at) * 1000
        else:
            intent.refused = True
            intent.errors.append(f"{result.status}: {result.message}")
        self._finish(intent)
        if source_on_page and not swapped:
            self.send_queued()

    def _retry(self, intent: Intent) -> None:
        """vote.js retry(): the same key, from the ballot on the page when it goes."""
        if intent.attempts >= MAX_ATTEMPTS or self.deadline.passed():
            self._finish(intent)
            return
        delay = RETRY_DELAYS[min(intent.failures, len(RETRY_DELAYS) - 1)]
        intent.failures += 1
        asyncio.get_running_loop().call_later(delay, self.send, intent)

    # ---- the queue -----------------------------------------------------------------------

    def send_queued(self) -> None:
        while self.queue and not self.pending():
            intent = self.queue.popleft()
            if self.ballot.is_enabled(intent.candidate):
                self.send(intent)
            else:  # gone or disabled on the ballot the server holds now: not sent
                intent.dropped = True
                self._finish(intent)

    async def _drain(self) -> None:
        try:
            while True:
                await asyncio.sleep(DRAIN_PERIOD)
                if not self.queue:
                    return
                self.send_queued()
        finally:
            self.drain = None

    def _finish(self, intent: Intent) -> None:
        if intent.finished:
            return
        intent.finished = True
        self._open -= 1
        if self._open <= 0:
            self._all_done.set()
