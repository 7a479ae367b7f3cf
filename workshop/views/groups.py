"""The facilitator's sub-groups: create, fill (by hand or automatically), let people choose."""

from flask import Blueprint, render_template, request

from workshop.services import groups
from workshop.services.refusals import FormErrors
from workshop.views.respond import editor, form_again, regions
from workshop.web.access import facilitated_workshop

bp = Blueprint("groups", __name__, url_prefix="/w/<code>/groups")


def _done(workshop, note=""):
    return regions(workshop, "roster", "console_board", extra=editor(note))


@bp.get("/new")
def new_group(code: str):
    """The form that creates a group."""
    workshop = facilitated_workshop(code)
    return render_template(
        "partials/groups/group_form.html",
        workshop=workshop,
        group=None,
        form={},
        errors={},
        people=groups.leader_choices(workshop),
    )


@bp.post("")
def add_group(code: str):
    """Create a group."""
    workshop = facilitated_workshop(code)
    try:
        groups.add_group(workshop, request.form)
    except FormErrors as error:
        return form_again(
            "partials/groups/group_form.html",
            422,
            "#editor",
            workshop=workshop,
            group=None,
            form=request.form,
            errors=error.fields,
            people=groups.leader_choices(workshop),
        )
    return _done(workshop)


@bp.get("/<int:group_id>/edit")
def edit_group(code: str, group_id: int):
    """The form that edits a group."""
    workshop = facilitated_workshop(code)
    group = groups.find_group(workshop, group_id)
    return render_template(
        "partials/groups/group_form.html",
        workshop=workshop,
        group=group,
        form=None,
        errors={},
        people=groups.leader_choices(workshop),
    )


@bp.post("/<int:group_id>")
def update_group(code: str, group_id: int):
    """Rename a group, change its colour or leaders."""
    workshop = facilitated_workshop(code)
    try:
        groups.update_group(workshop, group_id, request.form)
    except FormErrors as error:
        group = groups.find_group(workshop, group_id)
        return form_again(
            "partials/groups/group_form.html",
            422,
            "#editor",
            workshop=workshop,
            group=group,
            form=request.form,
            errors=error.fields,
            people=groups.leader_choices(workshop),
        )
    return _done(workshop)


@bp.post("/<int:group_id>/delete")
def delete_group(code: str, group_id: int):
    """Delete a group (its members become ungrouped)."""
    workshop = facilitated_workshop(code)
    groups.delete_group(workshop, group_id)
    return _done(workshop)


@bp.get("/auto")
def auto_form(code: str):
    """The form that spreads people into groups automatically."""
    workshop = facilitated_workshop(code)
    return render_template("partials/groups/auto_form.html", workshop=workshop)


@bp.post("/auto")
def make_groups(code: str):
    """Spread the people present into balanced or mixed groups."""
    workshop = facilitated_workshop(code)
    dealt = groups.make_groups(workshop, request.form)
    note = ""
    if dealt.fewer_than_asked:  # asked for 2 groups, found one filled: say why
        note = render_template("partials/groups/dealt_note.html", dealt=dealt)
    return _done(workshop, note)


@bp.post("/assign/<int:person_id>")
def assign_person(code: str, person_id: int):
    """Put someone in a group, or in none."""
    workshop = facilitated_workshop(code)
    groups.assign_person(workshop, person_id, request.form.get("group_id"))
    return _done(workshop)


@bp.post("/choice")
def set_choice(code: str):
    """Let participants choose their group from their phone, or stop it."""
    workshop = facilitated_workshop(code)
    groups.set_group_choice(workshop, request.form.get("open") == "1")
    return _done(workshop)
