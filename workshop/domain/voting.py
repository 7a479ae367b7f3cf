"""Ballot rules and tallies for prioritising orientations: dots, ranking, approval.

Pure rules: plain values in, plain values out; the service checks an action with a
`check_*` function before writing it, and ranks what the database aggregated with
`rank_totals` (or counts ballots in memory with `tally`; both give the same `Result`).
"""

from collections import Counter
from collections.abc import Collection, Iterable, Mapping, Sequence, Set
from dataclasses import dataclass, field, replace

DOTS, RANKING, APPROVAL = "dots", "ranking", "approval"
METHODS = (DOTS, RANKING, APPROVAL)
DEFAULT_BUDGET = 3  # dots per participant, or K places in a top-K ranking
DEFAULT_RETAIN = 3  # orientations kept for the next workshop
MAX_BUDGET = 99
MAX_RETAIN = 999

# Translation keys of the rules the screen states in one sentence each.
TIE_RULE = "tie_rule_competition"
CUTOFF_RULE = "cutoff_rule_runoff"
SHARE_RULE = "share_rule_of_voters"

RULES_ERRORS = frozenset(
    {
        "unknown_method",
        "budget_out_of_range",
        "max_per_candidate_out_of_range",
        "stacking_conflict",
        "retain_count_out_of_range",
        "min_size_out_of_range",
        "no_runoff",
    }
)
BALLOT_ERRORS = frozenset(
    {
        "wrong_method",
        "unknown_candidate",
        "duplicate_candidate",
        "duplicate_voter",
        "own_group",
        "budget_exhausted",
        "max_per_candidate",
        "negative_count",
        "nothing_to_remove",
        "rank_out_of_range",
        "already_ranked",
        "rank_taken",
        "rank_gap",
        "already_approved",
    }
)


class VotingError(ValueError):
    """A voting rule was broken; `code` names it for the UI to translate."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


class RulesError(VotingError):
    """The facilitator's vote settings are not valid (codes in RULES_ERRORS)."""


class BallotError(VotingError):
    """A participant's action or a stored ballot breaks a rule (codes in BALLOT_ERRORS)."""


def _is_count(value: object, low: int, high: int) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and low <= value <= high


@dataclass(frozen=True)
class VoteRules:
    """How one prioritisation is cast and counted; always valid once built.

    `budget` is the number of dots (dots) or of places K (ranking); approval has no
    budget and stores 0. `max_per_candidate` is how many dots one candidate may get from
    one participant: 1 (the default) means "pick N different ones", as in "prioritise
    your 3 main orientations"; ranking and approval always use 1. `retain_count`
    orientations are retained; `forbid_own_group` refuses votes for a candidate proposed
    by the voter's own sub-group.
    """

    method: str = DOTS
    budget: int = DEFAULT_BUDGET
    max_per_candidate: int = 1
    retain_count: int = DEFAULT_RETAIN
    forbid_own_group: bool = False

    def __post_init__(self) -> None:
        """Refuse settings no vote could run with; the first broken one names the error."""
        if self.method not in METHODS:
            raise RulesError("unknown_method")
        if self.method == APPROVAL:
            object.__setattr__(self, "budget", 0)  # any number of ticks: nothing to budget
        low, high = (0, 0) if self.method == APPROVAL else (1, MAX_BUDGET)
        if not _is_count(self.budget, low, high):
            raise RulesError("budget_out_of_range")
        most = self.budget if self.method == DOTS else 1
        if not _is_count(self.max_per_candidate, 1, most):
            raise RulesError("max_per_candidate_out_of_range")
        if not _is_count(self.retain_count, 0, MAX_RETAIN):
            raise RulesError("retain_count_out_of_range")

    @classmethod
    def create(
        cls,
        method: str = DOTS,
        budget: int | None = None,
        *,
        max_per_candidate: int | None = None,
        stacking: bool | None = None,
        retain_count: int = DEFAULT_RETAIN,
        forbid_own_group: bool = False,
    ) -> "VoteRules":
        """Build rules from a facilitator's form, filling each method's defaults.

        Dots: budget defaults to 3 and max_per_candidate to 1 (no stacking).
        stacking=False is max_per_candidate 1, so asking for a larger maximum with it is
        a "stacking_conflict"; stacking=True without a maximum lets one candidate take
        the whole budget. Ranking: budget is K (default 3). Approval: budget is ignored.
        """
        budget = DEFAULT_BUDGET if budget is None else budget
        if stacking is False and max_per_candidate not in (None, 1):
            raise RulesError("stacking_conflict")
        if max_per_candidate is None:
            max_per_candidate = budget if stacking and method == DOTS else 1
        return cls(method, budget, max_per_candidate, retain_count, bool(forbid_own_group))

    @property
    def stacking(self) -> bool:
        """Whether one participant may put several dots on one candidate."""
        return self.max_per_candidate > 1

    def unspendable(self, candidates: int) -> int:
        """How many of a participant's dots (or ranking places) no ballot of `candidates`
        orientations can take: 5 dots at most 1 each on 3 orientations leave 2 unspent.
        Approval has nothing to spend; an empty ballot is its own problem (0 here)."""
        if self.method == APPROVAL or candidates <= 0:
            return 0
        room = candidates * self.max_per_candidate if self.method == DOTS else candidates
        return max(0, self.budget - room)


