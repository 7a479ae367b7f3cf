"""One budget for guessing join codes, whichever route a guess goes through.

A join code is the only thing between an outsider and a workshop, so no route may tell
a live code from a wrong one faster than the join form does. Two layers:

- Routes answer alike: an unknown code and a live one this browser holds no grant for
  get the same refusal (`access.facilitated_workshop`, `access.participant_workshop`),
  the phone page sends both to the join form, and the QR image is drawn from the code
  alone.
- Every refusal (403, 404) of a route naming a code spends the join form's guessing
  budget: per browser (a random id in its signed cookie, so phones behind one venue
  address do not share it) and per network address (a script dropping its cookie).
  Once it is spent, those refusals answer 429 "wait a minute", for a live code and a
  wrong one alike. Answers that succeed never touch the budget: a voting burst pays
  nothing for it.

Both give way when the limit store (Redis) is out of reach.
"""

import logging
import secrets

from flask import Flask, Response, current_app, request, session
from flask_limiter.util import get_remote_address
from limits import parse

from workshop.extensions import limiter
from workshop.web.errors import refusal

logger = logging.getLogger(__name__)
GUESSER = "guesser"  # the session key of this browser's random guessing id
BROWSER_SCOPE, ADDRESS_SCOPE = "join-guess", "join-guess-address"
DEFAULT_ADDRESS_LIMIT = "60 per minute"
# The join routes count their own misses (Flask-Limiter, before the answer is made).
JOIN_ENDPOINTS = frozenset(
    {"participate.find_workshop", "participate.join_form", "participate.join"}
)
REFUSED = (403, 404)


def browser_limit() -> str:
    return current_app.config["JOIN_RATE_LIMIT"]


def address_limit() -> str:
    return current_app.config.get("JOIN_ADDRESS_RATE_LIMIT", DEFAULT_ADDRESS_LIMIT)


def browser_key() -> str:
    """Key a browser's guesses by a random id its signed cookie keeps."""
    if GUESSER not in session:
        session[GUESSER] = secrets.token_urlsafe(12)
    return "browser:" + session[GUESSER]


def missed(response) -> bool:
    """On the join routes only a wrong or ended code counts as a guess."""
    return response.status_code == 404


# The join routes' limits (applied in views/participate.py); `spend` below hits the
# very same counters (same limit, key and scope), so every route shares one budget.
per_browser = limiter.shared_limit(
    browser_limit, scope=BROWSER_SCOPE, key_func=browser_key, deduct_when=missed
)
per_address = limiter.shared_limit(address_limit, scope=ADDRESS_SCOPE, deduct_when=missed)


def spend() -> bool:
    """Count one guess against both budgets; tell whether they still hold."""
    strategy = limiter.limiter
    try:
        within_browser = strategy.hit(parse(browser_limit()), browser_key(), BROWSER_SCOPE)
        within_address = strategy.hit(parse(address_limit()), get_remote_address(), ADDRESS_SCOPE)
    except Exception as error:  # noqa: BLE001  (store out of reach: refusals stay as they are)
        logger.warning("guessing budget store unavailable: %s", error)
        return True
    return within_browser and within_address


def _counts_as_guess() -> bool:
    args = request.view_args or {}
    return "code" in args and request.endpoint not in JOIN_ENDPOINTS


def charge_refusals(response: Response) -> Response:
    """A refusal naming a code spends the guessing budget; past it, the answer is 429."""
    if response.status_code not in REFUSED or not _counts_as_guess():
        return response
    if spend():
        return response
    return refusal("rate_limited", 429)


def init_app(app: Flask) -> None:
    app.after_request(charge_refusals)
