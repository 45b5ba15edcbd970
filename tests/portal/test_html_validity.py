"""Every crawled public page is valid HTML, as the Nu Html Checker (vnu.jar) judges it.

The checker is the `vnu-jar` npm package (package.json, installed by `npm ci` into node_modules/)
run on Debian's Java. Locally the tests are skipped, with the reason, when either is missing; in
CI (`CI=true`) that is a failure: the check must really run there.
"""

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings

from tests.conftest import IN_CI
from tests.crawl import crawl_pages, demo  # noqa: F401 (demo is a fixture)

pytestmark = pytest.mark.django_db

VNU_JAR = Path(settings.BASE_DIR) / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
# English, and Irish: among the longest texts, and formats of its own.
CHECKED_LANGUAGES = ["en", "ga"]
# Warnings kept on purpose, each with its reason.
ALLOWED_WARNINGS = {
    # Safari and VoiceOver drop the list semantics of a list styled without bullets
    # (`list-style: none`); the explicit role gives them back.
    "The “list” role is unnecessary for element “ul”.",
    "The “list” role is unnecessary for element “ol”.",
}


@pytest.fixture(scope="session")
def vnu():
    """Call with a folder: the checker's messages on every .html file in it, in one run."""
    java = shutil.which("java")
    missing = []
    if java is None:
        missing.append("Java (apt-get install default-jre-headless)")
    if not VNU_JAR.exists():
        missing.append(
            f"{VNU_JAR.relative_to(settings.BASE_DIR)} (run `make install-vnu`, i.e. `npm ci`)"
        )
    if missing:
        reason = "The Nu Html Checker needs " + " and ".join(missing)
        if IN_CI:
            pytest.fail(f"{reason}: the HTML check is required in CI")
        pytest.skip(reason)

    def check(folder: Path) -> list[dict]:
        result = subprocess.run(
            [
                java,
                "-jar",
                str(VNU_JAR),
                "--format",
                "json",
                "--stdout",
                "--exit-zero-always",
                "--skip-non-html",
                str(folder),
            ],
            capture_output=True,
            text=True,
            timeout=300,
            check=True,
        )
        return json.loads(result.stdout)["messages"]

    return check


def errors_and_warnings(messages: list[dict]) -> tuple[list[dict], list[dict]]:
    # "error", and "non-document-error" for a file the checker could not read, are errors;
    # "info" with the subType "warning" is a warning; other "info" messages are notes.
    errors = [message for message in messages if message["type"] != "info"]
    warnings = [
        message
        for message in messages
        if message.get("subType") == "warning" and message["message"] not in ALLOWED_WARNINGS
    ]
    return errors, warnings


def describe(messages: list[dict], pages: dict[str, str]) -> str:
    lines = []
    for message in messages:
        name = message.get("url", "").rsplit("/", 1)[-1]
        where = f"{pages.get(name, name)} line {message.get('lastLine', '?')}"
        extract = message.get("extract", "").replace("\n", " ")
        lines.append(f"{where}: {message['message']}\n    …{extract}…")
    return "\n".join(lines)


@pytest.mark.usefixtures("demo")
def test_every_crawled_page_is_valid_html(client, vnu, tmp_path):
    pages = {}
    for code in CHECKED_LANGUAGES:
        for page, path in crawl_pages():
            address = f"/{code}{path}"
            response = client.get(address)
            assert response.status_code == page.status, address
            name = f"{code}-{page.name}.html"
            (tmp_path / name).write_bytes(response.content)
            pages[name] = address
    errors, warnings = errors_and_warnings(vnu(tmp_path))
    assert not errors, f"{len(errors)} HTML error(s):\n{describe(errors, pages)}"
    assert not warnings, f"{len(warnings)} HTML warning(s):\n{describe(warnings, pages)}"


def test_the_checker_reports_invalid_html(vnu, tmp_path):
    """The harness can fail: a fraction of a second of six digits and a stray end tag."""
    (tmp_path / "invalid.html").write_text(
        '<!DOCTYPE html><html lang="en"><head><title>Invalid</title></head><body><main>'
        '<time datetime="2026-12-01T09:12:21.426116+01:00">1 December 2026</time>'
        "</div></main></body></html>"
    )
    (tmp_path / "valid.html").write_text(
        '<!DOCTYPE html><html lang="en"><head><title>Valid</title></head><body><main>'
        '<time datetime="2026-12-01T08:12:21Z">1 December 2026</time></main></body></html>'
    )
    errors, _warnings = errors_and_warnings(vnu(tmp_path))
    assert {error["url"].rsplit("/", 1)[-1] for error in errors} == {"invalid.html"}
    texts = " ".join(error["message"] for error in errors)
    assert "datetime" in texts
    assert "Stray end tag" in texts
