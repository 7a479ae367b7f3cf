"""The facilitator's console: build the agenda, lead it live, keep the roster."""

from flask import Blueprint, abort, make_response, redirect, render_template, request, url_for
from markupsafe import Markup

from workshop.domain.visibility import Audience
from workshop.extensions import htmx
from workshop.kinds import KINDS
from workshop.presenters.boards import board_context
from workshop.presenters.parallel import console_parallel_context
from workshop.presenters.speed_console import speed_console
from workshop.presenters.stage import (
    access_context,
    agenda_context,
    join_url,
    live_bar_context,
    qr_svg,
    roster_context,
    screen_url,
)
from workshop.presenters.votes import console_vote, vote_view
from workshop.services import agenda, groups, roster, voting, workshops
from workshop.services.refusals import Conflict, FormErrors
from workshop.views.respond import editor, form_again, refused_with_regions, regions
from workshop.web import access
from workshop.web.access import facilitated_workshop

bp = Blueprint("facilitate", __name__)
EDITOR = "#editor"
# What a move of the agenda changes on the console: the answer carries them all, so the
# page never shows the new bar beside the old activity's panels until the push arrives.
ON_SCREEN_CHANGED = ("live_bar", "console_agenda", "console_board", "console_vote")


@bp.get("/f/<secret>")
def open_console(secret: str):
    """Open a workshop from its secret facilitator link, on any device."""
    workshop = workshops.find_by_facilitator_secret(secret)
    access.grant_facilitator(workshop)
    return redirect(url_for("facilitate.console", code=workshop.join_code))


@bp.get("/w/<code>/console")
def console(code: str):
    """The console: agenda and live controls, roster, settings."""
    return console_page(facilitated_workshop(code))


def console_page(workshop, **extra):
    """The console page of a workshop; `extra` goes to its template (`plan_error`: why a
    plan applied from the empty agenda was refused)."""
    context = {
        **board_context(workshop, moderation=True),
        **agenda_context(workshop),
        **roster_context(workshop),
        "vote": vote_view(workshop, console_vote(workshop), Audience.CONSOLE),
        **voting.follow_up_links(workshop),  # issue 5: links to/from follow-ups
        "speed": speed_console(workshop),
        **console_parallel_context(workshop),  # groups running activities in parallel
        **access_context(workshop),
        # Rendered on its own: its `vote` and timer are the on-screen activity's, which the
        # page's `vote` (the last or next vote) need not be.
        "live_bar": Markup(  # nosec B704  # rendered template output, escaped there
            render_template("partials/facilitate/live_bar.html", **live_bar_context(workshop))
        ),
    }
    return render_template(
        "facilitate/console.html", join_url=join_url(workshop), **context, **extra
    )


@bp.post("/w/<code>/logout")
def logout(code: str):
    """Log out: every browser's console cookie for this workshop stops working."""
    workshop = facilitated_workshop(code)
    access.forget_facilitator(workshop)
    workshops.revoke_facilitator_grants(workshop)
    return redirect(url_for("home.index"))


@bp.get("/w/<code>/screen")
def open_screen(code: str):
    """Open the projector view of this workshop."""
    workshop = facilitated_workshop(code)
    return redirect(url_for("screen.show", key=workshop.screen_key))


@bp.get("/w/<code>/screen-qr.svg")
def screen_qr(code: str):
    """The QR code of the projector link, for the computer wired to the projector."""
    workshop = facilitated_workshop(code)
    response = make_response(qr_svg(screen_url(workshop)))
    response.headers["Content-Type"] = "image/svg+xml"
    response.headers["Cache-Control"] = "no-store"  # it holds a secret, and it changes
    return response


@bp.post("/w/<code>/links/screen")
def replace_screen_link(code: str):
    """Replace the projector link: screens opened with the old one stop at once."""
    workshop = facilitated_workshop(code)
    workshops.replace_screen_link(workshop)
    return regions(workshop, "access_links")


@bp.post("/w/<code>/links/facilitator")
def replace_facilitator_link(code: str):
    """Replace the facilitator link: the old one and every other browser's cookie stop
    working; this browser stays in, and is shown the new link once."""
    workshop = facilitated_workshop(code)
    secret = workshops.replace_facilitator_link(workshop)
    access.grant_facilitator(workshop)
    html = render_template("partials/facilitate/new_link.html", workshop=workshop, secret=secret)
    return regions(workshop, "access_links", extra=editor(html))


@bp.post("/w/<code>/settings")
def update_settings(code: str):
    """Save the workshop's settings."""
    workshop = facilitated_workshop(code)
    try:
        workshops.update_workshop(workshop, request.form)
    except FormErrors as error:
        return form_again(
            "partials/facilitate/settings_form.html",
            422,
            "#settings",
            workshop=workshop,
            form=request.form,
            errors=error.fields,
        )
    return regions(workshop, "console_agenda", extra=_settings_saved(workshop))


def _settings_saved(workshop):
    return render_template(
        "partials/facilitate/settings_form.html",
        workshop=workshop,
        form=None,
        errors={},
        saved=True,
        oob=True,
    )


# ---- agenda -------------------------------------------------------------------------


