"""The one rendition pipeline (core/images.py) and its `{% responsive_image %}` tag."""

import io
from types import SimpleNamespace

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.template import Context, Template
from PIL import Image

from core.images import (
    fallback,
    refresh_renditions,
    renditions_of,
    resize_to_widths,
    square_thumbnails,
)

RENDITIONS = [
    {"name": "x/renditions/a-960w.webp", "width": 960, "height": 480},
    {"name": "x/renditions/a-480w.webp", "width": 480, "height": 240},
    {"name": "x/renditions/a-1440w.webp", "width": 1440, "height": 720},
]


def render(source: str, **context) -> str:
    return Template("{% load images %}" + source).render(Context(context))


def test_renditions_are_read_narrowest_first_and_the_fallback_fits_from_below():
    item = SimpleNamespace(image_renditions=RENDITIONS)
    renditions = renditions_of(item, "image")
    assert [r.width for r in renditions] == [480, 960, 1440]
    assert fallback(renditions, 960).width == 960
    assert fallback(renditions, 1000).width == 960
    assert fallback(renditions, 100).width == 480
    assert fallback([], 960) is None


def test_tag_renders_srcset_sizes_dimensions_and_lazy_loading():
    item = SimpleNamespace(image_renditions=RENDITIONS)
    html = render(
        '{% responsive_image item "image" sizes="100vw" alt=alt css_class="img-fluid" %}',
        item=item,
        alt='A "quoted" <b>view</b>',
    )
    assert html == (
        '<img src="/media/x/renditions/a-960w.webp" srcset="/media/x/renditions/a-480w.webp 480w, '
        '/media/x/renditions/a-960w.webp 960w, /media/x/renditions/a-1440w.webp 1440w" '
        'sizes="100vw" width="960" height="480" alt="A &quot;quoted&quot; &lt;b&gt;view&lt;/b&gt;" '
        'class="img-fluid" loading="lazy">'
    )


def test_tag_scales_width_and_height_to_the_shown_width():
    item = SimpleNamespace(image_renditions=RENDITIONS)
    html = render('{% responsive_image item "image" sizes="240px" width=240 alt="" %}', item=item)
    assert 'width="240" height="120"' in html
    assert 'alt=""' in html
    assert "class=" not in html


def test_tag_renders_nothing_without_renditions_never_the_original():
    item = SimpleNamespace(image="x/original.png", image_renditions=[])
    assert render('{% responsive_image item "image" sizes="100vw" alt="x" %}', item=item) == ""


def stored_image(width, height):
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (0, 51, 153)).save(buffer, "PNG")
    name = default_storage.save("uploads/photo.png", ContentFile(buffer.getvalue()))
    file = default_storage.open(name)
    file.name = name
    return file


def sizes_of(renditions) -> list[tuple[int, int]]:
    return [(r["width"], r["height"]) for r in renditions]


def test_widths_are_never_upscaled_and_squares_are_cropped():
    assert sizes_of(resize_to_widths(stored_image(1000, 400))) == [(480, 192), (960, 384)]
    assert sizes_of(resize_to_widths(stored_image(300, 100))) == [(300, 100)]
    assert sizes_of(square_thumbnails(stored_image(300, 150))) == [(96, 96)]


@pytest.mark.django_db
def test_refresh_renditions_replaces_the_files_once_committed(django_capture_on_commit_callbacks):
    saved = []
    item = SimpleNamespace(
        image=stored_image(1000, 500),
        image_renditions=[],
        save=lambda update_fields: saved.append(update_fields),
    )
    refresh_renditions(item, "image", resize_to_widths)
    first = [r["name"] for r in item.image_renditions]
    assert saved == [["image_renditions"]]
    assert all(default_storage.exists(name) for name in first)

    item.image = ""
    with django_capture_on_commit_callbacks(execute=True):
        refresh_renditions(item, "image", resize_to_widths)
    assert item.image_renditions == []
    assert not any(default_storage.exists(name) for name in first)
