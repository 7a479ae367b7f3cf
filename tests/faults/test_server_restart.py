"""The server dies in the middle of a vote burst and comes back on the same database.

30 phones cast 3 dots each over a few seconds (HTTP, an idempotency key per tap). Once a
third of the dots are acknowledged, the server gets SIGTERM (or SIGKILL), stays down for
WORKSHOP_FAULT_SERVER_DOWN_SECONDS, and is started again on the same SQLite file. The
phones retry what was not acknowledged with the same key, as static/js/vote.js does,
and some acknowledged dots are sent again too (an answer lost on the way). Afterwards:
every acknowledged dot is stored exactly once, nothing else is, budgets hold, and the
projector, the console and the JSON export all show the recount.
"""

import asyncio
import os
import signal
import time

import pytest

from bench import burst
from bench.app_target import AppTarget
from bench.clock import Deadline
from tests.faults import invariants
from tests.faults.conftest import START_SECONDS, outage_seconds, restart, run, server_logs
from tests.faults.scenario import Room, wait_for

pytestmark = pytest.mark.timeout(240)

PHONES = 30
DOTS = 3
DOWN_SECONDS = outage_seconds("SERVER_DOWN", suite=1.0, soak=20.0)


async def burst_through_a_restart(target: AppTarget, sig: int, opts) -> dict:
    room = await Room.open(target, opts)
    try:
        phones = await room.join_phones(PHONES)
        await target.open_vote()
        await room.load_ballots(phones)
        server = target.servers[0]
        deadline = Deadline(90 + 4 * DOWN_SECONDS)
        t_open = time.monotonic()
        taps = room.cast_all(phones, t_open, deadline)
        total = len(room.intents())

        await wait_for(lambda: room.acked() >= total // 3, deadline, "a third of the dots")
        os.kill(server.pid, sig)
        await asyncio.to_thread(server.proc.wait, 30)
        acked_before = room.acked()
        await asyncio.sleep(DOWN_SECONDS)
        await asyncio.to_thread(restart, server, server.cpus)

        await asyncio.wait_for(asyncio.gather(*taps), deadline.left() + 5)
        return {
            "total": total,
            "acked_before_kill": acked_before,
            "intents": room.intents(),
            "integrity": room.integrity(),
            "stored": room.stored(),
            "violations": invariants.budget_violations(room.database_url),
            "unkeyed": invariants.unkeyed_dots(room.database_url, room.activity_id),
            "projector": await room.resync(target.projector, "screen"),
            "console": await room.resync(target.console, "console"),
            "export": await room.exported(),
        }
    finally:
        await room.close()


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGKILL], ids=["sigterm", "sigkill"])
def test_a_server_killed_mid_burst_loses_and_doubles_nothing(sig, tmp_path, servers_to_stop):
    opts = burst.Options(
        phones=PHONES, dots=DOTS, window=4.0, candidates=5, replay_fraction=0.3, seed=sig
    )
    target = AppTarget(tmp_path, 1, opts)
    servers_to_stop.append(target)
    target.start(tmp_path, START_SECONDS)
    try:
        found = run(burst_through_a_restart(target, sig, opts), 200 + 4 * DOWN_SECONDS)
    except Exception as error:
        raise AssertionError(f"{error}\n{server_logs(target)}") from error
    intents = found["intents"]

    # The server really died in the middle of the burst, and phones had to retry.
    assert 0 < found["acked_before_kill"] < found["total"]
    assert any(i.errors and i.acked_at for i in intents), "no tap was retried"
    # Every tap was finally acknowledged: nothing was refused, nothing given up.
    refused = [(i.status, i.errors) for i in intents if not i.acked_at]
    assert not refused, refused
    # Each acknowledged dot is stored once; nothing unacknowledged is; replays count once.
    integrity = found["integrity"]
    assert integrity["compared_per"] == "phone and candidate"
    assert integrity["votes_lost"] == 0
    assert integrity["votes_double_counted"] == 0
    assert integrity["votes_stored"] == len(intents) == PHONES * DOTS
    assert any(i.replay_status for i in intents), "no acknowledged dot was sent again"
    assert all(i.replay_status in (None, 200) for i in intents)
    # Budgets and the per-orientation maximum hold; every dot came with its key.
    assert found["violations"] == {}
    assert found["unkeyed"] == []
    # What the room sees after the restart is the recount.
    assert sum(found["stored"].values()) == PHONES * DOTS
    assert found["projector"] == found["stored"]
    assert found["console"] == found["stored"]
    assert found["export"] == found["stored"]
