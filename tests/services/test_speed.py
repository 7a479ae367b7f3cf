"""Speed meetings through the services: the plan follows the room, rounds held never
change, every refusal is worded and changes nothing, and follow-ups keep their promises."""

import pytest
from flask_babel import force_locale

from tests.speed_factories import join_as, partner_of, planned_room, speed_room
from workshop import events
from workshop.db import session, transaction
from workshop.domain.rotation import REFUSALS, RotationRefused
from workshop.models import SpeedFollowUp
from workshop.presenters.speed import my_matches, my_speed
from workshop.presenters.speed_console import speed_console
from workshop.services import agenda, roster, speed
from workshop.services.refusals import Conflict, Forbidden, FormErrors, Invalid, Malformed, Refused
from workshop.services.speed._refusals import worded
from workshop.web.messages import MESSAGES, message

pytestmark = pytest.mark.usefixtures("ctx")


def refused(call, *args, **kwargs) -> Refused:
    with pytest.raises(Refused) as error:
        call(*args, **kwargs)
    return error.value


def snapshot(activity):
    state = speed.state_of(activity)
    row = state.row
    return (
        state.version,
        state.current,
        row.rounds if row else None,
        row.finished_at if row else None,
    )


def set_settings(activity, **changes):
    with transaction():
        activity.settings = {**activity.settings, **changes}


# ---- the plan follows the room --------------------------------------------------------


def test_the_plan_seats_each_side_against_the_other_and_a_new_draw_changes_the_seed():
    workshop, activity, side_a, side_b = planned_room(associations=3, companies=3, rounds="3")
    plan = speed.state_of(activity).plan
    assert {p for t in plan.rounds[0].tables for p in t.side_a} == {p.id for p in side_a}
    assert {p for t in plan.rounds[0].tables for p in t.side_b} == {p.id for p in side_b}
    seed = plan.seed
    speed.make_plan(workshop, activity, fresh=True)
    assert speed.state_of(activity).plan.seed != seed


def test_a_late_arrival_joins_the_next_round_and_rounds_held_never_change():
    workshop, activity, side_a, side_b = planned_room(associations=2, companies=2, rounds="2")
    speed.next_round(workshop, activity, 0)
    first = speed.state_of(activity).plan.rounds[0]
    late = join_as(workshop, "Léa", "Tard", "Entreprise", "Retard SA")
    plan = speed.state_of(activity).plan
    assert plan.rounds[0] == first == speed.held_rounds(activity)[0]
    assert late.id in plan.rounds[1].seated() + plan.rounds[1].idle
    mine = my_speed(workshop, activity, late)
    assert mine.now is None and mine.late and mine.next.round == 2


def test_someone_who_leaves_is_taken_out_of_the_remaining_rounds():
    workshop, activity, side_a, side_b = planned_room(associations=3, companies=3, rounds="3")
    speed.next_round(workshop, activity, 0)
    held = speed.held_rounds(activity)
    roster.remove_person(workshop, side_b[0].id)
    plan = speed.state_of(activity).plan
    assert plan.rounds[:1] == held
    later = {p for r in plan.rounds[1:] for p in r.seated() + r.idle}
    assert side_b[0].id not in later


def test_before_round_one_a_changed_room_only_makes_the_plan_out_of_date_until_it_starts():
    workshop, activity, side_a, side_b = planned_room()
    version = speed.state_of(activity).version
    newcomer = join_as(workshop, "Noé", "Neuf", "Association", "Asso Neuve")
    state = speed.state_of(activity)
    assert state.version == version and speed.is_out_of_date(workshop, activity, state.row)
    speed.next_round(workshop, activity, 0)
    state = speed.state_of(activity)
    assert newcomer.id in state.plan.rounds[0].seated() + state.plan.rounds[0].idle
    assert not speed.is_out_of_date(workshop, activity, state.row)


