"""Activity forms that say one thing each: a scenario's question, details and each group's
prompt, with groups made from inside the form; a vote's fields, one per method."""

import re

import pytest

from tests.views.helpers import HX, new_facilitated_workshop
from workshop.kinds.boards import prompt_for
from workshop.services import agenda, groups


@pytest.fixture
def workshop(client, ctx):
    client.post("/lang", data={"lang": "en", "next": "/"})  # the words checked are English
    return new_facilitated_workshop(client)[0]


def url(workshop, path):
    return f"/w/{workshop.join_code}{path}"


def names(page: str) -> list[str]:
    return re.findall(r'name="([a-z_0-9]+)"', page)


def scenario_form(client, workshop) -> str:
    return client.get(url(workshop, "/activities/new?kind=scenario")).get_data(as_text=True)


def test_a_scenario_form_asks_one_question_details_for_phones_and_says_why_no_group_prompt(
    client, workshop
):
    page = scenario_form(client, workshop)
    fields = names(page)
    assert fields.count("instruction") == 1 and "introduction" not in fields
    assert "prompt_0" in fields and not any(re.fullmatch(r"prompt_[1-9]\d*", f) for f in fields)
    assert fields.index("prompt_0") < fields.index("instruction")  # the question first
    assert "Question (on the projector and on phones)" in page
    assert re.search(r'<details class="field form-details" id="details-block"\s*>', page)
    assert 'id="no-groups-yet"' in page  # says why there is no group's own prompt
    assert 'id="make-groups-here"' in page and "/activities/groups" in page


def test_in_french_the_form_says_details_and_no_groups_yet(client, workshop):
    client.post("/lang", data={"lang": "fr", "next": "/"})
    page = scenario_form(client, workshop)
    assert "Détails (sur les téléphones seulement, facultatif)" in page
    assert "Il n'y a pas encore de sous-groupe" in page.replace("&#39;", "'")


def test_the_fields_map_to_what_is_stored_and_shown(client, workshop, ctx):
    nord = groups.add_group(workshop, {"name": "Nord"})
    page = scenario_form(client, workshop)
    assert f'name="prompt_{nord.id}"' in page and 'id="no-groups-yet"' not in page
    data = {
        "kind": "scenario",
        "title": "2035",
        "prompt_0": "Que montrez-vous ?",
        "instruction": "Deux minutes par idée.",
        f"prompt_{nord.id}": "Et le Nord ?",
        f"format_{nord.id}": "board",
        f"columns_{nord.id}": "Pour / Contre",
    }
    assert client.post(url(workshop, "/activities"), data=data, headers=HX).status_code == 200
    scenario = workshop.activities[-1]
    assert scenario.instruction == "Deux minutes par idée."  # details: phones only
    assert prompt_for(scenario, None)["text"] == "Que montrez-vous ?"  # the question
    assert prompt_for(scenario, nord.id)["columns"] == ["Pour", "Contre"]
    assert scenario.settings["introduction"] == ""
    edit = client.get(url(workshop, f"/activities/{scenario.id}/edit")).get_data(as_text=True)
    assert "Que montrez-vous ?" in edit and "Et le Nord ?" in edit
    assert re.search(r'id="details-block"\s+open', edit)  # details written: unfolded


def test_an_introduction_stored_before_stays_editable_and_kept(client, workshop, ctx):
    old = agenda.add_activity(
        workshop,
        {"kind": "scenario", "title": "Ancien", "introduction": "Avant.", "prompt_0": "Q ?"},
    )
    edit = client.get(url(workshop, f"/activities/{old.id}/edit")).get_data(as_text=True)
    assert 'name="introduction"' in edit and "Avant." in edit
    fields = {"kind": "scenario", "title": "Ancien", "prompt_0": "Q ?", "introduction": "Avant."}
    client.post(url(workshop, f"/activities/{old.id}"), data=fields, headers=HX)
    assert old.settings["introduction"] == "Avant."


def test_groups_made_inside_the_form_come_back_with_a_prompt_field_each(client, workshop, ctx):
    typed = {
        "kind": "scenario",
        "title": "Tapé avant",
        "prompt_0": "Question tapée",
        "group_names": "Nord\nSud",
    }
    response = client.post(url(workshop, "/activities/groups"), data=typed, headers=HX)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    made = {g.name: g.id for g in workshop.groups}
    assert set(made) == {"Nord", "Sud"}
    for group_id in made.values():
        assert f'name="prompt_{group_id}"' in page
    assert "Tapé avant" in page and "Question tapée" in page  # the form as typed
    assert 'id="no-groups-yet"' not in page
    assert 'id="roster"' in page and 'hx-swap-oob="true"' in page
    assert re.search(r'<textarea id="group_names"[^>]*></textarea>', page)  # emptied
    assert workshop.activities[-1].kind == "welcome"  # nothing of the activity is saved


