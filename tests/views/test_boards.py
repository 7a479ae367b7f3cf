"""Answers from phones and moderation from the console, over HTTP."""

import html
import re

import pytest

from tests.views.helpers import HX, join_as, new_facilitated_workshop
from workshop.services import agenda, boards, groups, roster


@pytest.fixture
def live(app, client, ctx):
    """A live scenario with two groups (headings / two columns) and one phone in each."""
    workshop, _ = new_facilitated_workshop(client)
    g1 = groups.add_group(workshop, {"name": "Groupe 1"})
    g2 = groups.add_group(workshop, {"name": "Groupe 2"})
    activity = agenda.add_activity(
        workshop,
        {
            "kind": "scenario",
            "title": "En 2030",
            "prompt_0": "Racontez 2030.",
            f"prompt_{g2.id}": "Vous êtes maire.",
            f"format_{g2.id}": "board",
            f"columns_{g2.id}": "Exigences / Réfutations",
        },
    )
    phones = []
    for name, group in (("Léa", g1), ("Omar", g2)):
        phone = app.test_client()
        join_as(phone, workshop, first_name=name, surname="X")
        person = (
            roster.roster(workshop)[-1]
            if name == "Léa"
            else next(p for p in roster.roster(workshop) if p.first_name == name)
        )
        groups.assign_person(workshop, person.id, group.id)
        phones.append(phone)
    agenda.start_workshop(workshop)
    agenda.go_to_activity(workshop, activity.id)
    return workshop, activity, phones, (g1, g2)


def test_each_phone_sees_its_groups_prompt(live):
    workshop, _activity, (lea, omar), _ = live
    lea_page = lea.get(f"/p/{workshop.join_code}").get_data(as_text=True)
    omar_page = omar.get(f"/p/{workshop.join_code}").get_data(as_text=True)
    assert "Racontez 2030." in lea_page and "Vous êtes maire." not in lea_page
    assert "Vous êtes maire." in omar_page and "Exigences" in omar_page


def test_a_phone_adds_a_heading_then_a_sub_point(live):
    workshop, activity, (lea, _omar), _ = live
    response = lea.post(f"/p/{workshop.join_code}/cards", data={"text": "Lieu ouvert"}, headers=HX)
    assert response.status_code == 200 and 'id="phone-board"' in response.get_data(as_text=True)
    (heading,) = boards.cards_of(activity)
    lea.post(f"/p/{workshop.join_code}/cards", data={"text": "le soir", "parent_id": heading.id})
    assert [c.parent_id for c in boards.cards_of(activity)] == [None, heading.id]


def test_a_refused_card_comes_back_with_a_message_and_nothing_is_stored(live):
    workshop, activity, (lea, _omar), _ = live
    response = lea.post(f"/p/{workshop.join_code}/cards", data={"text": "  "}, headers=HX)
    assert response.status_code == 422 and 'role="alert"' in response.get_data(as_text=True)
    assert boards.cards_of(activity) == []


def test_a_phone_cannot_write_for_another_workshop_or_without_joining(live, app):
    workshop, activity, _phones, _ = live
    stranger = app.test_client()
    assert stranger.post(f"/p/{workshop.join_code}/cards", data={"text": "x"}).status_code == 403
    assert boards.cards_of(activity) == []


def test_the_console_moderates_and_undoes(live, client):
    workshop, activity, (lea, _omar), _ = live
    lea.post(f"/p/{workshop.join_code}/cards", data={"text": "Lieu ouvert"})
    (card,) = boards.cards_of(activity)
    base = f"/w/{workshop.join_code}/boards/{activity.id}"
    tools = client.get(f"{base}/cards/{card.id}", headers=HX).get_data(as_text=True)
    assert "Lieu ouvert" in tools
    response = client.post(
        f"{base}/cards/{card.id}/rename", data={"text": "Lieu-ressource"}, headers=HX
    )
    assert 'id="console-board"' in response.get_data(as_text=True)
    assert card.text == "Lieu-ressource"
    log = client.get(f"{base}/log", headers=HX).get_data(as_text=True)
    action_id = re.search(r"/undo/(\d+)", log).group(1)
    client.post(f"{base}/undo/{action_id}", headers=HX)
    assert card.text == "Lieu ouvert"


