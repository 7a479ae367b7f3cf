"""Golden minutes: documents rendered in every format and language, kept as files to compare.

The files under golden/ were written by the exporters as they stood before the minutes' words
moved into the gettext catalogues, so a test comparing against them proves the move changed
no word. Regenerate them only on purpose, after a wording change you mean:

    python -m tests.exporters.golden

DOCX is compared as a readable dump (paragraph styles, bold and italic runs, tables, page
header and footer, document properties), not as bytes: zip dates and ids differ per save.
HTML links its stylesheet instead of embedding it, so a CSS change does not count as wording.
"""

from __future__ import annotations

import datetime
import io
import sys
from dataclasses import replace
from pathlib import Path

import docx
from docx.oxml.ns import qn

from tests.exporters import sample
from workshop.domain.minutes import (
    Action,
    AgendaRow,
    Header,
    Minutes,
    NextSteps,
    NextWorkshop,
    Participants,
    Person,
    RankRow,
    Referent,
    VoteSection,
)
from workshop.exporters.docx import render_docx
from workshop.exporters.html import render_html
from workshop.exporters.markdown import render_markdown

FOLDER = Path(__file__).resolve().parent / "golden"
LANGS = ("fr", "en")
# The standard tie rule as the export service writes it into a vote, in each language.
STANDARD_TIE_RULE = {
    "fr": "Les orientations à égalité partagent un rang ; le rang suivant saute d'autant "
    "(1, 2, 3=, 3=, 5).",
    "en": "Tied orientations share a rank; the next rank skips accordingly (1, 2, 3=, 3=, 5).",
}


# --- The documents ------------------------------------------------------------------------


def _people_by_free_category() -> Participants:
    people = (
        *sample.PEOPLE,
        Person("Roux", "Léa", "Centre social des Tilleuls", "centre social"),
        Person("Moreau", "Yann", "Centre social du Val", "centre social"),
        Person("Petit", "Jo", "CCAS de Vaux", "CCAS"),
        Person("Nguyen", "Minh", "", ""),
        Person("Leroy", "Sam", "Réseau", "chef d'entreprise"),
    )
    return Participants(people, present=40, by_category=True)


def _follow_up_header() -> Header:
    return replace(
        sample.HEADER,
        date=datetime.date(2026, 4, 1),
        start=datetime.time(9, 5),
        end=None,
        follows="Atelier 1 : les tiers-lieux",
        follows_date=datetime.date(2025, 3, 1),
        series="",
    )


def _votes(lang: str) -> tuple[VoteSection, ...]:
    tied = (
        RankRow(1, "Alpha", 12, retained=True, first_choices=5, voters=9),
        RankRow(2, "Bêta", 7, tied=True, retained=True, first_choices=2, voters=8),
        RankRow(2, "Gamma", 7, tied=True, first_choices=1, voters=6),
        RankRow(4, "Delta", 0, first_choices=0, voters=0),
    )
    shared = tuple(replace(r, first_choices=None, voters=None, share=r.score / 26) for r in tied)
    return (
        VoteSection("Classement", method="ranking", budget=3, voters=9, rows=tied),
        VoteSection("Approbation", method="approval", budget=4, voters=1, proxies=1, rows=shared),
        VoteSection(
            "Une gommette",
            method="dots",
            budget=1,
            voters=21,
            rows=shared,
            tie_note=STANDARD_TIE_RULE[lang],
            cutoff_note="",
        ),
        VoteSection(
            "Règle maison",
            budget=2,
            rows=shared,
            tie_note="Égalité départagée à main levée.",
            cutoff_note="Bêta est retenue au second tour.",
        ),
        VoteSection("Sans égalité", budget=5, voters=1, rows=(RankRow(1, "Seule", 1),)),
        VoteSection("Un choix", method="approval", budget=1, rows=(RankRow(1, "Seule", 0),)),
    )


