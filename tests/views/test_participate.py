from tests.factories import make_workshop
from tests.views.helpers import HX, join_as, new_facilitated_workshop
from workshop.services import roster


def test_a_typed_code_leads_to_the_join_form_whatever_its_case(client, ctx):
    workshop, _ = make_workshop()
    response = client.post("/j", data={"code": workshop.join_code.lower()})
    assert response.headers["Location"] == f"/j/{workshop.join_code}"


def test_an_unknown_code_gets_a_clear_message(client):
    response = client.post("/j", data={"code": "ACDEFG"})
    assert response.status_code == 404
    assert 'role="alert"' in response.get_data(as_text=True)


def test_code_guessing_is_rate_limited_with_a_wait_message(client):
    for _ in range(10):
        assert client.post("/j", data={"code": "ACDEFG"}).status_code == 404
    response = client.post("/j", data={"code": "ACDEFG"})
    assert response.status_code == 429
    assert "minute" in response.get_data(as_text=True)


def test_misses_on_the_three_join_routes_share_one_budget(client):
    statuses = [client.post("/j", data={"code": "ACDEFG"}).status_code for _ in range(4)]
    statuses += [client.get("/j/ACDEFH").status_code for _ in range(3)]
    statuses += [client.post("/j/ACDEFJ", data={"first_name": "A"}).status_code for _ in range(3)]
    assert statuses == [404] * 10
    assert client.get("/j/ACDEFK").status_code == 429
    assert client.post("/j", data={"code": "ACDEFG"}).status_code == 429


def test_mistakes_in_a_valid_codes_join_form_are_not_guesses(client, ctx):
    workshop, _ = make_workshop()
    for _ in range(12):
        assert client.post(f"/j/{workshop.join_code}", data={"first_name": ""}).status_code == 422
    assert client.post("/j", data={"code": "ACDEFG"}).status_code == 404
    join_as(client, workshop)


def test_guessing_is_counted_per_browser_so_a_venue_address_is_shared_fairly(app, client, ctx):
    workshop, _ = make_workshop()
    for _ in range(10):
        client.post("/j", data={"code": "ACDEFG"})
    assert client.post("/j", data={"code": workshop.join_code}).status_code == 429
    neighbour = app.test_client()  # another phone on the same wifi
    assert neighbour.post("/j", data={"code": workshop.join_code}).status_code == 302


def test_a_script_dropping_its_cookie_meets_the_per_address_limit(app):
    app.config["JOIN_ADDRESS_RATE_LIMIT"] = "15 per minute"
    statuses = [app.test_client().get("/j/ACDEFG").status_code for _ in range(16)]
    assert statuses == [404] * 15 + [429]


def test_the_wait_message_is_in_french_for_a_french_phone(client):
    french = {"Accept-Language": "fr-FR,fr;q=0.9"}
    for _ in range(10):
        client.post("/j", data={"code": "ACDEFG"}, headers=french)
    response = client.post("/j", data={"code": "ACDEFG"}, headers=french)
    assert response.status_code == 429
    assert "Patientez une minute" in response.get_data(as_text=True)


def test_guessing_gives_way_when_the_limit_store_is_out_of_reach(database_url, tmp_path):
    from tests.conftest import make_test_app

    app = make_test_app(database_url, tmp_path, RATELIMIT_STORAGE_URI="redis://127.0.0.1:1")
    phone = app.test_client()
    statuses = {phone.post("/j", data={"code": "ACDEFG"}).status_code for _ in range(12)}
    app.extensions["db"]["engine"].dispose()
    assert statuses == {404}


def test_good_codes_do_not_count_against_the_limit(client, ctx):
    workshop, _ = make_workshop()
    for _ in range(15):
        assert client.post("/j", data={"code": workshop.join_code}).status_code == 302


def test_an_ended_workshop_refuses_joining_like_an_unknown_code(client, ctx):
    workshop, _ = make_workshop()
    workshop.state = "ended"
    from workshop.db import session

    session().commit()
    assert client.post("/j", data={"code": workshop.join_code}).status_code == 404
    assert client.get(f"/j/{workshop.join_code}").status_code == 404


def test_joining_lands_on_the_live_page_and_reloading_keeps_the_same_person(client, ctx):
    workshop, _ = make_workshop()
    join_as(client, workshop)
    page = client.get(f"/p/{workshop.join_code}").get_data(as_text=True)
    assert 'id="phone-stage"' in page and "/r/" in page
    assert client.get(f"/j/{workshop.join_code}").status_code == 302  # already in
    assert client.get(f"/p/{workshop.join_code}").status_code == 200
    assert roster.present_count(workshop.id) == 1


