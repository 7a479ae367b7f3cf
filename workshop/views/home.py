"""The front door: join by code, create a workshop, choose a language, the QR image."""

from flask import (
    Blueprint,
    Response,
    current_app,
    make_response,
    redirect,
    render_template,
    request,
    session,
    url_for,
)

from workshop.domain.codes import normalise_join_code
from workshop.extensions import limiter
from workshop.presenters.stage import join_url_of, qr_svg
from workshop.services import workshops
from workshop.services.refusals import FormErrors, NotFound, Refused
from workshop.web import access
from workshop.web.errors import status_of
from workshop.web.security import local_path

bp = Blueprint("home", __name__)
CREATED = "created"  # the session key holding a new workshop's secret until it is shown


@bp.get("/")
def index():
    """Landing page: type a join code, or create a workshop."""
    return render_template("home/index.html")


@bp.get("/new")
def new_workshop():
    """The form that creates a workshop."""
    return render_template("home/new.html", form={}, errors={}, **_new_form_options())


@bp.post("/new")
@limiter.limit("30 per hour", deduct_when=lambda r: r.status_code == 403)
def create_workshop():
    """Create a workshop and show its facilitator link once."""
    try:
        workshops.check_instance_password(_password(), request.form.get("instance_password"))
        workshop, secret = workshops.create_workshop(request.form)
    except FormErrors as error:
        return _new_form_again(error.fields, 422)
    except Refused as error:
        return _new_form_again({"instance_password": (error.code, {})}, status_of(error))
    return show_created_once(workshop, secret)


def show_created_once(workshop, secret: str):
    """Grant the facilitator role and go to the created page (post/redirect/get).

    The secret waits in this browser's cookie until that page has shown it once: a
    reload neither creates a second workshop nor shows the link again.
    """
    access.grant_facilitator(workshop)
    session[CREATED] = {"workshop": workshop.id, "secret": secret}
    return redirect(url_for("home.workshop_created", code=workshop.join_code), code=303)


@bp.get("/new/<code>")
def workshop_created(code: str):
    """The new workshop's facilitator link, shown once, and its join code."""
    workshop = access.facilitated_workshop(code)
    kept = session.get(CREATED) or {}
    secret = kept.get("secret") if kept.get("workshop") == workshop.id else None
    if secret:
        session.pop(CREATED)
    link = url_for("facilitate.open_console", secret=secret) if secret else None
    response = make_response(render_template("home/created.html", workshop=workshop, link=link))
    response.headers["Cache-Control"] = "no-store"  # not shown again from the history either
    return response


def _new_form_again(fields, status):
    page = render_template("home/new.html", form=request.form, errors=fields, **_new_form_options())
    return page, status


def _password():
    return current_app.config.get("INSTANCE_PASSWORD")


def _new_form_options() -> dict:
    """The password question, and the instance's default language (French unless set)."""
    default = current_app.config.get("BABEL_DEFAULT_LOCALE")
    if default not in current_app.config["LANGUAGES"]:
        default = "fr"
    return {"needs_password": _password(), "default_language": default}


@bp.post("/lang")
def choose_language():
    """Remember this browser's language and go back where it was."""
    if request.form.get("lang") in current_app.config["LANGUAGES"]:
        session["lang"] = request.form["lang"]
    return redirect(local_path(request.form.get("next")) or url_for("home.index"))


@bp.get("/qr/<code>.svg")
def qr_code(code: str):
    """The QR code of a join address (built from the public base URL).

    Drawn from the code alone, never looked up: the image is the same for a live code
    and a wrong one, so it cannot be used to guess codes."""
    canonical = normalise_join_code(code)
    if canonical is None:  # not even the shape of a code (says nothing of live ones)
        raise NotFound("unknown_code")
    headers = {"Cache-Control": "max-age=60"}
    return Response(qr_svg(join_url_of(canonical)), mimetype="image/svg+xml", headers=headers)
