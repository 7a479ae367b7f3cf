"""Live regions: a partial with a stable id, which audiences see it, and what fills it.

Each region is one template in templates/partials/; the page includes it, an htmx
action may answer with it, and the broadcaster pushes it. A region's context is
built from the workshop and the room alone (never the request): a push renders it
once for a whole room.
"""

from collections.abc import Callable
from dataclasses import dataclass

from workshop import events
from workshop.domain.visibility import Audience
from workshop.kinds import get_kind
from workshop.models import Workshop
from workshop.presenters import boards, minutes, parallel, speed_console, stage, votes

SCREEN, CONSOLE, PHONE = Audience.SCREEN, Audience.CONSOLE, Audience.PHONE


@dataclass(frozen=True)
class Room:
    """Who receives a push: one audience of a workshop, in one language.

    Phones are also split by sub-group (`group_id`, None for no group), since a group
    sees its own prompt and answers.
    """

    workshop_id: int
    audience: str
    locale: str
    group_id: int | None = None

    @property
    def name(self) -> str:
        if self.audience == SCREEN:  # one screen room: it follows the workshop's language
            return f"ws-{self.workshop_id}-screen"
        group = f"-g{self.group_id}" if self.group_id else ""
        return f"ws-{self.workshop_id}-{self.audience}{group}-{self.locale}"


def login_room(workshop_id: int, login: str) -> str:
    """Name the room of one facilitator login's consoles (closed at logout)."""
    return f"ws-{workshop_id}-login-{login}"


def grant_room(workshop_id: int, grant: str) -> str:
    """Name the room of every socket opened with one grant ("console" or "screen"): it
    closes when that grant is revoked."""
    return f"ws-{workshop_id}-grant-{grant}"


def person_room(workshop_id: int, person_id: int) -> str:
    """Name the room of one participant's sockets (for 'reconnect to your new rooms')."""
    return f"ws-{workshop_id}-person-{person_id}"


@dataclass(frozen=True)
class Region:
    name: str
    template: str
    audiences: tuple[str, ...]
    context: Callable[[Workshop, Room], dict]
    # Whether the region is on the page at all (e.g. a board only while a board is on
    # screen); a push for a region that is not there would have no target.
    shown: Callable[[Workshop, Room], bool] = lambda _workshop, _room: True
    # At most one push per `every` seconds (a big room's roster while hundreds join);
    # changes in between are gathered into the next one.
    every: float = 0.0


@dataclass(frozen=True)
class Staleness:
    """Regions a fact makes stale, when `when(**details)` holds (always without it)."""

    names: frozenset[str]
    when: Callable[..., bool] | None = None

    def stale(self, details: dict) -> frozenset[str]:
        return self.names if self.when is None or self.when(**details) else frozenset()


REGIONS: dict[str, Region] = {}
STALE_AFTER: dict = {}  # signal -> [Staleness]: the region table's second half


def region(name: str, template: str, *audiences: str, shown=None, every: float = 0.0):
    """Register the decorated context builder `(workshop, room) -> dict` as region `name`."""

    def register(build: Callable[[Workshop, Room], dict]):
        options = {"shown": shown} if shown else {}
        REGIONS[name] = Region(name, template, audiences, build, every=every, **options)
        return build

    return register


def board_on_screen(workshop: Workshop, room: Room) -> bool:
    """Whether the room's page holds a board: a phone its group's live one, the projector
    the one on screen unless groups run in parallel (each has its pane then)."""
    if room.audience == PHONE:
        activity = workshop.activity_for_group(room.group_id)
    else:
        activity = None if workshop.runs_in_parallel else workshop.current_activity
    return workshop.is_live and activity is not None and get_kind(activity.kind).uses_board


def refresh_on(signal, *names: str, when: Callable[..., bool] | None = None) -> None:
    """Declare that the fact `signal` states makes the regions `names` stale (only when
    `when(**details)` holds, given the details the fact was sent with)."""
    STALE_AFTER.setdefault(signal, []).append(Staleness(frozenset(names), when))


def stale_after(signal, details: dict) -> set[str]:
    """Return the regions the fact `signal`, sent with `details`, makes stale."""
    return set().union(*(rule.stale(details) for rule in STALE_AFTER.get(signal, ())))


def regions_for(audience: str) -> list[Region]:
    return [r for r in REGIONS.values() if audience in r.audiences]


def shown_regions(workshop: Workshop, room: Room, names=None) -> list[Region]:
    """Return the regions of `names` (default: all) that a room's page holds right now."""
    chosen = [REGIONS[n] for n in sorted(names)] if names else list(REGIONS.values())
    return [r for r in chosen if room.audience in r.audiences and r.shown(workshop, room)]


@region("screen_stage", "partials/screen/screen_stage.html", SCREEN)
@region("phone_stage", "partials/phone/phone_stage.html", PHONE)
def _stage(workshop: Workshop, room: Room) -> dict:
    return stage.stage_context(workshop, room.group_id, room.audience)


