"""Laws of the voting rules, checked on generated workshops (hypothesis)."""

from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from workshop.domain.voting import (
    APPROVAL,
    DOTS,
    RANKING,
    Ballot,
    BallotError,
    Candidate,
    VoteRules,
    ballot_points,
    check_approval,
    check_ballot,
    check_dot,
    check_rank,
    count_ballots,
    rank_scores,
    rank_totals,
    tally,
)

UNKNOWN = 999  # an id no candidate has: phones send stale ids
quick = settings(deadline=None)  # a slow shared CI box is not a rule violation


@st.composite
def candidate_lists(draw, min_size=0):
    """Candidates with distinct ids, positions shuffled, some with an origin group."""
    ids = draw(st.lists(st.integers(1, 60), min_size=min_size, max_size=8, unique=True))
    positions = draw(st.permutations(range(len(ids))))
    groups = draw(st.lists(st.none() | st.integers(1, 3), min_size=len(ids), max_size=len(ids)))
    return [Candidate(i, f"c{i}", p, g) for i, p, g in zip(ids, positions, groups, strict=True)]


@st.composite
def vote_rules(draw, method=None):
    method = method or draw(st.sampled_from([DOTS, RANKING, APPROVAL]))
    budget = draw(st.integers(1, 6))
    stacking = draw(st.booleans()) if method == DOTS else False
    most = draw(st.integers(1, budget)) if stacking else 1
    retain = draw(st.integers(0, 6))
    own = draw(st.booleans())
    return VoteRules.create(
        method, budget, max_per_candidate=most, retain_count=retain, forbid_own_group=own
    )


def _attempts(candidates):
    """The taps one voter tries, in order (a strategy: built once per workshop)."""
    ids = [c.id for c in candidates] + [UNKNOWN]
    return st.lists(st.sampled_from(ids), max_size=10)


def _dots_through_checks(rules, groups, voter_group, attempts):
    allocation = Counter()
    for candidate_id in attempts:
        try:
            check_dot(
                rules, allocation, candidate_id, groups, **_kw(voter_group, groups, candidate_id)
            )
        except BallotError:
            continue
        allocation[candidate_id] += 1
    return dict(allocation)


def _ranking_through_checks(rules, groups, voter_group, attempts):
    ranking = ()
    for candidate_id in attempts:
        try:
            kw = _kw(voter_group, groups, candidate_id)
            check_rank(rules, ranking, len(ranking) + 1, candidate_id, groups, **kw)
        except BallotError:
            continue
        ranking += (candidate_id,)
    return ranking


def _approval_through_checks(rules, groups, voter_group, attempts):
    approved = set()
    for candidate_id in attempts:
        try:
            check_approval(
                rules, approved, candidate_id, groups, **_kw(voter_group, groups, candidate_id)
            )
        except BallotError:
            continue
        approved.add(candidate_id)
    return frozenset(approved)


def _kw(voter_group, groups, candidate_id):
    return {"voter_group": voter_group, "candidate_group": groups.get(candidate_id)}


BUILDERS = {DOTS: _dots_through_checks, RANKING: _ranking_through_checks}
BUILDERS[APPROVAL] = _approval_through_checks


VOTER_COUNTS = st.integers(0, 12)
VOTER_GROUPS = st.none() | st.integers(1, 3)
PROXIES = st.booleans()


@st.composite
def workshops(draw, method=None, min_candidates=0):
    """(rules, candidates, ballots), every ballot built one checked action at a time."""
    rules = draw(vote_rules(method))
    candidates = draw(candidate_lists(min_candidates))
    groups = {c.id: c.origin_group for c in candidates}
    ballots = []
    # Strategies built outside the loop: building one costs Hypothesis more than drawing.
    attempts_of_a_voter = _attempts(candidates)
    for voter_id in range(draw(VOTER_COUNTS)):
        voter_group = draw(VOTER_GROUPS)
        attempts = draw(attempts_of_a_voter)
        choices = BUILDERS[rules.method](rules, groups, voter_group, attempts)
        proxy = draw(PROXIES)
        ballots.append(Ballot(voter_id, choices, group_id=voter_group, is_proxy=proxy))
    return rules, candidates, ballots


@quick
@given(workshops(DOTS))
def test_total_dots_never_exceed_budget_times_voters(workshop):
    rules, _, ballots = workshop
    total = sum(sum(b.choices.values()) for b in ballots)
    assert total <= rules.budget * len(ballots)
    assert all(sum(b.choices.values()) <= rules.budget for b in ballots)


@quick
@given(workshops(DOTS))
def test_no_candidate_gets_more_than_the_maximum_from_one_voter(workshop):
    rules, _, ballots = workshop
    assert all(n <= rules.max_per_candidate for b in ballots for n in b.choices.values())


@quick
@given(workshops(RANKING))
def test_checked_rankings_have_distinct_candidates_and_at_most_k_places(workshop):
    rules, _, ballots = workshop
    assert all(len(set(b.choices)) == len(b.choices) <= rules.budget for b in ballots)