def test_groups_made_while_editing_keep_the_activity_form(client, workshop, ctx):
    scenario = agenda.add_activity(workshop, {"kind": "scenario", "title": "S"})
    response = client.post(
        url(workshop, f"/activities/groups?activity={scenario.id}"),
        data={"title": "S", "group_count": "2"},
        headers=HX,
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert [g.name for g in workshop.groups] == ["Groupe 1", "Groupe 2"]
    assert f"/activities/{scenario.id}" in page  # still the edit form of that activity


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_refused_group_name_is_said_in_the_form_and_creates_none(client, workshop, ctx, lang):
    client.post("/lang", data={"lang": lang, "next": "/"})
    groups.add_group(workshop, {"name": "Nord"})
    response = client.post(
        url(workshop, "/activities/groups"),
        data={"kind": "scenario", "title": "T", "group_names": "Sud\nnord"},
        headers=HX,
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    said = "Un groupe s'appelle déjà nord" if lang == "fr" else "A group is already named nord"
    assert said in page.replace("&#39;", "'")
    assert 'id="group_names-error"' in page and "Sud\nnord" not in page
    assert [g.name for g in workshop.groups] == ["Nord"]


def test_groups_in_form_refuse_another_workshops_activity_and_unknown_kinds(client, workshop):
    from tests.factories import make_workshop

    other, _secret = make_workshop()
    foreign = other.activities[0].id
    path = url(workshop, f"/activities/groups?activity={foreign}")
    assert client.post(path, data={"group_count": "2"}, headers=HX).status_code == 404
    data = {"kind": "quiz", "group_count": "2"}
    assert client.post(url(workshop, "/activities/groups"), data=data).status_code == 404
    assert workshop.groups == []
    stranger = client.application.test_client()
    path = url(workshop, "/activities/groups")
    assert stranger.post(path, data={"kind": "scenario", "group_count": "2"}).status_code == 403


# ---- the vote's form: one field per method ---------------------------------------------------


def vote_form(client, workshop) -> str:
    return client.get(url(workshop, "/activities/new?kind=vote")).get_data(as_text=True)


def test_each_method_has_its_own_fields_under_its_choice(client, workshop):
    page = vote_form(client, workshop)
    parts = page.split('<div class="method-option" data-method="')[1:]
    by_method = {part.split('"', 1)[0]: names(part.split("</fieldset>")[0]) for part in parts}
    assert by_method["dots"] == ["method", "budget", "max_per_candidate"]
    assert by_method["ranking"] == ["method", "places"]
    assert by_method["approval"] == ["method"]
    assert "Dots: how many each person places" in page
    assert "Ranking: how many places K each person ranks" in page


def test_a_ranking_reads_its_places_and_dots_their_budget(client, workshop, ctx):
    data = {"kind": "vote", "title": "V", "method": "ranking", "places": "5", "budget": "2"}
    client.post(url(workshop, "/activities"), data=data, headers=HX)
    assert workshop.activities[-1].settings["budget"] == 5
    data = {"kind": "vote", "title": "W", "method": "dots", "places": "5", "budget": "4"}
    client.post(url(workshop, "/activities"), data=data, headers=HX)
    assert workshop.activities[-1].settings["budget"] == 4
    # A script of before, without `places`, still sets a ranking's places with `budget`.
    data = {"kind": "vote", "title": "X", "method": "ranking", "budget": "2"}
    client.post(url(workshop, "/activities"), data=data, headers=HX)
    assert workshop.activities[-1].settings["budget"] == 2


def test_a_ranking_shows_its_places_again_and_refuses_bad_ones_on_that_field(client, workshop, ctx):
    data = {"kind": "vote", "title": "V", "method": "ranking", "places": "4"}
    client.post(url(workshop, "/activities"), data=data, headers=HX)
    vote = workshop.activities[-1]
    edit = client.get(url(workshop, f"/activities/{vote.id}/edit")).get_data(as_text=True)
    assert re.search(r'id="places" name="places" [^>]*value="4"', edit)
    assert re.search(r'id="budget" name="budget" [^>]*value="3"', edit)  # the dots' default
    bad = {"kind": "vote", "title": "V", "method": "ranking", "places": "0"}
    refused = client.post(url(workshop, "/activities"), data=bad, headers=HX)
    assert refused.status_code == 422 and 'id="places-error"' in refused.get_data(as_text=True)
