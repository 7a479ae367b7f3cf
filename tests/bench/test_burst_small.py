"""The load benchmark in small: 50 phones vote at once, and nothing is lost or counted twice.

Correctness only, never timing: the same code as `python -m bench burst` (bench/), run as
a subprocess against a real `python run.py` server with SQLite, phones joining over HTTP
and following over Socket.IO, dots cast with idempotency keys (some sent twice).
"""

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import skip_or_fail

ROOT = Path(__file__).resolve().parents[2]
NEEDED = {"aiohttp": "aiohttp", "socketio": "python-socketio[asyncio_client]", "psutil": "psutil"}


@pytest.fixture(scope="module")
def small_burst(tmp_path_factory):
    missing = [pip for module, pip in NEEDED.items() if importlib.util.find_spec(module) is None]
    if missing:
        skip_or_fail(f"the benchmark needs {', '.join(missing)}: pip install -e '.[bench]'")
    out = tmp_path_factory.mktemp("bench") / "burst.json"
    argv = [
        sys.executable,
        "-m",
        "bench",
        "burst",
        "--phones",
        "50",
        "--dots",
        "3",
        "--window",
        "3",
        "--replay-fraction",
        "0.2",
        "--no-bare",
        "--no-minimal",
        "--repeat",
        "1",
        "--settle",
        "10",
        "--timeout",
        # A bound, not a target: a busy CI machine may take minutes for 50 browser-like
        # phones; only a hung run should end here.
        "300",
        "--json",
        str(out),
        "--quiet",
    ]
    run = subprocess.run(argv, cwd=ROOT, capture_output=True, text=True, timeout=360)
    assert out.exists(), f"no result (exit {run.returncode}):\n{run.stdout}\n{run.stderr[-3000:]}"
    return json.loads(out.read_text())["app"]


def test_every_phone_joins_and_follows_the_workshop(small_burst):
    assert small_burst["phones_connected"] == 50
    assert small_burst["phones_failed"] == []
    assert small_burst["socket_disconnects"] == 0


def test_every_dot_is_acknowledged(small_burst):
    assert small_burst["votes_acked"] == small_burst["votes_intended"] == 150
    assert small_burst["votes_failed"] == 0


def test_no_acknowledged_dot_is_lost_or_counted_twice(small_burst):
    assert small_burst["compared_per"] == "phone and candidate"
    assert small_burst["votes_lost"] == 0
    assert small_burst["votes_double_counted"] == 0
    assert small_burst["votes_stored"] == 150


def test_a_replayed_dot_is_answered_but_not_counted_again(small_burst):
    assert small_burst["replays_sent"] > 0
    assert small_burst["replays_sent"] == small_burst["replays_answered_2xx"]


def test_the_projector_converges_to_the_recount(small_burst):
    assert small_burst["projector_converged"]
    assert sum(small_burst["final_tally"].values()) == 150
