import pytest

from workshop.domain.agenda import (
    DRAFT,
    ENDED,
    LIVE,
    AgendaError,
    AgendaState,
    end,
    go_to,
    reorder,
    start,
    step,
)


def test_starting_puts_the_first_activity_on_screen():
    assert start(AgendaState(DRAFT, None, 3)) == AgendaState(LIVE, 0, 3)


def test_an_empty_agenda_cannot_start():
    with pytest.raises(AgendaError) as error:
        start(AgendaState(DRAFT, None, 0))
    assert error.value.code == "empty_agenda"


def test_a_started_workshop_cannot_start_again():
    with pytest.raises(AgendaError, match="not_draft"):
        start(AgendaState(LIVE, 0, 3))


def test_next_and_previous_move_one_activity():
    state = AgendaState(LIVE, 1, 3)
    assert step(state, 1).current == 2
    assert step(state, -1).current == 0


def test_stepping_past_either_end_is_refused_not_wrapped():
    with pytest.raises(AgendaError, match="no_such_activity"):
        step(AgendaState(LIVE, 2, 3), 1)
    with pytest.raises(AgendaError, match="no_such_activity"):
        step(AgendaState(LIVE, 0, 3), -1)


def test_a_draft_or_ended_workshop_cannot_move():
    for state in (AgendaState(DRAFT, None, 3), AgendaState(ENDED, 1, 3)):
        with pytest.raises(AgendaError, match="not_live"):
            step(state, 1)
        with pytest.raises(AgendaError, match="not_live"):
            go_to(state, 0)


def test_going_to_any_activity_checks_it_exists():
    assert go_to(AgendaState(LIVE, 0, 3), 2).current == 2
    with pytest.raises(AgendaError):
        go_to(AgendaState(LIVE, 0, 3), 3)


def test_ending_keeps_the_last_activity_and_is_final():
    assert end(AgendaState(LIVE, 1, 3)) == AgendaState(ENDED, 1, 3)
    with pytest.raises(AgendaError):
        end(AgendaState(ENDED, 1, 3))


def test_reordering_moves_one_activity_and_clamps_at_the_ends():
    assert reorder([1, 2, 3], 3, -1) == [1, 3, 2]
    assert reorder([1, 2, 3], 1, -1) == [1, 2, 3]
    assert reorder([1, 2, 3], 1, 5) == [2, 3, 1]
    with pytest.raises(AgendaError):
        reorder([1, 2, 3], 9, 1)
