"""The minutes in the console: free texts, next steps, actions, a live preview, downloads.

Every form answers htmx with its own region again and a fresh preview (out of band); a
plain form post goes back to the minutes page.
"""

from flask import Blueprint, Response, redirect, render_template, request, url_for

from workshop.exporters.html import render_html
from workshop.extensions import htmx
from workshop.presenters.minutes import minutes_context
from workshop.services import minutes
from workshop.services.refusals import FormErrors
from workshop.web.access import facilitated_workshop
from workshop.web.security import CSP

bp = Blueprint("exports", __name__, url_prefix="/w/<code>/minutes")
# The print view is also the console's preview: it may be framed by this site only.
PREVIEW_CSP = CSP.replace("frame-ancestors 'none'", "frame-ancestors 'self'")


def _answer(workshop, *regions: str, status: int = 200, **context):
    """Answer an action: its regions again, and a fresh preview when something was saved.

    `context` carries the refused form and its errors. Without htmx, the whole page.
    """
    context = minutes_context(workshop, **context)
    if not htmx:
        if status != 200:
            return render_template("facilitate/minutes.html", **context), status
        return redirect(url_for("exports.minutes_page", code=workshop.join_code))
    names = (*regions, "preview") if status == 200 else regions
    html = "".join(
        render_template(f"partials/minutes/{name}.html", oob=True, **context) for name in names
    )
    return html, status


def _saved(workshop, region: str, save, *args, **context):
    """Run one save; answer its region again (with the errors when refused) and the preview."""
    try:
        save(workshop, *args)
    except FormErrors as error:
        return _answer(
            workshop, region, status=422, errors=error.fields, form=request.form, **context
        )
    return _answer(workshop, region, saved=True)


@bp.get("")
def minutes_page(code: str):
    """The minutes page: what to edit, the preview, the downloads, the plans."""
    workshop = facilitated_workshop(code)
    return render_template("facilitate/minutes.html", **minutes_context(workshop))


@bp.get("/print")
def print_view(code: str):
    """The minutes as a print-ready page (A4), linking the minutes stylesheet."""
    workshop = facilitated_workshop(code)
    css = url_for("static", filename="css/minutes.css")
    response = Response(render_html(minutes.build_minutes(workshop), css_href=css))
    response.headers["Content-Security-Policy"] = PREVIEW_CSP
    response.headers["X-Frame-Options"] = "SAMEORIGIN"
    return response


@bp.get("/download/<fmt>")
def download(code: str, fmt: str):
    """Download the minutes (docx, pdf, html, md) or the raw data (json, csv zip)."""
    workshop = facilitated_workshop(code)
    content, mimetype, filename = minutes.export(workshop, fmt)
    response = Response(content, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@bp.post("/texts")
def save_texts(code: str):
    """Save the free introduction and closing note."""
    workshop = facilitated_workshop(code)
    return _saved(workshop, "texts", minutes.save_texts, request.form)


@bp.post("/status")
def set_status(code: str):
    """Mark the minutes draft or final."""
    workshop = facilitated_workshop(code)
    minutes.set_status(workshop, request.form.get("status", ""))
    return _answer(workshop, "status")


@bp.post("/sections")
def choose_sections(code: str):
    """Choose which activities have a section in the document."""
    workshop = facilitated_workshop(code)
    minutes.choose_sections(workshop, request.form.getlist("included"))
    return _answer(workshop, "sections", saved=True)


@bp.post("/outline")
def save_outline(code: str):
    """Save the outline: the parts' order, titles and visibility, the title, the options."""
    workshop = facilitated_workshop(code)
    return _saved(workshop, "outline", minutes.save_outline, request.form)


@bp.post("/next")
def save_next_workshop(code: str):
    """Save the next workshop: date, what it deepens, objectives."""
    workshop = facilitated_workshop(code)
    return _saved(workshop, "next_workshop", minutes.save_next_workshop, request.form)


@bp.post("/actions")
def add_action(code: str):
    """Add an action."""
    workshop = facilitated_workshop(code)
    return _saved(workshop, "actions", minutes.add_action, request.form)


@bp.post("/actions/from-orientation")
def action_from_orientation(code: str):
    """Turn a retained orientation into an action, to complete."""
    workshop = facilitated_workshop(code)
    minutes.action_from_orientation(workshop, request.form.get("orientation", ""))
    return _answer(workshop, "actions")


@bp.get("/actions/<int:action_id>/edit")
def edit_action(code: str, action_id: int):
    """The form that edits one action (in place of the list's add form)."""
    workshop = facilitated_workshop(code)
    action = minutes.find_action(workshop, action_id)
    context = minutes_context(workshop, editing=action)
    return render_template("partials/minutes/actions.html", **context)


@bp.post("/actions/<int:action_id>")
def update_action(code: str, action_id: int):
    """Save an edited action."""
    workshop = facilitated_workshop(code)
    action = minutes.find_action(workshop, action_id)
    return _saved(
        workshop, "actions", minutes.update_action, action.id, request.form, editing=action
    )


@bp.post("/actions/<int:action_id>/delete")
def delete_action(code: str, action_id: int):
    """Delete an action."""
    workshop = facilitated_workshop(code)
    minutes.delete_action(workshop, action_id)
    return _answer(workshop, "actions")
