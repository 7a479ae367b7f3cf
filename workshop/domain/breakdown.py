"""Scores per participant category or per sub-group, pooling groups too small to show.

A breakdown must not single anyone out: "the two elected officials all voted for X"
is exactly what pooling prevents. The rule is in `plan_buckets`; `breakdown` applies it
to ballots, and the service can apply it to sizes it counted in SQL.
"""

from collections import Counter
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from workshop.domain.voting import (
    Ballot,
    Candidate,
    RulesError,
    VoteRules,
    cast_ballots,
    count_ballots,
)

OTHER = "breakdown_other"  # translation key of the pooled bucket's label
DEFAULT_MIN_SIZE = 3


@dataclass(frozen=True)
class Bucket:
    """One shown line of a breakdown: a category, a group id, or the OTHER pool."""

    label: Hashable  # the key, or OTHER
    voters: int  # non-empty ballots in the bucket
    scores: dict[int, int]  # every candidate id, in the candidates' original order
    pooled: bool  # True for OTHER


def by_category(ballot: Ballot) -> str | None:
    """Return the key of a breakdown by participant category (None: not given)."""
    return ballot.category


def by_group(ballot: Ballot) -> int | None:
    """Return the key of a breakdown by sub-group (None: in no group)."""
    return ballot.group_id


def plan_buckets(
    sizes: Mapping[Hashable, int], min_size: int = DEFAULT_MIN_SIZE
) -> dict[Hashable, Hashable | None]:
    """Map each key to the label it is shown under (itself or OTHER), or None if hidden.

    `sizes` counts voters (non-empty ballots) per key. The rule:
    1. A key with fewer than `min_size` voters goes into the pool, shown as OTHER, and so
       do the keys None (not given) and OTHER itself.
    2. If the pool then holds 1 to min_size-1 voters it could not be shown, and the
       total minus the shown buckets would give it away. So the smallest shown bucket
       (on equal sizes, the last in display order) is merged into the pool, which then
       holds at least min_size voters and is shown as OTHER.
    3. If the whole room has fewer than min_size voters, every key is hidden.
    Hence either nothing is shown, or the shown buckets hold every voter and each holds
    at least min_size: total minus shown is always zero, so no bucket under min_size can
    be read by subtraction.
    Limits: this protects one breakdown against the overall result. Crossing two
    breakdowns (category and group) or watching one change vote by vote can still
    single someone out: show breakdowns after the vote closes, one at a time.
    """
    _check_min_size(min_size)
    shown = {k: n for k, n in sizes.items() if k not in (None, OTHER) and n >= min_size}
    pool = sum(sizes.values()) - sum(shown.values())
    if 0 < pool < min_size and shown:
        pool += shown.pop(_smallest(shown))
    if 0 < pool < min_size:
        return dict.fromkeys(sizes)
    return {k: (k if k in shown else OTHER) for k in sizes}


def breakdown(
    rules: VoteRules,
    candidates: Sequence[Candidate],
    ballots: Iterable[Ballot],
    key: Callable[[Ballot], Hashable] = by_category,
    min_size: int = DEFAULT_MIN_SIZE,
) -> list[Bucket]:
    """Return the scores per bucket of `key`, pooled by the rule of plan_buckets.

    Only non-empty ballots count. Buckets come in key order, OTHER last; each one's
    scores use the vote's own points (dots, Borda points, approvals), so its rank table
    is rank_scores(candidates, bucket.scores, retain).
    """
    cast = cast_ballots(rules, ballots)
    plan = plan_buckets(Counter(key(b) for b in cast), min_size)
    members: dict[Hashable, list[Ballot]] = {}
    for ballot in cast:
        if (label := plan[key(ballot)]) is not None:
            members.setdefault(label, []).append(ballot)
    labels = sorted(members, key=_display_key)
    return [_bucket(rules, candidates, label, members[label]) for label in labels]


def _bucket(
    rules: VoteRules, candidates: Sequence[Candidate], label: Hashable, ballots: list[Ballot]
) -> Bucket:
    totals = count_ballots(rules, ballots)
    ordered = sorted(candidates, key=lambda c: c.position)
    scores = {c.id: totals.scores.get(c.id, 0) for c in ordered}
    return Bucket(label, totals.voters_count, scores, label == OTHER)


def _display_key(label: Hashable) -> tuple:
    # Keys of one breakdown share a type (category names, or group ids); OTHER goes last.
    return (label == OTHER, isinstance(label, str), label)


def _smallest(shown: Mapping[Hashable, int]) -> Hashable:
    order = sorted(shown, key=_display_key)
    return min(reversed(order), key=shown.__getitem__)


def _check_min_size(min_size: int) -> None:
    if not isinstance(min_size, int) or isinstance(min_size, bool) or min_size < 1:
        raise RulesError("min_size_out_of_range")
