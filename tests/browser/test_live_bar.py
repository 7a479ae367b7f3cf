"""The console's live bar on a 1366x768 laptop, played with presenter keys only.

The workshop, its agenda and the vote's candidates are set up over HTTP; the session's
main loop (next, timer, close writing, next, open, close, reveal, next) is played with
the keys a clicker sends, and every control it needs is asserted inside the viewport
with the page never scrolled.
"""

import re
import time

import pytest
from playwright.sync_api import Page, expect

from tests.browser.helpers import describe_violations, expect_online, run_axe
from tests.browser.http_setup import create_workshop, join, post

pytestmark = [pytest.mark.browser, pytest.mark.timeout(180)]

LAPTOP = {"width": 1366, "height": 768}
CANDIDATES = ["Open the centres at night", "A shared transport service", "A tool library"]


def laptop(contexts):
    return contexts.new(viewport=LAPTOP, locale="en-US")


def session_workshop(context, base_url: str) -> tuple[str, dict[str, int]]:
    """An English workshop: a brainstorm (5 min), a vote (3 dots, 5 min) with its
    candidates typed, a closing instruction; return its code and the activities' ids."""
    code = create_workshop(context, base_url, "Live bar")
    agenda = [
        {"kind": "brainstorm", "title": "Ideas", "planned_minutes": "5", "question": "What?"},
        {"kind": "vote", "title": "Priorities", "planned_minutes": "5", "results": "hidden"},
        {"kind": "instruction", "title": "Thanks", "planned_minutes": "0"},
    ]
    for fields in agenda:
        post(context, base_url, f"/w/{code}/activities", fields)
    page = context.request.get(f"{base_url}/w/{code}/console").text()
    ids = [int(i) for i in re.findall(r'id="activity-(\d+)"', page)]
    titles = ["Welcome", "Ideas", "Priorities", "Thanks"]
    by_title = dict(zip(titles, ids, strict=True))
    post(
        context,
        base_url,
        f"/w/{code}/votes/{by_title['Priorities']}/candidates",
        {"candidates": "\n".join(CANDIDATES)},
    )
    return code, by_title


def open_console(context, base_url: str, code: str) -> Page:
    page = context.new_page()
    page.goto(f"{base_url}/w/{code}/console")
    expect_online(page)
    page.bring_to_front()  # the window the keys go to, as the laptop's focused window
    return page


def in_view(page: Page, selector: str) -> None:
    """The control is visible inside the 1366x768 viewport, and the page is not scrolled."""
    control = page.locator(f"#live-bar {selector}")
    expect(control).to_be_visible()
    expect(control).to_be_in_viewport(ratio=1)  # wholly inside the 1366x768 window
    assert page.evaluate("() => window.scrollY") == 0, selector


def on_screen(page: Page, title: str) -> None:
    expect(page.locator("#live-title")).to_have_text(title)
    expect(page.locator("#console-agenda li.is-current strong")).to_have_text(title)


def test_the_main_loop_is_played_with_presenter_keys_without_scrolling(contexts, base_url):
    context = laptop(contexts)
    code, _ids = session_workshop(context, base_url)
    console = open_console(context, base_url, code)
    projector = open_projector_for(context, base_url, code)
    console.bring_to_front()
    expect(console.locator("#live-bar")).to_be_hidden()  # nothing to lead before the start
    console.click("#start-workshop")
    on_screen(console, "Welcome")
    in_view(console, "#step-next")

    # Next: the brainstorm, whose countdown started as it came on screen.
    console.keyboard.press("PageDown")
    on_screen(console, "Ideas")
    expect(console.locator("#live-bar #timer")).to_have_attribute("data-running", "true")
    for control in ("#step-previous", "#step-next", "#timer-pause", "#close-writing"):
        in_view(console, control)
    # The timer: T pauses and starts again, "+" gives one more minute.
    console.keyboard.press("t")
    expect(console.locator("#timer-start")).to_be_visible()
    expect(projector.locator("#timer")).to_have_attribute("data-running", "false")
    console.keyboard.type("+")
    clock = console.locator("#live-bar #timer .timer-value")
    expect(clock).to_have_text(re.compile(r"^(5:5\d|6:00)$"))
    console.keyboard.press("t")
    in_view(console, "#timer-pause")
    # B (a clicker's "blank screen" key) does the activity's main action: close writing.
    console.keyboard.press("b")
    in_view(console, "#reopen-writing")

    # Next: the vote; "." opens it, then closes it, then reveals the results.
    console.keyboard.press("ArrowRight")
    on_screen(console, "Priorities")
    in_view(console, "#open-vote")
    console.keyboard.press(".")
    in_view(console, "#close-vote")
    expect(projector.locator("#vote-progress")).to_be_visible()
    console.keyboard.press("b")
    in_view(console, "#reveal-results")
    console.keyboard.press("b")
    in_view(console, "#hide-results")
    expect(projector.locator("#vote-results")).to_be_visible()

    # Back and forth: the arrow keys and PageUp step too.
    console.keyboard.press("PageUp")
    on_screen(console, "Ideas")
    console.keyboard.press("PageDown")
    on_screen(console, "Priorities")
    console.keyboard.press("PageDown")
    on_screen(console, "Thanks")
    expect(console.locator("#step-next")).to_be_disabled()
    expect(console.locator("#live-bar #timer")).to_have_count(0)  # no duration, no timer
    assert console.evaluate("() => window.scrollY") == 0

    # The last activity: ending is where "Next" was looked for, confirmed first.
    in_view(console, "#live-end-workshop")
    console.once("dialog", lambda dialog: dialog.dismiss())
    console.click("#live-end-workshop")
    expect(console.locator("#console-agenda .state")).to_have_class(re.compile(r"\bstate-live\b"))
    console.once("dialog", lambda dialog: dialog.accept())
    console.click("#live-end-workshop")
    expect(console.locator("#console-agenda .state")).to_have_class(re.compile(r"\bstate-ended\b"))
    expect(console.locator("#live-bar")).to_be_hidden()
    expect(projector.locator("body")).to_contain_text("Thank you")


