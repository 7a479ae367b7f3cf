"""A session shaped like a real atelier du futur, exported to every format and read back."""

import csv
import io
import json
import shutil
import subprocess
import zipfile

import pytest
from docx.oxml.ns import qn
from werkzeug.datastructures import MultiDict

from tests import minutes_session as sample
from tests.conftest import skip_or_fail
from tests.exporters.readers import read_docx, read_html, read_markdown
from tests.factories import make_workshop
from workshop.db import transaction
from workshop.exporters.sheets import safe_cell, to_csv
from workshop.services import agenda, boards, groups, minutes, roster, voting
from workshop.services.boards import FACILITATOR
from workshop.services.refusals import Refused, Unavailable

SECTIONS = [
    "Contexte et enjeux",
    "Participants",
    "Déroulé de la séance",
    sample.SCENARIO_TITLE,
    sample.BRAINSTORM_TITLE,
    sample.VOTE_TITLE,
    "Suites",
]
# Whoever may not be named: the person marked not nameable, the anonymous one's
# organisation, the one added without a name on the minutes.
NEVER_NAMED = [*sample.HIDDEN_NAME, sample.ANONYMOUS_ORGANISATION, "Sansnom"]


@pytest.fixture(scope="module")
def finished(tmp_path_factory):
    """One finished session shared by the tests that only read it."""
    with sample.finished_session(tmp_path_factory.mktemp("finished")) as made:
        yield made


@pytest.fixture
def session_(ctx):
    """A finished session of one's own, for a test that changes it."""
    return sample.make_session()


def outline(workshop, fmt):
    content, _mimetype, _name = minutes.export(workshop, fmt)
    if fmt == "docx":
        return read_docx(content)
    return read_markdown(content.decode()) if fmt == "md" else read_html(content.decode())


@pytest.mark.parametrize("fmt", ["docx", "md", "html"])
def test_sections_come_in_the_order_of_the_session(finished, fmt):
    read = outline(finished.workshop, fmt)
    assert read.titles(0) == [f"Compte rendu de l'atelier « {sample.TITLE} » du 12 mars 2026"]
    assert read.titles(1) == SECTIONS


@pytest.mark.parametrize("fmt", ["docx", "md", "html"])
def test_the_two_column_board_is_paired_cell_by_cell_with_blanks(finished, fmt):
    table = outline(finished.workshop, fmt).table("Exigences")
    assert table[0] == [("Exigences",), ("Réfutations",)]
    demands = dict(sample.DEMANDS)
    rejections = dict(sample.REJECTIONS)
    expected = [
        [
            (left, *demands[left]),
            () if right is None else (right, *rejections[right]),
        ]
        for left, right in sample.BOARD_ROWS
    ]
    cleaned = [[tuple(line.lstrip("• ") for line in cell) for cell in row] for row in table[1:]]
    assert cleaned == expected


@pytest.mark.parametrize("fmt", ["docx", "md", "html"])
def test_participants_are_sorted_by_surname_with_totals(finished, fmt):
    text = outline(finished.workshop, fmt).text
    positions = [text.index(line) for line in sample.SORTED_LINES]
    assert positions == sorted(positions)
    counts = (
        "9 participants, dont 3 associations, 2 organismes publics, 1 entreprise "
        "et 3 de catégorie non renseignée"
    )
    assert counts in text


@pytest.mark.parametrize("fmt", ["docx", "md", "html"])
def test_the_next_workshop_and_its_objectives_are_given(finished, fmt):
    text = outline(finished.workshop, fmt).text
    assert "Date : jeudi 2 avril 2026" in text
    assert "repérer les compétences utiles" in text
    assert "Action transversale : Groupe 1 et Groupe 2" in text


