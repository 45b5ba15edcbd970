from django import template

from .. import impact

register = template.Library()


@register.filter
def percent_of(part: int, whole: int) -> int:
    """`{{ target.achieved|percent_of:target.target_number }}`: the real percentage, above 100
    when the target is exceeded (`impact.percent`)."""
    return impact.percent(part or 0, whole or 0)


@register.filter
def capped_at(value: int, maximum: int) -> int:
    """`value="{{ target.achieved|capped_at:target.target_number }}"`: a progress bar stops at
    full (and its aria-valuenow at its max) even when the target is exceeded."""
    return min(value or 0, maximum or 0)