def test_a_bad_join_form_is_refused_and_creates_nobody(client, ctx):
    workshop, _ = make_workshop()
    response = client.post(f"/j/{workshop.join_code}", data={"first_name": "x" * 81})
    assert response.status_code == 422
    assert roster.present_count(workshop.id) == 0


def test_the_phone_page_without_a_cookie_goes_to_the_join_form(client, ctx):
    workshop, _ = make_workshop()
    assert client.get(f"/p/{workshop.join_code}").headers["Location"] == f"/j/{workshop.join_code}"


def test_the_rejoin_link_binds_a_fresh_browser_to_the_same_person(app, client, ctx):
    import re

    workshop, _ = make_workshop()
    join_as(client, workshop)
    page = client.get(f"/p/{workshop.join_code}").get_data(as_text=True)
    link = re.search(r"(/r/[A-Za-z0-9_\-]+)", page).group(1)
    fresh = app.test_client()
    assert fresh.get(link).headers["Location"] == f"/p/{workshop.join_code}"
    assert "Marie Durand" in fresh.get(f"/p/{workshop.join_code}").get_data(as_text=True)
    assert roster.present_count(workshop.id) == 1
    assert app.test_client().get("/r/forged").status_code == 404


def test_a_phone_chooses_its_own_language(client, ctx):
    workshop, _ = make_workshop()
    join_as(client, workshop)
    client.post(f"/p/{workshop.join_code}/lang", data={"lang": "en"})
    assert '<html lang="en">' in client.get(f"/p/{workshop.join_code}").get_data(as_text=True)
    assert roster.roster(workshop)[0].locale == "en"


def test_typed_markup_is_shown_as_text(client, ctx):
    workshop, _ = make_workshop()
    join_as(client, workshop, first_name="<script>alert(1)</script>", surname="{{7*7}}")
    page = client.get(f"/p/{workshop.join_code}").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "{{7*7}}" in page


def test_a_phone_resending_the_join_form_keeps_the_facilitators_not_nameable_mark(app, client):
    facilitator = app.test_client()
    with app.test_request_context():
        workshop, _ = new_facilitated_workshop(facilitator)
        join_as(client, workshop, first_name="Ann", surname="Lee")
        client.post(f"/p/{workshop.join_code}/lang", data={"lang": "en"})
        person_id = roster.roster(workshop)[0].id
    code = workshop.join_code
    data = {"first_name": "Ann", "surname": "Lee"}  # "nameable" unchecked
    assert facilitator.post(f"/w/{code}/people/{person_id}", data=data).status_code < 400
    join_as(client, workshop, first_name="Ann", surname="Lee", lang="fr")
    with app.test_request_context():
        person = roster.roster(workshop)[0]
        assert (person.nameable, person.locale) == (False, "en")
        assert roster.present_count(workshop.id) == 1


def test_the_phone_says_where_its_personal_rejoin_link_is(client, ctx):
    workshop, _ = make_workshop()
    join_as(client, workshop, first_name="Ann", surname="Lee", lang="en")
    page = client.get(f"/p/{workshop.join_code}").get_data(as_text=True)
    summary = page[page.index("<summary>") : page.index("</summary>")]
    assert "You: Ann Lee" in summary and "your rejoin link" in summary


def _two_groups(workshop):
    from workshop.services import groups

    return [groups.add_group(workshop, {"name": name}) for name in ("Rivière", "Forêt")]


