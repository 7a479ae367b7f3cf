"""Slow and idle clients hold nothing scarce: other phones vote normally (real server).

On one `python run.py` server, a hundred raw connections misbehave at once, and each
comes back as soon as the server closes it, for the whole test:
- headers of a vote tap and no body, no cookie, a made-up code (four of these used to
  fill the vote gate and stop every tap of the process);
- a real phone's vote tap (its cookie and CSRF token) whose body trickles a byte at a time;
- request headers trickling a line at a time, never finished;
- connections opened and left idle.
Meanwhile twenty phones cast three dots each. Every dot is stored once, promptly; and
each kind of slow connection is closed by the server's time limits, not before.
"""

import asyncio
import os
import statistics
import time
from collections import defaultdict

import pytest
import yarl

from bench import burst
from bench.app_target import AppTarget
from bench.clock import Deadline
from tests.faults import invariants
from tests.faults.conftest import START_SECONDS, run, server_logs
from tests.faults.scenario import Room

pytestmark = pytest.mark.timeout(240)

# Short limits, so closes are seen within the test (the defaults are 20, 10 and 30 s).
LIMITS = {"KEEPALIVE_SECONDS": 5, "REQUEST_HEADER_SECONDS": 4, "REQUEST_BODY_SECONDS": 6}
# WORKSHOP_FAULT_SLOW_CLIENTS_SCALE=4 holds four times as many (400) for a heavier run.
SCALE = int(os.environ.get("WORKSHOP_FAULT_SLOW_CLIENTS_SCALE", "1"))
SLOW = {"headers_only": 40, "trickled_body": 20, "trickled_headers": 20, "idle": 20}
SLOW = {kind: count * SCALE for kind, count in SLOW.items()}
PHONES, DOTS = 20, 3
HOLD_SECONDS = 14  # the attack lasts at least this long: past every limit above


class Attack:
    """Raw connections that misbehave, reopened as soon as the server closes them."""

    def __init__(self, host: str, port: int, vote_path: str, cookie: str, token: str):
        self.host, self.port = host, port
        self.vote_path, self.cookie, self.token = vote_path, cookie, token
        self.open = 0
        self.peak = 0
        self.closed_after: dict[str, list[float]] = defaultdict(list)
        self.answers: dict[str, set[bytes]] = defaultdict(set)
        self.stopping = asyncio.Event()

    def opening(self, kind: str) -> tuple[bytes, bytes | None, float]:
        """What a connection sends first, what it trickles after, and how often."""
        if kind == "headers_only":
            head = (
                b"POST /p/ACDEFG/vote/1/dot HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n"
                b"Content-Type: application/x-www-form-urlencoded\r\n\r\n"
            )
            return head, None, 1.0
        if kind == "trickled_body":
            head = (
                f"POST {self.vote_path} HTTP/1.1\r\nHost: x\r\nCookie: {self.cookie}\r\n"
                f"X-CSRFToken: {self.token}\r\nHX-Request: true\r\nContent-Length: 500\r\n"
                "Content-Type: application/x-www-form-urlencoded\r\n\r\ncandidate_id="
            ).encode()
            return head, b"1", 0.5
        if kind == "trickled_headers":
            return f"GET {self.vote_path} HTTP/1.1\r\n".encode(), b"X-Slow: 1\r\n", 1.0
        return b"", None, 1.0  # idle

    async def connection(self, kind: str) -> None:
        while not self.stopping.is_set():
            head, drip, every = self.opening(kind)
            reader, writer = await asyncio.open_connection(self.host, self.port)
            started = time.monotonic()
            self.open += 1
            self.peak = max(self.peak, self.open)
            try:
                writer.write(head)
                await writer.drain()
                answer = await self._hold(reader, writer, drip, every)
            finally:
                self.open -= 1
                writer.close()
            if answer is not None:
                self.closed_after[kind].append(time.monotonic() - started)
                self.answers[kind].add(answer.split(b"\r\n", 1)[0])

    async def _hold(self, reader, writer, drip, every) -> bytes | None:
        """Trickle until the server closes; return what it answered (None: we stopped)."""
        answer = b""
        while not self.stopping.is_set():
            try:
                chunk = await asyncio.wait_for(reader.read(4096), every)
            except TimeoutError:
                if drip:
                    try:
                        writer.write(drip)
                        await writer.drain()
                    except ConnectionError:
                        return answer
                continue
            except ConnectionError:
                return answer
            if not chunk:
                return answer
            answer += chunk
        return None


