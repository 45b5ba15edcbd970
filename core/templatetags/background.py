from django import template

from core.services import queue_status as current_queue_status

register = template.Library()


@register.simple_tag
def queue_status():
    """The background queue's backlog (`core.services.queue_status`), for the admin index."""
    return current_queue_status()
