"""Acting as the people of a workshop through the HTTP API, as browsers do."""

import re

from tests.factories import make_workshop


def new_facilitated_workshop(client, **fields):
    """Create a workshop and open its console in `client`; return (workshop, secret)."""
    workshop, secret = make_workshop(**fields)
    assert client.get(f"/f/{secret}").status_code == 302
    return workshop, secret


def join_as(client, workshop, first_name="Marie", surname="Durand", **extra):
    data = {"first_name": first_name, "surname": surname, **extra}
    response = client.post(f"/j/{workshop.join_code}", data=data)
    assert response.status_code == 302, response.data
    return response


def csrf_token_of(client, url="/"):
    page = client.get(url).get_data(as_text=True)
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


HX = {"HX-Request": "true"}
