"""What a facilitator, a projector and a phone do, written once for the browser tests.

Every wait is a Playwright auto-waiting expectation: no sleeps, no timing assertions.
Elements are found by id or role-like attributes, not by their (translatable) text.
"""

import io
import re
from dataclasses import dataclass, field
from pathlib import Path

import docx
from playwright.sync_api import BrowserContext, Page, expect

from tests.browser import http_setup
from tests.exporters.readers import unescape_markdown

HERE = Path(__file__).resolve().parent
AXE_SOURCE = HERE / "axe-4.14.1.min.js"
SCREENSHOTS = HERE.parents[1] / "docs" / "screenshots"

DESKTOP = {"width": 1280, "height": 800}
PROJECTOR = {"width": 1280, "height": 720}
PHONE = {"width": 360, "height": 740}


@dataclass
class Workshop:
    """A workshop created through the UI, with the facilitator's console open."""

    base_url: str
    code: str
    title: str
    console: Page
    facilitator_link: str
    agenda: list[str] = field(default_factory=list)  # activity titles, in order

    def on_stage(self, index: int) -> str:
        """The heading the projector and phones show for an activity: the welcome one
        shows the workshop's title, the others their own."""
        return self.title if index == 0 else self.agenda[index]

    @property
    def join_url(self) -> str:
        return f"{self.base_url}/j/{self.code}"


# ---- contexts ---------------------------------------------------------------------------


def desktop_options(locale: str = "en-US") -> dict:
    """A facilitator's laptop."""
    return {"viewport": DESKTOP, "locale": locale}


def phone_options(locale: str = "en-US") -> dict:
    """A small touch phone, as participants hold them."""
    return {"viewport": PHONE, "is_mobile": True, "has_touch": True, "locale": locale}


def mark_page(page: Page) -> None:
    """Leave a mark in the page's JavaScript state: a reload would wipe it."""
    page.evaluate("() => { window.__notReloaded = true; }")


def was_reloaded(page: Page) -> bool:
    return page.evaluate("() => window.__notReloaded !== true")


# ---- facilitator ------------------------------------------------------------------------

ENGLISH_DETAILS = {
    "series_label": "Workshop 2",
    "theme": "Social centres in 2030",
    "context": "First paragraph of the stakes.\n\nSecond paragraph.",
    "date": "2026-03-12",
    "start_time": "09:30",
    "end_time": "12:00",
    "place": "Metz",
    "organiser": "Federation of social centres",
    "minutes_author": "C. Martin",
    "categories": "Association\nCompany\nResident",
}


def create_workshop(
    context: BrowserContext,
    base_url: str,
    title: str,
    *,
    language: str = "fr",
    instructions: tuple[tuple, ...] = (("Say what you bring", 1), ("Pick three", 2)),
    details: dict | None = None,
    created_page_hook=None,
    through_form: bool = False,
) -> Workshop:
    """Create a workshop with instruction activities and open its console.

    `instructions` holds (title, minutes) or (title, minutes, text) tuples; `details`
    overrides fields of ENGLISH_DETAILS. The workshop is set up over HTTP (the same form
    fields, http_setup.py), in a fraction of the time clicking takes; with `through_form`
    (or a `created_page_hook`, called with the created page) the facilitator fills the
    "new workshop" form and adds the activities in the console, for tests of those steps.
    """
    fields = {**ENGLISH_DETAILS, **(details or {}), "title": title}
    if through_form or created_page_hook:
        workshop = _create_through_form(context, base_url, fields, language, created_page_hook)
        for name, minutes, *text in instructions:
            add_instruction(workshop, name, minutes, *text)
        return workshop
    code, facilitator_link = workshop_over_http(
        context, base_url, title, language=language, instructions=instructions, details=details
    )
    workshop = open_console(context, base_url, code, title, facilitator_link)
    assert workshop.agenda[1:] == [name for name, *_rest in instructions], workshop.agenda
    return workshop


