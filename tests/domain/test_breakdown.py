"""Breakdowns by category or group, and the pooling that keeps small groups unreadable."""

from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workshop.domain.breakdown import (
    DEFAULT_MIN_SIZE,
    OTHER,
    Bucket,
    breakdown,
    by_category,
    by_group,
    plan_buckets,
)
from workshop.domain.voting import (
    RANKING,
    Ballot,
    BallotError,
    Candidate,
    RulesError,
    VoteRules,
    count_ballots,
)

CANDIDATES = [Candidate(7, "Missions", 1), Candidate(3, "Expertise", 0), Candidate(5, "Qualité", 2)]
RULES = VoteRules.create(stacking=True)
quick = settings(deadline=None)  # a slow shared CI box is not a rule violation


def room(**sizes):
    """Ballots: `sizes` voters per category, each putting one dot on candidate 3."""
    ballots, voter = [], 0
    for category, count in sizes.items():
        for _ in range(count):
            voter += 1
            ballots.append(Ballot(voter, {3: 1}, category=None if category == "none" else category))
    return ballots


def shown(buckets):
    return {bucket.label: bucket.voters for bucket in buckets}


def test_large_categories_are_shown_under_their_own_name():
    assert shown(breakdown(RULES, CANDIDATES, room(elus=3, associations=4))) == {
        "associations": 4,
        "elus": 3,
    }


def test_small_categories_are_pooled_into_other():
    buckets = breakdown(RULES, CANDIDATES, room(associations=4, elus=2, habitants=1))
    assert shown(buckets) == {"associations": 4, OTHER: 3}
    assert [bucket.pooled for bucket in buckets] == [False, True]


def test_ballots_without_a_category_go_to_other():
    assert shown(breakdown(RULES, CANDIDATES, room(associations=4, none=3))) == {
        "associations": 4,
        OTHER: 3,
    }


def test_a_category_named_like_the_pool_is_pooled():
    ballots = room(associations=4, **{OTHER: 3})
    assert shown(breakdown(RULES, CANDIDATES, ballots)) == {"associations": 4, OTHER: 3}


def test_a_pool_too_small_takes_in_the_smallest_shown_bucket():
    ballots = room(associations=5, entreprises=4, elus=1)
    assert shown(breakdown(RULES, CANDIDATES, ballots)) == {"associations": 5, OTHER: 5}


def test_equal_smallest_buckets_merge_the_last_in_display_order():
    ballots = room(a=4, b=4, c=1)
    assert shown(breakdown(RULES, CANDIDATES, ballots)) == {"a": 4, OTHER: 5}


def test_a_pool_too_small_with_nothing_else_shown_hides_everything():
    assert breakdown(RULES, CANDIDATES, room(elus=1, habitants=1)) == []


def test_a_room_smaller_than_min_size_shows_nothing():
    assert breakdown(RULES, CANDIDATES, room(elus=2)) == []


def test_a_room_of_small_categories_is_shown_as_one_pool():
    assert shown(breakdown(RULES, CANDIDATES, room(a=2, b=2))) == {OTHER: 4}


def test_nothing_hidden_can_be_read_by_subtraction():
    ballots = room(associations=6, entreprises=3, elus=2)
    buckets = breakdown(RULES, CANDIDATES, ballots)
    total = count_ballots(RULES, ballots)
    assert sum(b.voters for b in buckets) == total.voters_count
    assert sum(b.scores[3] for b in buckets) == total.scores[3]
    assert "elus" not in shown(buckets)


def test_empty_ballots_do_not_count_towards_a_bucket_size():
    ballots = room(associations=4, elus=2) + [Ballot(99, {}, category="elus")]
    assert shown(breakdown(RULES, CANDIDATES, ballots)) == {OTHER: 6}


def test_scores_list_every_candidate_in_original_order():
    ballots = [Ballot(v, {7: 2, 5: 1}, category="a") for v in range(3)]
    (bucket,) = breakdown(RULES, CANDIDATES, ballots)
    assert bucket == Bucket("a", 3, {3: 0, 7: 6, 5: 3}, False)
    assert list(bucket.scores) == [3, 7, 5]


def test_bucket_scores_use_the_vote_points():
    rules = VoteRules.create(RANKING, 3)
    ballots = [Ballot(v, (7, 3), category="a") for v in range(3)]
    assert breakdown(rules, CANDIDATES, ballots)[0].scores == {3: 6, 7: 9, 5: 0}


def test_group_breakdown_uses_group_ids():
    ballots = [Ballot(v, {3: 1}, group_id=1 + v % 2) for v in range(6)]
    assert shown(breakdown(RULES, CANDIDATES, ballots, key=by_group)) == {1: 3, 2: 3}


