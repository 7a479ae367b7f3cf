"""No route tells a live join code from a wrong one: same answer, one guessing budget.

Each route naming a code is asked twice by a browser that holds no grant for it, once
with a live code and once with a wrong one: the answers are the same (status and page).
Every refusal spends the join form's guessing budget, so a scan through any route is as
slow as one through the join form.
"""

import io

import pytest
import segno

from tests.factories import add_vote, make_workshop
from tests.views.helpers import HX, join_as
from workshop.domain.codes import JOIN_ALPHABET
from workshop.services import agenda, voting
from workshop.web.guesses import JOIN_ENDPOINTS

# (method, path after the code, form): every kind of route that takes a join code.
ROUTES = [
    ("GET", "/w/{code}/console", None),  # the console
    ("GET", "/w/{code}/minutes/download/json", None),  # the raw data
    ("GET", "/w/{code}/minutes", None),
    ("GET", "/w/{code}/screen", None),
    ("POST", "/w/{code}/start", {}),
    ("POST", "/w/{code}/people", {"first_name": "A", "surname": "B"}),
    ("GET", "/w/{code}/groups/new", None),
    ("GET", "/w/{code}/plan", None),
    ("GET", "/new/{code}", None),
    ("GET", "/p/{code}", None),  # the phone page
    ("POST", "/p/{code}/lang", {"lang": "en"}),
    ("POST", "/p/{code}/cards", {"text": "x"}),
    ("GET", "/p/{code}/my-cards", None),
    ("POST", "/p/{code}/group", {"group_id": "1"}),
    ("GET", "/p/{code}/vote/{vote}", None),
    ("POST", "/p/{code}/vote/{vote}/dot", {"candidate_id": "1"}),
    ("GET", "/p/{code}/speed/{vote}", None),
    ("GET", "/qr/{code}.svg", None),  # the QR image
]


@pytest.fixture
def live(app, ctx):
    """A live workshop with an open vote, and a code that names no workshop."""
    workshop, _ = make_workshop()
    vote = add_vote(workshop)
    agenda.start_workshop(workshop)
    agenda.go_to_activity(workshop, vote.id)
    voting.open_vote(workshop, vote)
    wrong = next(
        c * 6 for c in JOIN_ALPHABET if c * 6 != workshop.join_code
    )  # a well-formed code, of no workshop
    app.config["JOIN_RATE_LIMIT"] = "1000 per minute"
    app.config["JOIN_ADDRESS_RATE_LIMIT"] = "1000 per minute"
    return workshop, vote, wrong


def _qr_of(app, code: str) -> str:
    buffer = io.BytesIO()
    url = f"{app.config['PUBLIC_BASE_URL']}/j/{code}"
    segno.make(url, error="m").save(buffer, kind="svg", scale=10, border=2)
    return buffer.getvalue().decode()


def _ask(client, method, path, form, headers=None):
    if method == "GET":
        return client.get(path, headers=headers)
    return client.post(path, data=form, headers=headers)


def _outsiders(app, ctx):
    """A browser with no cookie, one that joined another workshop, one that leads one."""
    other, secret = make_workshop(title="Autre")
    phone, lead = app.test_client(), app.test_client()
    join_as(phone, other)
    assert lead.get(f"/f/{secret}").status_code == 302
    return {"stranger": app.test_client(), "phone elsewhere": phone, "lead elsewhere": lead}


@pytest.mark.parametrize("method,path,form", ROUTES, ids=[r[1] for r in ROUTES])
@pytest.mark.parametrize("htmx", [False, True], ids=["page", "htmx"])
def test_a_live_code_and_a_wrong_one_get_the_same_answer(app, ctx, live, method, path, form, htmx):
    workshop, vote, wrong = live
    headers = HX if htmx else None
    for who, client in _outsiders(app, ctx).items():
        answers = []
        for code in (workshop.join_code, wrong):
            response = _ask(client, method, path.format(code=code, vote=vote.id), form, headers)
            body = response.get_data(as_text=True).replace(code, "CODE")
            if path.startswith("/qr/"):  # each image draws its own address, nothing else
                body = body == _qr_of(app, code)
            location = response.headers.get("Location", "").replace(code, "CODE")
            answers.append((response.status_code, location, body))
        assert answers[0] == answers[1], f"{who} tells {path} apart"
        assert answers[0][0] in (200, 302, 403), f"{who}: {answers[0][0]}"


