"""Each built-in plan, end to end over HTTP: created, run with phones, ended, exported.

A facilitator creates a workshop, then a new one from a built-in plan on the minutes page,
as the console offers; phones join and answer every activity that asks for answers
(headings with sub-points, two-column boards), vote with dots on the last brainstorm's
orientations; the facilitator closes, reveals, ends and downloads the minutes as DOCX and
Markdown. The minutes hold the plan's activity titles, what each phone typed in its
activity (and its group) and the vote counts. Everything goes through the app's routes,
as browsers send them; tests/browser/test_plans.py does the same in Chromium for one plan
per language.

The walk and the checks (`plan_script`, `check_plan_minutes`) are shared with the browser.
"""

import functools
import html
import json
import re
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.browser.helpers import Block, docx_blocks, markdown_blocks, under
from tests.exporters.readers import read_docx, read_html, read_markdown
from tests.views.helpers import HX
from workshop.domain.minutes import OUTLINE_PARTS

PLANS_FOLDER = Path(__file__).resolve().parents[2] / "workshop" / "plans"
# The futures-workshop plans; the speed-meeting ones run in tests/views/test_speed_plans.py.
PLAN_KEYS = sorted(
    path.stem for path in PLANS_FOLDER.glob("*.json") if not path.stem.startswith("speed-")
)
BUDGET = 3

# Who joins, by first name: surname, organisation. Phone k sits in group k modulo the
# number of groups when the plan has groups.
PEOPLE = {
    "Ada": ("Lambert", "Maison du Canal"),
    "Ben": ("Girard", "Garage Solidaire"),
    "Cyd": ("Faure", "Centre des Vignes"),
}
WORDS = {
    "en": {
        "agenda": "Activity",
        "rank": "Rank",
        "participants": "Participants",
        "voters": "{n} voters.",
        "proposed_by": "Proposed by: {g}",
    },
    "fr": {
        "agenda": "Activité",
        "rank": "Rang",
        "participants": "Participants",
        "voters": "{n} votants.",
        "proposed_by": "Proposée par : {g}",
    },
}


def load_plan(key: str) -> dict:
    return json.loads((PLANS_FOLDER / f"{key}.json").read_text(encoding="utf-8"))


def test_the_built_in_plans_are_the_four_the_issue_asks_for():
    assert PLAN_KEYS == ["classic-en", "classic-fr", "prospective-en", "prospective-fr"]
    for key in PLAN_KEYS:
        kinds = [a["kind"] for a in load_plan(key)["activities"]]
        assert {"brainstorm", "scenario", "vote"} <= set(kinds), (key, kinds)


# ---- what the phones type, activity by activity ----------------------------------------


@dataclass(frozen=True)
class Card:
    """One heading a phone types, with its sub-point, in a column on a two-column board."""

    heading: str
    subpoint: str | None = None
    column: int | None = None


@dataclass
class Step:
    """One activity of the plan as the session runs it."""

    index: int
    kind: str
    title: str
    instruction: str
    anonymous: bool = False
    cards: dict[str, list[Card]] = field(default_factory=dict)  # by phone's first name
    groups: dict[str, str | None] = field(default_factory=dict)  # phone -> its group's name
    board_columns: dict[str, list[str]] = field(default_factory=dict)  # phone -> columns
    source: str = ""  # a vote: the title of the brainstorm its candidates come from
    candidates: list[str] = field(default_factory=list)  # a vote: the orientations, in order
    ballots: dict[str, list[str]] = field(default_factory=dict)  # a vote: phone -> choices

    @property
    def tallies(self) -> dict[str, int]:
        counts = dict.fromkeys(self.candidates, 0)
        for choice in self.ballots.values():
            for label in choice:
                counts[label] += 1
        return counts


def plan_groups(plan: dict, phones: list[str]) -> dict[str, str | None]:
    names = [g["name"] for g in plan["groups"]]
    return {p: names[k % len(names)] if names else None for k, p in enumerate(phones)}