def test_buckets_come_in_key_order_with_other_last():
    ballots = room(zeta=3, alpha=3, beta=1, gamma=2)
    assert [b.label for b in breakdown(RULES, CANDIDATES, ballots)] == ["alpha", "zeta", OTHER]


def test_min_size_one_shows_every_category():
    assert shown(breakdown(RULES, CANDIDATES, room(a=1, b=2), min_size=1)) == {"a": 1, "b": 2}


@pytest.mark.parametrize("min_size", [0, -3, 2.5, True])
def test_min_size_below_one_is_refused(min_size):
    with pytest.raises(RulesError, match="^min_size_out_of_range$"):
        plan_buckets({"a": 4}, min_size)


def test_breakdown_refuses_a_voter_twice():
    with pytest.raises(BallotError, match="^duplicate_voter$"):
        breakdown(RULES, CANDIDATES, [Ballot(1, {3: 1}), Ballot(1, {3: 1}, category="b")])


def test_plan_buckets_works_on_sizes_counted_in_sql():
    plan = plan_buckets({"associations": 5, "entreprises": 4, "elus": 1, None: 0})
    assert plan == {
        "associations": "associations",
        "entreprises": OTHER,
        "elus": OTHER,
        None: OTHER,
    }


def test_plan_buckets_hides_every_key_of_a_tiny_room():
    assert plan_buckets({"a": 1, None: 1}) == {"a": None, None: None}


def test_default_min_size_is_three():
    assert DEFAULT_MIN_SIZE == 3
    assert by_category(Ballot(1, {}, category="x")) == "x"


# --- Laws -----------------------------------------------------------------------------

keys = st.none() | st.sampled_from(["a", "b", "c", "d", "e", OTHER])


# Built once: a strategy built inside the loop below costs Hypothesis more than drawing.
voter_counts = st.integers(0, 30)
dots = st.dictionaries(st.sampled_from([3, 5, 7]), st.integers(0, 2))
group_ids = st.integers(1, 4)
min_sizes = st.integers(1, 6)


@st.composite
def rooms(draw):
    """Ballots with dots on candidates 3, 5, 7 and a category; some ballots are empty."""
    ballots = []
    for voter in range(draw(voter_counts)):
        choices = draw(dots)
        ballots.append(Ballot(voter, choices, category=draw(keys), group_id=draw(group_ids)))
    return ballots, draw(min_sizes)


def _sizes(ballots, key):
    return Counter(key(b) for b in ballots if any(b.choices.values()))


@quick
@given(rooms(), st.sampled_from([by_category, by_group]))
def test_breakdown_never_shows_a_bucket_below_min_size(case, key):
    ballots, min_size = case
    buckets = breakdown(RULES, CANDIDATES, ballots, key=key, min_size=min_size)
    assert all(bucket.voters >= min_size for bucket in buckets)
    small = {k for k, n in _sizes(ballots, key).items() if n < min_size}
    assert not small & {b.label for b in buckets if not b.pooled}


@quick
@given(rooms(), st.sampled_from([by_category, by_group]))
def test_hidden_totals_cannot_be_derived_by_subtraction(case, key):
    ballots, min_size = case
    buckets = breakdown(RULES, CANDIDATES, ballots, key=key, min_size=min_size)
    total = count_ballots(RULES, ballots)
    hidden_voters = total.voters_count - sum(b.voters for b in buckets)
    hidden_scores = {
        c: total.scores.get(c, 0) - sum(b.scores[c] for b in buckets) for c in (3, 5, 7)
    }
    if buckets:
        assert hidden_voters == 0
        assert set(hidden_scores.values()) == {0}
    else:
        assert total.voters_count < min_size


@quick
@given(rooms(), st.sampled_from([by_category, by_group]))
def test_a_small_group_is_always_mixed_with_others(case, key):
    ballots, min_size = case
    plan = plan_buckets(_sizes(ballots, key), min_size)
    sizes = _sizes(ballots, key)
    shown_sizes = Counter()
    for k, label in plan.items():
        if label is not None:
            shown_sizes[label] += sizes[k]
    for k, n in sizes.items():
        if 0 < n < min_size and plan[k] is not None:
            assert shown_sizes[plan[k]] >= min_size
            assert shown_sizes[plan[k]] > n


@quick
@given(st.dictionaries(keys, st.integers(0, 10)), st.integers(1, 6))
def test_plan_shows_each_key_under_itself_or_other_or_hides_all(sizes, min_size):
    plan = plan_buckets(sizes, min_size)
    assert set(plan) == set(sizes)
    labels = set(plan.values())
    assert labels <= set(sizes) | {OTHER} or labels == {None}
    assert None not in labels or labels == {None}
    if None in labels:
        assert sum(sizes.values()) < min_size
