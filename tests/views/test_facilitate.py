import re

import pytest

from tests.views.helpers import HX, join_as, new_facilitated_workshop
from workshop.services import roster


@pytest.fixture
def workshop(client, ctx):
    return new_facilitated_workshop(client)[0]


def url(workshop, path):
    return f"/w/{workshop.join_code}{path}"


def test_the_facilitator_link_opens_the_console_on_any_device(app, ctx):
    from tests.factories import make_workshop

    workshop, secret = make_workshop()
    device = app.test_client()
    assert device.get(f"/f/{secret}").headers["Location"] == url(workshop, "/console")
    assert device.get(url(workshop, "/console")).status_code == 200
    assert app.test_client().get(url(workshop, "/console")).status_code == 403


def test_a_forged_facilitator_link_opens_nothing(client):
    assert client.get("/f/not-a-secret").status_code == 404


def test_adding_an_activity_answers_with_the_fresh_agenda(client, workshop):
    response = client.post(
        url(workshop, "/activities"),
        data={"kind": "instruction", "title": "Scénario", "planned_minutes": "4"},
        headers=HX,
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert (
        'id="console-agenda" class="panel agenda" aria-labelledby="agenda-title" hx-swap-oob'
        in page
    )
    assert "Scénario" in page


def test_a_bad_activity_form_comes_back_into_the_editor(client, workshop):
    response = client.post(
        url(workshop, "/activities"), data={"kind": "instruction", "title": ""}, headers=HX
    )
    assert response.status_code == 422
    assert response.headers["HX-Retarget"] == "#editor"
    assert 'id="title-error"' in response.get_data(as_text=True)


def test_refusals_land_in_the_flash_region_for_htmx(client, workshop):
    response = client.post(url(workshop, "/step"), data={"direction": "next"}, headers=HX)
    assert response.status_code == 409
    assert response.headers["HX-Retarget"] == "#flash"


def test_a_step_from_a_console_that_was_behind_is_refused_with_where_things_stand(client, workshop):
    client.post(url(workshop, "/activities"), data={"kind": "instruction", "title": "Deux"})
    client.post(url(workshop, "/start"), headers=HX)
    first = workshop.current_activity_id
    client.post(url(workshop, "/step"), data={"direction": "next", "seen": first}, headers=HX)
    # A second tab (or a push that came late) still showed the first activity.
    response = client.post(
        url(workshop, "/step"), data={"direction": "next", "seen": first}, headers=HX
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 409
    assert response.headers["HX-Retarget"] == "#flash"
    assert "Le déroulé a changé entre-temps" in page
    # Nothing changed, so no push would redraw that console: the answer does.
    assert re.search(r'<section id="live-bar"[^>]*hx-swap-oob="true"', page)
    assert re.search(r'id="live-title" title="Deux"', page)
    assert 'id="console-agenda"' in page
    assert workshop.current_activity.title == "Deux"


def test_the_live_bar_offers_to_end_the_workshop_on_its_last_activity_only(client, workshop):
    client.post(url(workshop, "/activities"), data={"kind": "instruction", "title": "Deux"})
    client.post(url(workshop, "/start"), headers=HX)
    console = client.get(url(workshop, "/console")).get_data(as_text=True)
    assert 'id="live-end-workshop"' not in console
    client.post(
        url(workshop, "/step"), data={"direction": "next", "seen": workshop.current_activity_id}
    )
    console = client.get(url(workshop, "/console")).get_data(as_text=True)
    assert re.search(r'<form class="inline live-end"[^>]*hx-confirm="Terminer', console)
    answer = client.post(url(workshop, "/end"), headers=HX).get_data(as_text=True)
    assert workshop.state == "ended"
    assert re.search(r'<section id="live-bar"[^>]*hidden', answer)


def test_the_agenda_is_led_from_the_console(client, workshop):
    client.post(url(workshop, "/activities"), data={"kind": "instruction", "title": "Deux"})
    assert client.post(url(workshop, "/start"), headers=HX).status_code == 200
    seen = workshop.current_activity_id
    response = client.post(url(workshop, "/step"), data={"direction": "next", "seen": seen})
    assert response.status_code == 302
    assert workshop.current_activity.title == "Deux"
    again = client.post(url(workshop, "/step"), data={"direction": "next", "seen": seen})
    assert again.status_code == 409
    assert client.post(url(workshop, "/timer"), data={"action": "start"}).status_code == 302
    assert workshop.current_activity.timer_running_since is not None
    assert client.post(url(workshop, "/end")).status_code == 302
    assert workshop.state == "ended"


def test_the_roster_is_kept_from_the_console(client, workshop, app):
    phone = app.test_client()
    join_as(phone, workshop)
    ghost = roster.roster(workshop)[0]
    client.post(url(workshop, "/people"), data={"first_name": "Jean", "surname": "Petit"})
    assert roster.present_count(workshop.id) == 2
    client.post(url(workshop, f"/people/{ghost.id}/remove"))
    assert roster.present_count(workshop.id) == 1
    client.post(url(workshop, f"/people/{ghost.id}/restore"))
    assert roster.present_count(workshop.id) == 2


def test_a_sign_in_sheet_preview_creates_nobody(client, workshop):
    sheet = "MOREAU Alice; Centre social; association\nPETIT Jules; Mairie; public"
    page = client.post(url(workshop, "/sheet/preview"), data={"sheet": sheet}, headers=HX)
    assert "MOREAU" in page.get_data(as_text=True)
    assert roster.present_count(workshop.id) == 0
    client.post(url(workshop, "/sheet"), data={"sheet": sheet}, headers=HX)
    assert roster.present_count(workshop.id) == 2


def _previewed(page: str) -> str:
    return re.search(r'name="previewed" value="(\w+)"', page).group(1)


def test_a_sheet_preview_flags_people_already_there_and_creation_skips_them(client, workshop):
    join_as(client.application.test_client(), workshop, first_name="Alice", surname="Moreau")
    sheet = "MOREAU Alice; Centre social\nPETIT Jules; Mairie\nROUX Léa"
    page = client.post(url(workshop, "/sheet/preview"), data={"sheet": sheet}, headers=HX)
    html = page.get_data(as_text=True)
    assert html.count('class="is-known"') == 1 and 'class="known-note"' in html
    assert 'id="include-known"' in html
    data = {"sheet": sheet, "previewed": _previewed(html)}
    response = client.post(url(workshop, "/sheet"), data=data, headers=HX)
    assert response.status_code == 200
    assert sorted(p.surname for p in roster.roster(workshop)) == ["Moreau", "PETIT", "ROUX"]


def test_a_sheet_edited_after_its_preview_is_refused_and_creates_nobody(client, workshop):
    client.post("/lang", data={"lang": "en", "next": "/"})
    sheet = "MOREAU Alice\nPETIT Jules"
    page = client.post(url(workshop, "/sheet/preview"), data={"sheet": sheet}, headers=HX)
    data = {"sheet": sheet + "\nROUX Léa", "previewed": _previewed(page.get_data(as_text=True))}
    response = client.post(url(workshop, "/sheet"), data=data, headers=HX)
    assert response.status_code == 409
    assert "The sheet changed since its preview" in response.get_data(as_text=True)
    assert roster.present_count(workshop.id) == 0


def test_the_projector_link_is_opened_from_the_console(client, workshop):
    response = client.get(url(workshop, "/screen"))
    assert response.headers["Location"] == f"/s/{workshop.screen_key}"
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert 'data-live-audience="screen"' in page and f"/qr/{workshop.join_code}.svg" in page


def test_the_projector_speaks_the_workshops_language(client, workshop):
    client.post("/lang", data={"lang": "en"})
    page = client.get(f"/s/{workshop.screen_key}").get_data(as_text=True)
    assert '<html lang="fr">' in page


def test_logging_out_closes_the_console(client, workshop):
    client.post(url(workshop, "/logout"))
    assert client.get(url(workshop, "/console")).status_code == 403


def _agenda(client, workshop, *titles):
    """Add instruction activities; return the agenda's activities (welcome first)."""
    for title in titles:
        data = {"kind": "instruction", "title": title, "planned_minutes": "2"}
        assert client.post(url(workshop, "/activities"), data=data, headers=HX).status_code == 200
    return list(workshop.activities)


def test_any_activity_is_put_on_screen_and_its_actual_times_recorded(client, workshop):
    welcome, first, second = _agenda(client, workshop, "Un", "Deux")
    client.post(url(workshop, "/start"), headers=HX)
    response = client.post(url(workshop, f"/activities/{second.id}/go"), headers=HX)
    assert response.status_code == 200 and 'id="console-agenda"' in response.get_data(True)
    assert workshop.current_activity_id == second.id and second.started_at is not None
    assert welcome.ended_at is not None and first.started_at is None
    assert client.post(url(workshop, "/activities/999999/go"), headers=HX).status_code == 404


def test_an_activity_moves_up_and_down_the_agenda(client, workshop):
    _welcome, first, second = _agenda(client, workshop, "Un", "Deux")
    response = client.post(
        url(workshop, f"/activities/{second.id}/move"), data={"direction": "up"}, headers=HX
    )
    assert response.status_code == 200
    assert [a.title for a in workshop.activities][1:] == ["Deux", "Un"]
    client.post(url(workshop, f"/activities/{second.id}/move"), data={"direction": "down"})
    assert [a.id for a in workshop.activities][1:] == [first.id, second.id]


def test_an_instruction_activity_is_edited_from_its_form(client, workshop):
    _welcome, first = _agenda(client, workshop, "Un")
    form = client.get(url(workshop, f"/activities/{first.id}/edit")).get_data(as_text=True)
    assert 'id="title"' in form and 'value="Un"' in form
    data = {"title": "Scénario 2030", "planned_minutes": "7", "instruction": "Par deux.\n\nPuis…"}
    response = client.post(url(workshop, f"/activities/{first.id}"), data=data, headers=HX)
    assert response.status_code == 200 and "Scénario 2030" in response.get_data(as_text=True)
    assert (first.title, first.planned_minutes, first.instruction) == (
        "Scénario 2030",
        7,
        "Par deux.\n\nPuis…",
    )


def test_the_timer_is_paused_and_reset_from_the_console(client, workshop):
    _welcome, first = _agenda(client, workshop, "Un")
    client.post(url(workshop, "/start"), headers=HX)
    client.post(url(workshop, f"/activities/{first.id}/go"), headers=HX)
    timer = url(workshop, "/timer")
    assert client.post(timer, data={"action": "start"}, headers=HX).status_code == 200
    assert first.timer_running_since is not None
    assert client.post(timer, data={"action": "pause"}, headers=HX).status_code == 200
    assert first.timer_running_since is None and first.timer_elapsed_seconds >= 0
    first.timer_elapsed_seconds = 30.0  # as if it had run half a minute
    assert client.post(timer, data={"action": "reset"}, headers=HX).status_code == 200
    assert (first.timer_running_since, first.timer_elapsed_seconds) == (None, 0.0)
    assert client.post(timer, data={"action": "rewind"}, headers=HX).status_code == 400


def test_the_editor_forms_open_in_the_console(client, workshop):
    person = client.get(url(workshop, "/people/new"), headers=HX).get_data(as_text=True)
    assert 'name="first_name"' in person and 'name="surname"' in person
    sheet = client.get(url(workshop, "/sheet"), headers=HX).get_data(as_text=True)
    assert 'id="sheet"' in sheet and 'id="preview-sheet"' in sheet
    (welcome,) = workshop.activities
    edit = client.get(url(workshop, f"/activities/{welcome.id}/edit"), headers=HX)
    assert edit.status_code == 200 and 'name="title"' in edit.get_data(as_text=True)
    assert client.get(url(workshop, "/activities/999999/edit")).status_code == 404


def test_settings_change_the_categories_and_allow_anonymity(app, client, workshop):
    data = {"title": workshop.title, "categories": "Élu\nCitoyen, Citoyen", "allow_anonymous": "1"}
    response = client.post(url(workshop, "/settings"), data=data, headers=HX)
    assert response.status_code == 200
    # Said under the button until the form is changed again (ui.js takes it away then).
    assert "data-saved-note>Paramètres enregistrés.</p>" in response.get_data(as_text=True)
    assert workshop.categories == ["Élu", "Citoyen"] and workshop.allow_anonymous is True
    form = app.test_client().get(f"/j/{workshop.join_code}").get_data(as_text=True)
    assert 'value="Élu"' in form and 'id="anonymous"' in form
    client.post(url(workshop, "/settings"), data={"title": workshop.title}, headers=HX)
    assert workshop.allow_anonymous is False
    assert 'id="anonymous"' not in app.test_client().get(f"/j/{workshop.join_code}").get_data(
        as_text=True
    )


def test_the_projector_shows_the_join_code_large_on_the_welcome_only(client, workshop):
    _welcome, first = _agenda(client, workshop, "Un")
    client.post(url(workshop, "/start"), headers=HX)
    screen = url(workshop, "/screen")
    page = client.get(client.get(screen).headers["Location"]).get_data(as_text=True)
    assert 'class="join-panel is-large"' in page
    client.post(url(workshop, f"/activities/{first.id}/go"), headers=HX)
    page = client.get(client.get(screen).headers["Location"]).get_data(as_text=True)
    assert 'class="join-panel "' in page and "is-large" not in page


def test_a_kind_opts_in_to_the_large_join_code_without_a_template_change(ctx, workshop):
    import dataclasses

    from flask import render_template

    from workshop.kinds import KINDS
    from workshop.presenters.stage import stage_context

    spotlight = dataclasses.replace(KINDS["instruction"], shows_join_code_large=True)
    context = {**stage_context(workshop), "activity": workshop.activities[0], "kind": spotlight}
    html = render_template("partials/screen/screen_stage.html", **context)
    assert 'class="join-panel is-large"' in html
    context.update(kind=KINDS["instruction"])
    html = render_template("partials/screen/screen_stage.html", **context)
    assert "is-large" not in html
    assert [k.name for k in KINDS.values() if k.shows_join_code_large] == ["welcome"]


def test_editing_a_person_and_their_group_is_one_action_refused_whole(client, workshop):
    from tests.factories import join
    from workshop.services import groups

    group = groups.add_group(workshop, {"name": "Groupe A"})
    person, _ = join(workshop, first_name="Ana", surname="Lopez")
    edit = {"first_name": "Anna", "surname": "Lopez", "nameable": "1"}
    refused = client.post(
        url(workshop, f"/people/{person.id}"), data={**edit, "group_id": "999999"}, headers=HX
    )
    assert refused.status_code == 404
    assert (person.first_name, person.group_id) == ("Ana", None)  # nothing half-saved
    saved = client.post(
        url(workshop, f"/people/{person.id}"), data={**edit, "group_id": group.id}, headers=HX
    )
    assert saved.status_code == 200
    assert (person.first_name, person.group_id) == ("Anna", group.id)


def test_making_fewer_groups_than_asked_says_why_and_how_to_have_them(client, workshop, app):
    for first in ("Ann", "Ben", "Cat"):
        join_as(app.test_client(), workshop, first, "Test")
    asked = {"count": "2", "mode": "balanced"}
    answer = client.post(url(workshop, "/groups/auto"), data=asked, headers=HX)
    page = answer.get_data(as_text=True)
    assert answer.status_code == 200
    assert re.search(
        r'<p class="closed-note" role="status" id="dealt-note">\s*Seulement 1 groupe rempli', page
    )
    assert "(3) pour 2 groupes" in page
    assert "Autoriser un groupe d'une seule personne" in page
    alone = client.post(
        url(workshop, "/groups/auto"), data={**asked, "allow_single": "1"}, headers=HX
    )
    assert 'id="dealt-note"' not in alone.get_data(as_text=True)
    filled = client.post(url(workshop, "/groups/auto"), data={**asked, "count": "1"}, headers=HX)
    assert 'id="dealt-note"' not in filled.get_data(as_text=True)


def test_making_groups_with_nobody_here_says_so(client, workshop):
    answer = client.post(url(workshop, "/groups/auto"), data={"count": "2"}, headers=HX)
    assert "Personne n'est encore là pour former des groupes." in answer.get_data(as_text=True)
