"""Ballot rules and tallies, one policy per test."""

import ast
import sys
from pathlib import Path

import pytest

from workshop.domain import voting
from workshop.domain.voting import (
    APPROVAL,
    BALLOT_ERRORS,
    CUTOFF_RULE,
    DOTS,
    MAX_BUDGET,
    RANKING,
    RULES_ERRORS,
    TIE_RULE,
    Ballot,
    BallotError,
    Candidate,
    RulesError,
    Totals,
    VoteRules,
    ballot_points,
    cast_ballots,
    check_approval,
    check_ballot,
    check_dot,
    check_rank,
    check_remove_dot,
    count_ballots,
    rank_scores,
    rank_totals,
    remaining_dots,
    remaining_ranks,
    runoff_candidates,
    runoff_seats,
    tally,
    unrank,
)

IDS = (1, 2, 3, 4, 5)


def make_candidates(count=5, groups=None):
    """Candidates 1..count labelled A, B, C... in that original order."""
    groups = groups or {}
    return [Candidate(i, chr(64 + i), i - 1, groups.get(i)) for i in range(1, count + 1)]


def dots_ballots(*allocations, **kwargs):
    return [Ballot(voter, dict(choice), **kwargs) for voter, choice in enumerate(allocations, 1)]


def scores_of(result):
    return {row.candidate_id: row.score for row in result.rows}


def by_id(result):
    return {row.candidate_id: row for row in result.rows}


def refused(code):
    return pytest.raises(BallotError, match=f"^{code}$")


# --- Rules --------------------------------------------------------------------------


def test_default_rules_give_three_dots_on_three_different_candidates():
    rules = VoteRules.create()
    assert (rules.method, rules.budget, rules.max_per_candidate) == (DOTS, 3, 1)
    assert not rules.stacking
    assert rules == VoteRules()


def test_stacking_false_means_max_one_per_candidate():
    assert VoteRules.create(DOTS, 5, stacking=False) == VoteRules.create(
        DOTS, 5, max_per_candidate=1
    )


def test_stacking_without_a_maximum_lets_one_candidate_take_the_whole_budget():
    rules = VoteRules.create(DOTS, 5, stacking=True)
    assert rules.max_per_candidate == 5
    assert rules.stacking


def test_stacking_with_a_maximum_keeps_the_maximum():
    assert VoteRules.create(DOTS, 5, max_per_candidate=2).max_per_candidate == 2


def test_stacking_false_with_a_larger_maximum_is_a_conflict():
    with pytest.raises(RulesError, match="^stacking_conflict$"):
        VoteRules.create(DOTS, 5, stacking=False, max_per_candidate=2)


def test_unknown_method_is_refused():
    with pytest.raises(RulesError) as error:
        VoteRules.create("borda")
    assert error.value.code == "unknown_method"


@pytest.mark.parametrize("budget", [0, -1, MAX_BUDGET + 1, True, 2.0, "3"])
@pytest.mark.parametrize("method", [DOTS, RANKING])
def test_budget_must_be_a_whole_number_from_one_to_the_maximum(method, budget):
    with pytest.raises(RulesError, match="^budget_out_of_range$"):
        VoteRules.create(method, budget)


def test_max_per_candidate_cannot_exceed_the_budget():
    with pytest.raises(RulesError, match="^max_per_candidate_out_of_range$"):
        VoteRules(DOTS, budget=3, max_per_candidate=4)


def test_max_per_candidate_must_be_at_least_one():
    with pytest.raises(RulesError, match="^max_per_candidate_out_of_range$"):
        VoteRules(DOTS, budget=3, max_per_candidate=0)


@pytest.mark.parametrize("method", [RANKING, APPROVAL])
def test_ranking_and_approval_allow_one_choice_per_candidate(method):
    assert VoteRules.create(method).max_per_candidate == 1
    with pytest.raises(RulesError, match="^max_per_candidate_out_of_range$"):
        VoteRules.create(method, max_per_candidate=2)


def test_ranking_budget_is_the_number_of_places():
    assert VoteRules.create(RANKING, 5).budget == 5
    assert VoteRules(RANKING).budget == 3


