"""The broadcaster renders a region once per room that holds a socket, never for empty rooms."""

from tests.factories import join, make_workshop
from workshop.live import broadcast


def test_only_rooms_with_sockets_are_rendered(client, ctx, socket_client, monkeypatch):
    workshop, _ = make_workshop()
    rendered = []
    real = broadcast.render_regions
    monkeypatch.setattr(
        broadcast,
        "render_regions",
        lambda w, regions, room: rendered.append(room.name) or real(w, regions, room),
    )
    join(workshop)
    assert rendered == []
    client.get(f"/s/{workshop.screen_key}")
    screen = socket_client({"workshop": workshop.join_code, "audience": "screen"})
    rendered.clear()
    join(workshop, first_name="Omar")
    assert rendered == [f"ws-{workshop.id}-screen"]
    assert '<span class="count">2</span>' in "".join(
        m["args"][0]["html"] for m in screen.get_received() if m["name"] == "regions"
    )


def test_a_throttled_region_gathers_changes_into_its_next_push(
    app, client, ctx, socket_client, monkeypatch
):
    """The console's roster is pushed at most once per `every` seconds while people join;
    the presence count is not throttled, and the last change is never dropped."""
    import dataclasses
    import time

    from workshop.presenters.regions import REGIONS

    monkeypatch.setitem(REGIONS, "roster", dataclasses.replace(REGIONS["roster"], every=1.5))
    broadcaster = app.extensions["broadcaster"]
    monkeypatch.setattr(broadcaster, "interval", 0.02)
    workshop, secret = make_workshop()
    client.get(f"/f/{secret}")
    console = socket_client({"workshop": workshop.join_code, "audience": "console"})
    console.get_received()

    def pushed(wait: float) -> str:
        deadline = time.monotonic() + wait
        html = ""
        while time.monotonic() < deadline:
            time.sleep(0.02)
            html += "".join(
                m["args"][0]["html"] for m in console.get_received() if m["name"] == "regions"
            )
        return html

    join(workshop, first_name="Ada", surname="Alpha")
    first = pushed(0.2)
    assert "Alpha" in first and 'id="roster"' in first
    join(workshop, first_name="Bob", surname="Beta")
    soon = pushed(0.3)
    assert '<span class="count">2</span>' in soon  # the count at once
    assert 'id="roster"' not in soon  # the roster waits for its turn...
    later = pushed(2.0)
    assert "Beta" in later and 'id="roster"' in later  # ...and then shows everyone
