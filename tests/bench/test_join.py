"""`python -m bench join` joins phones as browsers do and reports what a join costs:
join-to-connected times, CPU and requests per join, connections and memory per phone.
Small and against the like-for-like server only (correctness, never timing)."""

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_join_bench_connects_every_phone_and_reports_the_cost_of_a_join(tmp_path):
    out = tmp_path / "join.json"
    argv = [sys.executable, "-m", "bench", "join", "--phones", "10", "--over", "1"]
    argv += ["--repeat", "1", "--no-bare", "--no-app", "--timeout", "60"]
    argv += ["--json", str(out), "--quiet"]
    run = subprocess.run(argv, cwd=ROOT, capture_output=True, text=True, timeout=90)
    assert run.returncode == 0, run.stderr[-3000:]
    result = json.loads(out.read_text())
    figures = result["minimal"]
    assert figures["phones_connected"] == 10 and figures["phones_failed_count"] == 0
    assert figures["connect_ms"]["n"] == 10
    assert figures["sockets_upgraded_from_polling"] == 10
    # The join page, its four assets, the join, the phone page, and the socket's start
    # (handshake, CONNECT by POST, at least one poll): every phone, nothing cached yet.
    assert figures["http_requests_per_join"] >= 10
    assert figures["server_cpu_ms_per_join"] > 0
    assert figures["server_connections_per_phone"] >= 1
    assert "votes_acked" not in figures  # the joins only: no vote was opened
    assert result["scenario"]["ramp_rate"] == 10.0
