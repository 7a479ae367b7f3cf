"""What the board partials show: each group's prompt and answers, built once per room."""

from workshop.domain.visibility import is_plenary
from workshop.kinds import get_kind
from workshop.kinds.boards import is_anonymous, prompt_for
from workshop.models import Activity, Workshop
from workshop.services import boards, roster
from workshop.services.boards import GroupBoard, author_names, group_boards


def current_board_activity(workshop: Workshop) -> Activity | None:
    """Return the board the console shows: the current one (or one running in parallel
    with it), else the last before it."""
    live = [a for a in workshop.live_activities if get_kind(a.kind).uses_board]
    if live:
        return live[0]
    activities = workshop.activities
    current = workshop.current_activity
    end = activities.index(current) + 1 if current in activities else len(activities)
    for activity in reversed(activities[:end]):
        if get_kind(activity.kind).uses_board:
            return activity
    return next((a for a in activities if get_kind(a.kind).uses_board), None)


def board_context(workshop: Workshop, group_id=None, *, moderation=False, activity=None) -> dict:
    """Context of the board regions: the board `activity`, else for the console the current
    (or last) board, for a phone its group's live activity (groups may run in parallel),
    for the projector the one on screen."""
    if activity is None and moderation:
        activity = current_board_activity(workshop)
    elif activity is None:
        activity = workshop.activity_for_group(group_id)
    if (
        activity is None
        or not get_kind(activity.kind).uses_board
        or workshop.is_draft
        and not moderation
    ):
        return {"workshop": workshop, "activity": None, "boards": []}
    every = group_boards(workshop, activity, moderation=moderation)
    only = activity.group_id  # one group's board: the others only look
    settings = activity.settings
    plenary = is_plenary(settings, bool(workshop.groups))
    group_id = None if plenary else group_id  # one shared pool, whatever the phone's group
    mine = next((b for b in every if (b.group.id if b.group else None) == group_id), None)
    if mine is None and not moderation:
        mine = GroupBoard(None, prompt_for(activity, group_id), [])
    return {
        "board": mine,
        "workshop": workshop,
        "activity": activity,
        "settings": settings,
        "boards": every,
        "group_id": group_id,
        "shared_prompt": shared_prompt(every),
        "private": settings.get("private") and not settings.get("revealed"),
        "anonymous": is_anonymous(settings),
        "authors": author_names(workshop, activity),  # {} when anonymous (card_authors.py)
        "open": boards.is_open(workshop, activity) and only in (None, group_id),
        "only_group": activity.group,
        # The console lists (and deletes) the comments on the whole activity.
        "activity_comments": boards.comments_of(activity).get(None, []) if moderation else [],
        "upcoming": moderation and is_upcoming(workshop, activity),
        "ungrouped": ungrouped(workshop, activity) if moderation else 0,
    }


def ungrouped_context(workshop: Workshop) -> dict:
    """The console's note on people a live board of groups leaves out."""
    activity = current_board_activity(workshop)
    return {"workshop": workshop, "ungrouped": ungrouped(workshop, activity) if activity else 0}


def ungrouped(workshop: Workshop, activity: Activity) -> int:
    """How many people present on a phone cannot write on `activity`'s board because they
    are in no group (0 unless it is live and answered group by group)."""
    if not workshop.groups or is_plenary(activity.settings, True):
        return 0
    if not workshop.is_live_activity(activity):
        return 0
    return roster.phones_without_group(workshop.id)


def is_upcoming(workshop: Workshop, activity: Activity) -> bool:
    """Tell whether an activity is still to come: phones cannot write on its board yet (the
    console shows the first board before the workshop reaches it, for paper answers)."""
    if workshop.is_draft:
        return True
    current = workshop.current_activity
    if not workshop.is_live or current is None or workshop.is_live_activity(activity):
        return False
    activities = workshop.activities
    return activities.index(activity) > activities.index(current)


def shared_prompt(every: list[GroupBoard]) -> str:
    """Return the prompt every group answers, when they all answer the same one ("" when
    each group has its own: the projector then shows each under its group's name)."""
    texts = {(b.prompt.get("text") or "").strip() for b in every}
    return texts.pop() if len(texts) == 1 else ""
