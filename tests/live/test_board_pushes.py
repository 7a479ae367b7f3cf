"""Answers reach their own group's phones, the projector and the console, live."""

import re

import pytest

from tests.views.helpers import HX, join_as, new_facilitated_workshop
from workshop.presenters.boards import ungrouped
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


# ---- every board action pushes the right regions (board-display) -------------------------


def regions_in(received) -> dict[str, str]:
    """The pushed regions by id: {"screen-board": "<div id=...>...</div>", ...}."""
    from tests.views.test_board_display import region

    html = html_of(received)
    ids = re.findall(r'<\w+ id="([\w-]+)"[^>]*hx-swap-oob="true"', html)
    return {id_: region(html, id_) for id_ in ids}


class BoardRoom:
    """Two groups, a phone in each, the console and the projector listening."""

    def __init__(self, app, client, socket_client, **settings):
        self.client = client
        self.workshop, _ = new_facilitated_workshop(client)
        self.g1 = groups.add_group(self.workshop, {"name": "Groupe 1"})
        self.g2 = groups.add_group(self.workshop, {"name": "Groupe 2"})
        data = {"kind": "brainstorm", "title": "Pistes", "question": "?", **settings}
        self.activity = agenda.add_activity(self.workshop, data)
        self.phones, self.people = {}, {}
        for name, group in (("Léa", self.g1), ("Omar", self.g2)):
            phone = app.test_client()
            join_as(phone, self.workshop, first_name=name, surname="X")
            person = next(p for p in roster.roster(self.workshop) if p.first_name == name)
            groups.assign_person(self.workshop, person.id, group.id)
            self.phones[name], self.people[name] = phone, person
        agenda.start_workshop(self.workshop)
        agenda.go_to_activity(self.workshop, self.activity.id)
        code = self.workshop.join_code
        self.sockets = {
            "console": socket_client({"workshop": code, "audience": "console"}),
            "screen": socket_client({"workshop": code, "audience": "screen"}),
            **{
                name: socket_client({"workshop": code, "audience": "phone"}, phone)
                for name, phone in self.phones.items()
            },
        }
        self.base = f"/w/{code}/boards/{self.activity.id}"

    def write(self, name: str, text: str, parent=None) -> int:
        data = {"text": text, **({"parent_id": parent} if parent else {})}
        card = boards.add_card(self.workshop, self.activity, Actor(self.people[name]), data)
        return card.id

    def drain(self) -> None:
        for socket in self.sockets.values():
            socket.get_received()

    def received(self) -> dict[str, dict[str, str]]:
        return {name: regions_in(s.get_received()) for name, s in self.sockets.items()}

    def act(self, path: str, **data) -> dict[str, dict[str, str]]:
        self.drain()
        response = self.client.post(f"{self.base}{path}", data=data, headers=HX)
        assert response.status_code == 200, response.get_data(as_text=True)[:300]
        return self.received()

    def last_action(self) -> int:
        return boards.moderation_log(self.activity)[0].id


@pytest.fixture
def room(app, client, ctx, socket_client):
    return BoardRoom(app, client, socket_client)


def boards_of(pushes) -> dict[str, str]:
    """The board region each audience got: console, screen and each phone."""
    names = {"console": "console-board", "screen": "screen-board"}
    return {who: got.get(names.get(who, "phone-board"), "") for who, got in pushes.items()}


def test_an_edit_from_a_phone_reaches_its_group_the_screen_and_the_console(room):
    card = room.write("Léa", "Piste de Léa")
    room.drain()
    version = boards.find_card(room.activity, card).version
    phone = room.phones["Léa"]
    url = f"/p/{room.workshop.join_code}/cards/{card}"
    assert phone.post(url, data={"text": "Piste revue", "version": version}).status_code < 400
    got = boards_of(room.received())
    assert all("Piste revue" in got[who] for who in ("console", "screen", "Léa")), got
    assert "Piste revue" not in got["Omar"] and "Piste de Léa" not in got["screen"]


def test_a_rename_reaches_every_screen_of_the_group(room):
    card = room.write("Léa", "Piste de Léa")
    got = boards_of(room.act(f"/cards/{card}/rename", text="Piste renommée"))
    assert all("Piste renommée" in got[who] for who in ("console", "screen", "Léa")), got
    assert "Piste renommée" not in got["Omar"]


def test_a_delete_and_its_undo_reach_every_screen(room):
    card = room.write("Léa", "Piste de Léa")
    got = boards_of(room.act(f"/cards/{card}/delete"))
    for who in ("console", "screen", "Léa"):
        assert got[who] and "Piste de Léa" not in got[who], (who, got)
    got = boards_of(room.act(f"/undo/{room.last_action()}"))
    assert all("Piste de Léa" in got[who] for who in ("console", "screen", "Léa")), got
    assert "Piste de Léa" not in got["Omar"]


def test_a_merge_across_groups_reaches_both_groups_phones(room):
    target = room.write("Léa", "Piste commune")
    source = room.write("Omar", "Piste semblable")
    room.write("Omar", "un sous-point d'Omar", parent=source)
    got = boards_of(room.act(f"/cards/{target}/merge", source_ids=str(source)))
    for who in ("console", "screen", "Léa"):
        # The merged heading is no card of its own, only a line under the kept one.
        assert "un sous-point d&#39;Omar" in got[who] and ">Piste semblable</h3>" not in got[who]
        assert "aussi : Piste semblable" in got[who].replace("\u00a0", " "), who
    assert got["Omar"] and "Piste semblable" not in got["Omar"]  # gone from Omar's group
    got = boards_of(room.act(f"/undo/{room.last_action()}"))
    assert "Piste semblable" in got["Omar"] and "Piste semblable" not in got["Léa"]


