"""Spreadsheet-safe CSV files, and a zip to carry several of them in one download.

A cell a spreadsheet would read as a formula (starting with = + - @, a tab or a carriage
return) gets a leading apostrophe, so a card that reads "=HYPERLINK(...)" stays text.
Files are UTF-8 with a byte-order mark, so Excel shows accents right.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterable, Mapping, Sequence

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# A fixed date keeps the archive's bytes the same for the same content.
ZIP_DATE = (2020, 1, 1, 0, 0, 0)


def safe_cell(value: object) -> object:
    """Return a cell a spreadsheet shows as typed: text that looks like a formula is quoted."""
    if isinstance(value, bool):
        return "1" if value else "0"
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def to_csv(columns: Sequence[str], rows: Iterable[Mapping], delimiter: str = ",") -> bytes:
    """Write rows (dicts keyed by column) as CSV bytes, every cell made safe."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([safe_cell(row.get(column)) for column in columns])
    return buffer.getvalue().encode("utf-8-sig")


def zip_files(files: Mapping[str, bytes]) -> bytes:
    """Return a zip archive holding the files, in the given order."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(zipfile.ZipInfo(name, ZIP_DATE), data, zipfile.ZIP_DEFLATED)
    return buffer.getvalue()