def test_odd_numbers_make_the_larger_sides_extra_people_pause_in_turn():
    workshop, activity, side_a, side_b = planned_room(associations=2, companies=3, rounds="3")
    plan = speed.state_of(activity).plan
    assert [len(r.tables) for r in plan.rounds] == [2, 2, 2]
    assert sorted(p for r in plan.rounds for p in r.idle) == sorted(p.id for p in side_b)


def test_a_small_room_seats_fewer_and_the_console_says_how_many_tables_would_seat_all():
    workshop, activity, side_a, side_b = speed_room(associations=3, companies=3, max_tables="2")
    speed.make_plan(workshop, activity)
    plan = speed.state_of(activity).plan
    assert (plan.tables, plan.tables_wanted) == (2, 3)
    assert all(len(r.tables) == 2 and len(r.idle) == 2 for r in plan.rounds)
    console = speed_console(workshop)
    assert console.state.plan.tables_wanted > console.state.plan.tables


def test_wishes_are_favoured_in_the_first_round():
    workshop, activity, side_a, side_b = speed_room(associations=3, companies=3, rounds="2")
    speed.add_wish(workshop, activity, side_a[0].id, side_b[2].id)
    speed.make_plan(workshop, activity)
    first = speed.state_of(activity).plan.rounds[0]
    table = next(t for t in first.tables if side_a[0].id in t.side_a)
    assert table.side_b == (side_b[2].id,)


def test_hosts_keep_their_table_all_along():
    workshop, activity, side_a, side_b = speed_room(associations=2, companies=2, rounds="2")
    speed.set_person(workshop, activity, side_b[0].id, {"host": "1"})
    speed.make_plan(workshop, activity)
    plan = speed.state_of(activity).plan
    tables = {t.number for r in plan.rounds for t in r.tables if side_b[0].id in t.members}
    assert len(tables) == 1


def test_the_history_of_a_followed_workshop_is_matched_by_name():
    workshop, activity, side_a, side_b = planned_room(associations=2, companies=2, rounds="1")
    speed.next_round(workshop, activity, 0)
    speed.finish_meetings(workshop, activity)
    met = {frozenset((t.side_a[0], t.side_b[0])) for t in speed.held_rounds(activity)[0].tables}
    names = {p.id: (p.first_name, p.surname) for p in side_a + side_b}
    _mark_all_mutual(workshop, activity, side_a)
    speed.create_project_group(
        workshop, activity, {"name": "Projet", "member_ids": _matched(activity)}
    )
    new, _secret = speed.carry_project_groups(workshop, activity)
    follow = next(a for a in new.activities if a.kind == "speed_meeting")
    again = {
        names[p.id]: join_as(new, p.first_name, p.surname, p.category).id for p in side_a + side_b
    }
    history = speed.history_pairs(new, speed.history_source(new, follow, None))
    expected = {frozenset(again[names[p]] for p in pair) for pair in met}
    assert {frozenset(p) for p in history} == expected


def _mark_all_mutual(workshop, activity, side_a):
    for person in side_a:
        other = partner_of(activity, person, 1)
        speed.mark_follow_up(workshop, activity, person, other, {"on": "1"})
        other_person = roster.find_person(workshop, other)
        speed.mark_follow_up(workshop, activity, other_person, person.id, {"on": "1"})


def _matched(activity):
    return [str(p) for pair in speed.mutual_pairs(activity) for p in pair]


# ---- every refusal is worded and changes nothing -----------------------------------------


