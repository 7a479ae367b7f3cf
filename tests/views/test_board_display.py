"""What the console, the projector and the phones show of a board: authors, groups, fit."""

import json
import re

import pytest

from tests.views.helpers import HX, join_as, new_facilitated_workshop
from workshop.db import transaction
from workshop.services import agenda, boards, groups, roster
from workshop.services.boards import FACILITATOR, Actor

HOSTILE_NAME = "<img src=x onerror=alert(1)>"


def _room(app, client, *, anonymous: bool, surname="Dupont"):
    """A live scenario with one group: Marie (nameable), Omar (not nameable), two phones."""
    workshop, _ = new_facilitated_workshop(client)
    group = groups.add_group(workshop, {"name": "Groupe 1"})
    data = {"kind": "scenario", "title": "En 2030", "prompt_0": "Racontez."}
    activity = agenda.add_activity(workshop, data | ({"anonymous": "1"} if anonymous else {}))
    phones = {}
    for first, last in (("Marie", surname), ("Omar", "Secret")):
        phone = app.test_client()
        join_as(phone, workshop, first_name=first, surname=last)
        person = next(p for p in roster.roster(workshop) if p.first_name == first)
        groups.assign_person(workshop, person.id, group.id)
        phones[first] = (phone, person)
    with transaction():
        phones["Omar"][1].nameable = False
    agenda.start_workshop(workshop)
    agenda.go_to_activity(workshop, activity.id)
    marie, omar = Actor(phones["Marie"][1]), Actor(phones["Omar"][1])
    heading = boards.add_card(workshop, activity, marie, {"text": "Lieu ouvert"})
    boards.add_card(workshop, activity, omar, {"text": "le soir", "parent_id": heading.id})
    boards.add_card(workshop, activity, FACILITATOR, {"text": "Papier", "group_id": group.id})
    return workshop, activity, phones


def region(page: str, id_: str) -> str:
    """Return the element of `page` with this id, up to its matching end tag."""
    start = page.rindex("<", 0, page.index(f'id="{id_}"'))
    tag = re.match(r"<(\w+)", page[start:]).group(1)
    depth = 0
    for match in re.finditer(rf"<(/?){tag}\b", page[start:]):
        depth += -1 if match.group(1) else 1
        if depth == 0:
            return page[start : start + match.end()]
    raise AssertionError(f"unclosed {id_}")


def _surfaces(client, workshop, phone) -> dict[str, str]:
    """Return the board region of the phone, the console and the projector pages."""
    code = workshop.join_code
    pages = {
        "phone-board": phone.get(f"/p/{code}"),
        "console-board": client.get(f"/w/{code}/console"),
        "screen-board": client.get(f"/s/{workshop.screen_key}"),
    }
    return {name: region(page.get_data(as_text=True), name) for name, page in pages.items()}


@pytest.fixture
def named(app, client, ctx):
    return _room(app, client, anonymous=False)


@pytest.fixture
def anonymous(app, client, ctx):
    return _room(app, client, anonymous=True)


def test_a_named_activity_shows_authors_on_every_surface(named, client):
    workshop, _activity, phones = named
    for where, page in _surfaces(client, workshop, phones["Marie"][0]).items():
        assert 'Lieu ouvert</h3> <p class="card-author">(Marie Dupont)</p>' in page, where
        assert "Secret" not in page, where  # Omar may not be named...
        assert 'le soir <span class="card-author">(' in page, where  # ...he is "a participant"
        assert "Papier</h3> <p" not in page, where  # typed from paper


def test_an_anonymous_activity_shows_no_author_anywhere(anonymous, client):
    workshop, _activity, phones = anonymous
    for where, page in _surfaces(client, workshop, phones["Marie"][0]).items():
        assert "Lieu ouvert" in page and "card-author" not in page, where
        assert "Dupont" not in page and "participant" not in page, where


def test_the_minutes_attribute_answers_of_a_named_activity_only(app, client, ctx):
    workshop, _activity, _phones = _room(app, client, anonymous=False)
    markdown = client.get(f"/w/{workshop.join_code}/minutes/download/md").get_data(as_text=True)
    assert "Lieu ouvert (Marie Dupont)" in markdown
    assert "le soir (un participant)" in markdown and "Secret" not in markdown
    assert "Papier (" not in markdown


def test_the_exports_of_an_anonymous_activity_carry_no_author(anonymous, client):
    workshop, _activity, _phones = anonymous
    base = f"/w/{workshop.join_code}/minutes/download"
    markdown = client.get(f"{base}/md").get_data(as_text=True)
    assert "Lieu ouvert" in markdown and "Dupont" not in markdown and "participant)" not in markdown
    html = client.get(f"{base}/html").get_data(as_text=True)
    assert "Lieu ouvert" in html and "(Marie" not in html
    data = json.loads(client.get(f"{base}/json").get_data(as_text=True))
    text = json.dumps(data["activities"] if "activities" in data else data)
    assert "Lieu ouvert" in text and all(card["author"] is None for card in _cards(data)), (
        "no pseudonym either"
    )


