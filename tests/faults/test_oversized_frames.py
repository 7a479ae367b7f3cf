"""Oversized and garbage Socket.IO frames against a real server (gevent, websocket).

A phone's socket sends a 200 KB event (the server accepts 64 KB frames at most), then
another opens and sends raw garbage: each is cut off alone. The server keeps serving the
room: another phone votes, its dot is stored once, and the projector shows the recount.
"""

import asyncio
import time

import pytest

from bench import burst
from bench.app_target import AppTarget
from bench.clock import Deadline
from tests.faults import invariants
from tests.faults.conftest import START_SECONDS, run, server_logs
from tests.faults.scenario import Room, wait_for

pytestmark = pytest.mark.timeout(120)


async def frames_then_a_vote(target: AppTarget, opts) -> dict:
    room = await Room.open(target, opts)
    try:
        loud, calm = await room.join_phones(2)
        for phone in (loud, calm):
            await phone.browser.connect({"workshop": room.code, "audience": "phone"}, 10)
        await target.open_vote()
        await room.load_ballots([calm])
        found = {"loud_disconnects_before": loud.browser.disconnects}
        await loud.browser.emit("vote", {"blob": "x" * 200_000})  # over 64 KB
        await wait_for(lambda: loud.browser.disconnects > 0, Deadline(10), "the cut")
        found["loud_disconnects_after"] = loud.browser.disconnects
        # Raw garbage on a fresh Engine.IO websocket: refused, nothing else disturbed.
        ws_url = loud.browser.base.replace("http", "ws") + "/socket.io/?EIO=4&transport=websocket"
        async with loud.browser.session.ws_connect(ws_url) as ws:
            await ws.receive(timeout=5)  # the open packet
            await ws.send_bytes(b"\xff\xfe\x00garbage" * 1000)
            await ws.send_str("4" + "[" * 5000)
            closed = await ws.receive(timeout=10)
            found["garbage_answer"] = closed.type.name
        calm_deadline = Deadline(30)
        intent = calm.intents[0]
        await asyncio.gather(*room.cast_all([calm], time.monotonic(), calm_deadline)[:1])
        found["calm_acked"] = bool(intent.acked_at)
        found["projector"] = await room.resync(target.projector, "screen")
        found["stored"] = room.stored()
        found["violations"] = invariants.budget_violations(room.database_url)
        found["calm_connected"] = calm.browser.connected
        return found
    finally:
        await room.close()


def test_oversized_and_garbage_frames_cut_one_socket_and_nothing_else(tmp_path, servers_to_stop):
    opts = burst.Options(phones=2, dots=1, window=1.0, candidates=3, replay_fraction=0.0)
    target = AppTarget(tmp_path, 1, opts)
    servers_to_stop.append(target)
    target.start(tmp_path, START_SECONDS)
    try:
        found = run(frames_then_a_vote(target, opts), 90)
    except Exception as error:
        raise AssertionError(f"{error}\n{server_logs(target)}") from error
    assert found["loud_disconnects_after"] > found["loud_disconnects_before"]
    assert found["garbage_answer"] in ("CLOSE", "CLOSED", "CLOSING", "ERROR")
    assert found["calm_acked"] and found["calm_connected"]
    assert sum(found["stored"].values()) == 1
    assert found["projector"] == found["stored"]
    assert found["violations"] == {}
    assert "Traceback" not in server_logs(target)
