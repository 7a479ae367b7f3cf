"""Print an HTML page to PDF with headless Chromium (the browser the tests already use).

The page is the standalone HTML minutes (CSS embedded): A4, margins and the page numbers
come from its print stylesheet (`@page`), so the PDF looks like the print view.
"""

from __future__ import annotations

import os
import shutil
import subprocess  # nosec B404  # runs Chromium with a fixed argument list
import tempfile
from pathlib import Path

CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
TIMEOUT_SECONDS = 90


class PdfUnavailable(RuntimeError):
    """No browser could print the page (missing, crashed or too slow)."""


def find_browser(configured: str | None = None) -> str | None:
    """Return the browser to print with: the configured path, else the first on PATH."""
    if configured:
        return configured if shutil.which(configured) else None
    return next((found for name in CANDIDATES if (found := shutil.which(name))), None)


def _command(browser: str, page: Path, output: Path, profile: Path) -> list[str]:
    return [
        browser,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-extensions",
        "--no-first-run",
        "--no-default-browser-check",
        "--disable-background-networking",
        "--no-pdf-header-footer",
        f"--user-data-dir={profile}",
        f"--print-to-pdf={output}",
        page.as_uri(),
    ]


def html_to_pdf(html: str, browser: str | None = None) -> bytes:
    """Return the PDF of a standalone HTML page; raise PdfUnavailable when it cannot be made."""
    found = find_browser(browser)
    if found is None:
        raise PdfUnavailable("no Chromium found")
    with tempfile.TemporaryDirectory(prefix="minutes-pdf-") as folder:
        root = Path(folder)
        page, output = root / "minutes.html", root / "minutes.pdf"
        page.write_text(html, encoding="utf-8")
        command = _command(found, page, output, root / "profile")
        # Chromium's own temporary files (its singleton socket folder...) go in there too,
        # so nothing of a print is left behind once the folder is removed.
        env = {**os.environ, "HOME": folder, "TMPDIR": folder}
        try:
            subprocess.run(  # nosec B603  # no shell; a browser found on PATH, our own files
                command, capture_output=True, timeout=TIMEOUT_SECONDS, env=env, check=False
            )
        except (OSError, subprocess.TimeoutExpired) as error:
            raise PdfUnavailable(str(error)) from None
        if not output.exists() or output.stat().st_size == 0:
            raise PdfUnavailable("Chromium wrote no PDF")
        return output.read_bytes()
