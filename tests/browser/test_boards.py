"""Scenario prompts and sub-group answers (issue 4) in real browsers.

Two groups of two phones answer different prompts (headings with sub-points, and two
columns facing each other); the projector shows both; the facilitator types a third
group's paper answers; a merge of two orientations (and its undo) reaches the projector
and the phones without a reload. Then axe-core on the new pages, the keyboard in the
paper-answers box, a merge across groups and a plenary pool seen by grouped phones.
"""

import re
from dataclasses import dataclass

import pytest
from playwright.sync_api import Page, expect

from tests.browser import http_setup
from tests.browser.helpers import (
    Workshop,
    add_activity_over_http,
    advance,
    create_workshop,
    describe_violations,
    expect_online,
    join,
    mark_page,
    open_console,
    open_projector,
    phone_heading,
    run_axe,
    start,
    was_reloaded,
    workshop_over_http,
)

pytestmark = [pytest.mark.browser, pytest.mark.timeout(120)]

ASSOCIATIONS, COMPANIES, PAPER = "Associations", "Companies", "On paper"
PROMPT_ASSOCIATIONS = (
    "It is 2030. A new prefect invites the local actors: in two minutes, tell them "
    "what your structure brings to the area."
)
PROMPT_COMPANIES = "It is 2030. What do you demand from the social centres, and what do you reject?"
PROMPT_EVERY_GROUP = "It is 2030. Say what your structure brings."
COLUMNS = ["Demands", "Rejections"]
QUESTION = "Which orientations would give us more weight?"


# ---- the facilitator's console ----------------------------------------------------------


def add_group(workshop: Workshop, name: str) -> int:
    """Create a sub-group from the roster panel; return its id."""
    console = workshop.console
    groups = console.locator("#roster .group-list li")
    before = groups.count()
    console.click("#add-group")
    form = console.locator("#editor form")
    form.locator("#name").fill(name)
    form.locator("button[type=submit].primary").click()
    expect(groups).to_have_count(before + 1)
    expect(console.locator("#editor form")).to_have_count(0)
    return group_id(console, name)


def group_id(console: Page, name: str) -> int:
    """Read a group's id from its "Edit" button in the roster."""
    item = console.locator("#roster .group-list li").filter(
        has=console.locator("span.group-name", has_text=re.compile(rf"^{re.escape(name)}$"))
    )
    url = item.locator("button[hx-get]").get_attribute("hx-get")
    return int(re.search(r"/groups/(\d+)/edit$", url).group(1))


def person_row(console: Page, surname: str):
    return console.locator("#roster li.person").filter(
        has=console.locator(".surname", has_text=surname.upper())
    )


def person_id(console: Page, surname: str) -> int:
    return int(person_row(console, surname).get_attribute("id").removeprefix("person-"))


def assign(workshop: Workshop, surname: str, group: int, group_name: str) -> None:
    """Put a participant in a group through the person form's select (no dragging)."""
    console = workshop.console
    console.click(f"#edit-person-{person_id(console, surname)}")
    console.locator("#editor #group_id").select_option(str(group))
    console.click("#editor #save-person")
    expect(console.locator("#editor form")).to_have_count(0)
    expect(person_row(console, surname).locator(".group-badge")).to_have_text(group_name)


def assign_over_http(workshop: Workshop, surname: str, group: int, group_name: str) -> None:
    """Put a participant in a group as the person form does, over HTTP; the console shows it."""
    context = workshop.console.context
    http_setup.assign(context, workshop.base_url, workshop.code, surname, group)
    expect(person_row(workshop.console, surname).locator(".group-badge")).to_have_text(group_name)


def add_board_activity(workshop: Workshop, kind: str, title: str, **fields) -> int:
    """Add a scenario or brainstorm through the activity form; return its id.

    `fields` maps form ids to values: a bool checks or unchecks a radio or checkbox,
    a ("select", value) tuple picks an option, anything else fills a field.
    """
    console = workshop.console
    console.click(f"#add-{kind}")
    form = console.locator("#editor form")
    # Wait for this kind's form: a form already open would otherwise take the typing.
    expect(form.locator(f"input[name=kind][value={kind}]")).to_be_attached()
    form.locator("#title").fill(title)
    folded = form.locator("#details-block:not([open]) > summary")  # a scenario's details
    if folded.count():
        folded.click()
    form.locator("#instruction").fill(f"Instruction for {title}.")
    form.locator("#planned_minutes").fill("10")
    for name, value in fields.items():
        field = form.locator(f"#{name}")
        if isinstance(value, bool):
            field.set_checked(value)
        elif isinstance(value, tuple):
            field.select_option(value[1])
        else:
            field.fill(value)
    form.locator("#save-activity").click()
    workshop.agenda.append(title)
    items = console.locator("#console-agenda li.agenda-item")
    expect(items).to_have_count(len(workshop.agenda))
    expect(items.last.locator("strong")).to_have_text(title)
    expect(console.locator("#editor form")).to_have_count(0)
    return int(items.last.get_attribute("id").removeprefix("activity-"))


