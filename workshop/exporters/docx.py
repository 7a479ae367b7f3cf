"""Render minutes as an editable Word document (python-docx), A4, opening in LibreOffice too.

Real styles (Title, Heading 1-3, List Bullet, Table Grid) so the facilitator can restyle it;
a footer "Page n sur N" made of PAGE/NUMPAGES fields; "BROUILLON"/"DRAFT" in the header of every
page while the minutes are a draft; the ranking chart as a PNG (a text-bar table without Pillow).
"""

from __future__ import annotations

import io

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm

from workshop.domain.minutes import (
    Action,
    Board,
    BrainstormSection,
    Context,
    GroupAnswer,
    Heading,
    Headings,
    IntroSection,
    Minutes,
    NextSteps,
    Orientation,
    Participants,
    ScenarioSection,
    VoteSection,
    count_participants,
    is_empty,
    map_text,
    person_line,
    printable,
    sort_people,
    visible_answers,
    visible_sections,
)
from workshop.exporters import labels
from workshop.exporters.chart import bar_chart_png, text_bar
from workshop.exporters.labels import Table
from workshop.exporters.speed_words import speed_words

LANG_TAGS = {"fr": "fr-FR", "en": "en-GB"}
TEXT_WIDTH_CM = 17.0  # A4 width minus two 2 cm margins


# --- Building blocks ----------------------------------------------------------------------


def _heading(doc, level: int, text: str) -> None:
    doc.add_heading(text, level)


def _para(container, text: str, bold: bool = False, italic: bool = False, style=None):
    paragraph = container.add_paragraph(style=style)
    run = paragraph.add_run(text)
    run.bold, run.italic = bold or None, italic or None
    return paragraph


def _paragraphs(container, items: tuple[str, ...], italic: bool = False) -> None:
    for item in items:
        if item.strip():
            _para(container, item, italic=italic)


def _bullets(container, items: tuple[str, ...]) -> None:
    for item in items:
        container.add_paragraph(item, style="List Bullet")


def _repeat_as_header(row) -> None:
    properties = row._tr.get_or_add_trPr()
    marker = OxmlElement("w:tblHeader")
    marker.set(qn("w:val"), "true")
    properties.append(marker)


def _new_table(doc, header: tuple[str, ...], rows: int):
    table = doc.add_table(rows=1 + rows, cols=len(header))
    table.style = "Table Grid"
    for cell, title in zip(table.rows[0].cells, header, strict=True):
        cell.paragraphs[0].add_run(title).bold = True
    _repeat_as_header(table.rows[0])
    return table


def _set_widths(table, widths_cm: tuple[float, ...]) -> None:
    """Fix column widths (Word reads the cells, LibreOffice the grid: set both)."""
    table.autofit = False
    for column, width in zip(table.columns, widths_cm, strict=True):
        column.width = Cm(width)
        for cell in column.cells:
            cell.width = Cm(width)


def _table(doc, table: Table, widths_cm: tuple[float, ...] | None = None, bold_rows=()):
    docx_table = _new_table(doc, table.header, len(table.rows))
    for index, (docx_row, row) in enumerate(zip(docx_table.rows[1:], table.rows, strict=True)):
        for cell, value in zip(docx_row.cells, row, strict=True):
            cell.paragraphs[0].add_run(value).bold = (index in bold_rows) or None
    if widths_cm:
        _set_widths(docx_table, widths_cm)
    return docx_table


# --- Page furniture -----------------------------------------------------------------------


def _field(paragraph, instruction: str) -> None:
    """Append a complex field (w:fldChar begin / w:instrText / separate / end) to a paragraph."""
    parts = [
        ("fldChar", "begin"),
        ("instrText", instruction),
        ("fldChar", "separate"),
        ("t", "1"),
        ("fldChar", "end"),
    ]
    for tag, value in parts:
        run, element = OxmlElement("w:r"), OxmlElement(f"w:{tag}")
        if tag == "fldChar":
            element.set(qn("w:fldCharType"), value)
        else:
            element.set(qn("xml:space"), "preserve")
            element.text = value
        run.append(element)
        paragraph._p.append(run)


def _footer(section, lang: str) -> None:
    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.add_run(labels.text(lang, "page") + " ")
    _field(paragraph, " PAGE ")
    paragraph.add_run(f" {labels.text(lang, 'page_of')} ")
    _field(paragraph, " NUMPAGES ")


def _draft_marker(section, lang: str) -> None:
    paragraph = section.header.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.add_run(labels.text(lang, "draft")).bold = True


def _page_setup(doc, minutes: Minutes) -> None:
    for section in doc.sections:
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.left_margin = section.right_margin = Cm(2)
        section.top_margin = section.bottom_margin = Cm(2)
        _footer(section, minutes.lang)
        if minutes.is_draft:
            _draft_marker(section, minutes.lang)


def _language(doc, lang: str) -> None:
    """Tag the Normal style with the language, so spelling is checked in the right one."""
    properties = doc.styles["Normal"].element.get_or_add_rPr()
    tag = OxmlElement("w:lang")
    tag.set(qn("w:val"), LANG_TAGS[lang])
    properties.append(tag)