def rules_from(settings: Mapping) -> VoteRules:
    """Return the rules a vote's settings describe (defaults for missing keys)."""
    return VoteRules.create(
        settings.get("method", DOTS),
        settings.get("budget", DEFAULT_BUDGET),
        max_per_candidate=settings.get("max_per_candidate", 1),
        retain_count=settings.get("retain", DEFAULT_RETAIN),
        forbid_own_group=bool(settings.get("forbid_own_group")),
    )


def settings_of(rules: VoteRules) -> dict:
    """Return the settings keys that describe `rules` (the inverse of rules_from)."""
    return {
        "method": rules.method,
        "budget": rules.budget or DEFAULT_BUDGET,  # approval stores 0: keep a form value
        "max_per_candidate": rules.max_per_candidate,
        "retain": rules.retain_count,
        "forbid_own_group": rules.forbid_own_group,
    }


def rules_in_force(rules: VoteRules, vote) -> VoteRules:
    """Return `rules` (from the settings) with the method, budget and maximum of `vote`,
    the opened vote's row, which the database bounds the ballots with (None: not opened)."""
    if vote is None:
        return rules
    held = (vote.method, vote.budget, vote.max_per_candidate)
    if held == (rules.method, rules.budget, rules.max_per_candidate):
        return rules
    return replace(
        rules, method=vote.method, budget=vote.budget, max_per_candidate=vote.max_per_candidate
    )


@dataclass(frozen=True)
class Candidate:
    """An orientation on the ballot; `position` is its place in the original list."""

    id: int
    label: str
    position: int
    origin_group: int | None = None  # the sub-group that proposed it


@dataclass(frozen=True)
class Ballot:
    """One voter's choices: {candidate: dots}, (candidate by rank...), or frozenset.

    A proxy ballot is cast by the facilitator for an absent participant; it counts like
    any other and is reported in `Result.proxy_count`.
    """

    voter_id: int
    choices: Mapping[int, int] | Sequence[int] | Set[int]
    category: str | None = None
    group_id: int | None = None
    is_proxy: bool = False


@dataclass(frozen=True)
class Totals:
    """Aggregated counts of one vote: what a SQL GROUP BY can return.

    `scores`, `voters` and `first_choices` map candidate ids to counts (missing = 0);
    `voters_count` counts non-empty ballots, `proxy_count` the proxies among them.
    """

    scores: Mapping[int, int]
    voters: Mapping[int, int] = field(default_factory=dict)
    first_choices: Mapping[int, int] = field(default_factory=dict)
    voters_count: int = 0
    proxy_count: int = 0


@dataclass(frozen=True)
class Row:
    """One line of the ranking table."""

    candidate_id: int
    label: str
    position: int
    score: int  # dots, Borda points or approvals
    rank: int
    tied: bool
    voters: int  # distinct voters who gave it anything
    first_choices: int | None  # ranking only
    share: float | None  # approval only
    retained: bool
    runoff: bool


@dataclass(frozen=True)
class Result:
    """A ranked tally; `cutoff_tie` lists the ids tied across the retain cut-off."""

    method: str
    rows: tuple[Row, ...]
    voters_count: int
    proxy_count: int
    retain_count: int
    cutoff_tie: tuple[int, ...] = ()
    tie_rule: str = TIE_RULE
    cutoff_rule: str = CUTOFF_RULE

    @property
    def retained(self) -> tuple[int, ...]:
        """Ids of the retained candidates, best first."""
        return tuple(row.candidate_id for row in self.rows if row.retained)


