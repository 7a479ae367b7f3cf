"""DOCX minutes: real Word styles, page numbers, draft marker, chart, LibreOffice-compatible."""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
import zipfile

import docx
import pytest
from docx.oxml.ns import qn
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.exporters import sample
from workshop.domain.minutes import (
    Context,
    GroupAnswer,
    Header,
    Heading,
    Headings,
    IntroSection,
    Minutes,
    ScenarioSection,
)
from workshop.exporters.docx import render_docx


def _open(minutes) -> docx.document.Document:
    return docx.Document(io.BytesIO(render_docx(minutes)))


@pytest.fixture(scope="module")
def data() -> bytes:
    return render_docx(sample.sample_minutes())


@pytest.fixture(scope="module")
def document(data):
    return docx.Document(io.BytesIO(data))


def _styled(document, style: str) -> list[str]:
    return [p.text for p in document.paragraphs if p.style.name == style]


def test_headings_use_word_title_and_heading_styles(document):
    assert _styled(document, "Title") == [sample.HEADER.title]
    assert _styled(document, "Heading 1") == list(sample.SECTION_TITLES_FR)
    # Group headings are Heading styles, so Word's navigation pane lists them.
    assert "Groupe A : Le tiers-lieu qui a réussi" in _styled(document, "Heading 2")
    assert "Groupe B : Le regard de la commune" in _styled(document, "Heading 2")


def test_lists_use_the_list_bullet_style(document):
    bullets = _styled(document, "List Bullet")
    assert bullets[: len(sample.SORTED_LINES)] == list(sample.SORTED_LINES)
    assert "partager un salarié entre trois lieux" in bullets


def test_board_cells_use_bullets_for_sub_points(document):
    board = next(t for t in document.tables if t.cell(0, 0).text == "Exigences")
    cell = board.cell(1, 0)
    assert [p.style.name for p in cell.paragraphs] == ["Normal", "List Bullet", "List Bullet"]
    assert cell.paragraphs[0].runs[0].bold


def test_footer_has_page_and_page_count_fields(document):
    footer = document.sections[0].footer._element
    instructions = [node.text.strip() for node in footer.iter(qn("w:instrText"))]
    assert instructions == ["PAGE", "NUMPAGES"]
    kinds = [node.get(qn("w:fldCharType")) for node in footer.iter(qn("w:fldChar"))]
    assert kinds == ["begin", "separate", "end"] * 2
    assert document.sections[0].footer.paragraphs[0].text.startswith("Page ")


def test_draft_marker_is_in_the_header_of_every_page(document):
    section = document.sections[0]
    assert not section.different_first_page_header_footer
    assert not document.settings.odd_and_even_pages_header_footer
    assert section.header.paragraphs[0].text == "BROUILLON"


def test_final_minutes_have_no_draft_marker():
    document = _open(sample.sample_minutes(status="final"))
    header = document.sections[0].header
    assert header.is_linked_to_previous or not any(p.text for p in header.paragraphs)


def test_english_draft_marker_and_footer():
    document = _open(sample.sample_minutes(lang="en"))
    assert document.sections[0].header.paragraphs[0].text == "DRAFT"
    assert document.sections[0].footer.paragraphs[0].text.startswith("Page 1 of 1")


def test_core_properties_name_the_title_author_and_language(document):
    properties = document.core_properties
    assert properties.title == sample.HEADER.title
    assert properties.author == "Claire Fontanel"
    assert properties.language == "fr-FR"


def test_spelling_language_is_set_on_the_normal_style(document):
    lang = document.styles["Normal"].element.rPr.find(qn("w:lang"))
    assert lang.get(qn("w:val")) == "fr-FR"


def test_pages_are_a4(document):
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)


def test_ranking_table_has_a_repeating_bold_header_and_bold_retained_rows(document):
    ranking = next(t for t in document.tables if t.cell(0, 0).text == "Rang")
    header = ranking.rows[0]
    assert header._tr.trPr.find(qn("w:tblHeader")) is not None
    assert all(cell.paragraphs[0].runs[0].bold for cell in header.cells)
    assert ranking.rows[4].cells[1].paragraphs[0].runs[0].bold
    assert not ranking.rows[5].cells[1].paragraphs[0].runs[0].bold


def test_ranking_chart_is_embedded_as_a_described_picture(data, document):
    pytest.importorskip("PIL")
    assert len(document.inline_shapes) == 1
    description = document.inline_shapes[0]._inline.docPr.get("descr")
    assert description == "Points par orientation"
    names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    assert any(name.startswith("word/media/") and name.endswith(".png") for name in names)


def test_without_pillow_the_chart_becomes_a_table_of_text_bars(monkeypatch):
    monkeypatch.setitem(sys.modules, "PIL", None)
    document = _open(sample.sample_minutes())
    assert len(document.inline_shapes) == 0
    bars = next(t for t in document.tables if t.cell(0, 1).text == "Points par orientation")
    assert bars.cell(1, 1).text == "█" * 24
    assert bars.cell(9, 2).text == "0"


def test_user_script_is_stored_as_escaped_text(data):
    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode()
    assert "<script>" not in xml
    assert "&lt;script&gt;alert('piège')&lt;/script&gt;" in xml


@settings(max_examples=30, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.text(min_size=1))
def test_any_text_a_user_types_renders(text):
    minutes = Minutes(
        header=Header(text, written_by=text),
        context=Context(text, (text,)),
        sections=(IntroSection(text, (text,)),),
    )
    assert _open(minutes).core_properties.title is not None


def test_heading_items_keep_their_origin_and_comments():
    body = Headings((Heading("Lieu", ("accueil",), origin="Groupe C", comments=("à revoir",)),))
    scenario = ScenarioSection("S", answers=(GroupAnswer("Groupe C", body),))
    minutes = sample.sample_minutes(sections=(scenario,), next_steps=None)
    texts = [p.text for p in _open(minutes).paragraphs]
    assert ["Lieu", "accueil", "Origine : Groupe C", "Commentaire : à revoir"] == texts[-4:]


SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_converts_the_document_to_pdf(data, tmp_path):
    source = tmp_path / "minutes.docx"
    source.write_bytes(data)
    command = [
        SOFFICE,
        f"-env:UserInstallation=file://{tmp_path}/profile",
        "--headless",
        "--convert-to",
        "pdf",
        "--outdir",
        str(tmp_path),
        str(source),
    ]
    subprocess.run(command, check=True, capture_output=True, timeout=110)
    pdf = (tmp_path / "minutes.pdf").read_bytes()
    assert pdf.startswith(b"%PDF") and len(pdf) > 10_000
