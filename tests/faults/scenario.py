"""Pieces of the fault scenarios, on top of the benchmark's simulated browsers.

A `Room` is bench's AppTarget (servers, facilitator, projector) plus phones that join
over HTTP and cast dots as static/js/vote.js does: every tap has its own idempotency
key, kept for every retry after a network error, a timeout or a 5xx (`cast` below).
"""

import asyncio
import json
import random
import re
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field

import aiohttp
import yarl

from bench import burst
from bench.app_target import AppTarget
from bench.browser import Browser
from bench.clock import Deadline
from bench.targets import Ballot, Recount
from tests.faults import invariants


async def wait_for(predicate, deadline: Deadline, what: str, step: float = 0.05) -> None:
    """Poll `predicate` until it holds; fail (with `what`) when the deadline passes."""
    while not predicate():
        if deadline.passed():
            raise AssertionError(f"timed out waiting for {what}")
        await asyncio.sleep(step)


# ---- a phone's dot over HTTP --------------------------------------------------------
# The benchmark now plays whole pages (bench/page.py); the fault scenarios keep this
# simpler phone: one dot, one key, retried as vote.js does, with the refusals it met.
TAP_TIMEOUT = 10.0
RETRY_DELAYS = (1.0, 2.0, 4.0, 8.0)
MAX_ATTEMPTS = 6  # bounded here; `cast_until_answered` keeps going like a phone


@dataclass
class Intent:
    """One dot a phone means to cast, with its idempotency key (kept for every retry)."""

    offset: float
    key: str = field(default_factory=lambda: uuid.uuid4().hex)
    candidate: str | None = None
    sent_at: float | None = None
    acked_at: float | None = None
    ack_ms: float | None = None
    status: int | None = None
    attempts: int = 0
    errors: list[str] = field(default_factory=list)
    replay_status: int | None = None  # the answer to the same dot sent again (same key)


def choose(ballot: Ballot, dots: int, rng: random.Random) -> list[str]:
    """Pick `dots` different candidates, earlier ids more popular (so the ranking has shape)."""
    ordered = sorted(ballot.candidates, key=lambda c: (len(c), c))
    weights = [1 / (k + 1) ** 0.8 for k in range(len(ordered))]
    picked: list[str] = []
    while len(picked) < min(dots, len(ordered)):
        choice = rng.choices(ordered, weights)[0]
        if choice not in picked:
            picked.append(choice)
    return picked


async def _bounded(coro, deadline: Deadline, cap: float):
    timeout = deadline.left(cap)
    if timeout <= 0:
        coro.close()
        raise TimeoutError("no time left")
    return await asyncio.wait_for(coro, timeout)


def _message(page: str) -> str:
    """The refusal's message (the flash or the ballot's error line), else the page's start."""
    found = re.search(r'class="(?:save-error|flash-message)"[^>]*>([^<]+)<', page)
    return (found.group(1) if found else page)[:120].strip()


async def cast(target, phone, ballot, intent: Intent, t_open, opts, deadline) -> None:
    """Cast one dot at its moment in the window; retry with the same key, as a phone does."""
    delay = t_open + intent.offset - time.monotonic()
    if delay > 0:
        await asyncio.sleep(delay)
    intent.sent_at = intent.sent_at or time.monotonic()
    for attempt in range(1, MAX_ATTEMPTS + 1):
        intent.attempts += 1
        try:
            result = await _bounded(
                target.cast(phone.browser, ballot, intent.candidate, intent.key),
                deadline,
                TAP_TIMEOUT,
            )
        except (aiohttp.ClientError, TimeoutError) as error:
            intent.errors.append(error.__class__.__name__)
        else:
            intent.status = result.status
            if 200 <= result.status < 300:
                intent.acked_at = time.monotonic()
                intent.ack_ms = (intent.acked_at - intent.sent_at) * 1000
                await _maybe_replay(target, phone, ballot, intent, opts, deadline)
                return
            intent.errors.append(f"{result.status}: {_message(result.text)}")
            if result.status < 500:
                return
        if deadline.passed() or attempt == MAX_ATTEMPTS:
            return
        await asyncio.sleep(deadline.left(RETRY_DELAYS[min(attempt, len(RETRY_DELAYS)) - 1]))


async def _maybe_replay(target, phone, ballot, intent: Intent, opts, deadline) -> None:
    """Now and then the answer is "lost": the phone sends the same dot again, same key."""
    if phone.rng.random() >= opts.replay_fraction:
        return
    try:
        replay = await _bounded(
            target.cast(phone.browser, ballot, intent.candidate, intent.key), deadline, TAP_TIMEOUT
        )
        intent.replay_status = replay.status
    except (aiohttp.ClientError, TimeoutError) as error:
        intent.errors.append(f"replay {error.__class__.__name__}")


async def cast_until_answered(target, phone, ballot, intent, t_open, opts, deadline) -> None:
    """Cast one dot and keep retrying with the same key until the server answers it.

    bench's `cast` gives up after a few attempts; a phone does not: after a long outage it
    is still retrying. A 4xx answer is final (a refusal), as on a phone.
    """
    while not deadline.passed():
        await cast(target, phone, ballot, intent, t_open, opts, deadline)
        if intent.acked_at or (intent.status is not None and 400 <= intent.status < 500):
            return
        await asyncio.sleep(deadline.left(1.0))


