"""The bench counts what the server stored against what each phone was told, so a broken
idempotency shows: in the stacking mode (budget 6, up to 6 dots on one orientation) a
replay the server counts again is a double count, and the exit status says so.

End to end against the like-for-like server (bench/minimal_server.py: real sockets, real
SQLite), once as it is and once with its idempotency key ignored."""

import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from bench.burst import Phone, integrity
from bench.page import Intent
from bench.targets import Recount

ROOT = Path(__file__).resolve().parents[2]


def _phone(index, *taps):
    """A phone whose taps (candidate, acked) were all sent."""
    intents = []
    for candidate, acked in taps:
        intent = Intent(0.0, candidate=candidate)
        intent.sent_at = 1.0
        intent.acked_at = 2.0 if acked else None
        intents.append(intent)
    return Phone(index, None, intents, None)


def test_a_stored_dot_beyond_the_taps_sent_is_a_double_count():
    phones = [_phone(0, ("1", True), ("1", True)), _phone(1, ("2", True))]
    recount = Recount(Counter({"1": 3, "2": 1}), {0: Counter({"1": 3}), 1: Counter({"2": 1})})
    figures = integrity(phones, recount)
    assert figures["votes_double_counted"] == 1
    assert figures["votes_lost"] == 0


def test_an_acknowledged_dot_missing_from_the_database_is_lost():
    phones = [_phone(0, ("1", True), ("3", True))]
    figures = integrity(phones, Recount(Counter({"1": 1}), {0: Counter({"1": 1})}))
    assert figures["votes_lost"] == 1
    assert figures["votes_double_counted"] == 0


def test_a_dot_stored_without_its_answer_is_neither_lost_nor_double():
    phones = [_phone(0, ("1", False))]
    figures = integrity(phones, Recount(Counter({"1": 1}), {0: Counter({"1": 1})}))
    assert figures["votes_stored_unacked"] == 1
    assert figures["votes_lost"] == figures["votes_double_counted"] == 0


def _stacking_run(tmp_path, *extra):
    out = tmp_path / "burst.json"
    argv = [
        sys.executable,
        "-m",
        "bench",
        "burst",
        "--phones",
        "12",
        "--dots",
        "4",
        "--window",
        "2",
        "--stacking",
        "--replay-fraction",
        "0.5",
        "--repeat",
        "1",
        "--no-bare",
        "--no-app",
        "--settle",
        "8",
        "--timeout",
        "90",
        "--json",
        str(out),
        "--quiet",
        *extra,
    ]
    run = subprocess.run(argv, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert out.exists(), f"no result (exit {run.returncode}):\n{run.stdout}\n{run.stderr[-3000:]}"
    return run.returncode, json.loads(out.read_text())["minimal"]


@pytest.fixture(scope="module")
def sound(tmp_path_factory):
    return _stacking_run(tmp_path_factory.mktemp("sound"))


@pytest.fixture(scope="module")
def broken(tmp_path_factory):
    return _stacking_run(tmp_path_factory.mktemp("broken"), "--minimal-ignore-key")


def test_replays_with_the_same_key_are_not_counted_twice_in_the_stacking_mode(sound):
    status, figures = sound
    assert figures["replays_sent"] > 0
    assert figures["replays_sent"] == figures["replays_answered_2xx"]
    assert figures["votes_double_counted"] == 0 and figures["votes_lost"] == 0
    assert figures["votes_stored"] == figures["votes_acked"] == 48
    assert status == 0


def test_phones_stack_dots_on_one_orientation_in_the_stacking_mode(sound):
    _status, figures = sound
    assert figures["phones_with_stacked_dots"] > 0
    assert figures["compared_per"] == "phone and candidate"


def test_a_server_that_ignores_the_key_is_caught_double_counting(broken):
    status, figures = broken
    assert figures["votes_double_counted"] > 0
    assert status == 1


def test_phones_join_as_browsers_do_assets_once_and_socket_upgraded_from_polling(sound):
    _status, figures = sound
    assert figures["phones_connected"] == 12
    assert figures["sockets_upgraded_from_polling"] == 12
    # The join page's four assets, none again for the phone page (cached).
    assert figures["asset_requests_per_join"] == 4
