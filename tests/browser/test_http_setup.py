"""The browser tests' HTTP setup reads a form as a browser would send it (http_setup.py)."""

from tests.browser.http_setup import _FormReader

FORM = """
<form hx-post="/w/ABC123/activities" action="/ignored">
  <input type="hidden" name="csrf_token" value="token">
  <input type="text" name="title" value="A &amp; B">
  <input type="number" name="planned_minutes" value="10" disabled>
  <input type="radio" name="method" value="dots" checked>
  <input type="radio" name="method" value="ranking">
  <input type="checkbox" name="anonymous" value="1" checked>
  <input type="checkbox" name="private" value="1">
  <input type="checkbox" name="close_at_zero">
  <select name="results">
    <option value="hidden">Hidden</option><option value="live">Live</option>
  </select>
  <select name="order">
    <option value="random">Random</option><option value="fixed" selected>Fixed</option>
  </select>
  <select name="leader_ids" multiple><option value="1">Ann</option></select>
  <textarea name="instruction">
First line</textarea>
  <button type="submit" name="go" value="1">Add</button>
</form>
<form hx-post="/elsewhere"><input name="other" value="x"></form>
"""


def read(html: str, css_class: str = "") -> _FormReader:
    reader = _FormReader(css_class)
    reader.feed(html)
    return reader


def test_the_first_form_is_read_with_what_a_browser_sends_untouched():
    reader = read(FORM)
    assert reader.action == "/w/ABC123/activities"
    assert reader.fields == [
        ("csrf_token", "token"),
        ("title", "A & B"),
        ("method", "dots"),
        ("anonymous", "1"),
        ("results", "hidden"),
        ("order", "fixed"),
        ("instruction", "First line"),
    ]
    assert reader.choices == {"method": ["dots", "ranking"]}


def test_a_plain_form_posts_to_its_action():
    assert read('<form method="post" action="/j/ABC123"></form>').action == "/j/ABC123"


def test_a_form_of_a_class_is_read_past_the_forms_before_it():
    page = (
        '<form class="lang-switch" action="/lang"></form><form class="join-form big" action="/j">'
    )
    assert read(page, "join-form").action == "/j"
