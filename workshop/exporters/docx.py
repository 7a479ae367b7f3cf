"""Render minutes as an editable Word document (python-docx), A4, opening in LibreOffice too.

Real styles (Title, Heading 1-3, List Bullet, Table Grid) so the facilitator can restyle it;
a footer "Page n sur N" made of PAGE/NUMPAGES fields; "BROUILLON"/"DRAFT" in the header of every
page while the minutes are a draft; the ranking chart as a PNG (a text-bar table without Pillow).
"""

from __future__ import annotations

import io
import re

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, RGBColor

from workshop.domain.minutes import (
    LOCALES,
    Action,
    Board,
    BrainstormSection,
    GroupPart,
    Heading,
    Headings,
    IntroSection,
    Minutes,
    NextSteps,
    Orientation,
    ScenarioSection,
    SpeedMeetingSection,
    VoteSection,
    count_participants,
    is_empty,
    led_groups,
    map_text,
    orientations_by_group,
    person_line,
    printable,
    scenario_groups,
    shaped,
    shared_prompt,
    sort_people,
    visible_sections,
)
from workshop.domain.richtext import ItemList, Run, join_runs, parse, parse_inline
from workshop.exporters import categories, labels, votes
from workshop.exporters.chart import bar_chart_png, chart_title, text_bar
from workshop.exporters.labels import Table
from workshop.exporters.speed_words import speed_words
from workshop.exporters.words import Words, words_for

# Word's language tags: "fr-FR", "en-GB".
LANG_TAGS = {lang: locale.replace("_", "-") for lang, locale in LOCALES.items()}
TEXT_WIDTH_CM = 17.0  # A4 width minus two 2 cm margins
LINK_BLUE = RGBColor(0x05, 0x63, 0xC1)  # Word's own hyperlink colour


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


def _hyperlink(paragraph, run: Run) -> None:
    """Append a link run (w:hyperlink to an external relationship), underlined in blue."""
    r_id = paragraph.part.relate_to(run.href, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), r_id)
    element = paragraph.add_run(run.text)
    element.bold, element.italic = run.bold or None, run.italic or None
    element.font.underline = True
    element.font.color.rgb = LINK_BLUE
    link.append(element._r)
    paragraph._p.append(link)


def _runs(paragraph, runs: tuple[Run, ...]) -> None:
    for run in runs:
        if not run.text:
            continue
        if run.href:
            _hyperlink(paragraph, run)
        else:
            added = paragraph.add_run(run.text)
            added.bold, added.italic = run.bold or None, run.italic or None


def _rich(container, texts: tuple[str, ...], italic: bool = False) -> None:
    """Write the facilitator's rich text: paragraphs with bold, italic and links; lists."""
    for text in texts:
        for block in parse(text):
            if isinstance(block, ItemList):
                style = "List Number" if block.ordered else "List Bullet"
                for item in block.items:
                    _runs(container.add_paragraph(style=style), item)
                continue
            runs = block.runs
            if italic:
                runs = join_runs(Run(r.text, r.bold, True, r.href) for r in runs)
            _runs(container.add_paragraph(), runs)


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


# The footer's page numbers are fields Word fills in; the translated sentence around them is
# cut at its placeholders.
_PAGE_FIELDS = {"%(page)s": " PAGE ", "%(pages)s": " NUMPAGES "}
_PAGE_PARTS = re.compile(r"(%\(page\)s|%\(pages\)s)")


def _footer(section, words: Words) -> None:
    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    # Not formatted: the placeholders stay, to become fields.
    sentence = words.catalogue.gettext("Page %(page)s of %(pages)s")
    for part in _PAGE_PARTS.split(sentence):
        if part in _PAGE_FIELDS:
            _field(paragraph, _PAGE_FIELDS[part])
        elif part:
            paragraph.add_run(part)


def _draft_marker(section, words: Words) -> None:
    paragraph = section.header.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.add_run(words.gettext("DRAFT")).bold = True


def _page_setup(doc, words: Words, minutes: Minutes) -> None:
    for section in doc.sections:
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.left_margin = section.right_margin = Cm(2)
        section.top_margin = section.bottom_margin = Cm(2)
        _footer(section, words)
        if minutes.is_draft:
            _draft_marker(section, words)


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


