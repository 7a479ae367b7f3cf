"""The facilitator's work on answers: moderate cards, type paper answers, syntheses, undo."""

from flask import Blueprint, render_template, request, url_for
from flask_babel import gettext as _

from workshop.domain.visibility import is_plenary
from workshop.presenters.boards import board_context
from workshop.services import boards, roster
from workshop.services.refusals import FormErrors, Refused
from workshop.views import participate
from workshop.views.respond import editor, form_again, regions
from workshop.web.access import facilitated_workshop

bp = Blueprint("boards", __name__, url_prefix="/w/<code>/boards/<int:activity_id>")


def _load(code: str, activity_id: int):
    workshop = facilitated_workshop(code)
    return workshop, boards.board_activity(workshop, activity_id)


def _done(workshop):
    return regions(workshop, "console_board", "console_parallel", extra=editor())


def _tools_context(workshop, activity, card, errors=None) -> dict:
    context = board_context(workshop, moderation=True)
    return {
        "workshop": workshop,
        "activity": activity,
        "card": card,
        "boards": context["boards"],
        "errors": errors or {},
        "comments": boards.comments_of(activity).get(card.id, []),
    }


@bp.get("/cards/<int:card_id>")
def card_tools(code: str, activity_id: int, card_id: int):
    """Every moderation tool for one card, in the editor."""
    workshop, activity = _load(code, activity_id)
    card = boards.find_card(activity, card_id)
    return render_template(
        "partials/boards/card_tools.html", **_tools_context(workshop, activity, card)
    )


@bp.post("/cards/<int:card_id>/rename")
def rename_card(code: str, activity_id: int, card_id: int):
    """Rename a card."""
    workshop, activity = _load(code, activity_id)
    try:
        form = request.form
        boards.rename_card(workshop, activity, card_id, form.get("text"), form.get("version"))
    except FormErrors as error:
        card = boards.find_card(activity, card_id)
        return form_again(
            "partials/boards/card_tools.html",
            422,
            "#editor",
            **_tools_context(workshop, activity, card, error.fields),
        )
    return _done(workshop)


@bp.post("/cards/<int:card_id>/flag")
def flag_card(code: str, activity_id: int, card_id: int):
    """Hide or show, pin or unpin, make a vote candidate or not."""
    workshop, activity = _load(code, activity_id)
    value = request.form.get("value") == "1"
    boards.set_flag(workshop, activity, card_id, request.form.get("flag", ""), value)
    return _done(workshop)


@bp.post("/cards/<int:card_id>/move")
def move_card(code: str, activity_id: int, card_id: int):
    """Move a card to another group or column, or up and down."""
    workshop, activity = _load(code, activity_id)
    boards.move_card(workshop, activity, card_id, request.form)
    return _done(workshop)


@bp.post("/cards/<int:card_id>/merge")
def merge_cards(code: str, activity_id: int, card_id: int):
    """Merge other headings into this one; say so, with its undo at hand."""
    workshop, activity = _load(code, activity_id)
    card = boards.find_card(activity, card_id)
    action = boards.merge_cards(workshop, activity, card_id, request.form.getlist("source_ids"))
    return _noticed(workshop, activity, action, card.text)


@bp.post("/cards/<int:card_id>/delete")
def delete_card(code: str, activity_id: int, card_id: int):
    """Delete a card (undoable); say so, with its undo at hand."""
    workshop, activity = _load(code, activity_id)
    card = boards.find_card(activity, card_id)
    action = boards.delete_card(workshop, activity, boards.FACILITATOR, card_id)
    return _noticed(workshop, activity, action, card.text)


def _noticed(workshop, activity, action, text: str):
    """Answer a merge or a deletion: the board, and a notice with "undo" in the editor."""
    if action is None:
        return _done(workshop)
    notice = render_template(
        "partials/boards/moderation_notice.html",
        workshop=workshop,
        activity=activity,
        action=action,
        text=text,
    )
    return regions(workshop, "console_board", extra=editor(notice))


@bp.post("/cards")
def add_card(code: str, activity_id: int):
    """Add a heading or sub-point as the facilitator."""
    workshop, activity = _load(code, activity_id)
    boards.add_card(workshop, activity, boards.FACILITATOR, request.form)
    return _done(workshop)


def _quick_context(workshop, activity, form, errors=None) -> dict:
    """The console's quick-entry form for the group chosen in `form` (default: the first)."""
    plenary = is_plenary(activity.settings, bool(workshop.groups))
    choices = [("", _("Everyone"))] if plenary else [(g.id, g.name) for g in workshop.groups]
    asked = str(form.get("group_id") or "")
    group_id = next((v for v, _n in choices if str(v) == asked), choices[0][0])
    members = None
    if not plenary:
        members = [p for p in roster.roster(workshop) if p.group_id == group_id]
    return {
        "workshop": workshop,
        "activity": activity,
        "choices": choices,
        "group_id": group_id,
        "columns": boards.columns_of(activity, group_id or None),
        "members": members,
        "reporter_id": boards.reporters_of(activity).get(group_id),
        "form": form,
        "errors": errors or {},
        "action": url_for("boards.quick_entry", code=workshop.join_code, activity_id=activity.id),
        "reload": url_for(
            "boards.quick_entry_form", code=workshop.join_code, activity_id=activity.id
        ),
        "phone": False,
    }


@bp.get("/quick")
def quick_entry_form(code: str, activity_id: int):
    """The form to type a group's paper answers (shown again for another group)."""
    workshop, activity = _load(code, activity_id)
    context = _quick_context(workshop, activity, request.args)
    return render_template("partials/boards/quick_entry.html", **context)


