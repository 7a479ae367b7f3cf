"""A whole session in real browsers, from the first phone to the downloaded minutes (issue 6).

A facilitator's console, the projector and four phones in two sub-groups. A scenario:
the first group answers with headings and sub-points, the second on a two-column board
(rows paired, one side blank). A brainstorm of orientations typed from the phones, and a
comment. A dot vote on the orientations from the four phones with a tie; close, reveal,
end. On the minutes page the facilitator writes an introduction and the next workshop
(a co-facilitator's second copy of the page follows live), then downloads the minutes as
DOCX (read back with python-docx) and Markdown: both hold every answer and sub-point in
its group, the two-column table cell by cell, the ranking with its shared rank, the
number of voters and the participants.
"""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.helpers import (
    Block,
    advance,
    create_workshop,
    describe_violations,
    docx_blocks,
    download,
    end_workshop,
    expect_online,
    expect_vote_on_screen,
    join,
    mark_page,
    markdown_blocks,
    open_minutes,
    open_projector,
    run_axe,
    start,
    under,
    was_reloaded,
)
from tests.browser.test_boards import (
    add_board_activity,
    add_group,
    assign,
    card_id,
    console_group,
    screen_group,
    write_heading,
    write_subpoint,
)
from tests.browser.test_votes import place_dots, result_row
from tests.exporters.readers import read_docx, read_markdown

pytestmark = [pytest.mark.browser, pytest.mark.timeout(180)]

TITLE = "Social centres in 2030"
ASSOCIATIONS, COMPANIES = "Associations", "Companies"
MEMBERS = [  # first name, surname, category (1 association, 2 company), organisation, group
    ("Ann", "Leroy", 1, "Maison du Canal", ASSOCIATIONS),
    ("Bob", "Martin", 1, "Centre des Vignes", ASSOCIATIONS),
    ("Cat", "Nguyen", 2, "Cooperative Les Ateliers", COMPANIES),
    ("Dan", "Petit", 2, "Garage Solidaire", COMPANIES),
]
PARTICIPANT_LINES = [
    "LEROY Ann – Maison du Canal",
    "MARTIN Bob – Centre des Vignes",
    "NGUYEN Cat – Cooperative Les Ateliers",
    "PETIT Dan – Garage Solidaire",
]
PARTICIPANTS_PHRASE = "4 participants, including 2 associations and 2 companies."

SCENARIO, BRAINSTORM, VOTE = "What we bring", "Orientations", "Our priorities"
PROMPT_ASSOCIATIONS = "It is 2030. A new prefect invites you: say what your structure brings."
PROMPT_COMPANIES = "It is 2030. What do you demand from the social centres, and what do you reject?"
COLUMNS = ["Demands", "Rejections"]
QUESTION = "Which orientations would give us more weight?"
SYNTHESIS = "The associations see the centre as a meeting place first."
COMMENT = "To discuss with the town hall"
INTRODUCTION = "Thanks to the twelve structures who came."
DEEPENS = "The funding of the retained orientations"
OBJECTIVES = ["Write a shared charter", "Meet the prefect"]

# What each group answers: headings with their sub-points, in order.
ASSOCIATION_ANSWERS = [
    ("A place open to everyone", ["open in the evenings", "free rooms for associations"]),
    ("Volunteers trained together", ["a shared training plan"]),
]
# The companies' two columns, row by row: (demand, rejection) cells; () is a blank side.
COMPANY_ROWS = [
    (("Stable multi-year funding", "three years at least"), ("Yearly calls for projects",)),
    (("A seat on the steering committee",), ()),
]
ORIENTATIONS = {  # heading: (sub-point, group, who writes the heading, who the sub-point)
    "Speak with one voice": ("a joint letter to the prefect", ASSOCIATIONS, "Ann", "Bob"),
    "Open the centres at night": ("volunteers on duty", ASSOCIATIONS, "Bob", "Ann"),
    "A shared transport service": ("minibuses for the elderly", COMPANIES, "Cat", "Dan"),
    "Youth councils": ("elected for two years", COMPANIES, "Dan", "Cat"),
}
O1, O2, O3, O4 = ORIENTATIONS
BALLOTS = {"Ann": [O1, O2, O3], "Bob": [O1, O2, O3], "Cat": [O1, O2, O4], "Dan": [O1, O3, O4]}
SCORES = {O1: 4, O2: 3, O3: 3, O4: 2}
RANKS = {O1: "1", O2: "2=", O3: "2=", O4: "4"}