def test_the_console_types_paper_answers_for_a_third_group(live, client):
    workshop, activity, _phones, _ = live
    g3 = groups.add_group(workshop, {"name": "Groupe 3"})
    base = f"/w/{workshop.join_code}/boards/{activity.id}"
    assert "outline" in client.get(f"{base}/quick").get_data(as_text=True)
    client.post(
        f"{base}/quick", data={"group_id": g3.id, "outline": "Pivot\n\tjeunesse"}, headers=HX
    )
    assert [(c.text, c.group_id) for c in boards.cards_of(activity)] == [
        ("Pivot", g3.id),
        ("jeunesse", g3.id),
    ]


def test_the_composer_keeps_the_column_just_written_in_for_the_next_heading(live):
    workshop, activity, (_lea, omar), _ = live
    url = f"/p/{workshop.join_code}/cards"
    checked = re.compile(r'id="column-(\d)" name="column" value="\d" checked')
    answer = omar.post(url, data={"text": "Réfutation", "column": "1"}, headers=HX)
    assert checked.findall(answer.get_data(as_text=True)) == ["1"]
    refused = omar.post(url, data={"text": "", "column": "1"}, headers=HX)
    assert refused.status_code == 422 and checked.findall(refused.get_data(as_text=True)) == ["1"]
    forged = omar.post(url, data={"text": "Exigence", "column": "7"}, headers=HX)
    assert checked.findall(forged.get_data(as_text=True)) == ["0"]
    (heading,) = [c for c in boards.cards_of(activity) if c.text == "Réfutation"]
    under = omar.post(url, data={"text": "détail", "parent_id": heading.id}, headers=HX)
    assert checked.findall(under.get_data(as_text=True)) == ["1"]  # the heading's column


def test_the_console_and_projector_show_every_groups_answers(live, client):
    workshop, activity, (lea, omar), _ = live
    lea.post(f"/p/{workshop.join_code}/cards", data={"text": "Idée de Léa"})
    omar.post(f"/p/{workshop.join_code}/cards", data={"text": "Exigence d'Omar", "column": "0"})
    console = client.get(f"/w/{workshop.join_code}/console").get_data(as_text=True)
    screen = client.get(f"/s/{workshop.screen_key}").get_data(as_text=True)
    for page in (console, screen):
        assert "Idée de Léa" in page and "Exigence d&#39;Omar" in page


def test_private_answers_stay_private_until_revealed(live, client):
    workshop, activity, (lea, _omar), (g1, _g2) = live
    activity.settings = {**activity.settings, "private": True}
    from workshop.db import session

    session().commit()
    lea.post(f"/p/{workshop.join_code}/cards", data={"text": "Secret de Léa"})
    other = client.application.test_client()
    join_as(other, workshop, first_name="Zoé", surname="Y")
    zoe = next(p for p in roster.roster(workshop) if p.first_name == "Zoé")
    groups.assign_person(workshop, zoe.id, g1.id)
    assert "Secret de Léa" not in other.get(f"/p/{workshop.join_code}").get_data(as_text=True)
    assert "Secret de Léa" not in client.get(f"/s/{workshop.screen_key}").get_data(as_text=True)
    assert "Secret de Léa" in lea.get(f"/p/{workshop.join_code}/my-cards").get_data(as_text=True)
    client.post(f"/w/{workshop.join_code}/boards/{activity.id}/state", data={"revealed": "1"})
    assert "Secret de Léa" in other.get(f"/p/{workshop.join_code}").get_data(as_text=True)


# ---- refusals: a clear French message, and nothing changes --------------------------------


def _text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def test_a_phone_editing_a_card_renamed_meanwhile_sees_both_texts(live, client):
    workshop, activity, (lea, _omar), _ = live
    code = workshop.join_code
    lea.post(f"/p/{code}/cards", data={"text": "Lieu ouvert"})
    (card,) = boards.cards_of(activity)
    form = lea.get(f"/p/{code}/cards/{card.id}/edit").get_data(as_text=True)
    version = re.search(r'name="version" value="(\d+)"', form).group(1)
    client.post(f"/w/{code}/boards/{activity.id}/cards/{card.id}/rename", data={"text": "Lieu"})
    response = lea.post(
        f"/p/{code}/cards/{card.id}", data={"text": "Mon texte", "version": version}, headers=HX
    )
    page = _text(response)
    assert response.status_code == 409
    assert "Cette carte a été modifiée entre-temps : voici son texte actuel" in page
    assert '<blockquote class="current-text">Lieu</blockquote>' in page
    assert ">Mon texte</textarea>" in page  # what was typed is still there
    assert f'name="version" value="{card.version}"' in page
    assert card.text == "Lieu"


