"""Fuzzing every form route of the participants and the facilitator (hypothesis).

Random text, any unicode, markup, huge numbers, oversized values, unknown fields, garbage
bodies (invalid UTF-8, percent-encoded surrogates, binary files) are posted to every POST
route of the URL map a phone or the facilitator uses, as that person, on a live workshop
(a board with a card, an open vote, a group). Whatever comes: never a 500, never a
traceback in the answer, nothing stored when the answer is a refusal, and nothing stored
ever holds a NUL or a lone surrogate. Bounded: a few seconds per audience.
"""

import hashlib
import io
import json
import re
from urllib.parse import quote_from_bytes

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from tests.factories import add_vote
from tests.views.helpers import join_as, new_facilitated_workshop
from workshop.db import Base, session
from workshop.models import Participant
from workshop.services import agenda, boards, groups, voting

FACILITATOR_BLUEPRINTS = ("facilitate.", "boards.", "groups.", "votes.", "exports.", "plans.")
# Routes that end the session under test: they take no input besides the CSRF token.
NOT_FUZZED = {"facilitate.logout", "facilitate.end_workshop"}
FIELDS = (
    "title text kind planned_minutes instruction candidates candidate_id direction first_name "
    "surname organisation category lang language join_key parent_id column code theme context "
    "date start_time end_time place organiser minutes_author categories revealed closed "
    "screen_group name person_id group_id status included orientation method budget "
    "max_per_candidate retain results order source_id source_ids marked sheet introduction "
    "closing next objectives deepens action who due mode flag value seconds private shared "
    "anonymous nameable allow_anonymous question count cap outline approve rank_1 dots_1 id "
    "workshop_id participant_id removed_at"
).split()
NASTY = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "{{ config }}{% raw %}",
    'hx-get="/healthz" hx-trigger="load"',
    '=HYPERLINK("http://x")',
    "\x00\x01\x1b[31m",
    "\u202eevil\u202c",
    "9" * 400,
    "-1",
    "1e309",
    "NaN",
    "0x7fffffff",
    "2147483648",
    "../../etc/passwd",
    "' OR 1=1 --",
    "",
    " ",
]
values = st.one_of(
    st.text(max_size=80),
    st.sampled_from(NASTY),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.builds(lambda ch, n: ch * n, st.characters(), st.integers(0, 30_000)),
)
forms = st.dictionaries(
    st.one_of(st.sampled_from(FIELDS), st.text(min_size=1, max_size=20)),
    st.one_of(values, st.lists(values, max_size=3)),
    max_size=8,
)
# Bodies that are not even a well-formed form: bytes, invalid UTF-8, encoded surrogates.
garbage = st.one_of(
    st.binary(max_size=3000),
    st.lists(st.tuples(st.sampled_from(FIELDS), st.binary(max_size=60)), max_size=6).map(
        lambda pairs: "&".join(f"{k}={quote_from_bytes(v)}" for k, v in pairs).encode()
    ),
    st.sampled_from([b"title=%ED%A0%80", b"text=%FF%FE%00", b"a=%%%&b=%zz", b"\xff" * 64]),
)
requests = st.fixed_dictionaries(
    {
        "form": forms,
        "garbage": st.one_of(st.none(), garbage),
        "upload": st.one_of(st.none(), st.binary(max_size=2000)),
        "htmx": st.booleans(),
        "key": st.one_of(
            st.none(), st.text(st.characters(min_codepoint=32, max_codepoint=126), max_size=70)
        ),
        "ids": st.dictionaries(
            st.sampled_from(
                [
                    "activity_id",
                    "card_id",
                    "candidate_id",
                    "person_id",
                    "group_id",
                    "comment_id",
                    "action_id",
                ]
            ),
            st.integers(min_value=0, max_value=2**31 + 5),
            max_size=3,
        ),
    }
)
FUZZ = settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.fixture
def room(app, client, ctx):
    """A live workshop: a group, a board with a card, an open vote on screen, one phone."""
    app.config.update(
        PARTICIPANT_RATE_LIMIT="1000000 per minute",
        JOIN_RATE_LIMIT="1000000 per minute",
        JOIN_ADDRESS_RATE_LIMIT="1000000 per minute",
    )
    workshop, _ = new_facilitated_workshop(client)
    group = groups.add_group(workshop, {"name": "Groupe 1"})
    board = agenda.add_activity(
        workshop, {"kind": "scenario", "title": "En 2030", "prompt_0": "Racontez 2030."}
    )
    vote = add_vote(workshop)
    phone = app.test_client()
    join_as(phone, workshop)
    person = session().scalars(select(Participant)).one()
    groups.assign_person(workshop, person.id, group.id)  # nobody writes outside a group
    agenda.start_workshop(workshop)
    agenda.go_to_activity(workshop, board.id)
    phone.post(f"/p/{workshop.join_code}/cards", data={"text": "Une idée"})
    (card,) = boards.cards_of(board)
    agenda.go_to_activity(workshop, vote.id)
    voting.open_vote(workshop, vote)
    ids = {
        "activity_id": [board.id, vote.id],
        "card_id": [card.id],
        "candidate_id": [c.id for c in voting.candidates_of(vote)],
        "person_id": [person.id],
        "group_id": [group.id],
        "comment_id": [1],
        "action_id": [1],
    }
    return app, workshop, client, phone, ids


