"""Demo blog: posts drawn from the seed texts, with generated placeholder pictures.

The seed author cards are reproduced word for word and nothing is added about the people;
every demo post carries the "Demo data" tag and a note. Idempotent: existing rows (found by
slug) are left untouched, and pictures are generated only when missing.
"""

import io
from datetime import datetime
from math import cos, pi, sin
from zoneinfo import ZoneInfo

from django.core.files.base import ContentFile
from django.db import transaction
from PIL import Image, ImageDraw, ImageFont

from core.demo import DEMO_LABEL, read_seed

from . import services
from .models import Author, Post, Tag

BRUSSELS = ZoneInfo("Europe/Brussels")
DEMO_NOTE = (
    "*Demo data: this post reproduces text from the Coalition's former website to show how "
    "the blog works. The pictures are generated placeholders.*"
)

AUTHORS = [
    {
        "slug": "secretariat-demo",
        "name": "The Secretariat (demo)",
        "initials": "S",
        "colour": (0, 51, 153),
        "bio": (
            "Demo data: posts whose author the seed texts do not name are shown under this name."
        ),
    },
    {
        "slug": "claire-bury",
        "name": "Claire Bury",
        "initials": "CB",
        "colour": (0, 94, 84),
        "bio": "Demo data: an author card rebuilt from the Coalition's former website.",
    },
    {
        "slug": "domingos-guimaraes",
        "name": "Domingos Guimaraes",
        "initials": "DG",
        "colour": (122, 38, 120),
        "bio": "Demo data: an author card rebuilt from the Coalition's former website.",
    },
    {
        "slug": "roberto-viola",
        "name": "Roberto Viola",
        "initials": "RV",
        "colour": (153, 51, 0),
        "bio": "Demo data: an author card rebuilt from the Coalition's former website.",
    },
]

TAGS = {
    "demo-data": DEMO_LABEL,
    "coalition-news": "Coalition news",
    "events": "Events",
    "digital-skills-awards": "Digital Skills Awards",
    "ict-skills": "ICT skills",
}


def _conference_post() -> dict:
    paragraphs = [p.strip() for p in read_seed("conference_2017.txt").split("\n\n") if p.strip()]
    return {
        "slug": "digital-skills-and-jobs-coalition-conference-2017",
        "title": "The Digital Skills and Jobs Coalition Conference 2017",
        "author": "secretariat-demo",
        "excerpt": paragraphs[0],
        "body": "\n\n".join([*paragraphs, DEMO_NOTE]),
        "published_at": datetime(2017, 12, 4, 10, 0, tzinfo=BRUSSELS),
        "tags": ["demo-data", "events", "digital-skills-awards", "coalition-news"],
        "hero": "Conference 2017",
    }


# The excerpts of the seed's author cards, word for word.
CARD_POSTS = [
    {
        "slug": "launch-of-the-digital-skills-and-jobs-coalition",
        "title": "The launch of the Digital Skills and Jobs Coalition",
        "author": "claire-bury",
        "excerpt": (
            "On 1 December 2016, we launched the Digital Skills and Jobs Coalition as one of "
            "the ten initiatives in the New Skills Agenda. The Coalition brings together Member "
            "States, companies, social partners, non-for profit organisations and education "
            "providers who pledge to take action to tackle the lack of digital skills in Europe."
        ),
        "published_at": datetime(2016, 12, 2, 10, 0, tzinfo=BRUSSELS),
        "tags": ["demo-data", "coalition-news"],
    },
    {
        "slug": "time-to-invest-in-ict-skills",
        "title": "Time to invest in ICT skills",
        "author": "domingos-guimaraes",
        "excerpt": (
            "We are living in a digital age. It’s time to take a stand and invest in ICT skills!"
        ),
        "published_at": datetime(2016, 11, 15, 10, 0, tzinfo=BRUSSELS),
        "tags": ["demo-data", "ict-skills"],
    },
    {
        "slug": "generation-code-born-at-the-library",
        "title": "Generation code: Born at the library",
        "author": "claire-bury",
        "excerpt": (
            "On Tuesday 18 October, the Generation code: Born at the library exhibition opened in "
            "the European Parliament."
        ),
        "published_at": datetime(2016, 10, 18, 18, 0, tzinfo=BRUSSELS),
        "tags": ["demo-data", "events"],
    },
    {
        "slug": "making-the-best-of-the-digital-transformation",
        "title": "Making the best of the digital transformation",
        "author": "roberto-viola",
        "excerpt": (
            "Our plan to help European industry, researchers and public authorities to make the "
            "best of the digital transformation has been published. Lowri Evans and Roberto Viola "
            "share some thoughts on what this could mean for Europe's future."
        ),
        "published_at": datetime(2016, 9, 20, 10, 0, tzinfo=BRUSSELS),
        "tags": ["demo-data", "coalition-news"],
    },
]