@quick
@given(workshops())
def test_checked_ballots_never_vote_for_unknown_or_own_group_candidates(workshop):
    rules, candidates, ballots = workshop
    groups = {c.id: c.origin_group for c in candidates}
    for ballot in ballots:
        for candidate_id in ballot_points(rules, ballot):
            assert candidate_id in groups
            own = ballot.group_id is not None and groups[candidate_id] == ballot.group_id
            assert not (rules.forbid_own_group and own)


@quick
@given(workshops())
def test_ballots_built_by_checked_actions_pass_the_whole_ballot_check(workshop):
    rules, candidates, ballots = workshop
    for ballot in ballots:
        check_ballot(rules, ballot, candidates)


@quick
@given(workshops())
def test_sum_of_scores_equals_sum_over_ballots(workshop):
    rules, candidates, ballots = workshop
    result = tally(rules, candidates, ballots)
    expected = sum(sum(ballot_points(rules, b).values()) for b in ballots)
    assert sum(row.score for row in result.rows) == expected


@quick
@given(workshops(RANKING))
def test_borda_total_is_k_down_to_k_minus_n_plus_one_per_ballot(workshop):
    rules, candidates, ballots = workshop
    k = rules.budget
    expected = sum(sum(range(k - len(b.choices) + 1, k + 1)) for b in ballots)
    assert sum(row.score for row in tally(rules, candidates, ballots).rows) == expected


@quick
@given(workshops())
def test_voters_count_is_the_number_of_non_empty_ballots(workshop):
    rules, candidates, ballots = workshop
    result = tally(rules, candidates, ballots)
    cast = [b for b in ballots if b.choices]
    assert result.voters_count == len(cast)
    assert result.proxy_count == sum(b.is_proxy for b in cast)
    assert all(row.voters <= result.voters_count for row in result.rows)


@quick
@given(workshops())
def test_every_candidate_is_listed_exactly_once(workshop):
    rules, candidates, ballots = workshop
    result = tally(rules, candidates, ballots)
    assert sorted(row.candidate_id for row in result.rows) == sorted(c.id for c in candidates)


@quick
@given(workshops())
def test_counting_then_ranking_totals_equals_the_tally(workshop):
    rules, candidates, ballots = workshop
    ranked = rank_totals(rules, candidates, count_ballots(rules, ballots))
    assert ranked == tally(rules, candidates, ballots)


# --- Ranking laws, on arbitrary scores ------------------------------------------------


@st.composite
def scored(draw):
    candidates = draw(candidate_lists())
    scores = {c.id: draw(st.integers(0, 5)) for c in candidates}
    return candidates, scores, draw(st.integers(0, 9))


@quick
@given(scored())
def test_ranks_are_non_decreasing_down_the_rows(case):
    rows = rank_scores(*case).rows
    assert all(a.rank <= b.rank for a, b in zip(rows, rows[1:], strict=False))
    assert all(a.score >= b.score for a, b in zip(rows, rows[1:], strict=False))


@quick
@given(scored())
def test_equal_scores_if_and_only_if_equal_ranks(case):
    rows = rank_scores(*case).rows
    assert all((a.score == b.score) == (a.rank == b.rank) for a in rows for b in rows)


@quick
@given(scored())
def test_rank_is_one_plus_the_number_of_strictly_better_candidates(case):
    rows = rank_scores(*case).rows
    assert all(r.rank == 1 + sum(o.score > r.score for o in rows) for r in rows)


@quick
@given(scored())
def test_tied_means_another_candidate_has_the_same_score(case):
    rows = rank_scores(*case).rows
    assert all(r.tied == (sum(o.score == r.score for o in rows) > 1) for r in rows)


@quick
@given(scored())
def test_original_order_is_kept_inside_a_tie(case):
    rows = rank_scores(*case).rows
    pairs = zip(rows, rows[1:], strict=False)
    assert all(a.position < b.position for a, b in pairs if a.score == b.score)


@quick
@given(scored())
def test_retained_candidates_beat_every_other_candidate(case):
    result = rank_scores(*case)
    kept = [r.score for r in result.rows if r.retained]
    others = [r.score for r in result.rows if not r.retained]
    assert not kept or not others or min(kept) > max(others)
    assert len(kept) <= result.retain_count
    assert all(score > 0 for score in kept)


@quick
@given(scored())
def test_a_clean_cut_retains_as_many_as_possible(case):
    result = rank_scores(*case)
    voted = sum(r.score > 0 for r in result.rows)
    if not result.cutoff_tie:
        assert len(result.retained) == min(result.retain_count, voted)


@quick
@given(scored())
def test_the_cutoff_tie_is_one_score_straddling_the_cut(case):
    result = rank_scores(*case)
    runoff = [r for r in result.rows if r.runoff]
    assert tuple(r.candidate_id for r in runoff) == result.cutoff_tie
    if runoff:
        assert len({r.score for r in runoff}) == 1
        assert runoff[0].score > 0
        assert len(result.retained) < result.retain_count < len(result.retained) + len(runoff)
        tied_score = runoff[0].score
        assert all(r.runoff for r in result.rows if r.score == tied_score)