# ---- a push and an answer that race ------------------------------------------------------

BAR_AS_PUSHED = """() => {
  const bar = document.getElementById("live-bar").cloneNode(true);
  bar.setAttribute("hx-swap-oob", "true");
  return bar.outerHTML;
}"""
PUSH = """([html, stamp]) => window.workshopSocket.listeners("regions")[0]({html, stamp})"""
# A push redraws the bar while the bar's own request is on its way: the form that sent it
# is out of the page when its answer comes.
PUSH_WHILE_SENDING = """(stamp) => {
  window.pushedWhileSending = null;
  window.regionsLost = 0;  // an answer's region htmx found no place for
  document.addEventListener("htmx:oobErrorNoTarget", () => { window.regionsLost += 1; });
  document.addEventListener("htmx:beforeSend", function push(event) {
    if (!event.detail.elt.closest("#live-bar")) { return; }
    document.removeEventListener("htmx:beforeSend", push);
    const bar = document.getElementById("live-bar").cloneNode(true);
    bar.setAttribute("hx-swap-oob", "true");
    window.workshopSocket.listeners("regions")[0]({html: bar.outerHTML, stamp});
    window.pushedWhileSending = !event.detail.elt.isConnected;
  });
}"""

SEND_AS_SEEN = """(seen) => {
  document.addEventListener("htmx:configRequest", function behind(event) {
    if (!event.detail.elt.closest("#live-bar")) { return; }
    document.removeEventListener("htmx:configRequest", behind);
    event.detail.parameters.seen = seen;
  });
}"""


def stamp_now() -> int:
    """Now, as the server stamps what it renders (the same clock: the same machine)."""
    return time.time_ns() // 1000


def started_console(contexts, base_url: str) -> tuple[Page, dict[str, int]]:
    """A console on "Ideas" (the second activity), and the activities' ids."""
    context = laptop(contexts)
    code, ids = session_workshop(context, base_url)
    console = open_console(context, base_url, code)
    console.click("#start-workshop")
    on_screen(console, "Welcome")
    console.keyboard.press("PageDown")
    on_screen(console, "Ideas")
    return console, ids


def test_a_push_rendered_before_a_step_does_not_bring_the_old_activity_back(contexts, base_url):
    console, ids = started_console(contexts, base_url)
    old_bar = console.evaluate(BAR_AS_PUSHED)
    before_the_step = stamp_now()
    console.keyboard.press("PageDown")
    on_screen(console, "Priorities")
    # The push of an earlier change, rendered before the step, arrives after its answer.
    console.evaluate(PUSH, [old_bar, before_the_step - 1])
    expect(console.locator("#live-title")).to_have_text("Priorities")
    expect(console.locator("#live-bar input[name=seen]")).to_have_value(str(ids["Priorities"]))
    # A copy rendered later than what the bar shows is swapped in, as every push is.
    console.evaluate(PUSH, [old_bar, stamp_now()])
    expect(console.locator("#live-title")).to_have_text("Ideas")


