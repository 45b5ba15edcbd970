from django import template

from .. import services

register = template.Library()


@register.filter
def pledger_actions(pledge) -> services.PledgerActions:
    """`{% with actions=pledge|pledger_actions %}`: what the pledger may do with it now
    (from `services.PLEDGER_TRANSITIONS`)."""
    return services.pledger_actions(pledge)
