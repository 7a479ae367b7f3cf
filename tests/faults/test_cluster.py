"""Two app processes on one PostgreSQL database and one Redis: Redis stops, PostgreSQL restarts.

Process A holds the console and the phones; the projector is connected to process B, so
every tally it shows crossed the message queue. The queue is a private `redis-server`
(stopped for WORKSHOP_FAULT_REDIS_DOWN_SECONDS, then started again on its port); the
database is a fresh one on the shared server, reached through a TCP proxy the test cuts
for WORKSHOP_FAULT_POSTGRES_DOWN_SECONDS (a restart, as the app sees it).

- Redis down: votes are still stored (HTTP to PostgreSQL), /healthz says "degraded".
- Redis back: broadcasts resume by themselves, the projector on B shows the votes cast
  on A, outage votes included; a screen connecting then gets the whole state.
- PostgreSQL cut: requests get a clear 503 "try again" (no traceback), /healthz says the
  database is down; restored: the same processes serve again (the pool pings its
  connections), the tap refused meanwhile goes through with its key, once.
Afterwards the invariants hold and the projector, console and export show the recount.
"""

import asyncio
import contextlib
import json

import pytest

from bench import burst
from bench.clock import Deadline
from tests.faults import invariants
from tests.faults.conftest import outage_seconds, run
from tests.faults.proxy import CuttableProxy
from tests.faults.scenario import Room, cast_until_answered, wait_for
from tests.faults.two_processes import (
    cast_phase,
    latest_tally,
    played,
    two_app_processes,
    voting_on_a,
)

pytestmark = [pytest.mark.postgres, pytest.mark.redis, pytest.mark.timeout(300)]

REDIS_DOWN = outage_seconds("REDIS_DOWN", suite=3.0, soak=30.0)
POSTGRES_DOWN = outage_seconds("POSTGRES_DOWN", suite=2.0, soak=20.0)
PHONES = 6
SETTLE = 8.0  # how long a screen may take to show a push that crossed the queue
# The queue listener retries 1, 2, 4... s apart (python-socketio), up to 60 s.
RESUBSCRIBE = 2 * REDIS_DOWN + 70


async def health(browser) -> tuple[int, dict]:
    status, body, _headers = await browser.get("/healthz")
    return status, json.loads(body)


async def outages(room: Room, queue, proxy: CuttableProxy, subscribers) -> dict:
    target = room.target
    a, b = target.servers
    found: dict = {"pids": (a.pid, b.pid)}
    projector, console = target.projector, target.console
    phones = await voting_on_a(room, PHONES, SETTLE)

    # ---- Redis down ----------------------------------------------------------------------
    queue.stop()
    found["health_queue_down"] = [await health(console), await health(projector)]
    before = len(projector.pushes)
    # Each phone taps once during the outage (spread over it); the answers are kept.
    spread = REDIS_DOWN / PHONES
    answers = []
    for p in phones:
        intent = p.intents[1]
        result = await target.cast(p.browser, room.ballots[p.index], intent.candidate, intent.key)
        answers.append(result.status)
        if 200 <= result.status < 300:
            intent.acked_at, intent.status = asyncio.get_running_loop().time(), result.status
        intent.sent_at = intent.sent_at or 0.0
        await asyncio.sleep(spread)
    found["answers_queue_down"] = answers
    found["stored_queue_down"] = room.stored()
    found["pushes_queue_down"] = len(projector.pushes) - before

    # ---- Redis back ----------------------------------------------------------------------
    queue.start()
    found["health_queue_back"] = None
    deadline = Deadline(30)
    while not deadline.passed():
        status, body = await health(console)
        if body.get("message_queue") == "ok":
            found["health_queue_back"] = (status, body)
            break
        await asyncio.sleep(0.2)
    await wait_for(lambda: subscribers() >= 2, Deadline(RESUBSCRIBE), "both processes back")
    # A screen left connected through the outage: does it catch up with no new vote?
    stored = room.stored()
    with contextlib.suppress(AssertionError):
        await wait_for(lambda: latest_tally(target, projector) == stored, Deadline(SETTLE), "")
    found["stale_screen_caught_up"] = latest_tally(target, projector) == stored
    # Taps refused during the outage (if any) are sent again with their keys, as phones do.
    await cast_phase(room, [p for p in phones if not p.intents[1].acked_at], 1, Deadline(60))
    # A new vote on A: its push crosses the queue again, with the outage votes in it.
    await cast_phase(room, phones, 2, Deadline(60))
    stored = room.stored()
    with contextlib.suppress(AssertionError):
        await wait_for(lambda: latest_tally(target, projector) == stored, Deadline(SETTLE), "")
    found["projector_after_queue"] = (latest_tally(target, projector), stored)

    # ---- PostgreSQL cut ------------------------------------------------------------------
    late = await room.join_phones(1, first_index=PHONES, server=a)
    await room.load_ballots(late)
    (intent, *_rest) = late[0].intents
    proxy.cut()
    refused = await target.cast(
        late[0].browser, room.ballots[late[0].index], intent.candidate, intent.key
    )
    found["tap_database_down"] = (refused.status, refused.text)
    status, body, headers = await console.get(f"/w/{room.code}/console")
    found["page_database_down"] = (status, body, headers.get("Retry-After"))
    found["health_database_down"] = await health(console)
    await asyncio.sleep(POSTGRES_DOWN)
    proxy.restore()
    # The phone sends its tap again with the same key; the same processes answer.
    await cast_until_answered(
        target, late[0], room.ballots[late[0].index], intent, 0, room.opts, Deadline(60)
    )
    found["tap_database_back"] = intent.status
    found["health_database_back"] = [await health(console), await health(projector)]
    found["pids_after"] = (a.pid, b.pid)
    found["alive_after"] = (a.proc.poll(), b.proc.poll())

    # ---- afterwards: the truth, and what every screen shows ----------------------------
    stored = room.stored()
    found["stored"] = stored
    found["acked"] = sum(1 for i in room.intents() if i.acked_at)
    found["integrity"] = room.integrity()
    found["violations"] = invariants.budget_violations(room.database_url)
    found["unkeyed"] = invariants.unkeyed_dots(room.database_url, room.activity_id)
    found["projector"] = await room.resync(projector, "screen")
    found["console"] = await room.resync(console, "console")
    found["export"] = await room.exported()
    return found


