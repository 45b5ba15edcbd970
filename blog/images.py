"""Responsive renditions of uploaded images, generated once when the image is saved.

The renditions are WebP files stored through the default storage beside the original; their
names and sizes are kept in the model's `<field>_renditions` JSON list, so templates build
`srcset` without touching the storage or the database again.
"""

import io
from pathlib import PurePosixPath

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image, ImageOps

# Hero images: widths for phones, tablets/laptops and large screens.
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