def answer_blocks(answers) -> list[Block]:
    """What a group's headings with sub-points read as: a heading line, then its bullets."""
    expected = []
    for heading, subpoints in answers:
        expected.append(Block("para", heading))
        expected += [Block("bullet", point) for point in subpoints]
    return expected


def check_minutes(blocks: list[Block], tables: list, fmt: str) -> None:
    """Everything typed on the phones, counted by the vote and edited after, in its place."""
    assert blocks[0] == Block("h0", f"Minutes of the workshop “{TITLE}” of 12 March 2026"), fmt
    sections = [b.text for b in blocks if b.kind == "h1"]
    expected_order = ["Participants", SCENARIO, BRAINSTORM, VOTE, "Next steps"]
    assert [s for s in sections if s in expected_order] == expected_order, (fmt, sections)
    assert sections.index("Introduction") < sections.index(SCENARIO), (fmt, sections)
    assert Block("para", INTRODUCTION) in under(blocks, "h1", "Introduction"), fmt

    # The participants, sorted by surname with their organisation, and the counts.
    people = under(blocks, "h1", "Participants")
    assert people[0] == Block("para", PARTICIPANTS_PHRASE), (fmt, people)
    assert [b.text for b in people if b.kind == "bullet"] == PARTICIPANT_LINES, (fmt, people)

    # The scenario: each group under its own heading, its prompt first, then its answer.
    associations = under(blocks, "h2", ASSOCIATIONS, after=SCENARIO)
    assert associations == [
        Block("para", PROMPT_ASSOCIATIONS),
        *answer_blocks(ASSOCIATION_ANSWERS),
        Block("para", "Synthesis"),
        Block("para", SYNTHESIS),
    ], (fmt, associations)
    companies = under(blocks, "h2", COMPANIES, after=SCENARIO)
    assert companies[0] == Block("para", PROMPT_COMPANIES), (fmt, companies)
    assert not any(b.kind == "bullet" for b in companies), (fmt, companies)  # all in the table
    board = next(t for t in tables if t[0] == [(COLUMNS[0],), (COLUMNS[1],)])
    assert board[1:] == [list(row) for row in COMPANY_ROWS], (fmt, board)

    # The orientations, grouped by the group that proposed them, with their sub-point and
    # the comment.
    for heading, (subpoint, group, _writer, _adder) in ORIENTATIONS.items():
        of_group = under(blocks, "h3", group, after=BRAINSTORM)
        assert Block("h4", heading) in of_group, (fmt, group, of_group)
        orientation = under(blocks, "h4", heading, after=BRAINSTORM)
        assert orientation[0] == Block("bullet", subpoint), (fmt, orientation)
        has_comment = Block("para", f"Comment: {COMMENT}") in orientation
        assert has_comment == (heading == O4), (fmt, heading, orientation)

    # The vote: the method, the voters, the ranking with the shared rank, the retained.
    vote = under(blocks, "h1", VOTE)
    rule = next(b.text for b in vote if b.text.startswith("Each participant had 3 dots"))
    assert "at most one per orientation" in rule and rule.endswith("4 voters."), (fmt, vote)
    ranking = next(t for t in tables if t[0][:3] == [("Rank",), ("Orientation",), ("Points",)])
    rows = [(r[0][0], r[1][0], r[2][0]) for r in ranking[1:]]
    assert rows == [(RANKS[o], o, str(SCORES[o])) for o in (O1, O2, O3, O4)] or rows == [
        (RANKS[o], o, str(SCORES[o])) for o in (O1, O3, O2, O4)
    ], (fmt, rows)
    assert [b.text for b in under(blocks, "h2", "Retained orientations", after=VOTE)] == [
        rows[0][1],
        rows[1][1],
        rows[2][1],
    ], fmt

    # The next workshop the facilitator entered after the session.
    steps = [b.text for b in under(blocks, "h1", "Next steps")]
    assert "Date: Tuesday 2 June 2026" in steps, (fmt, steps)
    assert f"To deepen: {DEEPENS}" in steps and all(o in steps for o in OBJECTIVES), (fmt, steps)


