"""No URL is built in JavaScript: every path a script requests comes from an attribute the
server rendered with url_for (an hx-post, data-ballot-url...), so routes live in Python only.

A string literal in static/js that looks like a path ("/p/", "/vote/", "/", "/w/" + code)
fails this test. Comments may name files (workshop/views/...): they are not scanned.
"""

import re
from pathlib import Path

import pytest

SCRIPTS = Path(__file__).resolve().parents[1] / "static" / "js"
# Comments first, so that an apostrophe in one never opens a string.
TOKENS = re.compile(r"""//[^\n]*|/\*.*?\*/|"(?:\\.|[^"\\\n])*"|'(?:\\.|[^'\\\n])*'""", re.S)
PATH = re.compile(r"^/|/[\w.-]+/|^[\w.-]+/$")


def string_literals(source: str) -> list[str]:
    """The contents of the quoted strings of a script, outside its comments."""
    return [token[1:-1] for token in TOKENS.findall(source) if token[0] in "'\""]


def path_literals(source: str) -> list[str]:
    return [text for text in string_literals(source) if PATH.search(text)]


def test_the_check_sees_a_path_and_ignores_comments():
    source = """// the phone's ballot (workshop/views/vote_context.py)
    var url = "/p/" + code + '/vote/' + id;  /* "/w/" in a comment */
    var selector = "[data-ballot-url]", sep = '/';"""
    assert path_literals(source) == ["/p/", "/vote/", "/"]


@pytest.mark.parametrize("script", sorted(SCRIPTS.glob("*.js")), ids=lambda p: p.name)
def test_no_script_builds_a_url(script):
    source = script.read_text(encoding="utf-8")
    assert string_literals(source), "no string found: is the scanner still right?"
    found = path_literals(source)
    assert not found, (
        f"{script.name} holds path literals {found}: render the URL into an attribute "
        "with url_for and read it from there"
    )
