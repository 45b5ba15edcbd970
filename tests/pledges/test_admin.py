"""The Secretariat's review in the admin: permissions, read-only status, actions and e-mails."""

import csv
import datetime
import io

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.auth.models import Permission
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from pledges import services
from pledges.models import Pledge, PledgeStatusChange, ProgressReport
from tests.accounts.factories import SecretariatUserFactory, UserFactory
from tests.organisations.factories import MembershipFactory, OrganisationFactory

from .factories import PledgeFactory, ProgressReportFactory, ProgressValueFactory

pytestmark = pytest.mark.django_db
S = Pledge.Status
CHANGELIST = reverse("admin:pledges_pledge_changelist")


@pytest.fixture
def secretariat(client):
    user = SecretariatUserFactory()
    assert not user.is_superuser
    client.force_login(user)
    return user


def change_url(pledge):
    return reverse("admin:pledges_pledge_change", args=[pledge.pk])


def review_url(pledge, key):
    return reverse("admin:pledges_pledge_review", args=[pledge.pk, key])


def run_action(client, action, pledges, **extra):
    data = {"action": action, ACTION_CHECKBOX_NAME: [p.pk for p in pledges], **extra}
    return client.post(CHANGELIST, data, follow=True)


def messages_of(response):
    return [str(m) for m in response.context["messages"]]


def test_non_staff_users_cannot_reach_the_admin(client):
    client.force_login(MembershipFactory().user)
    response = client.get(CHANGELIST)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_secretariat_sees_lists_filters_and_search(client, secretariat):
    PledgeFactory(status=S.SUBMITTED, title="Coding clubs", countries=["FR"])
    PledgeFactory(status=S.PUBLISHED, title="Cloud vouchers", countries=["DE"])
    response = client.get(CHANGELIST)
    assert response.status_code == 200
    html = response.content.decode()
    for heading in [
        "By status",
        "By country covered",
        "By target groups",
        "By action types",
        "By type",
        "By submitted at",
    ]:
        assert heading in html
    filtered = client.get(CHANGELIST, {"status__exact": S.SUBMITTED})
    assert [p.title for p in filtered.context["cl"].result_list] == ["Coding clubs"]
    by_country = client.get(CHANGELIST, {"country": "DE"})
    assert [p.title for p in by_country.context["cl"].result_list] == ["Cloud vouchers"]
    searched = client.get(CHANGELIST, {"q": "cloud"})
    assert [p.title for p in searched.context["cl"].result_list] == ["Cloud vouchers"]


def test_change_page_shows_organisation_inlines_and_history(client, secretariat):
    organisation = OrganisationFactory(name="Byte Skills", contact_email="boss@byte.example")
    pledge = PledgeFactory(organisation=organisation, status=S.PUBLISHED)
    ProgressValueFactory(
        report__pledge=pledge, report__narrative="Half way", target=pledge.targets.get()
    )
    PledgeStatusChange.objects.create(
        pledge=pledge,
        from_status=S.SUBMITTED,
        to_status=S.PUBLISHED,
        changed_by=secretariat,
        changed_at=pledge.published_at,
        message="Welcome aboard",
    )
    response = client.get(change_url(pledge))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Byte Skills" in html and "boss@byte.example" in html
    assert "Half way" in html
    assert "Welcome aboard" in html
    assert "Reviewer notes" in html
    # Only the moves allowed from "published" are offered.
    assert review_url(pledge, "complete") in html
    assert review_url(pledge, "publish") not in html
    # The status is not a form field.
    assert 'name="status"' not in html


