import datetime
import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from awards.models import Entry
from core.forms import HONEYPOT_FIELD_NAME
from organisations.models import Membership, Organisation

from .factories import AwardEditionFactory, CategoryFactory, image_bytes, image_upload, open_edition

pytestmark = pytest.mark.django_db


@pytest.fixture
def edition():
    edition = open_edition()
    CategoryFactory(edition=edition, name="Digital Skills in Education")
    return edition


@pytest.fixture
def url(edition):
    return reverse("awards:entry-create", kwargs={"year": edition.year})


@pytest.fixture
def data(edition):
    return {
        "category": edition.categories.get().pk,
        "project_name": "Code Club Classrooms",
        "organisation_name": "Teachers Learning Network",
        "country": "IT",
        "website": "https://example.org/code-club",
        "description": "Weekly coding clubs in primary schools.",
        "image_alt": "",
        "contact_name": "Maria Rossi",
        "contact_email": "maria@example.org",
        "contact_phone": "",
        "consent": "on",
    }


def test_form_page_renders_with_categories_and_honeypot(client, url):
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'enctype="multipart/form-data"' in html
    assert "Digital Skills in Education" in html
    assert f'name="{HONEYPOT_FIELD_NAME}"' in html
    assert 'name="csrfmiddlewaretoken"' in html


def test_valid_entry_is_saved_confirmed_and_emailed(
    client, url, data, edition, django_capture_on_commit_callbacks, settings
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url,
            {**data, "image": image_upload("Club Photo.png")}
            | {"image_alt": "Children at laptops"},
        )
    assert response.status_code == 302
    assert response.url == reverse("awards:entry-done", kwargs={"year": edition.year})
    entry = Entry.objects.get()
    assert entry.status == Entry.Status.SUBMITTED
    assert entry.edition == edition
    assert entry.slug == "code-club-classrooms"
    assert re.fullmatch(rf"EDSA-{edition.year}-\d{{6}}", entry.reference)
    assert entry.reference == f"EDSA-{edition.year}-{entry.pk:06d}"
    assert entry.image.name.endswith(".png")
    assert entry.image_alt == "Children at laptops"

    html = client.get(response.url).content.decode()
    assert entry.reference in html
    assert "maria@example.org" in html

    assert len(mail.outbox) == 2
    confirmation, notification = mail.outbox
    assert confirmation.to == ["maria@example.org"]
    assert entry.reference in confirmation.subject
    assert entry.reference in confirmation.body
    html_body, mimetype = confirmation.alternatives[0]
    assert mimetype == "text/html"
    assert entry.reference in html_body
    assert notification.to == [settings.SECRETARIAT_EMAIL]
    assert entry.reference in notification.body
    assert f"/admin/awards/entry/{entry.pk}/change/" in notification.body
    assert notification.alternatives[0][1] == "text/html"


def test_no_email_when_the_transaction_does_not_commit(client, url, data):
    client.post(url, data)
    # Without the commit callbacks running, nothing was sent (e-mails go out after commit).
    assert mail.outbox == []
    assert Entry.objects.count() == 1


def test_done_page_without_a_submission_redirects_to_the_edition(client, edition):
    response = client.get(reverse("awards:entry-done", kwargs={"year": edition.year}))
    assert response.status_code == 302
    assert response.url == edition.get_absolute_url()


def test_invalid_entry_keeps_what_was_typed(client, url, data):
    bad = {**data, "contact_email": "not-an-email", "consent": ""}
    response = client.post(url, bad)
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html
    assert 'value="Code Club Classrooms"' in html
    assert 'value="Teachers Learning Network"' in html
    assert "Weekly coding clubs in primary schools." in html
    assert 'value="not-an-email"' in html
    assert "Please confirm to send your entry." in html
    assert not Entry.objects.exists()
    assert mail.outbox == []


def test_required_fields_are_reported(client, url):
    response = client.post(url, {})
    form = response.context["form"]
    for field in ["category", "project_name", "organisation_name", "country", "description"]:
        assert field in form.errors
    assert "contact_email" in form.errors


