"""Invariant 4: nothing a user typed ever runs as code or as an htmx attribute, anywhere.

A whole finished session (tests/minutes_session.py) is typed with markup in every text a
person can type: workshop details, names and organisations, group names, the scenario's
answers and the board, orientations and sub-points, comments, the synthesis, candidates,
actions and the next workshop. Then every surface is read: the console, the minutes page
and its print view, the projector, every pushed region of every audience, and every
export format (HTML, Markdown, DOCX, JSON, CSV).
"""

import io
import json
import re
import zipfile
from html.parser import HTMLParser

import docx
import pytest
from flask import current_app
from markdown_it import MarkdownIt

from tests import minutes_session as sample
from workshop.live.broadcast import render_regions, rooms_of
from workshop.presenters.regions import REGIONS

# An element with a handler, a script, a would-be htmx attribute, a template expression
# and a spreadsheet formula: whichever way a surface mishandles text, one of them shows.
HOSTILE = '<img src=x onerror=alert(1)><script>alert(2)</script>hx-get="/e"{{7*7}}'
RAW_MARKERS = ("<img src=x", "<script>alert", 'hx-get="/e"', "onerror=alert(1)>")


# Rich text (the facilitator's Markdown subset) with a link that would run code, markup
# inside emphasis and a raw tag: only <strong>, <em> and http(s)/mailto links may come out.
RICH_TRAP = (
    "**gras <script>alert(3)</script>** [clic](javascript:alert(4)) "
    "*<img src=x onerror=alert(5)>* [ok](https://exemple.org)\n- <b>puce</b>"
)


# Invisible characters typed around the tag: a right-to-left override, an isolate and a
# zero-width space. None of them may be stored or shown (the text is cleaned when typed).
INVISIBLE = ("\u202e", "\u2066", "\u200b")


def hostile(n: int | str) -> str:
    """The payload with a short tag, so texts stay apart and within the length limits."""
    return f"{HOSTILE}{n}"


def hidden(n: int | str) -> str:
    """The payload with invisible characters around its tag (texts not used as keys)."""
    return f"{HOSTILE}{INVISIBLE[0]}{n}{INVISIBLE[1]}{INVISIBLE[2]}"


@pytest.fixture(scope="module")
def session(tmp_path_factory):
    patch = pytest.MonkeyPatch()
    people = [
        (hostile(f"s{i}"), hostile(f"f{i}"), hostile(f"o{i}"), category)
        for i, (_s, _f, _o, category) in enumerate(sample.PEOPLE)
    ]
    orientations = [
        (hostile(f"h{i}"), [hostile(f"p{i}.{j}") for j in range(len(subs))], g)
        for i, (_h, subs, g) in enumerate(sample.ORIENTATIONS)
    ]
    outline = "\n".join(
        f"  {hostile(f'q{i}')}" if line.startswith("  ") else hostile(f"g{i}")
        for i, line in enumerate(sample.GROUP_1_OUTLINE.strip("\n").splitlines())
    )
    for name, value in {
        "PEOPLE": people,
        "ORIENTATIONS": orientations,
        "GROUP_1_OUTLINE": outline,
        "DEMANDS": [(hostile(f"d{i}"), [hostile(f"e{i}")]) for i in range(3)],
        "ORIENTATION_COMMENT": hostile("comment"),
        "ACTIVITY_COMMENT": hostile("activity comment"),
        "SYNTHESIS_1": hostile("synthesis"),
        "SCENARIO_TITLE": hostile("scenario"),
    }.items():
        patch.setattr(sample, name, value)
    fields = {
        key: hidden(key)
        for key in ("title", "theme", "context", "organiser", "place", "minutes_author")
    }
    try:
        with sample.finished_session(tmp_path_factory.mktemp("hostile")) as made:
            client = current_app.test_client()
            assert client.get(f"/f/{made.secret}").status_code == 302
            yield client, made, fields
    finally:
        patch.undo()


@pytest.fixture(scope="module", autouse=True)
def _named_groups(session):
    from workshop.services import groups, minutes, workshops

    _client, made, fields = session
    workshops.update_workshop(made.workshop, {**fields, "language": "fr", "date": "2026-03-12"})
    minutes.save_texts(made.workshop, {"introduction": RICH_TRAP, "closing": RICH_TRAP})
    minutes.add_action(made.workshop, {"title": "Piège", "description": RICH_TRAP})
    for group in made.groups:
        groups.update_group(made.workshop, group.id, {"name": hidden(f"G{group.id}")})