def test_status_cannot_be_edited_through_the_form(client, secretariat):
    pledge = PledgeFactory(status=S.SUBMITTED, title="Old")
    response = client.get(change_url(pledge))
    data = {
        key: value
        for key, value in response.context["adminform"].form.initial.items()
        if value is not None and key not in {"target_groups", "action_types"}
    }
    target = pledge.targets.get()
    data.update(
        {
            "title": "New title",
            "status": S.PUBLISHED,
            "reviewer_notes": "Looks fine",
            "target_groups": [g.pk for g in pledge.target_groups.all()],
            "action_types": [a.pk for a in pledge.action_types.all()],
            "targets-TOTAL_FORMS": 1,
            "targets-INITIAL_FORMS": 1,
            "targets-0-id": target.pk,
            "targets-0-pledge": pledge.pk,
            "targets-0-indicator": target.indicator,
            "targets-0-description": "",
            "targets-0-target_number": 2000,
            "progress_reports-TOTAL_FORMS": 0,
            "progress_reports-INITIAL_FORMS": 0,
            "status_changes-TOTAL_FORMS": 0,
            "status_changes-INITIAL_FORMS": 0,
            "translations-TOTAL_FORMS": 0,
            "translations-INITIAL_FORMS": 0,
        }
    )
    for key in ("start_date", "end_date"):
        data[key] = getattr(pledge, key).isoformat()
    response = client.post(change_url(pledge), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    pledge.refresh_from_db()
    assert pledge.title == "New title"
    assert pledge.reviewer_notes == "Looks fine"
    assert pledge.status == S.SUBMITTED
    assert pledge.targets.get().target_number == 2000


def test_bulk_publish_skips_pledges_that_cannot_be_published(
    client, secretariat, django_capture_on_commit_callbacks
):
    ready = PledgeFactory.create_batch(2, status=S.SUBMITTED)
    draft = PledgeFactory(status=S.DRAFT, title="Still a draft")
    with django_capture_on_commit_callbacks(execute=True):
        response = run_action(client, "publish_selected", [*ready, draft])
    assert response.status_code == 200
    for pledge in ready:
        pledge.refresh_from_db()
        assert pledge.status == S.PUBLISHED
        assert pledge.status_changed_by == secretariat
    draft.refresh_from_db()
    assert draft.status == S.DRAFT
    notes = messages_of(response)
    assert "2 pledges were published." in notes
    assert any("“Still a draft” was skipped" in note for note in notes)
    assert len(mail.outbox) == 2
    assert {tuple(m.to) for m in mail.outbox} == {(p.organisation.contact_email,) for p in ready}


def test_bulk_request_changes_asks_for_a_message_sent_to_each_pledger(
    client, secretariat, django_capture_on_commit_callbacks
):
    pledges = PledgeFactory.create_batch(2, status=S.SUBMITTED)
    first = run_action(client, "request_changes_selected", pledges)
    html = first.content.decode()
    assert "What should the pledger change?" in html
    assert all(p.title in html for p in pledges)
    # No message: the page comes back with an error and nothing changes.
    missing = run_action(client, "request_changes_selected", pledges, apply="yes", message=" ")
    assert "This field is required." in missing.content.decode()
    assert Pledge.objects.filter(status=S.SUBMITTED).count() == 2

    with django_capture_on_commit_callbacks(execute=True):
        done = run_action(
            client,
            "request_changes_selected",
            pledges,
            apply="yes",
            message="Please add an end date.",
        )
    assert "Changes were requested for 2 pledges." in messages_of(done)
    assert Pledge.objects.filter(status=S.CHANGES_REQUESTED).count() == 2
    assert len(mail.outbox) == 2
    assert all("Please add an end date." in m.body for m in mail.outbox)
    assert PledgeStatusChange.objects.filter(message="Please add an end date.").count() == 2


def test_bulk_reject_needs_a_reason(client, secretariat, django_capture_on_commit_callbacks):
    pledge = PledgeFactory(status=S.SUBMITTED)
    page = run_action(client, "reject_selected", [pledge])
    assert "Reason for the rejection" in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        run_action(client, "reject_selected", [pledge], apply="yes", message="Out of scope.")
    pledge.refresh_from_db()
    assert pledge.status == S.REJECTED
    assert "Out of scope." in mail.outbox[0].body


def test_bulk_complete(client, secretariat, django_capture_on_commit_callbacks):
    published = PledgeFactory(status=S.PUBLISHED)
    submitted = PledgeFactory(status=S.SUBMITTED)
    with django_capture_on_commit_callbacks(execute=True):
        response = run_action(client, "complete_selected", [published, submitted])
    published.refresh_from_db()
    submitted.refresh_from_db()
    assert published.status == S.COMPLETED
    assert submitted.status == S.SUBMITTED
    assert "1 pledge was marked as completed." in messages_of(response)
    assert len(mail.outbox) == 1


@pytest.mark.parametrize(
    ("start", "key", "message", "end"),
    [
        (S.SUBMITTED, "publish", "", S.PUBLISHED),
        (S.SUBMITTED, "request-changes", "Add a target.", S.CHANGES_REQUESTED),
        (S.SUBMITTED, "reject", "Not a digital skills action.", S.REJECTED),
        (S.PUBLISHED, "complete", "Congratulations!", S.COMPLETED),
    ],
)
def test_single_review_from_the_change_page(
    client, secretariat, django_capture_on_commit_callbacks, start, key, message, end
):
    pledge = PledgeFactory(status=start)
    page = client.get(review_url(pledge, key))
    assert page.status_code == 200
    assert pledge.title in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(review_url(pledge, key), {"message": message})
    assert response.status_code == 302
    assert response["Location"] == change_url(pledge)
    pledge.refresh_from_db()
    assert pledge.status == end
    change = pledge.status_changes.get()
    assert (change.changed_by, change.message) == (secretariat, message)
    assert len(mail.outbox) == 1


def test_single_review_not_allowed_from_the_current_status(client, secretariat):
    pledge = PledgeFactory(status=S.DRAFT)
    response = client.post(review_url(pledge, "publish"), {"message": ""}, follow=True)
    pledge.refresh_from_db()
    assert pledge.status == S.DRAFT
    assert any("was skipped" in note for note in messages_of(response))
    assert client.get(review_url(pledge, "explode")).status_code == 404


def test_staff_without_the_review_permission_cannot_review(client):
    from django.contrib.auth.models import Permission

    user = UserFactory(is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_pledge"))
    client.force_login(user)
    pledge = PledgeFactory(status=S.SUBMITTED)
    assert client.get(CHANGELIST).status_code == 200
    assert client.post(review_url(pledge, "publish"), {"message": ""}).status_code == 403
    response = run_action(client, "publish_selected", [pledge])
    pledge.refresh_from_db()
    assert pledge.status == S.SUBMITTED
    assert "publish_selected" not in response.content.decode()


def test_secretariat_cannot_delete_pledges_or_edit_users(client, secretariat):
    pledge = PledgeFactory(status=S.REJECTED)
    assert client.get(reverse("admin:pledges_pledge_delete", args=[pledge.pk])).status_code == 403
    assert "delete_selected" not in client.get(CHANGELIST).content.decode()
    other = UserFactory()
    user_url = reverse("admin:accounts_user_change", args=[other.pk])
    # The Secretariat may look users up (view only), never change them.
    assert client.get(user_url).status_code == 200
    assert client.post(user_url, {"email": "x@example.org"}).status_code == 403
    other.refresh_from_db()
    assert other.email != "x@example.org"
    assert client.get(reverse("admin:accounts_user_add")).status_code == 403
    assert Pledge.objects.filter(pk=pledge.pk).exists()


def test_organisation_admin_with_memberships(client, secretariat):
    membership = MembershipFactory(organisation__name="Byte Skills")
    PledgeFactory(organisation=membership.organisation, title="Their pledge")
    response = client.get(
        reverse("admin:organisations_organisation_change", args=[membership.organisation.pk])
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert membership.user.email in html or str(membership.user.pk) in html
    assert "Their pledge" in html
    listing = client.get(reverse("admin:organisations_organisation_changelist"))
    assert "Byte Skills" in listing.content.decode()


def test_csv_export_with_targets_progress_and_safe_cells(client, secretariat):
    pledge = PledgeFactory(
        status=S.PUBLISHED,
        title='=HYPERLINK("http://evil.example")',
        targets=[("people-trained", 1000), ("certifications", 40)],
    )
    pledge.targets.filter(indicator="people-trained").update(achieved=250)
    response = run_action(client, "export_csv", [pledge])
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    content = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(content)))
    assert len(rows) == 2  # one row per target
    trained = next(r for r in rows if r["indicator"] == "People trained")
    assert trained["title"] == '\'=HYPERLINK("http://evil.example")'
    assert (trained["target_number"], trained["achieved"], trained["percent_achieved"]) == (
        "1000",
        "250",
        "25",
    )
    assert trained["contact_email"] == pledge.organisation.contact_email


# --- Progress reports: checked by the Secretariat ----------------------------------


def test_reports_to_review_oldest_first_and_marked_as_checked(client, secretariat):
    older, newer = ProgressReportFactory(), ProgressReportFactory()
    ProgressReport.objects.filter(pk=older.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=3)
    )
    assert list(ProgressReport.objects.to_review()) == [older, newer]

    response = client.post(
        reverse("admin:pledges_progressreport_changelist"),
        {"action": "mark_reviewed", ACTION_CHECKBOX_NAME: [older.pk]},
        follow=True,
    )
    assert "1 progress report was marked as checked." in messages_of(response)
    older.refresh_from_db()
    assert older.reviewed_by == secretariat
    assert older.reviewed_at is not None
    assert list(ProgressReport.objects.to_review()) == [newer]
    # Checking again keeps the first check.
    first_check = older.reviewed_at
    assert services.mark_reports_reviewed([older, newer], secretariat) == 1
    older.refresh_from_db()
    assert older.reviewed_at == first_check
    assert not ProgressReport.objects.to_review().exists()


