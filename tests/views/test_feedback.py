"""What the console, the projector and the phones say after an action: moderation that
offers its undo, merged texts that stay, a run-off that settles the first table, the final
retained list, and phones that say what comes next."""

import re

from tests.factories import add_instruction, add_vote
from tests.views.helpers import HX, join_as, new_facilitated_workshop
from tests.views.test_board_display import region
from tests.views.test_votes import english, ids, tap
from workshop.services import agenda, boards, groups, roster, voting
from workshop.services.boards import FACILITATOR, Actor


def _board(client, app):
    """A live brainstorm of two groups; Léa (G1) and Omar (G2) each wrote a heading."""
    workshop, _ = new_facilitated_workshop(client)
    g1, g2 = (groups.add_group(workshop, {"name": n}) for n in ("G1", "G2"))
    activity = agenda.add_activity(workshop, {"kind": "brainstorm", "title": "Pistes"})
    phones = {}
    for name, group in (("Léa", g1), ("Omar", g2)):
        phone = app.test_client()
        join_as(phone, workshop, first_name=name, surname="X")
        person = next(p for p in roster.roster(workshop) if p.first_name == name)
        groups.assign_person(workshop, person.id, group.id)
        phones[name] = (phone, person)
    agenda.start_workshop(workshop)
    agenda.go_to_activity(workshop, activity.id)
    kept = boards.add_card(workshop, activity, Actor(phones["Léa"][1]), {"text": "Une voix"})
    twin = boards.add_card(workshop, activity, Actor(phones["Omar"][1]), {"text": "Un porte-voix"})
    return workshop, activity, phones, kept, twin


def test_a_merge_answers_a_notice_whose_undo_puts_the_card_back(app, client, ctx):
    workshop, activity, _phones, kept, twin = _board(client, app)
    base = f"/w/{workshop.join_code}/boards/{activity.id}"
    answer = client.post(
        f"{base}/cards/{kept.id}/merge", data={"source_ids": twin.id}, headers=HX
    ).get_data(as_text=True)
    notice = region(answer, "editor")
    assert "Fusionné dans « Une voix »" in notice.replace("\u00a0", " ")
    undo = re.search(r'hx-post="([^"]+/undo/\d+)"', notice).group(1)
    assert "aussi" in region(answer, "console-board") and "Un porte-voix" in answer
    client.post(undo, headers=HX)
    assert [c.text for c in boards.cards_of(activity) if c.visible] == ["Une voix", "Un porte-voix"]


def test_a_deletion_answers_a_notice_with_its_undo(app, client, ctx):
    workshop, activity, _phones, kept, _twin = _board(client, app)
    base = f"/w/{workshop.join_code}/boards/{activity.id}"
    answer = client.post(f"{base}/cards/{kept.id}/delete", headers=HX).get_data(as_text=True)
    notice = region(answer, "editor")
    assert "Supprimé" in notice and "Une voix" in notice
    client.post(re.search(r'hx-post="([^"]+/undo/\d+)"', notice).group(1), headers=HX)
    assert boards.find_card(activity, kept.id).visible


def test_merged_texts_stay_under_the_kept_card_and_its_author_is_told(app, client, ctx):
    workshop, activity, phones, kept, twin = _board(client, app)
    same = boards.add_card(workshop, activity, FACILITATOR, {"text": "une VOIX", "group_id": ""})
    boards.merge_cards(workshop, activity, kept.id, [twin.id, same.id])
    screen = region(client.get(f"/s/{workshop.screen_key}").get_data(as_text=True), "screen-board")
    assert screen.count('class="card-also"') == 1
    assert "Un porte-voix" in screen and "une VOIX" not in screen  # a twin says nothing new
    console = region(
        client.get(f"/w/{workshop.join_code}/console").get_data(as_text=True), "console-board"
    )
    chips = re.findall(r'<span class="badge">([^<]+)</span>', console)
    assert chips.count("G1") == 1 and chips.count("G2") == 1
    omar = phones["Omar"][0]
    mine = omar.get(f"/p/{workshop.join_code}/my-cards", headers=HX).get_data(as_text=True)
    assert "a été fusionnée dans" in mine and "Une voix" in mine and "Rien pour l" not in mine
    markdown = client.get(f"/w/{workshop.join_code}/minutes/download/md").get_data(as_text=True)
    assert re.search(r"\*aussi\W+Un porte\\?-voix\*", markdown)