def plan_script(plan: dict, phones: list[str]) -> list[Step]:
    """Return what each phone types in each activity of `plan`, and how each votes.

    Scenario: a heading and a sub-point, or on a two-column board a demand (with a
    sub-point) facing a refusal. Brainstorm: two orientations, the first with a sub-point.
    Vote: every heading of the brainstorm before it; every phone places its dots on the
    first three, but the third phone (if any) on the first, third and fourth.
    """
    member_groups = plan_groups(plan, phones)
    steps, last_brainstorm = [], None
    for index, activity in enumerate(plan["activities"]):
        settings = activity["settings"]
        step = Step(index, activity["kind"], activity["title"], activity["instruction"])
        step.anonymous = bool(settings.get("anonymous"))
        if step.kind == "scenario":
            prompts = {p["group"]: p for p in settings["prompts"]}
            for phone in phones:
                group = member_groups[phone]
                prompt = prompts.get(group) or prompts[None]
                step.groups[phone] = group
                if prompt["format"] == "board":
                    step.board_columns[phone] = prompt["columns"]
                    step.cards[phone] = [
                        Card(f"{phone} demand {index}", f"{phone} reason {index}", 0),
                        Card(f"{phone} refusal {index}", None, 1),
                    ]
                else:
                    step.cards[phone] = [Card(f"{phone} answer {index}", f"{phone} detail {index}")]
        elif step.kind == "brainstorm":
            for phone in phones:
                step.groups[phone] = member_groups[phone]
                step.cards[phone] = [
                    Card(f"{phone} idea {index} first", f"{phone} example {index}"),
                    Card(f"{phone} idea {index} second"),
                ]
            last_brainstorm = step
        elif step.kind == "vote":
            assert last_brainstorm is not None, "a vote with no brainstorm before it"
            step.candidates = board_order(last_brainstorm, plan)
            first = step.candidates
            for k, phone in enumerate(phones):
                picks = [0, 2, 3] if k == 2 else [0, 1, 2]
                step.ballots[phone] = [first[i] for i in picks]
            step.source = last_brainstorm.title
        steps.append(step)
    return steps


def board_order(step: Step, plan: dict) -> list[str]:
    """The headings of a brainstorm as the board lists them: group by group (the plan's
    order; everyone when there are no groups), each group's cards in the order typed."""
    names = [g["name"] for g in plan["groups"]] or [None]
    return [
        card.heading
        for group in names
        for phone, cards in step.cards.items()
        if step.groups[phone] == group
        for card in cards
    ]


# ---- the checks on the exported minutes --------------------------------------------------


def participant_lines(phones: list[str]) -> list[str]:
    """The people who joined as the minutes name them: by surname, with the organisation."""
    people = sorted((PEOPLE[p][0], p, PEOPLE[p][1]) for p in phones)
    return [f"{surname.upper()} {first} – {org}" for surname, first, org in people]


def check_plan_minutes(
    blocks: list[Block], tables: list, plan: dict, steps: list[Step], phones: list[str], fmt: str
) -> None:
    """The plan's titles, every phone's answers in its activity and group, the vote counts."""
    lang = plan["workshop"]["language"]
    words = WORDS[lang]
    agenda = next(t for t in tables if t[0][0] == (words["agenda"],))
    assert [row[0][0] for row in agenda[1:]] == [s.title for s in steps], (fmt, agenda)
    sections = [b.text for b in blocks if b.kind == "h1"]
    expected = [
        s.title for s in steps if s.kind in ("scenario", "brainstorm", "vote") or s.instruction
    ]
    assert [t for t in sections if t in expected] == expected, (fmt, sections)

    people = [b.text for b in under(blocks, "h1", words["participants"]) if b.kind == "bullet"]
    assert people == participant_lines(phones), (fmt, people)

    for step in steps:
        if step.kind == "scenario":
            check_scenario(blocks, tables, step, fmt)
        elif step.kind == "brainstorm":
            check_brainstorm(blocks, step, words, fmt)
        elif step.kind == "vote":
            check_vote(blocks, tables, step, words, fmt)