@pytest.fixture(scope="module")
def cluster(fresh_postgres, private_redis, tmp_path_factory):
    """Run the whole scenario once; the tests below read what it found."""
    host, port, name = fresh_postgres
    proxy = CuttableProxy(host, port)
    proxy.start()
    log_dir = tmp_path_factory.mktemp("cluster")
    opts = burst.Options(phones=PHONES, dots=3, candidates=5, seed=3)
    url = f"postgresql://postgres@127.0.0.1:{proxy.port}/{name}"

    async def scenario(room: Room) -> dict:
        room.truth_url = f"postgresql://postgres@{host}:{port}/{name}"
        return await outages(room, private_redis, proxy, subscribers)

    try:
        with two_app_processes(log_dir, opts, url, private_redis) as (target, subscribers):
            yield run(played(target, opts, scenario), 240 + 2 * REDIS_DOWN + POSTGRES_DOWN)
    finally:
        proxy.close()


def test_votes_are_stored_while_the_message_queue_is_down(cluster):
    assert cluster["answers_queue_down"] == [200] * PHONES
    assert sum(cluster["stored_queue_down"].values()) == 2 * PHONES
    assert cluster["pushes_queue_down"] == 0  # the screen really was cut off meanwhile


def test_health_reports_the_degradation_and_the_recovery(cluster):
    for status, body in cluster["health_queue_down"]:
        assert status == 200
        assert body == {"status": "degraded", "database": "ok", "message_queue": "down"}
    assert cluster["health_queue_back"] == (
        200,
        {"status": "ok", "database": "ok", "message_queue": "ok"},
    )
    status, body = cluster["health_database_down"]
    assert status == 503 and body["database"] == "down"
    for status, body in cluster["health_database_back"]:
        assert status == 200 and body["status"] == "ok"


def test_broadcasts_resume_across_processes_when_the_queue_returns(cluster):
    shown, stored = cluster["projector_after_queue"]
    assert shown == stored
    assert sum(stored.values()) == 3 * PHONES  # the outage's votes are in it


def test_a_screen_connected_through_the_outage_catches_up_by_itself(cluster):
    assert cluster["stale_screen_caught_up"]


def test_a_cut_database_answers_try_again_and_the_pool_recovers(cluster):
    status, text = cluster["tap_database_down"]
    assert status == 503 and "Traceback" not in text and "psycopg" not in text
    status, page, retry_after = cluster["page_database_down"]
    assert status == 503 and retry_after and "Traceback" not in page
    assert cluster["tap_database_back"] == 200
    # Served again by the same processes: nothing was restarted.
    assert cluster["pids_after"] == cluster["pids"]
    assert cluster["alive_after"] == (None, None)


def test_the_invariants_hold_after_the_outages(cluster):
    assert cluster["violations"] == {}
    assert cluster["unkeyed"] == []
    integrity = cluster["integrity"]
    assert integrity["votes_lost"] == integrity["votes_double_counted"] == 0
    assert integrity["votes_stored_unacked"] == 0
    assert integrity["votes_stored"] == cluster["acked"] == 3 * PHONES + 1
    stored = cluster["stored"]
    assert cluster["projector"] == stored
    assert cluster["console"] == stored
    assert cluster["export"] == stored