@region("presence_count", "partials/roster/presence_count.html", SCREEN, CONSOLE)
@region("roster", "partials/roster/roster.html", CONSOLE, every=2.0)
def _roster(workshop: Workshop, _room: Room) -> dict:
    return stage.roster_context(workshop)


@region("console_agenda", "partials/agenda/console_agenda.html", CONSOLE)
def _agenda(workshop: Workshop, _room: Room) -> dict:
    return stage.agenda_context(workshop)


@region("live_bar", "partials/facilitate/live_bar.html", CONSOLE)
def _live_bar(workshop: Workshop, _room: Room) -> dict:
    return stage.live_bar_context(workshop)


@region("phone_board", "partials/boards/phone_board.html", PHONE, shown=board_on_screen)
def _phone_board(workshop: Workshop, room: Room) -> dict:
    return boards.board_context(workshop, room.group_id)


@region("screen_board", "partials/boards/screen_board.html", SCREEN, shown=board_on_screen)
def _screen_board(workshop: Workshop, _room: Room) -> dict:
    return boards.board_context(workshop)


@region("console_board", "partials/boards/console_board.html", CONSOLE)
def _console_board(workshop: Workshop, _room: Room) -> dict:
    return boards.board_context(workshop, moderation=True)


@region("board_ungrouped", "partials/boards/ungrouped.html", CONSOLE, every=2.0)  # as the roster
def _board_ungrouped(workshop: Workshop, _room: Room) -> dict:
    return boards.ungrouped_context(workshop)


@region("access_links", "partials/facilitate/access_links.html", CONSOLE)
def _access(workshop: Workshop, _room: Room) -> dict:
    return stage.access_context(workshop)


def _on_screen(on_screen: bool = False, **_details) -> bool:
    return on_screen


# Which regions each fact makes stale (services send facts; only this table knows regions).
refresh_on(events.workshop_updated, "screen_stage", "phone_stage", "console_agenda")
refresh_on(events.agenda_edited, "console_agenda", "console_board")
refresh_on(events.activity_edited, "console_agenda", "console_board")
refresh_on(events.activity_edited, "screen_stage", "phone_stage", when=_on_screen)
refresh_on(events.agenda_advanced, "screen_stage", "phone_stage", "console_agenda")
refresh_on(events.agenda_advanced, "console_board")
refresh_on(events.timer_changed, "screen_stage", "phone_stage")
refresh_on(events.roster_changed, "presence_count", "roster", "board_ungrouped")
refresh_on(events.cards_changed, "phone_board", "screen_board", "console_board")
# Closing writing, revealing answers, a group on the projector, a reporter named: the
# boards change, and so do the stages (what phones may do, what the projector shows).
refresh_on(events.board_state_changed, "phone_board", "screen_board", "console_board")
refresh_on(events.board_state_changed, "screen_stage", "phone_stage")
refresh_on(events.groups_changed, "console_board", "roster", "phone_stage", "screen_stage")
refresh_on(events.grants_revoked, "access_links")  # a replaced projector link shows at once
# The live bar holds the on-screen activity's own controls: whatever changes the agenda,
# the timer, a vote's state or candidates, or a board's state redraws it.
LIVE_BAR_FACTS = (
    events.workshop_updated,
    events.agenda_edited,
    events.activity_edited,
    events.agenda_advanced,
    events.timer_changed,
    events.board_state_changed,
    events.groups_changed,
    events.vote_state_changed,
    events.vote_candidates_changed,
    events.speed_plan_changed,
    events.speed_round_changed,
)
for _fact in LIVE_BAR_FACTS:
    refresh_on(_fact, "live_bar")


# ---- votes: the ranking, the progress bar, and the console's vote panel ----------------
# A ballot change marks only `vote_results` and `vote_progress` stale: the broadcaster
# coalesces a burst of taps into one render per room, and each render counts the ballots
# afresh with SQL aggregates, so the last push always equals a recount. Phones get no push
# per vote: their own ballot comes back in the answer to their tap.


def _vote_shown(workshop: Workshop, room: Room) -> bool:
    if room.audience == CONSOLE:
        return votes.console_vote(workshop) is not None
    return votes.screen_vote(workshop) is not None


@region("vote_results", "partials/votes/vote_results.html", SCREEN, CONSOLE, shown=_vote_shown)
@region("console_vote", "partials/votes/console_vote.html", CONSOLE)
def _vote(workshop: Workshop, room: Room) -> dict:
    return votes.vote_context(workshop, room.audience)


@region("vote_progress", "partials/votes/vote_progress.html", SCREEN, CONSOLE, shown=_vote_shown)
def _progress(workshop: Workshop, room: Room) -> dict:
    return votes.vote_context(workshop, room.audience, with_result=False)