def test_only_reviewers_mark_reports_as_checked(client):
    report = ProgressReportFactory()
    staff = UserFactory(is_staff=True)
    staff.user_permissions.add(Permission.objects.get(codename="view_progressreport"))
    client.force_login(staff)
    changelist = client.get(reverse("admin:pledges_progressreport_changelist"))
    assert changelist.status_code == 200
    assert "mark_reviewed" not in changelist.content.decode()
    with pytest.raises(PermissionDenied):
        services.mark_reports_reviewed([report], staff)
    report.refresh_from_db()
    assert report.reviewed_at is None


# --- The pledge list: readable, short filters, autocomplete -----------------------------


def test_pledge_list_has_five_columns_and_drop_down_filters(client, secretariat):
    PledgeFactory(status=S.SUBMITTED, title="Coding clubs", countries=["FR"], language="fr")
    PledgeFactory(status=S.PUBLISHED, title="Cloud vouchers", countries=["DE"])
    response = client.get(CHANGELIST, {"status__exact": S.SUBMITTED})
    assert list(response.context["cl"].list_display) == [
        "action_checkbox",
        "title",
        "organisation",
        "status",
        "submitted_at",
        "published_at",
    ]
    html = response.content.decode()
    # The 27 Member States and "EU-wide" are one list, not 28 links; the form keeps the
    # other filters.
    assert '<select name="country" id="filter-country">' in html
    assert '<option value="eu-wide">EU-wide</option>' in html
    assert (
        html.count(
            "<option",
            html.index('id="filter-country"'),
            html.index("</select>", html.index('id="filter-country"')),
        )
        == 29
    )
    assert '<input type="hidden" name="status__exact" value="submitted">' in html
    assert '<select name="language" id="filter-language">' in html
    # The review desk's link to the pledges waiting for review.
    assert [p.title for p in response.context["cl"].result_list] == ["Coding clubs"]
    both = client.get(CHANGELIST, {"status__exact": S.SUBMITTED, "language": "fr", "country": ""})
    assert [p.title for p in both.context["cl"].result_list] == ["Coding clubs"]
    assert not client.get(CHANGELIST, {"language": "de"}).context["cl"].result_list


def test_progress_reports_use_autocomplete_not_raw_ids(client, secretariat):
    report = ProgressReportFactory(pledge__title="Coding clubs for girls")
    ProgressValueFactory(report=report, target=report.pledge.targets.get())
    superuser = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(superuser)
    html = client.get(
        reverse("admin:pledges_progressreport_change", args=[report.pk])
    ).content.decode()
    assert "admin-autocomplete" in html
    assert "vForeignKeyRawIdAdminField" not in html
    # Only the report's own pledge's targets are offered.
    other = PledgeFactory(title="Another pledge")
    assert f'<option value="{report.pledge.targets.get().pk}" selected>' in html
    assert f'<option value="{other.targets.get().pk}"' not in html
    client.force_login(secretariat)
    found = client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "pledges",
            "model_name": "progressreport",
            "field_name": "pledge",
            "term": "girls",
        },
    )
    assert found.status_code == 200
    assert [row["text"] for row in found.json()["results"]] == ["Coding clubs for girls"]
