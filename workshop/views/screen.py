"""The projector view: nobody touches it; it follows the workshop by itself."""

from flask import Blueprint, g, render_template

from workshop.presenters.stage import roster_context, stage_context
from workshop.services import workshops
from workshop.web import access

bp = Blueprint("screen", __name__)


@bp.get("/s/<key>")
def show(key: str):
    """The full-screen projector view, in the workshop's language."""
    workshop = workshops.find_by_screen_key(key)
    access.grant_screen(workshop)
    g.locale = workshop.language
    return render_template(
        "screen/show.html", **{**stage_context(workshop), **roster_context(workshop)}
    )