def merge(console: Page, target: int, source: int) -> None:
    """Merge the heading `source` into the heading `target` from the target's card tools.

    The tools must not be open yet: a second load would replace the ticked box.
    """
    expect(console.locator("#editor .card-tools")).to_have_count(0)
    console.click(f"#moderate-{target}")
    tools = console.locator("#editor .card-tools")
    tools.locator(f"#merge-{source}").check()
    form = tools.locator("form").filter(has=console.locator(f"#merge-{source}"))
    form.locator("button[type=submit]").click()
    expect(console.locator("#editor .card-tools")).to_have_count(0)


def undo_last(console: Page) -> None:
    """Undo the newest moderation action from the history."""
    console.click("#moderation-log")
    newest = console.locator("#editor ol.moderation-log > li").first
    newest.locator("button[type=submit]").click()
    expect(console.locator("#editor ol.moderation-log")).to_have_count(0)


def console_group(console: Page, name: str):
    return console.locator("#console-board section.console-group").filter(
        has=console.locator("h3", has_text=re.compile(rf"^{re.escape(name)}$"))
    )


def card_id(scope, heading: str) -> int:
    """The id of the card whose heading is `heading`."""
    return int(card_titled(scope, heading).get_attribute("id").removeprefix("card-"))


# The group is chosen in the first task after htmx put the form on the page, sooner than any
# person could: htmx must have wired the form's `hx-` attributes by then (base.html's
# defaultSettleDelay 0; with htmx's default 20 ms the change went unheard and CI failed).
CHOOSE_GROUP_AS_SOON_AS_SHOWN = """group => {
  document.getElementById("editor").addEventListener("htmx:afterSwap", () => setTimeout(() => {
    const form = document.querySelector("#editor #quick-entry-form");
    form.dataset.stale = "1";
    const select = form.querySelector("#quick-group");
    select.value = group;
    select.dispatchEvent(new Event("change", { bubbles: true }));
  }, 0), { once: true });
}"""


def open_paper_answers(workshop: Workshop, group: int):
    """Open the paper-answers form for one group: choosing it reloads the form."""
    console = workshop.console
    # A form already open is marked first: the one the button fetches is told apart from it.
    console.locator("#editor #quick-entry-form").evaluate_all(
        "forms => forms.forEach(form => { form.dataset.stale = '1'; })"
    )
    console.evaluate(CHOOSE_GROUP_AS_SOON_AS_SHOWN, str(group))
    console.click("#quick-entry")
    fresh = console.locator("#editor #quick-entry-form:not([data-stale])")
    expect(fresh).to_be_attached()
    expect(fresh.locator("#quick-group")).to_have_value(str(group))
    return fresh


def type_paper_answers(workshop: Workshop, group: int, outline: str) -> None:
    form = open_paper_answers(workshop, group)
    form.locator("#outline").fill(outline)
    form.locator("#save-quick").click()
    expect(workshop.console.locator("#editor form")).to_have_count(0)


# ---- phones -----------------------------------------------------------------------------


def phone_cards(phone: Page):
    return phone.locator("#phone-board article.card")


def card_titled(scope, heading: str):
    page = scope if isinstance(scope, Page) else scope.page
    return scope.locator("article.card").filter(
        has=page.locator("h3.card-heading", has_text=re.compile(rf"^{re.escape(heading)}$"))
    )


def write_heading(phone: Page, text: str, column: int | None = None) -> None:
    """Add a heading from the phone's composer (in a column on a two-column board)."""
    composer = phone.locator("#composer")
    expect(composer.locator("input[name=parent_id]")).to_have_count(0)
    if column is not None:
        composer.locator(f"#column-{column}").check()
    composer.locator("#card-text").fill(text)
    composer.locator("button.primary").click()
    expect(card_titled(phone.locator("#phone-board"), text)).to_have_count(1)


def write_subpoint(phone: Page, heading: str, text: str) -> None:
    """Add a sub-point under a heading with the heading's "+ Sub-point" button."""
    card = card_titled(phone.locator("#phone-board"), heading)
    card.locator(".card-actions button").click()
    composer = phone.locator("#composer")
    expect(composer.locator("input[name=parent_id]")).to_be_attached()
    composer.locator("#card-text").fill(text)
    composer.locator("button.primary").click()
    expect(composer.locator("input[name=parent_id]")).to_have_count(0)
    expect(card.locator("ul.subpoints li", has_text=text)).to_have_count(1)


def expect_card(scope, heading: str, subpoints: list[str]) -> None:
    """One card with this heading, and exactly these sub-points in this order."""
    card = card_titled(scope, heading)
    expect(card).to_have_count(1)
    expect(card.locator("ul.subpoints > li")).to_have_count(len(subpoints))
    for item, text in zip(card.locator("ul.subpoints > li").all(), subpoints, strict=True):
        expect(item).to_contain_text(text)


