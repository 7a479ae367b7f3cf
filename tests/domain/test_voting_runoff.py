"""Run-offs and the settled result of a vote: one policy per test."""

import pytest

from workshop.domain.voting import (
    APPROVAL,
    DOTS,
    RANKING,
    Candidate,
    RulesError,
    VoteRules,
    rank_scores,
    runoff_rules,
    settle,
)


def candidates(count=5):
    return [Candidate(i, f"C{i}", i - 1) for i in range(1, count + 1)]


def result(scores, retain):
    return rank_scores(candidates(), scores, retain)


TWO_TIED_FOR_ONE_SEAT = {1: 9, 2: 5, 3: 5, 4: 1}  # retain 2: 1 retained, 2 and 3 tied


def test_a_dots_runoff_gives_one_dot_per_seat_left_at_most_one_per_orientation():
    rules = VoteRules.create(DOTS, 3, retain_count=2)
    runoff = runoff_rules(rules, result(TWO_TIED_FOR_ONE_SEAT, 2))
    assert (runoff.method, runoff.budget, runoff.max_per_candidate) == (DOTS, 1, 1)
    assert runoff.retain_count == 1


def test_a_stacking_dots_vote_runs_off_without_stacking():
    rules = VoteRules.create(DOTS, 5, max_per_candidate=5, retain_count=3)
    tied = result({1: 9, 2: 5, 3: 5, 4: 5}, 3)  # 1 retained, three tied for 2 seats
    runoff = runoff_rules(rules, tied)
    assert (runoff.budget, runoff.max_per_candidate, runoff.retain_count) == (2, 1, 2)


def test_a_ranking_runoff_ranks_at_most_the_tied_orientations():
    rules = VoteRules.create(RANKING, 5, retain_count=2)
    runoff = runoff_rules(rules, result(TWO_TIED_FOR_ONE_SEAT, 2))
    assert (runoff.method, runoff.budget, runoff.retain_count) == (RANKING, 2, 1)


def test_a_short_ranking_keeps_its_k_in_the_runoff():
    rules = VoteRules.create(RANKING, 2, retain_count=1)
    runoff = runoff_rules(rules, result(dict.fromkeys(range(1, 6), 4), 1))
    assert (runoff.budget, runoff.retain_count) == (2, 1)


def test_an_approval_tie_is_run_off_with_one_dot_per_seat():
    rules = VoteRules.create(APPROVAL, retain_count=2)
    runoff = runoff_rules(rules, result(TWO_TIED_FOR_ONE_SEAT, 2))
    assert (runoff.method, runoff.budget, runoff.max_per_candidate) == (DOTS, 1, 1)


def test_the_runoff_keeps_the_own_group_rule():
    rules = VoteRules.create(DOTS, 3, retain_count=2, forbid_own_group=True)
    assert runoff_rules(rules, result(TWO_TIED_FOR_ONE_SEAT, 2)).forbid_own_group


def test_a_clean_cut_has_no_runoff_rules():
    with pytest.raises(RulesError) as caught:
        runoff_rules(VoteRules.create(DOTS, 3, retain_count=1), result({1: 3, 2: 1}, 1))
    assert caught.value.code == "no_runoff"


def test_a_clean_cut_settles_with_the_votes_own_retained():
    assert settle([result({1: 3, 2: 2, 3: 1}, 2)]) == ((1, 2),)


def test_a_settled_tie_adds_the_runoffs_retained_after_the_clear_part():
    original = result(TWO_TIED_FOR_ONE_SEAT, 2)
    runoff = rank_scores(candidates(2), {2: 1}, 1)  # the run-off's own candidates
    assert settle([original, runoff]) == ((1,), (2,))


def test_a_whole_top_tied_is_settled_by_the_runoff_alone():
    original = result(dict.fromkeys(range(1, 6), 2), 2)
    runoff = rank_scores(candidates(5), {4: 3, 2: 1}, 2)
    assert settle([original, runoff]) == ((), (4, 2))


def test_a_tie_never_run_off_settles_with_its_clear_part():
    assert settle([result(TWO_TIED_FOR_ONE_SEAT, 2)]) == ((1,),)


def test_a_runoff_after_a_clean_cut_adds_nothing():
    assert settle([result({1: 3, 2: 2}, 1), rank_scores(candidates(), {3: 1}, 1)]) == ((1,),)


def test_a_runoff_tied_again_chains_into_its_own_runoff():
    original = result({1: 9, 2: 5, 3: 5, 4: 5}, 2)  # 1 retained, 2-4 tied for 1 seat
    first = rank_scores(candidates(3), {1: 2, 2: 2}, 1)  # tied again
    second = rank_scores(candidates(2), {2: 1}, 1)
    assert settle([original, first, second]) == ((1,), (), (2,))