async def slow_clients_while_phones_vote(target: AppTarget, opts) -> dict:
    room = await Room.open(target, opts)
    tasks = []
    try:
        phones = await room.join_phones(PHONES + 1)
        slow_phone, voters = phones[0], phones[1:]
        await target.open_vote()
        await room.load_ballots(voters)
        server = target.servers[0]
        jar = slow_phone.browser.session.cookie_jar.filter_cookies(yarl.URL(server.base))
        cookie = "; ".join(f"{k}={m.value}" for k, m in jar.items())
        attack = Attack(
            "127.0.0.1", server.port, room.ballot_path + "/dot", cookie, slow_phone.browser.token
        )
        for kind, count in SLOW.items():
            tasks += [asyncio.create_task(attack.connection(kind)) for _ in range(count)]
        await asyncio.sleep(1.5)  # every slow connection is in place
        held_when_voting = attack.open
        started = time.monotonic()
        await asyncio.gather(*room.cast_all(voters, started, Deadline(60)))
        voting_seconds = time.monotonic() - started
        held_after_voting = attack.open
        await asyncio.sleep(max(0.0, HOLD_SECONDS - (time.monotonic() - started)))
        attack.stopping.set()
        await asyncio.gather(*tasks, return_exceptions=True)
        return {
            "held_when_voting": held_when_voting,
            "held_after_voting": held_after_voting,
            "peak": attack.peak,
            "voting_seconds": voting_seconds,
            "ack_ms": [i.ack_ms for i in room.intents(voters) if i.ack_ms is not None],
            "statuses": [i.status for i in room.intents(voters)],
            "errors": [e for i in room.intents(voters) for e in i.errors],
            "acked": room.acked(voters),
            "intents": len(room.intents(voters)),
            "closed_after": dict(attack.closed_after),
            "answers": dict(attack.answers),
            "stored": room.stored(),
            "projector": await room.resync(target.projector, "screen"),
            "violations": invariants.budget_violations(room.database_url),
        }
    finally:
        for task in tasks:
            task.cancel()
        await room.close()


def test_slow_and_idle_connections_never_stop_other_phones_voting(tmp_path, servers_to_stop):
    opts = burst.Options(phones=PHONES, dots=DOTS, window=2.0, candidates=5, replay_fraction=0)
    target = AppTarget(tmp_path, 1, opts)
    for server in target.servers:
        server.env.update({f"WORKSHOP_{name}": str(value) for name, value in LIMITS.items()})
    servers_to_stop.append(target)
    target.start(tmp_path, START_SECONDS)
    try:
        found = run(slow_clients_while_phones_vote(target, opts), 180)
    except Exception as error:
        raise AssertionError(f"{error}\n{server_logs(target)}") from error
    report = {k: v for k, v in found.items() if k not in ("ack_ms", "statuses")}
    ack_ms = sorted(found["ack_ms"]) or [float("inf")]
    p95 = ack_ms[int(0.95 * (len(ack_ms) - 1))]
    print(
        f"\nslow connections held: {found['held_when_voting']} when voting began, "
        f"{found['held_after_voting']} when it ended (peak {found['peak']}); "
        f"{found['acked']}/{found['intents']} dots acked in {found['voting_seconds']:.1f} s; "
        f"ack ms median {statistics.median(ack_ms):.0f}, p95 {p95:.0f}, max {ack_ms[-1]:.0f}"
    )
    for kind, durations in found["closed_after"].items():
        print(f"  {kind}: closed after {min(durations):.1f}-{max(durations):.1f} s")
    assert found["held_when_voting"] >= 0.9 * sum(SLOW.values()), report
    assert found["held_after_voting"] >= 0.9 * sum(SLOW.values()), report
    # Every dot went through at the first try, promptly, and is stored once.
    assert found["acked"] == found["intents"] == PHONES * DOTS, report
    assert set(found["statuses"]) == {200} and not found["errors"], report
    assert p95 < 3000, report
    assert sum(found["stored"].values()) == PHONES * DOTS
    assert found["projector"] == found["stored"]
    assert found["violations"] == {}
    # Each kind of slow connection was closed by its time limit (none held forever).
    closed = found["closed_after"]
    body, header = LIMITS["REQUEST_BODY_SECONDS"], LIMITS["REQUEST_HEADER_SECONDS"]
    expected = {
        "headers_only": body,
        "trickled_body": body,
        "trickled_headers": header,
        "idle": LIMITS["KEEPALIVE_SECONDS"],
    }
    for kind, limit in expected.items():
        assert closed.get(kind), f"no {kind} connection was ever closed: {report}"
        assert all(limit - 0.5 <= d <= limit + 4 for d in closed[kind]), (kind, closed[kind])
    assert found["answers"]["trickled_body"] == {b"HTTP/1.1 400 BAD REQUEST"}
    assert "Traceback" not in server_logs(target)