def signed(step: Step, phone: str, text: str | None) -> str | None:
    """A card's text as the minutes print it: with its author when the activity is named."""
    if text is None or step.anonymous:
        return text
    return f"{text} ({phone} {PEOPLE[phone][0]})"


def check_scenario(blocks, tables, step: Step, fmt: str) -> None:
    section = under(blocks, "h1", step.title)
    for phone, cards in step.cards.items():
        group = step.groups[phone]
        if phone in step.board_columns:
            board = next(t for t in tables if t[0] == [(c,) for c in step.board_columns[phone]])
            demand, refusal = cards
            sign = functools.partial(signed, step, phone)
            expected = [(sign(demand.heading), sign(demand.subpoint)), (sign(refusal.heading),)]
            assert expected in board, (
                fmt,
                board,
            )
            continue
        (card,) = cards
        # A group's heading (with its prompt and answer under it) is a level-2 heading.
        where = under(blocks, "h2", group, after=step.title) if group else section
        expected = [
            Block("para", signed(step, phone, card.heading)),
            Block("bullet", signed(step, phone, card.subpoint)),
        ]
        at = where.index(expected[0]) if expected[0] in where else None
        assert at is not None and where[at : at + 2] == expected, (fmt, phone, where)


def check_brainstorm(blocks, step: Step, words: dict, fmt: str) -> None:
    for phone, cards in step.cards.items():
        for card in cards:
            heading = signed(step, phone, card.heading)
            group = step.groups[phone]
            # Several groups answering: their orientations sit under a heading per group
            # (a plenary brainstorm keeps one list, each orientation saying who proposed it).
            section = under(blocks, "h1", step.title)
            grouped = Block("h4", heading) in section
            orientation = under(blocks, "h4" if grouped else "h3", heading, after=step.title)
            if card.subpoint:
                sub = Block("bullet", signed(step, phone, card.subpoint))
                assert orientation[0] == sub, (fmt, orientation)
            if grouped:
                assert under(blocks, "h3", group, after=step.title), (fmt, group)
            elif group:
                proposed = Block("para", words["proposed_by"].format(g=group))
                assert proposed in orientation, (fmt, orientation)
    if step.anonymous:  # no author's surname or organisation in an anonymous activity
        text = " ".join(b.text for b in under(blocks, "h1", step.title))
        for surname, organisation in PEOPLE.values():
            assert surname not in text and organisation not in text, (fmt, text)


def check_vote(blocks, tables, step: Step, words: dict, fmt: str) -> None:
    section = under(blocks, "h1", step.title)
    voters = words["voters"].format(n=len(step.ballots))
    # The vote's introduction (what the facilitator asked) comes first, then the rule.
    assert step.instruction.strip() in section[0].text or not step.instruction.strip()
    assert any(block.text.endswith(voters) for block in section[:3]), (fmt, section[:3])
    ranking = next(t for t in tables if t[0][0] == (words["rank"],))
    scores = {row[1][0]: int(row[2][0]) for row in ranking[1:]}
    assert scores == step.tallies, (fmt, scores)
    ranks = [row[0][0] for row in ranking[1:]]
    points = [int(row[2][0]) for row in ranking[1:]]
    assert points == sorted(points, reverse=True), (fmt, ranking)
    for rank, score in zip(ranks, points, strict=True):  # equal points, one shared rank
        tied = points.count(score) > 1
        assert rank.endswith("=") == tied, (fmt, ranking)


def check_plan_html(page, steps: list[Step]) -> None:
    """The print view (HTML) holds the same: the sections, every text, the counts."""
    sections = page.titles(1)
    for step in steps:
        if step.kind in ("scenario", "brainstorm", "vote"):
            assert step.title in sections, (step.title, sections)
        for cards in step.cards.values():
            for card in cards:
                assert card.heading in page.text and (card.subpoint or "") in page.text
        if step.kind == "vote":
            ranking = next(t for t in page.tables if t[0][1] == ("Orientation",))
            scores = {row[1][0]: int(row[2][0]) for row in ranking[1:]}
            assert scores == step.tallies, scores