def _next_steps() -> NextSteps:
    return NextSteps(
        next_workshop=NextWorkshop(deepens="la charte", objectives=("relire la charte",)),
        actions=(
            Action("Une action de tous"),
            Action(
                "Une action partagée",
                shared_by=("Groupe A", "Groupe B", "Groupe C"),
                referents=(Referent("Ana Ruiz", "Mairie"),),
                contact="ana@example.org",
            ),
            Action("Une action d'un groupe", group="Groupe C", needs=("un local",)),
        ),
    )


def _variants(lang: str) -> Minutes:
    return sample.sample_minutes(
        lang=lang,
        status="final",
        header=_follow_up_header(),
        participants=_people_by_free_category(),
        agenda=(AgendaRow("Accueil", 10, 12), AgendaRow("Clôture", None, None)),
        sections=(sample.SCENARIO, *_votes(lang)),
        next_steps=_next_steps(),
    )


def documents() -> dict[str, Minutes]:
    """Return every golden document by name: "<case>-<lang>"."""
    found = {}
    for lang in LANGS:
        found[f"sample-{lang}"] = sample.sample_minutes(lang=lang)
        found[f"variants-{lang}"] = _variants(lang)
        found[f"undated-{lang}"] = sample.sample_minutes(
            lang=lang,
            header=replace(sample.HEADER, date=None, follows="Atelier 1"),
            participants=Participants(sample.PEOPLE[:1], present=5),
        )
        found[f"empty-{lang}"] = sample.empty_minutes(lang=lang)
    return found


# --- Formats ------------------------------------------------------------------------------


def _runs(paragraph) -> str:
    """Write a paragraph's runs, bold as **text** and italic as _text_ (docx has both)."""
    parts = []
    for run in paragraph.runs:
        text = run.text
        if run.bold:
            text = f"**{text}**"
        if run.italic:
            text = f"_{text}_"
        parts.append(text)
    return "".join(parts)


def _paragraph(paragraph) -> str:
    return f"[{paragraph.style.name}] {_runs(paragraph)}"


def _table(table) -> list[str]:
    lines = [f"<table {table.style.name if table.style is not None else ''}>"]
    for row in table.rows:
        for index, cell in enumerate(row.cells):
            lines += [f"  | {index} {_paragraph(p)}" for p in cell.paragraphs]
        lines.append("  ---")
    return lines


def _body(document) -> list[str]:
    lines = []
    for block in document.iter_inner_content():
        if isinstance(block, docx.table.Table):
            lines += _table(block)
        else:
            lines.append(_paragraph(block))
            pictures = block._p.findall(".//" + qn("wp:docPr"))
            lines += [f"  (picture: {p.get('descr')})" for p in pictures]
    return lines


def docx_dump(data: bytes) -> str:
    """Return a DOCX document as text: properties, page header and footer, then the body."""
    document = docx.Document(io.BytesIO(data))
    core = document.core_properties
    language = document.styles["Normal"].element.rPr.find(qn("w:lang")).get(qn("w:val"))
    lines = [
        f"title: {core.title}",
        f"author: {core.author}",
        f"subject: {core.subject}",
        f"language: {core.language} / {language}",
    ]
    for section in document.sections:
        lines += [f"header: {p.text}" for p in section.header.paragraphs]
        lines += [f"footer: {p.text}" for p in section.footer.paragraphs]
    return "\n".join(lines + _body(document)) + "\n"


RENDERERS = {
    "md": render_markdown,
    "html": lambda minutes: render_html(minutes, css_href="minutes.css"),
    "docx.txt": lambda minutes: docx_dump(render_docx(minutes)),
}


def rendered() -> dict[str, str]:
    """Return every golden file's expected content by file name."""
    return {
        f"{name}.{ext}": render(minutes)
        for name, minutes in documents().items()
        for ext, render in RENDERERS.items()
    }


def write() -> None:
    """Write the golden files from the exporters as they are now."""
    FOLDER.mkdir(exist_ok=True)
    for name, content in rendered().items():
        (FOLDER / name).write_bytes(content.encode("utf-8"))
        print(f"written: {FOLDER / name}", file=sys.stderr)


if __name__ == "__main__":
    write()
