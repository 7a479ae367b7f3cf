"""Phones: join with the code, follow the workshop, come back after any drop."""

import uuid

from flask import (
    Blueprint,
    abort,
    current_app,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)

from workshop.domain.codes import normalise_join_code
from workshop.domain.visibility import Audience
from workshop.extensions import htmx
from workshop.kinds import get_kind
from workshop.presenters.boards import board_context
from workshop.presenters.stage import stage_context
from workshop.services import boards, groups, roster, workshops
from workshop.services.refusals import Conflict, Forbidden, FormErrors, NotFound, Refused
from workshop.web import access, floods, guesses
from workshop.web.errors import log_refusal, refusal, status_of
from workshop.web.messages import message

bp = Blueprint("participate", __name__)


@bp.before_request
def _slow_down_floods():
    """Floods from one phone get a clear "wait" answer; other participants are unaffected."""
    if (
        request.method == "POST"
        and access.participations()
        and not floods.allow(access.actions_key())
    ):
        abort(429)


def _limits_guessing(view):
    """Join-code guessing: the three join routes spend one budget, only by wrong or ended
    codes (404), never by a mistake in a valid code's form (web/guesses.py)."""
    return guesses.per_address(guesses.per_browser(view))


@bp.post("/j")
@_limits_guessing
def find_workshop():
    """Go from a typed code to the workshop's join form."""
    typed = request.form.get("code", "")
    try:
        workshop = workshops.find_by_code(typed, open_only=True)
    except NotFound:
        log_refusal("unknown_code", 404)
        return render_template("home/index.html", code=typed[:20], error="unknown_code"), 404
    return redirect(url_for("participate.join_form", code=workshop.join_code))


@bp.get("/j/<code>")
@_limits_guessing
def join_form(code: str):
    """The join form, reached by typing the code or scanning the QR code."""
    workshop = workshops.find_by_code(code, open_only=True)
    if access.participant_in(workshop):
        return redirect(url_for("participate.phone", code=workshop.join_code))
    g.locale = access.browser_locale()
    if not workshop.joining_open:
        raise Conflict("joining_closed")
    form = {"join_key": uuid.uuid4().hex}
    return render_template("participate/join.html", workshop=workshop, form=form, errors={})


@bp.post("/j/<code>")
@_limits_guessing
def join(code: str):
    """Join the workshop (or update one's details) and land on the live page."""
    workshop = workshops.find_by_code(code, open_only=True)
    already = access.participant_in(workshop)
    # A re-sent join form keeps the language the phone chose on its live page.
    locale = already.locale if already else _chosen_locale()
    if already is None and not floods.reserve_join(workshop.id):
        return refusal("join_flood", 429)  # a flood of new people; those in are never held
    try:
        person, secret = roster.join_workshop(workshop, request.form, locale, already=already)
    except FormErrors as error:
        _release(already, workshop)
        return _join_again(workshop, errors=error.fields), 422
    except roster.SameName as twin:
        _release(already, workshop)
        return _join_again(workshop, same_name=twin.person), 409
    except BaseException:
        _release(already, workshop)
        raise
    access.bind_participant(workshop, person)
    if secret:
        session[f"rejoin-{workshop.id}"] = secret
    return redirect(url_for("participate.phone", code=workshop.join_code))


def _release(already, workshop) -> None:
    """A new phone's join failed: it does not count against the joining limits."""
    if already is None:
        floods.release_join(workshop.id)


def _join_again(workshop, errors=None, same_name=None) -> str:
    """The join form again, as typed: with its errors, or asking "is it you?"."""
    form = request.form.to_dict()
    return render_template(
        "participate/join.html",
        workshop=workshop,
        form=form,
        errors=errors or {},
        same_name=same_name,
    )


def _chosen_locale() -> str:
    chosen = request.form.get("lang")
    if chosen in current_app.config["LANGUAGES"]:
        session["lang"] = chosen
    return access.browser_locale()


@bp.get("/p/<code>")
def phone(code: str):
    """The participant's live page: it follows the current activity."""
    try:
        workshop, person = access.participant_workshop(code)
    except Forbidden:  # not joined, or no such code: the join form tells (and limits)
        return redirect(url_for("participate.join_form", code=_canonical(code)))
    g.locale = person.locale
    rejoin_secret = session.get(f"rejoin-{workshop.id}")
    return render_template(
        "participate/phone.html",
        person=person,
        rejoin_secret=rejoin_secret,
        **stage_context(workshop, person.group_id, Audience.PHONE),
    )


@bp.post("/p/<code>/lang")
def choose_language(code: str):
    """Switch this phone's language; its pushes follow."""
    try:
        workshop, person = access.participant_workshop(code)
    except Forbidden:  # the phone page sends it to the join form, live code or not
        return redirect(url_for("participate.phone", code=_canonical(code)))
    lang = request.form.get("lang")
    if lang in current_app.config["LANGUAGES"]:
        session["lang"] = lang
        roster.set_locale(person, lang)
    return redirect(url_for("participate.phone", code=workshop.join_code))


def _canonical(code: str) -> str:
    """The code as a live one would be spelled, so a redirect never tells them apart."""
    return normalise_join_code(code) or code