def _runoff(app, client):
    """A closed vote (retain 2) whose run-off between B and C retained C, all revealed."""
    workshop, _ = new_facilitated_workshop(english(client), language="en")
    activity = add_vote(workshop, retain=2, candidates=("A", "B", "C"))
    agenda.start_workshop(workshop)
    agenda.go_to_activity(workshop, activity.id)
    voting.open_vote(workshop, activity)
    phones = []
    for name, picks in (("Ann", (0, 1)), ("Bob", (0, 2))):
        phone = english(app.test_client())
        join_as(phone, workshop, first_name=name)
        for pick in picks:
            tap(phone, workshop, activity, "dot", ids(activity)[pick])
        phones.append(phone)
    voting.close_vote(workshop, activity)
    voting.reveal_results(workshop, activity)
    runoff = voting.create_runoff(workshop, activity)
    tap(phones[0], workshop, runoff, "dot", ids(runoff)[1])
    voting.close_vote(workshop, runoff)
    voting.reveal_results(workshop, runoff)
    return workshop, activity, runoff


def test_a_settled_runoff_replaces_run_off_in_the_first_table(app, client, ctx):
    workshop, activity, _runoff_vote = _runoff(app, client)
    agenda.go_to_activity(workshop, activity.id)
    table = region(client.get(f"/s/{workshop.screen_key}").get_data(as_text=True), "vote-results")
    assert "tied at the cut-off" not in table and "run-off" in table
    assert table.count("✓ retained after the run-off") == 1
    assert table.count("not retained after the run-off") == 1
    c_row = table[table.index('<span class="label">C</span>') :]
    assert c_row.index("✓ retained after") < c_row.index("</tr>")


def test_the_retained_list_merges_a_vote_and_its_runoff_on_the_projector(app, client, ctx):
    workshop, _activity, runoff = _runoff(app, client)
    base = f"/w/{workshop.join_code}/votes/{runoff.id}"
    console = client.get(f"/w/{workshop.join_code}/console").get_data(as_text=True)
    assert 'id="show-retained"' in console
    answer = client.post(f"{base}/retained", data={"shown": "1"}, headers=HX)
    assert 'id="hide-retained"' in answer.get_data(as_text=True)
    stage = region(client.get(f"/s/{workshop.screen_key}").get_data(as_text=True), "screen-stage")
    labels = re.findall(r'<span class="retained-label">([^<]+)</span>', stage)
    assert labels == ["A", "C"] and 'id="vote-results"' not in stage
    client.post(f"{base}/retained", data={"shown": "0"}, headers=HX)
    stage = region(client.get(f"/s/{workshop.screen_key}").get_data(as_text=True), "screen-stage")
    assert "retained-list" not in stage and 'id="vote-results"' in stage


def test_the_retained_list_waits_for_every_vote_of_the_chain_to_close(app, client, ctx):
    workshop, _ = new_facilitated_workshop(english(client), language="en")
    activity = add_vote(workshop)
    voting.open_vote(workshop, activity)
    base = f"/w/{workshop.join_code}/votes/{activity.id}"
    assert client.post(f"{base}/retained", data={"shown": "1"}, headers=HX).status_code == 409
    assert not activity.settings.get("screen_retained")


def test_a_phone_says_what_comes_next_and_hides_a_paused_countdown(app, client, ctx):
    workshop, _ = new_facilitated_workshop(client)
    first = add_instruction(workshop, title="Les règles", minutes=5)
    add_instruction(workshop, title="La suite", minutes=5)
    phone = app.test_client()
    join_as(phone, workshop)
    agenda.start_workshop(workshop)
    agenda.go_to_activity(workshop, first.id)
    page = phone.get(f"/p/{workshop.join_code}").get_data(as_text=True)
    assert '<h1 class="phone-title">' in page
    assert re.search(r'class="next-up">Ensuite\W+<strong>La suite</strong>', page)
    assert "timer-digits" in region(page, "phone-stage")  # started as it came on screen
    agenda.control_timer(workshop, "pause")
    page = phone.get(f"/p/{workshop.join_code}").get_data(as_text=True)
    assert "timer-digits" not in region(page, "phone-stage")
    assert "timer-digits" in client.get(f"/s/{workshop.screen_key}").get_data(as_text=True)
