"""What the vote partials show, built once per room (or once per phone for its ballot)."""

import time
import zlib
from collections import Counter
from dataclasses import dataclass, field

from flask import current_app, g, render_template
from flask_babel import get_locale
from markupsafe import Markup

from workshop.domain import voting
from workshop.domain.visibility import Audience, results_visible
from workshop.kinds import get_kind
from workshop.models import Activity, VoteCandidate, Workshop
from workshop.services import voting as votes
from workshop.services.refusals import Refused
from workshop.services.voting import (
    CandidateRef,
    Progress,
    Voter,
    VoteSnapshot,
    breakdown_of,
    progress_of,
    proxy_people,
    result_of,
)

SCREEN, CONSOLE, PHONE = Audience.SCREEN, Audience.CONSOLE, Audience.PHONE


@dataclass
class VoteView:
    """One vote as an audience sees it; `result` is None where it must not be shown."""

    workshop: Workshop
    activity: Activity
    audience: str
    rules: voting.VoteRules
    state: str  # "ready" (never opened), "open" or "closed"
    revealed: bool
    live: bool  # results follow the votes on the projector without a reveal
    candidates: list[VoteCandidate]
    progress: Progress | None  # None where it is not shown (phones)
    result: voting.Result | None = None
    group: object | None = None  # the one sub-group that votes, if any
    boards: list[Activity] = field(default_factory=list)  # console: where to import from
    runoff: Activity | None = None  # console: the run-off already created for this vote
    follow_up_ready: bool = False  # console: a settled result can go into a new workshop
    proxies: list = field(default_factory=list)  # console: whose ballots are proxies (names)
    screen_breakdown: str = ""  # "", "category" or "group": shown on the projector
    breakdown: object | None = None  # screen: the Breakdown shown under revealed results
    # Tied candidates a closed and revealed run-off settled: {candidate id: retained}.
    runoff_outcome: dict[int, bool] = field(default_factory=dict)
    # Tied candidates the facilitator's decision settled instead: {candidate id: retained}.
    decided_outcome: dict[int, bool] = field(default_factory=dict)
    # The final list the facilitator puts on screen: this vote and its run-offs, merged.
    retained_list: list[VoteCandidate] | None = None
    on_screen: bool = False  # console: on screen, or running in parallel with the one that is

    @property
    def by_id(self) -> dict[int, VoteCandidate]:
        return {c.id: c for c in self.candidates}

    @property
    def is_open(self) -> bool:
        return self.state == votes.OPEN

    @property
    def ballot_candidates(self) -> list[VoteCandidate]:
        """The candidates on the ballot: in a group's vote, only that group's own."""
        group_id = self.group.id if self.group else self.activity.group_id
        return [c for c in self.candidates if votes.on_ballot(group_id, c)]

    @property
    def off_ballot(self) -> set[int]:
        """Ids of candidates left off a group's ballot (another group's, or a plenary one)."""
        kept = {c.id for c in self.ballot_candidates}
        return {c.id for c in self.candidates if c.id not in kept}

    @property
    def unspendable(self) -> int:
        """Dots (or ranking places) nobody can spend on this ballot: warned before opening."""
        return self.rules.unspendable(len(self.ballot_candidates))

    @property
    def top(self) -> int:
        """The highest score (the full length of a bar), at least 1."""
        return max([1, *(row.score for row in self.result.rows)]) if self.result else 1

    @property
    def slot_key(self) -> str:
        """Name what a phone's ballot depends on besides the person's own choices."""
        ids = ",".join(str(c.id) for c in self.candidates)
        r = self.rules
        rules = f"{r.method}-{r.budget}-{r.max_per_candidate}-{int(r.forbid_own_group)}"
        revealed = "r" if self.revealed else "h"
        state = f"{self.activity.id}-{self.state}-{revealed}-{rules}"
        return f"{state}-{zlib.crc32(ids.encode()):08x}"

    @property
    def runoff_needed(self) -> bool:
        return bool(self.result and self.result.cutoff_tie)


def is_vote(activity: Activity | None) -> bool:
    return activity is not None and activity.kind == "vote"


def screen_vote(workshop: Workshop) -> Activity | None:
    """Return the vote on screen (and on the phones), if the current activity is one and
    runs alone (groups in parallel have a pane each: presenters/parallel.py)."""
    live = workshop.live_activities
    return live[0] if len(live) == 1 and is_vote(live[0]) else None