def _properties(doc, minutes: Minutes) -> None:
    header, core = minutes.header, doc.core_properties
    core.title = header.title
    core.author = header.written_by or header.organiser
    core.subject = header.theme
    core.language = LANG_TAGS[minutes.lang]


# --- Header, context, participants, agenda ------------------------------------------------


def _title_block(doc, minutes: Minutes) -> None:
    lang, header = minutes.lang, minutes.header
    if minutes.is_draft:
        _para(doc, labels.text(lang, "draft_banner"), bold=True)
    _heading(doc, 0, header.title)
    if subtitle := labels.subtitle(lang, header):
        _para(doc, subtitle, bold=True)
    if meta := labels.meta_line(lang, header):
        _para(doc, meta)
    if header.written_by:
        _para(doc, labels.text(lang, "written_by", name=header.written_by), italic=True)
    if follows := labels.follows_line(lang, header):
        _para(doc, follows, italic=True)


def _context(doc, lang: str, context: Context) -> None:
    _heading(doc, 1, labels.text(lang, "context"))
    if context.theme.strip():
        _heading(doc, 2, context.theme)
    _paragraphs(doc, context.stakes)


def _participants(doc, lang: str, participants: Participants) -> None:
    _heading(doc, 1, labels.text(lang, "participants"))
    _para(doc, labels.participants_phrase(lang, count_participants(participants)) + ".")
    if not participants.by_category:
        _bullets(doc, tuple(map(person_line, sort_people(participants.people))))
        return
    for category, people in labels.people_by_category(lang, participants.people):
        _heading(doc, 2, labels.category_title(lang, category))
        _bullets(doc, tuple(map(person_line, people)))


def _agenda(doc, minutes: Minutes) -> None:
    _heading(doc, 1, labels.text(minutes.lang, "agenda"))
    _table(doc, labels.agenda_table(minutes.lang, minutes.agenda), (TEXT_WIDTH_CM - 6, 3, 3))


# --- Answers ------------------------------------------------------------------------------


def _heading_item(container, lang: str, item: Heading, first=None) -> None:
    paragraph = first if first is not None else container.add_paragraph()
    paragraph.add_run(item.text).bold = True
    _bullets(container, item.subpoints)
    if item.origin:
        _para(container, labels.text(lang, "origin", origin=item.origin), italic=True)
    for comment in item.comments:
        _para(container, labels.text(lang, "comment", text=comment), italic=True)


def _board(doc, lang: str, board: Board) -> None:
    table = _new_table(doc, board.columns, len(board.rows))
    for docx_row, row in zip(table.rows[1:], board.rows, strict=True):
        for cell, item in zip(docx_row.cells, row, strict=True):
            if item is not None:
                _heading_item(cell, lang, item, first=cell.paragraphs[0])


def _body(doc, lang: str, body: Headings | Board | None) -> None:
    if isinstance(body, Board):
        if body.rows:
            _board(doc, lang, body)
    elif isinstance(body, Headings):
        for item in body.items:
            _heading_item(doc, lang, item)


def _answer(doc, lang: str, answer: GroupAnswer) -> None:
    _heading(doc, 3, labels.titled(lang, answer.group, answer.title))
    _body(doc, lang, answer.body)
    if answer.synthesis:
        _para(doc, labels.text(lang, "synthesis"), bold=True)
        _paragraphs(doc, answer.synthesis)


# --- Activity sections --------------------------------------------------------------------


def _intro(doc, lang: str, section: IntroSection) -> None:
    _heading(doc, 1, section.title)
    _paragraphs(doc, section.paragraphs)


def _scenario(doc, lang: str, section: ScenarioSection) -> None:
    _heading(doc, 1, section.title)
    _paragraphs(doc, section.introduction)
    for prompt in section.prompts:
        _heading(doc, 2, labels.titled(lang, labels.join_names(lang, prompt.groups), prompt.title))
        _para(doc, prompt.text)
    if answers := visible_answers(section):
        _heading(doc, 2, labels.text(lang, "answers"))
        for answer in answers:
            _answer(doc, lang, answer)


def _orientation(doc, lang: str, orientation: Orientation) -> None:
    _heading(doc, 3, orientation.heading)
    _bullets(doc, orientation.subpoints)
    if orientation.origins:
        groups = labels.join_names(lang, orientation.origins)
        _para(doc, labels.text(lang, "proposed_by", groups=groups), italic=True)
    for comment in orientation.comments:
        _para(doc, labels.text(lang, "comment", text=comment), italic=True)


def _brainstorm(doc, lang: str, section: BrainstormSection) -> None:
    _heading(doc, 1, section.title)
    _paragraphs(doc, section.introduction)
    if section.question.strip():
        _para(doc, labels.text(lang, "question", text=section.question), bold=True)
    if section.orientations:
        _heading(doc, 2, labels.text(lang, "orientations"))
    for orientation in section.orientations:
        _orientation(doc, lang, orientation)
    if section.comments:
        _heading(doc, 2, labels.text(lang, "comments"))
        _paragraphs(doc, section.comments)
    for synthesis in section.syntheses:
        _heading(doc, 2, labels.text(lang, "synthesis_of", group=synthesis.group))
        _paragraphs(doc, synthesis.paragraphs)