def test_a_step_answered_after_a_push_redrew_the_bar_still_lands(contexts, base_url):
    # htmx swaps an answer's regions into the page even when the form that asked has left
    # it; the stamps must not drop them (the push was rendered before the step began).
    console, _ids = started_console(contexts, base_url)
    console.evaluate(PUSH_WHILE_SENDING, stamp_now())
    console.keyboard.press("PageDown")
    on_screen(console, "Priorities")
    assert console.evaluate("window.pushedWhileSending") is True
    assert console.evaluate("window.regionsLost") == 0


def test_a_refused_step_says_so_and_shows_where_the_agenda_stands(contexts, base_url):
    console, ids = started_console(contexts, base_url)
    console.keyboard.press("PageDown")
    on_screen(console, "Priorities")
    # The console was behind (a late push, a second tab): its step still names "Ideas".
    console.evaluate(SEND_AS_SEEN, str(ids["Ideas"]))
    console.evaluate(PUSH_WHILE_SENDING, stamp_now())  # and its form leaves the page
    console.keyboard.press("PageDown")
    expect(console.locator("#flash")).to_contain_text("The agenda moved meanwhile")
    on_screen(console, "Priorities")  # not skipped to "Thanks"
    assert console.evaluate("window.pushedWhileSending") is True


def test_a_step_lost_on_the_way_after_a_push_redrew_the_bar_says_so(contexts, base_url):
    console, _ids = started_console(contexts, base_url)
    console.route(re.compile(r"/step$"), lambda route: route.abort("internetdisconnected"))
    console.evaluate(PUSH_WHILE_SENDING, stamp_now())
    console.keyboard.press("PageDown")
    expect(console.locator("#flash")).to_contain_text("Not sent: the connection dropped.")
    assert console.evaluate("window.pushedWhileSending") is True
    on_screen(console, "Ideas")  # nothing moved


def open_projector_for(context, base_url: str, code: str) -> Page:
    page = context.new_page()
    page.goto(f"{base_url}/w/{code}/screen")
    expect_online(page)
    return page


def test_keys_are_never_taken_from_someone_typing(contexts, base_url):
    console, _ids = started_console(contexts, base_url)
    console.keyboard.press("PageDown")
    on_screen(console, "Priorities")

    # The settings' "Place" field: a form the live pushes never replace.
    console.locator("#settings-panel > summary").click()
    box = console.locator("#settings-panel input[name=place]")
    box.fill("")
    box.click()
    for key in ("PageDown", "ArrowRight", "b", ".", "t"):
        console.keyboard.press(key)
    console.keyboard.type("+")
    expect(box).to_have_value("b.t+")
    expect(console.locator("#open-vote")).to_be_visible()  # the vote was not opened
    on_screen(console, "Priorities")
    expect(console.locator("#timer-pause")).to_be_visible()  # the timer still runs
    # A modifier is someone else's shortcut, not a presenter key.
    console.locator("body").click(position={"x": 5, "y": 700})
    console.keyboard.press("Control+ArrowRight")
    on_screen(console, "Priorities")


def test_the_live_agenda_is_compact_and_its_editing_one_click_away(contexts, base_url):
    context = laptop(contexts)
    code, ids = session_workshop(context, base_url)
    console = open_console(context, base_url, code)
    expect(console.locator(f"#edit-{ids['Ideas']}")).to_be_visible()  # a draft: all tools
    console.click("#start-workshop")
    on_screen(console, "Welcome")
    edit = console.locator(f"#edit-{ids['Ideas']}")
    expect(edit).to_be_hidden()
    expect(console.locator("#add-instruction")).to_be_hidden()
    expect(console.locator(f"#go-{ids['Priorities']}")).to_be_visible()
    toggle = console.locator("#agenda-edit-toggle")
    toggle.click()
    expect(toggle).to_have_attribute("aria-pressed", "true")
    expect(edit).to_be_visible()
    # A push of the agenda (the next activity) keeps the tools shown.
    console.keyboard.press("PageDown")
    on_screen(console, "Ideas")
    expect(console.locator(f"#edit-{ids['Priorities']}")).to_be_visible()
    expect(console.locator("#agenda-edit-toggle")).to_have_attribute("aria-pressed", "true")
    console.locator(f"#edit-{ids['Priorities']}").click()
    expect(console.locator("#editor #title")).to_have_value("Priorities")
    console.locator("#editor [data-clear='#editor']").click()
    console.locator("#agenda-edit-toggle").click()
    expect(console.locator(f"#edit-{ids['Priorities']}")).to_be_hidden()
    # The on-screen activity's panel comes before the agenda.
    board_top = console.locator("#console-board").bounding_box()["y"]
    agenda_top = console.locator("#console-agenda").bounding_box()["y"]
    assert board_top < agenda_top