# --- Checking one action before it is written -------------------------------------


def _require_method(rules: VoteRules, method: str) -> None:
    if rules.method != method:
        raise BallotError("wrong_method")


def _check_candidate(
    rules: VoteRules,
    candidate_id: int,
    candidate_ids: Collection[int],
    voter_group: int | None,
    candidate_group: int | None,
) -> None:
    if candidate_id not in candidate_ids:
        raise BallotError("unknown_candidate")
    own = voter_group is not None and voter_group == candidate_group
    if rules.forbid_own_group and own:
        raise BallotError("own_group")


def remaining_dots(rules: VoteRules, allocation: Mapping[int, int]) -> int:
    """Return the dots a participant may still place: the budget minus those placed."""
    return max(rules.budget - sum(allocation.values()), 0)


def check_dot(
    rules: VoteRules,
    allocation: Mapping[int, int],
    candidate_id: int,
    candidate_ids: Collection[int],
    *,
    voter_group: int | None = None,
    candidate_group: int | None = None,
) -> None:
    """Refuse one more dot on `candidate_id` if it breaks a rule; return None if allowed.

    Checked in order: wrong_method, unknown_candidate, own_group, budget_exhausted (no dot
    left), max_per_candidate (this candidate already holds the maximum from this voter).
    """
    _require_method(rules, DOTS)
    _check_candidate(rules, candidate_id, candidate_ids, voter_group, candidate_group)
    if remaining_dots(rules, allocation) == 0:
        raise BallotError("budget_exhausted")
    if allocation.get(candidate_id, 0) >= rules.max_per_candidate:
        raise BallotError("max_per_candidate")


def check_remove_dot(allocation: Mapping[int, int], candidate_id: int) -> None:
    """Refuse taking back a dot the participant did not place ("nothing_to_remove")."""
    if allocation.get(candidate_id, 0) <= 0:
        raise BallotError("nothing_to_remove")


def remaining_ranks(rules: VoteRules, ranking: Sequence[int]) -> int:
    """Return how many places of the top K are still free; the next one is len(ranking)+1."""
    return max(rules.budget - len(ranking), 0)


def check_rank(
    rules: VoteRules,
    ranking: Sequence[int],
    rank: int,
    candidate_id: int,
    candidate_ids: Collection[int],
    *,
    voter_group: int | None = None,
    candidate_group: int | None = None,
) -> None:
    """Refuse placing `candidate_id` at `rank` (1 = first) if it breaks a rule.

    `ranking` is the voter's current choices in rank order. Ranks stay contiguous
    (1..n, so the SQL sum of K+1-rank equals `tally`): the next free place is
    len(ranking)+1. Checked in order: wrong_method, unknown_candidate, own_group,
    rank_out_of_range (not 1..K), already_ranked (one candidate, one place),
    rank_taken (two candidates never share a place), rank_gap (a place left empty).
    """
    _require_method(rules, RANKING)
    _check_candidate(rules, candidate_id, candidate_ids, voter_group, candidate_group)
    if not _is_count(rank, 1, rules.budget):
        raise BallotError("rank_out_of_range")
    if candidate_id in ranking:
        raise BallotError("already_ranked")
    if rank <= len(ranking):
        raise BallotError("rank_taken")
    if rank > len(ranking) + 1:
        raise BallotError("rank_gap")


def unrank(ranking: Sequence[int], candidate_id: int) -> tuple[int, ...]:
    """Return the ranking without `candidate_id`, later choices moving up to close the gap."""
    if candidate_id not in ranking:
        raise BallotError("nothing_to_remove")
    return tuple(c for c in ranking if c != candidate_id)


def check_approval(
    rules: VoteRules,
    approved: Set[int],
    candidate_id: int,
    candidate_ids: Collection[int],
    *,
    voter_group: int | None = None,
    candidate_group: int | None = None,
) -> None:
    """Refuse ticking `candidate_id` if it breaks a rule; any number of ticks is allowed.

    Checked in order: wrong_method, unknown_candidate, own_group, already_approved.
    """
    _require_method(rules, APPROVAL)
    _check_candidate(rules, candidate_id, candidate_ids, voter_group, candidate_group)
    if candidate_id in approved:
        raise BallotError("already_approved")