# ---- the projector ----------------------------------------------------------------------


def screen_group(projector: Page, name: str):
    return projector.locator("#screen-board section.screen-group").filter(
        has=projector.locator("h2.group-name", has_text=re.compile(rf"^{re.escape(name)}$"))
    )


# ---- a room: the console, the projector, phones put in groups ---------------------------


@dataclass
class Room:
    workshop: Workshop
    projector: Page
    phones: dict[str, Page]  # by first name
    groups: dict[str, int]  # ids by name

    @property
    def console(self) -> Page:
        return self.workshop.console

    @property
    def pages(self) -> list[Page]:
        return [self.console, self.projector, *self.phones.values()]


def set_up_room(
    contexts, facilitator, base_url, title, group_names, members, through_console=False
) -> Room:
    """Open the console and the projector, join phones, create groups and assign people.

    `members` holds (first name, surname, category, group name) tuples. Every page is
    marked as soon as it is open: a reload later would show. The groups are created and
    people assigned over HTTP with the console's forms (the console shows each move); with
    `through_console` the facilitator does it in the console's roster panel.
    """
    if through_console:
        workshop = create_workshop(facilitator, base_url, title, language="en", instructions=())
        groups = {}
    else:
        code, link = workshop_over_http(facilitator, base_url, title, language="en")
        groups = {
            name: http_setup.add_group(facilitator, base_url, code, name) for name in group_names
        }
        workshop = open_console(facilitator, base_url, code, title, link)
    projector = open_projector(workshop)
    # The projector opened as a new tab of the facilitator's browser: bring the console
    # back to the front, where a hidden tab's timers (htmx settles) would be throttled.
    workshop.console.bring_to_front()
    phones = {
        first: join(contexts.phone(), workshop, first, surname, category=category)
        for first, surname, category, _group in members
    }
    expect(workshop.console.locator("#roster li.person")).to_have_count(len(members))
    room = Room(workshop, projector, phones, groups)
    for page in room.pages:  # before the moves: a phone changing group only reconnects
        mark_page(page)
    if through_console:
        room.groups.update((name, add_group(workshop, name)) for name in group_names)
    for _first, surname, _category, group in members:
        if through_console:
            assign(workshop, surname, room.groups[group], group)
        else:
            assign_over_http(workshop, surname, room.groups[group], group)
    return room


def expect_not_reloaded(room: Room) -> None:
    for page in room.pages:
        expect_online(page)
        assert not was_reloaded(page), f"{page.url} was reloaded"


# ---- the tests --------------------------------------------------------------------------


