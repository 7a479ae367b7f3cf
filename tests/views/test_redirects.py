"""The language switch goes back only to a path of this site, whatever `next` holds."""

from urllib.parse import urlsplit

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workshop.web.security import local_path

# The tricks browsers forgive: tabs and line breaks dropped, backslashes read as slashes,
# encoded slashes decoded, schemes and hosts in every spelling.
TRICKS = [
    "//other.host",
    "/\t/other.host",
    "/\\other.host",
    "\\\\other.host",
    "/%2F/other.host",
    "/%2f%2fother.host",
    "/%5Cother.host",
    "/%252F%252Fother.host",
    "/\n/other.host",
    "/\r\nSet-Cookie: x=1",
    "https://other.host/",
    "javascript:alert(1)",
    " /other",
    "/\x00/other.host",
    "http:/other.host",
    "/\u3000/other.host",
    "",
]
pieces = st.sampled_from(["/", "\\", "%2F", "%5C", "%25", "\t", "\n", "\r", ":", "other.host", "@"])
hostile_next = st.lists(pieces | st.text(max_size=4), max_size=8).map("".join)


def _stays_here(location: str) -> bool:
    parts = urlsplit(location)
    return (
        not parts.scheme
        and not parts.netloc
        and location.startswith("/")
        and not location.startswith("//")
        and not any(ch in location for ch in "\\\t\r\n")
    )


@pytest.mark.parametrize("target", TRICKS)
def test_a_trick_in_next_goes_home(client, target):
    response = client.post("/lang", data={"lang": "en", "next": target})
    assert response.status_code == 302
    assert response.headers["Location"] == "/"


def test_a_path_of_this_site_is_followed(client):
    response = client.post("/lang", data={"lang": "en", "next": "/j/ACDEFG?x=1"})
    assert response.headers["Location"] == "/j/ACDEFG?x=1"


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(hostile_next)
def test_any_next_answers_a_redirect_on_this_site_never_a_500(client, target):
    response = client.post("/lang", data={"lang": "fr", "next": target})
    assert response.status_code == 302
    assert _stays_here(response.headers["Location"])


@given(hostile_next)
def test_an_accepted_path_never_leaves_the_site_even_decoded(target):
    from urllib.parse import unquote

    kept = local_path(target)
    if kept is not None:
        assert (
            _stays_here(kept) and _stays_here(unquote(kept)) and _stays_here(unquote(unquote(kept)))
        )
