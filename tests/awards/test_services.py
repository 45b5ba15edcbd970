import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils import timezone

from awards import services
from awards.models import Entry
from core.models import OutgoingEmail

from .factories import (
    AwardEditionFactory,
    CategoryFactory,
    EntryFactory,
    image_bytes,
    image_upload,
    open_edition,
)

pytestmark = pytest.mark.django_db


def fields(category, **overrides):
    return {
        "category": category,
        "project_name": "Girls Build Apps",
        "organisation_name": "Women in Tech Circle",
        "country": "SE",
        "website": "",
        "description": "App-building weekends for girls.",
        "image": None,
        "image_alt": "",
        "contact_name": "Eva",
        "contact_email": "eva@example.org",
        "contact_phone": "",
        **overrides,
    }


def test_submit_entry_assigns_slug_and_reference(django_capture_on_commit_callbacks):
    edition = open_edition()
    category = CategoryFactory(edition=edition)
    with django_capture_on_commit_callbacks(execute=False):
        entry = services.submit_entry(edition=edition, fields=fields(category))
    # The two e-mails are queued with the entry, in its transaction.
    assert sorted(OutgoingEmail.objects.values_list("template", flat=True)) == [
        "awards/email/entry_confirmation",
        "awards/email/secretariat_notification",
    ]
    assert entry.slug == "girls-build-apps"
    assert entry.reference == f"EDSA-{edition.year}-{entry.pk:06d}"
    assert entry.status == Entry.Status.SUBMITTED


def test_submit_entry_refuses_a_closed_call():
    edition = AwardEditionFactory(year=2017)
    category = CategoryFactory(edition=edition)
    with pytest.raises(ValidationError) as excinfo:
        services.submit_entry(edition=edition, fields=fields(category))
    assert excinfo.value.code == "call_closed"
    assert not Entry.objects.exists()


def test_submit_entry_validates_everything_and_saves_nothing_on_error():
    edition = open_edition()
    other_category = CategoryFactory()
    with pytest.raises(ValidationError):
        services.submit_entry(edition=edition, fields=fields(other_category))
    assert not Entry.objects.exists()


def test_change_status_counts_only_real_changes():
    entries = EntryFactory.create_batch(3)
    Entry.objects.filter(pk=entries[0].pk).update(status=Entry.Status.FINALIST)
    changed = services.change_status(
        entries=Entry.objects.filter(pk__in=[e.pk for e in entries]),
        status=Entry.Status.FINALIST,
    )
    assert changed == 2
    assert set(Entry.objects.values_list("status", flat=True)) == {Entry.Status.FINALIST}


def test_change_status_rejects_unknown_status():
    with pytest.raises(ValueError):
        services.change_status(entries=Entry.objects.all(), status="champion")


def test_entry_slug_skips_taken_and_reserved_names():
    entry = EntryFactory(project_name="Robots", slug="robots")
    edition = entry.edition
    assert services.entry_slug(edition=edition, name="Robots") == "robots-2"
    assert services.entry_slug(edition=edition, name="Robots", entry=entry) == "robots"
    assert services.entry_slug(edition=edition, name="Enter") == "enter-2"
    assert services.entry_slug(edition=edition, name="!!!") == "entry"
    assert services.entry_slug(edition=AwardEditionFactory(), name="Robots") == "robots"


def test_submitted_image_gets_its_renditions_once():
    edition = open_edition()
    category = CategoryFactory(edition=edition)
    upload = image_upload(content=image_bytes(size=(1600, 1000)))
    entry = services.submit_entry(
        edition=edition, fields=fields(category, image=upload, image_alt="Girls at laptops")
    )
    entry.refresh_from_db()
    assert [(r["width"], r["height"]) for r in entry.image_renditions] == [(480, 300), (960, 600)]
    assert all(r["name"].endswith(".webp") for r in entry.image_renditions)


def test_entry_without_image_has_no_renditions():
    edition = open_edition()
    entry = services.submit_entry(edition=edition, fields=fields(CategoryFactory(edition=edition)))
    assert entry.image_renditions == []


