"""How views answer an htmx action: the regions it changed, swapped out of band."""

from flask import make_response, redirect, render_template, url_for
from flask_babel import get_locale

from workshop.domain.visibility import Audience
from workshop.extensions import htmx
from workshop.models import Workshop
from workshop.presenters.regions import REGIONS, Room


def regions(workshop: Workshop, *names: str, extra: str = ""):
    """Answer a console action with fresh copies of regions (and `extra` HTML).

    Without htmx (a plain form post) it goes back to the console instead.
    """
    if not htmx:
        return redirect(url_for("facilitate.console", code=workshop.join_code))
    room = Room(workshop.id, Audience.CONSOLE, str(get_locale()))
    html = "".join(
        render_template(REGIONS[n].template, oob=True, **REGIONS[n].context(workshop, room))
        for n in names
    )
    return make_response(html + extra)


def form_again(template: str, status: int, target: str, **context):
    """Show a form again with its errors, in place of the editor it came from."""
    response = make_response(render_template(template, **context), status)
    if htmx:
        response.headers["HX-Retarget"] = target
        response.headers["HX-Reswap"] = "innerHTML"
    return response
