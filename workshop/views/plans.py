"""Workshop plans in the console: download this one, duplicate it, create one from a plan."""

from flask import Blueprint, Response, redirect, render_template, request, url_for

from workshop.extensions import htmx
from workshop.presenters.minutes import builtin_choices, minutes_context
from workshop.services import plans
from workshop.services.minutes import file_stem
from workshop.services.plans import PLAN_MAX_BYTES, PlanRefused
from workshop.services.refusals import Refused
from workshop.views.facilitate import console_page
from workshop.views.home import show_created_once
from workshop.web.access import facilitated_workshop
from workshop.web.errors import status_of
from workshop.web.messages import message

bp = Blueprint("plans", __name__, url_prefix="/w/<code>")


def _created(workshop, create):
    """Create a workshop and show its facilitator link once; a bad plan shows why, here."""
    try:
        created, secret = create()
    except PlanRefused as error:
        refusal = message(error.code, **error.params)
        page = render_template(
            "facilitate/minutes.html", **minutes_context(workshop, plan_error=refusal)
        )
        return page, 422
    return show_created_once(created, secret)


@bp.get("/plan")
def download_plan(code: str):
    """Download this workshop's plan (JSON)."""
    workshop = facilitated_workshop(code)
    response = Response(plans.plan_bytes(plans.plan_of(workshop)), mimetype="application/json")
    filename = f"plan-{file_stem(workshop)}.json"
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@bp.post("/plan/import")
def import_plan(code: str):
    """Create a new workshop from an uploaded plan file."""
    workshop = facilitated_workshop(code)
    upload = request.files.get("plan")
    raw = upload.read(PLAN_MAX_BYTES + 1) if upload else b""
    return _created(workshop, lambda: plans.create_from_plan(plans.read_plan(raw)))


@bp.post("/plan/builtin")
def use_builtin_plan(code: str):
    """Create a new workshop from one of the built-in plans."""
    workshop = facilitated_workshop(code)
    plan = plans.builtin_plan(request.form.get("plan", ""))
    return _created(workshop, lambda: plans.create_from_plan(plan))


@bp.post("/plan/apply")
def apply_builtin_plan(code: str):
    """Give this workshop, while its agenda is empty, one of the built-in plans."""
    workshop = facilitated_workshop(code)
    return _applied(workshop, lambda: plans.builtin_plan(request.form.get("plan", "")))


@bp.post("/plan/apply-file")
def apply_plan_file(code: str):
    """Give this workshop, while its agenda is empty, the facilitator's own plan file."""
    workshop = facilitated_workshop(code)
    upload = request.files.get("plan")
    raw = upload.read(PLAN_MAX_BYTES + 1) if upload else b""
    return _applied(workshop, lambda: plans.read_plan(raw))


def _applied(workshop, read_plan):
    """Apply a plan and go back to the console; a refusal (unknown or broken plan, an
    agenda no longer empty) shows the console again with the reason, nothing changed."""
    try:
        plan = read_plan()
        plans.apply_plan(workshop, plan)
    except PlanRefused as error:
        return _console_refused(workshop, PlanRefused(error.error, "plan_not_applied"))
    except Refused as error:
        return _console_refused(workshop, error)
    console = url_for("facilitate.console", code=workshop.join_code)
    if htmx:  # the whole console changes: load it again
        return Response(status=204, headers={"HX-Redirect": console})
    return redirect(console, code=303)


def _console_refused(workshop, error: Refused):
    refusal = message(error.code, **error.params)
    if htmx:  # only the offer is redrawn, with the reason
        offer = render_template(
            "partials/plans/apply_plan.html",
            workshop=workshop,
            plan_choices=builtin_choices(),
            plan_error=refusal,
        )
        return offer, status_of(error)
    return console_page(workshop, plan_error=refusal), status_of(error)


@bp.post("/duplicate")
def duplicate_workshop(code: str):
    """Create a new draft workshop with this one's settings, groups and agenda."""
    workshop = facilitated_workshop(code)
    return _created(workshop, lambda: plans.duplicate_workshop(workshop))
