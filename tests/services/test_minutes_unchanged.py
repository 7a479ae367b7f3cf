"""A whole session's minutes, read back as organisers would send them (DOCX, Markdown, HTML,
PDF): outline, names and counts, leaders, two groups answering in different formats, a
brainstorm, a vote tied at its cut-off and the run-off that settled it, a group's vote,
actions with referents and needs, and the next meeting as a month."""

import html as html_module
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

TIE_VOTE = "Premiers chantiers"
RUNOFF = f"Départage : {TIE_VOTE}"
SITE, FETE, ANNUAIRE, LETTRE = (
    "Un site commun",
    "Une fête des maisons",
    "Un annuaire des bénévoles",
    "Une lettre trimestrielle",
)
# Two dots each, two retained: the site first (3), the fête and the annuaire tied at the
# cut-off (2 each, rank "2="); the run-off (one dot each) puts the fête first, 2 to 1.
TIE_BALLOTS = [(SITE, FETE), (SITE, ANNUAIRE), (SITE, FETE), (ANNUAIRE,)]
RUNOFF_BALLOTS = [FETE, ANNUAIRE, FETE]
# The tie note, from this vote's own ranks (1, 2=, 2=, 4): not the generic "3=" example.
TIE_NOTE = (
    "« 2= » : rang partagé par des orientations à égalité de points ; "
    "le rang suivant saute d'autant (1, 2=, 2=, 4)."
)
SETTLED = (
    f"L'égalité au seuil a été départagée par un second tour (« {RUNOFF} ») : "
    f"au final, « {SITE} » et « {FETE} » sont retenues."
)


def _tie_and_runoff(workshop, people):
    """A plenary vote tied at its cut-off, and the run-off of the tied two that settles it."""
    vote = agenda.add_activity(
        workshop,
        {
            "kind": "vote",
            "title": TIE_VOTE,
            "method": "dots",
            "budget": "2",
            "retain": "2",
            "source": "",  # its own candidates, typed: not the brainstorm's
        },
    )
    voting.add_typed_candidates(workshop, vote, "\n".join((SITE, FETE, ANNUAIRE, LETTRE)))
    voting.open_vote(workshop, vote)
    ids = {c.label: c.id for c in voting.candidates_of(vote)}
    for person, ballot in zip(people, TIE_BALLOTS, strict=False):
        for label in ballot:
            cast_dot(workshop, vote, person, ids[label])
    voting.close_vote(workshop, vote)
    runoff = voting.create_runoff(workshop, vote)
    voting.open_vote(workshop, runoff)
    ids = {c.label: c.id for c in voting.candidates_of(runoff)}
    for person, label in zip(people, RUNOFF_BALLOTS, strict=False):
        cast_dot(workshop, runoff, person, ids[label])
    voting.close_vote(workshop, runoff)
    return vote, runoff


@pytest.fixture
def session(ctx):
    made = sample.make_session()
    _tie_and_runoff(made.workshop, made.people)
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
            "source": "",
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


# Said the same way in every format (the HTML and DOCX read back as text).
EVERY_FORMAT = (
    "Seul le groupe « Groupe 1 » a voté.",  # a group's vote
    "Chaque participant disposait d'une gommette",
    "Chaque participant disposait de 2 gommettes, une au plus par orientation.",
    TIE_NOTE,  # the tie, explained at the rank it is at
    SETTLED,  # the run-off's result, and what is retained in the end
    "Porté par : Groupe 1",  # the action keeps its group's vote's group
    "Mairie de Pont",  # a referent that is an organisation alone...
    "Odile Vasseur (Maison de quartier du Canal)",  # ...and one from the roster
    "Date : novembre 2026",  # the next meeting as a month
    "Animé par : Odile (Asso) et Luc (SARL)",
    "Merci à toutes et tous.",
    "Quelle piste d'abord ?",
    sample.ORIENTATION_COMMENT,
)


def _tables_of(document) -> list[list[list[str]]]:
    return [[[c.text for c in row.cells] for row in table.rows] for table in document.tables]


def _html_text(html: str) -> str:
    """The words of an HTML page, one space between them (inline tags vanish)."""
    return " ".join(html_module.unescape(re.sub(r"<[^>]+>", "", html)).split())


def test_markdown_reads_as_the_organisers_document(session):
    text = render_markdown(minutes.build_minutes(session.workshop))
    assert text.index("## Pour conclure") < text.index("## Présents")  # participants last
    assert "&amp;" not in text and "&lt;" not in text
    assert "Merci à *toutes et tous*." in text
    assert "Quelle piste **d'abord** ?" in text
    for said in EVERY_FORMAT:
        assert said in " ".join(text.replace("*", "").split()), said
    assert "Chaque participant disposait d'une gommette" in text
    assert "- un local\n  - chauffé\n  - accessible\n- des bénévoles" in text
    assert "dont 3 associations, 2 organismes publics, 1 entreprise et 3 de catégorie" in text
    assert "Déroulé de la séance" in text  # durations were recorded: the table shows
    # Two groups answering one scenario, each in its own format: headings with sub-points,
    # and a two-column board.
    first, second = text.split("### Groupe 1")[1].split("### Groupe 2")[:2]
    assert "**Un lieu repère du quartier**\n\n- ouvert tard le soir" in first
    assert "| Exigences | Réfutations |" in second
    assert "**Coopération**<br>• convention sur trois ans" in second
    # The brainstorm's orientations, with their sub-points.
    merged = r"\n\n\*aussi\s: Faire reconnaître nos missions\*\n\n- montrer ce qui dépasse"
    assert re.search(r"#+ Faire connaître nos missions" + merged, text)
    # The tied vote: its ranking (the tie shared at rank 2), the run-off after it, settled.
    tied = text.split(f"## {TIE_VOTE}")[1].split(f"## {RUNOFF}")[0]
    for row in (f"| 1 | {SITE} | 3 |", f"| 2= | {FETE} | 2 |", f"| 2= | {ANNUAIRE} | 2 |"):
        assert row in tied, row
    assert f"| 4 | {LETTRE} | 0 |" in tied
    assert f"*{TIE_NOTE}*" in tied and f"*{SETTLED}*" in tied
    assert "3=, 3=, 5" not in text  # no generic example, whatever rank a tie is at
    runoff = text.split(f"## {RUNOFF}")[1].split("\n## ")[0]
    assert "Chaque participant disposait d'une gommette" in runoff
    assert re.search(rf"\| 1 \| {FETE} \| 2 \|.*✓ \|\n", runoff)
    assert re.search(rf"\| 2 \| {ANNUAIRE} \| 1 \|[^✓\n]*\n", runoff)
    assert f"### Orientations retenues\n\n- {FETE}" in runoff


