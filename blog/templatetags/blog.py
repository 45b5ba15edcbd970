from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def absolute_url(context, url: str) -> str:
    """An absolute URL for meta tags (OpenGraph needs one); absolute URLs pass unchanged."""
    request = context.get("request")
    return request.build_absolute_uri(url) if request else url
