"""Every refusal answers with a clear message in the user's language, never a traceback."""

import logging

from flask import Flask, Response, make_response, render_template, request
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from werkzeug.exceptions import HTTPException

from workshop.extensions import htmx
from workshop.services.refusals import (
    Conflict,
    Forbidden,
    FormErrors,
    Invalid,
    Malformed,
    NotFound,
    Refused,
    Unavailable,
)
from workshop.web.messages import message

logger = logging.getLogger(__name__)

# What each kind of refusal answers (a refusal's type says why; HTTP is this layer's).
STATUSES = {
    Malformed: 400,
    Forbidden: 403,
    NotFound: 404,
    Conflict: 409,
    Invalid: 422,
    Unavailable: 503,
}
HTTP_CODES = {400: "bad_request", 403: "forbidden", 404: "not_found", 413: "too_large"}
# SQLite's answers when another connection holds the write lock past the busy timeout.
SQLITE_BUSY = ("database is locked", "database table is locked", "database is busy")
RETRY_AFTER_SECONDS = 2


def log_refusal(code: str, status: int) -> None:
    """Log a refused request as one structured line (for abuse monitoring)."""
    logger.info(
        "refused code=%s status=%s method=%s path=%s client=%s",
        code,
        status,
        request.method,
        request.path,
        request.remote_addr,
    )


def refusal(code: str, status: int, **params) -> Response:
    """Answer a refused request: a flash fragment for htmx, a full page otherwise."""
    text = message(code, **params)
    logger.info(
        "refused code=%s status=%s method=%s path=%s client=%s",
        code,
        status,
        request.method,
        request.path,
        request.remote_addr,
    )
    if htmx:
        response = make_response(render_template("partials/flash.html", text=text), status)
        response.headers["HX-Retarget"] = "#flash"
        response.headers["HX-Reswap"] = "innerHTML"
        return response
    return make_response(render_template("errors/error.html", text=text, status=status), status)


def status_of(error: Refused) -> int:
    """Return the HTTP status a refusal answers with."""
    return next((s for kind, s in STATUSES.items() if isinstance(error, kind)), 400)


def refused(error: Refused) -> Response:
    """Answer a refusal: its message in the user's language, with its status."""
    if isinstance(error, FormErrors):
        first = next(iter(error.fields.values()))
        return refusal(first[0], status_of(error), **first[1])
    return refusal(error.code, status_of(error), **error.params)


def _on_http_error(error: HTTPException):
    if error.code == 429:
        return refusal("rate_limited", 429)
    return refusal(HTTP_CODES.get(error.code, "bad_request"), error.code or 400)


def _on_csrf_error(_error: CSRFError):
    return refusal("csrf", 400)


def database_unavailable(error: Exception) -> bool:
    """Tell whether a database error means "try again in a moment", not a bug.

    SQLite locked by another process past the busy timeout; PostgreSQL restarting or out
    of reach (a dropped or refused connection); no pooled connection free in time. The
    transaction was rolled back: nothing was written.
    """
    if isinstance(error, PoolTimeout):
        return True
    if not isinstance(error, DBAPIError):
        return False
    if error.connection_invalidated:
        return True
    if not isinstance(error, OperationalError):
        return False
    if type(error.orig).__module__.startswith("sqlite3"):
        return any(busy in str(error.orig).lower() for busy in SQLITE_BUSY)
    return True  # PostgreSQL: connection lost or refused, server shutting down, lock timeout


def _on_database_error(error: Exception):
    """A database that is locked or out of reach answers 503 "try again", not a traceback."""
    if not database_unavailable(error):
        return _on_unexpected(error)
    reason = (str(getattr(error, "orig", error)).splitlines() or [""])[0]
    logger.warning("database unavailable: %s", reason[:200])
    response = refusal("database_unavailable", 503)
    response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def _on_unexpected(error: Exception):
    logger.exception("unexpected error", exc_info=error)
    return refusal("server_error", 500)


def init_app(app: Flask) -> None:
    app.register_error_handler(Refused, refused)
    app.register_error_handler(CSRFError, _on_csrf_error)
    app.register_error_handler(HTTPException, _on_http_error)
    app.register_error_handler(DBAPIError, _on_database_error)
    app.register_error_handler(PoolTimeout, _on_database_error)
    app.register_error_handler(Exception, _on_unexpected)
