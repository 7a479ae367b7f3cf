from tests.conftest import make_test_app


def test_health_reports_the_database_and_no_queue(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json == {"status": "ok", "database": "ok", "message_queue": "not used"}


def test_an_unreachable_message_queue_is_reported_as_degraded(database_url, tmp_path):
    app = make_test_app(database_url, tmp_path, REDIS_URL=None)
    app.config["REDIS_URL"] = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    try:
        response = app.test_client().get("/healthz")
    finally:
        app.extensions["db"]["engine"].dispose()  # (PostgreSQL: no connection left open)
    assert response.status_code == 200
    assert response.json["status"] == "degraded" and response.json["message_queue"] == "down"