@dataclass
class Room:
    """One workshop with an open dot vote on `target`, and phones that joined it."""

    target: AppTarget
    opts: burst.Options
    connector: aiohttp.BaseConnector
    phones: list[burst.Phone] = field(default_factory=list)
    ballots: dict[int, Ballot] = field(default_factory=dict)
    truth_url: str | None = None  # where the recount reads, when not the app's own URL

    @property
    def code(self) -> str:
        return self.target.code

    @property
    def activity_id(self) -> int:
        return self.target.activity_id

    @property
    def database_url(self) -> str:
        return self.truth_url or self.target._database_url()

    @property
    def ballot_path(self) -> str:
        return f"/p/{self.code}/vote/{self.activity_id}"

    @classmethod
    async def open(cls, target: AppTarget, opts: burst.Options, timeout: float = 30) -> "Room":
        """Create the workshop and its vote as a facilitator, projector connected; open it."""
        connector = aiohttp.TCPConnector(limit=0, enable_cleanup_closed=True)
        room = cls(target, opts, connector)
        await target.prepare(connector, timeout)
        return room

    async def join_phones(self, count: int, first_index: int = 0, server=None) -> list[burst.Phone]:
        """Phones join over HTTP (cookie, CSRF token, join_key), a few at a time.

        Each talks to `server`, or to the process bench gives it (round robin)."""
        gate = asyncio.Semaphore(8)
        new = []
        for index in range(first_index, first_index + count):
            rng = random.Random(self.opts.seed * 1_000_003 + index)
            offsets = sorted(rng.uniform(0, self.opts.window) for _ in range(self.opts.dots))
            base = (server or self.target.server_for_phone(index)).base
            browser = Browser(self.connector, base, self.opts.request_timeout)
            new.append(burst.Phone(index, browser, [Intent(o) for o in offsets], rng))

        async def join(phone):
            async with gate:
                await self.target.join(phone.browser, phone.index)

        await asyncio.gather(*(join(p) for p in new))
        self.phones.extend(new)
        return new

    async def load_ballots(self, phones) -> None:
        """Each phone reads its ballot (as htmx does on load) and picks its orientations."""
        for phone in phones:
            ballot = await self.target.load_ballot(
                phone.browser, Ballot([], {"url": self.ballot_path})
            )
            assert ballot is not None, "the vote is not open on the phone"
            self.ballots[phone.index] = ballot
            picked = choose(ballot, self.opts.dots, phone.rng)
            for intent, candidate in zip(phone.intents, picked, strict=False):
                intent.candidate = candidate

    def cast_all(self, phones, t_open: float, deadline: Deadline) -> list[asyncio.Task]:
        return [
            asyncio.create_task(
                cast_until_answered(
                    self.target, p, self.ballots[p.index], i, t_open, self.opts, deadline
                )
            )
            for p in phones
            for i in p.intents
            if i.candidate
        ]

    def intents(self, phones=None) -> list[Intent]:
        return [i for p in (phones or self.phones) for i in p.intents if i.candidate]

    def acked(self, phones=None) -> int:
        return sum(1 for i in self.intents(phones) if i.acked_at)

    # ---- what the room shows afterwards ------------------------------------------------

    async def resync(self, browser: Browser, audience: str, timeout: float = 20) -> dict:
        """Open a fresh socket with a screen's cookie; return the tally of the state it is
        pushed on connect (what a screen that reconnects shows)."""
        fresh = Browser(self.connector, browser.base, timeout)
        jar = browser.session.cookie_jar.filter_cookies(yarl.URL(browser.base))
        fresh.session.cookie_jar.update_cookies(jar, yarl.URL(browser.base))
        try:
            await fresh.connect({"workshop": self.code, "audience": audience}, timeout)
            deadline = Deadline(timeout)
            await wait_for(lambda: len(fresh.pushes) > 0, deadline, f"the {audience}'s state")
            shown = None
            for push in fresh.pushes:
                shown = self.target.tally(push.html) or shown
        finally:
            await fresh.close()
        return invariants.nonzero(shown)

    async def exported(self) -> dict:
        """The tally of the JSON export, downloaded by the facilitator."""
        status, body, _headers = await self.target.console.get(
            f"/w/{self.code}/minutes/download/json"
        )
        assert status == 200, body[:300]
        return invariants.nonzero(invariants.exported_tally(json.loads(body), self.activity_id))

    def stored(self) -> dict[str, int]:
        return invariants.nonzero(invariants.recount(self.database_url, self.activity_id))

    def integrity(self, phones=None) -> dict:
        """bench's comparison of acknowledged and stored dots, per phone and candidate."""
        by_name = invariants.dots_by_person(self.database_url, self.activity_id)
        by_phone = {
            int(name[1:]): counts
            for name, counts in by_name.items()
            if name.startswith("P") and name[1:].isdigit()
        }
        recount = Recount(sum(by_name.values(), start=Counter()), by_phone)
        return burst.integrity(phones or self.phones, recount)

    async def close(self) -> None:
        await asyncio.gather(
            *(p.browser.close() for p in self.phones), self.target.close(), return_exceptions=True
        )
        await self.connector.close()