def test_approval_has_no_budget():
    assert VoteRules.create(APPROVAL, 7).budget == 0
    assert VoteRules(APPROVAL) == VoteRules.create(APPROVAL)


@pytest.mark.parametrize("retain", [-1, 1000, None, 1.5])
def test_retain_count_must_be_a_whole_number_from_zero(retain):
    with pytest.raises(RulesError, match="^retain_count_out_of_range$"):
        VoteRules.create(retain_count=retain)


def test_rules_are_frozen():
    with pytest.raises(AttributeError):
        VoteRules().budget = 10


def test_errors_are_value_errors_carrying_their_code():
    error = BallotError("budget_exhausted")
    assert isinstance(error, ValueError)
    assert error.code == "budget_exhausted"
    assert str(error) == "budget_exhausted"


def test_every_code_raised_in_the_module_is_listed():
    source = Path(voting.__file__).read_text()
    raised = {
        node.args[0].value
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Call)
        and getattr(node.func, "id", None) in ("RulesError", "BallotError")
        and isinstance(node.args[0], ast.Constant)
    }
    assert raised <= RULES_ERRORS | BALLOT_ERRORS
    assert raised >= BALLOT_ERRORS


# --- Dots ---------------------------------------------------------------------------


def test_a_dot_on_a_listed_candidate_is_allowed():
    assert check_dot(VoteRules(), {}, 1, IDS) is None


def test_exhausted_budget_refuses_another_dot():
    with refused("budget_exhausted"):
        check_dot(VoteRules(), {1: 1, 2: 1, 3: 1}, 4, IDS)


def test_max_one_per_candidate_means_pick_n_different():
    rules = VoteRules.create(DOTS, 3, stacking=False)
    with refused("max_per_candidate"):
        check_dot(rules, {1: 1}, 1, IDS)
    check_dot(rules, {1: 1}, 2, IDS)


def test_stacking_allows_several_dots_up_to_the_maximum():
    rules = VoteRules.create(DOTS, 5, max_per_candidate=2)
    check_dot(rules, {1: 1}, 1, IDS)
    with refused("max_per_candidate"):
        check_dot(rules, {1: 2}, 1, IDS)


def test_full_stacking_lets_one_candidate_take_every_dot():
    rules = VoteRules.create(DOTS, 3, stacking=True)
    check_dot(rules, {1: 2}, 1, IDS)
    with refused("budget_exhausted"):
        check_dot(rules, {1: 3}, 1, IDS)


def test_dot_on_an_unknown_candidate_is_refused():
    with refused("unknown_candidate"):
        check_dot(VoteRules(), {}, 99, IDS)


def test_exhausted_budget_is_reported_before_max_per_candidate():
    with refused("budget_exhausted"):
        check_dot(VoteRules(), {1: 1, 2: 1, 3: 1}, 1, IDS)


def test_remaining_dots_counts_down_to_zero():
    rules = VoteRules.create(DOTS, 3, stacking=True)
    assert [remaining_dots(rules, {1: n}) for n in range(4)] == [3, 2, 1, 0]


def test_remaining_dots_never_goes_negative_after_the_budget_is_lowered():
    assert remaining_dots(VoteRules.create(DOTS, 2), {1: 1, 2: 1, 3: 1}) == 0


def test_removing_a_dot_that_was_placed_is_allowed():
    assert check_remove_dot({1: 1}, 1) is None


@pytest.mark.parametrize("allocation", [{}, {1: 0}, {2: 1}])
def test_removing_a_dot_that_was_not_placed_is_refused(allocation):
    with refused("nothing_to_remove"):
        check_remove_dot(allocation, 1)


@pytest.mark.parametrize("method", [RANKING, APPROVAL])
def test_a_dot_in_another_method_is_refused(method):
    with refused("wrong_method"):
        check_dot(VoteRules.create(method), {}, 1, IDS)


# --- Own group ----------------------------------------------------------------------


def test_own_group_candidate_is_refused_when_the_rule_is_on():
    rules = VoteRules.create(forbid_own_group=True)
    with refused("own_group"):
        check_dot(rules, {}, 1, IDS, voter_group=7, candidate_group=7)


def test_other_groups_candidates_are_allowed_when_the_rule_is_on():
    rules = VoteRules.create(forbid_own_group=True)
    check_dot(rules, {}, 1, IDS, voter_group=7, candidate_group=8)