@pytest.mark.django_db(transaction=True)
def test_a_failing_second_write_saves_nothing_and_sends_nothing(monkeypatch):
    """submit_entry writes twice (the entry, then its reference) and mails after commit."""
    edition = open_edition()
    category = CategoryFactory(edition=edition)
    taken = EntryFactory(edition=edition, category=category, reference="EDSA-TAKEN")
    # The reference number collides with another entry's: the database refuses the second write.
    monkeypatch.setattr(services, "make_reference", lambda entry: taken.reference)
    with pytest.raises(IntegrityError):
        services.submit_entry(edition=edition, fields=fields(category))
    assert list(Entry.objects.all()) == [taken]
    assert mail.outbox == []


def test_line_breaks_in_typed_values_never_reach_mail_headers(django_capture_on_commit_callbacks):
    edition = open_edition()
    category = CategoryFactory(edition=edition)
    with django_capture_on_commit_callbacks(execute=True):
        services.submit_entry(
            edition=edition,
            fields=fields(category, project_name="Robots\r\nBcc: victim@example.org"),
        )
    assert len(mail.outbox) == 2
    assert "\n" not in mail.outbox[1].subject
    assert mail.outbox[1].bcc == []


# --- Results are never published early (defect: finalists marked during an open call) ---


def evaluation_edition(**kwargs):
    """The call has closed; the ceremony is still to come."""
    today = timezone.localdate()
    defaults = {
        "year": today.year + 1,
        "opens_on": today - datetime.timedelta(days=60),
        "closes_on": today - datetime.timedelta(days=1),
        "ceremony_date": today + datetime.timedelta(days=30),
    }
    return AwardEditionFactory(**{**defaults, **kwargs})


@pytest.mark.parametrize("status", [Entry.Status.FINALIST, Entry.Status.WINNER])
def test_nothing_is_published_while_the_call_is_open(status):
    edition = open_edition()
    entries = EntryFactory.create_batch(2, category__edition=edition, status="eligible")
    with pytest.raises(ValidationError) as error:
        services.change_status(entries=Entry.objects.all(), status=status)
    assert error.value.code == "call_not_closed"
    assert f"closes on {edition.closes_on:%-d %B %Y}:" in error.value.messages[0]
    assert set(Entry.objects.values_list("status", flat=True)) == {"eligible"}
    assert not Entry.objects.public().exists()
    assert [entry.history.count() for entry in entries] == [1, 1]


def test_the_call_is_open_until_its_last_day_included():
    edition = open_edition()
    entry = EntryFactory(category__edition=edition)
    with pytest.raises(ValidationError):
        services.change_status(entries=[entry], status="finalist", today=edition.closes_on)
    day_after = edition.closes_on + datetime.timedelta(days=1)
    assert services.change_status(entries=[entry], status="finalist", today=day_after) == 1


def test_finalists_but_no_winners_before_the_ceremony():
    edition = evaluation_edition()
    entries = EntryFactory.create_batch(2, category__edition=edition)
    assert services.change_status(entries=Entry.objects.all(), status="finalist") == 2
    assert Entry.objects.public().count() == 2
    with pytest.raises(ValidationError) as error:
        services.change_status(entries=Entry.objects.all(), status="winner")
    assert error.value.code == "before_ceremony"
    assert "until then, mark them as finalists" in error.value.messages[0]
    assert set(Entry.objects.values_list("status", flat=True)) == {"finalist"}
    on_the_day = services.change_status(
        entries=entries[:1], status="winner", today=edition.ceremony_date
    )
    assert on_the_day == 1


def test_one_early_entry_stops_the_whole_batch():
    closed = EntryFactory(category__edition=AwardEditionFactory(year=2017))
    early = EntryFactory(category__edition=open_edition())
    with pytest.raises(ValidationError):
        services.change_status(entries=Entry.objects.all(), status="finalist")
    assert {closed.pk: "submitted", early.pk: "submitted"} == dict(
        Entry.objects.values_list("pk", "status")
    )


def test_private_statuses_may_be_set_at_any_time():
    entries = EntryFactory.create_batch(2, category__edition=open_edition())
    assert services.change_status(entries=Entry.objects.all(), status="not_eligible") == 2
    assert services.change_status(entries=entries[:1], status="eligible") == 1


# --- Only organisations established in the EU may enter ----------------------------------


def test_submit_entry_refuses_an_organisation_outside_the_eu():
    edition = open_edition()
    category = CategoryFactory(edition=edition)
    with pytest.raises(ValidationError) as error:
        services.submit_entry(edition=edition, fields=fields(category, country="NO"))
    assert "Member State of the European Union" in error.value.message_dict["country"][0]
    assert not Entry.objects.exists()