@bp.post("/w/<code>/activities")
def add_activity(code: str):
    """Append an activity to the agenda."""
    workshop = facilitated_workshop(code)
    try:
        agenda.add_activity(workshop, request.form)
    except FormErrors as error:
        return _activity_form_again(workshop, None, error, request.form.get("kind"))
    return regions(workshop, "console_agenda", extra=editor())


@bp.get("/w/<code>/activities/new")
def new_activity(code: str):
    """The form for a new activity of one kind."""
    workshop = facilitated_workshop(code)
    kind = request.args.get("kind", "instruction")
    if kind not in KINDS:
        abort(404)
    return render_template(
        "partials/facilitate/activity_form.html",
        workshop=workshop,
        activity=None,
        kind=KINDS[kind],
        form={},
        errors={},
    )


@bp.get("/w/<code>/activities/<int:activity_id>/edit")
def edit_activity(code: str, activity_id: int):
    """The form that edits one activity."""
    workshop = facilitated_workshop(code)
    activity = agenda.find_activity(workshop, activity_id)
    return render_template(
        "partials/facilitate/activity_form.html",
        workshop=workshop,
        activity=activity,
        kind=KINDS[activity.kind],
        form=None,
        errors={},
    )


@bp.post("/w/<code>/activities/<int:activity_id>")
def update_activity(code: str, activity_id: int):
    """Save an edited activity."""
    workshop = facilitated_workshop(code)
    try:
        agenda.update_activity(workshop, activity_id, request.form)
    except FormErrors as error:
        activity = agenda.find_activity(workshop, activity_id)
        return _activity_form_again(workshop, activity, error, activity.kind)
    return regions(workshop, "console_agenda", extra=editor())


@bp.post("/w/<code>/activities/groups")
def add_groups_in_form(code: str):
    """Create sub-groups from inside an activity's form (query `activity`: the one being
    edited, none for a new one), and show that form again as typed, with a field for each
    new group's own prompt; a refusal shows it with the reason and creates no group."""
    workshop = facilitated_workshop(code)
    activity_id = request.args.get("activity")
    activity = agenda.find_activity(workshop, activity_id) if activity_id else None
    kind_name = activity.kind if activity else request.form.get("kind", "")
    if kind_name not in KINDS:
        abort(404)
    typed = request.form.copy()
    errors, status = {}, 200
    try:
        groups.add_groups(workshop, request.form)
        for done in ("group_names", "group_count"):  # made: the fields start empty again
            typed.pop(done, None)
    except FormErrors as error:
        errors, status = error.fields, 422
    form = render_template(
        "partials/facilitate/activity_form.html",
        workshop=workshop,
        activity=activity,
        kind=KINDS[kind_name],
        form=typed,
        errors=errors,
    )
    if status != 200 or not htmx:
        return form, status
    return regions(workshop, "roster", extra=form)


def _activity_form_again(workshop, activity, error: FormErrors, kind_name):
    kind = KINDS.get(kind_name or "", KINDS["instruction"])
    return form_again(
        "partials/facilitate/activity_form.html",
        422,
        EDITOR,
        workshop=workshop,
        activity=activity,
        kind=kind,
        form=request.form,
        errors=error.fields,
    )


@bp.post("/w/<code>/activities/<int:activity_id>/move")
def move_activity(code: str, activity_id: int):
    """Move an activity one place up or down."""
    workshop = facilitated_workshop(code)
    delta = -1 if request.form.get("direction") == "up" else 1
    agenda.move_activity(workshop, activity_id, delta)
    return regions(workshop, "console_agenda")


@bp.post("/w/<code>/activities/<int:activity_id>/together")
def run_together(code: str, activity_id: int):
    """Run a group's activity at the same time as the previous one (together=1), or not."""
    workshop = facilitated_workshop(code)
    agenda.run_together(workshop, activity_id, request.form.get("together") == "1")
    return regions(workshop, "console_agenda", "console_parallel")


@bp.post("/w/<code>/activities/<int:activity_id>/delete")
def delete_activity(code: str, activity_id: int):
    """Delete an activity."""
    workshop = facilitated_workshop(code)
    agenda.delete_activity(workshop, activity_id)
    return regions(workshop, "console_agenda", extra=editor())


@bp.post("/w/<code>/start")
def start_workshop(code: str):
    """Start the workshop on its first activity."""
    workshop = facilitated_workshop(code)
    agenda.start_workshop(workshop)
    voting.prepare_on_screen(workshop)  # a vote coming on screen takes its candidates
    return regions(workshop, "live_bar", "console_agenda")


@bp.post("/w/<code>/step")
def step_agenda(code: str):
    """Go to the next or previous activity."""
    workshop = facilitated_workshop(code)
    delta = -1 if request.form.get("direction") == "previous" else 1
    try:
        agenda.step_agenda(workshop, delta, request.form.get("seen"))
    except Conflict as error:  # the console was behind: where the agenda stands now
        return refused_with_regions(error, workshop, *ON_SCREEN_CHANGED)
    voting.prepare_on_screen(workshop)  # a vote coming on screen takes its candidates
    return regions(workshop, *ON_SCREEN_CHANGED)


