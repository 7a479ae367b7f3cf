"""Processes the benchmark starts and stops by pid: app servers, the bare server, Redis.

Everything listens on 127.0.0.1 only. Every wait is bounded by a deadline.
"""

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
LOOPBACK = "127.0.0.1"
# The cores this run may use, read before the generator pins itself to one of them.
CORES = sorted(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else [0]


def free_port() -> int:
    """Return a TCP port on loopback that nothing listens on right now."""
    with socket.socket() as s:
        s.bind((LOOPBACK, 0))
        return s.getsockname()[1]


def raise_open_file_limit() -> int:
    """Raise this process's soft open-file limit to its hard limit (children inherit it)."""
    import resource

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < hard:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    return resource.getrlimit(resource.RLIMIT_NOFILE)[0]


def pin(pid: int, cpus: set[int]) -> bool:
    """Pin a process to some cores; False where the platform cannot."""
    try:
        os.sched_setaffinity(pid, cpus)
    except (AttributeError, OSError):
        return False
    return True


def plan_cores(servers: int) -> tuple[list[set[int]], set[int]]:
    """Give the generator the last core and the servers the others (shared if too few).

    On a 2-core machine: the generator on core 1, every server on core 0.
    """
    cores = CORES
    if len(cores) < 2:
        return [set(cores)] * servers, set(cores)
    generator, rest = {cores[-1]}, cores[:-1]
    return [{rest[i % len(rest)]} for i in range(servers)], generator


APP_FILES = ("run.py", "workshop", "templates", "static", "migrations")


def snapshot_app(into: Path) -> dict:
    """Copy the app as it is now (other people may be editing it) and describe the copy.

    Every app process of a run imports this copy, so a run measures one version.
    """
    import hashlib

    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    into.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    for name in APP_FILES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, into / name, ignore=ignore)
        else:
            shutil.copy2(source, into / name)
    for path in sorted(p for p in into.rglob("*") if p.is_file()):
        digest.update(str(path.relative_to(into)).encode() + path.read_bytes())
    head = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    return {"git_head": head or None, "tree_sha256": digest.hexdigest()[:16], "path": str(into)}


class Server:
    """One server process: started, waited for, measured, stopped by its pid."""

    def __init__(
        self, name: str, argv: list[str], env: dict, port: int, log_dir: Path, cwd: Path = ROOT
    ):
        self.name, self.argv, self.env, self.port, self.cwd = name, argv, env, port, cwd
        self.log_path = log_dir / f"{name}.log"
        self.proc: subprocess.Popen | None = None
        self.ps: psutil.Process | None = None

    @property
    def base(self) -> str:
        return f"http://{LOOPBACK}:{self.port}"

    @property
    def pid(self) -> int:
        return self.proc.pid

    def start(self, cpus: set[int], ready_path: str, timeout: float) -> None:
        """Start the process, pin it, and wait until `ready_path` answers 200."""
        log = open(self.log_path, "wb")  # noqa: SIM115 - closed with the process
        self.proc = subprocess.Popen(
            self.argv,
            cwd=self.cwd,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
        log.close()
        self.ps = psutil.Process(self.proc.pid)
        pin(self.proc.pid, cpus)
        self.cpus = cpus
        self._wait_ready(ready_path, time.monotonic() + timeout)

    def _wait_ready(self, path: str, deadline: float) -> None:
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"{self.name} exited ({self.proc.returncode}): {self.tail()}")
            try:
                with urllib.request.urlopen(self.base + path, timeout=2) as answer:
                    if answer.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.2)
        raise RuntimeError(f"{self.name} not ready after the timeout: {self.tail()}")

    def cpu_seconds(self) -> float:
        times = self.ps.cpu_times()
        return times.user + times.system

    def connections(self) -> int:
        """TCP connections established to this server's port (HTTP keep-alive and sockets)."""
        try:
            found = self.ps.net_connections(kind="tcp")
        except (psutil.AccessDenied, psutil.NoSuchProcess):
            return 0
        return sum(1 for c in found if c.status == "ESTABLISHED" and c.laddr.port == self.port)

    def rss_kb(self) -> int:
        return self.ps.memory_info().rss // 1024

    def tail(self, lines: int = 30) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def stop(self, timeout: float = 10) -> None:
        """Stop the process by its pid: SIGTERM, then SIGKILL after `timeout`."""
        if self.proc is None or self.proc.poll() is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.proc.pid, signal.SIGTERM)
        try:
            self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.proc.pid, signal.SIGKILL)
            self.proc.wait(5)