# ---- the session ------------------------------------------------------------------------


def comment_on(console: Page, heading_id: int, text: str) -> None:
    """Comment a card from its moderation tools."""
    console.click(f"#moderate-{heading_id}")
    tools = console.locator("#editor .card-tools")
    tools.locator("#comment-text").fill(text)
    tools.locator("form").filter(has=console.locator("#comment-text")).locator(
        "button[type=submit]"
    ).click()
    expect(console.locator("#editor .card-tools")).to_have_count(0)
    expect(console.locator(f"#card-{heading_id} .card-comment")).to_have_text(
        re.compile(re.escape(text))
    )


def write_synthesis(console: Page, group: str, text: str) -> None:
    console_group(console, group).locator("button[hx-get*='/synthesis']").click()
    console.locator("#editor #synthesis-text").fill(text)
    console.click("#editor #save-synthesis")
    expect(console_group(console, group).locator(".synthesis")).to_have_text(text)


def test_a_whole_session_ends_in_minutes_holding_every_answer_and_count(
    contexts, facilitator, base_url
):
    workshop = create_workshop(facilitator, base_url, TITLE, language="en", instructions=())
    console = workshop.console
    projector = open_projector(workshop)
    console.bring_to_front()
    phones = {
        first: join(contexts.phone(), workshop, first, surname, category=c, organisation=org)
        for first, surname, c, org, _group in MEMBERS
    }
    expect(console.locator("#roster li.person")).to_have_count(4)
    for page in (console, projector, *phones.values()):
        mark_page(page)
    groups = {name: add_group(workshop, name) for name in (ASSOCIATIONS, COMPANIES)}
    for _first, surname, _c, _org, group in MEMBERS:
        assign(workshop, surname, groups[group], group)
    associations, companies = groups[ASSOCIATIONS], groups[COMPANIES]
    add_board_activity(
        workshop,
        "scenario",
        SCENARIO,
        **{
            "mode-groups": True,
            f"prompt_{associations}": PROMPT_ASSOCIATIONS,
            f"format_{associations}": ("select", "headings"),
            f"prompt_{companies}": PROMPT_COMPANIES,
            f"format_{companies}": ("select", "board"),
            f"columns_{companies}": " / ".join(COLUMNS),
        },
    )
    add_board_activity(
        workshop, "brainstorm", BRAINSTORM, **{"mode-groups": True, "question": QUESTION}
    )
    add_board_activity(
        workshop,
        "vote",
        VOTE,
        **{
            "method-dots": True,
            "budget": "3",
            "max_per_candidate": "1",
            "retain": "3",
            "results": ("select", "hidden"),
            "order": ("select", "fixed"),
        },
    )

    # The scenario: headings and sub-points from both phones of each group.
    start(workshop)
    advance(workshop)
    ann, bob, cat, dan = (phones[n] for n in ("Ann", "Bob", "Cat", "Dan"))
    write_heading(ann, "A place open to everyone")
    write_subpoint(bob, "A place open to everyone", "open in the evenings")
    write_heading(bob, "Volunteers trained together")
    write_subpoint(ann, "Volunteers trained together", "a shared training plan")
    write_subpoint(ann, "A place open to everyone", "free rooms for associations")
    write_heading(cat, "Stable multi-year funding", column=0)
    write_heading(dan, "Yearly calls for projects", column=1)
    write_subpoint(dan, "Stable multi-year funding", "three years at least")
    write_heading(cat, "A seat on the steering committee", column=0)
    on_screen = screen_group(projector, COMPANIES).locator("table.board-table tbody tr")
    expect(on_screen).to_have_count(2)
    expect(on_screen.nth(1).locator("td").nth(1)).to_be_empty()
    expect(screen_group(projector, ASSOCIATIONS).locator("article.card")).to_have_count(2)
    # The console shows the last answer: no push of its board is still on the way.
    expect(console_group(console, COMPANIES).locator("article.card")).to_have_count(3)
    write_synthesis(console, ASSOCIATIONS, SYNTHESIS)

    # The brainstorm: each group proposes two orientations, each with a sub-point.
    advance(workshop)
    for heading, (subpoint, _group, writer, adder) in ORIENTATIONS.items():
        write_heading(phones[writer], heading)
        write_subpoint(phones[adder], heading, subpoint)
    expect(projector.locator("#screen-board article.card")).to_have_count(4)
    expect(console.locator("#console-board ul.subpoints > li")).to_have_count(4)
    comment_on(console, card_id(console_group(console, COMPANIES), O4), COMMENT)

    # The vote: the orientations become candidates; four phones, a tie for second place.
    advance(workshop)
    panel = console.locator("#console-vote")
    expect_vote_on_screen(panel)
    panel.locator("form.tool-row", has_text=BRAINSTORM).locator(
        "button[name=marked][value='0']"
    ).click()
    expect(panel.locator("ol.candidate-list li .candidate-label")).to_have_count(4)
    panel.page.locator("#live-bar #open-vote").click()
    expect(panel.page.locator("#live-bar #close-vote")).to_be_visible()
    for name, choice in BALLOTS.items():
        place_dots(phones[name], choice)
    expect(panel.locator("#vote-progress-text")).to_have_text(
        re.compile(r"^4 of 4 present participants have voted$")
    )
    for label, score in SCORES.items():
        expect(result_row(console, label).locator("td.score")).to_have_text(str(score))
    panel.page.locator("#live-bar #close-vote").click()
    expect(panel.page.locator("#live-bar #open-vote")).to_be_visible()
    panel.page.locator("#live-bar #reveal-results").click()
    ranks = projector.locator("#vote-results tbody tr.rank-row td.rank")
    expect(ranks).to_have_text(["1", "2=", "2=", "4"])
    for label, rank in RANKS.items():
        expect(result_row(projector, label).locator("td.rank")).to_have_text(rank)
    for page in (console, projector, *phones.values()):
        assert not was_reloaded(page), f"{page.url} was reloaded"
    end_workshop(workshop)

    # The minutes page; a co-facilitator follows on a second laptop.
    second = contexts.desktop().new_page()
    second.goto(workshop.facilitator_link)
    second.goto(f"{base_url}/w/{workshop.code}/minutes")
    expect_online(second)
    mark_page(second)
    minutes = open_minutes(workshop)
    second.fill("#closing", "Still typing on the second laptop")  # not saved yet
    second.evaluate("document.getElementById('minutes-preview').dataset.old = 'yes'")
    minutes.fill("#introduction", INTRODUCTION)
    minutes.click("#save-texts")
    for page in (minutes, second):
        preview = page.frame_locator("iframe.minutes-preview")
        expect(preview.get_by_text(INTRODUCTION)).to_be_visible()
    # The second copy's preview was pushed (a new element), and what is being typed there
    # is untouched: the edit forms are not part of the push.
    expect(second.locator("#minutes-preview:not([data-old])")).to_have_count(1)
    expect(second.locator("#closing")).to_have_value("Still typing on the second laptop")
    expect(second.locator("#introduction")).to_have_value("")
    assert not was_reloaded(second)
    minutes.fill("#next_date", "2026-06-02")
    minutes.fill("#next_deepens", DEEPENS)
    minutes.fill("#next_objectives", "\n".join(OBJECTIVES))
    minutes.click("#save-next")
    for page in (minutes, second):
        expect(page.frame_locator("iframe.minutes-preview").get_by_text(DEEPENS)).to_be_visible()
    minutes.click("#mark-final")
    expect(second.locator("#minutes-status #mark-draft")).to_be_visible()
    expect(second.frame_locator("iframe.minutes-preview").locator(".draft-banner")).to_have_count(0)

    violations = run_axe(second)  # the live minutes page, after pushes
    assert not violations, describe_violations("minutes page", violations)

    name, docx_bytes = download(minutes, "#download-docx")
    assert name.endswith(".docx")
    outline = read_docx(docx_bytes)
    check_minutes(docx_blocks(docx_bytes), outline.tables, "docx")
    name, md_bytes = download(minutes, "#download-md")
    assert name.endswith(".md")
    text = md_bytes.decode("utf-8")
    check_minutes(markdown_blocks(text), read_markdown(text).tables, "markdown")