def _title_block(doc, words: Words, minutes: Minutes) -> None:
    header = minutes.header
    if minutes.is_draft:
        _para(doc, words.gettext("Draft – working document, not approved"), bold=True)
    _heading(doc, 0, header.title)
    if subtitle := header.subtitle:
        _para(doc, subtitle, bold=True)
    if meta := labels.meta_line(words, header):
        _para(doc, meta)
    if header.written_by:
        _para(doc, words.gettext("Written by %(name)s", name=header.written_by), italic=True)
    if follows := labels.follows_line(words, header):
        _para(doc, follows, italic=True)


def _context(doc, words: Words, minutes: Minutes) -> None:
    context = minutes.context
    if is_empty(context):
        return
    _heading(doc, 1, labels.part_title(words, minutes.outline, "context"))
    if context.theme.strip():
        _heading(doc, 2, context.theme)
    _rich(doc, context.stakes)


def _people(doc, people) -> None:
    _bullets(doc, tuple(map(person_line, people)))


def _participants(doc, words: Words, minutes: Minutes) -> None:
    participants = minutes.participants
    if is_empty(participants):
        return
    _heading(doc, 1, labels.part_title(words, minutes.outline, "participants"))
    _para(doc, labels.participants_phrase(words, count_participants(participants)) + ".")
    if not participants.by_category:
        _people(doc, sort_people(participants.people))
        return
    for category, people in labels.people_by_category(words, participants.people):
        _heading(doc, 2, categories.title(words, category))
        _people(doc, people)


def _groups(doc, words: Words, minutes: Minutes) -> None:
    if not (groups := led_groups(minutes)):
        return
    _heading(doc, 1, labels.part_title(words, minutes.outline, "groups"))
    _bullets(doc, tuple(labels.group_line(words, group) for group in groups))


def _agenda(doc, words: Words, minutes: Minutes) -> None:
    if not minutes.agenda:
        return
    _heading(doc, 1, labels.part_title(words, minutes.outline, "agenda"))
    _table(doc, labels.agenda_table(words, minutes.agenda), (TEXT_WIDTH_CM - 6, 3, 3))


def _free_text(key: str):
    def render(doc, words: Words, minutes: Minutes) -> None:
        texts = getattr(minutes, key)
        if any(text.strip() for text in texts):
            _heading(doc, 1, labels.part_title(words, minutes.outline, key))
            _rich(doc, texts)

    return render


# --- Answers ------------------------------------------------------------------------------


def _comments(container, words: Words, comments: tuple[str, ...]) -> None:
    for comment in comments:
        # The sentence is cut at its placeholder, where the comment's own runs go.
        prefix, _marker, rest = words.gettext("Comment: %(text)s", text="\0").partition("\0")
        runs = (Run(prefix), *parse_inline(comment), Run(rest))
        _runs(container.add_paragraph(), join_runs(Run(r.text, r.bold, True, r.href) for r in runs))


def _also(container, words: Words, texts: tuple[str, ...]) -> None:
    """The texts merged into a heading, in one italic line (none when nothing was merged)."""
    if texts:
        _para(container, words.gettext("also: %(texts)s", texts=" · ".join(texts)), italic=True)


def _heading_item(container, words: Words, item: Heading, first=None) -> None:
    paragraph = first if first is not None else container.add_paragraph()
    paragraph.add_run(item.text).bold = True
    _also(container, words, item.also)
    _bullets(container, item.subpoints)
    if item.origin:
        _para(container, words.gettext("From: %(origin)s", origin=item.origin), italic=True)
    _comments(container, words, item.comments)


def _board(doc, words: Words, board: Board) -> None:
    table = _new_table(doc, board.columns, len(board.rows))
    for docx_row, row in zip(table.rows[1:], board.rows, strict=True):
        for cell, item in zip(docx_row.cells, row, strict=True):
            if item is not None:
                _heading_item(cell, words, item, first=cell.paragraphs[0])


def _body(doc, words: Words, body: Headings | Board | None) -> None:
    if isinstance(body, Board):
        if body.rows:
            _board(doc, words, body)
    elif isinstance(body, Headings):
        for item in body.items:
            _heading_item(doc, words, item)


