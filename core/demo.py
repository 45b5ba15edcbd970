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


# --- Generated pictures -------------------------------------------------------------------
# Abstract, geometric illustrations and monogram logos drawn with Pillow when the demo loads:
# our own work (licence-clean), no likeness of anyone, the same picture for the same seed.

# Background, shape and accent colours; every pair keeps white text and yellow shapes legible.
PALETTES = [
    ("#004494", "#1d62b5", "#ffd617"),  # EU blue
    ("#00564d", "#0b7a6e", "#ffd617"),  # teal
    ("#4a2a7a", "#6a45a3", "#ffd617"),  # violet
    ("#8a2a1c", "#b24a33", "#ffd617"),  # brick
    ("#00316e", "#2f6fbf", "#9fd3ff"),  # night blue
    ("#1f5a1f", "#3f7f2f", "#ffd617"),  # green
]


def _rng(seed: str):
    import random
    from hashlib import sha256

    return random.Random(int(sha256(seed.encode("utf-8")).hexdigest()[:16], 16))  # noqa: S311


def _font(size: int):
    from PIL import ImageFont

    try:
        return ImageFont.load_default(size=size)  # Pillow's bundled font (FreeType)
    except (TypeError, OSError):
        return ImageFont.load_default()


def _png(image) -> bytes:
    import io

    output = io.BytesIO()
    # Without `optimize`: the demo must load fast, and these files are only its sources.
    image.save(output, "PNG")
    return output.getvalue()


def palette_for(seed: str) -> tuple[str, str, str]:
    return PALETTES[_rng(seed).randrange(len(PALETTES))]


def illustration(seed: str, *, width: int = 1440, height: int = 720, palette=None) -> bytes:
    """A PNG of overlapping discs, rings, a dot grid and bars on a coloured ground."""
    from PIL import Image, ImageDraw

    rng = _rng(seed)
    ground, shape, accent = palette or PALETTES[rng.randrange(len(PALETTES))]
    scale = 2  # drawn at twice the size, then reduced: smooth edges
    w, h = width * scale, height * scale
    image = Image.new("RGB", (w, h), ground)
    draw = ImageDraw.Draw(image)
    # Large soft discs
    for _ in range(3):
        r = rng.uniform(0.25, 0.55) * h
        x, y = rng.uniform(0.1, 0.95) * w, rng.uniform(0, 1) * h
        draw.ellipse((x - r, y - r, x + r, y + r), fill=shape)
    # A ring of twelve dots, in the spirit of the European flag
    cx, cy, ring = rng.uniform(0.55, 0.8) * w, rng.uniform(0.35, 0.65) * h, 0.3 * h
    dot = 0.035 * h
    for index in range(12):
        from math import cos, pi, sin

        angle = 2 * pi * index / 12
        x, y = cx + ring * cos(angle), cy + ring * sin(angle)
        draw.ellipse((x - dot, y - dot, x + dot, y + dot), fill=accent)
    # An outlined ring
    r = rng.uniform(0.08, 0.14) * h
    x, y = rng.uniform(0.05, 0.4) * w, rng.uniform(0.15, 0.45) * h
    draw.ellipse((x - r, y - r, x + r, y + r), outline=accent, width=int(0.02 * h))
    # A grid of small squares, some lit: the digital motif
    cell = int(0.06 * h)
    gx, gy = int(rng.uniform(0.06, 0.2) * w), int(rng.uniform(0.55, 0.7) * h)
    for row in range(4):
        for col in range(7):
            if rng.random() < 0.6:
                colour = accent if rng.random() < 0.2 else "#ffffff"
                left, top = gx + col * cell * 1.35, gy + row * cell * 1.35
                draw.rounded_rectangle(
                    (left, top, left + cell, top + cell), radius=cell // 5, fill=colour
                )
    # Bars like a small chart
    base = int(0.88 * h)
    bx = int(rng.uniform(0.42, 0.55) * w)
    for index in range(5):
        bar = rng.uniform(0.08, 0.3) * h
        left = bx + index * 0.05 * h
        draw.rectangle((left, base - bar, left + 0.035 * h, base), fill="#ffffff")
    return _png(image.reduce(scale))


def monogram(name: str, *, size: int = 512) -> bytes:
    """A logo for a fictional organisation: its initials in a coloured badge on white."""
    from PIL import Image, ImageDraw

    words = [w for w in name.replace("(demo)", "").replace("-", " ").split() if w[:1].isalpha()]
    initials = "".join(word[0] for word in words if word[0].isupper())[:2] or name[:1]
    ground, shape, accent = palette_for(name)
    scale = 2
    s = size * scale
    badge = Image.new("RGB", (s, s), ground)
    draw = ImageDraw.Draw(badge)
    draw.ellipse((s * 0.5, s * 0.5, s * 1.4, s * 1.4), fill=shape)
    draw.ellipse((s * 0.7, s * 0.14, s * 0.82, s * 0.26), fill=accent)
    draw.text(
        (s / 2, s / 2), initials.upper(), fill="#ffffff", font=_font(int(s * 0.4)), anchor="mm"
    )
    # The badge's rounded square, on white (a logo is shown on white boxes).
    mask = Image.new("L", (s, s), 0)
    margin = s * 0.06
    ImageDraw.Draw(mask).rounded_rectangle(
        (margin, margin, s - margin, s - margin), radius=s * 0.2, fill=255
    )
    image = Image.new("RGB", (s, s), "#ffffff")
    image.paste(badge, (0, 0), mask)
    return _png(image.reduce(scale))
