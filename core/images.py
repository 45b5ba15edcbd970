"""The one rendition pipeline for uploaded images (blog pictures, award entries, logos).

Renditions are generated once, when the image is saved (`refresh_renditions` from the app's
service), as WebP files stored through the default storage beside the original. Their names
and sizes are kept in the model's `<field>_renditions` JSON list, so pages build `srcset`
without touching the storage or the database again. Templates show them with the
`{% responsive_image %}` tag (core/templatetags/images.py); no page shows an original.
"""

import io
from collections.abc import Callable
from pathlib import PurePosixPath

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from PIL import Image, ImageOps

# Wide images (blog heroes, award entries): widths for phones, tablets/laptops, large screens.
HERO_WIDTHS = (480, 960, 1440)
# Author pictures are square crops shown as small round thumbnails (1x, 2x, 4x density).
AUTHOR_SIZES = (96, 192, 384)
WEBP_OPTIONS = {"quality": 82, "method": 4}


def _save_webp(image: Image.Image, name: str) -> str:
    output = io.BytesIO()
    image.save(output, "WEBP", **WEBP_OPTIONS)
    return default_storage.save(name, ContentFile(output.getvalue()))


def _rendition_name(source_name: str, label: str) -> str:
    path = PurePosixPath(source_name)
    return str(path.parent / "renditions" / f"{path.stem}-{label}.webp")


def delete_renditions(renditions: list[dict]) -> None:
    for item in renditions or []:
        default_storage.delete(item["name"])


def _open(field_file) -> Image.Image:
    field_file.open("rb")
    try:
        with Image.open(field_file) as image:
            image.load()
            image = ImageOps.exif_transpose(image)
    finally:
        field_file.close()
    if image.mode not in ("RGB", "RGBA"):
        image = image.convert("RGBA" if "transparency" in image.info else "RGB")
    return image


def resize_to_widths(field_file, widths=HERO_WIDTHS) -> list[dict]:
    """Scale the image to each width it is at least as wide as (never upscaled).

    An image narrower than the smallest width gets one rendition at its own width.
    """
    image = _open(field_file)
    targets = [width for width in widths if width <= image.width] or [image.width]
    renditions = []
    for width in targets:
        height = max(1, round(image.height * width / image.width))
        resized = image if width == image.width else image.resize((width, height), Image.LANCZOS)
        name = _save_webp(resized, _rendition_name(field_file.name, f"{width}w"))
        renditions.append({"name": name, "width": width, "height": height})
    return renditions


def square_thumbnails(field_file, sizes=AUTHOR_SIZES) -> list[dict]:
    """Centre-cropped squares for round portrait thumbnails (never upscaled)."""
    image = _open(field_file)
    side = min(image.width, image.height)
    targets = [size for size in sizes if size <= side] or [side]
    renditions = []
    for size in targets:
        square = ImageOps.fit(image, (size, size), Image.LANCZOS, centering=(0.5, 0.4))
        name = _save_webp(square, _rendition_name(field_file.name, f"{size}sq"))
        renditions.append({"name": name, "width": size, "height": size})
    return renditions


class Rendition:
    """One resized copy of an uploaded image, as stored in a `*_renditions` JSON list."""

    def __init__(self, *, name: str, width: int, height: int):
        self.name = name
        self.width = width
        self.height = height

    @property
    def url(self) -> str:
        return default_storage.url(self.name)


def renditions_of(instance, field: str) -> list[Rendition]:
    """The stored renditions of `instance.<field>`, narrowest first."""
    return sorted(
        (Rendition(**item) for item in getattr(instance, f"{field}_renditions") or []),
        key=lambda rendition: rendition.width,
    )


def srcset(renditions: list[Rendition]) -> str:
    return ", ".join(f"{r.url} {r.width}w" for r in renditions)


def fallback(renditions: list[Rendition], preferred_width: int) -> Rendition | None:
    """The rendition closest to `preferred_width` from below, for `src`, width and height."""
    if not renditions:
        return None
    fitting = [r for r in renditions if r.width <= preferred_width]
    return fitting[-1] if fitting else renditions[0]


class RenditionsMixin:
    """Reads the renditions that `refresh_renditions` stored beside a model's image."""

    def _renditions(self, field: str) -> list[Rendition]:
        return renditions_of(self, field)

    def _srcset(self, field: str) -> str:
        return srcset(self._renditions(field))

    def _fallback(self, field: str, preferred_width: int) -> Rendition | None:
        return fallback(self._renditions(field), preferred_width)


def refresh_renditions(instance, field: str, make: Callable[..., list[dict]]) -> None:
    """Replace the renditions of `instance.<field>` after its image changed (or was removed).

    `make` is `resize_to_widths`, `square_thumbnails` or a `functools.partial` of them; call
    inside the transaction that saved the image: the old files go only once it commits.
    """
    attribute = f"{field}_renditions"
    old = getattr(instance, attribute)
    image = getattr(instance, field)
    setattr(instance, attribute, make(image) if image else [])
    instance.save(update_fields=[attribute])
    transaction.on_commit(lambda: delete_renditions(old))