def _group_part(doc, words: Words, part: GroupPart) -> None:
    """A group's heading (a Heading style: Word's navigation pane lists it), its leaders,
    its own prompt, then its answer and synthesis."""
    _heading(doc, 2, labels.titled(words, part.group, part.title))
    answer = part.answer
    if answer is not None and answer.leaders:
        _para(doc, labels.leaders_line(words, answer.leaders), italic=True)
    if part.prompt:
        _rich(doc, (part.prompt,))
    if answer is None:
        return
    _body(doc, words, answer.body)
    if answer.synthesis:
        _para(doc, words.gettext("Synthesis"), bold=True)
        _rich(doc, answer.synthesis)


# --- Activity sections --------------------------------------------------------------------


def _intro(doc, words: Words, section: IntroSection, minutes: Minutes) -> None:
    _heading(doc, 1, section.title)
    _rich(doc, section.paragraphs)


def _scenario(doc, words: Words, section: ScenarioSection, minutes: Minutes) -> None:
    _heading(doc, 1, section.title)
    _rich(doc, section.introduction)
    if prompt := shared_prompt(section):
        _rich(doc, (prompt,))
    for part in scenario_groups(section):
        _group_part(doc, words, part)
    if section.comments:
        _heading(doc, 2, words.gettext("Comments"))
        _rich(doc, section.comments)


def _orientation(doc, words: Words, orientation: Orientation, level: int = 3) -> None:
    _heading(doc, level, orientation.heading)
    _also(doc, words, orientation.also)
    _bullets(doc, orientation.subpoints)
    if orientation.origins and orientation.origins != (orientation.group,):
        groups = words.join(orientation.origins)
        _para(doc, words.gettext("Proposed by: %(groups)s", groups=groups), italic=True)
    _comments(doc, words, orientation.comments)


def _orientations(doc, words: Words, section: BrainstormSection, minutes: Minutes) -> None:
    """The orientations: under a heading per group when several groups answered."""
    if not section.orientations:
        return
    _heading(doc, 2, words.gettext("Proposed orientations"))
    grouped = orientations_by_group(section)
    if not grouped:
        for orientation in section.orientations:
            _orientation(doc, words, orientation)
        return
    leaders = {group.name: group.leaders for group in minutes.groups}
    for group, orientations in grouped:
        _heading(doc, 3, group or words.gettext("Outside the groups"))
        if leaders.get(group):
            _para(doc, labels.leaders_line(words, leaders[group]), italic=True)
        for orientation in orientations:
            _orientation(doc, words, orientation, level=4)


def _brainstorm(doc, words: Words, section: BrainstormSection, minutes: Minutes) -> None:
    _heading(doc, 1, section.title)
    _rich(doc, section.introduction)
    if section.question.strip():
        _para(doc, words.gettext("Question: %(text)s", text=section.question), bold=True)
    _orientations(doc, words, section, minutes)
    if section.comments:
        _heading(doc, 2, words.gettext("Comments"))
        _rich(doc, section.comments)
    for synthesis in section.syntheses:
        _heading(doc, 2, words.gettext("Synthesis: %(group)s", group=synthesis.group))
        _rich(doc, synthesis.paragraphs)


def _chart(doc, words: Words, vote: VoteSection) -> None:
    png = bar_chart_png(vote.rows, words.lang)
    if png is None:
        best = max(row.score for row in vote.rows)
        rows = tuple((row.label, text_bar(row.score, best), str(row.score)) for row in vote.rows)
        header = (words.gettext("Orientation"), chart_title(words), "")
        _table(doc, Table(header, rows))
        return
    doc.add_picture(io.BytesIO(png), width=Cm(16))
    doc.inline_shapes[-1]._inline.docPr.set("descr", chart_title(words))


def _ranking_widths(columns: int) -> tuple[float, ...]:
    """Keep rank, points, optional columns and the mark narrow; the label takes the rest."""
    narrow = (1.7, 1.9, *([2.3] * (columns - 4)), 2.4)
    label = TEXT_WIDTH_CM - sum(narrow)
    return (narrow[0], label, *narrow[1:])


def _keep_with_next(table) -> None:
    """Keep a table's rows on one page with what follows (the chart under a ranking)."""
    for row in table.rows:
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                paragraph.paragraph_format.keep_with_next = True


