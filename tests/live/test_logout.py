from tests.views.helpers import new_facilitated_workshop


def test_logging_out_disconnects_the_consoles_of_that_browser(app, client, ctx, socket_client):
    workshop, _ = new_facilitated_workshop(client)
    console = socket_client({"workshop": workshop.join_code, "audience": "console"})
    assert console.is_connected()
    other_browser = app.test_client()
    _, secret = new_facilitated_workshop(other_browser)
    client.post(f"/w/{workshop.join_code}/logout")
    assert not console.is_connected()
    assert not socket_client({"workshop": workshop.join_code, "audience": "console"}).is_connected()
