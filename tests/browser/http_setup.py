"""Setting a browser test's workshop up through the app's routes (HTTP), not the UI.

Each call goes through a browser context's own request client, which shares that
context's cookies: the facilitator's grant, or a phone's participant cookie, land where
the pages opened afterwards find them. Every POST carries the page's CSRF token, as a
script acting as a browser does (docs/protocol.md §3).
"""

import html
import re
from html.parser import HTMLParser
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


# ---- a form as the browser would send it ------------------------------------------------


class _FormReader(HTMLParser):
    """Reads the first <form> of a page or fragment (the first of a `css_class`): where it
    posts, and the fields a browser sends when it is submitted untouched (checked boxes and
    radios, each select's chosen option, text fields and textareas; nothing disabled, no
    button)."""

    def __init__(self, css_class: str = ""):
        super().__init__(convert_charrefs=True)
        self.css_class = css_class
        self.action: str | None = None
        self.fields: list[tuple[str, str]] = []
        self.choices: dict[str, list[str]] = {}  # each radio group's values, in order
        self._depth = 0  # inside the form: 1; done: -1
        self._select: dict | None = None
        self._textarea: list | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        classes = (a.get("class") or "").split()
        if tag == "form" and self._depth == 0 and (not self.css_class or self.css_class in classes):
            self._depth = 1
            self.action = a.get("hx-post") or a.get("action")
        if self._depth != 1 or "disabled" in a:
            return
        if tag == "input":
            self._input(a)
        elif tag == "select" and a.get("name"):
            self._select = {"name": a["name"], "multiple": "multiple" in a, "options": []}
        elif tag == "option" and self._select is not None:
            self._select["options"].append((a.get("value", ""), "selected" in a))
        elif tag == "textarea" and a.get("name"):
            self._textarea = [a["name"]]

    def _input(self, a: dict) -> None:
        kind, name = a.get("type", "text"), a.get("name")
        if not name or kind in ("submit", "button", "reset", "image", "file"):
            return
        if kind == "radio":
            self.choices.setdefault(name, []).append(a.get("value", "on"))
        if kind in ("checkbox", "radio"):
            if "checked" in a:
                self.fields.append((name, a.get("value", "on")))
            return
        self.fields.append((name, a.get("value", "")))

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea.append(data)

    def handle_endtag(self, tag):
        if tag == "form" and self._depth == 1:
            self._depth = -1
        elif tag == "textarea" and self._textarea is not None:
            name, *text = self._textarea
            # A browser drops the newline that follows <textarea>.
            self.fields.append((name, "".join(text).removeprefix("\n")))
            self._textarea = None
        elif tag == "select" and self._select is not None:
            options = self._select["options"]
            chosen = [value for value, selected in options if selected]
            if not chosen and options and not self._select["multiple"]:
                chosen = [options[0][0]]
            self.fields += [(self._select["name"], value) for value in chosen]
            self._select = None


def read_form(
    context: BrowserContext, url: str, css_class: str = "", headers: dict | None = None
) -> _FormReader:
    """The first form (of `css_class`) of the page or fragment at `url`, read."""
    page = context.request.get(url, headers=headers)
    assert page.ok, (url, page.status)
    reader = _FormReader(css_class)
    reader.feed(page.text())
    return reader


def submit_form(
    context: BrowserContext,
    base_url: str,
    form_path: str,
    values: dict,
    action: str = "",
    htmx: bool = True,
    css_class: str = "",
    headers: dict | None = None,
):
    """Fetch the form at `form_path` (a page or an htmx fragment), change the fields named in
    `values` (a string, a list for a repeated field, or None to leave it out: an unticked
    box) and post it where it posts (or to `action`), as htmx does (or, not `htmx`, as a
    plain form is sent); return the answer. `css_class` picks the form on a whole page;
    `headers` go with both requests."""
    reader = read_form(context, base_url + form_path, css_class, headers)
    fields = [(name, value) for name, value in reader.fields if name not in values]
    for name, value in values.items():
        if value is not None:
            fields += [(name, v) for v in ([value] if isinstance(value, str) else value)]
    target = action or reader.action
    assert target, f"no form at {form_path}"
    token = dict(fields).get("csrf_token") or _token(context, base_url + "/")[0]
    sent = {**(headers or {}), **FORM, "X-CSRFToken": token}
    if htmx:
        sent["HX-Request"] = "true"
    response = context.request.post(base_url + target, data=urlencode(fields), headers=sent)
    assert response.ok, (target, response.status, response.text()[:300])
    return response