@bp.get("/r/<secret>")
def rejoin(secret: str):
    """A personal rejoin link: the same participant on a new browser, counted once."""
    person = roster.rejoin(secret)
    workshop = workshops.get_workshop(person.workshop_id)
    access.bind_participant(workshop, person)
    session[f"rejoin-{workshop.id}"] = secret
    return redirect(url_for("participate.phone", code=workshop.join_code))


# ---- cards (scenario and brainstorm answers) -------------------------------------------


def _participant_board(code: str):
    """Load the workshop, the phone's participant and the board they write on, or refuse."""
    workshop, person = access.participant_workshop(code)
    activity = workshop.activity_for_group(person.group_id)  # groups may run in parallel
    if activity is None or not get_kind(activity.kind).uses_board or not workshop.is_live:
        raise Conflict("activity_closed")
    g.locale = person.locale
    return workshop, person, activity


def _composer(workshop, person, **extra):
    context = board_context(workshop, person.group_id)
    return render_template(
        "partials/boards/composer.html",
        code=workshop.join_code,
        board=context["board"],
        parent=extra.pop("parent", None),
        card=extra.pop("card", None),
        **extra,
    )


def _my_board(workshop, person) -> str:
    """The phone's own view of the board, swapped out of band after its own action."""
    context = board_context(workshop, person.group_id)
    if context.get("private"):
        return render_template(
            "partials/boards/my_cards.html",
            oob=True,
            **context,
            cards=boards.own_cards(context["activity"], person),
            merged=boards.merged_cards(context["activity"], person),
        )
    return render_template("partials/boards/phone_board.html", oob=True, **context)


@bp.get("/p/<code>/cards/new")
def new_card_form(code: str):
    """The composer: a new heading, or a sub-point under `parent_id`."""
    workshop, person, activity = _participant_board(code)
    parent = (
        boards.find_card(activity, request.args["parent_id"])
        if request.args.get("parent_id")
        else None
    )
    return _composer(workshop, person, parent=parent)


@bp.get("/p/<code>/cards/<int:card_id>/edit")
def edit_card_form(code: str, card_id: int):
    """The composer, editing one of one's own cards."""
    workshop, person, activity = _participant_board(code)
    card = boards.find_card(activity, card_id)
    if card.author_id != person.id:
        raise Forbidden()
    return _composer(workshop, person, card=card)


@bp.post("/p/<code>/cards")
def add_card(code: str):
    """Add a heading or a sub-point for one's group; answers with a fresh composer."""
    workshop, person, activity = _participant_board(code)
    try:
        card = boards.add_card(workshop, activity, boards.Actor(person), request.form)
    except FormErrors as error:
        code_, params = next(iter(error.fields.values()))
        asked = request.form.get("column")  # kept if it is one of the board's (composer.html)
        return _composer(workshop, person, error=message(code_, **params), column=asked), 422
    # The next heading goes where this one (or the heading of this sub-point) went.
    composer = _composer(workshop, person, saved=True, column=card.column)
    return composer + _my_board(workshop, person)


@bp.post("/p/<code>/cards/<int:card_id>")
def edit_card(code: str, card_id: int):
    """Change the text of one's own card (refused if it changed meanwhile)."""
    workshop, person, activity = _participant_board(code)
    try:
        boards.edit_card(workshop, activity, boards.Actor(person), card_id, request.form)
    except FormErrors as error:
        code_, params = next(iter(error.fields.values()))
        card = boards.find_card(activity, card_id)
        return _composer(workshop, person, card=card, error=message(code_, **params)), 422
    except Refused as error:  # changed meanwhile: show the current text, keep theirs
        if error.code != "changed_meanwhile":
            raise
        card = boards.find_card(activity, card_id)
        typed = str(request.form.get("text") or "")[:2000]
        return _composer(workshop, person, card=card, typed=typed), 409
    return _composer(workshop, person, saved=True) + _my_board(workshop, person)


@bp.post("/p/<code>/cards/<int:card_id>/delete")
def delete_card(code: str, card_id: int):
    """Delete one's own card."""
    workshop, person, activity = _participant_board(code)
    boards.delete_card(workshop, activity, boards.Actor(person), card_id)
    return _composer(workshop, person, saved=True) + _my_board(workshop, person)


@bp.get("/p/<code>/my-cards")
def my_cards(code: str):
    """One's own cards: the private view, or the list to pick one to edit."""
    workshop, person, activity = _participant_board(code)
    context = board_context(workshop, person.group_id)
    return render_template(
        "partials/boards/my_cards.html",
        **context,
        cards=boards.own_cards(activity, person),
        merged=boards.merged_cards(activity, person),
    )


@bp.post("/p/<code>/group")
def choose_group(code: str):
    """Pick one's sub-group, while the facilitator lets participants choose."""
    workshop, person = access.participant_workshop(code)
    g.locale = person.locale
    try:
        groups.choose_group(workshop, person, request.form.get("group_id"))
    except Refused as error:
        if not htmx:
            raise
        return _phone_stage(
            workshop, person, choice_error=message(error.code, **error.params)
        ), status_of(error)
    if not htmx:
        return redirect(url_for("participate.phone", code=workshop.join_code))
    return _phone_stage(workshop, person)


def _phone_stage(workshop, person, **extra) -> str:
    """The phone's stage as its (new) group sees it: the answer to choosing a group."""
    context = stage_context(workshop, person.group_id, Audience.PHONE)
    return render_template("partials/phone/phone_stage.html", **context, **extra)
