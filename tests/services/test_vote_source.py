"""A vote after a brainstorm takes its candidates from it; timers start on screen."""

from datetime import timedelta

import pytest

from tests.factories import add_vote, cast_dot, join, make_workshop
from workshop.db import utcnow
from workshop.services import agenda, boards, voting
from workshop.services.refusals import FormErrors


@pytest.fixture
def room(ctx):
    """A started workshop: welcome, a brainstorm with two headings, then a vote whose
    candidates come from it (the form's default)."""
    workshop, _ = make_workshop()
    board = agenda.add_activity(
        workshop, {"kind": "brainstorm", "title": "Pistes", "planned_minutes": "10"}
    )
    for text in ("Piste A", "Piste B"):
        boards.add_card(workshop, board, boards.FACILITATOR, {"text": text})
    vote = add_vote(workshop, candidates=(), planned_minutes=5)
    agenda.start_workshop(workshop)
    return workshop, board, vote


def show(workshop, activity):
    agenda.go_to_activity(workshop, activity.id)
    voting.prepare_on_screen(workshop)


def labels(vote):
    return [c.label for c in voting.candidates_of(vote)]


def card(board, text):
    return next(c for c in boards.cards_of(board) if c.text == text)


def test_a_vote_after_a_brainstorm_holds_its_headings_when_it_comes_on_screen(room):
    workshop, board, vote = room
    assert vote.settings["source"] == "previous"
    assert labels(vote) == []
    show(workshop, vote)
    assert labels(vote) == ["Piste A", "Piste B"]
    assert voting.state_of(voting.vote_of(vote)) == voting.READY  # opening is the facilitator's


def test_until_it_opens_the_vote_follows_merges_renames_and_new_headings(room):
    workshop, board, vote = room
    show(workshop, vote)
    boards.add_card(workshop, board, boards.FACILITATOR, {"text": "Piste C"})
    boards.merge_cards(workshop, board, card(board, "Piste A").id, [card(board, "Piste B").id])
    boards.rename_card(workshop, board, card(board, "Piste A").id, "Piste A et B")
    voting.open_vote(workshop, vote)
    assert labels(vote) == ["Piste A et B", "Piste C"]
    # Once open, the ballot is the ballot: a new heading stays out.
    boards.add_card(workshop, board, boards.FACILITATOR, {"text": "Piste D"})
    voting.prepare_on_screen(workshop)
    assert labels(vote) == ["Piste A et B", "Piste C"]


def test_a_candidate_the_facilitator_removed_is_not_taken_again(room):
    workshop, board, vote = room
    show(workshop, vote)
    removed = next(c for c in voting.candidates_of(vote) if c.label == "Piste B")
    voting.remove_candidate(workshop, vote, removed.id)
    voting.add_typed_candidates(workshop, vote, "Tapée")
    show(workshop, board)
    show(workshop, vote)
    voting.open_vote(workshop, vote)
    assert labels(vote) == ["Piste A", "Tapée"]
    # Editing the vote's form keeps what happened live.
    form = {"kind": "vote", "title": "Priorisation", "method": "dots", "budget": "3"}
    agenda.update_activity(workshop, vote.id, form)
    assert vote.settings["source_dismissed"] == [removed.source_card_id]


def test_a_vote_without_a_source_takes_nothing(room):
    workshop, _board, _vote = room
    vote = add_vote(workshop, title="Libre", candidates=(), source="")
    show(workshop, vote)
    assert labels(vote) == []


def test_a_runoff_holds_the_tied_headings_only_whenever_it_is_opened(room):
    """A run-off sits after its vote, itself after the brainstorm: it takes nothing more
    from the board, opened at once (live) or later (a session entered afterwards)."""
    workshop, board, vote = room
    boards.add_card(workshop, board, boards.FACILITATOR, {"text": "Piste C"})
    form = {"kind": "vote", "title": "Priorisation", "method": "dots", "budget": "1"}
    agenda.update_activity(workshop, vote.id, {**form, "retain": "1"})
    show(workshop, vote)
    voting.open_vote(workshop, vote)
    a, b, _c = (c.id for c in voting.candidates_of(vote))
    for first_name, pick in (("Ann", a), ("Bob", b)):
        cast_dot(workshop, vote, join(workshop, first_name=first_name)[0], pick)
    voting.close_vote(workshop, vote)
    agenda.end_workshop(workshop)  # not live: the run-off waits to be opened
    runoff = voting.create_runoff(workshop, vote)
    assert runoff.settings.get("source") == ""
    voting.open_vote(workshop, runoff)
    assert labels(runoff) == ["Piste A", "Piste B"]


