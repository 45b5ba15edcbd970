from django import template

register = template.Library()


@register.filter
def capped_at(value: int, maximum: int) -> int:
    """`value="{{ target.achieved|capped_at:target.target_number }}"`: a progress bar stops at
    full (and its aria-valuenow at its max) even when the target is exceeded."""
    return min(value or 0, maximum or 0)
