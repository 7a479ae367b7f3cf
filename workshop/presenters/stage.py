"""What each live region is rendered from: built from the workshop alone, once per room."""

from workshop.db import utcnow
from workshop.domain.visibility import Audience
from workshop.kinds import get_kind
from workshop.models import Workshop
from workshop.netaddr import public_base_url
from workshop.presenters.boards import board_context
from workshop.presenters.speed import speed_stage
from workshop.presenters.votes import fresh_ballot, screen_vote, vote_view
from workshop.services import roster
from workshop.services.agenda import timer_of


def join_url(workshop: Workshop) -> str:
    return f"{public_base_url()}/j/{workshop.join_code}"


def timer_context(workshop: Workshop) -> dict:
    activity = workshop.current_activity
    if activity is None or not workshop.is_live or not activity.planned_minutes:
        return {"timer": None}
    if not get_kind(activity.kind).shows_timer:
        return {"timer": None}
    timer = timer_of(activity)
    return {"timer": timer, "remaining": timer.remaining_at(utcnow())}


def stage_context(
    workshop: Workshop, group_id: int | None = None, audience: str = Audience.SCREEN
) -> dict:
    """Context of the screen and phone stages: the current activity and how to join.

    `group_id` is the sub-group of the phones it is rendered for (None: no group);
    phones get no vote progress, and results only once revealed.
    """
    activity = workshop.current_activity if workshop.is_live else None
    on_phone = audience == Audience.PHONE
    board = board_context(workshop, group_id) if activity else {}
    vote = vote_view(workshop, screen_vote(workshop), audience)
    return {
        **board,
        "workshop": workshop,
        "group_id": group_id,
        "group": next((g for g in workshop.groups if g.id == group_id), None),
        "activity": activity,
        "kind": get_kind(activity.kind) if activity else None,
        "join_url": join_url(workshop),
        "short_address": public_base_url().split("://", 1)[-1],
        **timer_context(workshop),
        "vote": vote,
        "fresh_ballot": fresh_ballot(workshop, vote, group_id) if on_phone else None,
        "speed": speed_stage(workshop, audience),
    }


def roster_context(workshop: Workshop) -> dict:
    people = roster.roster(workshop, include_removed=True)
    present = [p for p in people if p.present]
    return {
        "workshop": workshop,
        "people": present,
        "removed": [p for p in people if not p.present],
        "present_count": len(present),
    }


def agenda_context(workshop: Workshop) -> dict:
    return {"workshop": workshop, "activities": workshop.activities, **timer_context(workshop)}
