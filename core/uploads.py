"""Upload validation by content: images are decoded, checked and re-encoded; PDFs are parsed.

The model fields plug the form fields into every ModelForm, the admin's included, so no
upload path can skip the checks.
"""

import io
import warnings
from pathlib import Path

from django import forms
from django.core.exceptions import RequestDataTooBig, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile
from django.core.files.uploadhandler import FileUploadHandler
from django.db import models
from django.template.defaultfilters import filesizeformat
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError
from pypdf import PdfReader
from pypdf.errors import PyPdfError
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

MAX_IMAGE_BYTES = 5 * 1024 * 1024
MAX_IMAGE_PIXELS = 24_000_000  # e.g. 6000 x 4000
MAX_PDF_BYTES = 10 * 1024 * 1024
# Refused as soon as they are known to be too big (RequestTooBigUploadHandler, HTTP 413): a
# file larger than any field accepts, a request larger than a form with a few files needs.
# The proxy refuses bodies over MAX_REQUEST_BYTES before they reach the app (deploy/).
MAX_FILE_BYTES = max(MAX_IMAGE_BYTES, MAX_PDF_BYTES)
MAX_REQUEST_BYTES = 25 * 1024 * 1024

# Pillow format name -> (file extension, MIME type). Anything else (SVG, GIF, TIFF...) is refused.
IMAGE_FORMATS = {
    "JPEG": ("jpg", "image/jpeg"),
    "PNG": ("png", "image/png"),
    "WEBP": ("webp", "image/webp"),
}
SAVE_OPTIONS = {
    "JPEG": {"quality": 88, "optimize": True},
    "PNG": {"optimize": True},
    "WEBP": {"quality": 88},
}


def _check_size(upload: UploadedFile, limit: int, what: str) -> None:
    if upload.size > limit:
        raise ValidationError(
            _("The %(what)s is %(size)s; the largest accepted is %(limit)s."),
            code="file_too_large",
            params={
                "what": what,
                "size": filesizeformat(upload.size),
                "limit": filesizeformat(limit),
            },
        )