def workshop_over_http(
    context: BrowserContext,
    base_url: str,
    title: str,
    *,
    language: str = "fr",
    instructions: tuple[tuple, ...] = (),
    details: dict | None = None,
) -> tuple[str, str]:
    """Create a workshop and its instruction activities over HTTP, as `create_workshop`
    does, without opening its console (more can be set up first, http_setup.py); return
    its code and facilitator link."""
    fields = {**ENGLISH_DETAILS, **(details or {}), "title": title}
    code, facilitator_link = http_setup.new_workshop(
        context, base_url, {"names_in_minutes": "all", **fields, "language": language}
    )
    for name, minutes, *text in instructions:
        http_setup.add_instruction(
            context, base_url, code, name, minutes, (text or [""])[0] or _instruction_text(name)
        )
    return code, facilitator_link


def open_console(
    context: BrowserContext, base_url: str, code: str, title: str, facilitator_link: str
) -> Workshop:
    """Open the console of a workshop set up over HTTP; its agenda is read from the page."""
    page = context.new_page()
    page.goto(f"{base_url}/w/{code}/console")
    expect_online(page)  # scripts loaded (htmx) and the live socket connected
    items = page.locator("#console-agenda li.agenda-item")
    ids = http_setup.activity_ids(context, base_url, code)
    expect(items).to_have_count(len(ids))  # the welcome, created with it, and the rest
    agenda = [text.strip() for text in items.locator("strong").all_inner_texts()]
    return Workshop(base_url, code, title, page, facilitator_link, agenda=agenda)


def _create_through_form(
    context: BrowserContext, base_url: str, fields: dict, language: str, created_page_hook
) -> Workshop:
    page = context.new_page()
    page.goto(f"{base_url}/new")
    for name, value in fields.items():
        page.fill(f"#{name}", value)
    page.select_option("#language", language)
    page.click("#create-workshop")  # the blank workshop's form (the plans come first)

    link_field = page.locator("#facilitator-link")
    expect(link_field).to_have_value(re.compile(rf"^{re.escape(base_url)}/f/[\w-]{{20,}}$"))
    facilitator_link = link_field.input_value()
    if created_page_hook:
        created_page_hook(page)
    page.click("a.button.primary")
    expect(page).to_have_url(re.compile(r"/w/[A-Z0-9]{6}/console$"))
    expect_online(page)  # scripts loaded (htmx) and the live socket connected
    code = page.locator(".join-info strong").inner_text().replace(" ", "")
    welcome = page.locator("#console-agenda li.agenda-item")
    expect(welcome).to_have_count(1)  # created with the workshop
    welcome_title = welcome.locator("strong").inner_text().strip()
    return Workshop(base_url, code, fields["title"], page, facilitator_link, agenda=[welcome_title])


def add_activity_over_http(workshop: Workshop, kind: str, title: str, **values) -> int:
    """Add an activity with the console's form sent over HTTP (fields by name, as
    http_setup.submit_form takes them); wait until the open console lists it; its id."""
    console = workshop.console
    activity = http_setup.add_activity(
        console.context, workshop.base_url, workshop.code, kind, title, **values
    )
    workshop.agenda.append(title)
    items = console.locator("#console-agenda li.agenda-item")
    expect(items).to_have_count(len(workshop.agenda))
    expect(items.last.locator("strong")).to_have_text(title)
    return activity


def _instruction_text(title: str) -> str:
    return f"Instruction text for {title}."


def add_instruction(workshop: Workshop, title: str, minutes: int, text: str = "") -> None:
    console = workshop.console
    toggle = console.locator("#agenda-edit-toggle")  # live: the agenda's editing tools
    if toggle.count() and toggle.get_attribute("aria-pressed") == "false":
        toggle.click()
    console.click("#add-instruction")
    form = console.locator("#editor form")
    form.locator("#title").fill(title)
    form.locator("#instruction").fill(text or _instruction_text(title))
    form.locator("#planned_minutes").fill(str(minutes))
    form.locator("#save-activity").click()
    workshop.agenda.append(title)
    items = console.locator("#console-agenda li.agenda-item")
    expect(items).to_have_count(len(workshop.agenda))
    expect(items.last.locator("strong")).to_have_text(title)
    expect(console.locator("#editor form")).to_have_count(0)


def current_item(console: Page):
    return console.locator("#console-agenda li.is-current")


def start(workshop: Workshop) -> None:
    workshop.console.click("#start-workshop")
    expect_current(workshop, 0)


