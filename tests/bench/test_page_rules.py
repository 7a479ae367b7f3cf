"""The bench's phones tap as the phone page does (static/js/vote.js), against a real HTTP
server that records what arrives: one tap at a time, a tap made meanwhile waits and goes
on the new ballot's same button (or not at all if it is disabled there), a failed or lost
answer is sent again with the same key, and latency runs from the person's tap.

The server here is a small aiohttp app on a loopback port, scripted per test (slow
answers, a 503, a budget); the phone is bench/page.py's `PagePhone` with a bench
`Browser`, as in a burst."""

import asyncio
import time

from aiohttp import web

from bench.browser import Browser
from bench.clock import Deadline
from bench.page import Intent, PagePhone
from bench.targets import Ballot, CastResult
from bench.votes import VoteProtocol
from tests.async_run import run_scenario

FORM = '<form class="tap" hx-post="/vote/dot"><input type="hidden" name="candidate_id" value="{}">'


class Room:
    """A one-phone vote server: stores a dot once per key within the budget, answers the
    ballot, and records every request as it arrives and ends."""

    def __init__(self, candidates=3, budget=3, per=1, delay=0.0, fail_first=()):
        self.candidates, self.budget, self.per, self.delay = candidates, budget, per, delay
        self.fail_first = set(fail_first)  # candidates whose first request answers 503
        self.stored: dict[str, str] = {}
        self.arrivals: list[tuple[float, str, str]] = []  # (time, key, candidate)
        self.in_flight = 0
        self.max_in_flight = 0

    def ballot(self) -> str:
        dots = list(self.stored.values())
        left = self.budget - len(dots)
        rows = "".join(
            FORM.format(c)
            + f'<button data-focus-key="dot-{c}"'
            + ("" if left > 0 and dots.count(str(c)) < self.per else " disabled")
            + "></button></form>"
            for c in range(1, self.candidates + 1)
        )
        return f'<section id="my-ballot" data-stamp="{time.time_ns()}">{rows}</section>'

    async def tap(self, request):
        form = await request.post()
        key, candidate = request.headers["Idempotency-Key"], form["candidate_id"]
        self.arrivals.append((time.monotonic(), key, candidate))
        self.in_flight += 1
        self.max_in_flight = max(self.max_in_flight, self.in_flight)
        try:
            await asyncio.sleep(self.delay)
            if candidate in self.fail_first:
                self.fail_first.discard(candidate)
                return web.Response(status=503, text="busy")
            if key not in self.stored and len(self.stored) < self.budget:
                self.stored[key] = candidate
            return web.Response(text=self.ballot(), content_type="text/html")
        finally:
            self.in_flight -= 1


class RoomTarget:
    """The part of a bench target a phone uses while voting, speaking to `Room`."""

    protocol = VoteProtocol()

    async def cast(self, browser, ballot, candidate, key):
        status, body, headers, ms = await browser.post(
            "/vote/dot", {"candidate_id": candidate}, {"Idempotency-Key": key}
        )
        return CastResult(status, ms, body, headers.get("HX-Retarget") == "#flash")

    def answer_ballot(self, text, previous):
        return self.protocol.answer_ballot(text, previous)


def vote(room: Room, offsets, lose_answer=()):
    """Serve `room`, let one person tap at `offsets` (s), return the phone after the end."""

    async def run():
        app = web.Application()
        app.router.add_post("/vote/dot", room.tap)
        runner = web.AppRunner(app)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]
        browser = Browser(None, f"http://127.0.0.1:{port}")
        try:
            first = RoomTarget.protocol.answer_ballot(room.ballot(), empty_ballot())
            phone = PagePhone(RoomTarget(), browser, first, _Rng(), Deadline(30))
            intents = [Intent(o, lose_answer=n in lose_answer) for n, o in enumerate(offsets)]
            await phone.play(intents, time.monotonic())
            return phone
        finally:
            await browser.close()
            await runner.cleanup()

    return run_scenario(run(), 120)


def empty_ballot():
    """What the phone held before the room's ballot: nothing but where taps go."""
    return Ballot([], {"url": "/vote/dot"})


class _Rng:
    """The person taps the first orientation offered (reproducible choices)."""

    def choices(self, ordered, _weights):
        return [ordered[0]]


def test_a_phone_sends_its_taps_one_at_a_time_and_queues_the_others():
    room = Room(delay=0.3)
    phone = vote(room, [0.0, 0.05, 0.1])
    assert room.max_in_flight == 1
    assert phone.max_in_flight == 1
    assert [i.queued for i in phone.intents] == [False, True, True]
    assert len(room.stored) == 3
    starts = [t for t, _k, _c in room.arrivals]
    assert all(b - a >= 0.3 for a, b in zip(starts, starts[1:], strict=False))


def test_latency_runs_from_the_persons_tap_not_from_the_request():
    room = Room(delay=0.3)
    phone = vote(room, [0.0, 0.05])
    second = phone.intents[1]
    assert second.sent_at - second.tapped_at >= 0.2  # it waited for the first answer
    assert second.ack_ms >= 500  # the wait counts: about 0.25 s waiting + 0.3 s answered


def test_a_failed_tap_is_sent_again_with_the_same_key_a_second_later():
    room = Room(fail_first={"1"})
    phone = vote(room, [0.0])
    (intent,) = phone.intents
    keys = [k for _t, k, _c in room.arrivals]
    assert keys == [intent.key, intent.key]
    assert room.arrivals[1][0] - room.arrivals[0][0] >= 1.0
    assert intent.acked_at and intent.attempts == 2
    assert list(room.stored) == [intent.key]


def test_a_lost_answer_is_sent_again_with_the_same_key_and_stored_once():
    room = Room()
    phone = vote(room, [0.0], lose_answer={0})
    (intent,) = phone.intents
    assert [k for _t, k, _c in room.arrivals] == [intent.key, intent.key]
    assert intent.replay_status == 200 and intent.acked_at
    assert len(room.stored) == 1


def test_a_queued_tap_whose_button_the_answer_disabled_is_not_sent():
    room = Room(budget=1, delay=0.3)
    phone = vote(room, [0.0, 0.05])
    first, second = phone.intents
    assert first.acked_at and second.queued and second.dropped
    assert second.sent_at is None
    assert len(room.arrivals) == 1


def test_a_tap_made_while_a_retry_waits_goes_out_at_once_as_on_the_page():
    # The failed tap is no longer pending during its 1 s wait: vote.js lets the queue go.
    room = Room(candidates=3, delay=0.2, fail_first={"1"})
    phone = vote(room, [0.0, 0.05])
    first, second = phone.intents
    assert second.queued and second.acked_at
    assert second.sent_at < first.acked_at  # sent before the retry of the first came back
    assert first.attempts == 2 and len(room.stored) == 2