def _chart(doc, lang: str, vote: VoteSection) -> None:
    png = bar_chart_png(vote.rows, lang)
    if png is None:
        best = max(row.score for row in vote.rows)
        rows = tuple((row.label, text_bar(row.score, best), str(row.score)) for row in vote.rows)
        header = (labels.text(lang, "label"), labels.text(lang, "chart_title"), "")
        _table(doc, Table(header, rows))
        return
    doc.add_picture(io.BytesIO(png), width=Cm(16))
    doc.inline_shapes[-1]._inline.docPr.set("descr", labels.text(lang, "chart_title"))


def _ranking_widths(columns: int) -> tuple[float, ...]:
    """Keep rank, points, optional columns and the mark narrow; the label takes the rest."""
    narrow = (1.7, 1.9, *([2.3] * (columns - 4)), 2.4)
    label = TEXT_WIDTH_CM - sum(narrow)
    return (narrow[0], label, *narrow[1:])


def _vote(doc, lang: str, vote: VoteSection) -> None:
    _heading(doc, 1, vote.title)
    intro = f"{labels.vote_method(lang, vote)} {labels.voters_phrase(lang, vote)}"
    _para(doc, intro.strip())
    table = labels.ranking_table(lang, vote)
    retained = {index for index, row in enumerate(vote.rows) if row.retained}
    _table(doc, table, _ranking_widths(len(table.header)), bold_rows=retained)
    _chart(doc, lang, vote)
    _paragraphs(doc, labels.vote_notes(lang, vote), italic=True)
    if vote.retained:
        _heading(doc, 2, labels.text(lang, "retained"))
        _bullets(doc, vote.retained)


def _speed_meeting(doc, lang: str, section) -> None:
    words = speed_words(section, lang)
    _heading(doc, 1, section.title)
    _paragraphs(doc, section.introduction)
    _paragraphs(doc, words.summary)
    if words.pairs:
        _heading(doc, 2, words.pairs_title)
        _bullets(doc, words.pairs)
        if words.pairs_note:
            _para(doc, words.pairs_note, italic=True)
    if words.groups:
        _heading(doc, 2, words.groups_title)
    for group in words.groups:
        _heading(doc, 3, group.title)
        _bullets(doc, group.members)


_SECTIONS = {
    "intro": _intro,
    "scenario": _scenario,
    "brainstorm": _brainstorm,
    "vote": _vote,
    "speed_meeting": _speed_meeting,
}


# --- Next steps ---------------------------------------------------------------------------


def _next_workshop(doc, lang: str, steps: NextSteps) -> None:
    workshop = steps.next_workshop
    if is_empty(workshop):
        return
    _heading(doc, 2, labels.text(lang, "next_workshop"))
    _para(doc, labels.next_date(lang, workshop))
    if workshop.deepens.strip():
        _para(doc, labels.text(lang, "deepens", text=workshop.deepens))
    if workshop.objectives:
        _para(doc, labels.text(lang, "objectives"), bold=True)
        _bullets(doc, workshop.objectives)


def _action(doc, lang: str, action: Action) -> None:
    _heading(doc, 3, action.title)
    _para(doc, labels.action_scope(lang, action))
    if referents := labels.referents_phrase(lang, action):
        _para(doc, referents)
    if action.contact:
        _para(doc, labels.text(lang, "contact", text=action.contact))
    _paragraphs(doc, (action.description,))
    if action.needs:
        _para(doc, labels.text(lang, "needs"), bold=True)
        _bullets(doc, action.needs)


def _next_steps(doc, lang: str, steps: NextSteps) -> None:
    _heading(doc, 1, labels.text(lang, "next_steps"))
    _next_workshop(doc, lang, steps)
    if steps.actions:
        _heading(doc, 2, labels.text(lang, "actions"))
    for action in steps.actions:
        _action(doc, lang, action)


def _content(doc, minutes: Minutes) -> None:
    lang = minutes.lang
    _title_block(doc, minutes)
    if not is_empty(minutes.context):
        _context(doc, lang, minutes.context)
    if not is_empty(minutes.participants):
        _participants(doc, lang, minutes.participants)
    if minutes.agenda:
        _agenda(doc, minutes)
    for section in visible_sections(minutes):
        _SECTIONS[section.kind](doc, lang, section)
    if not is_empty(minutes.next_steps):
        _next_steps(doc, lang, minutes.next_steps)


def render_docx(minutes: Minutes) -> bytes:
    """Render the minutes as DOCX bytes; empty parts are left out with their title."""
    minutes = map_text(minutes, printable)
    doc = Document()
    _properties(doc, minutes)
    _language(doc, minutes.lang)
    _page_setup(doc, minutes)
    _content(doc, minutes)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
