"""What the push tests share: reading pushed regions, connecting sockets, a vote on screen."""

import re

from tests.factories import add_vote, join
from tests.views.helpers import new_facilitated_workshop
from workshop.extensions import socketio
from workshop.services import agenda, voting


def html_of(received) -> str:
    return "".join(m["args"][0]["html"] for m in received if m["name"] == "regions")


def pushes_of(received, region_id: str) -> list[str]:
    """Return every pushed copy of one region, in order."""
    found = []
    for message in received:
        if message["name"] != "regions":
            continue
        match = re.search(
            rf'<section id="{region_id}".*?</section>', message["args"][0]["html"], re.S
        )
        if match:
            found.append(match.group(0))
    return found


def connect(app, flask_client, audience, workshop):
    auth = {"workshop": workshop.join_code, "audience": audience}
    return socketio.test_client(app, flask_test_client=flask_client, auth=auth)


def vote_on_screen(client, people: int = 1, **vote):
    """An English workshop led from `client`, `people` participants joined (P0, P1...),
    on an open vote (`vote`: add_vote's settings). Return (workshop, secret, activity,
    people)."""
    workshop, secret = new_facilitated_workshop(client, language="en")
    activity = add_vote(workshop, **vote)
    joined = [join(workshop, first_name=f"P{i}")[0] for i in range(people)]
    agenda.start_workshop(workshop)
    agenda.go_to_activity(workshop, activity.id)
    voting.open_vote(workshop, activity)
    return workshop, secret, activity, joined


def screen_socket(app, workshop):
    """The projector's socket, connected as its page connects it."""
    screen = app.test_client()
    screen.get(f"/s/{workshop.screen_key}")
    return connect(app, screen, "screen", workshop)
