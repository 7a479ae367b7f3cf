"""Sub-groups in parallel: two groups' activities live at once, each with its own ballot,
board and timer; "next" moves past both."""

from datetime import timedelta

import pytest

from tests.factories import add_instruction, add_vote, cast_dot, join, make_workshop
from workshop import db, events
from workshop.domain.minutes import VoteSection
from workshop.services import agenda, boards, groups, minutes, plans, voting
from workshop.services.boards import Actor
from workshop.services.refusals import Conflict, Forbidden, Refused

pytestmark = pytest.mark.usefixtures("ctx")


@pytest.fixture
def room():
    """Two groups of two; after the welcome, group A's vote then group B's, then a closing."""
    workshop, _ = make_workshop()
    a = groups.add_group(workshop, {"name": "Groupe A"})
    b = groups.add_group(workshop, {"name": "Groupe B"})
    vote_a = add_vote(workshop, "Vote A", ("A1", "A2"), group_id=a.id)
    vote_b = add_vote(workshop, "Vote B", ("B1", "B2"), group_id=b.id)
    closing = add_instruction(workshop, "Clôture")
    people = [join(workshop, first_name=f"P{i}", surname=f"N{i}")[0] for i in range(5)]
    for person, group in zip(people, [a, a, b, b], strict=False):
        groups.assign_person(workshop, person.id, group.id)
    return workshop, (a, b), (vote_a, vote_b, closing), people


def test_a_group_vote_runs_while_another_group_votes(room):
    workshop, (a, b), (vote_a, vote_b, _), people = room
    agenda.run_together(workshop, vote_b.id, True)
    agenda.start_workshop(workshop)
    agenda.step_agenda(workshop, 1)
    assert [x.id for x in workshop.live_activities] == [vote_a.id, vote_b.id]
    voting.open_vote(workshop, vote_a)
    voting.open_vote(workshop, vote_b)
    a1 = voting.candidates_of(vote_a)[0]
    b1, b2 = voting.candidates_of(vote_b)
    cast_dot(workshop, vote_a, people[0], a1.id)
    cast_dot(workshop, vote_b, people[2], b1.id)
    cast_dot(workshop, vote_b, people[2], b2.id)
    # Each group's ballot, budget and results stay its own.
    assert voting.progress_of(workshop, vote_a).voted == 1
    assert voting.progress_of(workshop, vote_b).voted == 1
    assert voting.ballot_of(vote_b, people[2]).choices == {b1.id: 1, b2.id: 1}
    assert voting.ballot_of(vote_a, people[2]).choices == {}
    with pytest.raises(Forbidden, match="vote_for_another_group"):
        cast_dot(workshop, vote_b, people[0], b1.id)
    voting.close_vote(workshop, vote_a)  # closing one leaves the other open
    assert voting.snapshot_of(vote_b).is_open


def test_each_phone_takes_part_in_its_own_groups_activity(room):
    workshop, (a, b), (vote_a, vote_b, _), _people = room
    agenda.run_together(workshop, vote_b.id, True)
    agenda.start_workshop(workshop)
    agenda.step_agenda(workshop, 1)
    assert workshop.activity_for_group(a.id) == vote_a
    assert workshop.activity_for_group(b.id) == vote_b
    assert workshop.activity_for_group(None) is None  # the overview


def test_next_moves_past_the_whole_block_and_previous_comes_back_to_its_start(room):
    workshop, _groups, (vote_a, vote_b, closing), _people = room
    agenda.run_together(workshop, vote_b.id, True)
    agenda.start_workshop(workshop)
    agenda.step_agenda(workshop, 1)
    agenda.step_agenda(workshop, 1)
    assert workshop.current_activity == closing
    agenda.step_agenda(workshop, -1)
    assert workshop.current_activity == vote_a


def test_showing_the_second_activity_of_a_block_shows_the_block(room):
    workshop, _groups, (vote_a, vote_b, _), _people = room
    agenda.run_together(workshop, vote_b.id, True)
    agenda.start_workshop(workshop)
    agenda.go_to_activity(workshop, vote_b.id)
    assert workshop.current_activity == vote_a
    assert workshop.runs_in_parallel


def test_only_activities_each_for_one_group_run_together(room):
    workshop, _groups, (vote_a, _vote_b, closing), _people = room
    with pytest.raises(Conflict, match="together_needs_groups"):
        agenda.run_together(workshop, closing.id, True)
    with pytest.raises(Conflict, match="together_first"):
        agenda.run_together(workshop, workshop.activities[0].id, True)
    assert not closing.with_previous


