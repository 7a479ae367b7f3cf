"""Fixtures of the fault tests: app servers as real subprocesses, phones over HTTP.

The servers are started the way the benchmark starts them (bench/app_target.py,
bench/servers.py: `python run.py` on a free loopback port, stopped by pid), and the
facilitator, the projector and the phones are the benchmark's simulated browsers
(bench/browser.py: one cookie jar each, the CSRF token, `join_key`, dots cast with an
`Idempotency-Key`). Nothing here touches the machine's shared PostgreSQL or Redis.
"""

import contextlib
import importlib.util
import os
import shutil
import uuid
from pathlib import Path

import pytest
from sqlalchemy import text

from tests.async_run import run_scenario
from tests.conftest import TEST_POSTGRES_URL, skip_or_fail

NEEDED = {"aiohttp": "aiohttp", "socketio": "python-socketio[asyncio_client]", "psutil": "psutil"}
SOAK = os.environ.get("WORKSHOP_SOAK") == "1"
START_SECONDS = 60


def outage_seconds(name: str, suite: float, soak: float) -> float:
    """How long a fault lasts: WORKSHOP_FAULT_<NAME>_SECONDS, else short (suite) or long (soak).

    Names: SERVER_DOWN, PHONE_OFFLINE, REDIS_DOWN, POSTGRES_DOWN.
    """
    raw = os.environ.get(f"WORKSHOP_FAULT_{name.upper()}_SECONDS")
    return float(raw) if raw else (soak if SOAK else suite)


@pytest.fixture(scope="session", autouse=True)
def bench_clients():
    """The simulated browsers need aiohttp and the asyncio Socket.IO client."""
    missing = [pip for module, pip in NEEDED.items() if importlib.util.find_spec(module) is None]
    if missing:
        skip_or_fail(f"the fault tests need {', '.join(missing)}: pip install -e '.[test]'")


def run(coro, timeout: float):
    """Run one asyncio scenario to its end, bounded, on an event loop of its own."""
    return run_scenario(coro, timeout)


@pytest.fixture(scope="module")
def private_redis(tmp_path_factory):
    """A throw-away redis-server on a free port, stopped by pid afterwards."""
    if shutil.which("redis-server") is None:
        skip_or_fail("redis-server is not installed (apt-get install redis-server)")
    from bench.servers import PrivateRedis

    redis = PrivateRedis(tmp_path_factory.mktemp("redis"))
    redis.start()
    yield redis
    redis.stop()


@pytest.fixture(scope="module")
def fresh_postgres(postgres_server):
    """A fresh database on the shared PostgreSQL server: (host, port, name); dropped after."""
    from sqlalchemy.engine import make_url

    name = f"ws_fault_{uuid.uuid4().hex[:12]}"
    with postgres_server.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(TEST_POSTGRES_URL)
    yield url.host or "127.0.0.1", url.port or 5432, name
    with postgres_server.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@pytest.fixture
def servers_to_stop():
    """Targets whose servers are stopped by pid at the end of the test, whatever happens."""
    started = []
    yield started
    for target in started:
        with contextlib.suppress(Exception):
            target.stop()


def restart(server, cpus) -> None:
    """Start a stopped app server again on the same port and database (a new log file)."""
    count = getattr(server, "restarts", 0) + 1
    server.restarts = count
    server.log_path = Path(server.log_path).with_name(f"{server.name}-restart{count}.log")
    server.start(cpus, "/healthz", START_SECONDS)


def server_logs(target) -> str:
    """The end of every server log of a target (for failure messages)."""
    parts = []
    for server in target.servers:
        for path in sorted(Path(server.log_path).parent.glob(f"{server.name}*.log")):
            lines = path.read_text(errors="replace").splitlines()[-25:]
            parts.append(f"--- {path.name}\n" + "\n".join(lines))
    return "\n".join(parts)