def _too_many_pixels(max_pixels: int) -> ValidationError:
    return ValidationError(
        _("The image has too many pixels; the largest accepted is %(max)s million pixels."),
        code="too_many_pixels",
        params={"max": max_pixels // 1_000_000},
    )


def clean_image(upload: UploadedFile, *, max_bytes=MAX_IMAGE_BYTES, max_pixels=MAX_IMAGE_PIXELS):
    """Return a re-encoded copy of an uploaded image, or raise ValidationError.

    Re-encoding drops metadata and anything smuggled after the pixel data (polyglots).
    """
    _check_size(upload, max_bytes, _("image"))
    not_an_image = ValidationError(
        _("This file is not an image we accept. Please upload a JPEG, PNG or WebP image."),
        code="invalid_image",
    )
    upload.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(upload) as image:
                if image.format not in IMAGE_FORMATS:
                    raise not_an_image
                if image.width * image.height > max_pixels:
                    raise _too_many_pixels(max_pixels)
                image.load()
                extension, content_type = IMAGE_FORMATS[image.format]
                fmt = image.format
                image = ImageOps.exif_transpose(image)
                output = io.BytesIO()
                if fmt == "JPEG" and image.mode not in ("RGB", "L"):
                    image = image.convert("RGB")
                image.save(output, fmt, **SAVE_OPTIONS[fmt])
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise _too_many_pixels(max_pixels) from exc
    except ValidationError:
        raise
    except (
        UnidentifiedImageError,
        OSError,
        SyntaxError,
        ValueError,
    ) as exc:
        raise not_an_image from exc
    stem = slugify(Path(upload.name or "image").stem)[:80] or "image"
    return SimpleUploadedFile(f"{stem}.{extension}", output.getvalue(), content_type=content_type)


def clean_pdf(upload: UploadedFile, *, max_bytes=MAX_PDF_BYTES):
    """Check that an upload really is a readable PDF without embedded scripts."""
    _check_size(upload, max_bytes, _("document"))
    not_a_pdf = ValidationError(
        _("This file is not a PDF document we can accept. Please upload a PDF."),
        code="invalid_pdf",
    )
    upload.seek(0)
    head = upload.read(1024)
    if b"%PDF-" not in head:
        raise not_a_pdf
    upload.seek(0)
    content = upload.read()
    has_script = ValidationError(
        _("PDF documents with embedded scripts are not accepted."), code="pdf_script"
    )
    # A cheap first look, for names written plainly even where a repairing reader would
    # find them (after the end of the file); the decision is the parsed document's below.
    if b"/JavaScript" in content or b"/JS" in content:
        raise has_script
    try:
        reader = PdfReader(io.BytesIO(content), strict=False)
        if len(reader.pages) < 1:
            raise not_a_pdf
        scripted = _has_active_content(reader)
    except (PyPdfError, ValueError, KeyError, OSError, RecursionError) as exc:
        raise not_a_pdf from exc
    if scripted:
        raise has_script
    upload.seek(0)
    stem = slugify(Path(upload.name or "document").stem)[:80] or "document"
    return SimpleUploadedFile(f"{stem}.pdf", content, content_type="application/pdf")


# Action types that run code or leave the document (PDF 32000-1, 12.6.4).
ACTIVE_ACTIONS = {"/JavaScript", "/Launch", "/ImportData", "/Rendition", "/RichMediaExecute"}
# Keys that hold scripts: an action's /JS, the /Names tree's /JavaScript.
SCRIPT_KEYS = {"/JS", "/JavaScript"}
# More objects than this is not a factsheet: refused rather than walked for ever.
MAX_PDF_OBJECTS = 50_000


def _has_active_content(reader: PdfReader) -> bool:
    """Whether any object reachable from the document's trailer holds a script or an action
    that runs one: the catalog's /OpenAction and /AA, the pages' and annotations' /AA and /A,
    the form fields of /AcroForm, the /Names JavaScript tree, and whatever they point to.

    pypdf has decoded the names (`/J#61vaScript` is `/JavaScript`) and the object streams,
    so the check sees what a PDF reader sees, not the bytes of the file.
    """
    seen: set[tuple[int, int]] = set()
    pending = [reader.trailer]
    while pending:
        obj = pending.pop()
        if isinstance(obj, IndirectObject):
            if (obj.idnum, obj.generation) in seen:
                continue
            seen.add((obj.idnum, obj.generation))
            if len(seen) > MAX_PDF_OBJECTS:
                raise ValueError("too many objects")
            obj = obj.get_object()
        if isinstance(obj, DictionaryObject):  # StreamObject too: its dictionary only
            if SCRIPT_KEYS & set(obj.keys()):
                return True
            if obj.get("/S") in ACTIVE_ACTIONS:
                return True
            pending.extend(obj.values())
        elif isinstance(obj, ArrayObject):
            pending.extend(obj)
    return False


class ImageUploadFormField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "widget",
            forms.ClearableFileInput(
                attrs={"accept": ",".join(t for _, t in IMAGE_FORMATS.values())}
            ),
        )
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        value = super().clean(data, initial)
        if isinstance(value, UploadedFile):
            return clean_image(value)
        return value


class PDFUploadFormField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", forms.ClearableFileInput(attrs={"accept": "application/pdf"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        value = super().clean(data, initial)
        if isinstance(value, UploadedFile):
            return clean_pdf(value)
        return value


class ValidatedImageField(models.ImageField):
    """An ImageField whose forms (public and admin) validate and re-encode the upload."""

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": ImageUploadFormField, **kwargs})


class ValidatedPDFField(models.FileField):
    """A FileField for PDF documents whose forms validate the upload by content."""

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": PDFUploadFormField, **kwargs})


class RequestTooBigUploadHandler(FileUploadHandler):
    """Stops reading an upload at the limits above, before Django spools the rest to disk.

    First in FILE_UPLOAD_HANDLERS: a body announced larger than MAX_REQUEST_BYTES is refused
    before a byte of it is read, a file is refused at the first chunk past MAX_FILE_BYTES.
    Either raises RequestDataTooBig, which the error handler (`core.errors`) answers with
    templates/413.html. The field's own, smaller limit (5 MB for images) still gives the form
    its clear message for a file between the two.
    """

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        if content_length > MAX_REQUEST_BYTES:
            raise RequestDataTooBig(f"Request body of {content_length} bytes refused.")

    def receive_data_chunk(self, raw_data, start):
        if start + len(raw_data) > MAX_FILE_BYTES:
            raise RequestDataTooBig(f"Uploaded file over {MAX_FILE_BYTES} bytes refused.")
        return raw_data

    def file_complete(self, file_size):
        return None
