"""Bad input over Socket.IO: the only client event is `connect`; anything else is inert.

Malformed, huge, deeply nested or wrongly typed `auth` payloads are refused; events the
server does not handle (whatever their payload, however many) change nothing, answer
nothing and do not disturb the pushes other sockets receive.
"""

import pytest

from tests.factories import add_instruction, make_workshop
from tests.views.helpers import join_as
from workshop.db import session
from workshop.models import Card, Participant, VoteDot
from workshop.services import agenda

NESTED = {"workshop": {"a": [{"b": [{"c": "d"}] * 3}] * 3}, "audience": ["phone"] * 100}


@pytest.fixture
def workshop(ctx):
    workshop, _ = make_workshop()
    add_instruction(workshop, "Consigne")
    return workshop


@pytest.mark.parametrize(
    "auth",
    [
        None,
        [],
        "phone",
        12,
        {"workshop": None, "audience": "phone"},
        {"workshop": "X" * 100_000, "audience": "phone"},
        {"workshop": "ABCDEF\x00", "audience": "phone"},
        {"workshop": "\ud800", "audience": "phone"},
        NESTED,
        {"workshop": ["ABCDEF"], "audience": {"phone": 1}},
    ],
)
def test_malformed_handshakes_are_refused(socket_client, auth):
    assert not socket_client(auth).is_connected()


def counts() -> tuple[int, int, int]:
    s = session()
    s.expire_all()
    return s.query(Participant).count(), s.query(Card).count(), s.query(VoteDot).count()


def test_unknown_events_of_any_shape_change_and_answer_nothing(client, socket_client, workshop):
    join_as(client, workshop)
    phone = socket_client({"workshop": workshop.join_code, "audience": "phone"})
    assert phone.is_connected()
    phone.get_received()
    before = counts()
    for name, payload in [
        ("vote", {"candidate_id": 1, "participant_id": 99}),
        ("cast_dot", "1"),
        ("regions", {"html": "<script>alert(1)</script>"}),
        ("join", NESTED),
        ("x" * 1000, "y" * 200_000),
    ]:
        assert phone.emit(name, payload, callback=True) is None
    for n in range(500):  # a flood from one socket
        phone.emit("spam", {"n": n})
    assert counts() == before
    assert phone.get_received() == []
    assert phone.is_connected()

    # Another socket of the room still follows the workshop as usual.
    other_client = client.application.test_client()
    join_as(other_client, workshop, first_name="Lina", surname="Other")
    other = socket_client({"workshop": workshop.join_code, "audience": "phone"}, other_client)
    other.get_received()
    agenda.start_workshop(workshop)
    agenda.step_agenda(workshop, 1)
    pushed = "".join(m["args"][0]["html"] for m in other.get_received() if m["name"] == "regions")
    assert "Consigne" in pushed
