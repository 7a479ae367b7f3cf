"""docs/protocol.md stays true: every route and Socket.IO handler is documented, none is stale.

A route is documented by `METHOD /rule` in backticks, exactly as in the Flask URL map
(e.g. `POST /w/<code>/activities/<int:activity_id>/move`), for each of GET and POST it
accepts; a Socket.IO handler by `EVENT <name>`. Mentions inside fenced code blocks are
examples and do not count.
"""

import re
from pathlib import Path

import pytest

from tests.views.helpers import new_facilitated_workshop
from workshop.extensions import socketio
from workshop.kinds import KINDS
from workshop.presenters.regions import REGIONS
from workshop.services import agenda, groups

DOC = Path(__file__).resolve().parents[1] / "docs" / "protocol.md"
DOCUMENTED_METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")
IGNORED_METHODS = {"HEAD", "OPTIONS"}
UNDOCUMENTED_ENDPOINTS = {"static"}
ROUTE_SPAN = re.compile(r"^(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS) (/\S*)$")
EVENT_SPAN = re.compile(r"^EVENT (\S+)$")


def inline_code_spans(text: str) -> set[str]:
    """Return the inline `code` spans of a Markdown text, outside fenced code blocks."""
    prose = re.sub(r"^```.*?^```[^\n]*$", "", text, flags=re.MULTILINE | re.DOTALL)
    return {span.strip() for span in re.findall(r"`([^`\n]+)`", prose)}


@pytest.fixture(scope="module")
def spans() -> set[str]:
    assert DOC.exists(), f"{DOC} is missing"
    return inline_code_spans(DOC.read_text(encoding="utf-8"))


def route_lines(app, *, include_undocumented: bool) -> set[str]:
    """Return `METHOD /rule` for every rule of the app's URL map."""
    lines = set()
    for rule in app.url_map.iter_rules():
        if rule.endpoint in UNDOCUMENTED_ENDPOINTS and not include_undocumented:
            continue
        for method in sorted((rule.methods or set()) - IGNORED_METHODS):
            lines.add(f"{method} {rule.rule}")
    return lines


def socket_events(server) -> dict[str, set[str]]:
    """Return {event: {namespaces}} for every handler registered on a python-socketio server.

    `server.handlers` is {namespace: {event: handler}}; class-based namespaces live in
    `server.namespace_handlers` ({namespace: Namespace}) with `on_<event>` methods.
    """
    events: dict[str, set[str]] = {}
    for namespace, handlers in server.handlers.items():
        for event in handlers:
            events.setdefault(event, set()).add(namespace)
    for namespace, handler in getattr(server, "namespace_handlers", {}).items():
        for attr in dir(handler):
            if attr.startswith("on_") and callable(getattr(handler, attr)):
                events.setdefault(attr[3:], set()).add(namespace)
    return events


def test_the_doc_is_parsed(spans):
    """Guard against a parser that finds nothing, which would make the other tests vacuous."""
    assert any(ROUTE_SPAN.match(s) for s in spans)
    assert any(EVENT_SPAN.match(s) for s in spans)


def test_every_route_is_documented(app, spans):
    expected = route_lines(app, include_undocumented=False)
    assert expected, "the URL map has no routes?"
    missing = sorted(expected - spans)
    assert not missing, (
        "routes missing from docs/protocol.md (add a line with the route in backticks): "
        + ", ".join(missing)
    )


def test_no_stale_route_in_the_doc(app, spans):
    existing = route_lines(app, include_undocumented=True)
    mentioned = {s for s in spans if ROUTE_SPAN.match(s)}
    stale = sorted(mentioned - existing)
    assert not stale, (
        "docs/protocol.md names routes the app does not have (removed, renamed, or not written "
        "exactly as the Flask rule): " + ", ".join(stale)
    )


def test_every_socket_event_is_documented(app, spans):
    server = socketio.server
    assert server is app.extensions["socketio"].server
    events = socket_events(server)
    assert "connect" in events, "the connect handler is not registered"
    missing = sorted(
        f"EVENT {name} (namespaces {sorted(ns)})"
        for name, ns in events.items()
        if f"EVENT {name}" not in spans
    )
    assert not missing, "Socket.IO handlers missing from docs/protocol.md: " + ", ".join(missing)


def test_no_stale_socket_event_in_the_doc(app, spans):
    events = socket_events(app.extensions["socketio"].server)
    mentioned = {EVENT_SPAN.match(s).group(1) for s in spans if EVENT_SPAN.match(s)}
    stale = sorted(f"EVENT {name}" for name in mentioned - set(events))
    assert not stale, "docs/protocol.md names Socket.IO handlers that do not exist: " + ", ".join(
        stale
    )


def test_every_live_region_is_documented(spans):
    missing = sorted(name for name in REGIONS if name not in spans)
    assert not missing, "live regions missing from docs/protocol.md: " + ", ".join(missing)


ACTIVITY_FORMS = [
    Path(__file__).resolve().parents[1] / "templates" / "partials" / "facilitate" / name
    for name in ("activity_form.html",)
] + sorted(
    path
    for name in ("settings.html", "lead.html")  # a kind's fields, and those under the title
    for path in (Path(__file__).resolve().parents[1] / "templates" / "partials" / "kinds").glob(
        f"*/{name}"
    )
)
# A field written out (`name="budget"`, `name="prompt_{{ id }}"`) or by a form macro
# (`field("title", ...)`, `area("instruction", ...)`).
FIELD_NAME = re.compile(r'name="([a-z_]+)|\b(?:field|area)\("([a-z_]+)"')
NOT_FIELDS = {"csrf_token"}
FORMS_SECTION = "### 4.15 Activity forms, field by field"
# A field named in a table's first cell: `budget`, or a per-group one by its prefix and
# what follows it in angle brackets (`prompt_<group id or 0>`) or a number (`prompt_0`).
ROW_FIELD = re.compile(r"`([a-z_]+?)(?:\d+|<[^`>]*>)?`")
MEANING_WORDS = 4  # a meaning says what the field does, not just one word