def advance(workshop: Workshop) -> None:
    """Press "Next" and wait until the console shows the following activity as current."""
    index = workshop.agenda.index(current_title(workshop))
    workshop.console.click("#step-next")
    expect_current(workshop, index + 1)


def current_title(workshop: Workshop) -> str:
    return current_item(workshop.console).locator("strong").inner_text()


def expect_current(workshop: Workshop, index: int) -> None:
    item = current_item(workshop.console)
    expect(item).to_have_count(1)
    expect(item.locator("strong")).to_have_text(workshop.agenda[index])
    expect(item).to_have_attribute("aria-current", "step")
    expect(workshop.console.locator("#console-agenda li.agenda-item").nth(index)).to_have_class(
        re.compile(r"\bis-current\b")
    )


def end_workshop(workshop: Workshop) -> None:
    """Press "End the workshop", accept its confirmation, wait for the ended agenda."""
    console = workshop.console
    console.once("dialog", lambda dialog: dialog.accept())
    console.click("#end-workshop")
    expect(console.locator("#console-agenda .state")).to_have_class(re.compile(r"\bstate-ended\b"))


def expect_vote_on_screen(panel) -> None:
    """Wait until the console's vote panel was pushed for the vote now on screen: it no
    longer carries the "not on screen" hint under its rules line (a click on the panel it
    replaces would be lost)."""
    expect(panel.locator(":scope > p.hint")).to_have_count(1)


def open_minutes(workshop: Workshop) -> Page:
    """Follow the console's "Minutes and files" link; the minutes page follows live."""
    console = workshop.console
    console.click("#open-minutes")
    expect(console).to_have_url(re.compile(rf"/w/{workshop.code}/minutes$"))
    expect_online(console)
    return console


def download(page: Page, selector: str) -> tuple[str, bytes]:
    """Click a download link; return the suggested file name and the file's bytes."""
    with page.expect_download() as info:
        page.click(selector)
    done = info.value
    return done.suggested_filename, Path(done.path()).read_bytes()


def workshop_from_builtin_plan(console: Page, base_url: str, key: str) -> Workshop:
    """On a minutes page, create a workshop from the built-in plan `key` and open its console.

    The returned workshop's agenda is read from the new console's agenda list.
    """
    console.check(f"#builtin-{key}")
    console.click("#use-builtin-plan")
    link_field = console.locator("#facilitator-link")
    expect(link_field).to_have_value(re.compile(rf"^{re.escape(base_url)}/f/[\w-]{{20,}}$"))
    facilitator_link = link_field.input_value()
    console.click("a.button.primary")
    expect(console).to_have_url(re.compile(r"/w/[A-Z0-9]{6}/console$"))
    expect_online(console)
    code = console.locator(".join-info strong").inner_text().replace(" ", "")
    title = console.locator(".console-header h1").inner_text().strip()
    titles = console.locator("#console-agenda li.agenda-item strong").all_inner_texts()
    return Workshop(base_url, code, title, console, facilitator_link, agenda=titles)


def open_projector(workshop: Workshop) -> Page:
    """Follow the console's "Open the projector view" link (it opens a new tab)."""
    console = workshop.console
    with console.context.expect_page() as opened:
        console.locator(f'a[href="/w/{workshop.code}/screen"]').click()
    projector = opened.value
    projector.set_viewport_size(PROJECTOR)
    expect(projector).to_have_url(re.compile(r"/s/[\w-]+$"))
    expect(projector.locator("#connection")).to_have_attribute("data-state", "online")
    return projector


def seen_page_by_page(projector: Page, box: str, pages: int, seen: str) -> set[str]:
    """Turn every page of the projector's paged `box` (#screen-board, #screen-parallel)
    with the keys, from the first; return what the script `seen` finds whole on some page
    (it returns a list of texts)."""
    label = projector.locator(f"{box} [data-page-count]")
    projector.keyboard.press("Home")  # by hand: the automatic turn waits meanwhile
    found: set[str] = set()
    for number in range(1, pages + 1):
        if number > 1:
            projector.keyboard.press("PageDown")
        if pages > 1:
            expect(label).to_have_text(f"page {number}/{pages}")
        expect(projector.locator(box)).to_have_attribute("data-page", str(number))
        found |= set(projector.evaluate(seen))
    return found