def test_two_groups_answer_their_own_prompts_and_a_merge_reaches_every_screen(
    contexts, facilitator, base_url
):
    room = set_up_room(
        contexts,
        facilitator,
        base_url,
        "Futures workshop",
        [ASSOCIATIONS, COMPANIES, PAPER],
        [
            ("Ann", "Leroy", 1, ASSOCIATIONS),
            ("Bob", "Martin", 1, ASSOCIATIONS),
            ("Cat", "Nguyen", 2, COMPANIES),
            ("Dan", "Petit", 2, COMPANIES),
        ],
        through_console=True,  # the roster panel's own steps
    )
    workshop, console, projector = room.workshop, room.console, room.projector
    ann, bob, cat, dan = (room.phones[n] for n in ("Ann", "Bob", "Cat", "Dan"))
    associations, companies = room.groups[ASSOCIATIONS], room.groups[COMPANIES]
    add_board_activity(
        workshop,
        "scenario",
        "What we bring",
        **{
            "mode-groups": True,
            "prompt_0": PROMPT_EVERY_GROUP,
            f"prompt_{associations}": PROMPT_ASSOCIATIONS,
            f"format_{associations}": ("select", "headings"),
            f"prompt_{companies}": PROMPT_COMPANIES,
            f"format_{companies}": ("select", "board"),
            f"columns_{companies}": " / ".join(COLUMNS),
        },
    )
    add_board_activity(
        workshop, "brainstorm", "Orientations", **{"mode-groups": True, "question": QUESTION}
    )

    start(workshop)
    advance(workshop)
    phones = {ann: ASSOCIATIONS, bob: ASSOCIATIONS, cat: COMPANIES, dan: COMPANIES}
    prompts = {ASSOCIATIONS: PROMPT_ASSOCIATIONS, COMPANIES: PROMPT_COMPANIES}
    for phone, group in phones.items():
        expect(phone_heading(phone)).to_have_text("What we bring")
        expect(phone.locator("#phone-stage .eyebrow")).to_have_text(group)
        # Each phone sees only its own group's prompt.
        expect(phone.locator("#phone-stage p.prompt")).to_have_text(prompts[group])
    for phone in (ann, bob):
        expect(phone.locator("#composer .columns-choice")).to_have_count(0)
    for phone in (cat, dan):
        expect(phone.locator("#composer #column-0")).to_be_checked()
        expect(phone.locator("#composer label[for=column-1]")).to_have_text(COLUMNS[1])

    # Associations: headings with sub-points, each phone adding under the other's heading.
    write_heading(ann, "A place open to everyone")
    write_subpoint(bob, "A place open to everyone", "open in the evenings")
    write_heading(bob, "Volunteers trained together")
    write_subpoint(ann, "Volunteers trained together", "a shared training plan")
    write_subpoint(bob, "A place open to everyone", "free rooms for associations")
    # Companies: demands facing rejections; a row may have a blank side.
    write_heading(cat, "Stable multi-year funding", column=0)
    write_heading(dan, "Yearly calls for projects", column=1)
    expect(dan.locator("#composer #column-1")).to_be_checked()  # the next one goes there too
    write_subpoint(dan, "Stable multi-year funding", "three years at least")
    expect(dan.locator("#composer #column-0")).to_be_checked()  # the heading's column
    write_heading(cat, "A seat on the steering committee", column=0)

    for phone in (ann, bob):
        board = phone.locator("#phone-board")
        expect(board.locator("article.card")).to_have_count(2)
        expect_card(board, "A place open to everyone", ["open in the evenings", "free rooms"])
        expect_card(board, "Volunteers trained together", ["a shared training plan"])
        expect(board).not_to_contain_text("Stable multi-year funding")
    for phone in (cat, dan):
        expect_two_columns(phone.locator("#phone-board table.board-table"))
        expect(phone.locator("#phone-board")).not_to_contain_text("A place open to everyone")

    # The projector shows every group side by side, each in its own format.
    expect(projector.locator("#screen-stage h1.stage-title")).to_have_text("What we bring")
    expect(projector.locator("#screen-board h2.group-name")).to_have_text(
        [ASSOCIATIONS, COMPANIES, PAPER]
    )
    on_screen = screen_group(projector, ASSOCIATIONS)
    expect(on_screen.locator("table.board-table")).to_have_count(0)
    expect_card(on_screen, "A place open to everyone", ["open in the evenings", "free rooms"])
    expect_card(on_screen, "Volunteers trained together", ["a shared training plan"])
    expect_two_columns(screen_group(projector, COMPANIES).locator("table.board-table"))

    # The third group worked on paper: the facilitator types its answers.
    type_paper_answers(
        workshop,
        room.groups[PAPER],
        "Meeting places\n\tfor young people\n- for the elderly\nA common voice\n  one letter",
    )
    on_paper = screen_group(projector, PAPER)
    expect(on_paper.locator("article.card")).to_have_count(2)
    expect_card(on_paper, "Meeting places", ["for young people", "for the elderly"])
    expect_card(on_paper, "A common voice", ["one letter"])
    expect_card(console_group(console, PAPER), "Meeting places", ["for young", "for the elderly"])
    for phone in phones:  # not shown on the other groups' phones
        expect(phone.locator("#phone-board")).not_to_contain_text("Meeting places")

    # The brainstorm: the associations propose the same orientation twice.
    advance(workshop)
    for phone in phones:
        expect(phone_heading(phone)).to_have_text("Orientations")
        expect(phone.locator("#phone-stage p.prompt")).to_have_text(QUESTION)
    expect(projector.locator("#screen-stage .stage-question")).to_have_text(QUESTION)
    write_heading(ann, "Speak with one voice")
    write_subpoint(bob, "Speak with one voice", "a joint letter to the prefect")
    write_heading(bob, "One voice towards the prefecture")
    write_subpoint(ann, "One voice towards the prefecture", "a shared spokesperson")
    write_heading(cat, "Meet every season")
    associations_on_screen = screen_group(projector, ASSOCIATIONS)
    expect(associations_on_screen.locator("article.card")).to_have_count(2)

    target = card_id(console_group(console, ASSOCIATIONS), "Speak with one voice")
    source = card_id(console_group(console, ASSOCIATIONS), "One voice towards the prefecture")
    merge(console, target, source)
    merged = ["a joint letter to the prefect", "a shared spokesperson"]
    expect(associations_on_screen.locator("article.card")).to_have_count(1)
    expect_card(associations_on_screen, "Speak with one voice", merged)
    for phone in (ann, bob):
        expect(phone_cards(phone)).to_have_count(1)
        expect_card(phone.locator("#phone-board"), "Speak with one voice", merged)
    for phone in (cat, dan):  # the other group's answers are untouched
        expect(phone_cards(phone)).to_have_count(1)
        expect_card(phone.locator("#phone-board"), "Meet every season", [])
    # The merged card records both origins (the same group, two authors), and names that
    # group once: a chip per group, never "Associations Associations".
    merged_card = card_titled(console_group(console, ASSOCIATIONS), "Speak with one voice")
    expect(merged_card.locator(".card-meta .badge")).to_have_text([ASSOCIATIONS])
    expect(merged_card.locator(".card-also")).to_have_text(re.compile("One voice towards"))

    # Undo from the history: both orientations come back with their own sub-points.
    undo_last(console)
    expect(associations_on_screen.locator("article.card")).to_have_count(2)
    for scope in (associations_on_screen, ann.locator("#phone-board"), bob.locator("#phone-board")):
        expect_card(scope, "Speak with one voice", merged[:1])
        expect_card(scope, "One voice towards the prefecture", merged[1:])

    expect_not_reloaded(room)


