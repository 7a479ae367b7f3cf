"""Answers reach their own group's phones, the projector and the console, live."""

from tests.views.helpers import join_as, new_facilitated_workshop
from workshop.services import agenda, boards, groups, roster
from workshop.services.boards import Actor


def html_of(received) -> str:
    return "".join(m["args"][0]["html"] for m in received if m["name"] == "regions")


def test_a_card_is_pushed_to_its_group_the_screen_and_the_console(app, client, ctx, socket_client):
    workshop, _ = new_facilitated_workshop(client)
    g1 = groups.add_group(workshop, {"name": "Groupe 1"})
    g2 = groups.add_group(workshop, {"name": "Groupe 2"})
    activity = agenda.add_activity(
        workshop, {"kind": "brainstorm", "title": "Pistes", "question": "?"}
    )
    phones = {}
    for name, group in (("Léa", g1), ("Omar", g2)):
        phone = app.test_client()
        join_as(phone, workshop, first_name=name, surname="X")
        person = next(p for p in roster.roster(workshop) if p.first_name == name)
        groups.assign_person(workshop, person.id, group.id)
        phones[name] = (phone, person)
    agenda.start_workshop(workshop)
    agenda.go_to_activity(workshop, activity.id)
    client.get(f"/s/{workshop.screen_key}")
    sockets = {
        "console": socket_client({"workshop": workshop.join_code, "audience": "console"}),
        "screen": socket_client({"workshop": workshop.join_code, "audience": "screen"}),
        "Léa": socket_client(
            {"workshop": workshop.join_code, "audience": "phone"}, phones["Léa"][0]
        ),
        "Omar": socket_client(
            {"workshop": workshop.join_code, "audience": "phone"}, phones["Omar"][0]
        ),
    }
    for socket in sockets.values():
        socket.get_received()
    boards.add_card(workshop, activity, Actor(phones["Léa"][1]), {"text": "Piste de Léa"})
    assert "Piste de Léa" in html_of(sockets["Léa"].get_received())
    assert "Piste de Léa" not in html_of(sockets["Omar"].get_received())
    assert "Piste de Léa" in html_of(sockets["screen"].get_received())
    assert "Piste de Léa" in html_of(sockets["console"].get_received())


def test_a_phone_moved_to_another_group_is_asked_to_reconnect(app, client, ctx, socket_client):
    workshop, _ = new_facilitated_workshop(client)
    group = groups.add_group(workshop, {"name": "Groupe 1"})
    phone = app.test_client()
    join_as(phone, workshop)
    person = roster.roster(workshop)[0]
    socket = socket_client({"workshop": workshop.join_code, "audience": "phone"}, phone)
    socket.get_received()
    groups.assign_person(workshop, person.id, group.id)
    assert "reconnect_rooms" in [m["name"] for m in socket.get_received()]
