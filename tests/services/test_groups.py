import pytest

from tests.factories import join, make_workshop
from workshop.services import agenda, groups, roster
from workshop.services.refusals import FormErrors, NotFound, Refused

pytestmark = pytest.mark.usefixtures("ctx")


@pytest.fixture
def workshop():
    return make_workshop()[0]


def test_groups_have_unique_names(workshop):
    groups.add_group(workshop, {"name": "Groupe 1", "leaders": "Asso X et Entreprise Y"})
    with pytest.raises(FormErrors):
        groups.add_group(workshop, {"name": "groupe 1"})
    with pytest.raises(FormErrors):
        groups.add_group(workshop, {"name": " "})


def test_automatic_groups_mix_categories_and_avoid_singletons(workshop):
    for i in range(5):
        join(workshop, first_name=f"A{i}", surname="X", category="Association")
    for i in range(3):
        join(workshop, first_name=f"E{i}", surname="Y", category="Entreprise")
    made = groups.make_groups(workshop, {"count": "3", "mode": "mixed"}).groups
    assert [g.name for g in made] == ["Groupe 1", "Groupe 2", "Groupe 3"]
    people = roster.roster(workshop)
    for group in made:
        members = [p for p in people if p.group_id == group.id]
        assert len(members) >= 2
        assert {p.category for p in members} == {"Association", "Entreprise"}


def test_phone_less_people_can_be_assigned(workshop):
    group = groups.add_group(workshop, {"name": "G"})
    person = roster.add_person(workshop, {"first_name": "Jean", "surname": "Petit"})
    groups.assign_person(workshop, person.id, group.id)
    assert person.group_id == group.id
    groups.assign_person(workshop, person.id, "")
    assert person.group_id is None


def test_participants_choose_only_while_allowed(workshop):
    group = groups.add_group(workshop, {"name": "G"})
    person, _ = join(workshop)
    with pytest.raises(Refused, match="group_choice_closed"):
        groups.choose_group(workshop, person, group.id)
    groups.set_group_choice(workshop, True)
    groups.choose_group(workshop, person, group.id)
    assert person.group_id == group.id


def test_nobody_changes_group_once_the_workshop_has_ended(workshop):
    first, second = (groups.add_group(workshop, {"name": n}) for n in ("G", "H"))
    person, _ = join(workshop)
    groups.set_group_choice(workshop, True)
    groups.choose_group(workshop, person, first.id)
    agenda.start_workshop(workshop)
    agenda.end_workshop(workshop)
    with pytest.raises(Refused, match="group_choice_closed"):
        groups.choose_group(workshop, person, second.id)
    assert person.group_id == first.id


def test_another_workshops_group_looks_absent(workshop):
    other, _ = make_workshop()
    foreign = groups.add_group(other, {"name": "G"})
    person, _ = join(workshop)
    with pytest.raises(NotFound):
        groups.assign_person(workshop, person.id, foreign.id)


def test_deleting_a_group_ungroups_its_members(workshop):
    group = groups.add_group(workshop, {"name": "G"})
    person, _ = join(workshop)
    groups.assign_person(workshop, person.id, group.id)
    groups.delete_group(workshop, group.id)
    assert person.group_id is None and workshop.groups == []


# ---- colour and leaders (board-display) ---------------------------------------------------


def test_a_group_may_have_no_colour_even_when_the_browser_sends_one(workshop):
    plain = groups.add_group(workshop, {"name": "A", "colour_choice": "none", "colour": "#123456"})
    assert plain.colour == ""
    red = groups.add_group(workshop, {"name": "B", "colour_choice": "some", "colour": "#FF0000"})
    assert red.colour == "#ff0000"
    groups.update_group(workshop, red.id, {"name": "B", "colour_choice": "none"})
    assert red.colour == ""


@pytest.mark.parametrize("colour", ["#12345g", "red", '#"><x ', "#1234567"])
def test_a_bad_colour_is_refused_and_nothing_changes(workshop, colour):
    group = groups.add_group(workshop, {"name": "A", "colour": "#00ff00"})
    with pytest.raises(FormErrors) as refused:
        groups.update_group(workshop, group.id, {"name": "Renamed", "colour": colour})
    assert "colour" in refused.value.fields
    assert (group.name, group.colour) == ("A", "#00ff00")


