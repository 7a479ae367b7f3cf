"""Every download of a workshop: the minutes (DOCX, PDF, HTML, Markdown) and the raw data.

`export(workshop, fmt)` returns (bytes, mimetype, file name). The CSV export is a zip:
`cards.csv`, plus `ballots.csv` when the workshop had votes and `meetings.csv` and
`follow_ups.csv` when it had a speed meeting (docs/export-format.md).
"""

import json
import logging
import re
import unicodedata

from flask import current_app

from workshop.exporters.docx import render_docx
from workshop.exporters.html import render_html
from workshop.exporters.markdown import render_markdown
from workshop.exporters.pdf import PdfUnavailable, html_to_pdf
from workshop.exporters.sheets import to_csv, zip_files
from workshop.models import Workshop
from workshop.services.minutes._raw_data import CARD_COLUMNS, card_rows, raw_data
from workshop.services.minutes._record import build_minutes
from workshop.services.minutes._speed import (
    FOLLOW_UP_COLUMNS,
    MEETING_COLUMNS,
    follow_up_rows,
    meeting_rows,
)
from workshop.services.minutes._votes import BALLOT_COLUMNS, ballot_rows
from workshop.services.refusals import Malformed, Unavailable

logger = logging.getLogger(__name__)
FORMATS = ("docx", "pdf", "html", "md", "json", "csv")
MIMETYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "html": "text/html; charset=utf-8",
    "md": "text/markdown; charset=utf-8",
    "json": "application/json",
    "csv": "application/zip",
}
EXTENSIONS = {"csv": "csv.zip"}
# Spreadsheets in French expect ";" between cells (the comma is the decimal mark).
DELIMITERS = {"fr": ";", "en": ","}


def file_stem(workshop: Workshop) -> str:
    """Return an ASCII file name stem: the title's words, then the date."""
    folded = unicodedata.normalize("NFKD", workshop.title)
    ascii_title = folded.encode("ascii", "ignore").decode().lower()
    words = re.sub(r"[^a-z0-9]+", "-", ascii_title).strip("-")[:60].strip("-") or "atelier"
    return f"{words}-{workshop.date.isoformat()}" if workshop.date else words


def export(workshop: Workshop, fmt: str) -> tuple[bytes, str, str]:
    """Return one download of a workshop as (content, mimetype, file name)."""
    if fmt not in FORMATS:
        raise Malformed("unknown_format")
    content = _RENDER[fmt](workshop)
    filename = f"{file_stem(workshop)}.{EXTENSIONS.get(fmt, fmt)}"
    logger.info("workshop %s exported as %s", workshop.join_code, fmt)
    return content, MIMETYPES[fmt], filename


def pdf_bytes(workshop: Workshop) -> bytes:
    """Print the minutes with headless Chromium; refuse clearly where it is missing."""
    html = render_html(build_minutes(workshop))
    try:
        return html_to_pdf(html, current_app.config.get("CHROMIUM_PATH"))
    except PdfUnavailable as error:
        logger.warning("workshop %s: no PDF (%s)", workshop.join_code, error)
        raise Unavailable("pdf_unavailable") from None


def json_bytes(workshop: Workshop) -> bytes:
    return json.dumps(raw_data(workshop), ensure_ascii=False, indent=2).encode("utf-8")


def csv_zip(workshop: Workshop) -> bytes:
    """Return a zip of the CSV tables: cards, and ballots when there were votes."""
    data = raw_data(workshop)
    delimiter = DELIMITERS[workshop.language]
    files = {"cards.csv": to_csv(CARD_COLUMNS, card_rows(data), delimiter)}
    if any(activity.get("vote") for activity in data["agenda"]):
        files["ballots.csv"] = to_csv(BALLOT_COLUMNS, ballot_rows(data), delimiter)
    files |= _speed_files(data, delimiter)
    return zip_files(files)


def _speed_files(data: dict, delimiter: str) -> dict:
    """meetings.csv and follow_ups.csv, when the workshop had a speed meeting."""
    if not any(activity.get("speed_meeting") for activity in data["agenda"]):
        return {}
    return {
        "meetings.csv": to_csv(MEETING_COLUMNS, meeting_rows(data), delimiter),
        "follow_ups.csv": to_csv(FOLLOW_UP_COLUMNS, follow_up_rows(data), delimiter),
    }


_RENDER = {
    "docx": lambda w: render_docx(build_minutes(w)),
    "pdf": pdf_bytes,
    "html": lambda w: render_html(build_minutes(w)).encode("utf-8"),
    "md": lambda w: render_markdown(build_minutes(w)).encode("utf-8"),
    "json": json_bytes,
    "csv": csv_zip,
}
