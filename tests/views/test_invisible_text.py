"""Invisible characters typed on a phone or in the console never reach a screen."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import make_workshop
from tests.views.helpers import HX, join_as, new_facilitated_workshop
from tests.views.test_boards import live  # noqa: F401  (the fixture)
from workshop.services import boards, roster

RLO, PDF, ZWSP, LRI, PDI = "\u202e", "\u202c", "\u200b", "\u2066", "\u2069"
invisible_only = st.lists(
    st.sampled_from([RLO, PDF, ZWSP, LRI, PDI, "\u2060", "\ufeff", "\u3164", " "]),
    min_size=1,
    max_size=8,
).map("".join)


def test_a_name_with_a_right_to_left_override_joins_without_it(client, ctx):
    workshop, _ = make_workshop()
    join_as(client, workshop, first_name=f"Zoé{RLO}", surname=f"{LRI}Martin{PDI}{ZWSP}")
    (person,) = roster.roster(workshop)
    assert (person.first_name, person.surname) == ("Zoé", "Martin")


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(invisible_only)
def test_a_name_made_of_invisible_characters_is_refused_in_french(app, ctx, typed):
    workshop, _ = make_workshop()
    phone = app.test_client()
    data = {"first_name": typed, "surname": typed}
    response = phone.post(f"/j/{workshop.join_code}", data=data, headers={"Accept-Language": "fr"})
    assert response.status_code == 422
    assert "obligatoire" in response.get_data(as_text=True).lower()
    assert roster.present_count(workshop.id) == 0


def test_a_card_made_of_invisible_characters_is_refused_and_nothing_is_stored(live):  # noqa: F811
    workshop, activity, (lea, _omar), _ = live
    typed = f"{RLO}{ZWSP}\u3164{PDF}"
    response = lea.post(f"/p/{workshop.join_code}/cards", data={"text": typed}, headers=HX)
    assert response.status_code == 422 and 'role="alert"' in response.get_data(as_text=True)
    assert boards.cards_of(activity) == []


def test_a_card_cannot_reverse_the_projector_line(live):  # noqa: F811
    workshop, activity, (lea, _omar), _ = live
    lea.post(f"/p/{workshop.join_code}/cards", data={"text": f"Lieu {RLO}ouvert{ZWSP} le soir"})
    (card,) = boards.cards_of(activity)
    assert card.text == "Lieu ouvert le soir"


@pytest.mark.parametrize("field", ["title", "theme"])
def test_the_facilitators_texts_lose_their_invisible_characters(client, ctx, field):
    workshop, _ = new_facilitated_workshop(client)
    data = {"title": "Atelier", field: f"{LRI}Vivre{RLO} ensemble{PDI}"}
    client.post(f"/w/{workshop.join_code}/settings", data=data)
    from workshop.services import workshops

    assert getattr(workshops.find_by_code(workshop.join_code), field) == "Vivre ensemble"