def clean_env() -> dict:
    """The environment for servers: ours, minus settings that would point them elsewhere."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("WORKSHOP_")}
    for name in ("DATABASE_URL", "REDIS_URL", "PUBLIC_BASE_URL", "WORKSHOP_PASSWORD"):
        env.pop(name, None)
    env["PYTHONUNBUFFERED"] = "1"
    return env


def app_server(
    index: int,
    instance: Path,
    log_dir: Path,
    secret: str,
    database_url: str | None,
    redis_url: str | None,
    code: Path,
) -> Server:
    """An app server as `python run.py` (of the snapshot `code`) on a free loopback port."""
    port = free_port()
    env = clean_env() | {
        "WORKSHOP_INSTANCE_PATH": str(instance),
        "PUBLIC_BASE_URL": f"http://{LOOPBACK}:{port}",
        "WORKSHOP_SECRET_KEY": secret,
        # All simulated phones share one address: lift the per-address join budget.
        "WORKSHOP_JOIN_RATE_LIMIT": "1000000 per minute",
        "WORKSHOP_PARTICIPANT_RATE_LIMIT": "100000 per minute",
        "WORKSHOP_JOINS_PER_ADDRESS_LIMIT": "1000000 per minute",
        "WORKSHOP_JOINS_PER_WORKSHOP_LIMIT": "1000000 per minute",
    }
    if database_url:
        env["WORKSHOP_DATABASE_URL"] = database_url
    if redis_url:
        env["WORKSHOP_REDIS_URL"] = redis_url
    argv = [sys.executable, "run.py", "--host", LOOPBACK, "--port", str(port)]
    env["PYTHONPATH"] = str(code)  # the snapshot, not the checkout others are editing
    return Server(f"app{index}", argv, env, port, log_dir, cwd=code)


def minimal_argv(port: int, db_path: Path) -> list[str]:
    return [
        sys.executable,
        "-m",
        "bench.minimal_server",
        "--port",
        str(port),
        "--db",
        str(db_path),
    ]


def bare_server(log_dir: Path) -> Server:
    port = free_port()
    argv = [sys.executable, "-m", "bench.bare_server", "--port", str(port)]
    return Server("bare", argv, clean_env(), port, log_dir)


class PrivateRedis:
    """A throw-away redis-server on a free loopback port (no persistence)."""

    def __init__(self, log_dir: Path):
        self.port = free_port()
        self.log_path = log_dir / "redis.log"
        self.proc: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://{LOOPBACK}:{self.port}/0"

    def start(self, timeout: float = 10) -> None:
        argv = [
            "redis-server",
            "--bind",
            LOOPBACK,
            "--port",
            str(self.port),
            "--save",
            "",
            "--appendonly",
            "no",
            "--logfile",
            str(self.log_path),
            "--maxclients",
            "10000",
        ]
        self.proc = subprocess.Popen(
            argv,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with contextlib.suppress(OSError), socket.create_connection((LOOPBACK, self.port), 1):
                return
            time.sleep(0.1)
        raise RuntimeError("private redis-server did not start")

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            os.kill(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                os.kill(self.proc.pid, signal.SIGKILL)


class TempPostgres:
    """A fresh database on a PostgreSQL server, dropped afterwards."""

    def __init__(self, server_url: str):
        self.server_url = server_url.replace("postgres://", "postgresql://", 1)
        self.name = f"bench_{uuid.uuid4().hex[:10]}"

    @property
    def url(self) -> str:
        return self.server_url.rsplit("/", 1)[0] + f"/{self.name}"

    def _admin(self, sql: str) -> None:
        import psycopg

        admin = self.server_url.replace("postgresql+psycopg://", "postgresql://", 1)
        with psycopg.connect(admin, autocommit=True, connect_timeout=10) as conn:
            conn.execute(sql)

    def create(self) -> None:
        self._admin(f'CREATE DATABASE "{self.name}"')

    def drop(self) -> None:
        self._admin(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
