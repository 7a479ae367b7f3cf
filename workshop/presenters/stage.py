"""What each live region is rendered from: built from the workshop alone, once per room."""

import io

import segno

from workshop.db import utcnow
from workshop.domain.visibility import Audience, is_plenary
from workshop.kinds import get_kind
from workshop.models import Activity, Workshop
from workshop.netaddr import public_base_url
from workshop.presenters.boards import board_context
from workshop.presenters.minutes import builtin_choices
from workshop.presenters.parallel import parallel_context
from workshop.presenters.speed import speed_stage
from workshop.presenters.votes import fresh_ballot, is_vote, screen_vote, vote_context, vote_view
from workshop.services import agenda, plans, roster, speed
from workshop.services.agenda import timer_of


def join_url(workshop: Workshop) -> str:
    return join_url_of(workshop.join_code)


def join_url_of(code: str) -> str:
    """The join address of a (canonical) join code."""
    return f"{public_base_url()}/j/{code}"


def screen_url(workshop: Workshop) -> str:
    """The shareable projector link: it opens the projector view in any browser."""
    return f"{public_base_url()}/s/{workshop.screen_key}"


def qr_svg(url: str) -> bytes:
    """A QR code of `url` as an SVG image (error correction M: readable from a screen)."""
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="svg", scale=10, border=2)
    return buffer.getvalue()


def access_context(workshop: Workshop) -> dict:
    """The console's links panel: the projector link, and the actions that replace links."""
    return {"workshop": workshop, "screen_link": screen_url(workshop)}


def timer_context(workshop: Workshop, activity: Activity | None = None) -> dict:
    """The countdown of `activity` (default: the one on screen)."""
    activity = activity or workshop.current_activity
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
    phones get no vote progress, and results only once revealed. While groups run
    activities in parallel, the projector shows them all (`parallel`), and each phone
    its own group's (the overview when its group has none there).
    """
    on_phone = audience == Audience.PHONE
    if on_phone:
        activity = workshop.activity_for_group(group_id)
    else:
        activity = workshop.current_activity if workshop.is_live else None
    running = parallel_context(workshop, audience) if activity is None or not on_phone else None
    board = board_context(workshop, group_id, activity=activity) if activity and not running else {}
    if on_phone:
        vote = vote_view(workshop, activity if is_vote(activity) else None, audience)
    else:
        vote = vote_view(workshop, screen_vote(workshop), audience)
    timer = timer_context(workshop, activity) if activity else {"timer": None}
    if on_phone and not phone_timer_shown(timer.get("timer"), vote):
        timer = {"timer": None}
    return {
        **board,
        "workshop": workshop,
        "group_id": group_id,
        "group": next((g for g in workshop.groups if g.id == group_id), None),
        "activity": activity,
        "kind": get_kind(activity.kind) if activity else None,
        "join_url": join_url(workshop),
        "short_address": public_base_url().split("://", 1)[-1],
        **timer,
        "vote": vote,
        "parallel": running,
        "fresh_ballot": fresh_ballot(workshop, vote, group_id) if on_phone else None,
        "what_next": what_next(workshop, activity, board, vote, group_id, running)
        if on_phone
        else None,
        "speed": speed_stage(workshop, audience),
    }


def phone_timer_shown(timer, vote) -> bool:
    """Phones show a countdown only while it runs, and not over a closed vote: a paused
    clock or a spent one only worries a participant."""
    return timer is not None and timer.running and (vote is None or vote.state != "closed")


def next_activity(workshop: Workshop) -> Activity | None:
    """Return the activity after the live ones (the first one before the start)."""
    activities = workshop.activities
    if workshop.is_ended:
        return None
    live = workshop.live_activities
    after = activities.index(live[-1]) + 1 if live else 0
    return activities[after] if after < len(activities) else None


def what_next(
    workshop: Workshop, activity, board: dict, vote, group_id, running=None
) -> dict | None:
    """Say, on a phone nothing is asked of, what is happening and what comes next.

    `now` names the situation: "start" (before the workshop), "listen" (a welcome, an
    instruction), "closed" (writing closed), "group" (waiting to be put in a group),
    "choose_group" (to choose one's group, the phones being allowed to),
    "vote_soon" (a vote not yet open), "vote_closed", "other_group" (another group's
    vote), "other_group_board" (another group's board), "parallel" (groups are busy in
    parallel, none of it for this phone). None while the phone is asked something (a
    board open, a vote open).
    """
    now = "parallel" if running and activity is None else None
    now = now or idle_reason(workshop, activity, board, vote, group_id)
    if now is None:
        return None
    return {"now": now, "next": next_activity(workshop)}


def idle_reason(workshop: Workshop, activity, board: dict, vote, group_id) -> str | None:
    if workshop.is_ended:
        return None
    if activity is None:
        return "start"
    kind = get_kind(activity.kind)
    if kind.uses_board:
        only = board.get("only_group")
        if only is not None and only.id != group_id:
            return "other_group_board"
        if not board.get("open"):
            return "closed"
        waiting = board.get("settings", {}).get("mode") != "plenary" and workshop.groups
        if not waiting or group_id is not None:
            return None
        return "choose_group" if workshop.group_choice_open else "group"
    if activity.kind == "vote" and vote is not None:
        if vote.group and vote.group.id != group_id:
            return "other_group"
        return {"ready": "vote_soon", "closed": "vote_closed"}.get(vote.state)
    if activity.kind in ("welcome", "instruction"):
        return "listen"
    return None  # another kind says itself what it asks


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
    return {
        "workshop": workshop,
        "activities": workshop.activities,
        "live_ids": {a.id for a in workshop.live_activities},
        "together": agenda.together_marks(workshop),
        # While the agenda is empty, it can start from a plan: the built-in ones offered.
        "plan_choices": builtin_choices() if plans.takes_a_plan(workshop) else [],
        **timer_context(workshop),
    }


def live_bar_context(workshop: Workshop) -> dict:
    """Context of the console's live bar: the activity on screen, where it stands in the
    agenda, its timer, and what its own main actions need (its vote, its board's state,
    its speed meeting's rounds).

    Empty (no `activity`) unless the workshop is live: the bar shows nothing then. While
    groups' activities run in parallel (`parallel`: all of them), "next" goes past the
    whole block and each activity's own controls stay in its pane of the parallel panel.
    """
    activity = workshop.current_activity if workshop.is_live else None
    context = {"workshop": workshop, "activity": activity, **timer_context(workshop)}
    if activity is None:
        return context
    activities = workshop.activities
    live = workshop.live_activities or [activity]
    first = min(activities.index(a) for a in live)
    last = max(activities.index(a) for a in live)
    kind = get_kind(activity.kind)
    context.update(
        kind=kind,
        position=activities.index(activity) + 1,
        count=len(activities),
        previous=activities[first - 1] if first > 0 else None,
        following=activities[last + 1] if last + 1 < len(activities) else None,
        parallel=live if len(live) > 1 else None,
    )
    if len(live) > 1:
        return {**context, "timer": None}
    if activity.kind == "vote":
        context["vote"] = vote_context(workshop, Audience.CONSOLE)["vote"]
    if kind.uses_board:
        settings = activity.settings or {}
        plenary = is_plenary(settings, bool(workshop.groups))
        context["board_settings"] = settings
        context["board_groups"] = [] if plenary else list(workshop.groups)
    if activity.kind == speed.KIND:
        context["speed_state"] = speed.state_of(activity)
    return context
