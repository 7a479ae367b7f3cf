"""The app as `python run.py` serves it, for tests that talk to it over the network.

One way to start it, shared by the real-browser tests (tests/browser/conftest.py) and the
real-websocket ones (tests/live/test_socket_taps_served.py): this checkout's run.py on a
free loopback port, with an instance folder of the test's own, waited for until a page
answers 200, and stopped by its pid (bench/servers.py's Server, which also stops it if
the test run dies). A server that does not come up fails the test with the end of its log.
"""

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from bench.servers import CORES, LOOPBACK, Server, free_port


@contextmanager
def served_app(
    instance: Path,
    log_dir: Path,
    *,
    dropped: tuple[str, ...],
    ready_path: str,
    start_seconds: float,
    **env: str,
) -> Iterator[Server]:
    """Serve the app with `instance` as its folder; yield its Server (`base`: its address,
    `log_path`: log_dir/server.log). `dropped`: environment variables not passed on (those
    that would point it at shared services); `env`: more variables for it."""
    port = free_port()
    base = f"http://{LOOPBACK}:{port}"
    environ = {k: v for k, v in os.environ.items() if k not in dropped}
    environ.update(
        WORKSHOP_INSTANCE_PATH=str(instance), PUBLIC_BASE_URL=base, PYTHONUNBUFFERED="1", **env
    )
    argv = [sys.executable, "run.py", "--host", LOOPBACK, "--port", str(port)]
    server = Server("server", argv, environ, port, log_dir)
    try:
        try:
            server.start(set(CORES), ready_path, start_seconds)
        except RuntimeError as error:
            pytest.fail(f"the app did not answer at {base}{ready_path}: {error}")
        yield server
    finally:
        server.stop()