def _cards(data) -> list[dict]:
    found = []

    def walk(node):
        if isinstance(node, dict):
            if "author" in node and "text" in node:
                found.append(node)
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(data)
    assert found
    return found


def test_a_hostile_author_name_is_escaped_everywhere(app, client, ctx):
    workshop, _activity, phones = _room(app, client, anonymous=False, surname=HOSTILE_NAME)
    for where, page in _surfaces(client, workshop, phones["Marie"][0]).items():
        assert HOSTILE_NAME not in page, where
        assert "(Marie &lt;img src=x onerror=alert(1)&gt;)" in page, where
    html = client.get(f"/w/{workshop.join_code}/minutes/download/html").get_data(as_text=True)
    assert HOSTILE_NAME not in html


def test_a_pushed_board_of_an_anonymous_activity_names_nobody(anonymous, client):
    workshop, activity, _phones = anonymous
    base = f"/w/{workshop.join_code}/boards/{activity.id}"
    pushed = client.post(f"{base}/state", data={"closed": "1"}, headers=HX).get_data(as_text=True)
    assert "Lieu ouvert" in pushed and "card-author" not in pushed and "Dupont" not in pushed


# ---- the projector: any number of groups, one at a time ---------------------------------


def _groups_on_screen(app, client, count: int):
    workshop, _ = new_facilitated_workshop(client)
    made = [groups.add_group(workshop, {"name": f"G{n}"}) for n in range(1, count + 1)]
    activity = agenda.add_activity(workshop, {"kind": "brainstorm", "title": "Pistes"})
    agenda.start_workshop(workshop)
    agenda.go_to_activity(workshop, activity.id)
    for group in made:
        data = {"text": f"Idée de {group.name}", "group_id": group.id}
        boards.add_card(workshop, activity, FACILITATOR, data)
    return workshop, activity, made


@pytest.mark.parametrize("count", [1, 3, 5, 8])
def test_the_projector_flows_every_group_into_one_fitted_paged_box(app, client, ctx, count):
    workshop, _activity, made = _groups_on_screen(app, client, count)
    page = client.get(f"/s/{workshop.screen_key}").get_data(as_text=True)
    board = region(page, "screen-board")
    assert board.count("data-fit ") == 1 and "data-pages " in board
    assert f'data-groups="{count}"' in board and board.count('class="screen-group"') == count
    assert "data-page-count" in board and "data-fit-more" not in board  # paged, never cut
    assert all(f"Idée de {g.name}" in board for g in made)
    assert "js/fit-text.js" in page and "js/screen-pages.js" in page


def test_the_projector_shows_the_group_the_facilitator_picks_then_all(app, client, ctx):
    workshop, activity, (g1, g2, g3) = _groups_on_screen(app, client, 3)
    state = f"/w/{workshop.join_code}/boards/{activity.id}/state"
    pushed = client.post(state, data={"screen_group": g2.id}, headers=HX).get_data(as_text=True)
    assert "Idée de G2" in region(pushed, "console-board")
    board = region(client.get(f"/s/{workshop.screen_key}").get_data(as_text=True), "screen-board")
    assert 'data-groups="1"' in board and "Idée de G2" in board
    assert "Idée de G1" not in board and "Idée de G3" not in board
    client.post(state, data={"screen_group": ""}, headers=HX)
    board = region(client.get(f"/s/{workshop.screen_key}").get_data(as_text=True), "screen-board")
    assert 'data-groups="3"' in board and all(f"Idée de {g.name}" in board for g in (g1, g2, g3))


def test_the_projector_shows_the_headings_alone_when_the_facilitator_asks(app, client, ctx):
    workshop, activity, (g1,) = _groups_on_screen(app, client, 1)
    heading = boards.find_card(activity, boards.cards_of(activity)[0].id)
    boards.add_card(workshop, activity, FACILITATOR, {"text": "un détail", "parent_id": heading.id})
    state = f"/w/{workshop.join_code}/boards/{activity.id}/state"
    screen = f"/s/{workshop.screen_key}"
    assert "un détail" in region(client.get(screen).get_data(as_text=True), "screen-board")
    pushed = client.post(state, data={"screen_view": "headings"}, headers=HX)
    assert 'id="screen-view-all"' in region(pushed.get_data(as_text=True), "console-board")
    board = region(client.get(screen).get_data(as_text=True), "screen-board")
    assert "Idée de G1" in board and "un détail" not in board and "1 sous-point" in board
    assert "is-brief" in board
    client.post(state, data={"screen_view": ""}, headers=HX)
    assert "un détail" in region(client.get(screen).get_data(as_text=True), "screen-board")