def console_vote(workshop: Workshop) -> Activity | None:
    """Return the vote the console shows: the one on screen (or one running in parallel
    with it), else the last one run before it, else the next one to prepare."""
    activities = workshop.activities
    current = workshop.current_activity
    if is_vote(current):
        return current
    live = [a for a in workshop.live_activities if is_vote(a)]
    if live:
        return live[0]
    end = activities.index(current) + 1 if current in activities else 0
    for activity in reversed(activities[:end]):
        if is_vote(activity) and votes.vote_of(activity) is not None:
            return activity
    upcoming = [a for a in activities[end:] if is_vote(a)]
    earlier = [a for a in activities[:end] if is_vote(a)]
    return (upcoming or earlier or [None])[0]


def _once_per_push(key: tuple, read, *args, **kwargs):
    """Read once per push what its rooms show alike (a view, the ranking, the turnout): the
    projector and each console language read the same ballots. The broadcaster keeps
    `g.push_reads` for one push (or one room's whole state); elsewhere each call reads."""
    shared = g.get("push_reads")
    if shared is None:
        return read(*args, **kwargs)
    if key not in shared:
        shared[key] = read(*args, **kwargs)
    return shared[key]


def vote_view(
    workshop: Workshop, activity: Activity | None, audience: str, *, with_result: bool = True
) -> VoteView | None:
    """Build what `audience` sees of a vote: the console always sees the results, the
    projector once revealed or when they are live, the phones once revealed.

    `with_result=False` skips counting (for a region that shows only the progress).
    """
    if activity is None:
        return None
    vote = votes.vote_of(activity)
    settings = activity.settings or {}
    rules = votes.rules_of(activity, vote)
    revealed, live = bool(vote and vote.revealed), settings.get("results") == "live"
    view = VoteView(
        workshop=workshop,
        activity=activity,
        audience=audience,
        rules=rules,
        state=votes.state_of(vote),
        revealed=revealed,
        live=live,
        candidates=_once_per_push(("candidates", activity.id), votes.candidates_of, activity),
        progress=(
            _once_per_push(("progress", activity.id), progress_of, workshop, activity, rules.method)
            if audience != PHONE
            else None
        ),
        group=activity.group,
    )
    if settings.get("screen_retained") and view.state == votes.CLOSED:
        view.retained_list = retained_list(activity)
    if vote is not None and revealed and view.state == votes.CLOSED:
        view.screen_breakdown = vote.screen_breakdown or ""
    if audience == CONSOLE:
        on_screen = workshop.current_activity_id == activity.id
        view.on_screen = on_screen or workshop.is_live_activity(activity)
        view.boards = [a for a in workshop.activities if get_kind(a.kind).uses_board]
        if view.state != votes.READY:
            view.proxies = proxy_people(activity, rules.method)
        if view.state == votes.CLOSED:
            view.runoff = votes.runoff_after(activity)
            view.follow_up_ready = votes.can_follow_up(activity)
    if with_result:
        add_result(view, vote)
    return view


def add_result(view: VoteView, vote=None) -> None:
    """Add the ranking to a view whose audience may see it, and what follows from it (the
    run-off's outcome, the projector's breakdown). `vote`: the vote row, when read."""
    shown = results_visible(view.audience, revealed=view.revealed, live_results=view.live)
    if not shown or not view.candidates:
        return
    activity = view.activity
    view.result = _once_per_push(
        ("result", activity.id), result_of, activity, vote, view.candidates
    )
    if view.result.cutoff_tie and view.state == votes.CLOSED:
        view.runoff_outcome = votes.runoff_outcome(activity)
        view.decided_outcome = _decided_outcome(activity, view.result)
    if view.audience == SCREEN and view.screen_breakdown:
        view.breakdown = breakdown_of(view.workshop, activity, view.screen_breakdown)


def _decided_outcome(activity: Activity, result: voting.Result) -> dict[int, bool]:
    """Which tied candidates the facilitator's decision kept ({} without a decision)."""
    decision = votes.tie_decision(activity)
    if decision is None:
        return {}
    chosen = set(decision.get("chosen") or ())
    return {
        row.candidate_id: row.candidate_id in chosen for row in voting.runoff_candidates(result)
    }


def retained_list(activity: Activity) -> list[VoteCandidate] | None:
    """Return the orientations a vote and its run-offs retain, or None while one is open."""
    try:
        return votes.settled_candidates(activity)[1]
    except Refused:
        return None