@pytest.mark.parametrize("fmt", ["docx", "md", "html", "json", "csv"])
def test_people_who_may_not_be_named_never_appear(finished, fmt):
    content, _mimetype, _name = minutes.export(finished.workshop, fmt)
    if fmt == "csv":
        archive = zipfile.ZipFile(io.BytesIO(content))
        content = b"".join(archive.read(name) for name in archive.namelist())
    if fmt == "docx":
        content = read_docx(content).text.encode()
    for name in NEVER_NAMED:
        assert name.encode() not in content, name


def test_the_docx_uses_real_headings_tables_and_a_page_field(finished):
    document = read_docx(minutes.export(finished.workshop, "docx")[0]).raw
    styles = {p.style.name for p in document.paragraphs if p.text in SECTIONS}
    assert styles == {"Heading 1"}
    assert any(p.style.name == "List Bullet" for p in document.paragraphs)
    assert len(document.tables) == 3  # the agenda, the board, the ranking
    footer = document.sections[0].footer._element
    assert "PAGE" in [node.text.strip() for node in footer.iter(qn("w:instrText"))]
    header = "\n".join(p.text for p in document.sections[0].header.paragraphs)
    assert "BROUILLON" in header


def test_the_file_name_is_the_title_and_date_in_plain_letters(finished):
    assert minutes.export(finished.workshop, "md")[2] == "deuxieme-atelier-du-futur-2026-03-12.md"
    assert minutes.export(finished.workshop, "csv")[1:] == (
        "application/zip",
        "deuxieme-atelier-du-futur-2026-03-12.csv.zip",
    )


def test_an_unknown_format_is_refused(finished):
    with pytest.raises(Refused):
        minutes.export(finished.workshop, "xls")


@pytest.mark.parametrize("fmt", ["docx", "md", "html"])
def test_the_ranking_rows_come_in_order_with_tied_ones_sharing_a_rank(finished, fmt):
    table = outline(finished.workshop, fmt).table("Rang")
    rows = [(row[0][0], row[1][0], row[2][0]) for row in table[1:]]
    assert rows == [(r, sample.ORIENTATIONS[i][0], str(n)) for r, i, n in sample.RANKING]


# ---- raw data -----------------------------------------------------------------------------


def raw(workshop) -> dict:
    return json.loads(minutes.export(workshop, "json")[0])


def test_the_json_holds_everything_under_a_format_version(finished):
    data = raw(finished.workshop)
    assert data["format_version"] == 1
    assert set(data) >= {"workshop", "groups", "participants", "agenda", "minutes"}
    assert data["workshop"]["title"] == sample.TITLE
    assert [g["name"] for g in data["groups"]] == ["Groupe 1", "Groupe 2"]
    kinds = [a["kind"] for a in data["agenda"]]
    assert kinds == ["welcome", "scenario", "instruction", "brainstorm", "vote"]
    brainstorm = data["agenda"][3]
    statuses = {c["text"]: c["status"] for c in brainstorm["cards"]}
    assert statuses[sample.HIDDEN_CARD] == "hidden"
    assert statuses[sample.MERGED_AWAY] == "merged"
    assert statuses[sample.DELETED_CARD] == "deleted"
    moderation = [m["kind"] for m in brainstorm["moderation"]]  # comments are logged too
    assert moderation[-5:] == ["merge", "hidden", "delete", "comment", "comment"]
    assert data["minutes"]["next_workshop"]["date"] == "2026-04-02"
    assert len(data["minutes"]["actions"]) == 2


def test_the_json_names_only_nameable_people_under_pseudonymous_ids(finished):
    people = raw(finished.workshop)["participants"]
    assert len(people) == sample.PRESENT + 1  # the person who left is there, not present
    assert all(p["id"].startswith("p-") and len(p["id"]) == 12 for p in people)
    named = {p["surname"] for p in people if p["named"] and p["present"]}
    assert named == {surname for surname, *_ in sample.PEOPLE}
    assert all(p["surname"] is None and p["organisation"] is None for p in people if not p["named"])
    assert sum(not p["present"] for p in people) == 1