def test_a_phones_own_edit_and_delete_succeed(live):
    workshop, activity, (lea, _omar), _ = live
    code = workshop.join_code
    lea.post(f"/p/{code}/cards", data={"text": "Brouillon"})
    (card,) = boards.cards_of(activity)
    response = lea.post(f"/p/{code}/cards/{card.id}", data={"text": "Propre", "version": "1"})
    assert response.status_code == 200 and (card.text, card.version) == ("Propre", 2)
    assert lea.post(f"/p/{code}/cards/{card.id}/delete", headers=HX).status_code == 200
    assert card.deleted


def test_the_card_cap_and_closed_writing_are_refused_in_french(live, client):
    workshop, activity, (lea, _omar), _ = live
    code = workshop.join_code
    activity.settings = {**activity.settings, "cap": 1}
    from workshop.db import session

    session().commit()
    lea.post(f"/p/{code}/cards", data={"text": "Une"})
    capped = lea.post(f"/p/{code}/cards", data={"text": "Deux"}, headers=HX)
    assert capped.status_code == 409
    assert "nombre maximal de cartes par personne (1)" in _text(capped)
    client.post(f"/w/{code}/boards/{activity.id}/state", data={"closed": "1"})
    closed = lea.post(f"/p/{code}/cards", data={"text": "Trois"}, headers=HX)
    assert closed.status_code == 409
    assert "L'écriture est fermée pour cette activité" in _text(closed)
    assert [c.text for c in boards.cards_of(activity)] == ["Une"]


def test_console_refusals_are_in_french_and_change_nothing(live, client):
    workshop, activity, (lea, _omar), _ = live
    code, base = workshop.join_code, f"/w/{workshop.join_code}/boards/{activity.id}"
    lea.post(f"/p/{code}/cards", data={"text": "A"})
    (card,) = boards.cards_of(activity)
    client.post(f"{base}/cards/{card.id}/rename", data={"text": "B"})
    client.post(f"{base}/cards/{card.id}/rename", data={"text": "C"})
    first = boards.moderation_log(activity)[-1]
    undo = client.post(f"{base}/undo/{first.id}", headers=HX)
    assert undo.status_code == 409 and "Annulez-la d'abord" in _text(undo)
    merge = client.post(f"{base}/cards/{card.id}/merge", headers=HX)
    assert merge.status_code == 422 and "Choisissez au moins un autre titre" in _text(merge)
    stale = client.post(
        f"{base}/cards/{card.id}/rename", data={"text": "D", "version": "1"}, headers=HX
    )
    assert stale.status_code == 409 and "modifiée entre-temps" in _text(stale)
    assert card.text == "C" and len(boards.moderation_log(activity)) == 2


def test_choosing_a_group_while_closed_is_refused_in_french(live, app):
    workshop, _activity, _phones, (g1, _g2) = live
    newcomer = app.test_client()
    join_as(newcomer, workshop, first_name="Zoé", surname="Y")
    response = newcomer.post(f"/p/{workshop.join_code}/group", data={"group_id": g1.id}, headers=HX)
    assert response.status_code == 409 and "Le choix du groupe est fermé" in _text(response)
    zoe = next(p for p in roster.roster(workshop) if p.first_name == "Zoé")
    assert zoe.group_id is None


def test_a_merged_card_refuses_a_phones_edit_naming_the_card_it_went_into(live, client):
    workshop, activity, (lea, _omar), _ = live
    code = workshop.join_code
    lea.post(f"/p/{code}/cards", data={"text": "Doublon"})
    lea.post(f"/p/{code}/cards", data={"text": "Cible"})
    twin, target = boards.cards_of(activity)
    boards.merge_cards(workshop, activity, target.id, [twin.id])
    response = lea.post(
        f"/p/{code}/cards/{twin.id}", data={"text": "x", "version": twin.version}, headers=HX
    )
    assert response.status_code == 409
    assert "Cette carte a été fusionnée dans « Cible »" in _text(response)
    sub = lea.post(f"/p/{code}/cards", data={"text": "s", "parent_id": twin.id}, headers=HX)
    assert sub.status_code == 409 and twin.text == "Doublon"
    assert len(boards.cards_of(activity)) == 2