def expect_two_columns(table) -> None:
    """The companies' answers: two rows of demands facing rejections, one side blank."""
    rows = table.locator("tbody tr")
    expect(table.locator("thead th")).to_have_text(COLUMNS)
    expect(rows).to_have_count(2)
    expect_card(rows.nth(0).locator("td").nth(0), "Stable multi-year funding", ["three years"])
    expect_card(rows.nth(0).locator("td").nth(1), "Yearly calls for projects", [])
    expect_card(rows.nth(1).locator("td").nth(0), "A seat on the steering committee", [])
    expect(rows.nth(1).locator("td").nth(1)).to_be_empty()


def test_a_merge_across_groups_keeps_every_sub_point_on_every_screen(
    contexts, facilitator, base_url
):
    room = set_up_room(
        contexts,
        facilitator,
        base_url,
        "Merge across groups",
        [ASSOCIATIONS, COMPANIES],
        [("Ann", "Leroy", 1, ASSOCIATIONS), ("Cat", "Nguyen", 2, COMPANIES)],
    )
    console, projector = room.console, room.projector
    ann, cat = room.phones["Ann"], room.phones["Cat"]
    add_activity_over_http(room.workshop, "brainstorm", "Orientations", question=QUESTION)
    start(room.workshop)
    advance(room.workshop)
    write_heading(ann, "Speak with one voice")
    write_subpoint(ann, "Speak with one voice", "a joint letter to the prefect")
    write_heading(cat, "One voice towards the prefecture")
    write_subpoint(cat, "One voice towards the prefecture", "a shared spokesperson")
    target = card_id(console_group(console, ASSOCIATIONS), "Speak with one voice")
    source = card_id(console_group(console, COMPANIES), "One voice towards the prefecture")

    merge(console, target, source)
    merged = ["a joint letter to the prefect", "a shared spokesperson"]
    expect(screen_group(projector, COMPANIES).locator("article.card")).to_have_count(0)
    expect(phone_cards(cat)).to_have_count(0)
    expect_card(screen_group(projector, ASSOCIATIONS), "Speak with one voice", merged)
    expect_card(ann.locator("#phone-board"), "Speak with one voice", merged)
    merged_card = card_titled(console_group(console, ASSOCIATIONS), "Speak with one voice")
    expect_card(console_group(console, ASSOCIATIONS), "Speak with one voice", merged)
    expect(merged_card.locator(".card-meta .badge")).to_have_text([ASSOCIATIONS, COMPANIES])
    expect_not_reloaded(room)


def test_a_plenary_brainstorm_shows_one_pool_to_grouped_phones(contexts, facilitator, base_url):
    room = set_up_room(
        contexts,
        facilitator,
        base_url,
        "Plenary pool",
        [ASSOCIATIONS],
        [("Ann", "Leroy", 1, ASSOCIATIONS)],
    )
    add_activity_over_http(
        room.workshop, "brainstorm", "Orientations", mode="plenary", question=QUESTION
    )
    start(room.workshop)
    advance(room.workshop)
    ann = room.phones["Ann"]
    expect(ann.locator("#phone-stage p.prompt")).to_have_text(QUESTION)
    ann.locator("#composer #card-text").fill("Speak with one voice")
    ann.locator("#composer button.primary").click()
    expect(
        card_titled(room.projector.locator("#screen-board"), "Speak with one voice")
    ).to_be_visible()
    expect(card_titled(ann.locator("#phone-board"), "Speak with one voice")).to_be_visible()


