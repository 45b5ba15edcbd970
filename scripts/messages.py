"""The interface's translation catalogues: update, check and compile them.

    python scripts/messages.py update    # makemessages for every language (needs GNU gettext)
    python scripts/messages.py check     # fails when makemessages would change the message set
    python scripts/messages.py compile   # .po -> .mo with polib: no GNU gettext needed

The catalogues are locale/<language>/LC_MESSAGES/django.po (the project's own messages) and
locale_libraries/<language>/LC_MESSAGES/django.po (Django's and the libraries' messages for
the languages those libraries do not translate; written by hand, never extracted). No app
may have a locale/ folder of its own: makemessages would move that app's messages into it.
"""

import os
import shutil
import sys
import tempfile
from pathlib import Path

import polib

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coalition_portal.settings.test")

# What makemessages reads: the project's Python and templates, not its tests or tools.
IGNORE = [".venv", "tests", "scripts", "bench", "staticfiles", "media", "node_modules", "build"]
MAKEMESSAGES_OPTIONS = {
    "ignore_patterns": IGNORE,
    "add_location": "file",  # file names only: catalogues do not churn when lines move
    "no_obsolete": True,
    "verbosity": 0,
}


def catalogue_languages() -> list[str]:
    from django.conf import settings

    return [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]


def setup_django():
    import django

    django.setup()


def has_gettext() -> bool:
    return shutil.which("xgettext") is not None and shutil.which("msgmerge") is not None


def update() -> int:
    from django.core.management import call_command

    setup_django()
    os.chdir(BASE_DIR)
    call_command("makemessages", locale=catalogue_languages(), **MAKEMESSAGES_OPTIONS)
    return 0


def message_keys(path: Path) -> set[tuple[str | None, str]]:
    return {(e.msgctxt, e.msgid) for e in polib.pofile(str(path)) if not e.obsolete}


def check() -> int:
    """Extract into a copy of the sources and compare with every catalogue."""
    if not has_gettext():
        message = "GNU gettext (xgettext) is not installed: the catalogue check cannot run."
        if os.environ.get("CI"):
            print(f"ERROR: {message}", file=sys.stderr)
            return 1
        print(f"NOTE: {message} Skipped (install the gettext package).")
        return 0
    from django.core.management import call_command
    from django.test.utils import override_settings

    setup_django()
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "src"
        shutil.copytree(
            BASE_DIR, copy, ignore=shutil.ignore_patterns(".git", "locale", *IGNORE, "*.pyc")
        )
        cwd = os.getcwd()
        os.chdir(copy)
        try:
            with override_settings(LOCALE_PATHS=[str(copy / "locale")]):
                call_command("makemessages", locale=["en"], **MAKEMESSAGES_OPTIONS)
        finally:
            os.chdir(cwd)
        extracted = message_keys(copy / "locale" / "en" / "LC_MESSAGES" / "django.po")
    failures = 0
    for language in catalogue_languages():
        path = BASE_DIR / "locale" / language / "LC_MESSAGES" / "django.po"
        if not path.exists():
            print(f"{path.relative_to(BASE_DIR)}: missing")
            failures += 1
            continue
        present = message_keys(path)
        for label, keys in (("not in the catalogue", extracted - present),
                            ("no longer in the code", present - extracted)):  # fmt: skip
            for msgctxt, msgid in sorted(keys, key=lambda key: key[1]):
                context = f" (context {msgctxt!r})" if msgctxt else ""
                print(f"{path.relative_to(BASE_DIR)}: {label}: {msgid!r}{context}")
                failures += 1
    if failures:
        print(
            f"{failures} difference(s): run `make messages`, then translate the new entries.",
            file=sys.stderr,
        )
        return 1
    print(
        f"Catalogues up to date: {len(extracted)} messages, {len(catalogue_languages())} languages."
    )
    return 0


def catalogues() -> list[Path]:
    return sorted(
        path
        for pattern in ("locale/*/LC_MESSAGES/*.po", "locale_libraries/*/LC_MESSAGES/*.po")
        for path in BASE_DIR.glob(pattern)
        if ".venv" not in path.parts
    )


def compile_all() -> int:
    """Write each .mo whose .po is newer; polib leaves out fuzzy and untranslated entries."""
    written = 0
    for po_path in catalogues():
        mo_path = po_path.with_suffix(".mo")
        if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        polib.pofile(str(po_path)).save_as_mofile(str(mo_path))
        written += 1
    if written:
        print(f"Compiled {written} catalogue(s).")
    return 0


def main(argv: list[str]) -> int:
    commands = {"update": update, "check": check, "compile": compile_all}
    if len(argv) != 2 or argv[1] not in commands:
        print(__doc__, file=sys.stderr)
        return 2
    return commands[argv[1]]()


if __name__ == "__main__":
    sys.exit(main(sys.argv))
