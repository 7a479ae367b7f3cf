"""How views answer an htmx action: the regions it changed, swapped out of band."""

from flask import make_response, redirect, render_template, url_for
from flask_babel import get_locale
from markupsafe import Markup

from workshop.domain.visibility import Audience
from workshop.extensions import htmx
from workshop.models import Workshop
from workshop.presenters.regions import REGIONS, Room
from workshop.services.refusals import Refused
from workshop.web.errors import refused


def regions(workshop: Workshop, *names: str, extra: str = ""):
    """Answer a console action with fresh copies of regions (and `extra` HTML).

    Without htmx (a plain form post) it goes back to the console instead.
    """
    if not htmx:
        return redirect(url_for("facilitate.console", code=workshop.join_code))
    return make_response(_console_regions(workshop, names) + extra)


def editor(html: str = "") -> str:
    """The console's editor, swapped out of band: emptied, or holding `html` (a rendered
    template, escaped there: kept as markup, not shown as text)."""
    content = Markup(html)  # nosec B704  # rendered (autoescaped) template output
    return render_template("partials/facilitate/editor.html", content=content, oob=True)


def refused_with_regions(error: Refused, workshop: Workshop, *names: str):
    """Answer a refused console action with its message and fresh copies of regions: a
    console that acted on what it showed, when that was no longer so, sees where things
    stand now (nothing changed, so no push would redraw it)."""
    response = refused(error)
    if htmx:
        response.set_data(response.get_data(as_text=True) + _console_regions(workshop, names))
    return response


def _console_regions(workshop: Workshop, names) -> str:
    room = Room(workshop.id, Audience.CONSOLE, str(get_locale()))
    return "".join(
        render_template(REGIONS[n].template, oob=True, **REGIONS[n].context(workshop, room))
        for n in names
    )


def form_again(template: str, status: int, target: str, **context):
    """Show a form again with its errors, in place of the editor it came from."""
    response = make_response(render_template(template, **context), status)
    if htmx:
        response.headers["HX-Retarget"] = target
        response.headers["HX-Reswap"] = "innerHTML"
    return response
