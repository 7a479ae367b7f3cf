"""Health check for load balancers and monitoring: the database and the message queue."""

from flask import Blueprint, current_app, jsonify
from sqlalchemy import text

from workshop.db import engine

bp = Blueprint("health", __name__)


def _database_ok() -> bool:
    try:
        with engine().connect() as conn:
            conn.execute(text("SELECT 1"))
    except Exception:  # noqa: BLE001 - any failure is "down"
        return False
    return True


def _queue_state() -> str:
    url = current_app.config.get("REDIS_URL")
    if not url:
        return "not used"
    try:
        import redis

        with redis.Redis.from_url(url, socket_timeout=1, socket_connect_timeout=1) as client:
            client.ping()  # and the connection is closed: a probe every few seconds adds up
    except Exception:  # noqa: BLE001 - any failure is "down"
        return "down"
    return "ok"


@bp.get("/healthz")
def healthz():
    """200 when the database answers; the message queue's state is reported (degraded)."""
    database = "ok" if _database_ok() else "down"
    queue = _queue_state()
    status = "ok" if database == "ok" and queue != "down" else "degraded"
    code = 200 if database == "ok" else 503
    return jsonify(status=status, database=database, message_queue=queue), code
