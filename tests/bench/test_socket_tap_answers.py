"""The bench's socket phones read an acknowledgement as the page does: the rows it carries
replace theirs, so a spent budget disables every "place a dot" button."""

from bench.socket_taps import SocketTapTarget
from bench.targets import Ballot

ROW = (
    '<li class="ballot-candidate" data-candidate="{id}"><div class="candidate-tools">'
    '<form class="tap" hx-post="/p/ABC/vote/2/dot" hx-target="#my-ballot">\n'
    '  <input type="hidden" name="candidate_id" value="{id}">\n'
    '  <button type="submit" class="button primary"{disabled}>+</button>\n</form></div></li>'
)


def answer(rows: dict[str, bool], stamp="20") -> str:
    import json

    html = [
        {"candidate": int(c), "html": ROW.format(id=c, disabled=" disabled" * d)}
        for c, d in rows.items()
    ]
    return json.dumps({"ok": True, "activity": 2, "stamp": stamp, "remaining": 0, "rows": html})


def target() -> SocketTapTarget:
    return SocketTapTarget.__new__(SocketTapTarget)  # no servers: only the parsing is used


def test_the_rows_of_an_acknowledgement_update_which_buttons_are_enabled():
    before = Ballot(["1", "2", "3"], {"url": "/p/ABC/vote/2/dot"}, None, "10")
    after = target().answer_ballot(answer({"1": True, "2": True, "3": True}), before)
    assert after.enabled == set() and after.stamp == "20"
    assert after.candidates == ["1", "2", "3"]


def test_an_acknowledgement_of_one_row_leaves_the_others_as_they_were():
    before = Ballot(["1", "2", "3"], {"url": "/p/ABC/vote/2/dot"}, {"1", "2", "3"}, "10")
    after = target().answer_ballot(answer({"2": True}), before)
    assert after.enabled == {"1", "3"}