def test_every_planner_refusal_has_a_message_in_french_and_english(app):
    for code in REFUSALS:
        assert code in MESSAGES, code
    for code in REFUSALS:
        params = {"person": "Ada", "wanted": "Ben", "side": "A", "most": 3, "least": 2}
        with force_locale("en"):
            english = message(code, **params)
        with force_locale("fr"):
            french = message(code, **params)
        assert english and french and english != french, code


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"mode": "circle"}, "bad_mode"),
        ({"table_a": 3}, "bad_table_size"),
        ({"surplus": "queue"}, "bad_surplus"),
        ({"rounds": 0}, "no_rounds"),
        ({"round_seconds": 0}, "zero_duration"),
        ({"max_tables": -1}, "bad_max_tables"),
        ({"history": "forget"}, "bad_history_policy"),
    ],
)
def test_settings_no_plan_could_follow_are_refused_and_change_nothing(changes, code):
    workshop, activity, _a, _b = planned_room()
    before = snapshot(activity)
    set_settings(activity, **changes)
    error = refused(speed.make_plan, workshop, activity)
    assert error.code == code and isinstance(
        error, Invalid if code != "bad_history_policy" else Conflict
    )
    assert snapshot(activity) == before


def test_one_side_empty_names_the_side():
    workshop, activity, _a, side_b = speed_room()
    for person in side_b:
        roster.remove_person(workshop, person.id)
    error = refused(speed.make_plan, workshop, activity)
    assert (error.code, error.params["side"]) == ("one_side_empty", "Entreprise, Organisme public")
    assert speed.state_of(activity).row is None


def test_everyone_mode_needs_two_people():
    workshop, activity, _a, _b = speed_room(associations=1, companies=0, mode="everyone")
    assert refused(speed.make_plan, workshop, activity).code == "too_few_people"


def test_more_rounds_than_it_takes_for_everyone_to_meet_is_refused():
    workshop, activity, _a, _b = speed_room(rounds="3")
    error = refused(speed.make_plan, workshop, activity)
    assert (error.code, error.params) == ("too_many_rounds", {"most": 2})


def test_more_hosts_than_tables_in_the_room_is_refused():
    workshop, activity, side_a, side_b = speed_room(max_tables="1", rounds="1")
    for person in side_a:
        speed.set_person(workshop, activity, person.id, {"host": "1"})
    assert refused(speed.make_plan, workshop, activity).code == "too_many_hosts"


def test_fewer_rounds_than_already_held_is_refused():
    workshop, activity, _a, _b = planned_room(rounds="2")
    speed.next_round(workshop, activity, 0)
    speed.next_round(workshop, activity, 1)
    before = snapshot(activity)
    set_settings(activity, rounds=1)
    assert refused(speed.make_plan, workshop, activity).code == "bad_from_round"
    assert snapshot(activity) == before


def test_wishes_for_oneself_or_ones_own_side_are_refused():
    workshop, activity, side_a, side_b = speed_room()
    assert (
        refused(speed.add_wish, workshop, activity, side_a[0].id, side_a[0].id).code == "wish_self"
    )
    error = refused(speed.add_wish, workshop, activity, side_a[0].id, side_a[1].id)
    assert error.code == "wish_same_side" and error.params["wanted"] == side_a[1].display_name
    assert speed.wishes_of(activity) == frozenset()


def test_the_planner_refusals_only_a_direct_call_can_meet_are_worded_too():
    workshop, activity, side_a, _b = speed_room()
    error = worded(RotationRefused("person_on_both_sides", person=side_a[0].id), activity)
    assert isinstance(error, Conflict) and error.params["person"] == side_a[0].display_name


@pytest.mark.parametrize(
    "step",
    ["not_planned", "not_on_screen", "not_started", "finished", "moved", "last", "extra"],
)
def test_live_controls_refuse_what_the_state_does_not_allow(step):
    workshop, activity, _a, _b = speed_room(rounds="2")
    expected = {
        "not_planned": "speed_not_planned",
        "not_on_screen": "speed_not_on_screen",
        "not_started": "speed_not_started",
        "finished": "speed_finished",
        "moved": "round_moved",
        "last": "no_next_round",
        "extra": "too_much_extra",
    }[step]
    if step != "not_planned":
        speed.make_plan(workshop, activity)
    if step == "not_on_screen":
        agenda.go_to_activity(workshop, workshop.activities[0].id)
    if step in ("finished", "moved", "last", "extra"):
        speed.next_round(workshop, activity, 0)
    if step == "finished":
        speed.finish_meetings(workshop, activity)
    if step == "last":
        speed.next_round(workshop, activity, 1)
    if step == "extra":
        for _ in range(60):
            speed.extend_round(workshop, activity)
    before = snapshot(activity) if speed.state_of(activity).row else None
    call = {
        "not_started": lambda: speed.pause_round(workshop, activity),
        "extra": lambda: speed.extend_round(workshop, activity),
        "moved": lambda: speed.next_round(workshop, activity, 0),
    }.get(step, lambda: speed.next_round(workshop, activity, None))
    error = refused(call)
    assert error.code == expected and isinstance(error, Conflict)
    assert error.code in MESSAGES
    if before is not None:
        assert snapshot(activity) == before