# ---- running a plan through the routes ---------------------------------------------------


def facilitator_link(page: str) -> str:
    return re.search(r'id="facilitator-link"[^>]*value="[^"]*(/f/[\w-]+)"', page).group(1)


def open_console(client, page: str) -> str:
    """Follow a created page's facilitator link; return the new workshop's join code."""
    response = client.get(facilitator_link(page))
    assert response.status_code == 302, response.status_code
    return re.search(r"/w/(\w+)/console$", response.headers["Location"]).group(1)


def card_id(page: str, text: str) -> int:
    pattern = rf'id="card-(\d+)">\s*<h3 class="card-heading">{re.escape(html.escape(text))}</h3>'
    return int(re.search(pattern, page).group(1))


class HttpSession:
    """The facilitator's client and one client per phone, acting through the routes."""

    def __init__(self, app, key: str, phones: list[str]):
        self.app, self.plan, self.phones = app, load_plan(key), {}
        self.facilitator = app.test_client()
        created = self.facilitator.post(
            "/new",
            data={"title": "Starting point", "language": "en", "date": "2026-03-12"},
            follow_redirects=True,
        )
        assert created.status_code == 200, created.status_code
        start = open_console(self.facilitator, created.get_data(as_text=True))
        # The console's minutes page lists the built-in plans; take this one.
        listed = self.facilitator.get(f"/w/{start}/minutes").get_data(as_text=True)
        assert f'value="{key}"' in listed
        made = self.facilitator.post(
            f"/w/{start}/plan/builtin", data={"plan": key}, follow_redirects=True
        )
        assert made.status_code == 200, made.status_code
        self.code = open_console(self.facilitator, made.get_data(as_text=True))
        for phone in phones:
            surname, organisation = PEOPLE[phone]
            client = app.test_client()
            category = self.plan["workshop"]["categories"][0]
            data = {
                "first_name": phone,
                "surname": surname,
                "organisation": organisation,
                "category": category,
            }
            joined = client.post(f"/j/{self.code}", data=data)
            assert joined.status_code == 302, joined.get_data(as_text=True)[:300]
            self.phones[phone] = client

    def console(self) -> str:
        return self.facilitator.get(f"/w/{self.code}/console").get_data(as_text=True)

    def post(self, path: str, data=None, client=None, **headers):
        client = client or self.facilitator
        response = client.post(path, data=data or {}, headers={**HX, **headers})
        assert response.status_code == 200, (path, response.get_data(as_text=True)[:500])
        return response

    def assign_groups(self, groups: dict[str, str | None]) -> None:
        console = self.console()
        group_ids = {
            name: int(gid)
            for name, gid in re.findall(
                r'<span class="group-name">([^<]+)</span>.*?/groups/(\d+)/edit', console, re.S
            )
        }
        for phone, group in groups.items():
            surname = PEOPLE[phone][0].upper()
            person = re.search(
                rf'id="person-(\d+)">\s*<span class="person-name"><span class="surname">{surname}',
                console,
            ).group(1)
            self.post(f"/w/{self.code}/groups/assign/{person}", {"group_id": group_ids[group]})

    def run(self, steps: list[Step]) -> None:
        activity_ids = [
            int(i)
            for i in re.findall(r'<li class="agenda-item[^"]*" id="activity-(\d+)"', self.console())
        ]
        assert len(activity_ids) == len(steps)
        self.post(f"/w/{self.code}/start")
        for step, activity_id in zip(steps, activity_ids, strict=True):
            if step.index:
                self.post(
                    f"/w/{self.code}/step",
                    {"direction": "next", "seen": activity_ids[step.index - 1]},
                )
            for phone, client in self.phones.items():
                page = client.get(f"/p/{self.code}").get_data(as_text=True)
                shown = self.plan["workshop"]["title"] if step.index == 0 else step.title
                heading = re.search(r'id="phone-stage".*?<h2[^>]*>(.*?)</h2>', page, re.S)
                assert html.unescape(heading.group(1)).strip() == shown, (phone, step.title)
            if step.cards:
                self.write_cards(step)
            if step.kind == "vote":
                self.vote(step, activity_id, activity_ids[steps.index(self.source(steps, step))])
        self.post(f"/w/{self.code}/end")

    def source(self, steps: list[Step], vote: Step) -> Step:
        return next(s for s in steps if s.title == vote.source)

    def write_cards(self, step: Step) -> None:
        for phone, cards in step.cards.items():
            client = self.phones[phone]
            for card in cards:
                data = {"text": card.heading}
                if card.column is not None:
                    data["column"] = card.column
                self.post(f"/p/{self.code}/cards", data, client)
                if card.subpoint:
                    page = client.get(f"/p/{self.code}").get_data(as_text=True)
                    parent = card_id(page, card.heading)
                    self.post(
                        f"/p/{self.code}/cards",
                        {"text": card.subpoint, "parent_id": parent},
                        client,
                    )

    def vote(self, step: Step, activity_id: int, source_id: int) -> None:
        votes = f"/w/{self.code}/votes/{activity_id}"
        # The vote took the board's headings as it came on screen (its source by default):
        # importing them again finds nothing new.
        again = self.facilitator.post(
            f"{votes}/candidates/import", data={"source_id": source_id, "marked": "0"}, headers=HX
        )
        assert again.status_code == 409, again.get_data(as_text=True)[:300]
        self.post(f"{votes}/open")
        for phone, choice in step.ballots.items():
            client = self.phones[phone]
            ballot = client.get(f"/p/{self.code}/vote/{activity_id}").get_data(as_text=True)
            ids = dict(
                re.findall(
                    r'<h3 class="candidate-label">([^<]+)</h3>.*?data-focus-key="dot-(\d+)"',
                    ballot,
                    re.S,
                )
            )
            assert sorted(ids) == sorted(step.candidates), ids
            for label in choice:
                self.post(
                    f"/p/{self.code}/vote/{activity_id}/dot",
                    {"candidate_id": ids[label]},
                    client,
                    **{"Idempotency-Key": uuid.uuid4().hex},
                )
        self.post(f"{votes}/close")
        self.post(f"{votes}/reveal", {"revealed": "1"})

    def download(self, fmt: str) -> bytes:
        response = self.facilitator.get(f"/w/{self.code}/minutes/download/{fmt}")
        assert response.status_code == 200, (fmt, response.status_code)
        return response.data


@pytest.mark.parametrize("key", PLAN_KEYS)
def test_a_built_in_plan_runs_with_phones_and_exports_its_minutes(app, key):
    phones = ["Ada", "Ben", "Cyd"]
    session = HttpSession(app, key, phones)
    plan = session.plan
    steps = plan_script(plan, phones)
    if plan["groups"]:
        session.assign_groups(plan_groups(plan, phones))
    session.run(steps)
    # A session run in seconds has no duration worth a table: the agenda table is left out
    # by default then; the facilitator asks for it in the outline.
    shown = {f"shown_{key}": "1" for key in OUTLINE_PARTS} | {"option_charts": "1"}
    session.facilitator.post(f"/w/{session.code}/minutes/outline", data=shown)

    docx_bytes = session.download("docx")
    outline = read_docx(docx_bytes)
    check_plan_minutes(docx_blocks(docx_bytes), outline.tables, plan, steps, phones, "docx")
    text = session.download("md").decode("utf-8")
    outline = read_markdown(text)
    check_plan_minutes(markdown_blocks(text), outline.tables, plan, steps, phones, "md")
    page = read_html(session.download("html").decode("utf-8"))
    check_plan_html(page, steps)
