"""Fixtures: a fresh app and database per test, on SQLite, or PostgreSQL when asked."""

import os
import uuid

import pytest
from sqlalchemy import create_engine, text

from workshop import create_app, models
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


@pytest.fixture
def database_url(request, tmp_path):
    """SQLite in a temporary folder, or a fresh PostgreSQL database with --postgres."""
    if not request.config.getoption("--postgres") and "postgres_db" not in request.fixturenames:
        yield f"sqlite:///{tmp_path / 'test.sqlite3'}"
        return
    server = request.getfixturevalue("postgres_server")
    name = f"ws_test_{uuid.uuid4().hex[:12]}"
    with server.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    yield TEST_POSTGRES_URL.rsplit("/", 1)[0] + f"/{name}"
    with server.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


def make_test_app(database_url: str, tmp_path, **overrides):
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
    app = create_app(config)
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