def test_a_phone_in_no_group_is_told_to_wait_instead_of_writing(live, app):
    workshop, activity, _phones, _ = live
    newcomer = app.test_client()
    join_as(newcomer, workshop, first_name="Zoé", surname="Y")
    page = _text(newcomer.get(f"/p/{workshop.join_code}"))
    assert "Attendez que l'animateur vous place dans un groupe." in page
    assert 'id="card-text"' not in page
    response = newcomer.post(f"/p/{workshop.join_code}/cards", data={"text": "x"}, headers=HX)
    assert response.status_code == 409 and "Attendez que l'animateur" in _text(response)
    assert boards.cards_of(activity) == []


def test_a_heading_of_another_activity_is_refused_as_a_parent(live):
    workshop, activity, (lea, _omar), _ = live
    other = agenda.add_activity(workshop, {"kind": "scenario", "title": "Autre", "prompt_0": "?"})
    foreign = boards.add_card(workshop, other, boards.FACILITATOR, {"text": "ailleurs"})
    response = lea.post(
        f"/p/{workshop.join_code}/cards", data={"text": "s", "parent_id": foreign.id}, headers=HX
    )
    assert response.status_code == 404 and boards.cards_of(activity) == []


# ---- reporters -------------------------------------------------------------------------------


def test_a_designated_reporter_types_their_groups_paper_answers(live, client):
    workshop, activity, (lea, omar), (g1, _g2) = live
    code, base = workshop.join_code, f"/w/{workshop.join_code}/boards/{activity.id}"
    assert "hidden" in lea.get(f"/p/{code}/reporter/link").get_data(as_text=True)
    person = next(p for p in roster.roster(workshop) if p.first_name == "Léa")
    form = client.get(f"{base}/quick?group_id={g1.id}").get_data(as_text=True)
    assert 'id="reporter"' in form and "Léa" in form
    client.post(f"{base}/reporter", data={"group_id": g1.id, "participant_id": person.id})
    link = lea.get(f"/p/{code}/reporter/link").get_data(as_text=True)
    assert f'href="/p/{code}/reporter"' in link
    page = lea.get(f"/p/{code}/reporter").get_data(as_text=True)
    assert 'name="outline"' in page and "data-outline" in page
    response = lea.post(f"/p/{code}/reporter", data={"outline": "Lieu\n\tle soir"}, headers=HX)
    assert response.status_code == 200 and "2 cartes ajoutées" in _text(response)
    assert {(c.group_id, c.author_id) for c in boards.cards_of(activity)} == {(g1.id, person.id)}
    log = _text(client.get(f"{base}/log"))
    assert "Rapporteur Léa X" in log and "Réponses papier saisies" in log
    refused = omar.post(f"/p/{code}/reporter", data={"outline": "Pirate"}, headers=HX)
    assert refused.status_code == 403 and "Seul le rapporteur désigné" in _text(refused)
    assert omar.get(f"/p/{code}/reporter").status_code == 403


def test_a_reporter_is_refused_for_another_group_after_closing_and_on_bad_lines(live, client):
    workshop, activity, (lea, _omar), (g1, g2) = live
    code, base = workshop.join_code, f"/w/{workshop.join_code}/boards/{activity.id}"
    person = next(p for p in roster.roster(workshop) if p.first_name == "Léa")
    client.post(f"{base}/reporter", data={"group_id": g1.id, "participant_id": person.id})
    other = lea.post(f"/p/{code}/reporter", data={"outline": "X", "group_id": g2.id}, headers=HX)
    assert other.status_code == 403
    bad = lea.post(f"/p/{code}/reporter", data={"outline": "A\n" + "B" * 201}, headers=HX)
    assert bad.status_code == 422 and "A\nBBB" in _text(bad)  # the typed outline comes back
    client.post(f"{base}/state", data={"closed": "1"})
    closed = lea.post(f"/p/{code}/reporter", data={"outline": "Tard"}, headers=HX)
    assert closed.status_code == 409 and "L'écriture est fermée" in _text(closed)
    assert boards.cards_of(activity) == []
    omar = next(p for p in roster.roster(workshop) if p.first_name == "Omar")
    wrong = client.post(f"{base}/reporter", data={"group_id": g1.id, "participant_id": omar.id})
    assert wrong.status_code == 409 and "Cette personne n'est pas dans ce groupe" in _text(wrong)


# ---- quick entry for boards with columns, moderation log, comments -----------------------------


