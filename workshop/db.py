"""SQLAlchemy engine and session per app, and the one way services write: `transaction()`."""

import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from flask import Flask, current_app
from sqlalchemy import MetaData, create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import DeclarativeBase, Session, scoped_session, sessionmaker

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


MAX_ID = 2**31 - 1  # PostgreSQL's integer: a larger id from a URL can name nothing


def as_id(value) -> int:
    """Return `value` as a row id, or 0 (which names no row) when it cannot be one."""
    try:
        number = int(value or 0)
    except (TypeError, ValueError):
        return 0
    return number if 0 < number <= MAX_ID else 0


# The wall clock when this process started, less the monotonic clock then: read_stamp
# runs on the monotonic clock, so a wall clock set back (NTP) cannot make it go back.
_WALL_LESS_MONOTONIC_NS = time.time_ns() - time.monotonic_ns()


def read_stamp() -> int:
    """Return now in microseconds since the epoch: a stamp no later than any read made
    after it, to tell which of two renders read the fresher state (web/freshness.py).

    Whole numbers JavaScript holds exactly; never lower than an earlier one of this
    process; the processes of one server agree with the wall clock as it was at their
    start."""
    return (time.monotonic_ns() + _WALL_LESS_MONOTONIC_NS) // 1000


def utcnow() -> datetime:
    """Return the current UTC time, naive, as every timestamp column stores it."""
    return datetime.now(UTC).replace(tzinfo=None)


def database_url(app: Flask) -> str:
    url = app.config.get("DATABASE_URL")
    if url:
        return url.replace("postgres://", "postgresql://", 1)
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{Path(app.instance_path) / 'workshop.sqlite3'}"


def make_engine(url: str, busy_timeout_ms: int = 5000) -> Engine:
    if url.startswith("postgresql://"):
        url = url.replace("postgresql://", "postgresql+psycopg://", 1)
    if not url.startswith("sqlite"):
        # A server that drops packets silently must not hang requests: give up after 5 s.
        return create_engine(
            url,
            pool_size=10,
            max_overflow=20,
            pool_pre_ping=True,
            connect_args={"connect_timeout": 5},
        )
    engine = create_engine(url, connect_args={"timeout": busy_timeout_ms / 1000})
    event.listen(engine, "connect", _sqlite_pragmas(busy_timeout_ms))
    return engine


def _sqlite_pragmas(busy_timeout_ms: int):
    def on_connect(dbapi_connection, _record):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    return on_connect


def init_app(app: Flask) -> None:
    engine = make_engine(database_url(app), app.config["SQLITE_BUSY_TIMEOUT_MS"])
    factory = sessionmaker(engine, expire_on_commit=False)
    app.extensions["db"] = {
        "engine": engine,
        "session": scoped_session(factory),
        # Under gevent, SQLite's busy wait blocks the whole process: writers queue here
        # cooperatively instead (threading is gevent's once monkey-patched).
        "write_lock": threading.RLock() if engine.dialect.name == "sqlite" else None,
    }
    app.teardown_appcontext(lambda _exc: app.extensions["db"]["session"].remove())


def session() -> Session:
    """Return this context's session (one per request, greenlet or thread)."""
    return current_app.extensions["db"]["session"]()


def give_back_connection() -> None:
    """End this context's read transaction, so its pooled connection is free for others.

    Call before waiting on anything scarce (the write lock, the vote gate): the pool is
    bounded, and requests that wait while holding connections starve the ones they wait for
    (seen with 2,000 phones: every connection held by taps queued at the vote gate, the taps
    inside it waiting 30 s for a connection). Values already read stay usable: the sessions
    do not expire them (expire_on_commit=False)."""
    s = session()
    if s.in_transaction() and not (s.new or s.dirty or s.deleted):
        s.commit()


def engine() -> Engine:
    return current_app.extensions["db"]["engine"]


@contextmanager
def transaction() -> Iterator[Session]:
    """Run one short write transaction: commit on success, roll back on any error."""
    lock = current_app.extensions["db"]["write_lock"]
    give_back_connection()
    s = session()
    if lock is not None:
        lock.acquire()
    try:
        s.commit()  # end any read transaction, so the checks below see fresh data
        if lock is not None:
            _take_sqlite_write_lock(s, current_app.config["SQLITE_BUSY_TIMEOUT_MS"])
        yield s
        s.commit()
    except BaseException:
        s.rollback()
        raise
    finally:
        if lock is not None:
            lock.release()


def _take_sqlite_write_lock(s: Session, timeout_ms: int) -> None:
    """Start the transaction with SQLite's write lock, waiting for it cooperatively.

    SQLite's own busy wait sleeps in C: under gevent it would freeze every request of the
    process, reads included, while another process (a backup, a script) holds the lock.
    Here the wait is a loop of short sleeps that other greenlets run between; past the
    busy timeout, "database is locked" is raised (answered 503, try again: workshop/errors.py).
    """
    # The driver's own connection: these three run for every write of a voting burst.
    raw = s.connection().connection.dbapi_connection
    if raw.in_transaction:
        return
    deadline = time.monotonic() + timeout_ms / 1000
    pause = 0.002
    raw.execute("PRAGMA busy_timeout=0")
    try:
        while True:
            try:
                raw.execute("BEGIN IMMEDIATE")
                return
            except sqlite3.OperationalError as error:
                if "locked" not in str(error) or time.monotonic() >= deadline:
                    raise OperationalError("BEGIN IMMEDIATE", None, error) from error
            time.sleep(max(0.0, min(pause, deadline - time.monotonic())))  # gevent's, patched
            pause = min(pause * 2, 0.05)
    finally:
        raw.execute(f"PRAGMA busy_timeout={int(timeout_ms)}")


def upgrade(app: Flask) -> None:
    """Apply the Alembic migrations up to the newest one."""
    from alembic import command
    from alembic.config import Config as AlembicConfig

    root = Path(__file__).resolve().parent.parent
    cfg = AlembicConfig()
    cfg.set_main_option("script_location", str(root / "migrations"))
    cfg.attributes["engine"] = app.extensions["db"]["engine"]
    command.upgrade(cfg, "head")