def _vote(doc, words: Words, vote: VoteSection, minutes: Minutes) -> None:
    _heading(doc, 1, vote.title)
    _rich(doc, vote.introduction)
    intro = f"{votes.vote_method(words, vote)} {votes.voters_phrase(words, vote)}"
    _para(doc, intro.strip())
    table = votes.ranking_table(words, vote)
    retained = {index for index, row in enumerate(vote.rows) if row.retained}
    docx_table = _table(doc, table, _ranking_widths(len(table.header)), bold_rows=retained)
    if minutes.outline.charts:
        _keep_with_next(docx_table)
        _chart(doc, words, vote)
    _paragraphs(doc, votes.vote_notes(words, vote), italic=True)
    if vote.retained:
        _heading(doc, 2, words.gettext("Retained orientations"))
        _bullets(doc, vote.retained)


def _speed_meeting(doc, words: Words, section: SpeedMeetingSection, minutes: Minutes) -> None:
    said = speed_words(words, section)
    _heading(doc, 1, section.title)
    _rich(doc, section.introduction)
    _paragraphs(doc, said.summary)
    if said.pairs:
        _heading(doc, 2, said.pairs_title)
        _bullets(doc, said.pairs)
        if said.pairs_note:
            _para(doc, said.pairs_note, italic=True)
    if said.groups:
        _heading(doc, 2, said.groups_title)
    for group in said.groups:
        _heading(doc, 3, group.title)
        _bullets(doc, group.members)


_SECTIONS = {
    "intro": _intro,
    "scenario": _scenario,
    "brainstorm": _brainstorm,
    "vote": _vote,
    "speed_meeting": _speed_meeting,
}


def _activities(doc, words: Words, minutes: Minutes) -> None:
    for section in visible_sections(minutes):
        _SECTIONS[section.kind](doc, words, section, minutes)


# --- Next steps ---------------------------------------------------------------------------


def _next_workshop(doc, words: Words, steps: NextSteps) -> None:
    workshop = steps.next_workshop
    if is_empty(workshop):
        return
    _heading(doc, 2, words.gettext("Next workshop"))
    _para(doc, labels.next_date(words, workshop))
    if workshop.deepens.strip():
        _para(doc, words.gettext("To deepen: %(text)s", text=workshop.deepens))
    if workshop.objectives:
        _para(doc, words.gettext("Objectives"), bold=True)
        _bullets(doc, workshop.objectives)


def _needs(doc, needs) -> None:
    for need in needs:
        doc.add_paragraph(need.text, style="List Bullet")
        for item in need.items:
            doc.add_paragraph(item, style="List Bullet 2")


def _action(doc, words: Words, action: Action) -> None:
    _heading(doc, 3, action.title)
    _para(doc, labels.action_scope(words, action))
    if referents := labels.referents_phrase(words, action):
        _para(doc, referents)
    if action.contact:
        _para(doc, words.gettext("Contact: %(text)s", text=action.contact))
    _rich(doc, (action.description,))
    if action.needs:
        _para(doc, words.gettext("Needs"), bold=True)
        _needs(doc, action.needs)


def _next_steps(doc, words: Words, minutes: Minutes) -> None:
    steps = minutes.next_steps
    if is_empty(steps):
        return
    _heading(doc, 1, labels.part_title(words, minutes.outline, "next_steps"))
    _next_workshop(doc, words, steps)
    if steps.actions:
        _heading(doc, 2, words.gettext("Actions"))
    for action in steps.actions:
        _action(doc, words, action)


_PARTS = {
    "context": _context,
    "participants": _participants,
    "groups": _groups,
    "agenda": _agenda,
    "introduction": _free_text("introduction"),
    "activities": _activities,
    "closing": _free_text("closing"),
    "next_steps": _next_steps,
}


def _content(doc, words: Words, minutes: Minutes) -> None:
    _title_block(doc, words, minutes)
    for part in minutes.outline.parts:
        if part.shown:
            _PARTS[part.key](doc, words, minutes)


def render_docx(minutes: Minutes) -> bytes:
    """Render the minutes as DOCX bytes; empty parts are left out with their title."""
    minutes, words = shaped(map_text(minutes, printable)), words_for(minutes.lang)
    doc = Document()
    _properties(doc, minutes)
    _language(doc, minutes.lang)
    _page_setup(doc, words, minutes)
    _content(doc, words, minutes)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
