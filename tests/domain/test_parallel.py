import pytest

from workshop.domain.agenda import DRAFT, LIVE, AgendaError, AgendaState
from workshop.domain.parallel import (
    Slot,
    block_start,
    blocks,
    check_together,
    go_to,
    live_ids,
    seen_by,
    step,
    step_target,
    together_marks,
)

A, B, C = 11, 22, 33  # group ids

# welcome, A's vote, B's vote (with the previous), C's board (with the previous), closing
AGENDA = [
    Slot(1, None),
    Slot(2, A),
    Slot(3, B, with_previous=True),
    Slot(4, C, with_previous=True),
    Slot(5, None),
]


def test_an_agenda_without_marks_is_one_activity_at_a_time():
    slots = [Slot(1, None), Slot(2, A), Slot(3, B)]
    assert blocks(slots) == [(0,), (1,), (2,)]


def test_marked_group_activities_run_together_with_the_one_before():
    assert blocks(AGENDA) == [(0,), (1, 2, 3), (4,)]


def test_a_mark_on_an_activity_for_everyone_starts_its_own_block():
    slots = [Slot(1, A), Slot(2, None, with_previous=True)]
    assert blocks(slots) == [(0,), (1,)]


def test_a_mark_after_an_activity_for_everyone_starts_its_own_block():
    slots = [Slot(1, None), Slot(2, A, with_previous=True)]
    assert blocks(slots) == [(0,), (1,)]


def test_a_groups_run_off_joins_the_block_and_takes_its_place_on_the_groups_phones():
    slots = [Slot(1, A), Slot(2, B, with_previous=True), Slot(3, B, with_previous=True)]
    assert blocks(slots) == [(0, 1, 2)]
    live = live_ids(slots, 0)
    assert seen_by(slots, live, B) == 3
    assert seen_by(slots, live, A) == 1


def test_everything_live_with_the_activity_on_screen_is_its_block():
    assert live_ids(AGENDA, 1) == (2, 3, 4)
    assert live_ids(AGENDA, 0) == (1,)


def test_nothing_is_live_before_the_start():
    assert live_ids(AGENDA, None) == ()


def test_next_moves_past_the_whole_block():
    assert step_target(AGENDA, 1, 1) == 4


def test_previous_lands_on_the_first_activity_of_the_block_before():
    assert step_target(AGENDA, 4, -1) == 1
    assert step_target(AGENDA, 1, -1) == 0


def test_stepping_past_either_end_is_still_refused():
    with pytest.raises(AgendaError, match="no_such_activity"):
        step_target(AGENDA, 4, 1)
    with pytest.raises(AgendaError, match="no_such_activity"):
        step_target(AGENDA, 0, -1)


def test_showing_any_activity_of_a_block_shows_the_block_from_its_start():
    assert block_start(AGENDA, 3) == 1
    assert block_start(AGENDA, 4) == 4


def test_each_group_sees_its_own_activity_of_the_block():
    live = live_ids(AGENDA, 1)
    assert seen_by(AGENDA, live, A) == 2
    assert seen_by(AGENDA, live, B) == 3
    assert seen_by(AGENDA, live, C) == 4


def test_people_in_no_group_see_the_overview_of_a_block():
    assert seen_by(AGENDA, live_ids(AGENDA, 1), None) is None


def test_a_group_with_nothing_in_the_block_sees_the_overview():
    slots = [Slot(1, A), Slot(2, B, with_previous=True)]
    assert seen_by(slots, live_ids(slots, 0), C) is None


def test_an_activity_alone_on_screen_is_seen_by_everyone():
    live = live_ids(AGENDA, 4)
    assert seen_by(AGENDA, live, A) == seen_by(AGENDA, live, None) == 5


def test_a_group_activity_alone_on_screen_is_still_shown_to_other_groups():
    slots = [Slot(1, A), Slot(2, B)]
    assert seen_by(slots, live_ids(slots, 0), B) == 1


def test_only_activities_for_one_group_can_be_marked_together():
    slots = [Slot(1, None), Slot(2, A), Slot(3, None)]
    with pytest.raises(AgendaError, match="together_needs_groups"):
        check_together(slots, 1)
    with pytest.raises(AgendaError, match="together_needs_groups"):
        check_together(slots, 2)


def test_the_first_activity_has_nothing_to_run_with():
    with pytest.raises(AgendaError, match="together_first"):
        check_together([Slot(1, A)], 0)


def test_a_group_cannot_run_two_activities_at_once():
    slots = [Slot(1, A), Slot(2, B, with_previous=True), Slot(3, A)]
    with pytest.raises(AgendaError, match="together_same_group"):
        check_together(slots, 2)


def test_another_group_can_join_a_block():
    slots = [Slot(1, A), Slot(2, B, with_previous=True), Slot(3, C)]
    check_together(slots, 2)


def test_a_workshop_steps_from_block_to_block():
    assert step(AgendaState(LIVE, 0, 5), AGENDA, 1) == AgendaState(LIVE, 1, 5)
    assert step(AgendaState(LIVE, 1, 5), AGENDA, 1) == AgendaState(LIVE, 4, 5)


def test_a_workshop_that_is_not_live_does_not_step():
    with pytest.raises(AgendaError, match="not_live"):
        step(AgendaState(DRAFT, None, 5), AGENDA, 1)


def test_going_to_the_middle_of_a_block_shows_the_block():
    assert go_to(AgendaState(LIVE, 0, 5), AGENDA, 2) == AgendaState(LIVE, 1, 5)


def test_going_nowhere_is_refused():
    with pytest.raises(AgendaError, match="no_such_activity"):
        go_to(AgendaState(LIVE, 0, 5), AGENDA, 9)


def test_the_agenda_offers_the_switch_only_between_two_group_activities():
    slots = [Slot(1, None), Slot(2, A), Slot(3, B, with_previous=True), Slot(4, C)]
    assert together_marks(slots) == {3: True, 4: False}


def test_a_mark_that_does_not_hold_shows_as_off():
    slots = [Slot(1, A), Slot(2, B), Slot(3, None, with_previous=True), Slot(4, A, True)]
    assert together_marks(slots) == {2: False}
