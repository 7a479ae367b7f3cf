"""Print an HTML page to PDF with headless Chromium (the browser the tests already use).

The page is the standalone HTML minutes (CSS embedded): A4, margins and the page numbers
come from its print stylesheet (`@page`), so the PDF looks like the print view.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess  # nosec B404  # runs Chromium with a fixed argument list
import sys
import tempfile
from collections.abc import Mapping
from itertools import chain
from pathlib import Path, PureWindowsPath

# Names looked up on PATH: Chromium (its headless shell first), then Chrome and Edge.
CANDIDATES = (
    # Chromium's engine without the desktop browser, made for printing headless: on a
    # server, a third of the time for a PDF (Debian: chromium-headless-shell).
    "chromium-headless-shell",
    "chromium",
    "chromium-browser",
    "google-chrome",
    "google-chrome-stable",
    "microsoft-edge",
    "microsoft-edge-stable",
    "chrome",
    "msedge",
)
TIMEOUT_SECONDS = 90

# Where Chrome, Edge and Chromium install themselves when they are not on PATH: the
# Windows and macOS laptops facilitators carry have a browser, but never on PATH.
_WINDOWS_PLACES = (
    ("PROGRAMFILES", r"Google\Chrome\Application\chrome.exe"),
    ("PROGRAMFILES(X86)", r"Google\Chrome\Application\chrome.exe"),
    ("LOCALAPPDATA", r"Google\Chrome\Application\chrome.exe"),
    ("PROGRAMFILES(X86)", r"Microsoft\Edge\Application\msedge.exe"),
    ("PROGRAMFILES", r"Microsoft\Edge\Application\msedge.exe"),
    ("LOCALAPPDATA", r"Chromium\Application\chrome.exe"),
)
_MACOS_APPS = (
    "Google Chrome.app/Contents/MacOS/Google Chrome",
    "Microsoft Edge.app/Contents/MacOS/Microsoft Edge",
    "Chromium.app/Contents/MacOS/Chromium",
)
_LINUX_PLACES = (
    "/usr/bin/chromium",
    "/usr/bin/chromium-browser",
    "/snap/bin/chromium",
    "/usr/bin/google-chrome",
    "/opt/google/chrome/chrome",
    "/usr/bin/microsoft-edge",
    "/opt/microsoft/msedge/msedge",
    "/var/lib/flatpak/exports/bin/org.chromium.Chromium",
)


class PdfUnavailable(RuntimeError):
    """No browser could print the page (missing, crashed, too slow, or a broken file)."""


def install_places(platform: str, environ: Mapping[str, str], home: str) -> list[str]:
    """The standard install places of Chrome, Edge and Chromium on one operating system
    (`sys.platform`'s value), most usual first."""
    if platform.startswith("win"):
        return [
            str(PureWindowsPath(environ[variable], tail))
            for variable, tail in _WINDOWS_PLACES
            if environ.get(variable)
        ]
    if platform == "darwin":
        roots = ("/Applications", str(Path(home, "Applications")))
        return [str(Path(root, app)) for app in _MACOS_APPS for root in roots]
    return list(_LINUX_PLACES)


def _runnable(path: str) -> bool:
    return os.path.isfile(path) and os.access(path, os.X_OK)


def find_browser(configured: str | None = None) -> str | None:
    """Return the browser to print with: the configured one (a path or a name on PATH),
    else the first on PATH, else the first in its standard install place."""
    if configured:
        return shutil.which(configured) or (configured if _runnable(configured) else None)
    on_path = (shutil.which(name) for name in CANDIDATES)
    places = install_places(sys.platform, os.environ, str(Path.home()))
    installed = (place for place in places if _runnable(place))
    return next((found for found in chain(on_path, installed) if found), None)


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
            done = subprocess.run(  # nosec B603  # no shell; a browser found on PATH, our files
                command, capture_output=True, timeout=TIMEOUT_SECONDS, env=env, check=False
            )
        except (OSError, subprocess.TimeoutExpired) as error:
            raise PdfUnavailable(str(error)) from None
        # A browser that died may have written part of the file: served, it would look
        # like finished minutes with pages missing. Whole or nothing.
        if done.returncode != 0:
            raise PdfUnavailable(f"Chromium exited with status {done.returncode}")
        if not output.exists() or output.stat().st_size == 0:
            raise PdfUnavailable("Chromium wrote no PDF")
        data = output.read_bytes()
        problem = incomplete_pdf(data)
        if problem:
            raise PdfUnavailable(f"Chromium wrote a broken PDF: {problem}")
        return data


_STARTXREF = re.compile(rb"startxref\s+(\d+)\s+%%EOF\s*\Z")
_OBJ_AT = re.compile(rb"\s*(\d+)\s+(\d+)\s+obj\b")


def incomplete_pdf(data: bytes) -> str | None:
    """Say what makes `data` not a complete PDF, or None when its structure holds.

    Strict and structural (no PDF library): the header; `startxref`, its offset and
    `%%EOF` at the very end; a cross-reference table whose every used entry points at
    the object it names, each closed by `endobj`, and a trailer naming the root. A file
    cut anywhere, or glued from pieces, fails one of these.
    """
    if not data.startswith((b"%PDF-1.", b"%PDF-2.")):
        return "no PDF header"
    tail = _STARTXREF.search(data[-1024:])
    if tail is None:
        return "no startxref and %%EOF at the end"
    offset = int(tail.group(1))
    if offset >= len(data):
        return "startxref points past the end"
    if data.startswith(b"xref", offset):
        return _table_problem(data, offset)
    return _stream_problem(data, offset)


def _table_problem(data: bytes, offset: int) -> str | None:
    """Check a classic cross-reference table and its trailer."""
    trailer = data.find(b"trailer", offset)
    if trailer < 0 or b"/Root" not in data[trailer : trailer + 1024]:
        return "no trailer naming the root"
    words = data[offset + 4 : trailer].split()
    at, used = 0, 0
    try:
        while at < len(words):
            first, count = int(words[at]), int(words[at + 1])
            at += 2
            for number in range(first, first + count):
                place, generation, kind = words[at : at + 3]
                at += 3
                if kind == b"n":
                    used += 1
                    problem = _object_problem(data, int(place), number, int(generation))
                    if problem:
                        return problem
    except (ValueError, IndexError):
        return "cross-reference table cut short or garbled"
    return None if used else "no objects"


def _object_problem(data: bytes, place: int, number: int, generation: int) -> str | None:
    found = _OBJ_AT.match(data, place)
    if found is None or (int(found.group(1)), int(found.group(2))) != (number, generation):
        return f"object {number} is not where the table says"
    if data.find(b"endobj", found.end()) < 0:
        return f"object {number} is not closed"
    return None


def _stream_problem(data: bytes, offset: int) -> str | None:
    """A cross-reference stream (PDF 1.5+): its object must be whole and say what it is."""
    found = _OBJ_AT.match(data, offset)
    if found is None:
        return "startxref points at nothing"
    end = data.find(b"endobj", found.end())
    if (
        end < 0
        or b"/XRef" not in data[found.end() : end]
        or b"/Root" not in data[found.end() : end]
    ):
        return "no whole cross-reference stream"
    return None