def test_no_axe_violations_on_the_board_pages(contexts, facilitator, base_url):
    found: dict[str, list[dict]] = {}

    def check(name, page):
        found[name] = run_axe(page)

    room = set_up_room(
        contexts,
        facilitator,
        base_url,
        "Accessible boards",
        [ASSOCIATIONS, COMPANIES],
        [("Ann", "Leroy", 1, ASSOCIATIONS), ("Cat", "Nguyen", 2, COMPANIES)],
    )
    console, projector = room.console, room.projector
    ann, cat = room.phones["Ann"], room.phones["Cat"]
    associations, companies = room.groups[ASSOCIATIONS], room.groups[COMPANIES]
    console.click("#auto-groups")
    expect(console.locator("#editor #mode-balanced")).to_be_visible()
    check("console, automatic groups form", console)
    console.click(f"#edit-person-{person_id(console, 'Leroy')}")
    expect(console.locator("#editor #group_id")).to_be_visible()
    check("console, person form with a group", console)
    console.click("#add-group")
    expect(console.locator("#editor #name")).to_be_visible()
    check("console, group form", console)
    console.click("#add-brainstorm")
    expect(console.locator("#editor #question")).to_be_visible()
    check("console, brainstorm form", console)
    scenario = add_board_activity(
        room.workshop,
        "scenario",
        "What we bring",
        **{
            f"prompt_{associations}": PROMPT_ASSOCIATIONS,
            f"prompt_{companies}": PROMPT_COMPANIES,
            f"format_{companies}": ("select", "board"),
            f"columns_{companies}": " / ".join(COLUMNS),
        },
    )
    console.click(f"#edit-{scenario}")
    expect(console.locator(f"#editor #columns_{companies}")).to_have_value(" / ".join(COLUMNS))
    check("console, scenario form with a prompt per group", console)
    start(room.workshop)
    advance(room.workshop)
    expect(cat.locator("#composer #column-1")).to_be_visible()
    check("phone, two-column composer", cat)
    write_heading(ann, "A place open to everyone")
    write_heading(cat, "Stable multi-year funding", column=0)
    write_heading(cat, "Yearly calls for projects", column=1)
    write_subpoint(cat, "Stable multi-year funding", "three years at least")
    check("phone, headings", ann)
    check("phone, two columns", cat)
    card_titled(ann.locator("#phone-board"), "A place open to everyone").locator(
        ".card-actions button"
    ).click()
    expect(ann.locator("#composer input[name=parent_id]")).to_be_attached()
    check("phone, sub-point composer", ann)
    expect(projector.locator("#screen-board table.board-table")).to_be_visible()
    check("projector, groups side by side", projector)
    check("console, answers", console)
    console.click("#quick-entry")
    expect(console.locator("#editor #outline")).to_be_visible()
    check("console, paper answers form", console)
    target = card_id(console_group(console, COMPANIES), "Stable multi-year funding")
    console.click(f"#moderate-{target}")
    expect(console.locator("#editor #move-group")).to_be_visible()
    check("console, card tools", console)
    console.locator("#editor .card-tools button[data-clear]").click()
    merge(console, target, card_id(console_group(console, COMPANIES), "Yearly calls for projects"))
    console.click("#moderation-log")
    expect(console.locator("#editor ol.moderation-log > li")).to_have_count(1)
    # Who acted, and when in the browser's local time (the page carries UTC).
    entry = console.locator("#editor ol.moderation-log > li").first
    expect(entry.locator(".log-actor")).to_have_text("Facilitator")
    expect(entry.locator("time.log-time")).to_have_text(re.compile(r"^\d\d:\d\d"))
    expect(entry.locator("time.log-time")).not_to_contain_text("UTC")
    check("console, moderation history", console)

    failures = [describe_violations(name, v) for name, v in found.items() if v]
    assert not failures, "\n\n".join(failures)


def test_the_paper_answers_box_works_with_the_keyboard(facilitator, base_url):
    workshop = create_workshop(
        facilitator, base_url, "Paper answers", language="en", instructions=()
    )
    console = workshop.console
    add_board_activity(workshop, "brainstorm", "Orientations", question=QUESTION)
    start(workshop)
    advance(workshop)
    console.click("#quick-entry")
    box = console.locator("#editor #outline")
    expect(box).to_have_attribute("data-outline", "")
    box.focus()
    keyboard = console.keyboard
    keyboard.type("Speak with one voice")
    keyboard.press("Enter")  # a new heading line...
    keyboard.press("Tab")  # ...indented under the heading: a sub-point
    keyboard.type("a joint letter")
    keyboard.press("Enter")  # after a sub-point, Enter gives another sub-point
    keyboard.press("Tab")  # already under the heading: stays one level in
    keyboard.type("a spokesperson")
    keyboard.press("Enter")
    keyboard.press("Enter")  # on an empty sub-point: back to a heading
    keyboard.type("Meet every season")
    keyboard.press("Enter")
    keyboard.press("Tab")
    keyboard.type("Twice a year")
    keyboard.press("Shift+Tab")  # makes the line a heading of its own
    typed = (
        "Speak with one voice\n\ta joint letter\n\ta spokesperson\nMeet every season\nTwice a year"
    )
    expect(box).to_be_focused()
    expect(box).to_have_value(typed)

    keyboard.press("Escape")  # then Tab leaves the box, which keeps its text
    keyboard.press("Tab")
    expect(console.locator("#editor #save-quick")).to_be_focused()
    expect(box).to_have_value(typed)
    # Back in the box, Tab indents again: the release lasts one exit only.
    keyboard.press("Shift+Tab")
    expect(box).to_be_focused()
    keyboard.press("Control+End")
    keyboard.press("Enter")
    keyboard.press("Tab")
    keyboard.type("in each district")
    expect(box).to_be_focused()
    expect(box).to_have_value(typed + "\n\tin each district")
    keyboard.press("Escape")
    keyboard.press("Tab")
    expect(console.locator("#editor #save-quick")).to_be_focused()
    keyboard.press("Enter")

    expect(console.locator("#editor form")).to_have_count(0)
    board = console.locator("#console-board")
    expect(board.locator("article.card")).to_have_count(3)
    expect_card(board, "Speak with one voice", ["a joint letter", "a spokesperson"])
    expect_card(board, "Meet every season", [])
    expect_card(board, "Twice a year", ["in each district"])


