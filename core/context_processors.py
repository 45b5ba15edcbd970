from django.conf import settings
from django.utils.functional import SimpleLazyObject

from core import content


def site(request):
    return {
        "SECRETARIAT_EMAIL": settings.SECRETARIAT_EMAIL,
        # For `{% cache %}` keys of public fragments; read from the cache only when used.
        "content_version": SimpleLazyObject(content.version),
    }