def test_a_phone_chooses_its_group_and_its_stage_answers_with_it(client, ctx):
    from workshop.services import groups

    workshop, _ = make_workshop()
    _river, forest = _two_groups(workshop)
    join_as(client, workshop)
    assert "group-choice" not in client.get(f"/p/{workshop.join_code}").get_data(as_text=True)
    groups.set_group_choice(workshop, True)
    page = client.get(f"/p/{workshop.join_code}").get_data(as_text=True)
    stage = page[page.index('id="phone-stage"') :]
    assert 'class="panel group-choice"' in stage  # inside the live region
    response = client.post(
        f"/p/{workshop.join_code}/group", data={"group_id": forest.id}, headers=HX
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and html.lstrip().startswith('<section id="phone-stage"')
    assert f'id="group-{forest.id}" name="group_id" value="{forest.id}" checked' in html
    assert 'class="eyebrow my-group"' in html and "Forêt" in html
    assert '<details class="panel group-choice">' in html  # folded once in a group
    assert roster.roster(workshop)[0].group_id == forest.id


def test_choosing_a_group_once_the_choice_is_closed_changes_nothing(client, ctx):
    workshop, _ = make_workshop()
    river, _forest = _two_groups(workshop)
    join_as(client, workshop, lang="en")
    url = f"/p/{workshop.join_code}/group"
    response = client.post(url, data={"group_id": river.id}, headers=HX)
    assert response.status_code == 409
    assert "Choosing a group is closed" in response.get_data(as_text=True)
    assert client.post(url, data={"group_id": river.id}).status_code == 409
    assert roster.roster(workshop)[0].group_id is None


def test_choosing_a_group_without_htmx_goes_back_to_the_phone_page(client, ctx):
    from workshop.services import groups

    workshop, _ = make_workshop()
    river, _forest = _two_groups(workshop)
    join_as(client, workshop)
    groups.set_group_choice(workshop, True)
    response = client.post(f"/p/{workshop.join_code}/group", data={"group_id": river.id})
    assert response.headers["Location"] == f"/p/{workshop.join_code}"
    assert "Rivière" in client.get(f"/p/{workshop.join_code}").get_data(as_text=True)


def test_joining_anonymously_over_http_when_the_workshop_allows_it(app, client, ctx):
    workshop, _ = make_workshop(allow_anonymous="1")
    response = client.post(f"/j/{workshop.join_code}", data={"anonymous": "1", "category": ""})
    assert response.status_code == 302
    (person,) = roster.roster(workshop)
    assert person.anonymous and not person.nameable and person.display_name == ""
    page = client.get(f"/p/{workshop.join_code}").get_data(as_text=True)
    assert "<summary><span>" in page and "Marie" not in page


def test_anonymity_is_refused_when_the_workshop_does_not_allow_it(app, client, ctx):
    workshop, _ = make_workshop()
    response = client.post(f"/j/{workshop.join_code}", data={"anonymous": "1"})
    assert response.status_code == 422
    assert 'id="first_name-error"' in response.get_data(as_text=True)
    assert roster.present_count(workshop.id) == 0


def test_a_phone_naming_someone_of_the_sheet_is_asked_then_takes_their_line(client, app, ctx):
    from workshop.services import roster, workshops

    workshop, _ = workshops.create_workshop({"title": "Atelier", "language": "fr"})
    (line,) = roster.import_sheet(workshop, "MARTIN Hélène; Centre social; association")
    phone = app.test_client()
    form = {"first_name": "helene", "surname": "MARTIN", "join_key": "a" * 32}
    asked = phone.post(f"/j/{workshop.join_code}", data=form)
    page = asked.get_data(as_text=True)
    assert asked.status_code == 409 and 'id="claim-me"' in page and "Hélène MARTIN" in page
    joined = phone.post(f"/j/{workshop.join_code}", data={**form, "claim": str(line.id)})
    assert joined.status_code == 302
    assert roster.present_count(workshop.id) == 1 and line.has_phone


def test_the_join_form_puts_anonymity_first_and_says_how_names_are_used(client, ctx):
    from workshop.services import workshops

    workshop, _ = workshops.create_workshop(
        {"title": "Atelier", "language": "fr", "allow_anonymous": "1"}
    )
    page = client.get(f"/j/{workshop.join_code}").get_data(as_text=True)
    assert page.index('id="anonymous"') < page.index('id="first_name"')
    assert 'id="names-use"' in page
    refused = client.post(f"/j/{workshop.join_code}", data={"first_name": "", "surname": ""})
    assert refused.status_code == 422
    assert "rester anonyme" in refused.get_data(as_text=True).lower()


def test_a_phone_without_a_group_is_told_to_choose_one_when_phones_may(client, ctx):
    from workshop.services import agenda, groups

    workshop, _ = make_workshop()
    _two_groups(workshop)
    activity = agenda.add_activity(workshop, {"kind": "brainstorm", "title": "Pistes"})
    agenda.start_workshop(workshop)
    agenda.go_to_activity(workshop, activity.id)
    join_as(client, workshop)
    waiting = client.get(f"/p/{workshop.join_code}").get_data(as_text=True)
    assert "Attendez que l'animateur vous place dans un groupe." in waiting
    assert "ci-dessus" not in waiting
    groups.set_group_choice(workshop, True)
    choosing = client.get(f"/p/{workshop.join_code}").get_data(as_text=True)
    assert "Choisissez votre groupe ci-dessus pour écrire avec lui." in choosing
    assert "Choisissez votre groupe ci-dessus : cette page montre ensuite" in choosing
    assert "Attendez que l'animateur" not in choosing and "L'animateur forme" not in choosing
