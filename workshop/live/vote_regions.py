"""Live regions of votes: the ranking, the progress bar, and the console's vote panel.

A ballot change marks only `vote_results` and `vote_progress` stale: the broadcaster
coalesces a burst of taps into one render per room, and each render counts the
ballots afresh with SQL aggregates, so the last push always equals a recount.
Phones get no push per vote: their own ballot comes back in the answer to their tap.
"""

from workshop import events
from workshop.live.regions import CONSOLE, SCREEN, Room, refresh_on, region
from workshop.models import Workshop


def _vote_shown(workshop: Workshop, room: Room) -> bool:
    from workshop.views.vote_context import console_vote, screen_vote

    if room.audience == CONSOLE:
        return console_vote(workshop) is not None
    return screen_vote(workshop) is not None


@region("vote_results", "partials/votes/vote_results.html", SCREEN, CONSOLE, shown=_vote_shown)
@region("console_vote", "partials/votes/console_vote.html", CONSOLE)
def _vote(workshop: Workshop, room: Room) -> dict:
    from workshop.views.vote_context import vote_context

    return vote_context(workshop, room.audience)


@region("vote_progress", "partials/votes/vote_progress.html", SCREEN, CONSOLE, shown=_vote_shown)
def _progress(workshop: Workshop, room: Room) -> dict:
    from workshop.views.vote_context import vote_context

    return vote_context(workshop, room.audience, with_result=False)


refresh_on(events.vote_cast, "vote_results", "vote_progress")
refresh_on(events.vote_state_changed, "console_vote", "screen_stage", "phone_stage")
refresh_on(events.vote_candidates_changed, "console_vote", "screen_stage", "phone_stage")
refresh_on(events.roster_changed, "vote_progress")
refresh_on(events.groups_changed, "vote_progress")
refresh_on(events.agenda_advanced, "console_vote")
refresh_on(events.agenda_edited, "console_vote")