def test_leaders_are_typed_or_picked_from_the_roster_once(workshop):
    marie, _ = join(workshop, first_name="Marie", surname="Dupont")
    paul, _ = join(workshop, first_name="Paul", surname="Roy")
    data = {"name": "G", "leaders": "Asso X, Marie Dupont", "leader_ids": [marie.id, paul.id]}
    group = groups.add_group(workshop, data)
    assert group.leaders == "Asso X, Marie Dupont, Paul Roy"


def test_only_people_who_may_be_named_can_be_picked_as_leaders(workshop):
    hidden = roster.add_person(workshop, {"first_name": "Jo", "surname": "Secret"})
    named = roster.add_person(workshop, {"first_name": "Ana", "surname": "Vu"})
    roster.update_person(workshop, hidden.id, {"first_name": "Jo", "surname": "Secret"})
    assert [p.id for p in groups.leader_choices(workshop)] == [named.id]
    other, _ = make_workshop()
    stranger, _ = join(other, first_name="Zed", surname="Z")
    for bad in (hidden.id, stranger.id, "x"):
        with pytest.raises(FormErrors) as refused:
            groups.add_group(workshop, {"name": "G", "leader_ids": [bad]})
        assert "leader_ids" in refused.value.fields
    assert workshop.groups == []


def test_leaders_longer_than_the_limit_are_refused(workshop):
    person, _ = join(workshop, first_name="Marie", surname="Dupont")
    with pytest.raises(FormErrors) as refused:
        groups.add_group(workshop, {"name": "G", "leaders": "x" * 195, "leader_ids": [person.id]})
    assert "leaders" in refused.value.fields and workshop.groups == []


# ---- several groups at once, from an activity's form ---------------------------------------


def test_groups_are_created_from_names_one_a_line(workshop):
    made = groups.add_groups(workshop, {"group_names": " Nord \n\nSud  Est\n"})
    assert [g.name for g in made] == ["Nord", "Sud Est"]
    assert [g.name for g in workshop.groups] == ["Nord", "Sud Est"]
    assert [g.position for g in workshop.groups] == [0, 1]


def test_a_number_of_groups_are_named_for_the_workshop_skipping_names_taken(workshop):
    groups.add_group(workshop, {"name": "Groupe 1"})
    made = groups.add_groups(workshop, {"group_names": "", "group_count": "2"})
    assert [g.name for g in made] == ["Groupe 2", "Groupe 3"]
    english = make_workshop(language="en")[0]
    assert [g.name for g in groups.add_groups(english, {"group_count": "1"})] == ["Group 1"]


@pytest.mark.parametrize(
    ("data", "field", "code"),
    [
        ({}, "group_names", "required"),
        ({"group_names": "  \n "}, "group_names", "required"),
        ({"group_names": "Nord\nnord"}, "group_names", "duplicate"),
        ({"group_names": "x" * 81}, "group_names", "too_long"),
        ({"group_count": "0"}, "group_count", "out_of_range"),
        ({"group_count": "31"}, "group_count", "out_of_range"),
        ({"group_count": "deux"}, "group_count", "invalid"),
    ],
)
def test_bad_group_fields_are_refused_and_create_nothing(workshop, data, field, code):
    with pytest.raises(FormErrors) as refused:
        groups.add_groups(workshop, data)
    assert refused.value.fields[field][0] == code
    assert workshop.groups == []


def test_a_name_taken_or_too_many_groups_create_none(workshop):
    groups.add_group(workshop, {"name": "Nord"})
    with pytest.raises(FormErrors) as refused:
        groups.add_groups(workshop, {"group_names": "Sud\nNORD"})
    assert refused.value.fields["group_names"] == ("group_name_taken", {"name": "NORD"})
    with pytest.raises(FormErrors) as refused:
        groups.add_groups(workshop, {"group_count": "30"})
    assert refused.value.fields["group_count"] == ("too_many_groups", {"limit": 30})
    assert [g.name for g in workshop.groups] == ["Nord"]