class Elements(HTMLParser):
    """Every element and attribute the page really has, and the text of its scripts."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, dict]] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, dict(attrs)))
        self._in_script = tag == "script"

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.scripts.append(data)


def strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings(item)


def assert_inert(text: str, where: str) -> None:
    """No element, attribute or script came from the payload (as text it is harmless)."""
    for marker in RAW_MARKERS[:2]:  # an element can only begin with a raw "<"
        assert marker not in text, f"{where}: {marker!r} left raw"
    parser = Elements()
    parser.feed(text)
    for tag, attrs in parser.found:
        assert "onerror" not in attrs, f"{where}: <{tag} onerror>"
        assert attrs.get("hx-get") != "/e", f"{where}: <{tag} hx-get=/e>"
        assert not (tag == "img" and attrs.get("src") == "x"), f"{where}: <img src=x>"
    assert not any("alert(" in script for script in parser.scripts), f"{where}: a script"


def test_the_payload_really_went_in(session):
    client, made, _fields = session
    page = client.get(f"/w/{made.workshop.join_code}/minutes/print").get_data(as_text=True)
    assert page.count("&lt;img src=x onerror=alert(1)&gt;") > 20  # everywhere, as text
    assert "{{7*7}}" in page  # never evaluated as a template
    assert "&lt;img src=x onerror=alert(1)&gt;&lt;script&gt;alert(2)&lt;/script&gt;" in page
    assert "{{7*7}}title" in page  # the workshop's own title, as typed


@pytest.mark.parametrize(
    "path",
    ["/console", "/minutes", "/minutes/print", "/screen"],
)
def test_pages_show_typed_markup_as_text(session, path):
    client, made, _fields = session
    response = client.get(f"/w/{made.workshop.join_code}{path}")
    if response.status_code == 302:  # the projector page redirects to its own link
        response = client.get(response.headers["Location"])
    assert response.status_code == 200, path
    html = response.get_data(as_text=True)
    assert_inert(html, path)
    assert "&lt;script&gt;alert(2)&lt;/script&gt;" in html or path == "/screen"


def test_every_pushed_region_of_every_audience_is_escaped(session):
    _client, made, _fields = session
    workshop = made.workshop
    pushed = ""
    for room in rooms_of(workshop):
        regions = [r for r in REGIONS.values() if room.audience in r.audiences]
        shown = [r for r in regions if r.shown(workshop, room)]
        pushed += render_regions(workshop, shown, room)
    assert pushed.count("&lt;img src=x") > 5
    assert_inert(pushed, "pushed regions")


@pytest.mark.parametrize("path", ["/console", "/minutes/print", "/minutes/download/json"])
def test_no_invisible_character_typed_anywhere_is_stored_or_shown(session, path):
    client, made, _fields = session
    text = client.get(f"/w/{made.workshop.join_code}{path}").get_data(as_text=True)
    if path.endswith("json"):
        text = "".join(strings(json.loads(text)))
    assert text.count("alert(1)") > 10  # the typed texts are there...
    assert not [ch for ch in INVISIBLE if ch in text]  # ...without what was invisible


@pytest.mark.parametrize("fmt", ["html", "md", "json", "docx", "csv"])
def test_every_export_keeps_typed_markup_inert(session, fmt):
    client, made, _fields = session
    response = client.get(f"/w/{made.workshop.join_code}/minutes/download/{fmt}")
    assert response.status_code == 200
    data = response.get_data()
    if fmt == "html":
        assert_inert(data.decode(), "HTML export")
    elif fmt == "md":
        # Escaped for Markdown, not for HTML: what a Markdown reader renders is inert, and
        # the file itself shows the text with backslashes, never as entities.
        text = data.decode()
        assert_inert(MarkdownIt("commonmark").enable("table").render(text), "Markdown export")
        assert "\\<img src=x onerror=alert(1)>" in text and "&lt;" not in text
    elif fmt == "json":
        # JSON carries the text as it was typed, as strings: it never becomes markup.
        assert any(HOSTILE in text for text in strings(json.loads(data)))
    elif fmt == "docx":
        document = docx.Document(io.BytesIO(data))
        text = "\n".join(p.text for p in document.paragraphs)
        assert HOSTILE.split("<script>")[0] in text  # shown literally, as typed
    else:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            for name in archive.namelist():
                for line in archive.read(name).decode("utf-8-sig").splitlines():
                    for cell in line.split(","):
                        assert not cell.lstrip('"').startswith(("=", "+", "-", "@")), (name, cell)


@pytest.mark.parametrize("fmt", ["html", "md", "docx"])
def test_rich_text_lets_through_only_its_own_subset(session, fmt):
    client, made, _fields = session
    data = client.get(f"/w/{made.workshop.join_code}/minutes/download/{fmt}").get_data()
    if fmt == "docx":
        document = docx.Document(io.BytesIO(data))
        targets = [r.target_ref for r in document.part.rels.values() if r.is_external]
        assert targets and set(targets) == {"https://exemple.org"}
        assert any("<script>alert(3)</script>" in p.text for p in document.paragraphs)
        return
    html = data.decode() if fmt == "html" else MarkdownIt("commonmark").render(data.decode())
    assert_inert(html, f"rich text in {fmt}")
    links = re.findall(r'<a\s[^>]*href="([^"]*)"', html)
    assert links and set(links) == {"https://exemple.org"}
    assert "<strong>gras &lt;script&gt;alert(3)&lt;/script&gt;</strong>" in html
    assert "[clic](javascript:alert(4))" in html
