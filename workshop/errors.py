"""Every refusal answers with a clear message in the user's language, never a traceback."""

import logging

from flask import Flask, Response, make_response, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from workshop.extensions import htmx
from workshop.messages import message
from workshop.services.errors import FormErrors, ServiceError

logger = logging.getLogger(__name__)

HTTP_CODES = {400: "bad_request", 403: "forbidden", 404: "not_found", 413: "too_large"}


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


def _on_service_error(error: ServiceError):
    if isinstance(error, FormErrors):
        first = next(iter(error.fields.values()))
        return refusal(first[0], error.status, **first[1])
    return refusal(error.code, error.status, **error.params)


def _on_http_error(error: HTTPException):
    if error.code == 429:
        return refusal("rate_limited", 429)
    return refusal(HTTP_CODES.get(error.code, "bad_request"), error.code or 400)


def _on_csrf_error(_error: CSRFError):
    return refusal("csrf", 400)


def _on_unexpected(error: Exception):
    logger.exception("unexpected error", exc_info=error)
    return refusal("server_error", 500)


def init_app(app: Flask) -> None:
    app.register_error_handler(ServiceError, _on_service_error)
    app.register_error_handler(CSRFError, _on_csrf_error)
    app.register_error_handler(HTTPException, _on_http_error)
    app.register_error_handler(Exception, _on_unexpected)