def presence(page: Page):
    return page.locator("#presence-count .count")


# ---- phones -----------------------------------------------------------------------------


def join(
    context: BrowserContext,
    workshop: Workshop,
    first_name: str,
    surname: str,
    *,
    category: int = 1,
    organisation: str = "",
    through_form: bool = False,
) -> Page:
    """Join and land on the live page. The join form is sent over HTTP as this phone's
    browser fills it (http_setup.join_with_form); with `through_form` the phone types the
    code in lower case on the home page and fills the form, for tests of those steps."""
    if not through_form:
        page = context.new_page()
        http_setup.join_with_form(
            context,
            workshop.base_url,
            workshop.code,
            first_name,
            surname,
            category=category,
            organisation=organisation,
            # The languages this phone's browser asks pages in (its locale).
            languages=page.evaluate("() => navigator.languages.join(',')"),
        )
        page.goto(f"{workshop.base_url}/p/{workshop.code}")
        expect_online(page)
        return page
    page = context.new_page()
    page.goto(f"{workshop.base_url}/")
    page.fill("#code", workshop.code.lower())
    page.locator("form.join-code-form button[type=submit]").click()
    expect(page).to_have_url(f"{workshop.base_url}/j/{workshop.code}")
    page.fill("#first_name", first_name)
    page.fill("#surname", surname)
    if organisation:
        page.fill("#organisation", organisation)
    page.check(f"#category-{category}")
    page.locator("form.join-form button.primary").click()
    expect(page).to_have_url(f"{workshop.base_url}/p/{workshop.code}")
    expect_online(page)
    return page


def expect_online(page: Page) -> None:
    expect(page.locator("#connection")).to_have_attribute("data-state", "online")


def phone_heading(page: Page):
    return page.locator("#phone-stage h2")


def rejoin_link(page: Page) -> str:
    return page.locator("#rejoin-link").get_attribute("value")


# ---- downloaded minutes, read back as one sequence of blocks ---------------------------


@dataclass(frozen=True)
class Block:
    kind: str  # "h0".."h3" (title, section, sub-section, item heading), "bullet", "para"
    text: str


def docx_blocks(data: bytes) -> list[Block]:
    """The body paragraphs of a DOCX file, in order (tables are read apart)."""
    levels = {"Title": "h0", **{f"Heading {n}": f"h{n}" for n in range(1, 7)}}
    blocks = []
    for paragraph in docx.Document(io.BytesIO(data)).paragraphs:
        if not paragraph.text.strip():
            continue
        style = paragraph.style.name
        kind = levels.get(style, "bullet" if style == "List Bullet" else "para")
        blocks.append(Block(kind, paragraph.text.strip()))
    return blocks


def markdown_blocks(text: str) -> list[Block]:
    """The lines of Markdown minutes as blocks ("#" is the title, "####" an item heading)."""
    blocks = []
    for line in text.splitlines():
        if not line.strip() or line.startswith("|"):
            continue
        if heading := re.match(r"^(#{1,6}) (.*)$", line):
            kind, content = f"h{len(heading[1]) - 1}", heading[2]
        elif line.startswith("- "):
            kind, content = "bullet", line[2:]
        else:
            kind, content = "para", line.strip("*")
        blocks.append(Block(kind, unescape_markdown(content).strip()))
    return blocks


def under(blocks: list[Block], kind: str, title: str, after: str | None = None) -> list[Block]:
    """The blocks under the heading (`kind`, `title`) up to the next heading of its level or
    above; with `after`, the first such heading past the section heading titled `after`."""
    start = 0
    if after is not None:
        start = next(i for i, b in enumerate(blocks) if b.kind.startswith("h") and b.text == after)
    found = next(
        i for i, b in enumerate(blocks) if i >= start and (b.kind, b.text) == (kind, title)
    )
    inside = []
    for block in blocks[found + 1 :]:
        if block.kind.startswith("h") and block.kind <= kind:
            break
        inside.append(block)
    return inside


# ---- checks -----------------------------------------------------------------------------


