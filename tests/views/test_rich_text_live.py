"""The facilitator's rich text (bold, italic, lists, links) on the live pages: the projector,
the phones and the console render it as the minutes do, and markup stays text."""

import re

from tests.views.helpers import join_as, new_facilitated_workshop
from tests.views.test_board_display import region
from tests.views.test_hostile_text import assert_inert
from workshop.db import transaction
from workshop.services import agenda, boards

INSTRUCTION = (
    "Lisez **bien** la *consigne*.\n\n- un\n- deux\n\n"
    "Voir [le site](https://exemple.org) <script>alert(1)</script> [x](javascript:alert(2)) "
    '<img src=x onerror=alert(3)> [y](data:text/html,hi) hx-get="/e"'
)
LINK = '<a href="https://exemple.org" rel="noopener noreferrer">le site</a>'


def _live(client, data):
    workshop, _ = new_facilitated_workshop(client)
    activity = agenda.add_activity(workshop, data)
    agenda.start_workshop(workshop)
    agenda.go_to_activity(workshop, activity.id)
    return workshop, activity


def _stages(app, client, workshop) -> dict[str, str]:
    """Return the stage of the projector and of a phone that just joined."""
    phone = app.test_client()
    join_as(phone, workshop)
    screen = client.get(f"/s/{workshop.screen_key}").get_data(as_text=True)
    on_phone = phone.get(f"/p/{workshop.join_code}").get_data(as_text=True)
    return {"projector": region(screen, "screen-stage"), "phone": region(on_phone, "phone-stage")}


def test_an_instruction_in_bold_and_lists_reads_so_on_the_projector_and_phones(app, client, ctx):
    data = {"kind": "instruction", "title": "Consigne", "instruction": INSTRUCTION}
    workshop, _activity = _live(client, data)
    for name, stage in _stages(app, client, workshop).items():
        assert "Lisez <strong>bien</strong> la <em>consigne</em>." in stage, name
        assert re.search(r"<ul[^>]*>\s*<li>un</li>\s*<li>deux</li>\s*</ul>", stage), name
        assert LINK in stage and "**" not in stage, name
        # Hostile text stays text: no script, no handler, no link to anything but the web.
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in stage, name
        assert "[x](javascript:alert(2))" in stage and "[y](data:text/html,hi)" in stage, name
        assert not re.search(r'href="\s*(?:javascript|data):', stage, re.I), name
        assert_inert(stage, name)
    stage = _stages(app, client, workshop)["projector"]
    assert '<p class="stage-text">Lisez <strong>bien</strong>' in stage
    assert '<ul class="stage-text">' in stage  # a list reads at the projector's size


def test_a_vote_instruction_and_the_welcome_context_are_rich(app, client, ctx):
    workshop, _activity = _live(
        client, {"kind": "vote", "title": "Vote", "instruction": "Votez **vite**."}
    )
    for name, stage in _stages(app, client, workshop).items():
        assert "Votez <strong>vite</strong>." in stage, name
    context = "Un enjeu *majeur*.\n\nDeux.\n\nTrois.\n\nQuatre, pas à l'écran."
    workshop, _activity = _live(client, {"kind": "welcome", "title": "Accueil"})
    with transaction():
        workshop.context = context
    stages = _stages(app, client, workshop)
    assert "Un enjeu <em>majeur</em>." in stages["projector"]
    assert "Trois." in stages["projector"] and "Quatre" not in stages["projector"]
    assert "Quatre, pas à l&#39;écran." in stages["phone"]


def test_a_prompt_and_a_synthesis_are_rich_on_the_console_the_projector_and_phones(
    app, client, ctx
):
    prompt = "Racontez **vraiment** <b>2030</b>."
    data = {"kind": "scenario", "title": "En 2030", "prompt_0": prompt}
    workshop, activity = _live(client, data)
    boards.save_synthesis(workshop, activity, None, "Le groupe *hésite*.\n\n- encore")
    for name, stage in _stages(app, client, workshop).items():
        assert "Racontez <strong>vraiment</strong> &lt;b&gt;2030&lt;/b&gt;." in stage, name
    console = region(
        client.get(f"/w/{workshop.join_code}/console").get_data(as_text=True), "console-board"
    )
    assert '<p class="hint">Racontez <strong>vraiment</strong>' in console
    assert "Le groupe <em>hésite</em>." in console and "<li>encore</li>" in console
