"""Real-browser fixtures: the app served by run.py, driven through Debian's Chromium.

One server (gevent, SQLite in a temporary instance folder) and one Chromium per test
process serve the folder (with xdist, each worker has its own: its own port, and its own
folder since `tmp_path_factory` is per worker); every test creates its own workshop and its
own browser contexts, so tests stay independent. Chromium is Debian's headless shell
(/usr/bin/chromium-headless-shell) or else its browser (/usr/bin/chromium); without
either the folder is skipped, unless WORKSHOP_REQUIRE_SERVICES=1 (CI), where it fails.
WORKSHOP_UPDATE_SCREENSHOTS=1 rewrites docs/screenshots/console.png (test_live_workshop.py),
projector.png and phone.png (test_screens.py), each file by one test only: the files may
run on several xdist workers at once.

    .venv/bin/python -m pytest tests/browser -q -p no:cacheprovider -x
"""

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect, sync_playwright

from tests.browser.helpers import desktop_options, phone_options
from tests.served import served_app

# Debian's headless shell (package chromium-headless-shell: Chromium's engine without the
# desktop browser around it, what Playwright itself runs for headless tests) when present:
# the same pages, scripts and sockets for about 40 % less CPU, which the 2-core suite is
# bound by. Otherwise Debian's Chromium. WORKSHOP_TEST_CHROMIUM names another binary.
CHROMIUM_CHOICES = (Path("/usr/bin/chromium-headless-shell"), Path("/usr/bin/chromium"))


def chosen_chromium() -> Path:
    named = os.environ.get("WORKSHOP_TEST_CHROMIUM")
    if named:
        return Path(named)
    return next((path for path in CHROMIUM_CHOICES if path.is_file()), CHROMIUM_CHOICES[-1])


CHROMIUM = chosen_chromium()
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
REQUIRE_SERVICES = os.environ.get("WORKSHOP_REQUIRE_SERVICES") == "1"
UPDATE_SCREENSHOTS = os.environ.get("WORKSHOP_UPDATE_SCREENSHOTS") == "1"
TIMEOUT_MS = 10_000
SERVER_START_SECONDS = 90  # an upper bound: a loaded 2-core machine imports slowly
# Variables that would point the server at shared services or lock workshop creation.
SERVER_ENV_DROPPED = ("DATABASE_URL", "REDIS_URL", "WORKSHOP_PASSWORD", "WORKSHOP_SECRET_KEY")

SERVER_LOG: dict[str, Path] = {}

expect.set_options(timeout=TIMEOUT_MS)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """Attach the end of the server's log to a failed browser test's report."""
    report = yield
    path = SERVER_LOG.get("path")
    if report.failed and path is not None and path.exists():
        lines = path.read_text(errors="replace").splitlines()[-60:]
        report.sections.append(("app server log (last lines)", "\n".join(lines)))
    return report


@pytest.fixture(scope="session", autouse=True)
def chromium_path():
    """Debian's Chromium, or a skip of the whole folder (a failure when CI requires it)."""
    if not (CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)):
        reason = f"Chromium not installed at {CHROMIUM} (apt-get install chromium-headless-shell)"
        if REQUIRE_SERVICES:
            pytest.fail(f"required service missing: {reason}")
        pytest.skip(reason)
    return CHROMIUM


@pytest.fixture(scope="session")
def base_url(tmp_path_factory, chromium_path):
    """Start `python run.py` on a free port; yield its address; stop it by pid."""
    folder = tmp_path_factory.mktemp("browser-server")
    with served_app(
        folder / "instance",
        folder,
        dropped=SERVER_ENV_DROPPED,
        ready_path="/",
        start_seconds=SERVER_START_SECONDS,
        # Every browser and script of the suite joins from 127.0.0.1, test after test: the
        # per-address joining limit (tests/views/test_joining.py) is not what is tested here.
        WORKSHOP_JOINS_PER_ADDRESS_LIMIT="100000 per minute",
    ) as server:
        SERVER_LOG["path"] = server.log_path
        yield server.base


@pytest.fixture(scope="session")
def browser(chromium_path):
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(chromium_path), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class Contexts:
    """Opens browser contexts for one test; closes them after it, reporting page errors."""

    def __init__(self, browser):
        self.browser = browser
        self.opened = []
        self.errors: list[str] = []

    def new(self, **options):
        context = self.browser.new_context(**options)
        context.set_default_timeout(TIMEOUT_MS)
        context.set_default_navigation_timeout(TIMEOUT_MS)
        context.on("page", self._watch)
        self.opened.append(context)
        return context

    def _watch(self, page):
        page.on("pageerror", lambda error: self.errors.append(f"{page.url}: {error}"))

    def desktop(self, locale: str = "en-US"):
        """The facilitator's laptop (1280x800); the projector tab opens in it."""
        return self.new(**desktop_options(locale))

    def phone(self, locale: str = "en-US"):
        """A participant's phone (360x740, touch)."""
        return self.new(**phone_options(locale))

    def close(self):
        for context in self.opened:
            context.close()


@pytest.fixture
def contexts(browser):
    opened = Contexts(browser)
    yield opened
    opened.close()
    assert not opened.errors, "JavaScript errors in the pages:\n" + "\n".join(opened.errors)


@pytest.fixture
def facilitator(contexts):
    return contexts.desktop()


@pytest.fixture
def update_screenshots():
    return UPDATE_SCREENSHOTS
