"""Phones: join with the code, follow the workshop, come back after any drop."""

import uuid

from flask import Blueprint, current_app, g, redirect, render_template, request, session, url_for

from workshop import access
from workshop.extensions import limiter
from workshop.services import roster, workshops
from workshop.services.errors import FormErrors, NotFound
from workshop.views.context import stage_context

bp = Blueprint("participate", __name__)


def _join_limit() -> str:
    return current_app.config["JOIN_RATE_LIMIT"]


def _failed(response) -> bool:
    """Only refused codes count against the guessing limit."""
    return response.status_code in (404, 422)


@bp.post("/j")
@limiter.limit(_join_limit, deduct_when=_failed)
def find_workshop():
    """Go from a typed code to the workshop's join form."""
    typed = request.form.get("code", "")
    try:
        workshop = workshops.find_by_code(typed, open_only=True)
    except NotFound:
        return render_template("home/index.html", code=typed[:20], error="unknown_code"), 404
    return redirect(url_for("participate.join_form", code=workshop.join_code))


@bp.get("/j/<code>")
@limiter.limit(_join_limit, deduct_when=_failed)
def join_form(code: str):
    """The join form, reached by typing the code or scanning the QR code."""
    workshop = workshops.find_by_code(code, open_only=True)
    if access.participant_in(workshop):
        return redirect(url_for("participate.phone", code=workshop.join_code))
    g.locale = access.browser_locale()
    form = {"join_key": uuid.uuid4().hex}
    return render_template("participate/join.html", workshop=workshop, form=form, errors={})


@bp.post("/j/<code>")
@limiter.limit(_join_limit, deduct_when=_failed)
def join(code: str):
    """Join the workshop (or update one's details) and land on the live page."""
    workshop = workshops.find_by_code(code, open_only=True)
    locale = _chosen_locale()
    try:
        person, secret = roster.join_workshop(
            workshop, request.form, locale, already=access.participant_in(workshop)
        )
    except FormErrors as error:
        page = render_template(
            "participate/join.html", workshop=workshop, form=request.form, errors=error.fields
        )
        return page, 422
    access.bind_participant(workshop, person)
    if secret:
        session[f"rejoin-{workshop.id}"] = secret
    return redirect(url_for("participate.phone", code=workshop.join_code))


def _chosen_locale() -> str:
    chosen = request.form.get("lang")
    if chosen in current_app.config["LANGUAGES"]:
        session["lang"] = chosen
    return access.browser_locale()


@bp.get("/p/<code>")
def phone(code: str):
    """The participant's live page: it follows the current activity."""
    workshop = workshops.find_by_code(code)
    person = access.participant_in(workshop)
    if person is None:
        return redirect(url_for("participate.join_form", code=workshop.join_code))
    g.locale = person.locale
    rejoin_secret = session.get(f"rejoin-{workshop.id}")
    return render_template(
        "participate/phone.html",
        person=person,
        rejoin_secret=rejoin_secret,
        **stage_context(workshop, person.group_id),
    )


@bp.post("/p/<code>/lang")
def choose_language(code: str):
    """Switch this phone's language; its pushes follow."""
    workshop = workshops.find_by_code(code)
    person = access.participant_in(workshop)
    lang = request.form.get("lang")
    if person is not None and lang in current_app.config["LANGUAGES"]:
        session["lang"] = lang
        roster.set_locale(person, lang)
    return redirect(url_for("participate.phone", code=workshop.join_code))


@bp.get("/r/<secret>")
def rejoin(secret: str):
    """A personal rejoin link: the same participant on a new browser, counted once."""
    person = roster.rejoin(secret)
    workshop = workshops.get_workshop(person.workshop_id)
    access.bind_participant(workshop, person)
    session[f"rejoin-{workshop.id}"] = secret
    return redirect(url_for("participate.phone", code=workshop.join_code))