def test_own_group_candidate_is_allowed_when_the_rule_is_off():
    check_dot(VoteRules(), {}, 1, IDS, voter_group=7, candidate_group=7)


@pytest.mark.parametrize("candidate_group", [None, 7])
def test_voter_without_a_group_may_vote_for_any_candidate(candidate_group):
    rules = VoteRules.create(forbid_own_group=True)
    check_dot(rules, {}, 1, IDS, voter_group=None, candidate_group=candidate_group)


def test_own_group_rule_applies_to_ranking_and_approval():
    own = {"voter_group": 7, "candidate_group": 7}
    with refused("own_group"):
        check_rank(VoteRules.create(RANKING, forbid_own_group=True), (), 1, 1, IDS, **own)
    with refused("own_group"):
        check_approval(VoteRules.create(APPROVAL, forbid_own_group=True), set(), 1, IDS, **own)


# --- Ranking ballots ----------------------------------------------------------------


def test_first_free_place_is_accepted():
    rules = VoteRules.create(RANKING)
    check_rank(rules, (), 1, 3, IDS)
    check_rank(rules, (3,), 2, 1, IDS)


def test_two_candidates_never_share_a_rank():
    with refused("rank_taken"):
        check_rank(VoteRules.create(RANKING), (3,), 1, 1, IDS)


def test_one_candidate_cannot_be_ranked_twice():
    with refused("already_ranked"):
        check_rank(VoteRules.create(RANKING), (3,), 2, 3, IDS)


@pytest.mark.parametrize("rank", [0, -1, 4, True])
def test_rank_outside_one_to_k_is_refused(rank):
    with refused("rank_out_of_range"):
        check_rank(VoteRules.create(RANKING, 3), (), rank, 1, IDS)


def test_full_ranking_refuses_one_more_place():
    with refused("rank_out_of_range"):
        check_rank(VoteRules.create(RANKING, 3), (1, 2, 3), 4, 4, IDS)


def test_leaving_a_place_empty_is_refused():
    with refused("rank_gap"):
        check_rank(VoteRules.create(RANKING, 3), (1,), 3, 2, IDS)


def test_ranking_an_unknown_candidate_is_refused():
    with refused("unknown_candidate"):
        check_rank(VoteRules.create(RANKING), (), 1, 99, IDS)


def test_remaining_ranks_counts_free_places():
    rules = VoteRules.create(RANKING, 3)
    assert [remaining_ranks(rules, (1, 2, 3)[:n]) for n in range(4)] == [3, 2, 1, 0]


def test_unranking_moves_later_choices_up():
    assert unrank((4, 2, 5), 2) == (4, 5)


def test_unranking_a_candidate_not_ranked_is_refused():
    with refused("nothing_to_remove"):
        unrank((4, 2), 1)


def test_a_rank_in_another_method_is_refused():
    with refused("wrong_method"):
        check_rank(VoteRules(), (), 1, 1, IDS)


# --- Approval ballots ---------------------------------------------------------------


def test_any_number_of_ticks_is_allowed():
    rules = VoteRules.create(APPROVAL)
    check_approval(rules, {1, 2, 3, 4}, 5, IDS)


def test_ticking_a_candidate_twice_is_refused():
    with refused("already_approved"):
        check_approval(VoteRules.create(APPROVAL), {1}, 1, IDS)


def test_ticking_an_unknown_candidate_is_refused():
    with refused("unknown_candidate"):
        check_approval(VoteRules.create(APPROVAL), set(), 99, IDS)


def test_a_tick_in_another_method_is_refused():
    with refused("wrong_method"):
        check_approval(VoteRules(), set(), 1, IDS)


# --- Whole ballots ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rules", "choices"),
    [
        (VoteRules(), {1: 1, 2: 1, 3: 1}),
        (VoteRules(), {1: 1, 2: 0}),
        (VoteRules.create(DOTS, 3, stacking=True), {1: 3}),
        (VoteRules.create(RANKING), (3, 1)),
        (VoteRules.create(RANKING), ()),
        (VoteRules.create(APPROVAL), frozenset(IDS)),
    ],
)
def test_a_ballot_built_by_allowed_actions_is_accepted(rules, choices):
    check_ballot(rules, Ballot(1, choices), make_candidates())