def test_wishes_are_closed_once_the_rounds_start():
    workshop, activity, side_a, side_b = planned_room()
    speed.next_round(workshop, activity, 0)
    assert (
        refused(speed.add_wish, workshop, activity, side_a[0].id, side_b[0].id).code
        == "wishes_closed"
    )


def test_a_wish_about_someone_on_no_side_is_refused():
    workshop, activity, side_a, _b = speed_room()
    resident = join_as(workshop, "Rémi", "Riverain", "Habitant")
    assert (
        refused(speed.add_wish, workshop, activity, side_a[0].id, resident.id).code
        == "not_on_a_side"
    )


def test_sharing_a_contact_needs_the_contact():
    workshop, activity, side_a, _b = speed_room()
    error = refused(speed.set_contact, workshop, activity, side_a[0], {"shares_contact": "1"})
    assert isinstance(error, FormErrors) and error.fields["contact"][0] == "contact_required"
    assert speed.line_of(activity, side_a[0].id) is None


# ---- follow-ups: taps, refusals, privacy ------------------------------------------------


@pytest.fixture
def met():
    """A live speed meeting in its first round: (workshop, activity, person, their partner)."""
    workshop, activity, side_a, _b = planned_room()
    speed.next_round(workshop, activity, 0)
    person = side_a[0]
    other = roster.find_person(workshop, partner_of(activity, person))
    return workshop, activity, person, other


def test_a_replayed_tap_is_answered_again_and_counted_once(met):
    workshop, activity, person, other = met
    first = speed.mark_follow_up(
        workshop, activity, person, other.id, {"note": "Vans"}, "key-00000001"
    )
    again = speed.mark_follow_up(
        workshop, activity, person, other.id, {"note": "Vans"}, "key-00000001"
    )
    assert (first.replayed, again.replayed) == (False, True) and again.note == "Vans"
    assert session().query(SpeedFollowUp).count() == 1


def test_a_key_sent_again_with_another_request_is_refused_and_changes_nothing(met):
    workshop, activity, person, other = met
    speed.mark_follow_up(workshop, activity, person, other.id, {"note": "Vans"}, "key-00000002")
    error = refused(
        speed.mark_follow_up, workshop, activity, person, other.id, {"on": "0"}, "key-00000002"
    )
    assert error.code == "idempotency_conflict"
    assert speed.my_marks(activity, person.id) == {other.id: "Vans"}


def test_a_malformed_key_or_a_note_too_long_is_refused(met):
    workshop, activity, person, other = met
    error = refused(speed.mark_follow_up, workshop, activity, person, other.id, {}, "no!")
    assert isinstance(error, Malformed) and error.code == "bad_idempotency_key"
    error = refused(speed.mark_follow_up, workshop, activity, person, other.id, {"note": "x" * 301})
    assert isinstance(error, FormErrors) and error.fields["note"] == ("too_long", {"limit": 300})
    assert speed.my_marks(activity, person.id) == {}


def test_nobody_marks_someone_they_did_not_meet(met):
    workshop, activity, person, other = met
    stranger = next(p for p in roster.roster(workshop) if p.id not in (person.id, other.id))
    error = refused(speed.mark_follow_up, workshop, activity, person, stranger.id, {})
    assert isinstance(error, Forbidden) and error.code == "not_met"
    assert (
        refused(speed.mark_follow_up, workshop, activity, person, person.id, {}).code == "not_met"
    )


