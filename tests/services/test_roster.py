import pytest

from tests.factories import join, make_workshop
from workshop.services import roster
from workshop.services.refusals import FormErrors, NotFound, Refused

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
    assert again.surname == "Martin"
    assert roster.present_count(workshop.id) == 1


def test_joining_again_keeps_the_facilitators_not_nameable_mark_and_the_language(workshop):
    person, _ = join(workshop)
    roster.set_locale(person, "en")
    roster.update_person(workshop, person.id, {"first_name": "Marie", "surname": "Durand"})
    assert person.nameable is False
    again, _ = roster.join_workshop(
        workshop, {"first_name": "Marie", "surname": "Durand"}, "fr", already=person
    )
    assert (again.nameable, again.locale) == (False, "en")


def test_a_retried_join_keeps_the_facilitators_mark(workshop):
    data = {"first_name": "Léa", "surname": "Martin", "join_key": "b" * 32}
    person, _ = roster.join_workshop(workshop, data, "fr")
    roster.update_person(workshop, person.id, {"first_name": "Léa", "surname": "Martin"})
    again, _ = roster.join_workshop(workshop, data, "en")
    assert again.id == person.id and (again.nameable, again.locale) == (False, "fr")


def test_turning_anonymous_on_joining_again_stops_being_nameable(workshop):
    workshop.allow_anonymous = True
    person, _ = join(workshop)
    assert person.nameable is True
    again, _ = roster.join_workshop(workshop, {"anonymous": "1"}, "fr", already=person)
    assert again.anonymous and again.nameable is False
    again, _ = roster.join_workshop(
        workshop, {"first_name": "Marie", "surname": "Durand"}, "fr", already=person
    )
    assert not again.anonymous and again.nameable is False  # the facilitator decides again


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
    assert [line.error for line in preview.lines] == [None, "no_name", None]
    assert roster.present_count(workshop.id) == 0
    people = roster.import_sheet(workshop, sheet)
    assert [p.surname for p in people] == ["MOREAU", "PETIT"]
    assert roster.present_count(workshop.id) == 2


def test_a_sheet_preview_flags_people_already_on_the_roster_whatever_case_and_accents(workshop):
    join(workshop, first_name="Hélène", surname="Moreau")
    sheet = "MOREAU Helene; CS\nPETIT Jules\nmoreau  HÉLÈNE\nPetit Jules; Mairie\nMOREAU Hélèna"
    preview = roster.preview_sheet(workshop, sheet)
    assert preview.known == {1: "roster", 3: "roster", 4: "sheet"}
    assert [line.line_no for line in preview.new] == [2, 5]


def test_creating_a_sheet_leaves_out_people_already_on_the_roster_by_default(workshop):
    join(workshop, first_name="Alice", surname="Moreau")
    sheet = "MOREAU Alice; Centre social\nPETIT Jules; Mairie"
    people = roster.import_sheet(workshop, sheet)
    assert [p.surname for p in people] == ["PETIT"]
    assert roster.present_count(workshop.id) == 2
    again = roster.import_sheet(workshop, sheet + "\nROUX Léa", include_known=True)
    assert [p.surname for p in again] == ["MOREAU", "PETIT", "ROUX"]


def test_a_sheet_of_people_all_known_creates_nobody_with_a_clear_refusal(workshop):
    join(workshop, first_name="Alice", surname="Moreau")
    with pytest.raises(Refused, match="sheet_all_known"):
        roster.import_sheet(workshop, "MOREAU Alice")
    assert roster.present_count(workshop.id) == 1


def test_creation_refuses_a_sheet_that_changed_since_its_preview(workshop):
    preview = roster.preview_sheet(workshop, "MOREAU Alice\nPETIT Jules")
    with pytest.raises(Refused, match="sheet_changed"):
        roster.import_sheet(workshop, "MOREAU Alice\nROUX Léa", previewed=preview.digest)
    assert roster.present_count(workshop.id) == 0
    # Line endings and blank lines are not changes (browsers send CRLF).
    same = "\r\nMOREAU Alice  \r\n\r\nPETIT Jules\r\n"
    people = roster.import_sheet(workshop, same, previewed=preview.digest)
    assert len(people) == 2


def test_a_sheet_with_no_good_line_creates_nobody(workshop):
    with pytest.raises(Refused, match="empty_sheet"):
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
