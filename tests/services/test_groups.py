import pytest

from tests.factories import join, make_workshop
from workshop.services import groups, roster
from workshop.services.errors import FormErrors, NotFound, ServiceError

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
    made = groups.make_groups(workshop, {"count": "3", "mode": "mixed"})
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
    with pytest.raises(ServiceError, match="group_choice_closed"):
        groups.choose_group(workshop, person, group.id)
    groups.set_group_choice(workshop, True)
    groups.choose_group(workshop, person, group.id)
    assert person.group_id == group.id


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