def test_a_one_way_mark_is_invisible_to_the_other_side_and_the_facilitator(met):
    workshop, activity, person, other = met
    heard = []

    def listen(_sender, **details):
        heard.append(details)

    events.matches_changed.connect(listen, weak=False)
    try:
        speed.mark_follow_up(workshop, activity, person, other.id, {"note": "Secret word"})
    finally:
        events.matches_changed.disconnect(listen)
    assert heard == []  # nothing is announced to anyone
    theirs = my_speed(workshop, activity, other)
    assert all(not marked for _n, _o, _l, marked, _note in theirs.met)
    assert my_matches(workshop, activity, other) == []
    assert speed.matches_of(activity, person.id) == []
    console = speed_console(workshop)
    assert (console.counts.marks, console.counts.matches) == (1, 0)
    assert speed.mutual_pairs(activity) == []


def test_a_match_is_announced_to_the_two_people_only_when_both_marked(met):
    workshop, activity, person, other = met
    heard = []

    def listen(_sender, **details):
        heard.append(details["people"])

    events.matches_changed.connect(listen, weak=False)
    try:
        speed.mark_follow_up(workshop, activity, person, other.id, {})
        speed.mark_follow_up(workshop, activity, other, person.id, {"note": "À bientôt"})
    finally:
        events.matches_changed.disconnect(listen)
    assert heard == [(other.id, person.id)]
    assert [(m.other_id, m.note) for m in speed.matches_of(activity, person.id)] == [
        (other.id, "À bientôt")
    ]


def test_contacts_travel_only_on_a_match_where_both_agreed_to_share(met):
    workshop, activity, person, other = met
    speed.set_contact(workshop, activity, person, {"shares_contact": "1", "contact": "a@x.org"})
    speed.mark_follow_up(workshop, activity, person, other.id, {})
    speed.mark_follow_up(workshop, activity, other, person.id, {})
    assert speed.matches_of(activity, other.id)[0].contact is None  # the other did not share
    speed.set_contact(workshop, activity, other, {"shares_contact": "1", "contact": "b@x.org"})
    assert speed.matches_of(activity, other.id)[0].contact == "a@x.org"
    assert speed.matches_of(activity, person.id)[0].contact == "b@x.org"
    speed.set_contact(workshop, activity, person, {"contact": "a@x.org"})  # withdraws consent
    assert speed.matches_of(activity, other.id)[0].contact is None
    assert speed.follow_up_counts(activity).sharing == 0


def test_project_sub_groups_take_only_people_who_matched(met):
    workshop, activity, person, other = met
    speed.mark_follow_up(workshop, activity, person, other.id, {})
    loner = next(p for p in roster.roster(workshop) if p.id not in (person.id, other.id))
    data = {"name": "Covoiturage", "member_ids": [str(person.id), str(loner.id)]}
    assert refused(speed.create_project_group, workshop, activity, data).code == "not_matched"
    assert refused(speed.carry_project_groups, workshop, activity).code == "no_project_groups"
    speed.mark_follow_up(workshop, activity, other, person.id, {})
    data = {"name": "Covoiturage", "member_ids": [str(person.id)]}
    assert refused(speed.create_project_group, workshop, activity, data).code == "invalid_form"
    data["member_ids"].append(str(other.id))
    group = speed.create_project_group(workshop, activity, data)
    assert [g.name for g, _m in speed.project_groups(workshop, activity)] == ["Covoiturage"]
    assert {p.group_id for p in (person, other)} == {group.id}
    new, secret = speed.carry_project_groups(workshop, activity)
    assert secret and [g.name for g in new.groups] == ["Covoiturage"]
    assert [a.kind for a in new.activities] == ["welcome", "scenario", "speed_meeting"]
    assert speed.history_source(new, new.activities[-1], None).id == activity.id
