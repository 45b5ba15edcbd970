"""Shared fixtures: a clean cache per test, and the browser harness (Playwright + axe-core).

Browser tests drive the system Chromium (Debian's `chromium`), never a downloaded browser.
Locally they are skipped, with a clear reason, when Chromium is missing; in CI
(`CI=true`) a missing browser or a skipped browser test fails the run.
"""

import fcntl
import os

import pytest
from django.core.cache import cache
from django.utils import translation

# Playwright's sync API runs an event loop in the test thread; Django's ORM is still used
# synchronously there, which is safe in tests.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_PATH = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
# WCAG 2.1 A and AA rules (the EU public-sector requirement, EN 301 549).
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}


PROJECT_APPS = {"core", "accounts", "national_coalitions", "pledges", "awards", "blog"}


def _seed_reference_data():
    """Re-run the project's data migrations (all idempotent) against the current database."""
    from django.apps import apps
    from django.db import connection
    from django.db.migrations.loader import MigrationLoader
    from django.db.migrations.operations import RunPython

    loader = MigrationLoader(connection, ignore_no_migrations=True)
    done = set()
    with connection.schema_editor() as schema_editor:
        for key in loader.graph.leaf_nodes():
            for node in loader.graph.forwards_plan(key):
                if node[0] not in PROJECT_APPS or node in done:
                    continue
                done.add(node)
                for operation in loader.graph.nodes[node].operations:
                    if isinstance(operation, RunPython):
                        operation.code(apps, schema_editor)


@pytest.fixture(autouse=True)
def _reference_data(request):
    """Transactional tests (the live server's included) flush the whole database afterwards,
    data-migration rows too (Secretariat group, fixed lists); put them back before each one."""
    marker = request.node.get_closest_marker("django_db")
    fixtures = request.fixturenames
    if (marker and marker.kwargs.get("transaction")) or {
        "live_server",
        "transactional_db",
    } & set(fixtures):
        request.getfixturevalue("transactional_db")
        from django.contrib.auth.models import Group

        from core.secretariat import SECRETARIAT_GROUP

        if not Group.objects.filter(name=SECRETARIAT_GROUP).exists():
            _seed_reference_data()


@pytest.fixture(autouse=True)
def _english():
    """Each test starts in English: a request in another language leaves its language active
    in the thread, and `reverse()` would then prefix the next test's addresses with it."""
    translation.activate("en")
    yield
    translation.activate("en")


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


def pytest_collection_modifyitems(config, items):
    for item in items:
        fixtures = getattr(item, "fixturenames", [])
        if "page" in fixtures:
            item.add_marker(pytest.mark.browser)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    # In CI a skipped browser test is a failure: the accessibility suite must really run.
    if IN_CI and report.skipped and item.get_closest_marker("browser"):
        report.outcome = "failed"
        report.longrepr = f"Browser test skipped in CI: {report.longrepr}"
    return report


@pytest.fixture(scope="session")
def browser():
    if not os.access(CHROMIUM_PATH, os.X_OK):
        reason = f"Chromium not found at {CHROMIUM_PATH} (apt-get install chromium)"
        if IN_CI:
            pytest.fail(f"{reason}: browser tests are required in CI")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM_PATH, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(10_000)
    # Any script blocked by the CSP, or any JavaScript error, fails the test.
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on(
        "console",
        lambda msg: (
            errors.append(msg.text)
            if msg.type == "error" and "Content Security Policy" in msg.text
            else None
        ),
    )
    yield page
    context.close()
    assert not errors, f"JavaScript errors or CSP violations: {errors}"


@pytest.fixture(scope="session")
def axe():
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


@pytest.fixture
def assert_accessible(axe):
    """Call with a Playwright page: fails with axe's report on any WCAG 2.1 A/AA violation."""

    def check(page):
        results = axe.run(page, options=AXE_OPTIONS)
        assert results.violations_count == 0, (
            f"{page.url}: {results.violations_count} accessibility violation(s)\n"
            f"{results.generate_report()}"
        )

    return check


@pytest.fixture
def many_connections(tmp_path_factory):
    """For tests that open dozens of database connections at once (threads racing for a row
    lock): one such test at a time across the pytest-xdist workers, so that two of them never
    exceed PostgreSQL's max_connections together. A file lock in the run's shared temp dir."""
    lock_path = tmp_path_factory.getbasetemp().parent / "many-connections.lock"
    with open(lock_path, "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


@pytest.fixture
def run_task(django_capture_on_commit_callbacks):
    """Enqueue a task and run it as a worker would once the enqueueing commit is done;
    returns the task's return value."""

    def run(task, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            result = task.enqueue(*args, **kwargs)
        return result.return_value

    return run