def vote_context(workshop: Workshop, audience: str, *, with_result: bool = True) -> dict:
    """Context of the vote regions for one audience's room.

    Built once per push (`g.push_reads`, kept by the broadcaster for one push): the
    ranking, the progress bar and the console's panel share the same view."""
    activity = console_vote(workshop) if audience == CONSOLE else screen_vote(workshop)
    # The console's links to and from follow-up workshops (not needed by the progress bar).
    console = audience == CONSOLE and with_result
    links = (
        _once_per_push(("links", workshop.id), votes.follow_up_links, workshop) if console else {}
    )
    key = ("view", activity.id if activity else None, audience)
    view = _once_per_push(key, vote_view, workshop, activity, audience, with_result=with_result)
    if with_result and view is not None and view.result is None:
        add_result(view)  # built for the progress bar earlier in this push: the ranking now
    return {"workshop": workshop, "vote": view, **links}


# ---- one phone's own ballot -------------------------------------------------------------


@dataclass
class BallotView:
    """One participant's ballot as the server holds it, in their own candidate order."""

    vote: VoteSnapshot
    person: Voter
    ballot: voting.Ballot
    candidates: list[CandidateRef]
    eligible: bool
    # When it was read (ns): the phone keeps the freshest of answers arriving out of order.
    stamp: int = 0

    @property
    def dots(self) -> dict[int, int]:
        return dict(self.ballot.choices) if self.vote.rules.method == voting.DOTS else {}

    @property
    def ranking(self) -> tuple[int, ...]:
        return tuple(self.ballot.choices) if self.vote.rules.method == voting.RANKING else ()

    @property
    def approved(self) -> frozenset[int]:
        is_approval = self.vote.rules.method == voting.APPROVAL
        return frozenset(self.ballot.choices) if is_approval else frozenset()

    @property
    def remaining(self) -> int:
        """Dots left, or places of the top K left to fill."""
        if self.vote.rules.method == voting.DOTS:
            return voting.remaining_dots(self.vote.rules, self.dots)
        return voting.remaining_ranks(self.vote.rules, self.ranking)

    def own_group(self, candidate: CandidateRef) -> bool:
        """Whether the rules forbid this person's vote for this candidate."""
        return (
            self.vote.rules.forbid_own_group
            and self.person.group_id is not None
            and candidate.origin_group_id == self.person.group_id
        )


def ballot_view(snap: VoteSnapshot, person: Voter, choices, stamp: int) -> BallotView:
    """Build a person's ballot: candidates in a random order of their own (stable: seeded
    by the vote and the person) unless the order is fixed. `stamp` was taken before
    `choices` were read."""
    candidates = list(snap.candidates)
    if snap.random_order:
        candidates.sort(key=lambda c: (own_rank(snap.activity.id, person.id, c.id), c.id))
    ballot = voting.Ballot(person.id, choices, person.category or None, person.group_id)
    return BallotView(snap, person, ballot, candidates, snap.eligible(person.group_id), stamp)


def own_rank(activity_id: int, person_id: int, candidate_id: int) -> int:
    """Where a candidate stands in one person's random order (FNV-1a, then MurmurHash3's
    finaliser so that nearby people get unrelated orders; 32 bits).

    static/js/vote.js computes the same to put a ballot pushed to the whole room in each
    phone's own order, so the server's answers never move the orientations around."""
    value = 0x811C9DC5
    for byte in f"{activity_id}:{person_id}:{candidate_id}".encode():
        value = ((value ^ byte) * 0x01000193) & 0xFFFFFFFF
    value ^= value >> 16
    value = (value * 0x85EBCA6B) & 0xFFFFFFFF
    value ^= value >> 13
    value = (value * 0xC2B2AE35) & 0xFFFFFFFF
    return value ^ (value >> 16)


def fresh_ballot(workshop: Workshop, vote: VoteView | None, group_id: int | None) -> str | None:
    """Return the ballot every phone of a room holds while nobody has voted yet (empty),
    to push with the stage; None when a phone must fetch its own."""
    if vote is None or not vote.is_open:
        return None
    snap = votes.snapshot_of(vote.activity)
    if snap.state != vote.state:
        snap = votes.refreshed(snap)  # another worker changed it: read it again
    if not snap.is_open or votes.any_ballot(snap):
        return None
    locale = str(get_locale() or workshop.language)
    nobody = Voter(0, workshop.id, group_id, "", locale)
    ballot = voting.Ballot(0, EMPTY[snap.rules.method], None, group_id)
    view = BallotView(
        snap, nobody, ballot, list(snap.candidates), snap.eligible(group_id), time.time_ns()
    )
    html = render_ballot(view, locale, fresh=True)
    return Markup(html)  # nosec B704  # a rendered (autoescaped) template


EMPTY = {voting.DOTS: Counter(), voting.RANKING: (), voting.APPROVAL: frozenset()}
ITEMS_KEPT = 20_000  # rendered orientations or ballot frames kept per process (a few KB each)
# Placeholders in a cached ballot frame (markupsafe leaves control characters alone).
STAMP_MARK, ITEMS_MARK = "\x01stamp\x01", "\x01items\x01"