def join_with_form(
    context: BrowserContext,
    base_url: str,
    code: str,
    first: str,
    surname: str,
    *,
    category: int = 1,
    organisation: str = "",
    languages: str = "",
) -> None:
    """Send the join form as this phone's browser fills it (its join key, its language:
    `languages` as its Accept-Language header), with the `category`-th category ticked;
    this context gets the participant cookie."""
    form = f"/j/{code}"
    headers = {"Accept-Language": languages} if languages else None
    choices = read_form(context, base_url + form, "join-form", headers).choices
    values = {
        "first_name": first,
        "surname": surname,
        "organisation": organisation,
        "category": choices["category"][category - 1],
    }
    joined = submit_form(
        context, base_url, form, values, htmx=False, css_class="join-form", headers=headers
    )
    assert joined.url.endswith(f"/p/{code}"), (joined.status, joined.url)


# ---- the console's setup steps ----------------------------------------------------------

GROUP_ITEM = re.compile(r'<span class="group-name">([^<]*)</span>.*?/groups/(\d+)/edit"', re.S)
PERSON_ITEM = re.compile(
    r'<li class="person" id="person-(\d+)">\s*<span class="person-name">'
    r'<span class="surname">([^<]*)</span>'
)
AGENDA_ITEM = re.compile(r'<li class="agenda-item[^"]*" id="activity-(\d+)"')


def console_html(context: BrowserContext, base_url: str, code: str) -> str:
    page = context.request.get(f"{base_url}/w/{code}/console")
    assert page.ok, page.status
    return page.text()


def activity_ids(context: BrowserContext, base_url: str, code: str) -> list[int]:
    """The agenda's activity ids, in order (the welcome first)."""
    return [int(i) for i in AGENDA_ITEM.findall(console_html(context, base_url, code))]


def add_activity(
    context: BrowserContext, base_url: str, code: str, kind: str, title: str, **values
) -> int:
    """Add an activity with the console's form for `kind`, its other fields as the form
    offers them (`values` by field name, as `submit_form` takes them); return its id."""
    fields = {
        "title": title,
        "instruction": f"Instruction for {title}.",
        "planned_minutes": "10",
        **values,
    }
    submit_form(context, base_url, f"/w/{code}/activities/new?kind={kind}", fields)
    return activity_ids(context, base_url, code)[-1]


def group_ids(context: BrowserContext, base_url: str, code: str) -> dict[str, int]:
    """The workshop's sub-groups' ids, by name, read from the console's roster."""
    found = GROUP_ITEM.findall(console_html(context, base_url, code))
    return {html.unescape(name): int(group) for name, group in found}


def add_group(context: BrowserContext, base_url: str, code: str, name: str) -> int:
    """Create a sub-group with the console's group form; return its id."""
    submit_form(context, base_url, f"/w/{code}/groups/new", {"name": name})
    return group_ids(context, base_url, code)[name]


def person_ids(context: BrowserContext, base_url: str, code: str) -> dict[str, int]:
    """The ids of the people present, by surname as the roster shows it (upper case)."""
    found = PERSON_ITEM.findall(console_html(context, base_url, code))
    return {html.unescape(surname): int(person) for person, surname in found}


def assign(context: BrowserContext, base_url: str, code: str, surname: str, group: int) -> None:
    """Put the participant of this surname in a sub-group."""
    person = person_ids(context, base_url, code)[surname.upper()]
    post(context, base_url, f"/w/{code}/groups/assign/{person}", {"group_id": str(group)})


def type_paper_answers(
    context: BrowserContext, base_url: str, code: str, activity: int, group: int, outline: str
) -> None:
    """Send a group's paper answers with the console's quick-entry form."""
    form = f"/w/{code}/boards/{activity}/quick?group_id={group}"
    submit_form(context, base_url, form, {"group_id": str(group), "outline": outline})


def start(context: BrowserContext, base_url: str, code: str) -> None:
    post(context, base_url, f"/w/{code}/start", {})


def step(context: BrowserContext, base_url: str, code: str) -> None:
    """Press "Next"."""
    post(context, base_url, f"/w/{code}/step", {"direction": "next"})


def go(context: BrowserContext, base_url: str, code: str, activity: int) -> None:
    """Put an activity on screen."""
    post(context, base_url, f"/w/{code}/activities/{activity}/go", {})


def add_candidates(
    context: BrowserContext, base_url: str, code: str, vote: int, labels: list[str]
) -> None:
    post(context, base_url, f"/w/{code}/votes/{vote}/candidates", {"candidates": "\n".join(labels)})


def open_vote(context: BrowserContext, base_url: str, code: str, vote: int) -> None:
    post(context, base_url, f"/w/{code}/votes/{vote}/open", {})
