"""Starting a workshop from a plan on /new: the built-in plans (the interface language's
first) and the facilitator's own plan file, without a workshop to start from."""

import io
import json
import re

from workshop.services import plans, workshops


def _choices(page: str) -> list[str]:
    return re.findall(r'id="new-builtin-([\w-]+)"', page)


def test_the_new_page_offers_the_built_in_plans_french_first_in_french(client):
    client.post("/lang", data={"lang": "fr", "next": "/"})
    page = client.get("/new").get_data(as_text=True)
    choices = _choices(page)
    assert set(choices) == set(plans.builtin_plans())
    assert all(key.endswith("-fr") for key in choices[:3])
    assert re.search(r'id="new-builtin-[\w-]+-fr" name="plan" value="[\w-]+" checked', page)
    assert "Partir d'un plan" in page


def test_in_english_the_english_plans_come_first(client):
    client.post("/lang", data={"lang": "en", "next": "/"})
    choices = _choices(client.get("/new").get_data(as_text=True))
    assert all(key.endswith("-en") for key in choices[:3])


def test_a_built_in_plan_creates_a_workshop_with_its_agenda(app, client):
    created = client.post("/new/plan", data={"plan": "speed-meetings-fr"})
    assert created.status_code == 303
    code = created.headers["Location"].rstrip("/").split("/")[-1]
    shown = client.get(created.headers["Location"]).get_data(as_text=True)
    assert "/f/" in shown  # the facilitator link, once
    with app.test_request_context():
        workshop = workshops.find_by_code(code)
        planned = plans.builtin_plan("speed-meetings-fr")["activities"]
        assert [a.kind for a in workshop.activities] == [a["kind"] for a in planned]


def test_an_unknown_plan_is_refused_in_the_users_language_and_creates_nothing(app, client):
    client.post("/lang", data={"lang": "fr", "next": "/"})
    refused = client.post("/new/plan", data={"plan": "../../etc/passwd"})
    assert refused.status_code == 404
    assert "Plan inconnu" in refused.get_data(as_text=True)
    with app.test_request_context():
        assert workshops.list_workshops() == []


def test_an_own_plan_file_creates_its_workshop(app, client):
    plan = plans.builtin_plan("classic-en")
    plan["workshop"]["title"] = "Our house plan"
    upload = (io.BytesIO(json.dumps(plan).encode()), "plan.json")
    created = client.post(
        "/new/plan-file", data={"plan": upload}, content_type="multipart/form-data"
    )
    assert created.status_code == 303
    with app.test_request_context():
        (workshop,) = workshops.list_workshops()
        assert workshop.title == "Our house plan"


def test_a_broken_plan_file_says_why_and_creates_nothing(app, client):
    client.post("/lang", data={"lang": "en", "next": "/"})
    upload = (io.BytesIO(b"{not json"), "plan.json")
    refused = client.post(
        "/new/plan-file", data={"plan": upload}, content_type="multipart/form-data"
    )
    assert refused.status_code == 422
    page = refused.get_data(as_text=True)
    assert 'id="plan-error"' in page and "Nothing was created" in page
    with app.test_request_context():
        assert workshops.list_workshops() == []


def test_the_instance_password_guards_plans_too(app):
    app.config["INSTANCE_PASSWORD"] = "s3cret"
    client = app.test_client()
    page = client.get("/new").get_data(as_text=True)
    assert 'id="builtin-password"' in page and 'id="file-password"' in page
    refused = client.post("/new/plan", data={"plan": "classic-fr", "instance_password": "no"})
    assert refused.status_code == 403
    with app.test_request_context():
        assert workshops.list_workshops() == []
    accepted = client.post("/new/plan", data={"plan": "classic-fr", "instance_password": "s3cret"})
    assert accepted.status_code == 303
