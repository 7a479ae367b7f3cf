"""Setting a browser test's workshop up through the app's routes (HTTP), not the UI.

Each call goes through a browser context's own request client, which shares that
context's cookies: the facilitator's grant, or a phone's participant cookie, land where
the pages opened afterwards find them. Every POST carries the page's CSRF token, as a
script acting as a browser does (docs/protocol.md §3).
"""

import html
import re
from urllib.parse import urlencode

from playwright.sync_api import BrowserContext

CSRF = re.compile(r'"X-CSRFToken": "([^"]+)"')
JOIN_KEY = re.compile(r'name="join_key" value="([^"]+)"')
FACILITATOR_LINK = re.compile(r'id="facilitator-link"[^>]* value="([^"]+)"')
FORM = {"Content-Type": "application/x-www-form-urlencoded"}


def _token(context: BrowserContext, url: str) -> tuple[str, str]:
    page = context.request.get(url)
    assert page.ok, (url, page.status)
    text = page.text()
    return CSRF.search(text).group(1), text


def post(context: BrowserContext, base_url: str, path: str, fields, token_page: str = "/"):
    """POST form fields (a dict, or pairs for repeated fields) with a fresh CSRF token."""
    token, _page = _token(context, base_url + token_page)
    pairs = list(fields.items()) if isinstance(fields, dict) else list(fields)
    response = context.request.post(
        base_url + path,
        data=urlencode(pairs, doseq=True),
        headers={**FORM, "X-CSRFToken": token, "HX-Request": "true"},
    )
    assert response.ok, (path, response.status, response.text()[:300])
    return response


def create_workshop(context: BrowserContext, base_url: str, title: str, **fields) -> str:
    """Create a workshop as its facilitator (this context gets the grant); return its code."""
    code, _link = new_workshop(context, base_url, {"title": title, "language": "en", **fields})
    return code


def new_workshop(context: BrowserContext, base_url: str, fields: dict) -> tuple[str, str]:
    """Send the "new workshop" form's fields (this context gets the grant); return the
    workshop's code and the facilitator link the created page shows once."""
    token, _page = _token(context, base_url + "/new")
    data = {**fields, "csrf_token": token}
    created = context.request.post(base_url + "/new", data=urlencode(data), headers=FORM)
    assert created.ok, created.status
    code = re.search(r"/new/(\w+)$", created.url).group(1)
    return code, html.unescape(FACILITATOR_LINK.search(created.text()).group(1))


def add_instruction(
    context: BrowserContext, base_url: str, code: str, title: str, minutes: int, text: str
) -> None:
    """Append an instruction activity to the agenda, as the console's editor sends it."""
    fields = {
        "kind": "instruction",
        "title": title,
        "instruction": text,
        "planned_minutes": str(minutes),
    }
    post(context, base_url, f"/w/{code}/activities", fields)


def join(
    context: BrowserContext, base_url: str, code: str, first: str, surname: str, **fields
) -> None:
    """Join the workshop as a phone (this context gets the participant cookie)."""
    token, form = _token(context, f"{base_url}/j/{code}")
    data = {
        "first_name": first,
        "surname": surname,
        "join_key": JOIN_KEY.search(form).group(1),
        "csrf_token": token,
        "lang": "en",
        **fields,
    }
    joined = context.request.post(f"{base_url}/j/{code}", data=urlencode(data), headers=FORM)
    assert joined.ok and joined.url.endswith(f"/p/{code}"), (joined.status, joined.url)