def test_cards_of_an_anonymous_activity_have_no_author(finished):
    agenda = raw(finished.workshop)["agenda"]
    assert all(card["author"] is None for card in agenda[3]["cards"])
    merged = next(c for c in agenda[3]["cards"] if c["text"] == sample.ORIENTATIONS[0][0])
    assert merged["origins"] == ["Groupe 1", "Groupe 2"]


def test_cards_of_a_named_activity_carry_the_authors_pseudonym(session_):
    workshop, scenario = session_.workshop, session_.scenario
    with transaction():
        workshop.state = "live"
        workshop.current_activity_id = scenario.id
    person = session_.people[0]
    groups.assign_person(workshop, person.id, workshop.groups[0].id)  # nobody writes groupless
    boards.add_card(workshop, scenario, boards.Actor(person), {"text": "Carte signée"})
    cards = raw(workshop)["agenda"][1]["cards"]
    signed = next(c for c in cards if c["text"] == "Carte signée")
    ids = {p["id"] for p in raw(workshop)["participants"] if p["surname"] == person.surname}
    assert signed["author"] in ids
    assert all(c["author"] is None for c in cards if c["by_facilitator"])


def test_ballots_are_under_voter_ids_that_match_no_participant(finished):
    data = raw(finished.workshop)
    vote = data["agenda"][4]["vote"]
    assert (vote["method"], vote["state"], len(vote["ballots"])) == ("dots", "closed", 8)
    voters = {ballot["voter"] for ballot in vote["ballots"]}
    assert all(v.startswith("v-") for v in voters) and len(voters) == 8
    assert not voters & {p["id"] for p in data["participants"]}
    assert sum(ballot["proxy"] for ballot in vote["ballots"]) == 6
    assert [row["score"] for row in vote["result"]["rows"]] == [n for _r, _i, n in sample.RANKING]


# ---- CSV ----------------------------------------------------------------------------------


def read_zip(content: bytes) -> dict[str, list[dict]]:
    archive = zipfile.ZipFile(io.BytesIO(content))
    return {
        name: list(
            csv.DictReader(io.StringIO(archive.read(name).decode("utf-8-sig")), delimiter=";")
        )
        for name in archive.namelist()
    }


def test_the_csv_zip_lists_every_card_once_and_every_dot(finished):
    tables = read_zip(minutes.export(finished.workshop, "csv")[0])
    assert sorted(tables) == ["ballots.csv", "cards.csv"]
    assert sum(int(row["dots"]) for row in tables["ballots.csv"]) == 24
    cards = tables["cards.csv"]
    data = raw(finished.workshop)
    assert len(cards) == sum(len(a.get("cards", ())) for a in data["agenda"])
    first = cards[0]
    assert (first["activity"], first["level"], first["group"]) == (
        sample.SCENARIO_TITLE,
        "heading",
        "Groupe 1",
    )


@pytest.mark.parametrize("text", ['=HYPERLINK("http://x")', "+1+1", "-2", "@SUM(A1)"])
def test_cells_that_look_like_formulas_stay_text(ctx, text):
    workshop, _ = make_workshop()
    scenario = agenda.add_activity(workshop, {"kind": "scenario", "title": "En 2030"})
    boards.add_card(workshop, scenario, FACILITATOR, {"text": text})
    (card,) = read_zip(minutes.export(workshop, "csv")[0])["cards.csv"]
    assert card["text"] == "'" + text


def test_safe_cells_leave_numbers_and_plain_text_alone():
    assert [safe_cell(v) for v in (-3, 2.5, "texte", None, True)] == [-3, 2.5, "texte", "", "1"]
    assert (safe_cell("\rx"), safe_cell("\tx")) == ("'\rx", "'\tx")
    assert to_csv(["a"], [{"a": "=1"}], ",").decode("utf-8-sig") == "a\r\n'=1\r\n"


# ---- PDF ----------------------------------------------------------------------------------


