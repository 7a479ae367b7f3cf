"""Workshop plans in the console: download this one, duplicate it, create one from a plan."""

from flask import Blueprint, Response, render_template, request

from workshop.presenters.minutes import minutes_context
from workshop.services import plans
from workshop.services.minutes import file_stem
from workshop.services.plans import PLAN_MAX_BYTES, PlanRefused
from workshop.views.home import show_created_once
from workshop.web.access import facilitated_workshop
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


@bp.post("/duplicate")
def duplicate_workshop(code: str):
    """Create a new draft workshop with this one's settings, groups and agenda."""
    workshop = facilitated_workshop(code)
    return _created(workshop, lambda: plans.duplicate_workshop(workshop))
