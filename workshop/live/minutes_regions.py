"""Live regions of the minutes page: its preview and whether the minutes are draft or final.

The minutes page is a console page: a co-facilitator's second copy of it follows every
save made on another (free texts, sections, next workshop, actions: *minutes edited*; the
draft or final status: *minutes status changed*). Only the preview (an iframe of the print
view, reloaded with a new stamp) and the status panel are pushed. The edit forms are not:
a push must never replace a textarea someone is typing in, so they change only in answer
to their own page.
"""

from workshop import events
from workshop.db import utcnow
from workshop.live.regions import CONSOLE, Room, refresh_on, region
from workshop.models import Workshop


def preview_stamp() -> str:
    """A fresh query-string value, so the preview's iframe loads the print view again."""
    return utcnow().strftime("%H%M%S%f")


@region("minutes_status", "partials/minutes/status.html", CONSOLE)
def _status(workshop: Workshop, _room: Room) -> dict:
    from workshop.services.minutes import minutes_record

    # `pushed`: no CSRF token in the form (a push is rendered once for a whole room;
    # htmx sends the page's own token in a header).
    return {"workshop": workshop, "record": minutes_record(workshop), "pushed": True}


@region("minutes_preview", "partials/minutes/preview.html", CONSOLE)
def _preview(workshop: Workshop, _room: Room) -> dict:
    return {"workshop": workshop, "stamp": preview_stamp()}


# The status panel holds a button: it is replaced only when the status changed, so a click
# on it is never lost to a push that an unrelated save caused a moment before.
refresh_on(events.minutes_edited, "minutes_preview")
refresh_on(events.minutes_status_changed, "minutes_status", "minutes_preview")
