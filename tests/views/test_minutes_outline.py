"""The outline of the minutes on the minutes page, and candidates reworded in the console."""

from types import SimpleNamespace

import pytest

from tests.views.helpers import HX, new_facilitated_workshop
from workshop.services import agenda, boards, minutes, voting
from workshop.services.boards import FACILITATOR


@pytest.fixture
def made(client, ctx):
    workshop, _secret = new_facilitated_workshop(client, title="Atelier court", date="2026-05-04")
    brainstorm = agenda.add_activity(workshop, {"kind": "brainstorm", "title": "Les pistes"})
    card = boards.add_card(workshop, brainstorm, FACILITATOR, {"text": "Mutualiser"})
    vote = agenda.add_activity(workshop, {"kind": "vote", "title": "Priorités"})
    voting.import_candidates(workshop, vote, brainstorm.id, False)
    minutes.save_texts(workshop, {"closing": "Merci à **tous**."})
    return SimpleNamespace(workshop=workshop, brainstorm=brainstorm, card=card, vote=vote)


def url(made, path=""):
    return f"/w/{made.workshop.join_code}/minutes{path}"


def outline_form(**changes):
    keys = ["context", "participants", "groups", "agenda", "introduction", "activities"]
    keys += ["closing", "next_steps"]
    form = {"order": keys, "title": "", **{f"shown_{k}": "1" for k in keys}}
    form |= {"option_comments": "1", "option_charts": "1", "option_leaders": "1"}
    return form | changes


def test_the_minutes_page_shows_the_outline_with_labels(client, made):
    page = client.get(url(made)).get_data(as_text=True)
    assert 'id="minutes-outline"' in page
    assert 'for="title-closing"' in page and 'id="title-closing"' in page
    assert "Compte rendu de l&#39;atelier « Atelier court » du 4 mai 2026" in page


def test_the_facilitator_renames_the_closing_and_moves_participants_last(client, made):
    form = outline_form(title_closing="Pour conclure", title="Notre compte rendu")
    response = client.post(url(made, "/outline"), data=form, headers=HX)
    assert response.status_code == 200
    for _ in range(8):
        form = outline_form(title_closing="Pour conclure", title="Notre compte rendu")
        order = [p.key for p in minutes.current_outline(made.workshop).parts]
        form["order"] = order
        form["move"] = "participants:1"
        client.post(url(made, "/outline"), data=form, headers=HX)
    outline = minutes.current_outline(made.workshop)
    assert outline.parts[-1].key == "participants"
    page = client.get(url(made, "/print")).get_data(as_text=True)
    assert "<h1>Notre compte rendu</h1>" in page
    assert "<h2>Pour conclure</h2>" in page and "Merci à <strong>tous</strong>." in page


def test_a_hidden_part_leaves_the_document(client, made):
    form = outline_form()
    del form["shown_closing"]
    client.post(url(made, "/outline"), data=form, headers=HX)
    assert "Merci à" not in client.get(url(made, "/print")).get_data(as_text=True)


def test_a_too_long_title_is_refused_with_its_field(client, made):
    response = client.post(url(made, "/outline"), data=outline_form(title_agenda="x" * 201))
    assert response.status_code == 422
    assert 'id="title_agenda-error"' in response.get_data(as_text=True)


def test_a_saved_panel_says_saved_under_its_button_and_a_refused_one_does_not(client, made):
    answered = {
        "/outline": client.post(url(made, "/outline"), data=outline_form(), headers=HX),
        "/texts": client.post(url(made, "/texts"), data={"closing": "Merci."}, headers=HX),
        "/next": client.post(url(made, "/next"), data={"next_when": "à fixer"}, headers=HX),
        "/sections": client.post(url(made, "/sections"), data={"included": []}, headers=HX),
    }
    for path, response in answered.items():
        assert response.status_code == 200, path
        page = response.get_data(as_text=True)
        assert page.count('role="status" data-saved-note>Enregistré.</p>') == 1, path
    refused = client.post(url(made, "/outline"), data=outline_form(title="x" * 201), headers=HX)
    assert refused.status_code == 422
    assert "data-saved-note" not in refused.get_data(as_text=True)
    assert "data-saved-note" not in client.get(url(made)).get_data(as_text=True)


def test_a_renamed_heading_renames_its_candidate_until_the_candidate_is_reworded(client, made):
    workshop, card, vote = made.workshop, made.card, made.vote
    boards.rename_card(workshop, made.brainstorm, card.id, "Mutualiser un poste")
    [candidate] = voting.candidates_of(vote)
    assert candidate.label == "Mutualiser un poste"
    path = f"/w/{workshop.join_code}/votes/{vote.id}/candidates/{candidate.id}/reword"
    assert client.post(path, data={"label": "Un poste partagé"}, headers=HX).status_code == 200
    boards.rename_card(workshop, made.brainstorm, card.id, "Autre chose")
    [candidate] = voting.candidates_of(vote)
    assert (candidate.label, candidate.reworded_from) == ("Un poste partagé", "Mutualiser un poste")