def test_a_vote_set_to_open_on_screen_opens_as_it_comes(room):
    workshop, _board, vote = room
    form = {"kind": "vote", "title": "V", "method": "dots", "budget": "3", "open_on_screen": "1"}
    agenda.update_activity(workshop, vote.id, form)
    show(workshop, vote)
    assert voting.state_of(voting.vote_of(vote)) == voting.OPEN


def test_a_vote_set_to_open_on_screen_waits_without_candidates(room):
    workshop, _board, _vote = room
    vote = add_vote(workshop, title="Vide", candidates=(), source="", open_on_screen="1")
    show(workshop, vote)
    assert voting.vote_of(vote) is None


def test_an_unknown_source_is_refused_by_the_form(room):
    workshop, _board, _vote = room
    with pytest.raises(FormErrors) as error:
        add_vote(workshop, title="X", candidates=(), source="<b>")
    assert "source" in error.value.fields


# ---- timers ------------------------------------------------------------------------------


def test_a_timer_starts_when_its_activity_comes_on_screen_and_pauses_when_it_leaves(room):
    workshop, board, vote = room
    show(workshop, board)
    assert agenda.timer_of(board).running
    show(workshop, vote)
    assert not agenda.timer_of(board).running and agenda.timer_of(vote).running
    show(workshop, board)  # back: it resumes where it stood
    assert agenda.timer_of(board).running


def test_a_timer_set_to_manual_waits_for_the_facilitator(room):
    workshop, board, _vote = room
    form = {"kind": "brainstorm", "title": "Pistes", "planned_minutes": "10", "timer": "manual"}
    agenda.update_activity(workshop, board.id, form)
    show(workshop, board)
    assert not agenda.timer_of(board).running


def test_one_more_minute_adds_sixty_seconds_running_or_not(room):
    workshop, board, _vote = room
    show(workshop, board)
    agenda.control_timer(workshop, "pause")
    before = agenda.timer_of(board).remaining_at(utcnow())
    after = agenda.control_timer(workshop, "extend").remaining_at(utcnow())
    assert after == pytest.approx(before + 60, abs=0.5)
    assert board.planned_minutes == 10  # the plan stays the plan


def test_a_timer_over_is_not_started_again_on_screen(room):
    workshop, board, vote = room
    show(workshop, board)
    board.timer_elapsed_seconds = 11 * 60.0  # past its ten minutes
    board.timer_running_since = None
    show(workshop, vote)
    show(workshop, board)
    assert not agenda.timer_of(board).running
    assert agenda.timer_of(board).remaining_at(utcnow() + timedelta(seconds=1)) < 0


def test_editing_a_board_keeps_writing_closed(room):
    workshop, board, _vote = room
    show(workshop, board)
    boards.set_board_state(workshop, board, {"closed": "1"})
    form = {"kind": "brainstorm", "title": "Pistes 2", "planned_minutes": "10"}
    agenda.update_activity(workshop, board.id, form)
    assert board.settings.get("closed") and board.title == "Pistes 2"


def test_writing_closes_at_zero_when_the_board_asks_for_it(room):
    workshop, board, _vote = room
    form = {"kind": "brainstorm", "title": "Pistes", "planned_minutes": "10", "close_at_zero": "1"}
    agenda.update_activity(workshop, board.id, form)
    show(workshop, board)
    assert boards.is_open(workshop, board)
    board.timer_running_since = utcnow() - timedelta(minutes=10, seconds=30)  # time is up
    assert not boards.is_open(workshop, board)
    agenda.control_timer(workshop, "extend")  # one more minute: open again
    assert boards.is_open(workshop, board)


def test_a_board_without_close_at_zero_stays_open_past_zero(room):
    workshop, board, _vote = room
    show(workshop, board)
    board.timer_running_since = utcnow() - timedelta(minutes=11)
    assert boards.is_open(workshop, board)