def test_hiding_leaves_the_card_on_the_console_only(room):
    card = room.write("Léa", "Piste à cacher")
    got = boards_of(room.act(f"/cards/{card}/flag", flag="hidden", value="1"))
    assert "Piste à cacher" in got["console"] and "is-hidden" in got["console"]
    assert got["screen"] and "Piste à cacher" not in got["screen"]
    assert got["Léa"] and "Piste à cacher" not in got["Léa"]
    got = boards_of(room.act(f"/cards/{card}/flag", flag="hidden", value="0"))
    assert "Piste à cacher" in got["screen"] and "Piste à cacher" in got["Léa"]


def test_pinning_reaches_the_console_the_screen_and_the_group(room):
    room.write("Léa", "Première")
    card = room.write("Léa", "Épinglée")
    got = boards_of(room.act(f"/cards/{card}/flag", flag="pinned", value="1"))
    for who in ("console", "screen", "Léa"):
        pinned = f'class="card is-pinned" id="card-{card}"'
        assert pinned in got[who] and got[who].index("Épinglée") < got[who].index("Première")
    assert "Épinglée" not in got["Omar"]


def test_moving_a_card_to_another_group_moves_it_between_phones(room):
    card = room.write("Léa", "Piste voyageuse")
    got = boards_of(room.act(f"/cards/{card}/move", group_id=str(room.g2.id)))
    assert "Piste voyageuse" in got["Omar"] and "Piste voyageuse" not in got["Léa"]
    assert "Piste voyageuse" in got["console"] and "Piste voyageuse" in got["screen"]
    screen = got["screen"]
    assert screen.index("Piste voyageuse") > screen.index("Groupe 2")


def test_a_synthesis_goes_to_the_console_not_to_phones(room):
    room.write("Léa", "Piste de Léa")
    pushes = room.act("/synthesis", group_id=str(room.g1.id), text="Le groupe veut peser.")
    got = boards_of(pushes)
    assert "Le groupe veut peser." in got["console"]
    assert all("Le groupe veut peser." not in html_of_all(p) for p in _phones(pushes))


def html_of_all(regions: dict[str, str]) -> str:
    return "".join(regions.values())


def _phones(pushes) -> list[dict[str, str]]:
    return [pushes["Léa"], pushes["Omar"]]


def test_private_answers_reach_no_phone_and_only_a_count_on_the_screen(
    app, client, ctx, socket_client
):
    room = BoardRoom(app, client, socket_client, private="1")
    room.drain()
    room.write("Léa", "Secret de Léa")
    got = {who: html_of_all(r) for who, r in room.received().items()}
    assert "Secret de Léa" in got["console"]
    assert "Secret de Léa" not in got["screen"] and "Secret de Léa" not in got["Omar"]
    assert "Secret de Léa" not in got["Léa"]  # her own list comes back over HTTP only
    got = boards_of(room.act("/state", revealed="1"))
    assert "Secret de Léa" in got["screen"] and "Secret de Léa" in got["Léa"]
    assert "Secret de Léa" not in got["Omar"]


def test_the_console_is_told_live_who_a_board_of_groups_leaves_out(app, client, ctx, socket_client):
    workshop, _ = new_facilitated_workshop(client)
    group = groups.add_group(workshop, {"name": "Groupe 1"})
    activity = agenda.add_activity(
        workshop, {"kind": "brainstorm", "title": "Pistes", "question": "?"}
    )
    agenda.start_workshop(workshop)
    agenda.go_to_activity(workshop, activity.id)
    console = socket_client({"workshop": workshop.join_code, "audience": "console"})
    assert 'id="auto-groups-now"' not in html_of(console.get_received())

    join_as(app.test_client(), workshop, first_name="Léa", surname="X")
    pushed = html_of(console.get_received())
    assert "1 personne présente" in pushed and 'id="auto-groups-now"' in pushed

    (lea,) = roster.roster(workshop)
    groups.assign_person(workshop, lea.id, group.id)
    pushed = html_of(console.get_received())
    assert 'id="board-ungrouped"' in pushed and "aucun groupe" not in pushed


def test_a_plenary_board_or_one_still_to_come_leaves_nobody_out(app, client, ctx):
    workshop, _ = new_facilitated_workshop(client)
    groups.add_group(workshop, {"name": "Groupe 1"})
    shared = agenda.add_activity(
        workshop, {"kind": "brainstorm", "title": "Pool", "question": "?", "mode": "plenary"}
    )
    later = agenda.add_activity(workshop, {"kind": "brainstorm", "title": "Later", "question": "?"})
    join_as(app.test_client(), workshop, first_name="Léa", surname="X")
    agenda.start_workshop(workshop)
    agenda.go_to_activity(workshop, shared.id)
    assert ungrouped(workshop, shared) == 0 and ungrouped(workshop, later) == 0
    agenda.go_to_activity(workshop, later.id)
    assert ungrouped(workshop, later) == 1
