"""Fault tests (issue 8): real servers stopped, cut, locked or left behind, and afterwards
the invariants still hold (tests/faults/invariants.py).

Every server these tests stop or block is their own: app servers started as
subprocesses (bench/servers.py), a private `redis-server` on a free port, a cuttable TCP
proxy in front of PostgreSQL (tests/faults/proxy.py) with a fresh database per test. The
machine's shared PostgreSQL and Redis are never stopped.

Outage lengths are parameters (tests/faults/conftest.py, `outage_seconds`): short in the
suite, long in a soak run.

    pytest tests/faults                                  # the suite: a few seconds each
    WORKSHOP_SOAK=1 pytest tests/faults tests/browser/test_faults.py   # long outages
    WORKSHOP_FAULT_REDIS_DOWN_SECONDS=45 pytest tests/faults/test_cluster.py
"""