def routes(app, audience: str) -> list:
    chosen = []
    for rule in app.url_map.iter_rules():
        if "POST" not in rule.methods or rule.endpoint in NOT_FUZZED:
            continue
        facilitator = rule.endpoint.startswith(FACILITATOR_BLUEPRINTS)
        participant = rule.endpoint.startswith("participate.")
        if (audience == "facilitator" and facilitator) or (audience == "phone" and participant):
            chosen.append(rule)
    return sorted(chosen, key=lambda r: r.rule)


def snapshot(app) -> str:
    """A digest of every row of every table, read past the session's cache."""
    digest = hashlib.sha256()
    with app.extensions["db"]["engine"].connect() as conn:
        for table in Base.metadata.sorted_tables:
            for row in conn.execute(table.select().order_by(*table.primary_key.columns)):
                digest.update(repr(tuple(row)).encode())
    return digest.hexdigest()


def broken_text_stored(app) -> list[str]:
    """Stored values (texts, JSON settings) holding a NUL or a lone surrogate: never allowed."""
    found = []
    with app.extensions["db"]["engine"].connect() as conn:
        for table in Base.metadata.sorted_tables:
            for row in conn.execute(table.select()):
                for name, value in row._mapping.items():
                    if isinstance(value, str):
                        bad = re.search("[\x00\ud800-\udfff]", value)
                    elif isinstance(value, dict | list):
                        bad = re.search(r"\\u0000|\\ud[89a-f]", json.dumps(value))
                    else:
                        continue
                    if bad:
                        found.append(f"{table.name}.{name}: {str(value)[:40]!r}")
    return found


def url_of(rule, workshop, ids, fuzzed, pick) -> str:
    def value(match):
        name = match.group(1)
        if name == "code":
            return workshop.join_code
        if name in fuzzed:
            return str(fuzzed[name])
        return str(pick(ids.get(name, [1])))

    return re.sub(r"<(?:\w+:)?(\w+)>", value, rule.rule)


def post(client, url, request):
    headers = {}
    if request["htmx"]:
        headers["HX-Request"] = "true"
    if request["key"] is not None:
        headers["Idempotency-Key"] = request["key"]
    if request["garbage"] is not None:
        return client.post(
            url,
            data=request["garbage"],
            content_type="application/x-www-form-urlencoded",
            headers=headers,
        )
    data = dict(request["form"])
    if request["upload"] is not None:
        data["plan"] = (io.BytesIO(request["upload"]), "plan.json")
        data["sheet"] = (io.BytesIO(request["upload"]), "people.csv")
    return client.post(url, data=data, headers=headers)


def check(app, client, url, request) -> None:
    before = snapshot(app)
    response = post(client, url, request)
    body = response.get_data()
    assert response.status_code < 500, (url, response.status_code, body[:300])
    assert b"Traceback" not in body and b'File "/' not in body, url
    if response.status_code >= 400:
        assert snapshot(app) == before, f"{url} refused ({response.status_code}) yet stored"
    else:
        assert broken_text_stored(app) == [], url
    session().rollback()  # the next request reads fresh rows


def fuzz(room, audience, data):
    app, workshop, facilitator, phone, ids = room
    rule = data.draw(st.sampled_from(routes(app, audience)), label="route")
    request = data.draw(requests, label="request")
    url = url_of(rule, workshop, ids, request["ids"], lambda c: data.draw(st.sampled_from(c)))
    check(app, facilitator if audience == "facilitator" else phone, url, request)


@FUZZ
@given(data=st.data())
def test_fuzzed_phone_forms_never_break_the_server(room, data):
    fuzz(room, "phone", data)


@FUZZ
@given(data=st.data())
def test_fuzzed_facilitator_forms_never_break_the_server(room, data):
    fuzz(room, "facilitator", data)


def test_nothing_stored_by_the_fuzzing_holds_a_nul_or_a_lone_surrogate(room):
    app, workshop, facilitator, phone, ids = room
    for rule in routes(app, "phone") + routes(app, "facilitator"):
        client = phone if rule.endpoint.startswith("participate.") else facilitator
        url = url_of(rule, workshop, ids, {}, lambda c: c[0])
        for body in (b"text=A%00B%ED%A0%80C&title=T%00&first_name=%ED%B0%80x&surname=y",):
            response = client.post(url, data=body, content_type="application/x-www-form-urlencoded")
            assert response.status_code < 500, (url, response.status_code)
    assert broken_text_stored(app) == []


def test_every_form_route_is_fuzzed(app):
    fuzzed = {r.endpoint for r in routes(app, "phone") + routes(app, "facilitator")}
    assert {"participate.cast_dot", "participate.join", "facilitate.add_activity"} <= fuzzed
    assert {
        "votes.open_vote",
        "boards.add_card",
        "exports.add_action",
        "plans.import_plan",
    } <= fuzzed