def _font(size: int):
    try:
        return ImageFont.load_default(size=size)
    except (TypeError, OSError):  # Pillow without FreeType: the small bitmap font
        return ImageFont.load_default()


def _png(image: Image.Image) -> ContentFile:
    output = io.BytesIO()
    image.save(output, "PNG", optimize=True)
    return ContentFile(output.getvalue())


def placeholder_portrait(initials: str, colour: tuple[int, int, int]) -> ContentFile:
    """Initials on a coloured disc: a stand-in, never a copy of a real photograph."""
    size = 512
    image = Image.new("RGB", (size, size), (241, 243, 245))
    draw = ImageDraw.Draw(image)
    draw.ellipse((16, 16, size - 16, size - 16), fill=colour)
    draw.text((size / 2, size / 2), initials, fill=(255, 255, 255), font=_font(200), anchor="mm")
    return _png(image)


def placeholder_banner(text: str) -> ContentFile:
    width, height = 1600, 800
    image = Image.new("RGB", (width, height), (0, 51, 153))
    draw = ImageDraw.Draw(image)
    # Twelve yellow stars' worth of discs around the centre, like the EU flag.
    for index in range(12):
        angle = 2 * pi * index / 12
        x, y = width / 2 + 330 * cos(angle), height / 2 + 330 * sin(angle)
        draw.ellipse((x - 22, y - 22, x + 22, y + 22), fill=(255, 204, 0))
    draw.text((width / 2, height / 2), text, fill=(255, 255, 255), font=_font(80), anchor="mm")
    return _png(image)


@transaction.atomic
def load(*, stdout) -> None:
    tags = {
        slug: Tag.objects.get_or_create(slug=slug, defaults={"name": name})[0]
        for slug, name in TAGS.items()
    }

    authors = {}
    for spec in AUTHORS:
        author, _created = Author.objects.get_or_create(
            slug=spec["slug"],
            defaults={
                "name": spec["name"],
                "bio": spec["bio"],
                "picture_alt": f"Placeholder picture: the initials {spec['initials']} on a disc",
            },
        )
        if not author.picture:
            author.picture.save(
                f"{spec['slug']}.png",
                placeholder_portrait(spec["initials"], spec["colour"]),
                save=False,
            )
            services.save_author(author=author, picture_changed=True)
        authors[spec["slug"]] = author

    specs = [_conference_post()] + [
        {**spec, "body": f"{spec['excerpt']}\n\n{DEMO_NOTE}"} for spec in CARD_POSTS
    ]
    created = 0
    for spec in specs:
        if Post.objects.filter(slug=spec["slug"]).exists():
            continue
        post = Post(
            slug=spec["slug"],
            title=spec["title"],
            author=authors[spec["author"]],
            excerpt=spec["excerpt"],
            body=spec["body"],
            status=Post.Status.PUBLISHED,
            published_at=spec["published_at"],
        )
        if spec.get("hero"):
            post.hero_image.save(
                f"{spec['slug']}.png", placeholder_banner(spec["hero"]), save=False
            )
            post.hero_image_alt = f"Placeholder banner with the words “{spec['hero']}”"
        services.save_post(post=post, hero_image_changed=bool(spec.get("hero")))
        post.tags.set([tags[slug] for slug in spec["tags"]])
        created += 1
    stdout.write(f"  blog: {len(authors)} authors, {created} new posts")
