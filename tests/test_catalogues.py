"""The translation catalogues are complete and every entry fits its English message."""

import re
from collections import Counter
from pathlib import Path

import polib
import pytest
from django.conf import settings

BASE_DIR = Path(settings.BASE_DIR)
LANGUAGES = [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]
# %(name)s, %s, %d, %%, {name} and {} (format_html).
PLACEHOLDER = re.compile(r"%\([^)]+\)[sdfr]|%[sdfr]|%%|\{[a-z_]*\}")
TAG = re.compile(r"</?([a-z][a-z0-9]*)")


def catalogue(code: str) -> polib.POFile:
    return polib.pofile(str(BASE_DIR / "locale" / code / "LC_MESSAGES" / "django.po"))


def hand_written_catalogues() -> list[Path]:
    return sorted(BASE_DIR.glob("locale_libraries/*/LC_MESSAGES/django.po"))


def problems(po: polib.POFile) -> list[str]:
    found = []
    nplurals = int(re.search(r"nplurals=(\d+)", po.metadata["Plural-Forms"])[1])
    for entry in po:
        where = f"{entry.msgid[:60]!r}"
        if entry.obsolete:
            found.append(f"obsolete: {where}")
            continue
        if "fuzzy" in entry.flags:
            found.append(f"fuzzy: {where}")
        if entry.msgid_plural:
            forms = [entry.msgstr_plural.get(n, "") for n in range(nplurals)]
            if len(entry.msgstr_plural) != nplurals:
                found.append(f"{len(entry.msgstr_plural)} plural forms, not {nplurals}: {where}")
            # A form may read like the English singular (without the count) or the plural.
            english = [(entry.msgid_plural, entry.msgid)] * len(forms)
        else:
            forms, english = [entry.msgstr], [(entry.msgid,)]
        for form, sources in zip(forms, english, strict=True):
            source = sources[0]
            if not form.strip():
                found.append(f"empty: {where}")
                continue
            placeholders = Counter(PLACEHOLDER.findall(form))
            if all(placeholders != Counter(PLACEHOLDER.findall(s)) for s in sources):
                found.append(f"placeholders differ: {where} -> {form[:60]!r}")
            if Counter(TAG.findall(form)) != Counter(TAG.findall(source)):
                found.append(f"HTML tags differ: {where} -> {form[:60]!r}")
            if source.startswith("\n") != form.startswith("\n") or source.endswith(
                "\n"
            ) != form.endswith("\n"):
                found.append(f"line breaks differ: {where}")
    return found


@pytest.mark.parametrize("code", LANGUAGES)
def test_every_message_is_translated_and_fits(code):
    po = catalogue(code)
    assert po.metadata["Language"] == code
    assert len(po) > 1000
    assert problems(po) == []


def test_every_language_has_the_same_messages():
    english = {(e.msgctxt, e.msgid) for e in catalogue("fr")}
    for code in LANGUAGES:
        assert {(e.msgctxt, e.msgid) for e in catalogue(code)} == english, code


@pytest.mark.parametrize("path", hand_written_catalogues(), ids=lambda p: p.parent.parent.name)
def test_the_hand_written_catalogues_are_complete_too(path):
    po = polib.pofile(str(path))
    assert len(po) > 0
    assert problems(po) == []


def test_the_check_finds_what_it_must():
    """The checks can fail: an empty, a fuzzy and a mangled entry are each reported."""
    po = polib.POFile()
    po.metadata = {"Plural-Forms": "nplurals=2; plural=(n != 1);"}
    po.append(polib.POEntry(msgid="Hello", msgstr=""))
    po.append(polib.POEntry(msgid="Hi %(name)s", msgstr="Salut %(nom)s"))
    po.append(polib.POEntry(msgid="<a>x</a>", msgstr="x", flags=["fuzzy"]))
    po.append(
        polib.POEntry(
            msgid="%(n)s pledge", msgid_plural="%(n)s pledges", msgstr_plural={0: "%(n)s"}
        )
    )
    found = problems(po)
    assert any(p.startswith("empty: 'Hello'") for p in found)
    assert any(p.startswith("placeholders differ: 'Hi") for p in found)
    assert any(p.startswith("fuzzy: '<a>") for p in found)
    assert any(p.startswith("HTML tags differ: '<a>") for p in found)
    assert any(p.startswith("1 plural forms, not 2") for p in found)