refresh_on(events.vote_cast, "vote_results", "vote_progress")
refresh_on(events.vote_state_changed, "console_vote", "screen_stage", "phone_stage")
refresh_on(events.vote_candidates_changed, "console_vote", "screen_stage", "phone_stage")
refresh_on(events.roster_changed, "vote_progress")
refresh_on(events.groups_changed, "vote_progress")
refresh_on(events.agenda_advanced, "console_vote")
refresh_on(events.agenda_edited, "console_vote")
refresh_on(events.activity_edited, "console_vote")


# ---- groups in parallel: each live activity's pane on the projector and the console ------
# The projector's panes are a region nested in its stage: a tap or a card redraws the panes,
# not the join panel around them. The console's panel is always on the page (empty while
# one activity runs alone).


def _runs_in_parallel(workshop: Workshop, _room: Room) -> bool:
    return workshop.runs_in_parallel


# Throttled: every pane counts its vote afresh, so a burst of taps in two votes costs about
# twice one vote's ranking; at most two projector pushes a second (one on the console) keep
# a room of phones tapping cheap, and the last change always arrives.
@region(
    "screen_parallel",
    "partials/parallel/screen_panes.html",
    SCREEN,
    shown=_runs_in_parallel,
    every=0.5,
)
def _screen_parallel(workshop: Workshop, _room: Room) -> dict:
    return parallel.screen_parallel_context(workshop)


# The console's panel, under two names: pushed on every tap or card only while groups run
# in parallel, and on the rarer agenda facts always (to empty itself when the block ends).
@region(
    "console_parallel",
    "partials/parallel/console_panel.html",
    CONSOLE,
    shown=_runs_in_parallel,
    every=1.0,
)
@region("console_parallel_frame", "partials/parallel/console_panel.html", CONSOLE)
def _console_parallel(workshop: Workshop, _room: Room) -> dict:
    return parallel.console_parallel_context(workshop)


for _fact in (
    events.vote_cast,
    events.cards_changed,
    events.board_state_changed,
    events.roster_changed,
    events.groups_changed,
):
    refresh_on(_fact, "screen_parallel", "console_parallel")
for _fact in (events.timer_changed, events.vote_state_changed, events.vote_candidates_changed):
    refresh_on(_fact, "console_parallel")
for _fact in (events.agenda_advanced, events.agenda_edited, events.activity_edited):
    refresh_on(_fact, "console_parallel_frame")


# ---- the minutes page: its preview, and whether the minutes are draft or final ---------
# The minutes page is a console page: a co-facilitator's second copy of it follows every
# save made on another. Only the preview (an iframe of the print view, reloaded with a new
# stamp) and the status panel are pushed, never the edit forms: a push must never replace
# a textarea someone is typing in.


@region("minutes_status", "partials/minutes/status.html", CONSOLE)
def _minutes_status(workshop: Workshop, _room: Room) -> dict:
    return minutes.status_context(workshop)


@region("minutes_preview", "partials/minutes/preview.html", CONSOLE)
def _minutes_preview(workshop: Workshop, _room: Room) -> dict:
    return minutes.preview_context(workshop)


# The status panel holds a button: it is replaced only when the status changed, so a click
# on it is never lost to a push that an unrelated save caused a moment before.
refresh_on(events.minutes_edited, "minutes_preview")
refresh_on(events.minutes_status_changed, "minutes_status", "minutes_preview")


# ---- speed meetings: the console's panel and its live controls -------------------------
# The projector's table plan and the phones' round line are in the stages; a phone's own
# place is fetched by the phone (its slot's id names the plan and the round, so a phone
# fetches it again only when they change). The panel is throttled: follow-up marks and
# joins change its counts often.


def _speed_shown(workshop: Workshop, _room: Room) -> bool:
    return speed_console.console_speed_activity(workshop) is not None


@region(
    "console_speed", "partials/speed/console_speed.html", CONSOLE, shown=_speed_shown, every=1.0
)
@region("speed_controls", "partials/speed/controls.html", CONSOLE, shown=_speed_shown)
def _speed(workshop: Workshop, _room: Room) -> dict:
    return {"workshop": workshop, "speed": speed_console.speed_console(workshop)}


SPEED_PANEL = ("console_speed", "speed_controls")
for _fact in (
    events.speed_plan_changed,
    events.speed_round_changed,
    events.speed_people_changed,
    events.agenda_advanced,
    events.agenda_edited,
    events.activity_edited,
):
    refresh_on(_fact, *SPEED_PANEL)
refresh_on(events.follow_ups_changed, "console_speed")
refresh_on(events.roster_changed, "console_speed")
refresh_on(events.groups_changed, "console_speed")
refresh_on(events.speed_plan_changed, "screen_stage", "phone_stage", when=_on_screen)
refresh_on(events.speed_round_changed, "screen_stage", "phone_stage", when=_on_screen)