def test_a_group_never_gets_two_activities_at_once(room):
    workshop, (a, _b), (_vote_a, vote_b, _), _people = room
    agenda.update_activity(
        workshop, vote_b.id, {"title": "Vote B", "method": "dots", "budget": "3", "group_id": a.id}
    )
    with pytest.raises(Conflict, match="together_same_group"):
        agenda.run_together(workshop, vote_b.id, True)


def test_marking_next_to_the_live_activity_makes_it_live_at_once(room):
    workshop, (_a, b), (vote_a, vote_b, _), _people = room
    agenda.start_workshop(workshop)
    agenda.step_agenda(workshop, 1)
    moves = []

    def moved(workshop_id, **_details):
        moves.append(workshop_id)

    events.agenda_advanced.connect(moved, weak=False)
    try:
        agenda.run_together(workshop, vote_b.id, True)
    finally:
        events.agenda_advanced.disconnect(moved)
    assert moves == [workshop.id]
    assert workshop.activity_for_group(b.id) == vote_b
    assert vote_b.started_at is not None
    agenda.run_together(workshop, vote_b.id, False)
    assert [x.id for x in workshop.live_activities] == [vote_a.id]


def test_each_live_activity_has_its_own_timer(room):
    workshop, _groups, (vote_a, vote_b, closing), _people = room
    agenda.run_together(workshop, vote_b.id, True)
    agenda.start_workshop(workshop)
    agenda.step_agenda(workshop, 1)
    agenda.control_timer(workshop, "start", vote_b.id)
    assert vote_b.timer_running_since is not None
    assert vote_a.timer_running_since is None
    with pytest.raises(Conflict, match="activity_not_live"):
        agenda.control_timer(workshop, "start", closing.id)
    assert closing.timer_running_since is None


def back_in_time(workshop, minutes: float) -> None:
    """Move the live block's clock back: it came on screen (and its activities started)
    `minutes` earlier."""
    with db.transaction():
        workshop.current_since -= timedelta(minutes=minutes)
        for activity in workshop.live_activities:
            activity.started_at -= timedelta(minutes=minutes)
            if activity.timer_running_since:
                activity.timer_running_since -= timedelta(minutes=minutes)


def test_the_time_spent_counts_for_every_activity_of_the_block(room):
    workshop, _groups, (vote_a, vote_b, _), _people = room
    agenda.run_together(workshop, vote_b.id, True)
    agenda.start_workshop(workshop)
    agenda.step_agenda(workshop, 1)
    back_in_time(workshop, 4)
    agenda.step_agenda(workshop, 1)
    assert round(vote_a.active_seconds / 60) == round(vote_b.active_seconds / 60) == 4


def test_a_live_activity_of_the_block_cannot_be_deleted(room):
    workshop, _groups, (_vote_a, vote_b, _), _people = room
    agenda.run_together(workshop, vote_b.id, True)
    agenda.start_workshop(workshop)
    agenda.step_agenda(workshop, 1)
    with pytest.raises(Refused, match="activity_is_current"):
        agenda.delete_activity(workshop, vote_b.id)


def test_a_groups_board_runs_beside_another_groups_vote(room):
    workshop, (a, b), (vote_a, vote_b, _), people = room
    board = agenda.add_activity(
        workshop,
        {"kind": "brainstorm", "title": "Idées de B", "question": "Quoi ?", "group_id": str(b.id)},
    )
    agenda.delete_activity(workshop, vote_b.id)
    agenda.move_activity(workshop, board.id, -1)
    agenda.run_together(workshop, board.id, True)
    agenda.start_workshop(workshop)
    agenda.step_agenda(workshop, 1)
    assert workshop.activity_for_group(b.id) == board
    card = boards.add_card(workshop, board, Actor(people[2]), {"text": "Un jardin partagé"})
    assert card.group_id == b.id
    with pytest.raises(Forbidden, match="board_for_another_group"):
        boards.add_card(workshop, board, Actor(people[0]), {"text": "Intrus"})
    shown = boards.group_boards(workshop, board, moderation=False)
    assert [x.group.name for x in shown] == ["Groupe B"]


def test_the_minutes_keep_a_section_per_vote(room):
    workshop, _groups, (vote_a, vote_b, _), people = room
    agenda.run_together(workshop, vote_b.id, True)
    agenda.start_workshop(workshop)
    agenda.step_agenda(workshop, 1)
    for vote in (vote_a, vote_b):
        voting.open_vote(workshop, vote)
    cast_dot(workshop, vote_a, people[0], voting.candidates_of(vote_a)[1].id)
    cast_dot(workshop, vote_b, people[3], voting.candidates_of(vote_b)[0].id)
    for vote in (vote_a, vote_b):
        voting.close_vote(workshop, vote)
    sections = [s for s in minutes.build_minutes(workshop).sections if type(s) is VoteSection]
    assert [s.title for s in sections] == ["Vote A", "Vote B"]
    assert [row.label for row in sections[0].rows if row.score] == ["A2"]
    assert [row.label for row in sections[1].rows if row.score] == ["B1"]


