import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from core.uploads import clean_image, clean_pdf


def image_bytes(fmt="PNG", size=(40, 30), mode="RGB", **save):
    buffer = io.BytesIO()
    Image.new(mode, size, "#003399").save(buffer, fmt, **save)
    return buffer.getvalue()


def upload(name, content, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def minimal_pdf(extra: bytes = b"") -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue() + extra


@pytest.mark.parametrize(("fmt", "ext"), [("PNG", "png"), ("JPEG", "jpg"), ("WEBP", "webp")])
def test_accepted_images_are_reencoded(fmt, ext):
    cleaned = clean_image(upload(f"My Logo.{ext}", image_bytes(fmt)))
    assert cleaned.name == f"my-logo.{ext}"
    with Image.open(cleaned) as image:
        assert image.format == fmt
        assert image.size == (40, 30)


def test_polyglot_payload_after_the_image_is_dropped():
    payload = b"<script>alert(1)</script>"
    cleaned = clean_image(upload("logo.png", image_bytes() + payload))
    assert payload not in cleaned.read()


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
        ("logo.png", minimal_pdf()),
        ("logo.gif", image_bytes("GIF")),
        ("logo.png", image_bytes()[:60]),
        ("logo.jpg", b""),
    ],
    ids=["svg-with-script", "pdf-renamed", "gif-not-allowed", "truncated", "empty"],
)
def test_non_images_are_rejected_with_a_clear_message(name, content):
    with pytest.raises(ValidationError) as excinfo:
        clean_image(upload(name, content))
    assert excinfo.value.code == "invalid_image"
    assert "JPEG, PNG or WebP" in str(excinfo.value)


def test_too_many_pixels_is_rejected_before_decoding():
    # A decompression bomb: a tiny file that claims 10000 x 10000 pixels.
    content = image_bytes("PNG", size=(10_000, 10_000), mode="1")
    assert len(content) < 100_000
    with pytest.raises(ValidationError) as excinfo:
        clean_image(upload("bomb.png", content))
    assert excinfo.value.code == "too_many_pixels"


def test_too_large_file_is_rejected():
    with pytest.raises(ValidationError) as excinfo:
        clean_image(upload("big.png", image_bytes(size=(400, 400))), max_bytes=50)
    assert excinfo.value.code == "file_too_large"
    assert "largest accepted is 50\xa0bytes" in excinfo.value.messages[0]


def test_pdf_is_accepted():
    cleaned = clean_pdf(upload("Factsheet 2017.PDF", minimal_pdf()))
    assert cleaned.name == "factsheet-2017.pdf"


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (image_bytes(), "invalid_pdf"),
        (b"%PDF-1.7 this is not really a pdf", "invalid_pdf"),
        (minimal_pdf(b"\n/JavaScript (app.alert(1))"), "pdf_script"),
    ],
    ids=["image-renamed", "garbage", "javascript"],
)
def test_bad_pdfs_are_rejected(content, code):
    with pytest.raises(ValidationError) as excinfo:
        clean_pdf(upload("factsheet.pdf", content))
    assert excinfo.value.code == code


def test_image_over_the_pixel_limit_is_rejected():
    with pytest.raises(ValidationError) as excinfo:
        clean_image(upload("wide.png", image_bytes(size=(300, 200))), max_pixels=50_000)
    assert excinfo.value.code == "too_many_pixels"