@bp.post("/quick")
def quick_entry(code: str, activity_id: int):
    """Create a group's answers from outlines: headings, and indented sub-points."""
    workshop, activity = _load(code, activity_id)
    try:
        boards.quick_entry(workshop, activity, request.form)
    except FormErrors as error:
        context = _quick_context(workshop, activity, request.form, error.fields)
        return form_again("partials/boards/quick_entry.html", 422, "#editor", **context)
    return _done(workshop)


@bp.post("/reporter")
def set_reporter(code: str, activity_id: int):
    """Designate the member of a group who types its answers from their own device."""
    workshop, activity = _load(code, activity_id)
    boards.set_reporter(workshop, activity, request.form)
    context = _quick_context(workshop, activity, request.form)
    return regions(workshop, "console_board", extra=_editor(context))


def _editor(context: dict) -> str:
    return editor(render_template("partials/boards/quick_entry.html", **context))


# ---- a group's reporter, on their own phone or laptop (routes of participate.bp) ------


def _reporter(code: str):
    """Load the phone's participant and the open board, and refuse anyone but the reporter."""
    workshop, person, activity = participate._participant_board(code)
    boards.check_reporter(workshop, activity, person)
    return workshop, person, activity


def _reporter_context(workshop, person, activity, form, errors=None, saved=0) -> dict:
    group = next(g for g in workshop.groups if g.id == person.group_id)
    action = url_for("participate.reporter_quick_entry", code=workshop.join_code)
    return {
        "workshop": workshop,
        "activity": activity,
        "group_name": group.name,
        "group_id": group.id,
        "columns": boards.columns_of(activity, group.id),
        "form": form,
        "errors": errors or {},
        "action": action,
        "saved": saved,
    }


@participate.bp.get("/p/<code>/reporter/link")
def reporter_link(code: str):
    """The button to the quick entry, for the group's reporter only (nothing for others)."""
    try:  # a late load (the agenda moved on) quietly shows nothing: no refusal to flash
        workshop, person, activity = participate._participant_board(code)
    except Refused:
        return render_template("partials/boards/reporter_link.html", code=code, reporter=False)
    mine = boards.is_reporter(activity, person) and boards.is_open(workshop, activity)
    return render_template("partials/boards/reporter_link.html", code=code, reporter=mine)


@participate.bp.get("/p/<code>/reporter")
def reporter_page(code: str):
    """A reporter's page: their group's quick-entry form, keyboard-first."""
    workshop, person, activity = _reporter(code)
    context = _reporter_context(workshop, person, activity, {})
    return render_template("boards/reporter.html", **context)


@participate.bp.post("/p/<code>/reporter")
def reporter_quick_entry(code: str):
    """Type one's group's paper answers as its reporter (the same service as the console)."""
    workshop, person, activity = _reporter(code)
    try:
        cards = boards.quick_entry(workshop, activity, request.form, boards.Actor(person))
    except FormErrors as error:
        context = _reporter_context(workshop, person, activity, request.form, error.fields)
        return render_template("partials/boards/reporter_entry.html", **context), 422
    context = _reporter_context(workshop, person, activity, {}, saved=len(cards))
    return render_template("partials/boards/reporter_entry.html", **context)


@bp.post("/comments")
def add_comment(code: str, activity_id: int):
    """Comment on a card or on the whole activity."""
    workshop, activity = _load(code, activity_id)
    boards.add_comment(workshop, activity, request.form)
    return _done(workshop)


@bp.post("/comments/<int:comment_id>/delete")
def delete_comment(code: str, activity_id: int, comment_id: int):
    """Delete a comment."""
    workshop, activity = _load(code, activity_id)
    boards.delete_comment(workshop, activity, comment_id)
    return _done(workshop)


@bp.get("/synthesis")
def synthesis_form(code: str, activity_id: int):
    """The form that writes one group's synthesis."""
    workshop, activity = _load(code, activity_id)
    group_id = request.args.get("group_id") or None
    text = boards.syntheses_of(activity).get(int(group_id) if group_id else None, "")
    return render_template(
        "partials/boards/synthesis_form.html",
        workshop=workshop,
        activity=activity,
        group_id=group_id,
        text=text,
    )


@bp.post("/synthesis")
def save_synthesis(code: str, activity_id: int):
    """Save one group's synthesis."""
    workshop, activity = _load(code, activity_id)
    boards.save_synthesis(
        workshop, activity, request.form.get("group_id"), request.form.get("text")
    )
    return _done(workshop)


@bp.post("/state")
def set_state(code: str, activity_id: int):
    """Close or reopen writing, reveal private answers, choose what the projector shows."""
    workshop, activity = _load(code, activity_id)
    boards.set_board_state(workshop, activity, request.form)
    return regions(workshop, "console_board", "console_parallel", "live_bar", extra=editor())


@bp.get("/log")
def moderation_log(code: str, activity_id: int):
    """Every moderation action of the activity, newest first, with undo buttons."""
    workshop, activity = _load(code, activity_id)
    return render_template(
        "partials/boards/moderation_log.html",
        workshop=workshop,
        activity=activity,
        log=boards.moderation_log(activity),
    )


@bp.post("/undo/<int:action_id>")
def undo(code: str, activity_id: int, action_id: int):
    """Undo one moderation action."""
    workshop, activity = _load(code, activity_id)
    boards.undo_action(workshop, activity, action_id)
    return _done(workshop)
