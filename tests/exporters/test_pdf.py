"""A PDF is served whole or not at all: a printer that dies or writes half a file gives none."""

import sys
import textwrap

import pytest

from workshop.exporters.pdf import PdfUnavailable, html_to_pdf, incomplete_pdf


def whole_pdf() -> bytes:
    """A small, structurally complete PDF (what a printer that finished writes)."""
    objects = [
        b"<</Type /Catalog /Pages 2 0 R>>",
        b"<</Type /Pages /Kids [3 0 R] /Count 1>>",
        b"<</Type /Page /Parent 2 0 R /MediaBox [0 0 595 842]>>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % at for at in offsets)
    out += b"trailer\n<</Size %d /Root 1 0 R>>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def fake_printer(tmp_path, content: bytes, *, dies: bool = False, status: int = 0) -> str:
    """An executable that writes `content` where Chromium would, then dies or exits."""
    (tmp_path / "content.bin").write_bytes(content)
    script = tmp_path / "fake-chromium"
    script.write_text(
        textwrap.dedent(
            f"""\
            #!{sys.executable}
            import os, signal, sys
            out = next(a.split("=", 1)[1] for a in sys.argv if a.startswith("--print-to-pdf="))
            with open(out, "wb") as f:
                f.write(open({str(tmp_path / "content.bin")!r}, "rb").read())
            if {dies!r}:
                os.kill(os.getpid(), signal.SIGKILL)
            sys.exit({status})
            """
        )
    )
    script.chmod(0o755)
    return str(script)


def test_a_whole_pdf_from_a_printer_that_exits_cleanly_is_served(tmp_path):
    assert incomplete_pdf(whole_pdf()) is None
    assert html_to_pdf("<p>x</p>", fake_printer(tmp_path, whole_pdf())) == whole_pdf()


def test_a_printer_that_dies_after_half_the_file_gives_no_pdf(tmp_path):
    half = whole_pdf()[: len(whole_pdf()) // 2]
    with pytest.raises(PdfUnavailable, match="status -9"):
        html_to_pdf("<p>x</p>", fake_printer(tmp_path, half, dies=True))


def test_a_printer_that_fails_after_a_whole_file_gives_no_pdf(tmp_path):
    with pytest.raises(PdfUnavailable, match="status 1"):
        html_to_pdf("<p>x</p>", fake_printer(tmp_path, whole_pdf(), status=1))


@pytest.mark.parametrize("cut", [9, 40, 150, 230, -20, -6])
def test_a_file_cut_anywhere_is_refused_even_when_the_printer_says_it_succeeded(tmp_path, cut):
    with pytest.raises(PdfUnavailable, match="broken PDF"):
        html_to_pdf("<p>x</p>", fake_printer(tmp_path, whole_pdf()[:cut]))


def test_a_file_whose_table_points_at_the_wrong_place_is_refused():
    broken = whole_pdf().replace(b"2 0 obj\n", b"7 0 obj\n", 1)
    assert incomplete_pdf(broken) == "object 2 is not where the table says"


def test_a_real_chromium_print_passes_the_check(tmp_path):
    from workshop.exporters.pdf import find_browser

    if find_browser() is None:
        pytest.skip("no Chromium on this machine")
    assert incomplete_pdf(html_to_pdf("<h1>Compte rendu</h1><p>Éléments</p>")) is None
