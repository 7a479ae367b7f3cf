"""The per-participant flood limit: counts per phone, and gives way when its store is down."""

from tests.conftest import make_test_app
from tests.factories import make_workshop
from tests.views.helpers import join_as


def test_each_phone_has_its_own_budget(app):
    with app.app_context():
        workshop, _secret = make_workshop()
    app.config["PARTICIPANT_RATE_LIMIT"] = "3 per minute"
    loud, quiet = app.test_client(), app.test_client()
    join_as(loud, workshop, first_name="A", surname="B")
    join_as(quiet, workshop, first_name="C", surname="D")
    lang = f"/p/{workshop.join_code}/lang"
    assert [loud.post(lang, data={"lang": "fr"}).status_code for _ in range(4)] == [302] * 3 + [429]
    assert quiet.post(lang, data={"lang": "fr"}).status_code == 302
    # A new limit value is read at once (no restart): the loud phone gets a larger budget.
    app.config["PARTICIPANT_RATE_LIMIT"] = "10 per minute"
    assert loud.post(lang, data={"lang": "fr"}).status_code == 302


def test_phones_still_act_when_the_limit_store_is_out_of_reach(database_url, tmp_path):
    # Nothing listens on port 1: every count fails, and the phone's action goes through.
    app = make_test_app(database_url, tmp_path, RATELIMIT_STORAGE_URI="redis://127.0.0.1:1")
    with app.app_context():
        workshop, _secret = make_workshop()
    phone = app.test_client()
    join_as(phone, workshop)
    response = phone.post(f"/p/{workshop.join_code}/lang", data={"lang": "en"})
    app.extensions["db"]["engine"].dispose()
    assert response.status_code == 302


def test_vote_taps_count_against_the_phone_s_budget(app):
    from tests.factories import add_vote
    from workshop.services import agenda, voting

    with app.test_request_context():
        workshop, _secret = make_workshop()
        activity = add_vote(workshop, candidates=["A", "B", "C", "D", "E"])
        agenda.start_workshop(workshop)
        agenda.go_to_activity(workshop, activity.id)
        voting.open_vote(workshop, activity)
        ids = [c.id for c in voting.candidates_of(activity)]
    app.config["PARTICIPANT_RATE_LIMIT"] = "3 per minute"
    phone = app.test_client()
    join_as(phone, workshop)
    url = f"/p/{workshop.join_code}/vote/{activity.id}/dot"
    statuses = [phone.post(url, data={"candidate_id": cid}).status_code for cid in ids[:4]]
    assert statuses == [200, 200, 200, 429]


def test_with_redis_the_limits_share_one_bounded_pool(database_url, tmp_path, redis_url):
    app = make_test_app(
        database_url, tmp_path, RATELIMIT_STORAGE_URI=redis_url, REDIS_MAX_CONNECTIONS=7
    )
    pool = app.config["RATELIMIT_STORAGE_OPTIONS"]["connection_pool"]
    assert pool.max_connections == 7 and type(pool).__name__ == "BlockingConnectionPool"
    with app.app_context():
        workshop, _secret = make_workshop()
    phone = app.test_client()
    join_as(phone, workshop)
    assert phone.post(f"/p/{workshop.join_code}/lang", data={"lang": "en"}).status_code == 302
    app.extensions["db"]["engine"].dispose()
