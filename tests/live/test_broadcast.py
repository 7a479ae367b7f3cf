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
