"""What every area's demo loader shares: the label on demo content and the seed texts."""

from pathlib import Path

SEEDS_DIR = Path(__file__).resolve().parent / "seeds"
DEMO_LABEL = "Demo data"


def read_seed(name: str) -> str:
    return (SEEDS_DIR / name).read_text(encoding="utf-8")
