"""One person, one line: a phone finds its line of the sign-in sheet, two lines merge
into one, an anonymous person without a phone can be added for a proxy ballot."""

import pytest

from tests.factories import add_vote, cast_dot, join, make_workshop
from workshop.db import session
from workshop.models import Card, VoteDot
from workshop.services import agenda, boards, roster, voting
from workshop.services.refusals import Conflict, FormErrors, Invalid

pytestmark = pytest.mark.usefixtures("ctx")


@pytest.fixture
def workshop():
    return make_workshop()[0]


def phone_join(workshop, first_name, surname, claim=None, **extra):
    data = {"first_name": first_name, "surname": surname, **extra}
    if claim is not None:
        data["claim"] = claim
    return roster.join_workshop(workshop, data, "fr")


def test_a_phone_typing_a_name_of_the_sheet_is_asked_whether_it_is_them(workshop):
    roster.import_sheet(workshop, "MARTIN Hélène; Centre social; association")
    with pytest.raises(roster.SameName) as asked:
        phone_join(workshop, "helene", "Martin")
    assert asked.value.person.surname == "MARTIN"
    assert roster.present_count(workshop.id) == 1  # nothing created while asking


def test_a_phone_that_says_it_is_them_takes_the_line_of_the_sheet(workshop):
    (line,) = roster.import_sheet(workshop, "MARTIN Hélène; Centre social; association")
    person, secret = phone_join(workshop, "Helene", "martin", claim=str(line.id))
    assert person.id == line.id and person.has_phone
    assert person.organisation == "Centre social"  # what the sheet knew stays
    assert roster.rejoin(secret).id == line.id
    assert roster.present_count(workshop.id) == 1


def test_a_phone_that_is_someone_else_gets_its_own_line(workshop):
    roster.import_sheet(workshop, "MARTIN Hélène; Centre social; association")
    person, _ = phone_join(workshop, "Hélène", "Martin", claim="new")
    assert person.has_phone and roster.present_count(workshop.id) == 2


def test_a_line_already_claimed_by_a_phone_is_not_offered_again(workshop):
    (line,) = roster.import_sheet(workshop, "MARTIN Hélène; ; association")
    phone_join(workshop, "Hélène", "Martin", claim=str(line.id))
    second, _ = phone_join(workshop, "Hélène", "Martin")  # another phone: no question
    assert second.id != line.id and roster.present_count(workshop.id) == 2


def test_fifty_on_the_sheet_twenty_joining_by_phone_give_fifty_lines(workshop):
    names = [(f"Prénom{i}", f"Nom{i}") for i in range(50)]
    sheet = "\n".join(
        f"{surname.upper()} {first}; Asso {i}; association"
        for i, (first, surname) in enumerate(names)
    )
    lines = roster.import_sheet(workshop, sheet)
    by_name = {(p.first_name.casefold(), p.surname.casefold()): p for p in lines}
    for i, (first, surname) in enumerate(names[:20]):
        typed_first = first.upper() if i % 2 else first.replace("é", "e")  # case, accents
        with pytest.raises(roster.SameName) as asked:
            phone_join(workshop, typed_first, surname.lower())
        expected = by_name[(first.casefold(), surname.casefold())]
        assert asked.value.person.id == expected.id
        phone_join(workshop, typed_first, surname.lower(), claim=str(expected.id))
    people = roster.roster(workshop)
    assert len(people) == 50
    assert sum(p.has_phone for p in people) == 20


def test_merging_two_lines_keeps_every_ballot_and_card_once(workshop):
    vote = add_vote(workshop)
    agenda.start_workshop(workshop)
    agenda.go_to_activity(workshop, vote.id)
    voting.open_vote(workshop, vote)
    a, b, _c = [c.id for c in voting.candidates_of(vote)]
    paper = roster.add_person(
        workshop, {"first_name": "Léa", "surname": "Roux", "organisation": "Mairie"}
    )
    phone, secret = join(workshop, first_name="Lea", surname="ROUX", claim="new")
    cast_dot(workshop, vote, phone, a)
    cast_dot(workshop, vote, phone, b)
    kept = roster.merge_people(workshop, paper.id, phone.id)
    dots = session().query(VoteDot).filter_by(activity_id=vote.id).all()
    assert sorted(d.candidate_id for d in dots) == sorted([a, b])
    assert {d.participant_id for d in dots} == {kept.id}
    assert roster.present_count(workshop.id) == 1
    assert roster.rejoin(secret).id == kept.id  # the phone's link leads to the kept line
    assert roster.current_participant(workshop, phone.id).id == kept.id  # and its cookie
    assert kept.organisation == "Mairie" and kept.has_phone


