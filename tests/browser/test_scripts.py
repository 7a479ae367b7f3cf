"""Each page loads its own scripts and no other, and none logs an error in the console.

One script per audience (docs/protocol.md §6.5): the projector never asks for the phone's
vote script, phones never load the projector's. The Content-Security-Policy refuses inline
scripts and styles: a page that tried one (htmx's indicator style, say) would log an error.
"""

import re
from collections import defaultdict

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import expect_online, join, open_projector
from tests.browser.test_votes import CANDIDATES, place_dots, vote_workshop

pytestmark = [pytest.mark.browser, pytest.mark.timeout(150)]

HTMX = "htmx-2.0.11.min.js"
SOCKET_IO = "socket.io-4.8.4.min.js"
SCRIPTS = {
    "console": {
        HTMX,
        "ui.js",
        SOCKET_IO,
        "live.js",
        "timer.js",
        "results.js",
        "speed.js",
        "console-keys.js",
    },
    "projector": {
        HTMX,
        SOCKET_IO,
        "live.js",
        "timer.js",
        "results.js",
        "fit-text.js",
        "screen-pages.js",
        "speed.js",
    },
    "phone": {HTMX, "ui.js", SOCKET_IO, "live.js", "timer.js", "vote.js", "speed.js"},
    "minutes": {HTMX, "ui.js", SOCKET_IO, "live.js"},
}


class Watch:
    """Records, per page of the watched contexts, the scripts it requested and its
    console errors."""

    def __init__(self):
        self.scripts = defaultdict(set)
        self.errors = []

    def context(self, context):
        context.on("request", self._request)
        context.on("console", self._console)
        return context

    def _request(self, request):
        if request.resource_type == "script":
            self.scripts[request.frame.page].add(request.url.rsplit("/", 1)[-1].split("?")[0])

    def _console(self, message):
        if message.type == "error":
            page = message.page.url if message.page else "?"
            self.errors.append(f"{page}: {message.text}")


def test_each_page_loads_its_own_scripts_and_logs_no_error(contexts, base_url, facilitator):
    watch = Watch()
    watch.context(facilitator)
    workshop = vote_workshop(contexts, base_url, facilitator, "Scripts")
    console = workshop.console
    projector = open_projector(workshop)
    phone = join(watch.context(contexts.phone()), workshop, "Ada", "Script", through_form=True)
    place_dots(phone, CANDIDATES[:2])
    for page in (console, projector):  # the pushed results, animated by results.js
        expect(page.locator("#vote-results tr.rank-row")).to_have_count(len(CANDIDATES))
    minutes = facilitator.new_page()
    minutes.goto(f"{base_url}/w/{workshop.code}/minutes")
    expect_online(minutes)
    expect(minutes.frame_locator("iframe.minutes-preview").locator("h1")).to_be_visible()

    loaded = {
        "console": watch.scripts[console],
        "projector": watch.scripts[projector],
        "phone": watch.scripts[phone],
        "minutes": watch.scripts[minutes],
    }
    assert loaded == SCRIPTS
    assert "vote.js" not in watch.scripts[projector]
    assert not watch.errors, "errors in the console:\n" + "\n".join(watch.errors)


def test_a_refused_inline_style_is_an_error_the_watch_sees(contexts, base_url, facilitator):
    """The check above would be blind if the CSP did not log its refusals as errors."""
    watch = Watch()
    page = watch.context(facilitator).new_page()
    page.goto(f"{base_url}/")
    page.evaluate(
        "document.head.insertAdjacentHTML('beforeend', '<style>body { color: red }</style>')"
    )
    for _ in range(20):  # the console message comes asynchronously
        if watch.errors:
            break
        page.wait_for_timeout(100)
    assert any(re.search(r"Content Security Policy", e) for e in watch.errors), watch.errors