def test_the_live_bar_has_no_axe_violations(contexts, base_url):
    context = laptop(contexts)
    code, _ids = session_workshop(context, base_url)
    console = open_console(context, base_url, code)
    console.click("#start-workshop")
    on_screen(console, "Welcome")
    for key, title in (("PageDown", "Ideas"), ("PageDown", "Priorities")):
        console.keyboard.press(key)
        on_screen(console, title)
        violations = run_axe(console, impacts=None)
        assert not violations, describe_violations(f"console, {title}", violations)
    console.keyboard.press("b")
    expect(console.locator("#close-vote")).to_be_visible()
    violations = run_axe(console, impacts=None)
    assert not violations, describe_violations("console, open vote", violations)


def candidate_ids(context, base_url: str, code: str, vote_id: int) -> list[int]:
    page = context.request.get(f"{base_url}/w/{code}/console").text()
    return [int(i) for i in re.findall(rf"/votes/{vote_id}/candidates/(\d+)/reword", page)]


def dot(phone, base_url: str, code: str, vote_id: int, candidate: int) -> None:
    post(
        phone, base_url, f"/p/{code}/vote/{vote_id}/dot", {"candidate_id": candidate}, f"/p/{code}"
    )


def test_a_second_tie_is_settled_by_the_facilitator_and_the_minutes_say_why(contexts, base_url):
    context = laptop(contexts)
    code = create_workshop(context, base_url, "Second tie")
    vote = {"kind": "vote", "title": "Priorities", "budget": "1", "retain": "1", "source": ""}
    post(context, base_url, f"/w/{code}/activities", vote)
    page = context.request.get(f"{base_url}/w/{code}/console").text()
    vote_id = int(re.findall(r'id="activity-(\d+)"', page)[-1])
    post(context, base_url, f"/w/{code}/votes/{vote_id}/candidates", {"candidates": "Alpha\nBeta"})
    phones = []
    for first in ("Ana", "Ben"):
        phone = contexts.phone()
        join(phone, base_url, code, first, "Tie")
        phones.append(phone)
    post(context, base_url, f"/w/{code}/start", {})
    post(context, base_url, f"/w/{code}/activities/{vote_id}/go", {})
    post(context, base_url, f"/w/{code}/votes/{vote_id}/open", {})
    for phone, candidate in zip(
        phones, candidate_ids(context, base_url, code, vote_id), strict=True
    ):
        dot(phone, base_url, code, vote_id, candidate)
    post(context, base_url, f"/w/{code}/votes/{vote_id}/close", {})
    post(context, base_url, f"/w/{code}/votes/{vote_id}/runoff", {})  # on screen, open
    page = context.request.get(f"{base_url}/w/{code}/console").text()
    runoff_id = int(re.findall(r'id="activity-(\d+)"', page)[-1])
    choices = candidate_ids(context, base_url, code, runoff_id)
    for phone, candidate in zip(phones, choices, strict=True):
        dot(phone, base_url, code, runoff_id, candidate)  # tied again

    console = open_console(context, base_url, code)
    on_screen(console, "Run-off: Priorities")
    console.keyboard.press("b")  # close the run-off
    expect(console.locator("#live-bar #decide-tie")).to_be_visible()
    expect(console.locator("#live-bar #live-runoff")).to_be_visible()  # another round
    expect(console.locator("#live-bar #keep-tied")).to_be_visible()
    console.locator("#live-bar #decide-tie").click()
    form = console.locator("#editor form.tie-form")
    form.locator(f"#chosen-{choices[1]}").check()
    form.locator("#save-tie").click()  # no reason: refused, said in the form
    expect(console.locator("#editor #reason-error")).to_be_visible()
    form = console.locator("#editor form.tie-form")
    expect(form.locator(f"#chosen-{choices[1]}")).to_be_checked()  # the choice is kept
    form.locator("#reason").fill("Beta is already funded by the council.")
    form.locator("#save-tie").click()
    expect(console.locator("#live-bar #tie-settled")).to_be_visible()
    expect(console.locator("#console-vote .tie-decision")).to_contain_text("already funded")

    minutes = context.request.get(f"{base_url}/w/{code}/minutes/download/md").text()
    assert "settled by the facilitator's decision" in minutes
    assert "Beta is already funded by the council." in minutes
    violations = run_axe(console, impacts=None)
    assert not violations, describe_violations("console, tie settled", violations)
