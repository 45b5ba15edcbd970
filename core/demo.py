"""What every area's demo loader shares: the label on demo content, the seed texts, and the
languages the demo's Secretariat texts are written in."""

from pathlib import Path

SEEDS_DIR = Path(__file__).resolve().parent / "seeds"
DEMO_LABEL = "Demo data"
# The demo gives the texts the Secretariat writes in these languages; the other official
# languages are left empty and fall back to English. French texts use no-break spaces
# (\u00a0) before : ; ! ? and inside « », as the Interinstitutional Style Guide asks.
DEMO_LANGUAGES = ("en", "fr", "de")


def read_seed(name: str) -> str:
    return (SEEDS_DIR / name).read_text(encoding="utf-8")


def localized(**texts: dict[str, str]) -> dict[str, str]:
    """The model fields of texts given per language, whatever language is active:
    `localized(name={"en": "A", "fr": "B"})` is `{"name_en": "A", "name_fr": "B"}`."""
    return {
        f"{field}_{code}": text
        for field, by_language in texts.items()
        for code, text in by_language.items()
    }


def add_missing_translations(instance, values: dict[str, str]) -> list[str]:
    """Give a row that an earlier demo loader made (in English only) the languages of `values`
    (from `localized`) that it lacks, and return the names of the fields set; the caller saves.

    A field is completed only while it is still the demo's own, that is its English is the
    demo's English (or it is empty in every language of `values`), and only its empty languages
    are set: a text someone edited or translated stays as it is.
    """
    changed = []
    fields = dict.fromkeys(name.rsplit("_", 1)[0] for name in values)
    for field in fields:
        names = [name for name in values if name.rsplit("_", 1)[0] == field]
        untouched = getattr(instance, f"{field}_en") == values.get(f"{field}_en")
        if not untouched and any(getattr(instance, name) for name in names):
            continue
        for name in names:
            if values[name] and not getattr(instance, name):
                setattr(instance, name, values[name])
                changed.append(name)
    return changed
