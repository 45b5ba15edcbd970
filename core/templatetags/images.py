from django import template
from django.utils.html import format_html

from core.images import fallback, renditions_of, srcset

register = template.Library()


@register.simple_tag
def responsive_image(
    instance,
    field: str,
    *,
    sizes: str,
    alt: str,
    width: int | None = None,
    src_width: int = 960,
    css_class: str = "",
    loading: str = "lazy",
) -> str:
    """The one `<img>` of an uploaded image: its renditions as `srcset`, never the original.

        {% responsive_image post "hero_image" sizes="(min-width: 992px) 696px, 100vw"
           alt=post.hero_image_alt css_class="img-fluid" %}

    `sizes` tells the browser how wide the image is shown, so it picks the rendition;
    `src_width` picks the `src` for browsers without srcset; `width` (CSS pixels) sets the
    width/height attributes when the image is shown smaller than that rendition (a 48 px
    thumbnail), so the page keeps its layout while the image loads. An image without
    renditions yet renders nothing: its original may be any size.
    """
    renditions = renditions_of(instance, field)
    src = fallback(renditions, src_width)
    if src is None:
        return ""
    shown_width = int(width) if width else src.width
    shown_height = max(1, round(src.height * shown_width / src.width))
    return format_html(
        '<img src="{}" srcset="{}" sizes="{}" width="{}" height="{}" alt="{}"{} loading="{}">',
        src.url,
        srcset(renditions),
        sizes,
        shown_width,
        shown_height,
        alt,
        format_html(' class="{}"', css_class) if css_class else "",
        loading,
    )
