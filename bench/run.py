"""`make bench`: load the main public pages with wrk against gunicorn, next to a minimal view.

Steps: migrate a dedicated database, generate the dataset (`generate_bench_data`), collect static
files, start gunicorn with production settings (DEBUG off, WhiteNoise), then for each page run
wrk (16 connections by default) and report requests/s and p50/p99 latency, the ratio to a minimal
Django view served by the same server in the same run, the number of errors and the bytes a first
visit transfers (HTML + CSS + JS, compressed). Each page is loaded again with a cookie, which
bypasses the page cache (every request rendered, as for a signed-in visitor), and once right
after a change of the public content (cold caches). Writes bench/results.md and the README table.

This is a benchmark, not a test: CI does not run it.
"""

import argparse
import gzip
import os
import platform
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
RESULTS = ROOT / "bench" / "results.md"
README = ROOT / "README.md"
START, END = "<!-- bench:start -->", "<!-- bench:end -->"
MINIMAL_LABEL, MINIMAL_PATH = "Minimal Django view (no page cache)", "/bench/minimal/"


def bench_env(args) -> dict:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "coalition_portal.settings.production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_BENCHMARK_VIEWS": "1",
        "DJANGO_LOG_LEVEL": "WARNING",
        "DJANGO_STATIC_ROOT": str(ROOT / "bench" / "staticfiles"),
        "MEDIA_ROOT": str(ROOT / "bench" / "media"),
    }
    env.setdefault("DATABASE_URL", f"sqlite:///{ROOT / 'bench' / 'bench.sqlite3'}")
    if "REDIS_URL" not in env and redis_is_local():
        # Production shares one cache between the app servers; without it every gunicorn
        # worker would warm its own.
        env["REDIS_URL"] = "redis://127.0.0.1:6379/15"
    return env


def redis_is_local() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
    except OSError:
        return False
    return True


def manage(env, *args):
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True)  # noqa: S603


def wait_until_up(url: str, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2):  # noqa: S310 - local server
                return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"The server did not answer at {url}")


class AssetParser(HTMLParser):
    def __init__(self):
        super().__init__()
        self.assets = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "link" and attrs.get("rel") == "stylesheet" and attrs.get("href"):
            self.assets.append(attrs["href"])
        if tag == "script" and attrs.get("src"):
            self.assets.append(attrs["src"])


def fetch(url: str) -> tuple[bytes, int, dict]:
    request = urllib.request.Request(url, headers={"Accept-Encoding": "gzip"})  # noqa: S310
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
        raw = response.read()
        headers = dict(response.headers)
    body = gzip.decompress(raw) if headers.get("Content-Encoding") == "gzip" else raw
    return body, len(raw), headers


def first_load(base: str, path: str) -> tuple[int, set[str]]:
    """Bytes of HTML + stylesheets + scripts of one page, as transferred with gzip, and the
    Cache-Control headers of its static files."""
    html, size, _ = fetch(base + path)
    parser = AssetParser()
    parser.feed(html.decode("utf-8", "replace"))
    static_cache = set()
    for asset in dict.fromkeys(parser.assets):
        _, asset_size, headers = fetch(base + asset)
        size += asset_size
        static_cache.add(headers.get("Cache-Control", "none"))
    return size, static_cache


LATENCY = re.compile(r"^\s+(50|99)(?:\.000)?%\s+([\d.]+)(us|ms|s)\s*$", re.M)
UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def run_wrk(
    url: str, *, connections: int, duration: int, threads: int, cookie: bool = False
) -> dict:
    command = [
        "wrk",
        f"-t{threads}",
        f"-c{connections}",
        f"-d{duration}s",
        "--latency",
        # As browsers do: pages (and their cached copies) are served compressed.
        "--header",
        "Accept-Encoding: gzip",
        *(
            # Any cookie (as a signed-in visitor has) bypasses the page cache: every request
            # is rendered, with the cached figures and queries of the view.
            ["--header", "Cookie: bench=rendered"] if cookie else []
        ),
        "--timeout",
        "10s",
        url,
    ]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout  # noqa: S603
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    latencies = {p: float(v) * UNITS[u] for p, v, u in LATENCY.findall(output)}
    non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    socket_errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    errors = int(non_2xx.group(1)) if non_2xx else 0
    if socket_errors:
        errors += sum(int(n) for n in socket_errors.groups())
    return {"rps": rps, "p50": latencies.get("50"), "p99": latencies.get("99"), "errors": errors}


def timed_get(url: str) -> float:
    started = time.perf_counter()
    fetch(url)
    return (time.perf_counter() - started) * 1000