def test_paper_answers_of_a_two_column_board_pair_rows_and_leave_blanks(
    contexts, facilitator, base_url
):
    room = set_up_room(
        contexts,
        facilitator,
        base_url,
        "Paper board",
        [ASSOCIATIONS, COMPANIES],
        [("Ann", "Leroy", 1, ASSOCIATIONS), ("Cat", "Nguyen", 2, COMPANIES)],
    )
    workshop, console, projector = room.workshop, room.console, room.projector
    companies = room.groups[COMPANIES]
    add_activity_over_http(
        workshop,
        "scenario",
        "Demands",
        **{
            "prompt_0": PROMPT_EVERY_GROUP,
            f"prompt_{companies}": PROMPT_COMPANIES,
            f"format_{companies}": "board",
            f"columns_{companies}": " / ".join(COLUMNS),
        },
    )
    start(workshop)
    advance(workshop)
    # The associations answer in headings: one box; the companies' board: one per column.
    form = open_paper_answers(workshop, room.groups[ASSOCIATIONS])
    expect(form.locator("#outline")).to_be_visible()
    expect(form.locator("#outline_0")).to_have_count(0)
    form = open_paper_answers(workshop, companies)
    expect(form.locator("label[for=outline_0]")).to_have_text(COLUMNS[0])
    expect(form.locator("label[for=outline_1]")).to_have_text(COLUMNS[1])
    expect(form.locator("#quick-pairing-hint")).to_contain_text("blank")
    form.locator("#outline_0").focus()
    keyboard = console.keyboard
    for key in ("Stable funding", "Enter", "Tab", "three years", "Enter", "Enter", "-"):
        if key in ("Enter", "Tab"):
            keyboard.press(key)
        else:
            keyboard.type(key)
    keyboard.press("Enter")
    keyboard.type("A seat on the committee")
    form.locator("#outline_1").focus()
    keyboard.type("Yearly calls")
    keyboard.press("Enter")
    keyboard.type("Short contracts")
    expect(form.locator("#outline_0")).to_have_value(
        "Stable funding\n\tthree years\n-\nA seat on the committee"
    )
    form.locator("#save-quick").click()
    expect(console.locator("#editor form")).to_have_count(0)

    table = screen_group(projector, COMPANIES).locator("table.board-table")
    rows = table.locator("tbody tr")
    expect(rows).to_have_count(3)
    expect_card(rows.nth(0).locator("td").nth(0), "Stable funding", ["three years"])
    expect_card(rows.nth(0).locator("td").nth(1), "Yearly calls", [])
    expect(rows.nth(1).locator("td").nth(0)).to_be_empty()
    expect_card(rows.nth(1).locator("td").nth(1), "Short contracts", [])
    expect_card(rows.nth(2).locator("td").nth(0), "A seat on the committee", [])
    expect(rows.nth(2).locator("td").nth(1)).to_be_empty()
    expect_not_reloaded(room)


