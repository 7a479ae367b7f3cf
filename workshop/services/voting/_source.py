"""A vote placed after a brainstorm or a scenario takes its candidates from that board.

The vote's form names its source (`source`: "previous", the board just before it in the
agenda, the default; "" for none; or a board's id) and which headings (`source_headings`:
"all", the default, or "marked" as candidates). Until the vote is first opened, its
candidates taken from the source follow the board: a new heading comes in, a heading
merged into another or deleted goes (renames follow the card already, unless the
facilitator reworded the candidate). The facilitator's own edits stay: a candidate they
removed is not taken again (`source_dismissed`, runtime state in the settings), typed
ones are kept. Once opened, the list is the ballot's and nothing follows any more.
"""

import logging

from sqlalchemy import delete

from workshop import events
from workshop.db import transaction
from workshop.kinds import get_kind
from workshop.models import Activity, VoteCandidate, Workshop
from workshop.services import boards
from workshop.services.voting import _candidates as candidates
from workshop.services.voting import _votes
from workshop.services.voting._results import candidates_of, state_of, vote_of
from workshop.services.voting._tap import READY

logger = logging.getLogger(__name__)


def source_of(workshop: Workshop, activity: Activity) -> Activity | None:
    """Return the board a vote takes its candidates from, or None."""
    chosen = str((activity.settings or {}).get("source", "") or "")
    activities = workshop.activities
    if chosen == "previous":
        before = activities[: activities.index(activity)] if activity in activities else []
        return next((a for a in reversed(before) if get_kind(a.kind).uses_board), None)
    if chosen.isdigit():
        found = next((a for a in activities if a.id == int(chosen)), None)
        return found if found is not None and get_kind(found.kind).uses_board else None
    return None


def follow_source(workshop: Workshop, activity: Activity) -> bool:
    """Bring a never-opened vote's candidates in line with its source board; return
    whether anything changed (and then say so with `vote_candidates_changed`)."""
    source = source_of(workshop, activity)
    if source is None or state_of(vote_of(activity)) != READY:
        return False
    settings = activity.settings or {}
    dismissed = set(settings.get("source_dismissed") or ())
    wanted = candidates.board_rows(
        workshop, activity, source, settings.get("source_headings") == "marked"
    )
    # Gone: a heading of this board merged into another, deleted or hidden since. A
    # candidate of it the facilitator took by hand (whatever the filters) stays.
    away = {c.id for c in boards.cards_of(source) if not c.visible or c.hidden}
    held = [c for c in candidates_of(activity) if c.source_card_id is not None]
    gone = [c.id for c in held if c.source_card_id in away]
    taken = {c.source_card_id for c in held}
    new = [r for r in wanted if r["source_card_id"] not in taken | dismissed]
    if not gone and not new:
        return False
    if gone:
        with transaction() as s:
            s.execute(delete(VoteCandidate).where(VoteCandidate.id.in_(gone)))
    if new:
        candidates.add_rows(workshop, activity, new, announce=False)
    events.vote_candidates_changed.send(workshop.id, activity_id=activity.id)
    logger.info(
        "workshop %s: vote %s follows %s (+%s, -%s)",
        workshop.join_code,
        activity.id,
        source.id,
        len(new),
        len(gone),
    )
    return True


def prepare_on_screen(workshop: Workshop) -> None:
    """When a vote comes on screen: take its candidates from its source board, and open
    it at once when its settings ask so (`open_on_screen`) and it has candidates."""
    activity = workshop.current_activity if workshop.is_live else None
    if activity is None or activity.kind != "vote":
        return
    follow_source(workshop, activity)
    wants_open = (activity.settings or {}).get("open_on_screen")
    if wants_open and state_of(vote_of(activity)) == READY and candidates_of(activity):
        _votes.open_vote(workshop, activity)


def open_vote(workshop: Workshop, activity: Activity):
    """Open (or reopen) the vote; opened for the first time, it takes its source board's
    headings as they stand at that moment (a merge made a minute ago included)."""
    follow_source(workshop, activity)
    return _votes.open_vote(workshop, activity)