def activity_form_fields() -> set[str]:
    """Return the fields of the agenda form of every activity kind, as its templates
    write them; a field whose name is built per group (`prompt_{{ id }}`) is returned as
    its prefix (`prompt_`)."""
    fields = set()
    for path in ACTIVITY_FORMS:
        for written, by_macro in FIELD_NAME.findall(path.read_text(encoding="utf-8")):
            fields.add(written or by_macro)
    return fields - NOT_FIELDS


def rendered_form_fields(client) -> set[str]:
    """Return the fields of the agenda form of every kind as the console receives it (a
    workshop with a group and a brainstorm, so that every per-group and per-board field
    shows); `prompt_12` is returned as `prompt_`. Names built in the templates
    (`name="{{ side }}"`) are found here."""
    workshop, _secret = new_facilitated_workshop(client, language="en")
    groups.add_group(workshop, {"name": "Groupe A"})
    agenda.add_activity(workshop, {"kind": "brainstorm", "title": "Idées"})
    fields = set()
    for kind in KINDS:
        page = client.get(f"/w/{workshop.join_code}/activities/new?kind={kind}")
        assert page.status_code == 200, kind
        for name in re.findall(r'\bname="([^"]+)"', page.get_data(as_text=True)):
            fields.add(re.sub(r"^([a-z_]+_)\d+$", r"\1", name))
    return fields - NOT_FIELDS


def documented_form_fields(text: str) -> dict[str, list[list[str]]]:
    """Return, for each field named in the first cell of a table row of the doc's section
    on activity forms, the cells of every row naming it (several rows when kinds share a
    name: `mode`, `group_id`)."""
    start = text.index(FORMS_SECTION)
    end = text.find("\n### ", start + len(FORMS_SECTION))
    rows: dict[str, list[list[str]]] = {}
    for line in text[start : end if end > 0 else None].splitlines():
        if not line.startswith("|") or set(line) <= set("|-: "):
            continue
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        for name in ROW_FIELD.findall(cells[0]):
            rows.setdefault(name, []).append(cells)
    return rows


@pytest.fixture
def form_fields(client, ctx) -> set[str]:
    return activity_form_fields() | rendered_form_fields(client)


def test_every_activity_form_field_is_documented(form_fields):
    """Each field of each kind's form has a row in the doc's table of activity form fields
    (a per-group field by its prefix followed by `<`, as in `prompt_<group id or 0>`)."""
    assert {"title", "planned_minutes", "timer", "method", "source", "prompt_"} <= form_fields
    assert {"side_a", "side_a_label"} <= form_fields  # names built in a template
    assert {"places", "group_names", "group_count"} <= form_fields
    documented = documented_form_fields(DOC.read_text(encoding="utf-8"))
    missing = sorted(form_fields - set(documented))
    assert not missing, (
        f"activity form fields missing from docs/protocol.md's {FORMS_SECTION!r} "
        "(a table row: | `field` | type and limits | default | meaning |): " + ", ".join(missing)
    )


def unexplained_fields(documented: dict[str, list[list[str]]]) -> list[str]:
    """Return the fields with a row lacking its type and limits, default or meaning."""
    return sorted(
        name
        for name, rows in documented.items()
        for cells in rows
        if len(cells) != 4 or not all(cells) or len(re.findall(r"\w+", cells[3])) < MEANING_WORDS
    )


def test_every_documented_form_field_says_what_it_means(form_fields):
    """A field listed without its type, default or meaning fails, and so does a row for a
    field the forms no longer have."""
    documented = documented_form_fields(DOC.read_text(encoding="utf-8"))
    assert len(documented) >= 30, "the table of activity form fields was not found"
    unexplained = unexplained_fields(documented)
    assert not unexplained, (
        "activity form fields without their type and limits, default or meaning in "
        "docs/protocol.md (each row: | `field` | type and limits | default | meaning |): "
        + ", ".join(unexplained)
    )
    stale = sorted(set(documented) - form_fields)
    assert not stale, "docs/protocol.md documents form fields no form has: " + ", ".join(stale)


def test_a_field_listed_without_its_meaning_is_caught():
    table = [
        FORMS_SECTION,
        "",
        "| Field | Type and limits | Default | Meaning |",
        "| --- | --- | --- | --- |",
        "| `cap` | integer 0–200 | 0 |  |",
        "| `prompt_<group id or 0>` | text | empty | A prompt. |",
        "| `rounds` | integer 1–99 | | How many rounds are planned. |",
        "| `budget` | integer 1–99 | 3 | The dots each person places. |",
        "| `format_0` | `headings` or `board` | `headings` | How the groups answer it. |",
        "",
        "### 4.16 Next",
        "| `order` | text | — | |",
    ]
    documented = documented_form_fields("\n".join(table))
    assert set(documented) == {"cap", "prompt_", "rounds", "budget", "format_"}
    assert unexplained_fields(documented) == ["cap", "prompt_", "rounds"]