def test_a_designated_reporter_types_the_groups_paper_answers_from_a_phone(
    contexts, facilitator, base_url
):
    room = set_up_room(
        contexts,
        facilitator,
        base_url,
        "Reporter",
        [ASSOCIATIONS, COMPANIES],
        [
            ("Ann", "Leroy", 1, ASSOCIATIONS),
            ("Bob", "Martin", 1, ASSOCIATIONS),
            ("Cat", "Nguyen", 2, COMPANIES),
        ],
    )
    workshop, console, projector = room.workshop, room.console, room.projector
    ann, bob, cat = (room.phones[n] for n in ("Ann", "Bob", "Cat"))
    add_activity_over_http(workshop, "scenario", "What we bring", prompt_0=PROMPT_EVERY_GROUP)
    start(workshop)
    advance(workshop)
    form = open_paper_answers(workshop, room.groups[ASSOCIATIONS])
    expect(console.locator("#editor #reporter option")).to_have_count(3)  # nobody, Ann, Bob
    console.locator("#editor #reporter").select_option(label="Bob Martin")
    console.locator("#editor #reporter-form button[type=submit]").click()
    expect(console.locator("#editor #reporter")).to_have_value(str(person_id(console, "Martin")))
    expect(form).to_have_count(1)

    link = bob.locator("#reporter-link a")
    expect(link).to_be_visible()
    for other in (ann, cat):  # nobody else gets the form
        expect(other.locator("#composer #card-text")).to_be_visible()
        expect(other.locator("#reporter-link a")).to_have_count(0)
    link.click()
    box = bob.locator("#reporter-entry #outline")
    box.focus()
    keyboard = bob.keyboard
    keyboard.type("Open every evening")
    keyboard.press("Enter")
    keyboard.press("Tab")
    keyboard.type("until ten")
    keyboard.press("Enter")
    keyboard.type("even on Sundays")
    expect(box).to_have_value("Open every evening\n\tuntil ten\n\teven on Sundays")
    bob.locator("#reporter-entry #save-quick").click()
    expect(bob.locator("#reporter-entry .saved")).to_be_visible()
    expect(box).to_have_value("")
    violations = run_axe(bob)
    assert not violations, describe_violations("phone, the reporter's form", violations)

    on_screen = screen_group(projector, ASSOCIATIONS)
    expect_card(on_screen, "Open every evening", ["until ten", "even on Sundays"])
    expect_card(ann.locator("#phone-board"), "Open every evening", ["until ten", "even"])
    expect(cat.locator("#phone-board")).not_to_contain_text("Open every evening")
    console.click("#moderation-log")
    entry = console.locator("#editor ol.moderation-log > li").first
    expect(entry.locator(".log-actor")).to_have_text("Reporter Bob Martin")


def test_a_sub_point_being_typed_survives_a_redrawn_stage(contexts, facilitator, base_url):
    # The facilitator adds a minute, then shows one group on the projector: each redraws
    # the phones' stage. A sub-point under way keeps its heading and its words; writing
    # closed still takes the composer away.
    room = set_up_room(
        contexts,
        facilitator,
        base_url,
        "Sub-point kept",
        [ASSOCIATIONS, COMPANIES],
        [("Ann", "Leroy", 1, ASSOCIATIONS), ("Cat", "Nguyen", 2, COMPANIES)],
    )
    add_activity_over_http(room.workshop, "brainstorm", "Orientations", question=QUESTION)
    start(room.workshop)
    advance(room.workshop)
    ann, console = room.phones["Ann"], room.console
    write_heading(ann, "Open in the evening")
    card_titled(ann.locator("#phone-board"), "Open in the evening").locator(
        ".card-actions button"
    ).click()
    composer = ann.locator("#composer")
    expect(composer.locator("input[name=parent_id]")).to_be_attached()
    composer.locator("#card-text").fill("until 10 pm")
    clock = ann.locator("#phone-stage .timer-value")
    before = clock.inner_text()
    console.locator("#live-bar button", has_text="+1 min").click()
    expect(clock).not_to_have_text(before)
    console.locator("#live-bar button", has_text=ASSOCIATIONS).click()
    expect(console.locator("#live-bar button.primary", has_text=ASSOCIATIONS)).to_be_visible()
    expect(composer.locator("input[name=parent_id]")).to_be_attached()
    expect(composer.locator("#card-text")).to_have_value("until 10 pm")
    composer.locator("button.primary").click()
    expect(
        card_titled(ann.locator("#phone-board"), "Open in the evening").locator(
            "ul.subpoints li", has_text="until 10 pm"
        )
    ).to_have_count(1)

    console.locator("#live-bar #close-writing").click()
    expect(ann.locator("#composer")).to_have_count(0)


def test_the_console_says_who_is_in_no_group_and_makes_the_groups_from_there(
    contexts, facilitator, base_url
):
    room = set_up_room(
        contexts,
        facilitator,
        base_url,
        "Nobody left out",
        [ASSOCIATIONS, COMPANIES],
        [("Ann", "Leroy", 1, ASSOCIATIONS), ("Cat", "Nguyen", 2, COMPANIES)],
    )
    eve = join(contexts.phone(), room.workshop, "Eve", "Martin")  # after the groups: in none
    add_activity_over_http(room.workshop, "brainstorm", "Orientations", question=QUESTION)
    start(room.workshop)
    advance(room.workshop)
    console = room.console
    note = console.locator("#board-ungrouped .warning")
    expect(note).to_contain_text("1 person present is in no group")
    expect(eve.locator("#composer .closed-note")).to_contain_text("puts you in a group")

    console.click("#auto-groups-now")
    console.locator("#editor form button.primary").click()
    expect(note).to_have_count(0)
    # Three people make one group of three, not a pair and someone alone: said, with the way
    # to have two groups anyway.
    expect(console.locator("#editor #dealt-note")).to_contain_text(
        "Only 1 group was filled: too few people present (3) for 2 groups"
    )
    expect(eve.locator("#composer #card-text")).to_be_visible()