@pytest.mark.parametrize(
    ("rules", "choices", "code"),
    [
        (VoteRules(), {1: 1, 2: 1, 3: 1, 4: 1}, "budget_exhausted"),
        (VoteRules(), {1: 2}, "max_per_candidate"),
        (VoteRules(), {9: 1}, "unknown_candidate"),
        (VoteRules(), {1: -1}, "negative_count"),
        (VoteRules(), (1, 2), "wrong_method"),
        (VoteRules.create(RANKING), (1, 2, 3, 4), "rank_out_of_range"),
        (VoteRules.create(RANKING), (1, 1), "already_ranked"),
        (VoteRules.create(RANKING), frozenset({1, 2}), "wrong_method"),
        (VoteRules.create(RANKING), "12", "wrong_method"),
        (VoteRules.create(APPROVAL), (1, 2), "wrong_method"),
        (VoteRules.create(APPROVAL), frozenset({9}), "unknown_candidate"),
    ],
)
def test_a_ballot_no_sequence_of_actions_could_build_is_refused(rules, choices, code):
    with refused(code):
        check_ballot(rules, Ballot(1, choices), make_candidates())


def test_a_whole_ballot_obeys_the_own_group_rule():
    rules = VoteRules.create(forbid_own_group=True)
    candidates = make_candidates(groups={2: 7})
    check_ballot(rules, Ballot(1, {1: 1}, group_id=7), candidates)
    with refused("own_group"):
        check_ballot(rules, Ballot(1, {2: 1}, group_id=7), candidates)


# --- Counting -----------------------------------------------------------------------


def test_dots_tally_counts_dots_per_candidate():
    rules = VoteRules.create(DOTS, 3, stacking=True)
    ballots = dots_ballots({1: 2, 2: 1}, {1: 1, 3: 2}, {4: 3})
    assert scores_of(tally(rules, make_candidates(), ballots)) == {1: 3, 2: 1, 3: 2, 4: 3, 5: 0}


def test_borda_points_k_to_1():
    rules = VoteRules.create(RANKING, 3)
    assert ballot_points(rules, Ballot(1, (5, 2, 4))) == {5: 3, 2: 2, 4: 1}


def test_borda_points_are_summed_over_ballots():
    rules = VoteRules.create(RANKING, 3)
    ballots = [Ballot(1, (1, 2, 3)), Ballot(2, (2, 3, 1)), Ballot(3, (2, 1, 4))]
    assert scores_of(tally(rules, make_candidates(), ballots)) == {1: 6, 2: 8, 3: 3, 4: 1, 5: 0}


def test_partial_ranking_ballot_still_gives_k_points_to_the_first():
    rules = VoteRules.create(RANKING, 4)
    assert ballot_points(rules, Ballot(1, (3, 1))) == {3: 4, 1: 3}


def test_places_beyond_a_lowered_k_earn_nothing():
    rules = VoteRules.create(RANKING, 2)
    assert ballot_points(rules, Ballot(1, (3, 1, 4))) == {3: 2, 1: 1}
    row = by_id(tally(rules, make_candidates(), [Ballot(1, (3, 1, 4))]))[4]
    assert (row.score, row.voters) == (0, 0)


def test_ranking_shows_first_choices_and_voters():
    rules = VoteRules.create(RANKING, 3)
    ballots = [Ballot(1, (1, 2)), Ballot(2, (1, 3)), Ballot(3, (2, 1))]
    rows = by_id(tally(rules, make_candidates(), ballots))
    assert [(rows[c].first_choices, rows[c].voters) for c in (1, 2, 3, 4)] == [
        (2, 3),
        (1, 2),
        (0, 1),
        (0, 0),
    ]


def test_voters_counts_distinct_voters_not_dots():
    rules = VoteRules.create(DOTS, 3, stacking=True)
    rows = by_id(tally(rules, make_candidates(), dots_ballots({1: 3}, {1: 1, 2: 2})))
    assert (rows[1].score, rows[1].voters, rows[2].voters) == (4, 2, 1)