def test_the_quick_entry_form_shows_the_selected_groups_columns(live, client):
    workshop, activity, _phones, (g1, g2) = live
    base = f"/w/{workshop.join_code}/boards/{activity.id}"
    first = client.get(f"{base}/quick?group_id={g1.id}").get_data(as_text=True)
    assert 'name="outline"' in first and "outline_0" not in first
    board = client.get(f"{base}/quick?group_id={g2.id}").get_data(as_text=True)
    assert 'name="outline_0"' in board and 'name="outline_1"' in board
    assert ">Exigences</label>" in board and ">Réfutations</label>" in board
    data = {"group_id": g2.id, "outline_0": "D1\n-\nD3", "outline_1": "R1\nR2\n" + "x" * 201}
    refused = client.post(f"{base}/quick", data=data, headers=HX)
    assert refused.status_code == 422 and boards.cards_of(activity) == []
    assert "D1\n-\nD3</textarea>" in _text(refused)
    data["outline_1"] = "R1\nR2"
    client.post(f"{base}/quick", data=data, headers=HX)
    rows = sorted((c.row, c.column, c.text) for c in boards.cards_of(activity))
    assert rows == [(0, 0, "D1"), (0, 1, "R1"), (1, 1, "R2"), (2, 0, "D3")]


def test_the_log_names_who_acted_with_a_utc_time_for_the_browser(live, client):
    workshop, activity, (lea, _omar), _ = live
    base = f"/w/{workshop.join_code}/boards/{activity.id}"
    lea.post(f"/p/{workshop.join_code}/cards", data={"text": "A"})
    (card,) = boards.cards_of(activity)
    client.post(f"{base}/cards/{card.id}/rename", data={"text": "B"})
    log = _text(client.get(f"{base}/log"))
    assert re.search(r'<time class="log-time" datetime="\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ"', log)
    assert "data-local-time" in log and "Animateur" in log


def test_activity_comments_are_shown_deleted_and_undone_from_the_console(live, client):
    workshop, activity, _phones, _ = live
    base = f"/w/{workshop.join_code}/boards/{activity.id}"
    client.post(f"{base}/comments", data={"text": "Sur l'ensemble"}, headers=HX)
    console = _text(client.get(f"/w/{workshop.join_code}/console"))
    assert 'id="activity-comment-text"' in console and "Sur l'ensemble" in console
    (comment,) = boards.comments_of(activity)[None]
    assert f"/comments/{comment.id}/delete" in console
    client.post(f"{base}/comments/{comment.id}/delete", headers=HX)
    assert boards.comments_of(activity) == {}
    log = _text(client.get(f"{base}/log"))
    assert "Commentaire supprimé" in log
    action_id = re.search(r"/undo/(\d+)", log).group(1)
    client.post(f"{base}/undo/{action_id}", headers=HX)
    assert [c.text for c in boards.comments_of(activity)[None]] == ["Sur l'ensemble"]


def test_card_tools_list_the_cards_comments_with_delete_and_row_tools(live, client):
    workshop, activity, (_lea, omar), _ = live
    base = f"/w/{workshop.join_code}/boards/{activity.id}"
    omar.post(f"/p/{workshop.join_code}/cards", data={"text": "D1", "column": "0"})
    (card,) = boards.cards_of(activity)
    comment = boards.add_comment(workshop, activity, {"card_id": card.id, "text": "À creuser"})
    tools = _text(client.get(f"{base}/cards/{card.id}", headers=HX))
    assert "À creuser" in tools and f"/comments/{comment.id}/delete" in tools
    assert 'id="blank-before"' in tools and 'name="row"' in tools


def test_a_second_group_with_a_taken_name_is_refused_in_french(live, client):
    workshop, _activity, _phones, _groups = live
    response = client.post(f"/w/{workshop.join_code}/groups", data={"name": "groupe 1"}, headers=HX)
    assert response.status_code == 422 and "Un autre groupe porte déjà ce nom." in _text(response)
    assert [g.name for g in workshop.groups] == ["Groupe 1", "Groupe 2"]


def test_a_board_still_to_come_says_so_on_the_console_until_it_is_on_screen(live, client):
    workshop, activity, _phones, _ = live
    code = workshop.join_code
    agenda.go_to_activity(workshop, workshop.activities[0].id)  # back to the welcome
    console = client.get(f"/w/{code}/console").get_data(as_text=True)
    assert "Réponses\u00a0: En 2030" in console and 'id="board-upcoming"' in console
    agenda.go_to_activity(workshop, activity.id)
    console = client.get(f"/w/{code}/console").get_data(as_text=True)
    assert "Réponses\u00a0: En 2030" in console and 'id="board-upcoming"' not in console