def _kept(name: str) -> dict:
    rendered = current_app.extensions.setdefault(name, {})
    if len(rendered) > ITEMS_KEPT:
        rendered.clear()
    return rendered


def render_ballot(
    view: BallotView, locale: str, saved: bool = False, error: str = "", fresh: bool = False
) -> str:
    """Render a phone's whole ballot: a frame shared by every ballot in the same state,
    around the person's orientations in their own order."""
    frames = _kept("ballot_frames")
    key = (
        view.vote.version,
        locale,
        view.eligible,
        view.remaining,
        view.ranking,
        len(view.approved),
        saved,
        error,
        fresh,
    )
    frame = frames.get(key)
    if frame is None:
        placeholder = Markup(ITEMS_MARK)  # nosec B704  # a constant of this module
        frame = frames[key] = render_template(
            "partials/votes/my_ballot.html",
            ballot=view,
            stamp=STAMP_MARK,
            items=[placeholder],
            saved=saved,
            error=error,
            fresh=fresh,
        )
    items = "".join(candidate_items(view, locale))
    return frame.replace(STAMP_MARK, str(view.stamp), 1).replace(ITEMS_MARK, items, 1)


def candidate_items(view: BallotView, locale: str) -> list[Markup]:
    """Render each orientation of a ballot, in the person's order.

    An orientation's markup depends only on the vote's snapshot, the language and a few
    numbers of the person's ballot, so a room of phones shares a handful of renders per
    orientation instead of rendering every one for every tap.
    """
    rendered = _kept("ballot_items")
    ranking, remaining, approved = view.ranking, view.remaining, view.approved
    can_vote = view.vote.is_open and view.eligible
    dots = view.dots
    items = []
    for c in view.candidates:
        own = view.own_group(c)
        rank = ranking.index(c.id) if c.id in ranking else None
        key = (
            view.vote.version,
            locale,
            c.id,
            can_vote,
            own,
            dots.get(c.id, 0),
            remaining,
            rank,
            len(ranking),
            c.id in approved,
        )
        item = rendered.get(key)
        if item is None:
            html = render_template("partials/votes/ballot_candidate.html", ballot=view, c=c)
            item = rendered[key] = Markup(html)  # nosec B704  # autoescaped by the template
        items.append(item)
    return items


# ---- what one tap changed, answered over the socket ----------------------------------------

# The actions whose answer is the whole ballot: a ranking's every row shows the next place.
WHOLE_BALLOT = {voting.RANKING}


def changed_rows(view: BallotView, action: str, candidate_id: int, replayed: bool) -> set[int]:
    """Return the orientations whose rows a tap may have changed on the phone's screen.

    The tapped one always. A dot's "+" buttons are all enabled or all disabled by whether
    any dot is left, so every row changes when the dots run out or come back (a dot taken
    back from none left); a replay does not know what the phone shows: every row."""
    every = {c.id for c in view.candidates}
    if replayed:
        return every
    if view.vote.rules.method == voting.DOTS:
        left = view.remaining
        if left == 0 or (action == "undot" and left == 1):
            return every
    return {candidate_id} & every


def ballot_change(view: BallotView, locale: str, rows: set[int]) -> dict:
    """Answer a tap with what changed: the rows `rows`, the summary (dots left, ticks)
    and the stamp; a ranking (every row shows the next place) gets its whole ballot.

    Rows and summaries are renders shared by the room (candidate_items, _kept), so a
    tap costs string joins here, not template renders."""
    answer = {"ok": True, "activity": view.vote.activity.id, "stamp": str(view.stamp)}
    if view.vote.rules.method in WHOLE_BALLOT:
        return {**answer, "ballot": render_ballot(view, locale, saved=True)}
    shown = [c for c in view.candidates if c.id in rows]
    items = candidate_items(BallotView(**{**vars(view), "candidates": shown}), locale)
    return {
        **answer,
        "remaining": view.remaining,
        "summary": ballot_summary(view, locale),
        "rows": [{"candidate": c.id, "html": str(h)} for c, h in zip(shown, items, strict=True)],
    }


def ballot_summary(view: BallotView, locale: str) -> str:
    """Render the ballot's summary line (dots left or orientations ticked), once per state."""
    rendered = _kept("ballot_summaries")
    key = (view.vote.version, locale, view.remaining, len(view.approved))
    html = rendered.get(key)
    if html is None:
        html = rendered[key] = render_template("partials/votes/ballot_summary.html", ballot=view)
    return html
