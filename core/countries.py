"""The European Union's Member States: one list for every app (choices, filters, maps, data)."""

EU_MEMBER_STATES = (
    "AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU",
    "IE", "IT", "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK",
)  # fmt: skip


def eu_country_choices() -> list[tuple[str, str]]:
    """The Member States as form choices, by (translated) name."""
    from django_countries import countries

    return sorted(((code, countries.name(code)) for code in EU_MEMBER_STATES), key=lambda c: c[1])
