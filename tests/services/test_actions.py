"""Actions for after the workshop: entered in the console, or taken from a retained orientation."""

import pytest

from tests import minutes_session as sample
from tests.factories import make_workshop
from workshop.services import groups, minutes
from workshop.services.refusals import FormErrors, NotFound

pytestmark = pytest.mark.usefixtures("ctx")


@pytest.fixture
def workshop():
    made, _ = make_workshop()
    groups.add_group(made, {"name": "Groupe A"})
    groups.add_group(made, {"name": "Groupe B"})
    return made


def steps(workshop):
    return minutes.build_minutes(workshop).next_steps


def test_an_action_has_referents_a_contact_a_description_and_needs(workshop):
    group_a = workshop.groups[0]
    minutes.add_action(
        workshop,
        {
            "title": "Ouvrir un café des parents",
            "group_id": str(group_a.id),
            "referents": "Amina Diallo; Maison des familles\nJean Roux – Mairie\nSophie",
            "contact": "amina@example.org",
            "description": "Un samedi par mois.",
            "needs": "une salle\n\nun budget café  \n\tle samedi",
        },
    )
    (action,) = steps(workshop).actions
    assert (action.group, action.transverse) == ("Groupe A", False)
    assert [(r.person, r.organisation) for r in action.referents] == [
        ("Amina Diallo", "Maison des familles"),
        ("Jean Roux", "Mairie"),
        ("Sophie", ""),
    ]
    assert [(n.text, n.items) for n in action.needs] == [
        ("une salle", ()),
        ("un budget café", ("le samedi",)),  # an indented line is a sub-item of the need above
    ]


def test_a_transverse_action_is_shared_by_the_groups_ticked(workshop):
    ids = [str(g.id) for g in workshop.groups]
    minutes.add_action(workshop, {"title": "Charte commune", "shared": ids})
    (action,) = steps(workshop).actions
    assert action.transverse and action.shared_by == ("Groupe A", "Groupe B")


def test_an_action_of_one_group_shares_with_nobody(workshop):
    ids = [str(g.id) for g in workshop.groups]
    minutes.add_action(workshop, {"title": "Seuls", "group_id": ids[0], "shared": ids})
    assert steps(workshop).actions[0].shared_by == ()


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"title": ""}, "title"),
        ({"title": "x", "group_id": "999999"}, "group_id"),
        ({"title": "x", "needs": "\n".join(f"besoin {i}" for i in range(25))}, "needs"),
        ({"title": "x", "referents": " ; "}, "referents"),  # neither person nor organisation
    ],
)
def test_a_bad_action_is_refused_whole(workshop, data, field):
    with pytest.raises(FormErrors) as error:
        minutes.add_action(workshop, data)
    assert field in error.value.fields
    assert steps(workshop).actions == ()


def test_an_action_is_edited_then_deleted(workshop):
    action = minutes.add_action(workshop, {"title": "Premier jet"})
    minutes.update_action(workshop, action.id, {"title": "Version finale", "contact": "x@y.z"})
    assert [(a.title, a.contact) for a in steps(workshop).actions] == [("Version finale", "x@y.z")]
    minutes.delete_action(workshop, action.id)
    assert steps(workshop).actions == ()


def test_another_workshops_action_looks_absent(workshop):
    other, _ = make_workshop()
    action = minutes.add_action(other, {"title": "Ailleurs"})
    with pytest.raises(NotFound):
        minutes.update_action(workshop, action.id, {"title": "Pirate"})
    with pytest.raises(NotFound):
        minutes.delete_action(workshop, "abc")


def test_the_referents_field_shows_back_as_typed():
    referent = minutes.parse_referent("  Amina Diallo ;  Maison des familles ")
    assert minutes.referent_line(referent) == "Amina Diallo; Maison des familles"


def test_a_retained_orientation_becomes_an_action_and_only_a_retained_one():
    session_ = sample.make_session()
    retained = minutes.retained_orientations(session_.workshop)
    assert retained == [sample.ORIENTATIONS[i][0] for i in (0, 1, 3)]
    minutes.action_from_orientation(session_.workshop, retained[0])
    titles = [a.title for a in steps(session_.workshop).actions]
    assert titles[-1] == retained[0]
    with pytest.raises(FormErrors):
        minutes.action_from_orientation(session_.workshop, sample.ORIENTATIONS[8][0])
