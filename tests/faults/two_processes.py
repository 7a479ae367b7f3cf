"""What the two-process fault tests share (test_cluster.py, test_queue_resume.py).

Two app processes, A and B, on one database and a private Redis: the console and the
voting phones on A, the projector on B, so every tally it shows crossed the message
queue. Here: starting and stopping them, counting the processes subscribed to the queue,
playing a scenario in a room, and the room before any fault (phones voting on A, their
first dots shown on B).
"""

import asyncio
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import redis as redis_client

from bench import burst
from bench.app_target import AppTarget
from bench.clock import Deadline
from tests.faults import invariants
from tests.faults.conftest import START_SECONDS, server_logs
from tests.faults.scenario import Room, cast_until_answered, wait_for

CHANNEL = "flask-socketio"  # Flask-SocketIO's default message-queue channel


@contextmanager
def two_app_processes(
    log_dir, opts: burst.Options, database_url: str | None, private_redis
) -> Iterator[tuple[AppTarget, Callable[[], int]]]:
    """Start A and B (stopped by pid afterwards); yield them and a count of the processes
    subscribed to the queue (0 while Redis is down). A failure carries their logs' ends."""
    target = AppTarget(log_dir, 2, opts, database_url=database_url, redis_url=private_redis.url)
    queue = redis_client.Redis(host="127.0.0.1", port=private_redis.port, socket_timeout=2)

    def subscribers() -> int:
        try:
            return dict(queue.pubsub_numsub(CHANNEL)).get(CHANNEL.encode(), 0)
        except redis_client.RedisError:
            return 0

    try:
        target.start(log_dir, START_SECONDS)
        yield target, subscribers
    except Exception as error:
        raise AssertionError(f"{error}\n{server_logs(target)}") from error
    finally:
        target.stop()
        queue.close()


async def played(target: AppTarget, opts: burst.Options, scenario) -> dict:
    """Open the room on `target`, play `scenario(room)` (what it found), close the room."""
    room = await Room.open(target, opts)
    try:
        return await scenario(room)
    finally:
        await room.close()


def latest_tally(target, browser) -> dict | None:
    """The tally the last push showing the ranking put on a screen."""
    for push in reversed(browser.pushes):
        shown = target.tally(push.html)
        if shown is not None:
            return invariants.nonzero(shown)
    return None


async def cast_phase(room: Room, phones, slot: int, deadline: Deadline) -> None:
    """Every phone casts its `slot`-th dot (retrying with its key until answered)."""
    tasks = [
        cast_until_answered(
            room.target, p, room.ballots[p.index], p.intents[slot], 0, room.opts, deadline
        )
        for p in phones
    ]
    await asyncio.gather(*tasks)


async def voting_on_a(room: Room, count: int, settle: float) -> list:
    """The room before any fault: `count` phones joined on A, the vote opened, their
    ballots read, a dot each cast on A, and the projector on B showing what is stored."""
    target = room.target
    a, _b = target.servers
    phones = await room.join_phones(count, server=a)
    await target.open_vote()
    await room.load_ballots(phones)
    await cast_phase(room, phones, 0, Deadline(60))
    stored = room.stored()
    await wait_for(lambda: latest_tally(target, target.projector) == stored, Deadline(settle), "B")
    return phones
