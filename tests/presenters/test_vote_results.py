"""What the ranking says of a cut-off tie once it is settled, on every screen that shows it."""

import pytest
from flask import render_template
from flask_babel import force_locale

from tests.services.test_vote_ties import settle, tied_again
from workshop.domain.visibility import Audience
from workshop.presenters.votes import vote_view
from workshop.services import voting

pytestmark = pytest.mark.usefixtures("ctx")


def _ranking(workshop, activity, audience) -> str:
    with force_locale("en"):
        view = vote_view(workshop, activity, audience)
        return render_template("partials/votes/vote_results.html", vote=view, workshop=workshop)


@pytest.mark.parametrize("audience", [Audience.CONSOLE, Audience.SCREEN, Audience.PHONE])
def test_a_tie_the_facilitator_decided_no_longer_reads_as_going_to_a_run_off(audience):
    workshop, _activity, runoff, (b, c) = tied_again()
    voting.reveal_results(workshop, runoff)  # the projector and phones show it once revealed
    settle(workshop, runoff, how="decide", chosen=[c], reason="C est déjà porté.")
    html = _ranking(workshop, runoff, audience)
    assert "run-off</span>" not in html
    assert "retained by the facilitator's decision" in html
    assert "not retained (facilitator's decision)" in html


def test_keeping_every_tied_orientation_marks_them_all_retained():
    workshop, _activity, runoff, _tied = tied_again()
    settle(workshop, runoff, how="keep_all")
    html = _ranking(workshop, runoff, Audience.CONSOLE)
    assert html.count("retained by the facilitator's decision") == 2
    assert "not retained" not in html


def test_an_unsettled_tie_still_offers_the_run_off():
    workshop, _activity, runoff, _tied = tied_again()
    html = _ranking(workshop, runoff, Audience.CONSOLE)
    assert "tied at the cut-off: run-off" in html


def test_the_decision_reads_in_french_on_a_french_screen():
    workshop, _activity, runoff, (b, c) = tied_again()
    settle(workshop, runoff, how="decide", chosen=[c], reason="C est déjà porté.")
    with force_locale("fr"):
        view = vote_view(workshop, runoff, Audience.CONSOLE)
        html = render_template("partials/votes/vote_results.html", vote=view, workshop=workshop)
    assert "retenue par décision de l'animation" in html
