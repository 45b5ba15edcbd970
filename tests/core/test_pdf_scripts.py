"""The PDF script check decides from the document pypdf parsed, so hex-escaped names
(`/J#61vaScript` is `/JavaScript`, `/J#53` is `/JS`) and every place a script can hide
are caught, while a plain document passes."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from core.uploads import clean_pdf

SCRIPT = b"<< /S /J#61vaScript /J#53 (app.alert(1)) >>"


def build_pdf(catalog: bytes = b"", page: bytes = b"", *extra: bytes) -> bytes:
    """A real PDF (cross-reference table and all) whose catalog and page get `catalog` and
    `page` added; `extra` objects are numbered from 4."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R " + catalog + b" >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] " + page + b" >>",
        *extra,
    ]
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def check(content: bytes):
    return clean_pdf(SimpleUploadedFile("factsheet.pdf", content, "application/pdf"))


def test_a_plain_document_passes():
    assert check(build_pdf()).name == "factsheet.pdf"


@pytest.mark.parametrize(
    "content",
    [
        build_pdf(b"/OpenAction 4 0 R", b"", SCRIPT),
        build_pdf(b"/OpenAction " + SCRIPT),
        build_pdf(b"/AA << /WC 4 0 R >>", b"", SCRIPT),
        build_pdf(b"", b"/AA << /O 4 0 R >>", SCRIPT),
        build_pdf(b"", b"/AA << /O << /S /L#61unch /F (calc.exe) >> >>"),
        build_pdf(b"", b"/Annots [4 0 R]", b"<< /Type /Annot /Subtype /Link /A " + SCRIPT + b" >>"),
        build_pdf(b"/Names << /J#61vaScript << /Names [(a) 4 0 R] >> >>", b"", b"<< /S /GoTo >>"),
        build_pdf(
            b"/AcroForm << /Fields [4 0 R] >>",
            b"",
            b"<< /FT /Tx /T (name) /AA << /K " + SCRIPT + b" >> >>",
        ),
    ],
    ids=[
        "open-action",
        "open-action-direct",
        "catalog-aa",
        "page-aa",
        "launch",
        "annotation",
        "names-tree",
        "form-field",
    ],
)
def test_scripts_behind_escaped_names_are_refused(content):
    assert b"/JavaScript" not in content
    assert b"/JS" not in content  # invisible to a byte search
    with pytest.raises(ValidationError) as excinfo:
        check(content)
    assert excinfo.value.code == "pdf_script"
