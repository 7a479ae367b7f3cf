"""docs/protocol.md stays true: every route and Socket.IO handler is documented, none is stale.

A route is documented by `METHOD /rule` in backticks, exactly as in the Flask URL map
(e.g. `POST /w/<code>/activities/<int:activity_id>/move`), for each of GET and POST it
accepts; a Socket.IO handler by `EVENT <name>`. Mentions inside fenced code blocks are
examples and do not count.
"""

import re
from pathlib import Path

import pytest

from workshop.extensions import socketio
from workshop.presenters.regions import REGIONS

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


def activity_form_fields() -> set[str]:
    """Return the fields of the agenda form of every activity kind; a field whose name is
    built per group (`prompt_{{ id }}`) is returned as its prefix (`prompt_`)."""
    fields = set()
    for path in ACTIVITY_FORMS:
        for written, by_macro in FIELD_NAME.findall(path.read_text(encoding="utf-8")):
            fields.add(written or by_macro)
    fields -= NOT_FIELDS
    return fields


def test_every_activity_form_field_is_documented(spans):
    """Each field of each kind's form is named in backticks (a per-group field by its
    prefix followed by `<`, as in `prompt_<group id or 0>`)."""
    fields = activity_form_fields()
    assert {"title", "planned_minutes", "timer", "method", "source", "prompt_"} <= fields
    assert {"places", "group_names", "group_count"} <= fields
    missing = sorted(
        name
        for name in fields
        if name not in spans and not any(s.startswith(f"{name}<") for s in spans)
    )
    assert not missing, "activity form fields missing from docs/protocol.md: " + ", ".join(missing)
