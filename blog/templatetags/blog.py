from django import template

from blog.models import Post

register = template.Library()


@register.inclusion_tag("blog/_latest_posts.html")
def latest_posts(count: int = 3) -> dict:
    """The latest published posts, for teasers outside the blog (the home page)."""
    return {"posts": Post.objects.published().only("title", "slug", "excerpt")[:count]}


@register.simple_tag(takes_context=True)
def absolute_url(context, url: str) -> str:
    """An absolute URL for meta tags (OpenGraph needs one); absolute URLs pass unchanged."""
    request = context.get("request")
    return request.build_absolute_uri(url) if request else url
