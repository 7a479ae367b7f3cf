"""Votes: one function per user action, and what the presenters and the minutes read.

A phone's tap has one entry point, `tap` (in _tap.py): checked by the pure rules inside
its write transaction, bounded by the database constraints, idempotent by key. The
facilitator opens, closes and reveals a vote (_votes.py), sets its candidates
(_candidates.py; taken from the board before it by default: _source.py), creates a
run-off or a follow-up workshop (_followup.py), and enters proxy ballots. Everything else
in this package is private to it.
"""

from flask import Flask

from workshop.services.voting import _snapshot, _tap
from workshop.services.voting._ballots import BALLOT_TABLES
from workshop.services.voting._candidates import (
    add_typed_candidates,
    import_candidates,
    remove_candidate,
    reword_candidate,
)
from workshop.services.voting._followup import (
    can_follow_up,
    create_follow_up,
    create_runoff,
    follow_up_links,
    follow_up_of,
    follow_ups_of,
    followed_workshop,
    original_vote,
    runoff_after,
    runoff_outcome,
    settle_tie,
    settled_candidates,
    show_retained,
    tie_decision,
)
from workshop.services.voting._results import (
    BREAKDOWNS,
    Breakdown,
    Progress,
    breakdown_of,
    progress_of,
    proxy_people,
    result_of,
    show_breakdown,
    totals_of,
)
from workshop.services.voting._snapshot import (
    CandidateRef,
    VoteSnapshot,
    on_ballot,
    refreshed,
    snapshot,
    snapshot_of,
)
from workshop.services.voting._source import (
    follow_source,
    open_vote,
    prepare_on_screen,
    source_of,
)
from workshop.services.voting._tap import (
    Tapped,
    Voter,
    any_ballot,
    check_key,
    stored_choices,
    tap,
    voter_in,
)
from workshop.services.voting._votes import (
    CLOSED,
    OPEN,
    READY,
    as_candidates,
    ballot_of,
    candidates_of,
    close_vote,
    eligible,
    enter_proxy_ballot,
    proxy_voters,
    reveal_results,
    rules_of,
    state_of,
    vote_activity,
    vote_of,
)


def init_app(app: Flask) -> None:
    """Keep this app's shared vote snapshots and voters, dropped by the events that
    change them."""
    _snapshot.init_app(app)
    _tap.init_app(app)


__all__ = [
    "BALLOT_TABLES",
    "BREAKDOWNS",
    "CLOSED",
    "OPEN",
    "READY",
    "Breakdown",
    "CandidateRef",
    "Progress",
    "Tapped",
    "VoteSnapshot",
    "Voter",
    "add_typed_candidates",
    "any_ballot",
    "as_candidates",
    "ballot_of",
    "breakdown_of",
    "can_follow_up",
    "candidates_of",
    "check_key",
    "close_vote",
    "create_follow_up",
    "create_runoff",
    "eligible",
    "enter_proxy_ballot",
    "follow_source",
    "follow_up_links",
    "follow_up_of",
    "follow_ups_of",
    "followed_workshop",
    "import_candidates",
    "init_app",
    "on_ballot",
    "open_vote",
    "original_vote",
    "progress_of",
    "prepare_on_screen",
    "proxy_people",
    "proxy_voters",
    "refreshed",
    "remove_candidate",
    "result_of",
    "reword_candidate",
    "reveal_results",
    "rules_of",
    "runoff_after",
    "runoff_outcome",
    "settle_tie",
    "settled_candidates",
    "show_breakdown",
    "show_retained",
    "snapshot",
    "snapshot_of",
    "source_of",
    "state_of",
    "stored_choices",
    "tap",
    "tie_decision",
    "totals_of",
    "vote_activity",
    "vote_of",
    "voter_in",
]
