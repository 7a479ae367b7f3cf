"""Every state-changing route refuses forged requests: a new route cannot forget it."""

import re

import pytest

from tests.factories import add_instruction, make_workshop
from tests.views.helpers import csrf_token_of, join_as
from workshop.db import session
from workshop.models import Participant, Workshop
from workshop.services import roster

# POST routes anyone may use (joining, creating a workshop, from a plan too, choosing a
# language).
PUBLIC_POSTS = {
    "home.create_workshop",
    "home.create_from_builtin_plan",
    "home.create_from_plan_file",
    "home.choose_language",
    "participate.find_workshop",
    "participate.join",
    "participate.choose_language",
}
# Blueprints whose every route belongs to the workshop's facilitator.
FACILITATOR_BLUEPRINTS = (
    "facilitate.",
    "boards.",
    "groups.",
    "votes.",
    "exports.",
    "plans.",
    "speed.",
)


def participant_posts(app) -> set[str]:
    """POST routes for a workshop's own participants (their answers, votes, group)."""
    return {
        r.endpoint
        for r in post_rules(app)
        if r.endpoint.startswith("participate.") and r.endpoint not in PUBLIC_POSTS
    }


def post_rules(app):
    return [r for r in app.url_map.iter_rules() if "POST" in r.methods]


def fill(rule, workshop):
    values = {
        "code": workshop.join_code,
        "activity_id": workshop.activities[0].id,
        "person_id": session()
        .scalars(Participant.__table__.select().where(Participant.workshop_id == workshop.id))
        .first(),
        "secret": "x",
    }
    return re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(values.get(m.group(1), 1)), rule.rule)


def snapshot():
    return [
        (w.state, w.title, w.current_activity_id, len(w.activities))
        for w in session().query(Workshop).order_by(Workshop.id)
    ] + [(p.id, p.surname, p.removed_at) for p in session().query(Participant)]


@pytest.fixture
def two_workshops(csrf_app):
    # These tests walk every route as an outsider: more refusals than the guessing budget
    # (tests/views/test_code_oracles.py checks it) allows.
    csrf_app.config["JOIN_RATE_LIMIT"] = "1000 per minute"
    csrf_app.config["JOIN_ADDRESS_RATE_LIMIT"] = "1000 per minute"
    with csrf_app.test_request_context():
        mine, my_secret = make_workshop(title="Mine")
        add_instruction(mine)
        roster.add_person(mine, {"first_name": "Jean", "surname": "Petit"})
        theirs, their_secret = make_workshop(title="Theirs")
        add_instruction(theirs)
        yield csrf_app, mine, my_secret, theirs, their_secret


def test_every_post_route_is_classified(app):
    names = {r.endpoint for r in post_rules(app)}
    facilitator_only = {n for n in names if n.startswith(FACILITATOR_BLUEPRINTS)}
    assert names == PUBLIC_POSTS | facilitator_only | participant_posts(app)


def test_participant_actions_need_a_participant_of_this_workshop(two_workshops):
    app, mine, _secret, theirs, _their_secret = two_workshops
    outsider = app.test_client()
    token = csrf_token_of(outsider, f"/j/{theirs.join_code}")
    outsider.post(
        f"/j/{theirs.join_code}", data={"first_name": "A", "surname": "B", "csrf_token": token}
    )
    before = snapshot()
    for rule in post_rules(app):
        if rule.endpoint in participant_posts(app):
            response = outsider.post(fill(rule, mine), data={"csrf_token": token, "text": "x"})
            assert response.status_code == 403, rule.rule
    session().expire_all()
    assert snapshot() == before


def test_no_post_route_accepts_a_request_without_csrf_token(two_workshops):
    app, mine, my_secret, *_ = two_workshops
    client = app.test_client()
    client.get(f"/f/{my_secret}")
    before = snapshot()
    for rule in post_rules(app):
        response = client.post(fill(rule, mine), data={"title": "pirate", "direction": "next"})
        assert response.status_code == 400, rule.rule
    session().expire_all()
    assert snapshot() == before


def test_a_participant_cookie_opens_no_facilitator_action(two_workshops):
    app, mine, *_ = two_workshops
    client = app.test_client()
    token = csrf_token_of(client, f"/j/{mine.join_code}")
    client.post(
        f"/j/{mine.join_code}", data={"first_name": "A", "surname": "B", "csrf_token": token}
    )
    before = snapshot()
    for rule in post_rules(app):
        if not rule.endpoint.startswith(FACILITATOR_BLUEPRINTS):
            continue
        response = client.post(fill(rule, mine), data={"csrf_token": token, "title": "pirate"})
        assert response.status_code == 403, rule.rule
    assert client.get(f"/w/{mine.join_code}/console").status_code == 403
    session().expire_all()
    assert snapshot() == before


def test_one_workshops_facilitator_opens_nothing_of_another(two_workshops):
    app, mine, _secret, theirs, their_secret = two_workshops
    client = app.test_client()
    client.get(f"/f/{their_secret}")
    token = csrf_token_of(client)
    before = snapshot()
    for rule in post_rules(app):
        if not rule.endpoint.startswith(FACILITATOR_BLUEPRINTS):
            continue
        response = client.post(fill(rule, mine), data={"csrf_token": token, "title": "pirate"})
        assert response.status_code == 403, rule.rule
    session().expire_all()
    assert snapshot() == before


def test_htmx_requests_carry_the_token_in_a_header(two_workshops):
    app, mine, my_secret, *_ = two_workshops
    client = app.test_client()
    client.get(f"/f/{my_secret}")
    token = csrf_token_of(client, f"/w/{mine.join_code}/console")
    response = client.post(
        f"/w/{mine.join_code}/start", headers={"HX-Request": "true", "X-CSRFToken": token}
    )
    assert response.status_code == 200


def test_pages_carry_a_strict_content_security_policy(client):
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_pages_have_no_inline_scripts_or_handlers(client, ctx):
    workshop, secret = make_workshop()
    client.get(f"/f/{secret}")
    join_as(client, workshop)
    for page_url in ("/", "/new", f"/w/{workshop.join_code}/console", f"/p/{workshop.join_code}"):
        page = client.get(page_url).get_data(as_text=True)
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", page), page_url
        assert not re.search(r"\son[a-z]+=", page), page_url
        assert 'style="' not in page, page_url


def test_the_session_cookie_is_httponly_and_samesite(client, ctx):
    workshop, secret = make_workshop()
    cookie = client.get(f"/f/{secret}").headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