def test_approval_tally_counts_ticks_and_the_share_of_voters():
    rules = VoteRules.create(APPROVAL)
    ballots = [Ballot(1, frozenset({1, 2})), Ballot(2, frozenset({1})), Ballot(3, frozenset())]
    rows = by_id(tally(rules, make_candidates(), ballots))
    assert (rows[1].score, rows[1].share) == (2, 1.0)
    assert (rows[2].score, rows[2].share) == (1, 0.5)
    assert rows[3].share == 0.0


def test_approval_share_is_of_voters_who_cast_a_non_empty_ballot():
    rules = VoteRules.create(APPROVAL)
    ballots = [Ballot(1, frozenset({1}))] + [Ballot(v, frozenset()) for v in range(2, 10)]
    assert by_id(tally(rules, make_candidates(), ballots))[1].share == 1.0


def test_share_is_zero_when_nobody_voted():
    result = tally(VoteRules.create(APPROVAL), make_candidates(), [])
    assert {row.share for row in result.rows} == {0.0}


@pytest.mark.parametrize("method", [DOTS, APPROVAL])
def test_first_choices_are_only_for_ranking(method):
    result = tally(VoteRules.create(method), make_candidates(), [])
    assert {row.first_choices for row in result.rows} == {None}


@pytest.mark.parametrize("method", [DOTS, RANKING])
def test_share_is_only_for_approval(method):
    result = tally(VoteRules.create(method), make_candidates(), [])
    assert {row.share for row in result.rows} == {None}


def test_empty_ballots_are_not_counted_as_voters():
    ballots = dots_ballots({1: 1}, {}, {2: 0}, {1: 1, 2: 1})
    assert tally(VoteRules(), make_candidates(), ballots).voters_count == 2


@pytest.mark.parametrize(("method", "empty"), [(DOTS, {}), (RANKING, ()), (APPROVAL, frozenset())])
def test_an_empty_ballot_is_not_cast_in_any_method(method, empty):
    assert cast_ballots(VoteRules.create(method), [Ballot(1, empty)]) == []


def test_proxy_votes_are_counted_and_marked():
    ballots = [
        Ballot(1, {1: 1}),
        Ballot(2, {1: 1}, is_proxy=True),
        Ballot(3, {}, is_proxy=True),
    ]
    result = tally(VoteRules(), make_candidates(), ballots)
    assert (result.voters_count, result.proxy_count) == (2, 1)
    assert by_id(result)[1].score == 2


def test_a_voter_with_two_ballots_is_refused():
    with refused("duplicate_voter"):
        tally(VoteRules(), make_candidates(), [Ballot(1, {1: 1}), Ballot(1, {})])


def test_a_ballot_for_a_vanished_candidate_is_refused_by_the_tally():
    with refused("unknown_candidate"):
        tally(VoteRules(), make_candidates(3), dots_ballots({4: 1}))


def test_a_negative_dot_count_is_refused_by_the_tally():
    with refused("negative_count"):
        tally(VoteRules(), make_candidates(), dots_ballots({1: -1}))


def test_a_ranking_naming_a_candidate_twice_is_refused_by_the_tally():
    with refused("already_ranked"):
        tally(VoteRules.create(RANKING), make_candidates(), [Ballot(1, (1, 2, 1))])


def test_two_candidates_with_one_id_are_refused():
    candidates = [Candidate(1, "A", 0), Candidate(1, "B", 1)]
    with refused("duplicate_candidate"):
        tally(VoteRules(), candidates, [])


def test_a_ballot_counts_as_cast_after_the_budget_is_lowered():
    ballots = dots_ballots({1: 1, 2: 1, 3: 1})
    assert tally(VoteRules.create(DOTS, 1), make_candidates(), ballots).voters_count == 1
    assert scores_of(tally(VoteRules.create(DOTS, 1), make_candidates(), ballots))[3] == 1


# --- Ranking the candidates ---------------------------------------------------------


def ranked(scores, retain=3, count=None):
    """Rank {candidate: score} and return (id, rank, tied, retained, runoff) per row."""
    candidates = make_candidates(count or len(scores))
    result = rank_scores(candidates, scores, retain)
    return [(r.candidate_id, r.rank, r.tied, r.retained, r.runoff) for r in result.rows]