def check_ballot(rules: VoteRules, ballot: Ballot, candidates: Sequence[Candidate]) -> None:
    """Refuse a whole ballot unless it could be built one action at a time.

    The ballot is replayed through check_dot / check_rank / check_approval, so a
    submitted form obeys exactly the rules of tapping one choice after another.
    """
    groups = {c.id: c.origin_group for c in candidates}
    replay = {DOTS: _replay_dots, RANKING: _replay_ranking, APPROVAL: _replay_approval}
    replay[rules.method](rules, ballot, groups)


def _replay_dots(rules: VoteRules, ballot: Ballot, groups: Mapping[int, int | None]) -> None:
    placed: Counter[int] = Counter()
    for candidate_id, count in _dot_items(_choices_as(ballot, Mapping)):
        for _ in range(count):
            check_dot(rules, placed, candidate_id, groups, **_groups(ballot, groups, candidate_id))
            placed[candidate_id] += 1


def _replay_ranking(rules: VoteRules, ballot: Ballot, groups: Mapping[int, int | None]) -> None:
    ranking: tuple[int, ...] = ()
    for rank, candidate_id in enumerate(_choices_as(ballot, Sequence), start=1):
        groups_kw = _groups(ballot, groups, candidate_id)
        check_rank(rules, ranking, rank, candidate_id, groups, **groups_kw)
        ranking += (candidate_id,)


def _replay_approval(rules: VoteRules, ballot: Ballot, groups: Mapping[int, int | None]) -> None:
    approved: set[int] = set()
    for candidate_id in _choices_as(ballot, Set):
        groups_kw = _groups(ballot, groups, candidate_id)
        check_approval(rules, approved, candidate_id, groups, **groups_kw)
        approved.add(candidate_id)


def _groups(
    ballot: Ballot, groups: Mapping[int, int | None], candidate_id: int
) -> dict[str, int | None]:
    return {"voter_group": ballot.group_id, "candidate_group": groups.get(candidate_id)}


# --- Counting ballots -------------------------------------------------------------


def _choices_as(ballot: Ballot, kind: type) -> Mapping | Sequence | Set:
    # A frozenset given to a ranking would be iterated in an arbitrary order: refuse it.
    choices = ballot.choices
    if not isinstance(choices, kind) or (kind is Sequence and isinstance(choices, str)):
        raise BallotError("wrong_method")
    return choices


def _dot_items(choices: Mapping[int, int]) -> list[tuple[int, int]]:
    if any(count < 0 for count in choices.values()):
        raise BallotError("negative_count")
    return [(candidate_id, count) for candidate_id, count in choices.items() if count > 0]


def _ranking_points(rules: VoteRules, ranking: Sequence[int]) -> dict[int, int]:
    if len(set(ranking)) != len(ranking):
        raise BallotError("already_ranked")
    return {c: rules.budget - i for i, c in enumerate(ranking[: rules.budget])}


def ballot_points(rules: VoteRules, ballot: Ballot) -> dict[int, int]:
    """Return the points one ballot gives each candidate it supports (never 0 entries).

    Dots: one point per dot. Ranking: K points for the 1st place, K-1 for the 2nd ...
    1 for the K-th (Borda-style), also on a partial ballot; places beyond K (after K
    was lowered) earn nothing. Approval: one point per tick. Budgets are enforced when
    writing (check_*), not here: a ballot counts as it was cast.
    """
    if rules.method == DOTS:
        return dict(_dot_items(_choices_as(ballot, Mapping)))
    if rules.method == RANKING:
        return _ranking_points(rules, _choices_as(ballot, Sequence))
    return dict.fromkeys(_choices_as(ballot, Set), 1)


def count_ballots(rules: VoteRules, ballots: Iterable[Ballot]) -> Totals:
    """Add ballots up into Totals; an empty ballot is ignored, a voter counts once.

    A ballot giving no points (nothing placed, or all emptied again) is not a voter:
    it changes neither `voters_count` nor `proxy_count`. Two ballots from one voter are
    refused ("duplicate_voter") rather than silently added.
    """
    cast = [(b, ballot_points(rules, b)) for b in cast_ballots(rules, ballots)]
    scores = sum((Counter(points) for _, points in cast), Counter())
    voters = Counter(candidate_id for _, points in cast for candidate_id in points)
    firsts = Counter(b.choices[0] for b, _ in cast) if rules.method == RANKING else {}
    proxies = sum(1 for b, _ in cast if b.is_proxy)
    return Totals(dict(scores), dict(voters), dict(firsts), len(cast), proxies)