def test_each_groups_own_prompt_stands_under_its_name_on_the_projector(app, client, ctx):
    workshop, _ = new_facilitated_workshop(client)
    g1, g2 = (groups.add_group(workshop, {"name": n}) for n in ("G1", "G2"))
    data = {"kind": "scenario", "title": "En 2030", "prompt_0": "Pour tous."}
    data |= {f"prompt_{g1.id}": "Le préfet vous invite.", f"prompt_{g2.id}": "La maire aussi."}
    activity = agenda.add_activity(workshop, data)
    agenda.start_workshop(workshop)
    agenda.go_to_activity(workshop, activity.id)
    board = region(client.get(f"/s/{workshop.screen_key}").get_data(as_text=True), "screen-board")
    first, second = board.split('aria-label="G2"')
    assert '<p class="group-prompt">Le préfet vous invite.</p>' in first
    assert '<p class="group-prompt">La maire aussi.</p>' in second
    # One prompt for every group is said once, above the board, not under each name.
    common = {"kind": "scenario", "title": "Ensemble", "prompt_0": "Pour tous."}
    other = agenda.add_activity(workshop, common)
    agenda.go_to_activity(workshop, other.id)
    page = client.get(f"/s/{workshop.screen_key}").get_data(as_text=True)
    assert "group-prompt" not in region(page, "screen-board")
    assert '<p class="stage-question">Pour tous.</p>' in region(page, "screen-stage")


# ---- group colour and leaders, lone members ------------------------------------------------


def test_the_group_form_offers_no_colour_and_leaders_from_the_roster(app, client, ctx):
    workshop, _ = new_facilitated_workshop(client)
    join_as(app.test_client(), workshop, first_name="Marie", surname="Dupont")
    join_as(app.test_client(), workshop, first_name="Jo", surname="Secret")
    jo = next(p for p in roster.roster(workshop) if p.first_name == "Jo")
    with transaction():
        jo.nameable = False
    base = f"/w/{workshop.join_code}/groups"
    form = client.get(f"{base}/new", headers=HX).get_data(as_text=True)
    assert re.search(r'id="colour-none" name="colour_choice" value="none" checked', form)
    assert "Marie Dupont</option>" in form and "Secret" not in form
    marie = next(p for p in roster.roster(workshop) if p.first_name == "Marie")
    data = {"name": "G", "colour_choice": "none", "colour": "#000000", "leaders": "Asso X"}
    response = client.post(base, data=data | {"leader_ids": str(marie.id)}, headers=HX)
    assert response.status_code == 200
    (group,) = workshop.groups
    assert (group.colour, group.leaders) == ("", "Asso X, Marie Dupont")
    edit = client.get(f"{base}/{group.id}/edit", headers=HX).get_data(as_text=True)
    assert 'name="leaders" type="text" value="Asso X"' in edit
    assert f'<option value="{marie.id}" selected>Marie Dupont</option>' in edit
    refused = client.post(base, data={"name": "H", "leader_ids": str(jo.id)}, headers=HX)
    assert refused.status_code == 422 and 'id="leader_ids-error"' in refused.get_data(as_text=True)
    assert len(workshop.groups) == 1


def test_a_groups_colour_and_leaders_show_by_its_name_everywhere(app, client, ctx):
    workshop, activity, phones = _room(app, client, anonymous=False)
    (group,) = workshop.groups
    data = {"name": "Groupe 1", "colour": "#aa3300", "leaders": "Asso <b>X</b>"}
    groups.update_group(workshop, group.id, data)
    chip = 'fill="#aa3300"'
    pages = {
        "console-board": client.get(f"/w/{workshop.join_code}/console"),
        "screen-board": client.get(f"/s/{workshop.screen_key}"),
        "phone-stage": phones["Marie"][0].get(f"/p/{workshop.join_code}"),
    }
    for name, page in pages.items():
        shown = region(page.get_data(as_text=True), name)
        assert chip in shown and "Asso &lt;b&gt;X&lt;/b&gt;" in shown, name
    groups.update_group(workshop, group.id, {"name": "Groupe 1", "colour_choice": "none"})
    console = client.get(f"/w/{workshop.join_code}/console").get_data(as_text=True)
    assert "group-chip" not in region(console, "console-board")


def test_the_console_warns_about_a_group_of_one_without_refusing_it(app, client, ctx):
    workshop, _ = new_facilitated_workshop(client)
    group = groups.add_group(workshop, {"name": "G"})
    for first in ("Ana", "Bob"):
        join_as(app.test_client(), workshop, first_name=first, surname="X")
    ana, bob = roster.roster(workshop)
    base = f"/w/{workshop.join_code}/groups"
    warning = f'id="lone-{group.id}"'
    console = client.get(f"/w/{workshop.join_code}/console").get_data(as_text=True)
    assert warning not in region(console, "roster")  # empty: nothing to warn about yet
    pushed = client.post(f"{base}/assign/{ana.id}", data={"group_id": group.id}, headers=HX)
    assert ana.group_id == group.id  # assigned by hand: allowed...
    assert warning in region(pushed.get_data(as_text=True), "roster")  # ...but flagged
    pushed = client.post(f"{base}/assign/{bob.id}", data={"group_id": group.id}, headers=HX)
    assert warning not in region(pushed.get_data(as_text=True), "roster")
    groups.set_group_choice(workshop, True)
    groups.choose_group(workshop, bob, groups.add_group(workshop, {"name": "H"}).id)
    console = client.get(f"/w/{workshop.join_code}/console").get_data(as_text=True)
    assert warning in region(console, "roster")  # Ana alone again, by Bob's own choice
