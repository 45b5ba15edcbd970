"""The "Follow" button of pledge, organisation, coalition and pledge-list pages.

Signed in: one query for the follow state. Anonymous: no query and nothing personal, a link to
sign in, because those pages are served to every anonymous visitor from one shared cache.
"""

from django import template

from national_coalitions.models import NationalCoalition
from organisations.models import Organisation
from pledges.models import Pledge

from ..models import Follow
from ..searches import normalise_query

register = template.Library()

KINDS = (
    (Pledge, Follow.Kind.PLEDGE),
    (Organisation, Follow.Kind.ORGANISATION),
    (NationalCoalition, Follow.Kind.COALITION),
)


def _button(context, *, kind, lookup, target_pk=None, query=""):
    request = context["request"]
    user = request.user
    follow_pk = None
    if user.is_authenticated:
        follow_pk = (
            Follow.objects.filter(user=user, kind=kind, **lookup)
            .values_list("pk", flat=True)
            .first()
        )
    return {
        "request": request,
        "user": user,
        "kind": kind,
        "target_pk": target_pk,
        "query": query,
        "follow_pk": follow_pk,
        "next": request.get_full_path(),
    }


@register.inclusion_tag("follows/_follow_button.html", takes_context=True)
def follow_button(context, target):
    """`{% follow_button pledge %}` (or an organisation, or a National Coalition)."""
    kind = next(kind for model, kind in KINDS if isinstance(target, model))
    return _button(context, kind=kind, lookup={kind: target.pk}, target_pk=target.pk)


@register.inclusion_tag("follows/_follow_button.html", takes_context=True)
def follow_search_button(context):
    """`{% follow_search_button %}` on the pledge list: follows its current filters."""
    query = normalise_query(context["request"].GET)
    return _button(context, kind=Follow.Kind.SEARCH, lookup={"query": query}, query=query)