def cast_ballots(rules: VoteRules, ballots: Iterable[Ballot]) -> list[Ballot]:
    """Return the ballots that count: non-empty ones, each voter at most once.

    An empty ballot is not a vote. A voter appearing twice is refused ("duplicate_voter")
    rather than silently added or dropped.
    """
    ballots = list(ballots)
    voter_ids = [ballot.voter_id for ballot in ballots]
    if len(set(voter_ids)) != len(voter_ids):
        raise BallotError("duplicate_voter")
    return [ballot for ballot in ballots if ballot_points(rules, ballot)]


# --- Ranking ------------------------------------------------------------------------


def tally(rules: VoteRules, candidates: Sequence[Candidate], ballots: Iterable[Ballot]) -> Result:
    """Count ballots and rank the candidates; see rank_totals for ties and the cut-off."""
    return rank_totals(rules, candidates, count_ballots(rules, ballots))


def rank_scores(candidates: Sequence[Candidate], scores: Mapping[int, int], retain: int) -> Result:
    """Rank bare scores (e.g. SUM(dots) from SQL) with the rules of rank_totals.

    Only scores are known here, so the voter columns read 0; give rank_totals a full
    Totals when the database can count voters and first choices too.
    """
    rules = VoteRules(retain_count=retain)
    return rank_totals(rules, candidates, Totals(scores))


def rank_totals(rules: VoteRules, candidates: Sequence[Candidate], totals: Totals) -> Result:
    """Rank candidates by score and mark the retained ones.

    Ties (as CTFd's get_standings writes its tie-break down): equal scores share a rank
    and the next rank skips, 1, 2, 2, 4 (standard competition ranking): rank = 1 + the
    number of candidates with a strictly greater score. Inside a tie, rows keep the
    candidates' original order (position); that order decides nothing. Ties are decided
    by score only, never by first choices or voters: deliberately, so the rule on screen
    stays one sentence (TIE_RULE). Candidates with score 0 are listed, last, sharing one
    rank, and are never retained.

    Cut-off (CUTOFF_RULE): the top `retain_count` are retained. When candidates tied on
    one score straddle the cut-off (retain 3, ranks 1, 2, 3, 3), none of the tied ones
    is retained: those strictly above the tie are, the tied ones are flagged `runoff`
    and listed in `cutoff_tie`, and the facilitator settles the remaining seats
    (runoff_candidates, runoff_seats).

    Share (approval only, SHARE_RULE): approvals / voters_count, the voters who cast a
    non-empty ballot, so "60%" reads "60% of those who voted approved it".
    """
    ordered = _ordered(candidates, totals.scores)
    scores = [totals.scores.get(c.id, 0) for c in ordered]
    cut = _cutoff(scores, rules.retain_count)
    rows = tuple(_row(rules, totals, c, scores, i, cut) for i, c in enumerate(ordered))
    tie = tuple(row.candidate_id for row in rows if row.runoff)
    return Result(
        rules.method, rows, totals.voters_count, totals.proxy_count, rules.retain_count, tie
    )


def _ordered(candidates: Sequence[Candidate], scores: Mapping[int, int]) -> list[Candidate]:
    ids = {c.id for c in candidates}
    if len(ids) != len(candidates):
        raise BallotError("duplicate_candidate")
    if not ids.issuperset(scores):
        raise BallotError("unknown_candidate")
    return sorted(candidates, key=lambda c: (-scores.get(c.id, 0), c.position))


def _cutoff(scores: Sequence[int], retain: int) -> tuple[int, int]:
    """Return (kept, end): rows before `kept` are retained, rows kept..end-1 go to a runoff."""
    voted = sum(1 for score in scores if score > 0)
    if retain == 0 or retain >= voted or scores[retain] != scores[retain - 1]:
        kept = min(retain, voted)
        return kept, kept
    tie = scores[retain]
    first = scores.index(tie)
    return first, first + scores.count(tie)


def _row(
    rules: VoteRules,
    totals: Totals,
    candidate: Candidate,
    scores: list[int],
    i: int,
    cut: tuple[int, int],
) -> Row:
    score, firsts = scores[i], totals.first_choices.get(candidate.id, 0)
    return Row(
        candidate_id=candidate.id,
        label=candidate.label,
        position=candidate.position,
        score=score,
        rank=1 + scores.index(score),
        tied=scores.count(score) > 1,
        voters=totals.voters.get(candidate.id, 0),
        first_choices=firsts if rules.method == RANKING else None,
        share=_share(score, totals.voters_count) if rules.method == APPROVAL else None,
        retained=i < cut[0],
        runoff=cut[0] <= i < cut[1],
    )


