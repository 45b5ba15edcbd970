from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def query_string(context, **changes) -> str:
    """The current query string with some parameters replaced, or removed when given None.

    `{% query_string page=2 %}` keeps the filters while paging; the result starts with "?"
    (or is empty when no parameter is left).
    """
    query = context["request"].GET.copy()
    for key, value in changes.items():
        if value is None or value == "":
            query.pop(key, None)
        else:
            query[key] = value
    encoded = query.urlencode()
    return f"?{encoded}" if encoded else ""
