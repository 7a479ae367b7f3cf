"""Groups in parallel, pushed: a tap redraws the projector's panes (not its stage), the
console's panel follows, and each group's phones get their own group's activity."""

import pytest

from tests.factories import add_vote, cast_dot
from tests.live.helpers import connect, html_of
from tests.views.helpers import join_as, new_facilitated_workshop
from workshop.db import session
from workshop.models import Participant
from workshop.services import agenda, groups, voting


@pytest.fixture
def block(app, client, ctx):
    """Group A's vote and group B's vote live together, one phone in each group."""
    workshop, _ = new_facilitated_workshop(client, language="en")
    a = groups.add_group(workshop, {"name": "Group A"})
    b = groups.add_group(workshop, {"name": "Group B"})
    vote_a = add_vote(workshop, "Vote A", ("A1", "A2"), group_id=a.id)
    vote_b = add_vote(workshop, "Vote B", ("B1", "B2"), group_id=b.id)
    phones = {}
    for name, group in (("ann", a), ("bob", b)):
        phones[name] = app.test_client()
        join_as(phones[name], workshop, first_name=name, surname="X", lang="en")
        person = session().query(Participant).filter_by(first_name=name).one()
        groups.assign_person(workshop, person.id, group.id)
    agenda.run_together(workshop, vote_b.id, True)
    agenda.start_workshop(workshop)
    screen_client = app.test_client()
    screen_client.get(f"/s/{workshop.screen_key}")
    sockets = {
        "screen": connect(app, screen_client, "screen", workshop),
        "console": connect(app, client, "console", workshop),
        "ann": connect(app, phones["ann"], "phone", workshop),
        "bob": connect(app, phones["bob"], "phone", workshop),
    }
    for socket in sockets.values():
        socket.get_received()
    return workshop, (vote_a, vote_b), sockets


def test_coming_on_screen_each_groups_phones_get_their_own_vote(block):
    workshop, (vote_a, vote_b), sockets = block
    agenda.step_agenda(workshop, 1)
    ann, bob = (html_of(sockets[name].get_received()) for name in ("ann", "bob"))
    assert "Vote A" in ann and "Vote B" not in ann
    assert "Vote B" in bob and "Vote A" not in bob
    screen = html_of(sockets["screen"].get_received())
    assert 'id="screen-parallel"' in screen and "Vote A" in screen and "Vote B" in screen
    console = html_of(sockets["console"].get_received())
    assert f'id="close-vote-a{vote_a.id}"' not in console  # not opened yet
    assert f'id="open-vote-a{vote_b.id}"' in console


def test_a_tap_redraws_the_panes_not_the_stage_and_reaches_no_phone(block):
    workshop, (_vote_a, vote_b), sockets = block
    agenda.step_agenda(workshop, 1)
    voting.open_vote(workshop, vote_b)
    for socket in sockets.values():
        socket.get_received()
    bob = session().query(Participant).filter_by(first_name="bob").one()
    cast_dot(workshop, vote_b, bob, voting.candidates_of(vote_b)[0].id)
    screen = html_of(sockets["screen"].get_received())
    assert 'id="screen-parallel"' in screen and 'id="screen-stage"' not in screen
    assert f'id="vote-progress-text-a{vote_b.id}"' in screen
    assert "1 of 1 present participant has voted" in screen
    assert 'id="console-parallel"' in html_of(sockets["console"].get_received())
    assert html_of(sockets["ann"].get_received()) == ""
    assert html_of(sockets["bob"].get_received()) == ""
