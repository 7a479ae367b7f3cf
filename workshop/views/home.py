"""The front door: join by code, create a workshop, choose a language, the QR image."""

import io

import segno
from flask import (
    Blueprint,
    Response,
    current_app,
    redirect,
    render_template,
    request,
    session,
    url_for,
)

from workshop import access
from workshop.extensions import limiter
from workshop.services import workshops
from workshop.services.errors import FormErrors, ServiceError
from workshop.views.context import join_url

bp = Blueprint("home", __name__)


@bp.get("/")
def index():
    """Landing page: type a join code, or create a workshop."""
    return render_template("home/index.html")


@bp.get("/new")
def new_workshop():
    """The form that creates a workshop."""
    return render_template("home/new.html", form={}, errors={}, needs_password=_password())


@bp.post("/new")
@limiter.limit("30 per hour", deduct_when=lambda r: r.status_code == 403)
def create_workshop():
    """Create a workshop and show its facilitator link once."""
    try:
        workshops.check_instance_password(_password(), request.form.get("instance_password"))
        workshop, secret = workshops.create_workshop(request.form)
    except FormErrors as error:
        return _new_form_again(error.fields, 422)
    except ServiceError as error:
        return _new_form_again({"instance_password": (error.code, {})}, error.status)
    access.grant_facilitator(workshop)
    link = url_for("facilitate.open_console", secret=secret, _external=False)
    return render_template("home/created.html", workshop=workshop, link=link)


def _new_form_again(fields, status):
    page = render_template(
        "home/new.html", form=request.form, errors=fields, needs_password=_password()
    )
    return page, status


def _password():
    return current_app.config.get("INSTANCE_PASSWORD")


@bp.post("/lang")
def choose_language():
    """Remember this browser's language and go back where it was."""
    if request.form.get("lang") in current_app.config["LANGUAGES"]:
        session["lang"] = request.form["lang"]
    return redirect(_local_path(request.form.get("next")))


def _local_path(target: str | None) -> str:
    """Return `target` if it is a path on this site, else the home page (no open redirect)."""
    if target and target.startswith("/") and not target.startswith(("//", "/\\")):
        return target
    return url_for("home.index")


@bp.get("/qr/<code>.svg")
def qr_code(code: str):
    """The QR code of a workshop's join address (built from the public base URL)."""
    workshop = workshops.find_by_code(code, open_only=True)
    buffer = io.BytesIO()
    segno.make(join_url(workshop), error="m").save(buffer, kind="svg", scale=10, border=2)
    headers = {"Cache-Control": "max-age=60"}
    return Response(buffer.getvalue(), mimetype="image/svg+xml", headers=headers)
