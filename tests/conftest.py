"""Fixtures: a fresh app and database per test, on SQLite, or PostgreSQL when asked."""

import atexit
import os
import shutil
import tempfile
import uuid
from pathlib import Path

import pytest
from jinja2 import BytecodeCache
from sqlalchemy import create_engine, text
from werkzeug.routing import Rule

from workshop import create_app, models
from workshop.db import Base, make_engine
from workshop.extensions import limiter, socketio

REQUIRE_SERVICES = os.environ.get("WORKSHOP_REQUIRE_SERVICES") == "1"
TEST_REDIS_URL = os.environ.get("WORKSHOP_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
TEST_POSTGRES_URL = os.environ.get(
    "WORKSHOP_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
)


def skip_or_fail(reason: str):
    """Skip a test needing a missing service, or fail when CI requires the services."""
    if REQUIRE_SERVICES:
        pytest.fail(f"required service missing: {reason}")
    pytest.skip(reason)


def pytest_addoption(parser):
    parser.addoption("--postgres", action="store_true", help="run the app tests on PostgreSQL")


# One worker more than the machine has cores (at most four): a browser or fault test spends
# part of its time waiting (a push's throttle, an outage, a server starting), and a third
# worker keeps this 2-core machine's cores busy meanwhile (6:07 against 7:13 for two, the
# same day, with the headless shell). Not more: Chromium, the app servers and the tests'
# own processes share the cores, and a starved browser test times out.
def usable_cores() -> int:
    """The cores this process may run on (its CPU affinity on Linux; all of them elsewhere:
    macOS and Windows have no `sched_getaffinity`)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 2


WHOLE_SUITE_WORKERS = min(usable_cores() + 1, 4)


@pytest.hookimpl(tryfirst=True)
def pytest_cmdline_main(config):
    """Run the whole suite (`pytest` with no paths: the README's command, CI) on
    `WHOLE_SUITE_WORKERS` pytest-xdist workers; a run naming files or folders stays in one
    process, and `-n N` (`-n 0`: none) always wins.

    Decided here, in the process the user started, only: a worker (it has `workerinput`)
    never starts workers of its own, and xdist itself clears `-n` in its workers.
    """
    if hasattr(config, "workerinput") or not config.pluginmanager.hasplugin("xdist"):
        return
    if config.option.numprocesses is not None or config.args_source != config.ArgsSource.TESTPATHS:
        return
    config.option.numprocesses = WHOLE_SUITE_WORKERS


# About how long one test of a folder takes, in seconds, on this 2-core machine: a browser
# test drives Chromium against a served app, a fault test starts servers and waits out an
# outage; the others run in-process in a fraction of a second. Only the order they give
# matters: the longest files are handed out first, so that no long file starts last while
# the other worker has nothing left to do.
SECONDS_PER_TEST = {
    "tests/browser/": 15.0,
    "tests/faults/": 10.0,
    "tests/bench/": 5.0,  # a served app and a burst of simulated phones
    "tests/test_cli_exports.py": 2.0,  # each test starts the command line, a Python process
}
SECONDS_PER_OTHER_TEST = 0.2


def expected_seconds(path: str, tests: int) -> float:
    """About how long a test file takes: its number of tests times its folder's pace."""
    pace = next(
        (seconds for folder, seconds in SECONDS_PER_TEST.items() if path.startswith(folder)),
        SECONDS_PER_OTHER_TEST,
    )
    return tests * pace


@pytest.hookimpl(optionalhook=True)  # a hook of pytest-xdist, when installed
def pytest_xdist_make_scheduler(config, log):
    """With `-n`, hand out whole test files (a module's fixtures, a fault test's servers or the
    benchmark's burst, are set up once), the longest first (`expected_seconds`). Browser
    files go to either worker like the others: each worker starts its own app server (its
    own port and instance folder) and its own Chromium (tests/browser/conftest.py).

    (xdist's own `--dist loadgroup` marks no group under pytest 9: it renames node ids
    through an attribute pytest no longer reads.)"""
    from xdist.scheduler import LoadScopeScheduling

    class LongestFilesFirst(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return nodeid.split("::", 1)[0]

        def _assign_work_unit(self, node) -> None:
            # xdist hands out the queue's first file: put the longest one left there.
            queue = self.workqueue
            longest = max(queue, key=lambda path: expected_seconds(path, len(queue[path])))
            queue.move_to_end(longest, last=False)
            super()._assign_work_unit(node)

    # Only xdist's default (`-n N` alone): an explicit `--dist` choice is kept.
    return LongestFilesFirst(config, log) if config.getvalue("dist") == "load" else None


@pytest.fixture(scope="session")
def redis_url():
    """The machine's Redis (a database of its own, only keys written: never stopped here)."""
    try:
        import redis

        redis.Redis.from_url(TEST_REDIS_URL, socket_connect_timeout=2).ping()
    except Exception as error:  # noqa: BLE001 - any failure means "no server here"
        skip_or_fail(f"Redis not reachable at {TEST_REDIS_URL}: {error.__class__.__name__}")
    return TEST_REDIS_URL


@pytest.fixture(scope="session")
def postgres_server():
    """A reachable PostgreSQL server's admin URL, or a skip (a failure in CI)."""
    try:
        engine = create_engine(
            TEST_POSTGRES_URL.replace("postgresql://", "postgresql+psycopg://", 1),
            isolation_level="AUTOCOMMIT",
        )
        with engine.connect() as conn:
            conn.execute(text("select 1"))
    except Exception as error:  # noqa: BLE001 - any failure means "no server here"
        skip_or_fail(f"PostgreSQL not reachable at {TEST_POSTGRES_URL}: {error.__class__.__name__}")
    yield engine
    engine.dispose()


@pytest.fixture(scope="session")
def postgres_test_database(postgres_server):
    """One PostgreSQL database per test process (per xdist worker), emptied before each
    test by `database_url`: creating and dropping a database per test costs about half a
    second, emptying its tables a few hundredths. Dropped at the end of the session."""
    name = f"ws_test_{uuid.uuid4().hex[:12]}"
    with postgres_server.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = TEST_POSTGRES_URL.rsplit("/", 1)[0] + f"/{name}"
    # One kept connection empties it: a new connection per test costs more than the emptying.
    keeper = create_engine(
        url.replace("postgresql://", "postgresql+psycopg://", 1),
        isolation_level="AUTOCOMMIT",
        pool_size=1,
        max_overflow=0,
        pool_pre_ping=True,
    )
    database = {"url": url, "engine": keeper}
    yield database
    _SCHEMA_READY.discard(url)
    keeper.dispose()
    with postgres_server.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@pytest.fixture
def database_url(request, tmp_path):
    """SQLite in a temporary folder, or with --postgres an empty PostgreSQL database: the
    same for every test of the process, as new (no row, ids from 1, the models' tables)."""
    if not request.config.getoption("--postgres") and "postgres_db" not in request.fixturenames:
        yield f"sqlite:///{tmp_path / 'test.sqlite3'}"
        return
    database = request.getfixturevalue("postgres_test_database")
    _empty_postgres(database["engine"])
    _SCHEMA_READY.add(database["url"])
    yield database["url"]


# Databases holding exactly the models' empty tables, ready for `make_test_app`.
_SCHEMA_READY: set[str] = set()


def _empty_postgres(engine) -> None:
    """Leave the database as `create_all` on a new one would: every table empty, its ids
    restarting at 1; the schema rebuilt if a test changed it (the migrations test)."""
    with engine.connect() as conn:
        # A connection a test left open (a thread, an unclosed app) must hold no lock.
        conn.execute(
            text(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                " WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
        )
        tables = set(
            conn.execute(text("SELECT tablename FROM pg_tables WHERE schemaname = 'public'"))
            .scalars()
            .all()
        )
        if tables != set(Base.metadata.tables):
            _drop_public_schema(conn)
            Base.metadata.create_all(conn)
            return
        sequences = conn.execute(
            text("SELECT sequencename FROM pg_sequences WHERE schemaname = 'public'")
        ).scalars()
        # One round trip, one implicit transaction (DELETE beats TRUNCATE on tiny tables:
        # TRUNCATE writes new files for every table and index, about a second here).
        statements = [
            f'DELETE FROM "{table.name}"' for table in reversed(Base.metadata.sorted_tables)
        ]
        statements += [f"SELECT setval('public.\"{name}\"', 1, false)" for name in sequences]
        conn.exec_driver_sql("; ".join(statements))


def _drop_public_schema(conn) -> None:
    conn.execute(text("DROP SCHEMA public CASCADE"))
    conn.execute(text("CREATE SCHEMA public"))


_SCHEMA_FILE: dict[str, Path] = {}


def _sqlite_schema_file() -> Path:
    """An SQLite file holding the empty schema, built once per process (per xdist worker)."""
    if "path" not in _SCHEMA_FILE:
        folder = Path(tempfile.mkdtemp(prefix="workshop-schema-"))
        atexit.register(shutil.rmtree, folder, ignore_errors=True)
        path = folder / "schema.sqlite3"
        engine = make_engine(f"sqlite:///{path}")
        Base.metadata.create_all(engine)
        engine.dispose()  # the last connection closed: the WAL is folded into the file
        _SCHEMA_FILE["path"] = path
    return _SCHEMA_FILE["path"]


def _has_schema(database_url: str, migrations: bool) -> bool:
    """Whether the database already holds the models' schema, given to it here: a new
    SQLite file is a copy of the file built once (a fraction of `create_all`'s cost); the
    PostgreSQL database `database_url` emptied is ready as it is. With `migrations` the
    database is left (or made) empty, for the app to run the Alembic migrations on it."""
    if database_url in _SCHEMA_READY:
        if migrations:
            _SCHEMA_READY.discard(database_url)
            engine = make_engine(database_url)
            with engine.begin() as conn:
                _drop_public_schema(conn)
            engine.dispose()
        return not migrations
    if migrations or not database_url.startswith("sqlite:///"):
        return False
    target = Path(database_url.removeprefix("sqlite:///"))
    if target.exists() or not target.parent.is_dir():
        return False
    shutil.copyfile(_sqlite_schema_file(), target)
    return True


def _reuse_url_builders() -> None:
    """Build each URL rule's builder once per test process, not once per app.

    Nine tenths of `create_app` went to werkzeug compiling, for every rule of every new app,
    the same two small functions from the rule's text (about 0.15 s an app, over a thousand
    apps a run). The function depends only on the rule's parsed parts and defaults, and takes
    its rule as an argument, so one compiled for an equal rule serves another. Werkzeug's
    private method: if it is gone, apps are built as before."""
    compile_builder = getattr(Rule, "_compile_builder", None)
    if compile_builder is None or getattr(compile_builder, "reused", False):
        return
    built: dict[tuple, object] = {}

    def reused_builder(rule: Rule, append_unknown: bool = True):
        key = (
            rule.rule,
            rule.subdomain,
            rule.host,
            tuple(rule._trace),
            repr(sorted((rule.defaults or {}).items())),
            append_unknown,
        )
        if key not in built:
            built[key] = compile_builder(rule, append_unknown)
        return built[key]

    reused_builder.reused = True
    Rule._compile_builder = reused_builder


_reuse_url_builders()


class _CompiledTemplates(BytecodeCache):
    """Jinja's compiled templates, kept for every app of the test process.

    Each test's new app has a new Jinja environment that compiled again every template it
    rendered (a console page: dozens); the code depends only on the template's source,
    which Jinja checks before reusing it."""

    def __init__(self):
        self.codes: dict[str, bytes] = {}

    def load_bytecode(self, bucket) -> None:
        code = self.codes.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket) -> None:
        self.codes[bucket.key] = bucket.bytecode_to_string()


_COMPILED_TEMPLATES = _CompiledTemplates()


def make_test_app(database_url: str, tmp_path, **overrides):
    """An app on `database_url` holding the models' schema (or the migrations' with
    RUN_MIGRATIONS=True), as a test configures it."""
    config = {
        "TESTING": True,
        "SECRET_KEY": "test-secret",
        "DATABASE_URL": database_url,
        "PUBLIC_BASE_URL": "http://203.0.113.5:5000",
        "RUN_MIGRATIONS": False,
        "LIVE_COALESCE_SECONDS": 0,
        "WTF_CSRF_ENABLED": False,
        "ASYNC_MODE": "threading",
        "INSTANCE_PATH": str(tmp_path / "instance"),
    }
    config.update(overrides)
    ready = _has_schema(database_url, migrations=config["RUN_MIGRATIONS"])
    app = create_app(config)
    app.jinja_env.bytecode_cache = _COMPILED_TEMPLATES
    if not ready:
        models.create_all(app)
    return app


@pytest.fixture
def app(database_url, tmp_path):
    app = make_test_app(database_url, tmp_path)
    limiter.reset()
    yield app
    app.extensions["db"]["session"].remove()
    app.extensions["db"]["engine"].dispose()


@pytest.fixture
def csrf_app(database_url, tmp_path):
    """An app with CSRF protection on, as in production."""
    app = make_test_app(database_url, tmp_path, WTF_CSRF_ENABLED=True)
    limiter.reset()
    yield app
    app.extensions["db"]["engine"].dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def ctx(app):
    with app.test_request_context():
        yield app


@pytest.fixture
def socket_client(app, client):
    def connect(auth, flask_client=None):
        return socketio.test_client(app, flask_test_client=flask_client or client, auth=auth)

    return connect
