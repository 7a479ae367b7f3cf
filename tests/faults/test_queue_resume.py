"""Two app processes and a real Redis stopped and started again: nothing pushed is lost.

Process A holds the console and the voting phones; the projector is on process B, so every
tally it shows crossed the message queue. When Redis returns, each process subscribes again
within QUEUE_RETRY_SECONDS and only then sends each room its whole state: a vote cast at
any moment after Redis is back reaches the projector within a second (python-socketio's
own listener waited 1, 2, 4... s, and a vote cast before it subscribed again never reached
B's screens). Revocations cross the queue too: a participant removed on A loses the socket
it holds on B at once, and one removed while Redis was down loses it when Redis returns.
"""

import asyncio
import contextlib
import time

import pytest

from bench import burst
from bench.browser import Browser
from bench.clock import Deadline
from tests.faults import invariants
from tests.faults.conftest import outage_seconds, run
from tests.faults.scenario import Room, cast_until_answered, wait_for
from tests.faults.two_processes import latest_tally, played, two_app_processes, voting_on_a

pytestmark = [pytest.mark.redis, pytest.mark.timeout(300)]

REDIS_DOWN = outage_seconds("REDIS_DOWN", suite=3.0, soak=30.0)
PHONES = 6
WITHIN = 1.0  # the promise: a vote reaches every projector within a second
HX = {"HX-Request": "true"}


async def person_id(room: Room, name: str) -> int:
    rows = invariants.read(
        room.database_url, "SELECT id FROM participants WHERE first_name = :n", n=name
    )
    return rows[0][0]


async def follower_on(room: Room, server, index: int) -> tuple[Browser, int]:
    """A phone that joined and follows the room on `server` (its socket held there)."""
    (phone,) = await room.join_phones(1, first_index=index, server=server)
    await phone.browser.connect(room.target.phone_auth(), 20)
    return phone.browser, await person_id(room, f"P{index}")


async def remove(room: Room, person: int) -> None:
    console = room.target.console
    status, body, _h, _ms = await console.post(f"/w/{room.code}/people/{person}/remove", {}, HX)
    assert status == 200, body[:300]


async def refused_again(room: Room, browser: Browser) -> bool:
    """Whether a new socket with the same cookie is refused."""
    if browser.connected:
        return False  # never closed in the first place, or let back in
    try:
        await browser.connect(room.target.phone_auth(), 10)
    except Exception:  # noqa: BLE001 - the bench browser's SocketRefused: refused, as wanted
        return True
    return False


async def cast_one(room: Room, phone, slot: int) -> float:
    """Cast a phone's `slot`-th dot on its process; return when it was acknowledged."""
    intent = phone.intents[slot]
    ballot = room.ballots[phone.index]
    await cast_until_answered(room.target, phone, ballot, intent, 0, room.opts, Deadline(30))
    assert intent.acked_at, intent.errors
    return time.monotonic()


async def closed_after(browser: Browser, start: float, seconds: float) -> float | None:
    """How long after `start` the server closed the browser's socket (None: not at all)."""
    with contextlib.suppress(AssertionError):
        await wait_for(lambda: browser.disconnects > 0, Deadline(seconds), "")
    return round(browser.disconnected_at[0] - start, 2) if browser.disconnects else None


async def subscribed_after(start: float, subscribers) -> float:
    await wait_for(lambda: subscribers() >= 2, Deadline(10), "both processes subscribed", 0.02)
    return round(time.monotonic() - start, 2)


async def scenario(room: Room, queue, subscribers) -> dict:
    target = room.target
    _a, b = target.servers
    found: dict = {}
    projector = target.projector
    phones = await voting_on_a(room, PHONES, 10)

    # ---- a participant removed on A: their socket on B closes through the queue ---------
    gone, gone_id = await follower_on(room, b, PHONES)
    removed_at = time.monotonic()
    await remove(room, gone_id)
    found["removed_closed_after"] = await closed_after(gone, removed_at, 5)
    found["removed_refused_again"] = await refused_again(room, gone)

    # ---- Redis down: votes stored; a removal whose news cannot cross ------------------
    late, late_id = await follower_on(room, b, PHONES + 1)
    queue.stop()
    for phone in phones:
        await cast_one(room, phone, 1)
        await asyncio.sleep(REDIS_DOWN / PHONES)
    await remove(room, late_id)
    found["late_connected_during_outage"] = late.disconnects == 0

    # ---- Redis back: each vote, cast at any moment, reaches B's projector in a second --
    queue.start()
    back = time.monotonic()
    subscribed = asyncio.create_task(subscribed_after(back, subscribers))
    latencies = []
    for phone in phones:
        acked = await cast_one(room, phone, 2)
        stored = room.stored()
        try:
            await wait_for(lambda s=stored: latest_tally(target, projector) == s, Deadline(5), "")
            latencies.append(round(time.monotonic() - acked, 3))
        except AssertionError:
            latencies.append(None)  # never arrived
        await asyncio.sleep(0.4)
    found["latencies"] = latencies
    found["last_cast_after_back"] = round(time.monotonic() - back, 2)
    with contextlib.suppress(AssertionError):
        found["subscribed_after"] = await subscribed
    found["late_closed_after_back"] = await closed_after(late, back, 10)
    found["late_refused_again"] = await refused_again(room, late)
    found["projector"] = await room.resync(projector, "screen")
    found["stored"] = room.stored()
    found["violations"] = invariants.budget_violations(room.database_url)
    return found


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def database(request):
    """SQLite shared by both processes, or a fresh PostgreSQL database."""
    if request.param == "sqlite":
        return None
    host, port, name = request.getfixturevalue("fresh_postgres")
    return f"postgresql://postgres@{host}:{port}/{name}"


@pytest.fixture(scope="module")
def resumed(database, private_redis, tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp("resume")
    opts = burst.Options(phones=PHONES, dots=3, candidates=5, seed=5)

    async def play(room: Room) -> dict:
        return await scenario(room, private_redis, subscribers)

    try:
        with two_app_processes(tmp_path, opts, database, private_redis) as (target, subscribers):
            yield run(played(target, opts, play), 200 + REDIS_DOWN)
    finally:
        if private_redis.proc is None or private_redis.proc.poll() is not None:
            private_redis.start()  # the next test's queue


def test_a_vote_cast_after_redis_returns_reaches_the_other_process_projector_within_a_second(
    resumed,
):
    latencies = resumed["latencies"]
    assert all(latency is not None and latency <= WITHIN for latency in latencies), latencies
    assert resumed.get("subscribed_after", 99) <= 2.0
    assert resumed["projector"] == resumed["stored"]
    assert resumed["violations"] == {}


def test_a_removed_participant_loses_the_socket_it_holds_on_another_process_at_once(resumed):
    assert resumed["removed_closed_after"] is not None
    assert resumed["removed_closed_after"] < 1.0
    assert resumed["removed_refused_again"]


def test_a_removal_made_while_redis_was_down_closes_the_socket_when_redis_returns(resumed):
    assert resumed["late_connected_during_outage"]
    assert resumed["late_closed_after_back"] is not None
    assert resumed["late_closed_after_back"] < 3.0
    assert resumed["late_refused_again"]
