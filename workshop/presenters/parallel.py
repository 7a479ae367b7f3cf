"""Groups in parallel: one pane per live activity, for the projector, the console and the
phones of people with nothing of their own in the block (domain/parallel.py says which).

Each pane carries everything its partials need, and a `key` that makes the ids of its
fragments unique on a page holding several votes or boards at once.
"""

from dataclasses import dataclass, field

from workshop.db import utcnow
from workshop.domain.visibility import Audience
from workshop.kinds import ActivityKind, get_kind
from workshop.models import Activity, Workshop
from workshop.presenters.boards import board_context
from workshop.presenters.votes import VoteView, is_vote, vote_view
from workshop.services.agenda import timer_of


@dataclass
class Pane:
    activity: Activity
    kind: ActivityKind
    group: object | None  # the Group it is for
    vote: VoteView | None = None
    board: dict = field(default_factory=dict)  # board_context() of a board
    timer: object | None = None
    remaining: float = 0.0

    @property
    def key(self) -> str:
        """The suffix of its fragments' ids (one pane per activity on a page)."""
        return f"-a{self.activity.id}"

    @property
    def headings(self) -> int:
        return sum(len(b.headings) for b in self.board.get("boards", []))


def pane(workshop: Workshop, activity: Activity, audience: str) -> Pane:
    kind = get_kind(activity.kind)
    found = Pane(activity, kind, activity.group)
    if is_vote(activity):
        found.vote = vote_view(workshop, activity, audience, with_result=audience != Audience.PHONE)
    elif kind.uses_board:
        found.board = board_context(workshop, activity.group_id, activity=activity)
    if activity.planned_minutes and kind.shows_timer:
        found.timer = timer_of(activity)
        found.remaining = found.timer.remaining_at(utcnow())
    return found


def parallel_context(workshop: Workshop, audience: str) -> dict | None:
    """Return the panes of the activities running in parallel (None when one is alone)."""
    live = workshop.live_activities
    if len(live) < 2:
        return None
    return {"panes": [pane(workshop, activity, audience) for activity in live]}


def console_parallel_context(workshop: Workshop) -> dict:
    """Context of the console's panel of the groups running in parallel."""
    return {"workshop": workshop, "parallel": parallel_context(workshop, Audience.CONSOLE)}


def screen_parallel_context(workshop: Workshop) -> dict:
    """Context of the projector's side-by-side panes (a region nested in the stage)."""
    return {"workshop": workshop, "parallel": parallel_context(workshop, Audience.SCREEN)}
