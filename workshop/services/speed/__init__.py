"""Speed meetings: one function per user action, and what the presenters and minutes read.

The facilitator makes the plan (_plans.py: the pure planner of workshop/domain/rotation
on the room's sides, hosts, wishes and history), leads the rounds (_rounds.py), sets
hosts, sides and wishes (_people.py), and forms project sub-groups from the mutual
follow-ups (_groups.py). Phones wish, share their contact and mark whom they would like
to follow up with (_follow.py: its privacy promises are in its docstring). The planner's
refusals are worded with names (_refusals.py). Everything else here is private.
"""

from flask import Flask

from workshop.services.speed import _plans
from workshop.services.speed._follow import (
    FollowUpCounts,
    Marked,
    Match,
    follow_up_counts,
    mark_follow_up,
    matches_of,
    met_people,
    mutual_pairs,
    my_marks,
)
from workshop.services.speed._groups import (
    carry_project_groups,
    create_project_group,
    project_groups,
)
from workshop.services.speed._inputs import (
    Sides,
    history_pairs,
    history_source,
    hosts_of,
    people_lines,
    sides_of,
    wishes_of,
)
from workshop.services.speed._people import (
    add_wish,
    facilitator_wishes,
    line_of,
    remove_wish,
    set_contact,
    set_person,
    wishes_by,
)
from workshop.services.speed._plans import follow_roster, is_out_of_date, make_plan
from workshop.services.speed._refusals import side_name
from workshop.services.speed._rounds import (
    extend_round,
    finish_meetings,
    next_round,
    pause_round,
    resume_round,
    set_sound,
)
from workshop.services.speed._sources import history_choices, set_history_source
from workshop.services.speed._state import SpeedState, state_of
from workshop.services.speed._store import KIND, held_rounds, held_rows, speed_activity


def init_app(app: Flask) -> None:
    """Let this app's speed meetings under way follow its roster changes."""
    _plans.init_app(app)


__all__ = [
    "KIND",
    "FollowUpCounts",
    "Marked",
    "Match",
    "Sides",
    "SpeedState",
    "add_wish",
    "carry_project_groups",
    "create_project_group",
    "extend_round",
    "facilitator_wishes",
    "finish_meetings",
    "follow_roster",
    "follow_up_counts",
    "held_rounds",
    "held_rows",
    "history_choices",
    "history_pairs",
    "history_source",
    "hosts_of",
    "init_app",
    "is_out_of_date",
    "line_of",
    "make_plan",
    "mark_follow_up",
    "matches_of",
    "met_people",
    "mutual_pairs",
    "my_marks",
    "next_round",
    "pause_round",
    "people_lines",
    "project_groups",
    "remove_wish",
    "resume_round",
    "set_contact",
    "set_history_source",
    "set_person",
    "set_sound",
    "side_name",
    "sides_of",
    "speed_activity",
    "state_of",
    "wishes_by",
    "wishes_of",
]