def test_the_pdf_prints_the_minutes_with_page_numbers(finished):
    if shutil.which("chromium") is None:
        skip_or_fail("no Chromium on this machine: the PDF cannot be made")
    if shutil.which("pdftotext") is None:
        skip_or_fail("pdftotext (poppler-utils) is missing: the PDF cannot be read back")
    content, mimetype, _name = minutes.export(finished.workshop, "pdf")
    assert content.startswith(b"%PDF") and mimetype == "application/pdf"
    text = subprocess.run(
        ["pdftotext", "-", "-"], input=content, capture_output=True, check=True
    ).stdout.decode()
    flat = " ".join(text.split())  # a long title may wrap onto two lines of the page
    for expected in (sample.TITLE, *SECTIONS, sample.SORTED_LINES[0], "Simple location de salles"):
        assert expected in flat
    assert "1/" in text.replace(" ", "")
    for name in NEVER_NAMED:
        assert name not in text


def test_without_chromium_the_pdf_is_refused_with_a_clear_code(app, ctx):
    app.config["CHROMIUM_PATH"] = "/nonexistent/chromium"
    workshop, _ = make_workshop()
    with pytest.raises(Unavailable) as error:
        minutes.export(workshop, "pdf")
    assert error.value.code == "pdf_unavailable"
    assert minutes.export(workshop, "html")[0].startswith(b"<!DOCTYPE html>")


def test_the_json_carries_what_the_minutes_print_beyond_the_first_format(session_):
    """Roles, the outline, a reworded candidate, a next meeting by month, nested needs and
    a referent picked from the roster (under a pseudonym, never a database id)."""
    workshop = session_.workshop
    person = next(iter(minutes.referable_people(workshop).values()))
    roster.update_person(
        workshop,
        person.id,
        {
            "surname": person.surname,
            "first_name": person.first_name,
            "organisation": person.organisation,
            "category": person.category,
            "nameable": "on",
            "role": "Élue",
        },
    )
    minutes.set_outline(workshop, {"title": "Compte rendu", "parts": [], "options": {}})
    candidate = voting.candidates_of(session_.vote)[0]
    first = candidate.label
    voting.reword_candidate(workshop, session_.vote, candidate.id, "Une autre formulation")
    minutes.save_next_workshop(workshop, {"next_month": "2026-11", "next_when": ""})
    data = MultiDict(
        [
            ("title", "Ouvrir un jardin"),
            ("referent_people", str(person.id)),
            ("referents", "; Régie de quartier"),
            ("needs", "des outils\n\tbêches\n\tarrosoirs\nun local"),
        ]
    )
    minutes.add_action(workshop, data)

    raw_data = raw(workshop)
    named = next(p for p in raw_data["participants"] if p["surname"] == person.surname)
    assert named["role"] == "Élue"
    assert raw_data["workshop"]["names_in_minutes"] == "all"
    assert raw_data["minutes"]["outline"]["title"] == "Compte rendu"
    assert raw_data["minutes"]["next_workshop"]["month"] == "2026-11"
    labels = {c["label"]: c["reworded_from"] for c in raw_data["agenda"][4]["vote"]["candidates"]}
    assert labels["Une autre formulation"] == first
    action = raw_data["minutes"]["actions"][-1]
    assert action["needs"] == [{"text": "des outils", "items": ["bêches", "arrosoirs"]}, "un local"]
    picked, typed = action["referents"]
    assert picked["participant"] == named["id"] and picked["person"] == person.display_name
    assert typed == {"person": "", "organisation": "Régie de quartier", "participant": None}
    assert str(person.id) not in json.dumps(action["referents"])


def test_the_json_names_no_referent_when_the_workshop_names_nobody(session_):
    workshop = session_.workshop
    person = next(iter(minutes.referable_people(workshop).values()))
    minutes.add_action(
        workshop, MultiDict([("title", "Agir"), ("referent_people", str(person.id))])
    )
    with transaction():
        workshop.names_in_minutes = "none"
    data = raw(workshop)
    assert data["minutes"]["actions"][-1]["referents"] == []
    assert all(p["role"] is None for p in data["participants"] if not p["named"])