def test_rows_come_best_first():
    assert [row[0] for row in ranked({1: 2, 2: 9, 3: 5})] == [2, 3, 1]


def test_tied_candidates_share_a_rank():
    rows = ranked({1: 4, 2: 4, 3: 9}, retain=0)
    assert rows == [
        (3, 1, False, False, False),
        (1, 2, True, False, False),
        (2, 2, True, False, False),
    ]


def test_rank_after_a_tie_skips():
    assert [row[1] for row in ranked({1: 9, 2: 5, 3: 5, 4: 1})] == [1, 2, 2, 4]


def test_ties_keep_original_order():
    candidates = [Candidate(10, "Z", 2), Candidate(20, "Y", 0), Candidate(30, "X", 1)]
    result = rank_scores(candidates, {10: 3, 20: 3, 30: 3}, 1)
    assert [row.candidate_id for row in result.rows] == [20, 30, 10]
    assert {row.rank for row in result.rows} == {1}


def test_candidates_with_no_votes_are_listed_last_together():
    rows = ranked({2: 1}, count=4)
    assert [(row[0], row[1]) for row in rows] == [(2, 1), (1, 2), (3, 2), (4, 2)]


def test_candidates_with_no_votes_are_never_retained_nor_in_a_runoff():
    rows = ranked({1: 5, 2: 3}, retain=3, count=5)
    assert [(row[0], row[3], row[4]) for row in rows] == [
        (1, True, False),
        (2, True, False),
        (3, False, False),
        (4, False, False),
        (5, False, False),
    ]


def test_ties_are_not_broken_by_first_choices():
    rules = VoteRules.create(RANKING, 3, retain_count=1)
    # 1 scores 3+1 with one first choice, 2 scores 2+2 with none: still a tie.
    ballots = [Ballot(1, (1, 2, 3)), Ballot(2, (4, 2, 1))]
    result = tally(rules, make_candidates(4), ballots)
    rows = by_id(result)
    assert (rows[1].score, rows[2].score) == (4, 4)
    assert (rows[1].first_choices, rows[2].first_choices) == (1, 0)
    assert rows[1].rank == rows[2].rank == 1
    assert rows[1].tied
    assert rows[2].tied
    assert (result.retained, result.cutoff_tie) == ((), (1, 2))


def test_result_names_its_tie_and_cutoff_rules_for_the_screen():
    result = rank_scores(make_candidates(), {}, 3)
    assert (result.tie_rule, result.cutoff_rule) == (TIE_RULE, CUTOFF_RULE)


def test_top_k_are_retained():
    result = rank_scores(make_candidates(), {1: 1, 2: 5, 3: 4, 4: 3, 5: 2}, 3)
    assert result.retained == (2, 3, 4)
    assert result.cutoff_tie == ()


def test_tie_across_cutoff_is_flagged():
    result = rank_scores(make_candidates(), {1: 9, 2: 7, 3: 5, 4: 5, 5: 1}, 3)
    assert [row.rank for row in result.rows] == [1, 2, 3, 3, 5]
    assert result.cutoff_tie == (3, 4)
    assert result.retained == (1, 2)
    assert [row.candidate_id for row in runoff_candidates(result)] == [3, 4]
    assert runoff_seats(result) == 1


def test_tie_straddling_the_cutoff_from_above_is_flagged():
    result = rank_scores(make_candidates(), {1: 9, 2: 5, 3: 5, 4: 5, 5: 1}, 3)
    assert (result.retained, result.cutoff_tie, runoff_seats(result)) == ((1,), (2, 3, 4), 2)


def test_tie_wider_than_the_seats_at_the_top_sends_all_to_a_runoff():
    result = rank_scores(make_candidates(), dict.fromkeys(IDS, 2), 3)
    assert (result.retained, result.cutoff_tie, runoff_seats(result)) == ((), IDS, 3)


def test_tie_inside_the_retained_set_is_not_flagged():
    result = rank_scores(make_candidates(), {1: 9, 2: 9, 3: 5, 4: 1}, 3)
    assert (result.retained, result.cutoff_tie) == ((1, 2, 3), ())


def test_tie_just_below_the_cutoff_is_not_flagged():
    result = rank_scores(make_candidates(), {1: 9, 2: 7, 3: 5, 4: 1, 5: 1}, 3)
    assert (result.retained, result.cutoff_tie) == ((1, 2, 3), ())


