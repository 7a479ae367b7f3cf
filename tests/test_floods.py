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


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


def test_local_windows_count_like_the_limits_library_without_a_timer_thread(monkeypatch):
    from limits import parse

    from workshop.web import floods

    clock = Clock()
    monkeypatch.setattr(floods.time, "monotonic", clock)
    windows, limit = floods.LocalWindows(), parse("2 per minute")
    assert [windows.hit(limit, "phone") for _ in range(3)] == [True, True, False]
    assert windows.hit(limit, "other")  # each key its own window
    assert not windows.test(limit, "phone")
    windows.hit(limit, "phone", cost=-3)  # places given back (refused joins)
    assert windows.test(limit, "phone") and windows.test(limit, "phone", cost=2)
    clock.now += 61  # the window is over: a fresh budget
    assert windows.hit(limit, "phone") and windows.hit(limit, "phone")


def test_local_windows_forget_expired_keys_while_counting(monkeypatch):
    from limits import parse

    from workshop.web import floods

    clock = Clock()
    monkeypatch.setattr(floods.time, "monotonic", clock)
    windows, limit = floods.LocalWindows(), parse("5 per second")
    for n in range(100):
        windows.hit(limit, f"phone-{n}")
    clock.now += floods.LocalWindows.SWEEP_SECONDS + 1
    windows.hit(limit, "late")
    assert list(windows._windows) == [(limit, "late")]


def test_a_single_process_counts_floods_in_process_and_redis_counts_for_every_worker(
    database_url, tmp_path
):
    from workshop.web import floods

    local = make_test_app(database_url, tmp_path)
    shared = make_test_app(database_url, tmp_path, RATELIMIT_STORAGE_URI="redis://127.0.0.1:1")
    assert isinstance(local.extensions["floods"]["limiter"], floods.LocalWindows)
    assert not isinstance(shared.extensions["floods"]["limiter"], floods.LocalWindows)
    for app in (local, shared):
        app.extensions["db"]["engine"].dispose()
