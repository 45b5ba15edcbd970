"""Demo content: each area contributes `<app>/demo.py` with an idempotent `load(stdout)`."""

from importlib import import_module
from importlib.util import find_spec

# In dependency order: pledges link coalitions, awards link organisations, posts link all.
DEMO_AREAS = ["national_coalitions", "pledges", "awards", "blog"]


def load_all(stdout) -> None:
    for app in DEMO_AREAS:
        if find_spec(f"{app}.demo") is None:
            continue
        stdout.write(f"Loading demo content for {app}…")
        import_module(f"{app}.demo").load(stdout=stdout)