def test_fewer_voted_candidates_than_seats_retains_only_those_voted():
    result = rank_scores(make_candidates(), {1: 2, 2: 2}, 3)
    assert (result.retained, result.cutoff_tie) == ((1, 2), ())


def test_nothing_is_retained_when_retain_is_zero():
    result = rank_scores(make_candidates(), {1: 2, 2: 2}, 0)
    assert (result.retained, result.cutoff_tie) == ((), ())


def test_nothing_is_retained_when_nobody_voted():
    result = rank_scores(make_candidates(), {}, 3)
    assert (result.retained, result.cutoff_tie, runoff_seats(result)) == ((), (), 0)
    assert {row.rank for row in result.rows} == {1}


def test_runoff_seats_is_zero_when_the_cut_is_clean():
    assert runoff_seats(rank_scores(make_candidates(), {1: 3, 2: 2}, 1)) == 0


def test_no_candidates_give_an_empty_table():
    result = tally(VoteRules(), [], [])
    assert (result.rows, result.voters_count, result.retained) == ((), 0, ())


# --- Precomputed totals (the database aggregates, the domain ranks) -----------------


def test_rank_scores_ranks_precomputed_scores():
    result = rank_scores(make_candidates(3), {1: 18, 2: 9, 3: 8}, 2)
    assert [(row.label, row.score, row.rank) for row in result.rows] == [
        ("A", 18, 1),
        ("B", 9, 2),
        ("C", 8, 3),
    ]
    assert result.retained == (1, 2)


def test_rank_scores_refuses_scores_of_unknown_candidates():
    with refused("unknown_candidate"):
        rank_scores(make_candidates(3), {7: 1}, 2)


def test_rank_scores_refuses_a_negative_retain_count():
    with pytest.raises(RulesError, match="^retain_count_out_of_range$"):
        rank_scores(make_candidates(3), {}, -1)


def test_rank_totals_of_sql_style_counts_equals_the_tally():
    rules = VoteRules.create(RANKING, 3)
    ballots = [Ballot(1, (1, 2, 3)), Ballot(2, (2,), is_proxy=True), Ballot(3, ())]
    totals = Totals(
        scores={1: 3, 2: 5, 3: 1},
        voters={1: 1, 2: 2, 3: 1},
        first_choices={1: 1, 2: 1},
        voters_count=2,
        proxy_count=1,
    )
    assert count_ballots(rules, ballots) == totals
    assert rank_totals(rules, make_candidates(), totals) == tally(rules, make_candidates(), ballots)


# --- Purity -------------------------------------------------------------------------


@pytest.mark.parametrize("module", ["voting", "breakdown"])
def test_domain_module_imports_only_the_standard_library(module):
    path = Path(voting.__file__).with_name(f"{module}.py")
    tree = ast.parse(path.read_text())
    roots = {
        alias.name.split(".")[0]
        for n in ast.walk(tree)
        if isinstance(n, ast.Import)
        for alias in n.names
    }
    roots |= {
        n.module.split(".")[0]
        for n in ast.walk(tree)
        if isinstance(n, ast.ImportFrom) and n.module and n.module != "workshop.domain.voting"
    }
    assert roots <= set(sys.stdlib_module_names)


@pytest.mark.parametrize(
    ("rules", "candidates", "unspent"),
    [
        (VoteRules.create(DOTS, 5), 3, 2),  # one each: only three can be placed
        (VoteRules.create(DOTS, 3), 3, 0),
        (VoteRules.create(DOTS, 6, max_per_candidate=2), 2, 2),
        (VoteRules.create(DOTS, 6, stacking=True), 1, 0),  # all six on the only one
        (VoteRules.create(RANKING, 4), 3, 1),  # four places, three orientations
        (VoteRules.create(RANKING, 3), 5, 0),
        (VoteRules.create(APPROVAL), 1, 0),
        (VoteRules.create(DOTS, 3), 0, 0),  # no ballot yet: another warning says so
    ],
)
def test_the_dots_no_ballot_can_take_are_counted_before_opening(rules, candidates, unspent):
    assert rules.unspendable(candidates) == unspent