def test_merging_moves_the_cards_a_line_wrote(workshop):
    board = agenda.add_activity(workshop, {"kind": "brainstorm", "title": "Pistes"})
    agenda.start_workshop(workshop)
    agenda.go_to_activity(workshop, board.id)
    one, _ = join(workshop, first_name="Ana", surname="Lima")
    two, _ = join(workshop, first_name="Ana", surname="Lima", join_key="k" * 20)
    card = boards.add_card(workshop, board, boards.Actor(two), {"text": "Un lieu"})
    roster.merge_people(workshop, one.id, two.id)
    assert session().get(Card, card.id).author_id == one.id


def test_merging_two_lines_that_voted_in_the_same_vote_is_refused_and_changes_nothing(workshop):
    vote = add_vote(workshop)
    agenda.start_workshop(workshop)
    agenda.go_to_activity(workshop, vote.id)
    voting.open_vote(workshop, vote)
    a = voting.candidates_of(vote)[0].id
    one, _ = join(workshop, first_name="Jo", surname="Blanc")
    two, _ = join(workshop, first_name="Jo", surname="Blanc", join_key="j" * 20)
    cast_dot(workshop, vote, one, a)
    cast_dot(workshop, vote, two, a)
    with pytest.raises(Conflict) as refused:
        roster.merge_people(workshop, one.id, two.id)
    assert refused.value.code == "both_voted" and refused.value.params["vote"] == vote.title
    assert roster.present_count(workshop.id) == 2
    assert session().query(VoteDot).filter_by(participant_id=two.id).count() == 1


def test_a_line_cannot_be_merged_with_itself(workshop):
    one, _ = join(workshop)
    with pytest.raises(Invalid):
        roster.merge_people(workshop, one.id, one.id)


def test_an_anonymous_person_without_a_phone_can_be_added_for_a_proxy_ballot(workshop):
    vote = add_vote(workshop)
    agenda.start_workshop(workshop)
    agenda.go_to_activity(workshop, vote.id)
    voting.open_vote(workshop, vote)
    person = roster.add_person(workshop, {"anonymous": "1", "category": "Association"})
    assert person.anonymous and not person.nameable and person.display_name == ""
    a = voting.candidates_of(vote)[0].id
    voting.enter_proxy_ballot(workshop, vote, person.id, {f"dots_{a}": "1"})
    assert session().query(VoteDot).filter_by(participant_id=person.id).count() == 1


def test_where_names_need_agreement_only_those_who_agree_may_be_named(workshop):
    workshop.names_in_minutes = "agreed"
    agreeing, _ = phone_join(workshop, "Noé", "Petit", named="1")
    silent, _ = phone_join(workshop, "Ana", "Gomez")
    assert agreeing.nameable and not silent.nameable


def test_a_missing_name_says_one_may_stay_anonymous_where_one_may(workshop):
    workshop.allow_anonymous = True
    with pytest.raises(FormErrors) as refused:
        phone_join(workshop, "", "")
    assert refused.value.fields["first_name"][0] == "name_or_anonymous"


def test_a_line_taking_part_in_a_speed_meeting_is_not_merged_away(workshop):
    from workshop.db import transaction
    from workshop.models import SpeedPerson

    meeting = agenda.add_activity(workshop, {"kind": "speed_meeting", "title": "Rencontres"})
    one, _ = join(workshop, first_name="Jo", surname="Blanc")
    two, _ = join(workshop, first_name="Jo", surname="Blanc", join_key="j" * 20)
    with transaction() as s:
        s.add(SpeedPerson(activity_id=meeting.id, participant_id=two.id, host=True))
    with pytest.raises(Conflict) as refused:
        roster.merge_people(workshop, one.id, two.id)
    assert refused.value.code == "in_speed_meeting"
    assert roster.present_count(workshop.id) == 2