@bp.post("/w/<code>/activities/<int:activity_id>/go")
def go_to_activity(code: str, activity_id: int):
    """Put any activity on screen."""
    workshop = facilitated_workshop(code)
    agenda.go_to_activity(workshop, activity_id)
    voting.prepare_on_screen(workshop)  # a vote coming on screen takes its candidates
    return regions(workshop, *ON_SCREEN_CHANGED)


@bp.post("/w/<code>/end")
def end_workshop(code: str):
    """End the workshop."""
    workshop = facilitated_workshop(code)
    agenda.end_workshop(workshop)
    return regions(workshop, "live_bar", "console_agenda")


@bp.post("/w/<code>/timer")
def control_timer(code: str):
    """Start, pause, reset or extend by a minute the countdown of the activity on screen,
    or of another live one (`activity`: a group's activity running in parallel)."""
    workshop = facilitated_workshop(code)
    agenda.control_timer(workshop, request.form.get("action", ""), request.form.get("activity"))
    return regions(workshop, "live_bar", "console_parallel")


# ---- roster -------------------------------------------------------------------------


@bp.post("/w/<code>/joining")
def set_joining(code: str):
    """Let new phones join (open=1), or close joining: "room full" (open=0)."""
    workshop = facilitated_workshop(code)
    roster.set_joining(workshop, request.form.get("open") == "1")
    return regions(workshop, "roster")


@bp.post("/w/<code>/people")
def add_person(code: str):
    """Add someone present without a phone."""
    workshop = facilitated_workshop(code)
    try:
        roster.add_person(workshop, request.form)
    except FormErrors as error:
        return _person_form_again(workshop, None, error)
    return regions(workshop, "roster", "presence_count", extra=editor())


@bp.get("/w/<code>/people/new")
def new_person(code: str):
    """The form that adds someone without a phone."""
    workshop = facilitated_workshop(code)
    return render_template(
        "partials/facilitate/person_form.html", workshop=workshop, person=None, form={}, errors={}
    )


@bp.get("/w/<code>/people/<int:person_id>/edit")
def edit_person(code: str, person_id: int):
    """The form that edits someone on the roster."""
    workshop = facilitated_workshop(code)
    person = roster.find_person(workshop, person_id)
    return render_template(
        "partials/facilitate/person_form.html",
        workshop=workshop,
        person=person,
        form=None,
        errors={},
        others=[p for p in roster.roster(workshop) if p.id != person.id],
    )


@bp.post("/w/<code>/people/<int:person_id>")
def update_person(code: str, person_id: int):
    """Save someone's details and whether the minutes may name them."""
    workshop = facilitated_workshop(code)
    try:
        roster.update_person(workshop, person_id, request.form)
    except FormErrors as error:
        return _person_form_again(workshop, roster.find_person(workshop, person_id), error)
    return regions(workshop, "roster", extra=editor())


def _person_form_again(workshop, person, error: FormErrors):
    return form_again(
        "partials/facilitate/person_form.html",
        422,
        EDITOR,
        workshop=workshop,
        person=person,
        form=request.form,
        errors=error.fields,
    )


@bp.post("/w/<code>/people/<int:person_id>/merge")
def merge_people(code: str, person_id: int):
    """Make another line of the roster one with this person (same person, two lines)."""
    workshop = facilitated_workshop(code)
    roster.merge_people(workshop, person_id, request.form.get("other_id"))
    return regions(workshop, "roster", "presence_count", extra=editor())


@bp.post("/w/<code>/people/<int:person_id>/remove")
def remove_person(code: str, person_id: int):
    """Take someone (a ghost phone) off the roster."""
    workshop = facilitated_workshop(code)
    roster.remove_person(workshop, person_id)
    return regions(workshop, "roster", "presence_count")


@bp.post("/w/<code>/people/<int:person_id>/restore")
def restore_person(code: str, person_id: int):
    """Put a removed person back on the roster."""
    workshop = facilitated_workshop(code)
    roster.restore_person(workshop, person_id)
    return regions(workshop, "roster", "presence_count")


@bp.get("/w/<code>/sheet")
def sheet_form(code: str):
    """The form to paste a sign-in sheet."""
    workshop = facilitated_workshop(code)
    return render_template("partials/facilitate/sheet_form.html", workshop=workshop, text="")


@bp.post("/w/<code>/sheet/preview")
def preview_sheet(code: str):
    """Show what a pasted sign-in sheet would create, creating nothing."""
    workshop = facilitated_workshop(code)
    text = request.form.get("sheet", "")
    preview = roster.preview_sheet(workshop, text)
    return render_template(
        "partials/facilitate/sheet_form.html", workshop=workshop, text=text, preview=preview
    )


@bp.post("/w/<code>/sheet")
def import_sheet(code: str):
    """Create everyone on the good lines of a pasted sign-in sheet."""
    workshop = facilitated_workshop(code)
    form = request.form
    roster.import_sheet(
        workshop,
        form.get("sheet", ""),
        previewed=form.get("previewed"),
        include_known=bool(form.get("include_known")),
    )
    return regions(workshop, "roster", "presence_count", extra=editor())