def tie_in_group_bs_vote(room) -> None:
    """Both groups vote at once; group B's vote (one dot, one orientation retained) ends
    in a tie at the cut-off and is closed, group A's stays open."""
    workshop, (_a, b), (vote_a, vote_b, _), people = room
    agenda.update_activity(
        workshop,
        vote_b.id,
        {"title": "Vote B", "method": "dots", "budget": "1", "retain": "1", "group_id": b.id},
    )
    agenda.run_together(workshop, vote_b.id, True)
    agenda.start_workshop(workshop)
    agenda.step_agenda(workshop, 1)
    voting.open_vote(workshop, vote_a)
    voting.open_vote(workshop, vote_b)
    b1, b2 = voting.candidates_of(vote_b)
    cast_dot(workshop, vote_b, people[2], b1.id)
    cast_dot(workshop, vote_b, people[3], b2.id)  # a tie at the cut-off
    voting.close_vote(workshop, vote_b)


def test_a_groups_run_off_takes_its_place_while_the_other_group_carries_on(room):
    workshop, (a, b), (vote_a, vote_b, _), _people = room
    tie_in_group_bs_vote(room)
    runoff = voting.create_runoff(workshop, vote_b)
    assert workshop.activity_for_group(b.id) == runoff
    assert workshop.activity_for_group(a.id) == vote_a
    assert voting.snapshot_of(vote_a).is_open and voting.snapshot_of(runoff).is_open


def test_a_run_off_created_in_a_block_counts_its_time_from_its_own_start(room):
    workshop, _groups, (vote_a, vote_b, _), _people = room
    tie_in_group_bs_vote(room)
    back_in_time(workshop, 12)  # the groups have worked for 12 minutes
    runoff = voting.create_runoff(workshop, vote_b)
    # Its countdown starts as it comes on group B's phones: 5 minutes, not 5 minus 12.
    assert runoff.timer_running_since is not None
    assert agenda.timer_of(runoff).remaining_at(db.utcnow()) > 4.9 * 60
    assert minutes.actual_seconds(workshop, runoff) < 60
    assert round(minutes.actual_seconds(workshop, vote_a) / 60) == 12
    back_in_time(workshop, 3)  # the run-off takes 3 minutes
    agenda.step_agenda(workshop, 1)
    assert round(runoff.active_seconds / 60) == 3
    assert round(vote_a.active_seconds / 60) == round(vote_b.active_seconds / 60) == 15
    planned = {row.title: row for row in minutes.build_minutes(workshop).agenda}
    assert planned[runoff.title].actual_minutes == 3
    assert planned[runoff.title].planned_minutes == 5


def test_a_plan_keeps_which_activities_run_together(room):
    workshop, _groups, (_vote_a, vote_b, closing), _people = room
    agenda.run_together(workshop, vote_b.id, True)
    plan = plans.plan_of(workshop)
    assert [a.get("with_previous", False) for a in plan["activities"]] == [
        False,
        False,
        True,
        False,
    ]
    copy, _ = plans.create_from_plan(plan)
    assert [a.with_previous for a in copy.activities] == [False, False, True, False]
    assert plans.plan_of(copy)["activities"] == plan["activities"]


def test_a_plan_running_an_activity_for_everyone_in_parallel_is_refused(room):
    workshop, _groups, _votes, _people = room
    plan = plans.plan_of(workshop)
    plan["activities"][3]["with_previous"] = True  # the closing, for everyone
    with pytest.raises(Refused) as error:
        plans.create_from_plan(plan)
    assert error.value.code == "plan_invalid"
    assert "activities[3].with_previous" in str(error.value.params)


def test_deleting_what_stood_between_brings_a_marked_activity_live(room):
    workshop, (_a, b), (vote_a, vote_b, _), _people = room
    between = add_instruction(workshop, "Pause")
    agenda.move_activity(workshop, between.id, -2)  # welcome, A, pause, B, closing
    agenda.run_together(workshop, vote_b.id, False)
    with db.transaction():
        vote_b.with_previous = True  # a mark that does not hold behind the pause
    agenda.start_workshop(workshop)
    agenda.step_agenda(workshop, 1)
    assert workshop.live_activities == [vote_a]
    agenda.delete_activity(workshop, between.id)
    assert workshop.activity_for_group(b.id) == vote_b
    assert vote_b.started_at is not None
