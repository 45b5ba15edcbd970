"""Draw the portal's icons (favicon, app icons, emblem) into static/img/.

    .venv/bin/python scripts/build_icons.py

The emblem is our own drawing, a ring of twelve five-pointed stars on EU blue (#004494, stars
#FFD617), in the spirit of the European flag; nothing is copied from another work.
"""

from math import cos, pi, sin
from pathlib import Path

from PIL import Image, ImageDraw

BLUE = "#004494"
YELLOW = "#FFD617"
OUT = Path(__file__).resolve().parent.parent / "static" / "img"


def star_points(cx: float, cy: float, outer: float) -> list[tuple[float, float]]:
    inner = outer * 0.382
    points = []
    for index in range(10):
        radius = outer if index % 2 == 0 else inner
        angle = -pi / 2 + index * pi / 5
        points.append((cx + radius * cos(angle), cy + radius * sin(angle)))
    return points


def ring(size: float, *, ring_ratio: float = 0.33, star_ratio: float = 0.075):
    """The twelve stars' polygons for a square of `size`."""
    centre = size / 2
    for index in range(12):
        angle = 2 * pi * index / 12
        yield star_points(
            centre + ring_ratio * size * cos(angle),
            centre + ring_ratio * size * sin(angle),
            star_ratio * size,
        )


def png(size: int, *, rounded: bool = False) -> Image.Image:
    scale = 4  # drawn large, then reduced: smooth edges without antialiasing support
    big = size * scale
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    if rounded:
        draw.rounded_rectangle((0, 0, big - 1, big - 1), radius=big * 0.18, fill=BLUE)
    else:
        draw.rectangle((0, 0, big, big), fill=BLUE)
    for polygon in ring(big):
        draw.polygon(polygon, fill=YELLOW)
    return image.resize((size, size), Image.LANCZOS)


def svg(*, rounded: bool) -> str:
    stars = "".join(
        '<polygon points="{}"/>'.format(" ".join(f"{x:.2f},{y:.2f}" for x, y in polygon))
        for polygon in ring(64)
    )
    corner = ' rx="11"' if rounded else ""
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64">'
        f'<rect width="64" height="64"{corner} fill="{BLUE}"/>'
        f'<g fill="{YELLOW}">{stars}</g></svg>\n'
    )


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "favicon.svg").write_text(svg(rounded=True), encoding="utf-8")
    (OUT / "emblem.svg").write_text(svg(rounded=False), encoding="utf-8")
    png(32, rounded=True).save(OUT / "favicon-32.png", optimize=True)
    # The apple-touch icon and the manifest's icons are full squares: the systems round them.
    png(180).convert("RGB").save(OUT / "apple-touch-icon.png", optimize=True)
    png(192).convert("RGB").save(OUT / "icon-192.png", optimize=True)
    png(512).convert("RGB").save(OUT / "icon-512.png", optimize=True)
    png(64, rounded=True).save(OUT / "favicon.ico", sizes=[(16, 16), (32, 32), (48, 48)])


if __name__ == "__main__":
    main()