def _share(approvals: int, voters_count: int) -> float:
    # SHARE_RULE: approvals / voters who cast a non-empty ballot, not / people in the
    # room, so a phone that joined and never voted does not lower every share.
    return approvals / voters_count if voters_count else 0.0


def runoff_candidates(result: Result) -> tuple[Row, ...]:
    """Return the rows tied across the cut-off, in display order (empty if the cut is clean)."""
    return tuple(row for row in result.rows if row.runoff)


def runoff_seats(result: Result) -> int:
    """Return how many seats the runoff must fill: retain_count minus those retained."""
    if not result.cutoff_tie:
        return 0
    return result.retain_count - len(result.retained)


def runoff_rules(rules: VoteRules, result: Result) -> VoteRules:
    """Return the rules of a run-off among the orientations tied across the cut-off.

    The run-off retains the seats left to fill (runoff_seats) and its ballot fits
    them, so it cannot simply tie again the same way:
    - dots: one dot per seat, at most one per orientation (copying a budget of 3
      among 2 tied orientations for 1 seat would let everyone dot both);
    - ranking: K = min(K, number tied), the places one can fill;
    - approval: becomes a dots vote with one dot per seat, since ticking every tied
      orientation again would tie again by nature.
    forbid_own_group carries over. Refused ("no_runoff") when the cut is clean.
    """
    seats = runoff_seats(result)
    if seats <= 0:
        raise RulesError("no_runoff")
    if rules.method == RANKING:
        k = min(rules.budget, len(result.cutoff_tie))
        return replace(rules, budget=k, max_per_candidate=1, retain_count=seats)
    return VoteRules(DOTS, seats, 1, seats, rules.forbid_own_group)


def settle(chain: Sequence[Result]) -> tuple[tuple[int, ...], ...]:
    """Return, for each vote of a run-off chain, the ids it adds to the settled result.

    chain[0] is the original vote and chain[i+1] the run-off of chain[i]. Each vote
    adds what it retained outright (strictly above its own cut-off tie, best first);
    its run-off then fills at most the seats it left (runoff_seats). The chain stops
    at the first vote whose cut was clean: a later result adds nothing. A vote whose
    tie was never run off adds only its clear part.
    """
    picks: list[tuple[int, ...]] = []
    seats: int | None = None
    for result in chain:
        picks.append(result.retained if seats is None else result.retained[:seats])
        if not result.cutoff_tie:
            break
        seats = runoff_seats(result)
    return tuple(picks)


KEEP_ALL, DECIDE = "keep_all", "decide"


def decided(result: Result, how: str, chosen: Collection[int] = ()) -> tuple[int, ...]:
    """Return the ids a facilitator's decision retains among the orientations tied across
    the cut-off of `result` (the vote, or a run-off that tied again), in display order.

    "keep_all": every tied orientation is retained (more than the seats left: the minutes
    say so). "decide": the facilitator names which of the tied ones are retained, at
    least one and at most the seats left (runoff_seats). Refused with a VotingError:
    "no_tie" (the cut was clean), "unknown_decision", "choose_tied" (nothing chosen, or an
    orientation not in the tie), "too_many_chosen".
    """
    tied = [row.candidate_id for row in runoff_candidates(result)]
    if not tied:
        raise VotingError("no_tie")
    if how == KEEP_ALL:
        return tuple(tied)
    if how != DECIDE:
        raise VotingError("unknown_decision")
    picked = set(chosen)
    if not picked or not picked <= set(tied):
        raise VotingError("choose_tied")
    if len(picked) > runoff_seats(result):
        raise VotingError("too_many_chosen")
    return tuple(i for i in tied if i in picked)


def on_group_ballot(group: int | None, origin_groups: Collection[int], typed: bool) -> bool:
    """Tell whether a candidate is on the ballot of a vote restricted to sub-group `group`.

    A vote open to everyone (group None) shows every candidate. A group's vote is on
    its own candidates only: those with that group among their groups of origin (a
    heading merged across groups belongs to each), or typed by the facilitator for this
    vote (no group of origin). Another group's orientation, or a heading of a plenary
    board imported before the group was set, is left off that group's ballot and
    refused by the tap check.
    """
    if group is None:
        return True
    return group in origin_groups or (typed and not origin_groups)
