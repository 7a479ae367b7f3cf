"""Answers from phones and moderation from the console, over HTTP."""

import re

import pytest

from tests.views.helpers import HX, join_as, new_facilitated_workshop
from workshop.services import agenda, boards, groups, roster


@pytest.fixture
def live(app, client, ctx):
    """A live scenario with two groups (headings / two columns) and one phone in each."""
    workshop, _ = new_facilitated_workshop(client)
    g1 = groups.add_group(workshop, {"name": "Groupe 1"})
    g2 = groups.add_group(workshop, {"name": "Groupe 2"})
    activity = agenda.add_activity(
        workshop,
        {
            "kind": "scenario",
            "title": "En 2030",
            "prompt_0": "Racontez 2030.",
            f"prompt_{g2.id}": "Vous êtes maire.",
            f"format_{g2.id}": "board",
            f"columns_{g2.id}": "Exigences / Réfutations",
        },
    )
    phones = []
    for name, group in (("Léa", g1), ("Omar", g2)):
        phone = app.test_client()
        join_as(phone, workshop, first_name=name, surname="X")
        person = (
            roster.roster(workshop)[-1]
            if name == "Léa"
            else next(p for p in roster.roster(workshop) if p.first_name == name)
        )
        groups.assign_person(workshop, person.id, group.id)
        phones.append(phone)
    agenda.start_workshop(workshop)
    agenda.go_to_activity(workshop, activity.id)
    return workshop, activity, phones, (g1, g2)


def test_each_phone_sees_its_groups_prompt(live):
    workshop, _activity, (lea, omar), _ = live
    lea_page = lea.get(f"/p/{workshop.join_code}").get_data(as_text=True)
    omar_page = omar.get(f"/p/{workshop.join_code}").get_data(as_text=True)
    assert "Racontez 2030." in lea_page and "Vous êtes maire." not in lea_page
    assert "Vous êtes maire." in omar_page and "Exigences" in omar_page


def test_a_phone_adds_a_heading_then_a_sub_point(live):
    workshop, activity, (lea, _omar), _ = live
    response = lea.post(f"/p/{workshop.join_code}/cards", data={"text": "Lieu ouvert"}, headers=HX)
    assert response.status_code == 200 and 'id="phone-board"' in response.get_data(as_text=True)
    (heading,) = boards.cards_of(activity)
    lea.post(f"/p/{workshop.join_code}/cards", data={"text": "le soir", "parent_id": heading.id})
    assert [c.parent_id for c in boards.cards_of(activity)] == [None, heading.id]


def test_a_refused_card_comes_back_with_a_message_and_nothing_is_stored(live):
    workshop, activity, (lea, _omar), _ = live
    response = lea.post(f"/p/{workshop.join_code}/cards", data={"text": "  "}, headers=HX)
    assert response.status_code == 422 and 'role="alert"' in response.get_data(as_text=True)
    assert boards.cards_of(activity) == []


def test_a_phone_cannot_write_for_another_workshop_or_without_joining(live, app):
    workshop, activity, _phones, _ = live
    stranger = app.test_client()
    assert stranger.post(f"/p/{workshop.join_code}/cards", data={"text": "x"}).status_code == 403
    assert boards.cards_of(activity) == []


def test_the_console_moderates_and_undoes(live, client):
    workshop, activity, (lea, _omar), _ = live
    lea.post(f"/p/{workshop.join_code}/cards", data={"text": "Lieu ouvert"})
    (card,) = boards.cards_of(activity)
    base = f"/w/{workshop.join_code}/boards/{activity.id}"
    tools = client.get(f"{base}/cards/{card.id}", headers=HX).get_data(as_text=True)
    assert "Lieu ouvert" in tools
    response = client.post(
        f"{base}/cards/{card.id}/rename", data={"text": "Lieu-ressource"}, headers=HX
    )
    assert 'id="console-board"' in response.get_data(as_text=True)
    assert card.text == "Lieu-ressource"
    log = client.get(f"{base}/log", headers=HX).get_data(as_text=True)
    action_id = re.search(r"/undo/(\d+)", log).group(1)
    client.post(f"{base}/undo/{action_id}", headers=HX)
    assert card.text == "Lieu ouvert"


def test_the_console_types_paper_answers_for_a_third_group(live, client):
    workshop, activity, _phones, _ = live
    g3 = groups.add_group(workshop, {"name": "Groupe 3"})
    base = f"/w/{workshop.join_code}/boards/{activity.id}"
    assert "outline" in client.get(f"{base}/quick").get_data(as_text=True)
    client.post(
        f"{base}/quick", data={"group_id": g3.id, "outline": "Pivot\n\tjeunesse"}, headers=HX
    )
    assert [(c.text, c.group_id) for c in boards.cards_of(activity)] == [
        ("Pivot", g3.id),
        ("jeunesse", g3.id),
    ]


def test_the_console_and_projector_show_every_groups_answers(live, client):
    workshop, activity, (lea, omar), _ = live
    lea.post(f"/p/{workshop.join_code}/cards", data={"text": "Idée de Léa"})
    omar.post(f"/p/{workshop.join_code}/cards", data={"text": "Exigence d'Omar", "column": "0"})
    console = client.get(f"/w/{workshop.join_code}/console").get_data(as_text=True)
    screen = client.get(f"/s/{workshop.screen_key}").get_data(as_text=True)
    for page in (console, screen):
        assert "Idée de Léa" in page and "Exigence d&#39;Omar" in page


def test_private_answers_stay_private_until_revealed(live, client):
    workshop, activity, (lea, _omar), (g1, _g2) = live
    activity.settings = {**activity.settings, "private": True}
    from workshop.db import session

    session().commit()
    lea.post(f"/p/{workshop.join_code}/cards", data={"text": "Secret de Léa"})
    other = client.application.test_client()
    join_as(other, workshop, first_name="Zoé", surname="Y")
    zoe = next(p for p in roster.roster(workshop) if p.first_name == "Zoé")
    groups.assign_person(workshop, zoe.id, g1.id)
    assert "Secret de Léa" not in other.get(f"/p/{workshop.join_code}").get_data(as_text=True)
    assert "Secret de Léa" not in client.get(f"/s/{workshop.screen_key}").get_data(as_text=True)
    assert "Secret de Léa" in lea.get(f"/p/{workshop.join_code}/my-cards").get_data(as_text=True)
    client.post(f"/w/{workshop.join_code}/boards/{activity.id}/state", data={"revealed": "1"})
    assert "Secret de Léa" in other.get(f"/p/{workshop.join_code}").get_data(as_text=True)