def run_axe(
    page: Page, impacts: tuple[str, ...] | None = None, within: str | None = None
) -> list[dict]:
    """Run axe-core in the page (or only in the element `within` selects) and return its
    violations: every one, whatever its impact (the issues' bar: no violation of any impact
    on any page state), or only those of `impacts` (e.g. ("serious", "critical")).

    The pages forbid inline scripts (CSP script-src 'self'), so axe is evaluated through
    the DevTools protocol rather than injected with a <script> tag: the page keeps the
    CSP it ships with.
    """
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(AXE_SOURCE.read_text(encoding="utf-8") + "\n;undefined")
    violations = page.evaluate(
        """async (within) => {
            const result = await axe.run(within || document, {resultTypes: ["violations"]});
            return result.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
                nodes: v.nodes.map(n => ({target: n.target.join(" "), html: n.html,
                                          summary: n.failureSummary})),
            }));
        }""",
        within,
    )
    return [v for v in violations if impacts is None or v["impact"] in impacts]


def describe_violations(name: str, violations: list[dict]) -> str:
    lines = [f"{name}: {len(violations)} axe violation(s)"]
    for v in violations:
        lines.append(f"  [{v['impact']}] {v['id']}: {v['help']} ({v['helpUrl']})")
        for node in v["nodes"][:5]:
            lines.append(f"      at {node['target']}: {node['html'][:160]}")
            lines.append("        " + (node["summary"] or "").replace("\n", "\n        "))
    return "\n".join(lines)


SMALL_TARGETS_JS = """(minimum) => {
    const out = [];
    const visible = (el) => {
        const r = el.getBoundingClientRect();
        const style = getComputedStyle(el);
        if (r.width === 0 || r.height === 0 || style.visibility === "hidden") return false;
        if (r.right <= 0 || r.bottom <= 0) return false;  // parked off-screen (skip link)
        return el.closest("details:not([open]) > :not(summary)") === null;
    };
    const describe = (el) => el.outerHTML.slice(0, 120);
    const targets = document.querySelectorAll(
        "a[href], button, input:not([type=hidden]), select, textarea, summary, label");
    for (const el of targets) {
        if (!visible(el)) continue;
        const box = el.getBoundingClientRect();
        const toggle = "input[type=radio], input[type=checkbox]";
        // A small radio is fine when its label, which toggles it, is big enough: the
        // label is then measured in its place. Labels of text fields are not targets.
        if (el.matches(toggle) && el.labels.length && [...el.labels].some(visible)) continue;
        if (el.tagName === "LABEL" && !(el.control && el.control.matches(toggle))) continue;
        if (box.width < minimum || box.height < minimum) {
            out.push(`${Math.round(box.width)}x${Math.round(box.height)} ${describe(el)}`);
        }
    }
    return out;
}"""


def small_tap_targets(page: Page, minimum: int = 44) -> list[str]:
    """Return the visible controls smaller than minimum x minimum CSS pixels."""
    page.wait_for_load_state("load")  # the stylesheet applied: the sizes are the page's own
    return page.evaluate(SMALL_TARGETS_JS, minimum)


def decode_qr(png: bytes) -> list[str]:
    """Decode every QR code in a PNG image."""
    import zxingcpp
    from PIL import Image

    image = Image.open(io.BytesIO(png))
    return [r.text for r in zxingcpp.read_barcodes(image)]


def save_screenshot(page: Page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / name
    page.screenshot(path=str(path), animations="disabled", caret="hide")
    return path


class FirstAnswerHeld:
    """The first request `page` makes to `url` reaches the server at once (it reads then),
    but its answer waits for `release()`; later requests go through. `reads` lists them.

    For races of a read and a change: a read's answer that comes after a later change."""

    def __init__(self, page: Page, url: re.Pattern):
        self.reads: list[str] = []
        self._held = []
        page.route(url, self._route)

    def _route(self, route) -> None:
        self.reads.append(route.request.url)
        if self._held:
            route.continue_()
        else:
            self._held.append((route, route.fetch()))  # read now, answered later

    def release(self, given_up_ok: bool = False) -> None:
        """Answer the held request; `given_up_ok`: the page may have dropped it for a newer
        one (hx-sync replace), and then there is nothing to answer."""
        assert self._held, "no request was held"
        route, answer = self._held[0]
        try:
            route.fulfill(response=answer)
        except Exception:
            if not given_up_ok:
                raise
