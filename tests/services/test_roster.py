import pytest

from tests.factories import join, make_workshop
from workshop.services import roster
from workshop.services.errors import FormErrors, NotFound, ServiceError

pytestmark = pytest.mark.usefixtures("ctx")


@pytest.fixture
def workshop():
    return make_workshop()[0]


def test_joining_creates_a_present_participant_with_a_rejoin_secret(workshop):
    person, secret = join(workshop, organisation="Centre social", category="Association")
    assert person.present and person.category == "Association"
    assert roster.rejoin(secret).id == person.id
    assert roster.present_count(workshop.id) == 1


def test_joining_again_with_the_same_cookie_updates_instead_of_counting_twice(workshop):
    person, _ = join(workshop)
    again, secret = roster.join_workshop(
        workshop, {"first_name": "Marie", "surname": "Martin"}, "en", already=person
    )
    assert again.id == person.id and secret is None
    assert (again.surname, again.locale) == ("Martin", "en")
    assert roster.present_count(workshop.id) == 1


def test_names_are_required_unless_anonymity_is_allowed(workshop):
    with pytest.raises(FormErrors) as error:
        join(workshop, first_name="", surname=" ")
    assert set(error.value.fields) == {"first_name", "surname"}
    workshop.allow_anonymous = True
    person, _ = join(workshop, first_name="", surname="", anonymous="1")
    assert person.anonymous and not person.nameable and person.display_name == ""


def test_a_category_outside_the_workshops_list_is_refused(workshop):
    with pytest.raises(FormErrors) as error:
        join(workshop, category="Martians")
    assert "category" in error.value.fields


def test_an_ended_workshop_admits_nobody(workshop):
    workshop.state = "ended"
    with pytest.raises(NotFound):
        join(workshop)


def test_a_removed_person_stops_counting_and_cannot_rejoin(workshop):
    person, secret = join(workshop)
    roster.remove_person(workshop, person.id)
    assert roster.present_count(workshop.id) == 0
    with pytest.raises(NotFound):
        roster.rejoin(secret)
    roster.restore_person(workshop, person.id)
    assert roster.present_count(workshop.id) == 1


def test_people_without_a_phone_count_as_present(workshop):
    roster.add_person(workshop, {"first_name": "Jean", "surname": "Petit"})
    assert roster.present_count(workshop.id) == 1
    assert roster.roster(workshop)[0].has_phone is False


def test_the_facilitator_edits_anyone_and_who_may_be_named(workshop):
    person, _ = join(workshop)
    roster.update_person(workshop, person.id, {"first_name": "Marie", "surname": "Durand"})
    assert person.nameable is False
    roster.update_person(
        workshop, person.id, {"first_name": "Marie", "surname": "Durand", "nameable": "1"}
    )
    assert person.nameable is True


def test_another_workshops_person_looks_absent(workshop):
    other = make_workshop()[0]
    stranger, _ = join(other)
    with pytest.raises(NotFound):
        roster.remove_person(workshop, stranger.id)
    with pytest.raises(NotFound):
        roster.update_person(workshop, "abc", {})
    assert stranger.present


def test_a_sign_in_sheet_is_previewed_then_imported_all_at_once(workshop):
    sheet = "MOREAU Alice; Centre social; association\n;;\nPETIT Jules; Mairie; organisme public"
    preview = roster.preview_sheet(workshop, sheet)
    assert [line.error for line in preview] == [None, "no_name", None]
    assert roster.present_count(workshop.id) == 0
    people = roster.import_sheet(workshop, sheet)
    assert [p.surname for p in people] == ["MOREAU", "PETIT"]
    assert roster.present_count(workshop.id) == 2


def test_a_sheet_with_no_good_line_creates_nobody(workshop):
    with pytest.raises(ServiceError, match="empty_sheet"):
        roster.import_sheet(workshop, ";;\n ; x")


def test_the_roster_is_sorted_by_surname(workshop):
    for first, last in (("Zoé", "Bernard"), ("Amir", "Zidane"), ("Léa", "adam")):
        join(workshop, first_name=first, surname=last)
    assert [p.surname for p in roster.roster(workshop)] == ["adam", "Bernard", "Zidane"]


def test_a_retried_join_whose_answer_was_lost_finds_the_same_person(workshop):
    data = {"first_name": "Léa", "surname": "Martin", "join_key": "a" * 32}
    first, _ = roster.join_workshop(workshop, data, "fr")
    again, secret = roster.join_workshop(workshop, data, "fr")
    assert again.id == first.id and secret is not None
    assert roster.rejoin(secret).id == first.id
    assert roster.present_count(workshop.id) == 1


def test_a_malformed_join_key_is_ignored(workshop):
    data = {"first_name": "Léa", "surname": "Martin", "join_key": "<x>"}
    roster.join_workshop(workshop, data, "fr")
    roster.join_workshop(workshop, data, "fr")
    assert roster.present_count(workshop.id) == 2