def test_docx_has_the_same_content_in_word_styles(session):
    from workshop.exporters.docx import render_docx

    document = docx.Document(io.BytesIO(render_docx(minutes.build_minutes(session.workshop))))
    styles = [(p.style.name, p.text) for p in document.paragraphs]
    assert ("Heading 1", "Présents") in styles and ("Heading 1", "Pour conclure") in styles
    assert ("List Bullet 2", "chauffé") in styles and ("List Bullet", "un local") in styles
    assert any(s.startswith("Heading 2") and t.startswith("Groupe 1") for s, t in styles)
    assert any(s.startswith("Heading 2") and t.startswith("Groupe 2") for s, t in styles)
    text = " ".join(" ".join(t for _s, t in styles).split())
    for said in EVERY_FORMAT:
        assert said in text, said
    headings = [t for s, t in styles if s.startswith("Heading")]
    assert headings.index(TIE_VOTE) < headings.index(RUNOFF)
    assert ("List Bullet", "ouvert tard le soir") in styles
    assert any(t == "Faire connaître nos missions" for s, t in styles if s.startswith("Heading"))
    tables = _tables_of(document)
    assert any(table[0] == ["Exigences", "Réfutations"] for table in tables)  # group 2's board
    tied = next(table for table in tables if any(row[1] == ANNUAIRE for row in table[1:]))
    assert [row[:3] for row in tied[1:]] == [
        ["1", SITE, "3"],
        ["2=", FETE, "2"],
        ["2=", ANNUAIRE, "2"],
        ["4", LETTRE, "0"],
    ]
    assert [row[-1] for row in tied[1:]] == ["✓", "", "", ""]
    runoff = next(t for t in tables if t is not tied and any(r[1] == ANNUAIRE for r in t[1:]))
    assert [(row[:3], row[-1]) for row in runoff[1:]] == [
        (["1", FETE, "2"], "✓"),
        (["2", ANNUAIRE, "1"], ""),
    ]


def test_html_has_every_part_of_the_session(session):
    html = render_html(minutes.build_minutes(session.workshop))
    text = _html_text(html)
    for said in EVERY_FORMAT:
        assert said in text, said
    assert "<strong>d&#39;abord</strong>" in html and "<em>toutes et tous</em>" in html
    assert text.index("Pour conclure") < text.rindex("Présents")
    # Two groups, two formats: headings with sub-points, and a board table.
    assert re.search(
        r"<strong>Un lieu repère du quartier</strong>.*?<li>ouvert tard le soir", html, re.S
    )
    assert '<th scope="col">Exigences</th><th scope="col">Réfutations</th>' in html
    assert "Faire connaître nos missions" in text
    # The tied vote, then its run-off.
    tied = html.split(f">{TIE_VOTE}<")[1].split(f">{RUNOFF}<")[0]
    for rank, label, points in (("1", SITE, 3), ("2=", FETE, 2), ("2=", ANNUAIRE, 2)):
        assert f"<td>{rank}</td><td>{label}</td><td>{points}</td>" in tied, label
    runoff = html.split(f">{RUNOFF}<")[1]
    assert re.search(rf"<td>1</td><td>{FETE}</td><td>2</td>.*?<td>✓</td></tr>", runoff)
    # Needs nested under a need.
    assert re.search(r"<li>un local\s*<ul>\s*<li>chauffé</li>\s*<li>accessible</li>", html)


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
    minutes.set_status(session.workshop, "final")  # as sent: no "draft" stamp over the text
    html = render_html(minutes.build_minutes(session.workshop))
    try:
        pdf = html_to_pdf(html, "/usr/bin/chromium")
    except PdfUnavailable as error:
        skip_or_fail(f"no Chromium to print with: {error}")
    text = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()
    pages = text.split("\f")
    words = " ".join(text.split())
    assert TIE_NOTE in words and SETTLED in words and "Date : novembre 2026" in words
    order = [
        next(i for i, p in enumerate(pages) if marker in p)
        for marker in ("Pour conclure", "Présents")
    ]
    assert order == sorted(order)
    for page, content in enumerate(pages):
        for _table in re.findall(r"Rang\s+Orientation", content):
            # the chart's legend is printed on the same page as its table
            assert "retenue" in content.lower(), page
