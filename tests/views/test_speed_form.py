"""The agenda form of a speed meeting: its fields, and settings no plan could follow refused."""

from tests.speed_factories import speed_settings
from tests.views.helpers import HX, new_facilitated_workshop


def test_the_new_speed_meeting_form_offers_the_workshops_categories_for_each_side(client, ctx):
    workshop, _secret = new_facilitated_workshop(client)
    page = client.get(f"/w/{workshop.join_code}/activities/new?kind=speed_meeting")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    for category in workshop.categories:
        assert f'name="side_a" value="{category}"' in html
        assert f'name="side_b" value="{category}"' in html


def test_a_round_of_zero_seconds_is_refused_on_its_field_and_nothing_is_added(client, ctx):
    workshop, _secret = new_facilitated_workshop(client, language="en")
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    form = speed_settings(round_minutes="0", round_secs="0")
    answer = client.post(f"/w/{workshop.join_code}/activities", data=form, headers=HX)
    assert answer.status_code == 422
    assert "A round must last more than zero seconds." in answer.get_data(as_text=True)
    assert [a.kind for a in workshop.activities] == ["welcome"]


def test_a_category_on_both_sides_is_refused(client, ctx):
    workshop, _secret = new_facilitated_workshop(client, language="en")
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    form = speed_settings(side_a=["Association"], side_b=["Association", "Company"])
    answer = client.post(f"/w/{workshop.join_code}/activities", data=form, headers=HX)
    assert answer.status_code == 422
    assert "“Association” is on both sides" in answer.get_data(as_text=True)


def test_editing_a_speed_meeting_keeps_its_sides_ticked(client, ctx):
    workshop, _secret = new_facilitated_workshop(client)
    client.post(f"/w/{workshop.join_code}/activities", data=speed_settings(), headers=HX)
    activity = workshop.activities[-1]
    html = client.get(f"/w/{workshop.join_code}/activities/{activity.id}/edit").get_data(
        as_text=True
    )
    assert 'name="side_a" value="Association" checked' in html
    assert 'name="side_b" value="Entreprise" checked' in html
    assert (
        'id="round_minutes" name="round_minutes" type="number" min="0" max="120" value="4"' in html
    )