def test_category_of_another_edition_is_refused(client, url, data):
    other = CategoryFactory()
    response = client.post(url, {**data, "category": other.pk})
    assert "category" in response.context["form"].errors
    assert not Entry.objects.exists()


def test_description_is_limited(client, url, data):
    response = client.post(url, {**data, "description": "x" * 3001})
    assert "description" in response.context["form"].errors


def test_image_needs_alt_text(client, url, data):
    response = client.post(url, {**data, "image": image_upload()})
    assert response.status_code == 200
    assert "Please describe the image" in response.content.decode()
    assert not Entry.objects.exists()


def pdf_bytes() -> bytes:
    import io

    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "logo.svg",
            b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
            "JPEG, PNG or WebP",
        ),
        ("photo.png", pdf_bytes(), "JPEG, PNG or WebP"),
        ("big.png", image_bytes() + b"\0" * (5 * 1024 * 1024), "the largest accepted is 5.0"),
        ("bomb.png", image_bytes(size=(10_000, 10_000), mode="1"), "too many pixels"),
    ],
    ids=["svg", "pdf-renamed-png", "over-5-mb", "too-many-pixels"],
)
def test_bad_images_are_refused_and_other_values_kept(client, url, data, name, content, message):
    response = client.post(
        url, {**data, "image": image_upload(name, content), "image_alt": "A photo"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert 'value="Code Club Classrooms"' in html
    assert 'value="A photo"' in html
    assert 'value="maria@example.org"' in html
    assert not Entry.objects.exists()
    assert mail.outbox == []


def test_honeypot_blocks_bots(client, url, data):
    response = client.post(url, {**data, HONEYPOT_FIELD_NAME: "http://spam.example"})
    assert response.status_code == 200
    assert "hidden anti-spam field" in response.content.decode()
    assert not Entry.objects.exists()


def test_rate_limit(client, url, data, settings):
    settings.PUBLIC_FORM_RATE = "2/m"
    for index in range(2):
        assert client.post(url, {**data, "project_name": f"Project {index}"}).status_code == 302
    response = client.post(url, {**data, "project_name": "One too many"})
    assert response.status_code == 429
    assert 'value="One too many"' in response.content.decode()
    assert Entry.objects.count() == 2


def test_same_project_name_gets_a_distinct_slug(client, url, data):
    client.post(url, data)
    client.post(url, data)
    assert sorted(Entry.objects.values_list("slug", flat=True)) == [
        "code-club-classrooms",
        "code-club-classrooms-2",
    ]
    assert Entry.objects.values("reference").distinct().count() == 2


def test_reserved_slug_is_avoided(client, url, data):
    client.post(url, {**data, "project_name": "Enter"})
    assert Entry.objects.get().slug == "enter-2"


def test_signed_in_user_gets_name_and_email_prefilled(client, url):
    user = get_user_model().objects.create_user(
        email="pledger@example.org", password="x", first_name="Ana", last_name="Silva"
    )
    client.force_login(user)
    html = client.get(url).content.decode()
    assert 'value="Ana Silva"' in html
    assert 'value="pledger@example.org"' in html
    assert 'name="organisation_name"' in html
    assert "Digital Academy" not in html


def test_signed_in_pledger_gets_their_organisation_prefilled(client, url):
    user = get_user_model().objects.create_user(email="pledger@example.org", password="x")
    organisation = Organisation.objects.create(
        name="Digital Academy",
        slug="digital-academy",
        type=Organisation.Type.NGO,
        country="PT",
        contact_name="Someone",
        contact_email="someone@example.org",
    )
    Membership.objects.create(organisation=organisation, user=user)
    client.force_login(user)
    html = client.get(url).content.decode()
    assert 'value="Digital Academy"' in html
    assert '<option value="PT" selected>' in html


def test_upcoming_edition_says_when_entries_open(client):
    today = timezone.localdate()
    edition = AwardEditionFactory(
        year=today.year + 3,
        opens_on=today + datetime.timedelta(days=5),
        closes_on=today + datetime.timedelta(days=50),
        ceremony_date=today + datetime.timedelta(days=100),
    )
    response = client.get(edition.get_entry_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "are not open yet" in html
    assert edition.opens_on.strftime("%-d %B %Y") in html
    assert "<form" not in html.split('id="main-content"')[1].split("</main>")[0]


def test_closed_edition_says_entries_are_closed_and_refuses_posts(client, data, edition):
    past = AwardEditionFactory(year=2017)
    category = CategoryFactory(edition=past)
    html = client.get(past.get_entry_url()).content.decode()
    assert "are closed" in html
    assert "<form" not in html.split('id="main-content"')[1].split("</main>")[0]
    # The open call is pointed to.
    assert edition.get_entry_url() in html
    response = client.post(past.get_entry_url(), {**data, "category": category.pk})
    assert response.status_code == 200
    assert not Entry.objects.exists()


def test_call_closing_while_the_form_is_open_saves_nothing(
    client, url, data, edition, time_machine
):
    time_machine.move_to(
        datetime.datetime.combine(
            edition.closes_on + datetime.timedelta(days=1),
            datetime.time(9),
            tzinfo=timezone.get_current_timezone(),
        )
    )
    response = client.post(url, data)
    assert "are closed" in response.content.decode()
    assert not Entry.objects.exists()


def test_unknown_year_is_404(client):
    assert client.get("/en/awards/1999/enter/").status_code == 404


def test_model_errors_from_the_service_are_shown_on_the_form(client, url, data, monkeypatch):
    from django.core.exceptions import ValidationError

    from awards import services

    def refuse(**kwargs):
        raise ValidationError({"slug": ["Slug clash"], "project_name": ["Name refused"]})

    monkeypatch.setattr(services, "submit_entry", refuse)
    response = client.post(url, data)
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["project_name"] == ["Name refused"]
    assert "Slug clash" in form.non_field_errors()
    assert 'value="Code Club Classrooms"' in response.content.decode()


# --- Only organisations established in the EU may enter ----------------------------------


def test_country_choice_lists_the_member_states_by_name(client, url):
    html = client.get(url).content.decode()
    select = html.split('name="country"')[1].split("</select>")[0]
    values = re.findall(r'<option value="([A-Z]*)"', select)
    assert values[0] == ""
    assert values[1:] == sorted(values[1:], key=lambda code: countries_name(code))
    assert len(values) == 1 + 27
    assert "AT" in values and "SE" in values
    assert "AF" not in values and "NO" not in values
    assert "Choose a country" in select
    assert "only organisations established in a Member State of the European Union can" in html


def countries_name(code):
    from django_countries import countries

    return countries.name(code)


@pytest.mark.parametrize("country", ["NO", "CH", "AF", "GB"])
def test_an_organisation_outside_the_eu_is_refused_in_plain_words(client, url, data, country):
    response = client.post(url, {**data, "country": country})
    assert response.status_code == 200
    assert response.context["form"].errors["country"] == [
        "Only organisations established in a Member State of the European Union can enter the "
        "awards. Choose the Member State where your organisation is established."
    ]
    assert "is not one of the available choices" not in response.content.decode()
    assert not Entry.objects.exists()


def test_a_pledger_outside_the_eu_gets_no_country_prefilled(client, url):
    user = get_user_model().objects.create_user(email="pledger@example.org", password="x")
    organisation = Organisation.objects.create(
        name="Nordic Academy",
        slug="nordic-academy",
        type=Organisation.Type.NGO,
        country="NO",
        contact_name="Someone",
        contact_email="someone@example.org",
    )
    Membership.objects.create(organisation=organisation, user=user)
    client.force_login(user)
    html = client.get(url).content.decode()
    assert 'value="Nordic Academy"' in html
    assert "selected>" not in html.split('name="country"')[1].split("</select>")[0].replace(
        '<option value="" selected>', ""
    )
