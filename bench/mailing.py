"""`make bench-mail`: a newsletter mailing to 10,000 confirmed subscribers, end to end.

In a scratch database (`bench/results/mailing.sqlite3`, recreated each run, or PostgreSQL when
DATABASE_URL is set: use a database you can throw away), it creates the subscribers by bulk
insert, then times what the admin's "Send now" does (enqueue only), and the real worker
(`manage.py db_worker --batch`, its own process) dispatching the batches and delivering every
message to a local aiosmtpd sink (another process). It reports the worker's peak memory (its
maximum resident set size, from `wait4`) and prints a Markdown table for README. A benchmark,
not a test: CI does not run it.

    .venv/bin/python bench/mailing.py [--subscribers 10000]
"""

import argparse
import os
import platform
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SQLITE = ROOT / "bench" / "results" / "mailing.sqlite3"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_port(port: int, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise SystemExit(f"The SMTP sink did not start on port {port}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--subscribers", type=int, default=10_000)
    args = parser.parse_args()

    port = free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "coalition_portal.settings.development",
        "DJANGO_DEBUG": "0",  # DEBUG would keep every query in memory
        "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "DJANGO_EMAIL_HOST": "127.0.0.1",
        "DJANGO_EMAIL_PORT": str(port),
        "DJANGO_EMAIL_USE_TLS": "0",
        "SITE_URL": "https://portal.example.eu",
    }
    if not env.get("DATABASE_URL"):
        SQLITE.parent.mkdir(exist_ok=True)
        SQLITE.unlink(missing_ok=True)
        env["DATABASE_URL"] = f"sqlite:///{SQLITE}"
    os.environ.update(env)
    python = sys.executable

    # The sink accepts and discards every message, in a process of its own.
    sink = subprocess.Popen(  # noqa: S603 (our own interpreter and arguments)
        [python, "-m", "aiosmtpd", "-n", "-l", f"127.0.0.1:{port}", "-c", "aiosmtpd.handlers.Sink"],
        cwd=ROOT,
    )
    try:
        wait_for_port(port)
        subprocess.run(  # noqa: S603
            [python, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True
        )
        results = run(args.subscribers, python, env)
    finally:
        sink.terminate()
        sink.wait(10)
    print_table(results, env["DATABASE_URL"])


def run(count: int, python: str, env: dict) -> dict:
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.db import connection
    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    from blog import services
    from blog.models import Author, Mailing, MailingDelivery, MailingLink, Post, Subscriber

    # A scratch PostgreSQL database may hold a previous run.
    for model in (MailingDelivery, MailingLink, Mailing, Subscriber):
        model.objects.all().delete()
    DBTaskResult.objects.all().delete()

    now = timezone.now()
    started = time.perf_counter()
    Subscriber.objects.bulk_create(
        (
            Subscriber(
                email=f"reader{n}@example.org",
                status=Subscriber.Status.CONFIRMED,
                consented_at=now,
                confirmation_sent_at=now,
                confirmed_at=now,
            )
            for n in range(count)
        ),
        batch_size=2000,
    )
    create_seconds = time.perf_counter() - started

    author, _ = Author.objects.get_or_create(slug="bench-author", defaults={"name": "Bench"})
    post, _ = Post.objects.get_or_create(
        slug="bench-post",
        defaults={
            "title": "Coding clubs everywhere",
            "author": author,
            "excerpt": "A post featured in the mailing.",
            "body": "Text.",
            "status": Post.Status.PUBLISHED,
            "published_at": now,
        },
    )
    mailing = services.save_mailing(
        mailing=Mailing(
            subject="The Coalition in December",
            body="## Highlights\n\nThree new **pledges**, two coalitions and the awards call.\n\n"
            + "A paragraph of news about digital skills. " * 20,
        )
    )
    mailing.featured_posts.add(post)
    MailingLink.objects.create(
        mailing=mailing, title="Award winners", url="https://portal.example.eu/awards/"
    )

    # What the admin's "Send now" request does: lock, mark sending, enqueue. Nothing more.
    started = time.perf_counter()
    services.start_mailing(mailing=mailing)
    enqueue_seconds = time.perf_counter() - started
    connection.close()

    started = time.perf_counter()
    worker = subprocess.Popen(  # noqa: S603
        [python, "manage.py", "db_worker", "--batch", "--no-startup-delay", "-v", "0"],
        cwd=ROOT,
        env=env,
    )
    _pid, status, usage = os.wait4(worker.pid, 0)
    worker.returncode = os.waitstatus_to_exitcode(status)
    worker_seconds = time.perf_counter() - started
    if worker.returncode:
        raise SystemExit(f"The worker failed with status {worker.returncode}")

    mailing.refresh_from_db()
    dispatch = DBTaskResult.objects.get(task_path="blog.tasks.dispatch_mailing")
    statuses = dict.fromkeys(MailingDelivery.Status.values, 0)
    for value in mailing.deliveries.values_list("status", flat=True):
        statuses[value] += 1
    peak_kib = usage.ru_maxrss  # kilobytes on Linux
    return {
        "subscribers": count,
        "create_seconds": create_seconds,
        "enqueue_ms": enqueue_seconds * 1000,
        "dispatch_seconds": (dispatch.finished_at - dispatch.started_at).total_seconds(),
        "batches": DBTaskResult.objects.filter(task_path="blog.tasks.send_mailing_batch").count(),
        "delivery_seconds": (mailing.finished_at - mailing.started_at).total_seconds(),
        "worker_seconds": worker_seconds,
        "peak_mib": peak_kib / 1024,
        "statuses": statuses,
        "status": mailing.status,
    }


def print_table(r: dict, database_url: str) -> None:
    database = "SQLite" if database_url.startswith("sqlite") else "PostgreSQL"
    rate = r["subscribers"] / r["delivery_seconds"]
    print(
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}; database: {database}; one worker; "
        f"{time.strftime('%Y-%m-%d')}.\n"
    )
    outcome = ", ".join(f"{n} {s}" for s, n in r["statuses"].items())
    rows = [
        (
            "confirmed subscribers (bulk insert)",
            f"{r['subscribers']} in {r['create_seconds']:.1f} s",
        ),
        ('"Send now" (the admin request\'s work: enqueue only)', f"{r['enqueue_ms']:.0f} ms"),
        (
            f"dispatch task (a delivery row each, {r['batches']} batch tasks)",
            f"{r['dispatch_seconds']:.2f} s",
        ),
        (
            "delivery to the SMTP sink (sending started → finished)",
            f"{r['delivery_seconds']:.1f} s ({rate:.0f} messages/s)",
        ),
        ("worker process, start to exit", f"{r['worker_seconds']:.1f} s"),
        ("worker peak memory (max RSS)", f"{r['peak_mib']:.0f} MiB"),
        ("deliveries", f"{outcome}; mailing {r['status']}"),
    ]
    print("| step | result |")
    print("| --- | ---: |")
    for step, result in rows:
        print(f"| {step} | {result} |")


if __name__ == "__main__":
    main()
