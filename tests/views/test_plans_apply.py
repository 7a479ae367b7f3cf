"""The empty console starts from a plan: a built-in plan or the facilitator's own file,
applied to this workshop while its agenda is empty; refused otherwise, nothing changed."""

import io
import json
import re

import pytest
from flask import render_template

from tests.factories import add_instruction, make_workshop
from tests.views.helpers import csrf_token_of, new_facilitated_workshop
from workshop.services import plans


@pytest.fixture
def workshop(client, ctx):
    return new_facilitated_workshop(client, theme="")[0]


def url(workshop, path):
    return f"/w/{workshop.join_code}{path}"


def console(client, workshop) -> str:
    return client.get(url(workshop, "/console")).get_data(as_text=True)


def upload(raw: bytes):
    return {"plan": (io.BytesIO(raw), "plan.json")}


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_empty_console_offers_the_built_in_plans_the_interface_languages_first(
    client, workshop, lang
):
    client.post("/lang", data={"lang": lang, "next": "/"})
    page = console(client, workshop)
    assert 'id="start-plan"' in page and 'id="apply-plan-file"' in page
    choices = re.findall(r'id="apply-builtin-([\w-]+)"', page)
    assert set(choices) == set(plans.builtin_plans())
    assert all(key.endswith(f"-{lang}") for key in choices[:3])
    checked = rf'id="apply-builtin-[\w-]+-{lang}" name="plan" value="[\w-]+" checked'
    assert re.search(checked, page)


def test_a_built_in_plan_fills_this_workshops_agenda(client, workshop, ctx):
    applied = client.post(url(workshop, "/plan/apply"), data={"plan": "classic-fr"})
    assert applied.status_code == 303
    assert applied.headers["Location"].endswith(url(workshop, "/console"))
    planned = plans.builtin_plan("classic-fr")
    assert [a.kind for a in workshop.activities] == [a["kind"] for a in planned["activities"]]
    assert workshop.title == "Atelier de test"  # its own title kept
    assert workshop.theme == planned["workshop"]["theme"]  # its empty theme filled
    page = console(client, workshop)
    assert 'id="start-plan"' not in page  # no longer empty: no longer offered
    assert planned["activities"][1]["title"] in page.replace("&#39;", "'")


def test_an_own_plan_file_fills_this_workshops_agenda(client, workshop, ctx):
    plan = plans.builtin_plan("prospective-en")
    applied = client.post(
        url(workshop, "/plan/apply-file"),
        data=upload(json.dumps(plan).encode()),
        content_type="multipart/form-data",
    )
    assert applied.status_code == 303
    assert [g.name for g in workshop.groups] == ["Group 1", "Group 2"]
    assert len(workshop.activities) == len(plan["activities"])


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("en", "This file is not a JSON plan. Nothing was changed."),
        ("fr", "Ce fichier n'est pas un plan JSON. Rien n'a été modifié."),
    ],
)
def test_a_bad_file_is_refused_in_the_users_language_and_changes_nothing(
    client, workshop, ctx, lang, said
):
    client.post("/lang", data={"lang": lang, "next": "/"})
    refused = client.post(
        url(workshop, "/plan/apply-file"),
        data=upload(b"{not json"),
        content_type="multipart/form-data",
    )
    assert refused.status_code == 422
    page = refused.get_data(as_text=True).replace("&#39;", "'")
    assert 'id="plan-error"' in page and said in page
    assert 'id="start-plan"' in page  # the console again, the offer still there
    assert [a.kind for a in workshop.activities] == ["welcome"] and workshop.theme == ""


def test_a_workshop_with_activities_is_refused_with_a_clear_message(client, workshop, ctx):
    add_instruction(workshop)
    assert 'id="start-plan"' not in console(client, workshop)
    client.post("/lang", data={"lang": "fr", "next": "/"})
    refused = client.post(url(workshop, "/plan/apply"), data={"plan": "classic-fr"})
    assert refused.status_code == 409
    page = refused.get_data(as_text=True).replace("&#39;", "'")
    assert "Un plan ne s'applique que tant que le déroulé est vide" in page
    assert [a.kind for a in workshop.activities] == ["welcome", "instruction"]


def test_an_unknown_plan_is_refused(client, workshop, ctx):
    refused = client.post(url(workshop, "/plan/apply"), data={"plan": "../../etc/passwd"})
    assert refused.status_code == 404
    assert 'id="plan-error"' in refused.get_data(as_text=True)
    assert [a.kind for a in workshop.activities] == ["welcome"]


def test_another_workshops_code_is_refused(app, client, workshop, ctx):
    other, _secret = make_workshop()
    refused = client.post(url(other, "/plan/apply"), data={"plan": "classic-fr"})
    assert refused.status_code == 403
    refused = client.post(
        url(other, "/plan/apply-file"),
        data=upload(json.dumps(plans.builtin_plan("classic-en")).encode()),
        content_type="multipart/form-data",
    )
    assert refused.status_code == 403
    assert [a.kind for a in other.activities] == ["welcome"]


def test_applying_a_plan_needs_the_csrf_token(csrf_app):
    with csrf_app.test_request_context():
        workshop, secret = make_workshop()
    client = csrf_app.test_client()
    client.get(f"/f/{secret}")
    path = url(workshop, "/plan/apply")
    assert client.post(path, data={"plan": "classic-fr"}).status_code == 400
    token = csrf_token_of(client, url(workshop, "/console"))
    assert client.post(path, data={"plan": "classic-fr", "csrf_token": token}).status_code == 303


HX = {"HX-Request": "true"}


def test_through_htmx_a_plan_applied_loads_the_console_again(client, workshop, ctx):
    applied = client.post(url(workshop, "/plan/apply"), data={"plan": "classic-fr"}, headers=HX)
    assert applied.status_code == 204
    assert applied.headers["HX-Redirect"].endswith(url(workshop, "/console"))
    assert len(workshop.activities) == len(plans.builtin_plan("classic-fr")["activities"])


def test_through_htmx_a_refused_plan_redraws_only_the_offer_with_the_reason(client, workshop, ctx):
    before = [a.id for a in workshop.activities]
    refused = client.post(url(workshop, "/plan/apply-file"), data=upload(b"{not json"), headers=HX)
    page = refused.get_data(as_text=True)
    assert refused.status_code == 422
    assert 'id="start-plan"' in page
    assert 'id="plan-error"' in page and "<html" not in page
    assert [a.id for a in workshop.activities] == before


def test_the_offer_pushed_to_consoles_carries_no_session_token(app, workshop, ctx):
    from workshop.presenters.stage import agenda_context

    with app.test_request_context():
        pushed = render_template(
            "partials/agenda/console_agenda.html", oob=True, **agenda_context(workshop)
        )
    assert 'id="start-plan"' in pushed and "csrf_token" not in pushed
