"""Read rendered minutes back into one comparable outline, whatever the format.

Heading levels are normalised: 0 is the document title, 1 a section, 2 a sub-section,
3 an item heading (Markdown "#"-"####", DOCX Title/Heading 1-3, HTML h1-h4).
Table cells become tuples of lines (a bold heading, then its sub-points); a blank cell is ().
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

import docx

from workshop.exporters.docx import render_docx
from workshop.exporters.html import render_html
from workshop.exporters.markdown import render_markdown


@dataclass
class Outline:
    headings: list[tuple[int, str]] = field(default_factory=list)
    tables: list[list[list[tuple[str, ...]]]] = field(default_factory=list)
    text: str = ""
    draft_marker: bool = False
    raw: object = None

    def titles(self, level: int) -> list[str]:
        """Return the heading texts at one level, in order."""
        return [text for lvl, text in self.headings if lvl == level]

    def table(self, first_header: str) -> list[list[tuple[str, ...]]]:
        """Return the table whose first header cell is `first_header`."""
        return next(t for t in self.tables if t[0][0] == (first_header,))


# --- Markdown -----------------------------------------------------------------------------


def unescape_markdown(text: str) -> str:
    """Undo the exporter's escaping: backslashes (it writes no HTML entity)."""
    return re.sub(r"\\(.)", r"\1", text)


def _md_cell(cell: str) -> tuple[str, ...]:
    lines = [line.strip() for line in cell.strip().split("<br>") if line.strip()]
    cleaned = [re.sub(r"^(\*\*|\*|• )|(\*\*|\*)$", "", line).strip("*") for line in lines]
    return tuple(unescape_markdown(line) for line in cleaned)


def _md_row(line: str) -> list[tuple[str, ...]]:
    cells = re.split(r"(?<!\\)\|", line.strip())[1:-1]
    return [_md_cell(cell) for cell in cells]


def _md_tables(text: str) -> list[list[list[tuple[str, ...]]]]:
    tables, current = [], []
    for line in text.splitlines() + [""]:
        if line.startswith("|"):
            current.append(line)
        elif current:
            tables.append([_md_row(row) for row in current if not row.startswith("| ---")])
            current = []
    return tables


def read_markdown(text: str) -> Outline:
    """Read Markdown minutes."""
    headings = [
        (len(m[1]) - 1, unescape_markdown(m[2]))
        for m in re.finditer(r"^(#{1,6}) (.*)$", text, re.MULTILINE)
    ]
    draft = text.startswith("> **")
    return Outline(headings, _md_tables(text), unescape_markdown(text), draft, text)


# --- DOCX ---------------------------------------------------------------------------------

_STYLE_LEVELS = {"Title": 0, "Heading 1": 1, "Heading 2": 2, "Heading 3": 3}


def _docx_cell(cell) -> tuple[str, ...]:
    return tuple(p.text for p in cell.paragraphs if p.text.strip())


def read_docx(data: bytes) -> Outline:
    """Read DOCX minutes with python-docx."""
    document = docx.Document(io.BytesIO(data))
    headings = [
        (_STYLE_LEVELS[p.style.name], p.text)
        for p in document.paragraphs
        if p.style.name in _STYLE_LEVELS
    ]
    tables = [[[_docx_cell(c) for c in row.cells] for row in t.rows] for t in document.tables]
    text = "\n".join(p.text for p in document.paragraphs)
    header = "\n".join(p.text for s in document.sections for p in s.header.paragraphs)
    draft = "BROUILLON" in header or "DRAFT" in header
    return Outline(headings, tables, text, draft, document)


# --- HTML ---------------------------------------------------------------------------------

_HEADING_TAGS = {"h1": 0, "h2": 1, "h3": 2, "h4": 3}
_BLOCKS = {"p", "li", "h1", "h2", "h3", "h4", "td", "th", "tr", "div"}


class MinutesParser(HTMLParser):
    """Collect headings, tables, visible text and tags of an HTML page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.outline = Outline()
        self.tags: list[tuple[str, dict]] = []
        self.skip = 0  # inside <style>/<svg>/<title>: not part of the reading text
        self.heading: tuple[int, list[str]] | None = None
        self.cell: list[str] | None = None
        self.chunks: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        self.tags.append((tag, attributes))
        if tag in ("style", "svg", "title", "head"):
            self.skip += 1
        elif tag in _HEADING_TAGS:
            self.heading = (_HEADING_TAGS[tag], [])
        elif tag == "table":
            self.outline.tables.append([])
        elif tag == "tr":
            self.outline.tables[-1].append([])
        elif tag in ("td", "th"):
            self.cell = [""]
        elif tag in ("p", "li") and self.cell is not None:
            self.cell.append("")
        if "draft-banner" in (attributes.get("class") or "").split():
            self.outline.draft_marker = True

    def handle_endtag(self, tag):
        if tag in ("style", "svg", "title", "head"):
            self.skip -= 1
        elif tag in _HEADING_TAGS and self.heading:
            level, parts = self.heading
            self.outline.headings.append((level, " ".join("".join(parts).split())))
            self.heading = None
        elif tag in ("td", "th"):
            lines = tuple(" ".join(line.split()) for line in self.cell if line.strip())
            self.outline.tables[-1][-1].append(lines)
            self.cell = None
        if tag in _BLOCKS:
            self.chunks.append("\n")

    def handle_data(self, data):
        if self.skip:
            return
        self.chunks.append(data)
        if self.heading:
            self.heading[1].append(data)
        if self.cell is not None:
            self.cell[-1] += data


def read_html(page: str) -> Outline:
    """Read HTML minutes with the standard library's parser."""
    parser = MinutesParser()
    parser.feed(page)
    parser.close()
    outline = parser.outline
    outline.text = "\n".join(" ".join(line.split()) for line in "".join(parser.chunks).split("\n"))
    outline.raw = parser
    return outline


# --- All formats --------------------------------------------------------------------------

FORMATS = ("markdown", "docx", "html")


def render_and_read(minutes, fmt: str) -> Outline:
    """Render minutes in one format and read the result back."""
    if fmt == "markdown":
        return read_markdown(render_markdown(minutes))
    if fmt == "docx":
        return read_docx(render_docx(minutes))
    return read_html(render_html(minutes))
