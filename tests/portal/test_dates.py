"""One date style and one date-time style in every language, on the public pages and in the
admin alike (Django's localised DATE_FORMAT and DATETIME_FORMAT, coalition_portal/formats/),
and machine-readable `<time datetime>` values that are valid HTML."""

import datetime
import re
import zoneinfo

import pytest
from django.conf import settings
from django.template import Context, Template
from django.urls import reverse
from django.utils import formats, translation

from national_coalitions.models import NationalCoalition
from tests.accounts.factories import SecretariatUserFactory
from tests.blog.factories import PostFactory
from tests.national_coalitions.factories import NationalCoalitionFactory

pytestmark = pytest.mark.django_db

BRUSSELS = zoneinfo.ZoneInfo("Europe/Brussels")
LANGUAGES = [code for code, _name in settings.LANGUAGES]
TIME_ELEMENT = re.compile(r'<time datetime="([^"]*)"[^>]*>([^<]*)</time>')
# HTML's valid date string and global date-and-time string (at most three digits of a second).
HTML_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
HTML_DATETIME = re.compile(
    r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:?\d{2})"
)


@pytest.mark.parametrize("code", LANGUAGES)
def test_each_language_writes_a_date_time_as_its_date_then_a_24_hour_time(code):
    evening = datetime.datetime(2026, 12, 1, 21, 7, tzinfo=BRUSSELS)
    with translation.override(code):
        date = formats.date_format(evening, "DATE_FORMAT")
        date_time = formats.date_format(evening, "DATETIME_FORMAT")
        short_date_time = formats.date_format(evening, "SHORT_DATETIME_FORMAT")
        own_format = formats.get_format("DATETIME_FORMAT")
    # Each language has its own, not Django's American fallback ("Dec. 1, 2026, 9:07 p.m.").
    assert own_format != settings.DATETIME_FORMAT
    assert date in date_time
    for shown in (date_time, short_date_time):
        assert re.search(r"21[:.]07", shown), shown
        assert "  " not in shown


@pytest.mark.parametrize(
    ("code", "shown"),
    [
        ("it", "1 dicembre 2026"),
        ("pt", "1 de dezembro de 2026"),
        ("ro", "1 decembrie 2026"),
        ("bg", "1 декември 2026 г."),
        ("de", "1. Dezember 2026"),
    ],
)
def test_month_names_inside_a_date_are_written_as_the_language_writes_them(code, shown):
    # Django's Italian, Portuguese, Romanian and Bulgarian month names are capitalised, as in a
    # calendar heading; inside a date these languages write them in lower case.
    with translation.override(code):
        assert formats.date_format(datetime.date(2026, 12, 1), "DATE_FORMAT") == shown
        assert formats.date_format(
            datetime.datetime(2026, 12, 1, 9, 11, tzinfo=BRUSSELS), "DATETIME_FORMAT"
        ).startswith(shown)


def test_a_page_shows_dates_in_one_style_and_date_times_in_another(client):
    coalition = NationalCoalitionFactory(
        launch_date=datetime.date(2017, 1, 1), last_verified_date=datetime.date(2017, 11, 30)
    )
    updated = datetime.datetime(2026, 12, 1, 9, 2, 21, 426116, tzinfo=BRUSSELS)
    NationalCoalition.objects.filter(pk=coalition.pk).update(updated_at=updated)
    html = client.get(coalition.get_absolute_url()).content.decode()

    times = TIME_ELEMENT.findall(html)
    assert ("2017-01-01", "1 January 2017") in times
    assert ("2017-11-30", "30 November 2017") in times
    assert ("2026-12-01T09:02:21+01:00", "1 December 2026, 09:02") in times
    for value, _shown in times:
        assert HTML_DATE.fullmatch(value) or HTML_DATETIME.fullmatch(value), value
    assert "30/11/2017" not in html
    assert "01/12/2026" not in html


def test_dates_follow_the_visitor_language(client):
    coalition = NationalCoalitionFactory(last_verified_date=datetime.date(2017, 11, 30))
    updated = datetime.datetime(2026, 12, 1, 9, 2, tzinfo=BRUSSELS)
    NationalCoalition.objects.filter(pk=coalition.pk).update(updated_at=updated)
    path = coalition.get_absolute_url().removeprefix("/en")
    html = client.get(f"/de{path}").content.decode()
    assert ("2017-11-30", "30. November 2017") in TIME_ELEMENT.findall(html)
    assert ("2026-12-01T09:02:00+01:00", "1. Dezember 2026 09:02") in TIME_ELEMENT.findall(html)


@pytest.mark.parametrize(
    ("code", "shown"),
    [
        ("en", "1 December 2026, 09:11"),
        # Languages whose Django formats have no date-time of their own (the American one showed).
        ("bg", "1 декември 2026 г., 09:11"),
        ("et", "1. detsember 2026 09:11"),
        ("ga", "1 Nollaig 2026, 09:11"),
    ],
)
def test_the_admin_shows_date_times_in_the_portal_style(client, code, shown):
    PostFactory(title="Launch", published_at=datetime.datetime(2026, 12, 1, 9, 11, tzinfo=BRUSSELS))
    client.force_login(SecretariatUserFactory())
    html = client.get(reverse("admin:blog_post_changelist"), HTTP_ACCEPT_LANGUAGE=code)
    html = html.content.decode()
    assert shown in html
    assert "Dec. 1, 2026" not in html
    assert "a.m." not in html


@pytest.mark.parametrize(
    ("value", "attribute", "date_only"),
    [
        (
            datetime.datetime(2026, 12, 1, 8, 12, 21, 426116, tzinfo=datetime.UTC),
            "2026-12-01T09:12:21+01:00",
            "2026-12-01",
        ),
        # Late in the evening in UTC is the next day in Brussels.
        (
            datetime.datetime(2026, 6, 30, 23, 30, tzinfo=datetime.UTC),
            "2026-07-01T01:30:00+02:00",
            "2026-07-01",
        ),
        (datetime.date(2017, 1, 1), "2017-01-01", "2017-01-01"),
        (None, "", ""),
    ],
)
def test_time_attributes_are_valid_html(value, attribute, date_only):
    template = Template("{% load portal %}{{ value|datetime_attr }} {{ value|date_attr }}")
    assert template.render(Context({"value": value})) == f"{attribute} {date_only}"
    if value is not None:
        assert HTML_DATETIME.fullmatch(attribute) or HTML_DATE.fullmatch(attribute)


def test_a_date_is_one_placeholder_of_a_whole_sentence():
    # `time_tag` gives the whole <time> element, so that a sentence keeps the date inside it
    # ("Valid until {{ date }}") and translators place it where their language needs it.
    template = Template(
        "{% load i18n portal %}"
        "{% blocktranslate with date=value|time_tag %}Valid until {{ date }}{% endblocktranslate %}"
        " | {{ moment|time_tag:'DATETIME_FORMAT' }} | [{{ nothing|time_tag }}]"
    )
    context = Context(
        {
            "value": datetime.date(2026, 12, 15),
            "moment": datetime.datetime(2026, 12, 1, 8, 11, 5, 426116, tzinfo=datetime.UTC),
            "nothing": None,
        }
    )
    with translation.override("fr"):
        rendered = template.render(context)
    assert rendered == (
        'Valable jusqu\'au <time datetime="2026-12-15">15 décembre 2026</time> | '
        '<time datetime="2026-12-01T09:11:05+01:00">1 décembre 2026 09:11</time> | []'
    )
