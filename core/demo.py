"""Demo content: each area contributes `<app>/demo.py` with an idempotent `load(stdout)`."""

from importlib import import_module
from importlib.util import find_spec
from pathlib import Path

SEEDS_DIR = Path(__file__).resolve().parent / "seeds"
DEMO_AREAS = ["national_coalitions", "pledges", "awards", "blog"]
DEMO_LABEL = "Demo data"


def read_seed(name: str) -> str:
    return (SEEDS_DIR / name).read_text(encoding="utf-8")


def load_all(stdout) -> None:
    for app in DEMO_AREAS:
        if find_spec(f"{app}.demo") is None:
            continue
        stdout.write(f"Loading demo content for {app}…")
        import_module(f"{app}.demo").load(stdout=stdout)