def _every_route_with_a_code(app, vote_id: int):
    """Every rule of the URL map that names a join code (the join routes aside), filled."""
    for rule in app.url_map.iter_rules():
        if "code" not in rule.arguments or rule.endpoint in JOIN_ENDPOINTS:
            continue
        values = {name: vote_id for name in rule.arguments if name != "code"}
        if "fmt" in values:
            values["fmt"] = "json"
        for method in sorted(rule.methods & {"GET", "POST"}):
            yield method, rule, values


def test_every_route_naming_a_code_answers_a_wrong_code_like_a_live_one(app, ctx, live):
    workshop, vote, wrong = live
    outsiders = _outsiders(app, ctx)
    asked = 0
    for method, rule, values in _every_route_with_a_code(app, vote.id):
        for who, client in outsiders.items():
            answers = []
            for code in (workshop.join_code, wrong):
                path = rule.build({**values, "code": code})[1]
                response = _ask(client, method, path, {"text": "x"})
                body = response.get_data(as_text=True).replace(code, "CODE")
                if rule.endpoint == "home.qr_code":
                    body = body == _qr_of(app, code)
                location = response.headers.get("Location", "").replace(code, "CODE")
                answers.append((response.status_code, location, body))
            assert answers[0] == answers[1], f"{who}: {method} {rule.rule} tells them apart"
            asked += 1
    assert asked > 100


def test_refusals_on_every_route_spend_the_join_forms_budget(app, ctx, live):
    workshop, vote, wrong = live
    app.config["JOIN_RATE_LIMIT"] = "10 per minute"
    guesser = app.test_client()
    refused = [("GET", "/w/{code}/console"), ("GET", "/w/{code}/minutes/download/json")]
    refused += [("POST", "/p/{code}/cards"), ("GET", "/p/{code}/vote/{vote}")]
    statuses = []
    for n in range(10):
        method, path = refused[n % len(refused)]
        code = wrong if n % 2 else workshop.join_code
        response = _ask(guesser, method, path.format(code=code, vote=vote.id), {"text": "x"})
        statuses.append(response.status_code)
    assert statuses == [403] * 10
    # The budget is spent: live and wrong codes alike now wait, on every route and at /j.
    for code in (workshop.join_code, wrong):
        assert guesser.get(f"/w/{code}/console").status_code == 429
        assert guesser.get(f"/p/{code}/vote/{vote.id}").status_code == 429
    assert guesser.post("/j", data={"code": wrong}).status_code == 429
    french = guesser.get(f"/w/{wrong}/console", headers={"Accept-Language": "fr"})
    assert "Patientez une minute" in french.get_data(as_text=True)


def test_join_misses_and_route_refusals_share_one_budget(app, ctx, live):
    workshop, _vote, wrong = live
    app.config["JOIN_RATE_LIMIT"] = "10 per minute"
    guesser = app.test_client()
    assert [guesser.post("/j", data={"code": wrong}).status_code for _ in range(5)] == [404] * 5
    assert [guesser.get(f"/w/{wrong}/console").status_code for _ in range(5)] == [403] * 5
    assert guesser.get(f"/w/{workshop.join_code}/console").status_code == 429


def test_a_script_dropping_its_cookie_meets_the_address_budget_on_any_route(app, ctx, live):
    _workshop, _vote, wrong = live
    app.config["JOIN_ADDRESS_RATE_LIMIT"] = "15 per minute"
    statuses = [app.test_client().get(f"/w/{wrong}/console").status_code for _ in range(16)]
    assert statuses == [403] * 15 + [429]


def test_a_participant_and_the_facilitator_never_spend_the_budget(app, client, ctx, live):
    workshop, vote, _wrong = live
    app.config["JOIN_RATE_LIMIT"] = "3 per minute"
    phone = app.test_client()
    join_as(phone, workshop)
    for _ in range(6):
        assert phone.get(f"/p/{workshop.join_code}/vote/{vote.id}").status_code == 200
        assert phone.get(f"/p/{workshop.join_code}").status_code == 200
