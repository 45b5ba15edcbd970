"""Screenshots of the main public pages at 1366 and 390 px, into docs/screenshots/.

    .venv/bin/python scripts/screenshots.py                # its own server, a temporary database
    .venv/bin/python scripts/screenshots.py --url http://127.0.0.1:8000   # against `make run`

Without --url it migrates a temporary SQLite database, loads the demo content
(`manage.py load_demo`) and starts `manage.py runserver` on a free port; media go to a
temporary directory. It drives the system Chromium (/usr/bin/chromium, or CHROMIUM_PATH)
through Playwright and takes full-page PNGs in English.
"""

import argparse
import contextlib
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from PIL import Image
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
WIDTHS = {"desktop": 1366, "mobile": 390}
# (file name, path or a callable that finds the path on a loaded page)
PAGES = [
    ("home", "/en/"),
    ("pledge-list", "/en/pledges/"),
    ("pledge", "first:/en/pledges/:.pledge-card h3 a"),
    ("impact", "/en/pledges/impact/"),
    ("coalition-list", "/en/national-coalitions/"),
    ("coalition", "first:/en/national-coalitions/:.coalition-card h4 a"),
    ("awards", "/en/awards/"),
    ("blog", "/en/blog/"),
    ("blog-post", "first:/en/blog/:.post-card h2 a"),
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError):
            urllib.request.urlopen(url, timeout=2)  # noqa: S310 (our own local server)
            return
        time.sleep(0.5)
    raise SystemExit(f"The server at {url} did not answer within {timeout} s.")


@contextlib.contextmanager
def demo_server():
    with tempfile.TemporaryDirectory() as tmp:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "coalition_portal.settings.development",
            "DJANGO_DEBUG": "1",
            "DATABASE_URL": f"sqlite:///{tmp}/screenshots.sqlite3",
            "MEDIA_ROOT": f"{tmp}/media",
        }
        manage = [sys.executable, str(ROOT / "manage.py")]
        for command in (["migrate", "--noinput"], ["load_demo"]):
            subprocess.run(  # noqa: S603
                [*manage, *command], env=env, cwd=ROOT, check=True, stdout=subprocess.DEVNULL
            )
        port = free_port()
        server = subprocess.Popen(  # noqa: S603
            [*manage, "runserver", "--noreload", f"127.0.0.1:{port}"],
            env=env,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            url = f"http://127.0.0.1:{port}"
            wait_for(f"{url}/robots.txt")
            yield url
        finally:
            server.terminate()
            server.wait(timeout=10)


def shrink(path: Path) -> None:
    """256 colours are plenty for a page of flat colours: the PNGs stay small in the repo."""
    with Image.open(path) as image:
        reduced = image.convert("RGB").quantize(colors=256, method=Image.Quantize.FASTOCTREE)
    reduced.save(path, optimize=True)


def resolve(page, base: str, target: str) -> str:
    if not target.startswith("first:"):
        return target
    _, list_path, selector = target.split(":", 2)
    page.goto(base + list_path)
    return page.locator(selector).first.get_attribute("href")


def shoot(base: str, only: set[str]) -> list[Path]:
    OUT.mkdir(parents=True, exist_ok=True)
    written = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        for label, width in WIDTHS.items():
            context = browser.new_context(
                viewport={"width": width, "height": 900}, locale="en-GB", device_scale_factor=1
            )
            page = context.new_page()
            for name, target in PAGES:
                if only and name not in only:
                    continue
                page.goto(base + resolve(page, base, target))
                # Lazy images load only near the viewport: scroll through the page first.
                page.evaluate(
                    "async () => { for (let y = 0; y < document.body.scrollHeight; y += 600)"
                    " { window.scrollTo(0, y); await new Promise(r => setTimeout(r, 50)); }"
                    " window.scrollTo(0, 0); }"
                )
                page.wait_for_load_state("networkidle")
                path = OUT / f"{name}-{label}.png"
                page.screenshot(path=str(path), full_page=True)
                shrink(path)
                written.append(path)
            context.close()
        browser.close()
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="a running portal, e.g. http://127.0.0.1:8000")
    parser.add_argument("--only", nargs="*", default=[], help="page names, e.g. home pledge")
    args = parser.parse_args()
    if args.url:
        written = shoot(args.url.rstrip("/"), set(args.only))
    else:
        with demo_server() as url:
            written = shoot(url, set(args.only))
    for path in written:
        print(path.relative_to(ROOT))


if __name__ == "__main__":
    main()