def after_a_change(env, url: str, visitors: int) -> dict:
    """Move the public content version on (as publishing a pledge does), then let `visitors`
    arrive at once on a page: every cache of it is cold, and one of them recomputes."""
    manage(env, "shell", "-v", "0", "-c", "from core import content; content.changed()")
    with ThreadPoolExecutor(visitors) as pool:
        times = sorted(pool.map(timed_get, [url] * visitors))
    return {"median": times[len(times) // 2], "slowest": times[-1]}


def bench_pages(env) -> list[tuple[str, str]]:
    """The pages to load, resolved against the generated data."""
    out = subprocess.run(  # noqa: S603
        [PYTHON, "manage.py", "bench_urls"], cwd=ROOT, env=env, check=True, capture_output=True
    ).stdout.decode()
    return [tuple(line.split("\t", 1)) for line in out.strip().splitlines()]


def machine() -> str:
    cores = os.cpu_count()
    mem = ""
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        mem = f", {kb / 1024 / 1024:.0f} GiB RAM"
    except (OSError, ValueError, IndexError):
        pass
    return f"{platform.machine()}, {cores} cores{mem}, Python {platform.python_version()}"


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pledges", type=int, default=100_000)
    parser.add_argument("--duration", type=int, default=10, help="seconds of load per page")
    parser.add_argument("--connections", type=int, default=16)
    # wrk shares the machine with the server: one thread drives 16 connections at these rates,
    # and 2 x cores - 1 workers leave it a core's share instead of competing with it.
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--workers", type=int, default=max(2, 2 * (os.cpu_count() or 1) - 1))
    parser.add_argument("--port", type=int, default=8099)
    parser.add_argument("--no-readme", action="store_true", help="do not update README.md")
    args = parser.parse_args()

    if not shutil.which("wrk"):
        sys.exit("wrk is missing: sudo apt-get install wrk (make bench installs it)")
    env = bench_env(args)
    database = env["DATABASE_URL"].split("@")[-1]
    print(f"== Database: {database}; cache: {env.get('REDIS_URL') or 'local memory'}")
    manage(env, "migrate", "--noinput", "-v", "0")
    manage(env, "generate_bench_data", "--pledges", str(args.pledges))
    manage(env, "collectstatic", "--noinput", "-v", "0")

    base = f"http://127.0.0.1:{args.port}"
    server = subprocess.Popen(  # noqa: S603
        [
            PYTHON,
            "-m",
            "gunicorn",
            "coalition_portal.wsgi:application",
            "--bind",
            f"127.0.0.1:{args.port}",
            "--workers",
            str(args.workers),
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        wait_until_up(base + "/healthz")
        # The baseline is the view alone: requested with a cookie, it skips the page cache.
        pages = [(MINIMAL_LABEL, MINIMAL_PATH), *bench_pages(env)]
        # Every worker starts (imports, connections) before anything is measured.
        run_wrk(base + MINIMAL_PATH, connections=args.connections, duration=3, threads=1)
        rows = []
        static_cache = set()
        for label, path in pages:
            url = base + path
            fetch(url)  # warm the caches once, as a first visitor would
            # Then every worker (imports, template loading, connections): steady state only.
            run_wrk(url, connections=args.connections, duration=2, threads=args.threads)
            result = run_wrk(
                url,
                connections=args.connections,
                duration=args.duration,
                threads=args.threads,
                cookie=path == MINIMAL_PATH,
            )
            rendered = run_wrk(
                url,
                connections=args.connections,
                duration=max(3, args.duration // 2),
                threads=args.threads,
                cookie=True,
            )
            size, cache_headers = first_load(base, path)
            static_cache |= cache_headers
            result.update(label=label, path=path, bytes=size, rendered=rendered)
            rows.append(result)
            print(
                f"{label:<32} {result['rps']:>9.1f} req/s  p50 {result['p50']:.1f} ms  "
                f"p99 {result['p99']:.1f} ms  errors {result['errors']}  | rendered "
                f"{rendered['rps']:.1f} req/s  p99 {rendered['p99']:.1f} ms  "
                f"errors {rendered['errors']}"
            )
        cold = []
        for label, path in pages[1:]:
            result = after_a_change(env, base + path, args.connections)
            cold.append({"label": label, **result})
            print(
                f"{label:<32} after a change: median {result['median']:.0f} ms, "
                f"slowest {result['slowest']:.0f} ms"
            )
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)

    baseline = rows[0]["rps"]
    lines = [
        f"Machine: {machine()}; database: {database.split('?')[0]}; "
        f"cache: {'Redis' if env.get('REDIS_URL') else 'local memory'}; {args.pledges:,} pledges; "
        f"gunicorn {args.workers} workers; wrk {args.connections} connections, "
        f"{args.duration} s per page; {time.strftime('%Y-%m-%d')}.",
        "",
        "Static files (CSS, JS): `Cache-Control: "
        + "`, `".join(sorted(static_cache - {"none"}) or ["none"])
        + "`.",
        "",
        "| page | path | req/s | vs minimal | p50 ms | p99 ms | errors | first load KB "
        "| rendered req/s | rendered p99 ms |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for row in rows:
        rendered = row["rendered"]
        lines.append(
            f"| {row['label']} | `{row['path']}` | {row['rps']:.0f} | "
            f"{100 * row['rps'] / baseline:.0f}% | {row['p50']:.1f} | {row['p99']:.1f} | "
            f"{row['errors']} | {row['bytes'] / 1024:.1f} | {rendered['rps']:.0f} | "
            f"{rendered['p99']:.1f} |"
        )
    lines += [
        "",
        f"Right after a change (the content version moved on, as when a pledge is published), "
        f"{args.connections} visitors arriving at once on a page:",
        "",
        "| page | median ms | slowest ms |",
        "| --- | ---: | ---: |",
    ]
    lines += [f"| {row['label']} | {row['median']:.0f} | {row['slowest']:.0f} |" for row in cold]
    table = "\n".join(lines) + "\n"
    RESULTS.write_text(table)
    print("\n" + table)
    if not args.no_readme and START in README.read_text():
        text = README.read_text()
        head, rest = text.split(START, 1)
        _, tail = rest.split(END, 1)
        README.write_text(f"{head}{START}\n{table}{END}{tail}")
        print("README.md updated.")


if __name__ == "__main__":
    main()
