from django.utils.text import slugify


def unique_slug(
    model,
    value: str,
    *,
    instance=None,
    max_length: int = 200,
    reserved: frozenset[str] = frozenset(),
    fallback: str = "item",
    **scope,
) -> str:
    """A slug of `value` not used by another row of `model` (within `scope`, e.g. an edition),
    nor in `reserved` (paths the slug must not take); `-2`, `-3`… are added as needed."""
    base = slugify(value)[:max_length].strip("-") or fallback
    others = model.objects.filter(**scope)
    if instance is not None and instance.pk:
        others = others.exclude(pk=instance.pk)
    taken = set(others.filter(slug__startswith=base).values_list("slug", flat=True)) | reserved
    slug, number = base, 2
    while slug in taken:
        suffix = f"-{number}"
        slug = f"{base[: max_length - len(suffix)]}{suffix}"
        number += 1
    return slug
