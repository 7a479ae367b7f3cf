"""A whole session's minutes, read back as organisers would send them (DOCX, Markdown, HTML,
PDF): outline, names and counts, leaders, group votes, actions and what comes next."""

import io
import re
import shutil
import subprocess

import docx
import pytest

from tests import minutes_session as sample
from tests.conftest import skip_or_fail
from tests.factories import cast_dot
from workshop.exporters.html import render_html
from workshop.exporters.markdown import render_markdown
from workshop.exporters.pdf import PdfUnavailable, html_to_pdf
from workshop.services import agenda, groups, minutes, roster, voting


@pytest.fixture
def session(ctx):
    made = sample.make_session()
    workshop = made.workshop
    g1, g2 = made.groups
    groups.update_group(
        workshop, g1.id, {"name": "Groupe 1", "leaders": "Odile (Asso) et Luc (SARL)"}
    )
    vote = agenda.add_activity(
        workshop,
        {
            "kind": "vote",
            "title": "Vote du groupe 1",
            "method": "dots",
            "budget": "1",
            "retain": "1",
            "group_id": str(g1.id),
            "instruction": "Quelle piste **d'abord** ?",
        },
    )
    voting.add_typed_candidates(workshop, vote, "Piste A\nPiste B")
    voting.open_vote(workshop, vote)
    voter = made.people[0]
    roster.update_person(
        workshop,
        voter.id,
        {
            "surname": voter.surname,
            "first_name": voter.first_name,
            "organisation": voter.organisation,
            "category": "Association",
            "group_id": str(g1.id),
            "nameable": "1",
        },
    )
    candidate = voting.candidates_of(vote)[0]
    cast_dot(workshop, vote, voter, candidate.id)
    voting.close_vote(workshop, vote)
    action = minutes.action_from_orientation(workshop, "Piste A")
    minutes.update_action(
        workshop,
        action.id,
        _MultiDict(
            title="Piste A",
            group_id=str(action.group_id or ""),
            referents="; Mairie de Pont",
            referent_people=[str(made.people[0].id)],
            description="Un **premier** pas.",
            needs="un local\n  chauffé\n  accessible\ndes bénévoles",
        ),
    )
    minutes.save_next_workshop(workshop, {"next_month": "2026-11"})
    minutes.save_texts(workshop, {"closing": "Merci à *toutes et tous*."})
    minutes.set_outline(
        workshop,
        {
            "title": "",
            "parts": [
                {"key": "context"},
                {"key": "activities"},
                {"key": "closing", "title": "Pour conclure"},
                {"key": "next_steps"},
                {"key": "participants", "title": "Présents"},
            ],
        },
    )
    return made


class _MultiDict(dict):
    def getlist(self, name):
        value = self.get(name, [])
        return value if isinstance(value, list) else [value]


def test_markdown_reads_as_the_organisers_document(session):
    text = render_markdown(minutes.build_minutes(session.workshop))
    assert text.index("## Pour conclure") < text.index("## Présents")  # participants last
    assert "&amp;" not in text and "&lt;" not in text
    assert "Merci à *toutes et tous*." in text
    assert "Quelle piste **d'abord** ?" in text
    assert "Seul le groupe « Groupe 1 » a voté." in text
    assert "Chaque participant disposait d'une gommette" in text
    assert "Porté par : Groupe 1" in text  # the action keeps its group's vote's group
    assert "Mairie de Pont" in text and "Odile Vasseur (Maison de quartier du Canal)" in text
    assert "- un local\n  - chauffé\n  - accessible\n- des bénévoles" in text
    assert "Date : novembre 2026" in text
    assert "Animé par : Odile (Asso) et Luc (SARL)" in text
    assert "dont 3 associations, 2 organismes publics, 1 entreprise et 3 de catégorie" in text
    assert "Déroulé de la séance" in text  # durations were recorded: the table shows


def test_docx_has_the_same_content_in_word_styles(session):
    from workshop.exporters.docx import render_docx

    document = docx.Document(io.BytesIO(render_docx(minutes.build_minutes(session.workshop))))
    styles = [(p.style.name, p.text) for p in document.paragraphs]
    assert ("Heading 1", "Présents") in styles and ("Heading 1", "Pour conclure") in styles
    assert ("List Bullet 2", "chauffé") in styles
    assert any(s.startswith("Heading 2") and t.startswith("Groupe 1") for s, t in styles)


def test_nobody_is_named_when_the_workshop_says_none(session):
    from workshop.services import workshops

    workshops.update_workshop(
        session.workshop,
        {"title": sample.TITLE, "names_in_minutes": "none", "date": "2026-03-12", "language": "fr"},
    )
    text = render_markdown(minutes.build_minutes(session.workshop))
    assert "VASSEUR Odile" not in text and "9 participants, dont 3 associations" in text


def test_the_pdf_keeps_each_ranking_with_its_chart(session):
    if not shutil.which("pdftotext"):
        skip_or_fail("pdftotext (poppler-utils) is missing: the PDF cannot be read back")
    html = render_html(minutes.build_minutes(session.workshop))
    try:
        pdf = html_to_pdf(html, "/usr/bin/chromium")
    except PdfUnavailable as error:
        skip_or_fail(f"no Chromium to print with: {error}")
    text = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()
    pages = text.split("\f")
    order = [
        next(i for i, p in enumerate(pages) if marker in p)
        for marker in ("Pour conclure", "Présents")
    ]
    assert order == sorted(order)
    for page, content in enumerate(pages):
        for _table in re.findall(r"Rang\s+Orientation", content):
            # the chart's legend is printed on the same page as its table
            assert "retenue" in content.lower(), page
