"""Live regions: a partial with a stable id, which audiences see it, and what fills it.

Each region is one template in templates/partials/; the page includes it, an htmx
action may answer with it, and the broadcaster pushes it. A region's context is
built from the workshop alone: a push renders it once for a whole room.
"""

from collections.abc import Callable
from dataclasses import dataclass

from workshop import events
from workshop.models import Workshop

SCREEN, CONSOLE, PHONE = "screen", "console", "phone"


@dataclass(frozen=True)
class Region:
    name: str
    template: str
    audiences: tuple[str, ...]
    context: Callable[[Workshop], dict]


REGIONS: dict[str, Region] = {}


def region(name: str, template: str, *audiences: str):
    """Register the decorated context builder as the region `name`."""

    def register(build: Callable[[Workshop], dict]):
        REGIONS[name] = Region(name, template, audiences, build)
        return build

    return register


def regions_for(audience: str) -> list[Region]:
    return [r for r in REGIONS.values() if audience in r.audiences]


# Which regions each event makes stale.
STALE_AFTER = {
    events.workshop_updated: ("screen_stage", "phone_stage", "console_agenda"),
    events.agenda_edited: ("console_agenda",),
    events.agenda_advanced: ("screen_stage", "phone_stage"),
    events.timer_changed: ("screen_stage", "phone_stage", "console_agenda"),
    events.roster_changed: ("presence_count", "roster"),
}


def _stage(workshop: Workshop) -> dict:
    from workshop.views.context import stage_context

    return stage_context(workshop)


def _roster(workshop: Workshop) -> dict:
    from workshop.views.context import roster_context

    return roster_context(workshop)


def _agenda(workshop: Workshop) -> dict:
    from workshop.views.context import agenda_context

    return agenda_context(workshop)


region("screen_stage", "partials/screen/screen_stage.html", SCREEN)(_stage)
region("phone_stage", "partials/phone/phone_stage.html", PHONE)(_stage)
region("presence_count", "partials/roster/presence_count.html", SCREEN, CONSOLE)(_roster)
region("roster", "partials/roster/roster.html", CONSOLE)(_roster)
region("console_agenda", "partials/agenda/console_agenda.html", CONSOLE)(_agenda)
