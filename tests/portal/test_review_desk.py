"""The Secretariat's review desk on the admin index: what waits, how long, where to work on it."""

import datetime
import re

import pytest
from django.contrib import admin
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from core.models import OutgoingEmail
from pledges.models import Pledge
from portal.admin import PortalAdminSite
from tests.accounts.factories import SecretariatUserFactory, UserFactory
from tests.awards.factories import EntryFactory
from tests.national_coalitions.factories import ContactRequestFactory
from tests.pledges.factories import PledgeFactory, ProgressReportFactory

pytestmark = pytest.mark.django_db

INDEX = reverse("admin:index")


def days_ago(days: int, hours: int = 1) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=days, hours=hours)


def submitted(days: int, **kwargs) -> Pledge:
    return PledgeFactory(status=Pledge.Status.SUBMITTED, submitted_at=days_ago(days), **kwargs)


def failed_mail(**kwargs) -> OutgoingEmail:
    return OutgoingEmail.objects.create(
        template="t", subject="s", to=["a@example.org"], status="failed", **kwargs
    )


def waiting_work(pledges: int):
    """`pledges` submitted pledges, and as many of each other kind of work."""
    for n in range(pledges):
        submitted(days=n + 1)
        ProgressReportFactory()
        EntryFactory()
        ContactRequestFactory()
        failed_mail()


def desk_row(html: str, name: str) -> str:
    match = re.search(rf'<tr id="review-desk-{name}".*?</tr>', html, re.S)
    assert match, f"no {name} row"
    return match.group(0)


@pytest.fixture
def secretariat(client):
    client.force_login(SecretariatUserFactory())
    return client


def test_the_admin_is_the_portal_site():
    # Installed as the admin's default site: every @admin.register lands on it.
    assert isinstance(admin.site, PortalAdminSite)
    assert Pledge in admin.site._registry


def test_the_desk_counts_what_waits_and_links_to_the_filtered_lists(secretariat):
    submitted(days=3)
    submitted(days=12)
    PledgeFactory(status=Pledge.Status.PUBLISHED)
    report = ProgressReportFactory()
    # created_at is set on creation: age the report afterwards.
    type(report).objects.filter(pk=report.pk).update(created_at=days_ago(5))
    ProgressReportFactory(reviewed_at=timezone.now())
    EntryFactory()
    EntryFactory(status="eligible")
    ContactRequestFactory()
    ContactRequestFactory(is_handled=True, handled_at=timezone.now())
    failed_mail()
    OutgoingEmail.objects.create(template="t", subject="s", to=["b@example.org"])

    response = secretariat.get(INDEX)
    assert response.status_code == 200
    html = response.content.decode()
    expected = {
        "pledges": (2, "/admin/pledges/pledge/?status__exact=submitted", "waiting 12 days"),
        "progress-reports": (
            1,
            "/admin/pledges/progressreport/?reviewed_at__isempty=1",
            "waiting 5 days",
        ),
        "award-entries": (1, "/admin/awards/entry/?status__exact=submitted", "since today"),
        "contact-requests": (
            1,
            "/admin/national_coalitions/contactrequest/?is_handled__exact=0",
            "since today",
        ),
        "failed-mails": (1, "/admin/core/outgoingemail/?status__exact=failed", "since today"),
    }
    for name, (count, url, age) in expected.items():
        row = desk_row(html, name)
        assert f'<td class="review-desk-number">{count}</td>' in row, name
        assert f'href="{url}"' in row, name
        assert age in row, name
    # The background work stays on the page.
    assert 'id="queue-status"' in html


@pytest.mark.parametrize(
    ("url", "count"),
    [
        ("/admin/pledges/pledge/?status__exact=submitted", 2),
        ("/admin/pledges/progressreport/?reviewed_at__isempty=1", 1),
        ("/admin/awards/entry/?status__exact=submitted", 1),
        ("/admin/national_coalitions/contactrequest/?is_handled__exact=0", 1),
        ("/admin/core/outgoingemail/?status__exact=failed", 1),
    ],
)
def test_each_link_opens_its_change_list_filtered(secretariat, url, count):
    submitted(days=3)
    submitted(days=4)
    PledgeFactory(status=Pledge.Status.PUBLISHED)
    ProgressReportFactory()
    ProgressReportFactory(reviewed_at=timezone.now())
    EntryFactory()
    EntryFactory(status="eligible")
    ContactRequestFactory()
    ContactRequestFactory(is_handled=True, handled_at=timezone.now())
    failed_mail()
    OutgoingEmail.objects.create(template="t", subject="s", to=["b@example.org"])

    response = secretariat.get(url)
    # A filter the change list does not know redirects to "?e=1": the link would be broken.
    assert response.status_code == 200
    assert response.context["cl"].result_count == count


def test_the_oldest_pledges_come_first_with_their_waiting_time(secretariat):
    for days in range(1, 13):
        submitted(days=days, title=f"Pledge waiting {days} days")
    html = secretariat.get(INDEX).content.decode()
    listed = re.findall(r'/admin/pledges/pledge/\d+/change/"[^>]*>([^<]+)</a>', html)
    assert listed == [f"Pledge waiting {days} days" for days in range(12, 2, -1)]
    assert "waiting 12 days" in html and "waiting 3 days" in html
    assert "See all 12 pledges awaiting review" in html


def test_one_day_is_singular(secretariat):
    submitted(days=1)
    assert "waiting 1 day<" in secretariat.get(INDEX).content.decode()


def test_a_pledge_submitted_today_is_waiting_since_today(secretariat):
    PledgeFactory(status=Pledge.Status.SUBMITTED, title="Fresh pledge")
    html = secretariat.get(INDEX).content.decode()
    assert "Fresh pledge" in html
    assert "since today" in desk_row(html, "pledges")
    assert "See all" not in html


def test_nothing_waits(secretariat):
    html = secretariat.get(INDEX).content.decode()
    assert "Nothing waits for the Secretariat." in html
    assert 'id="pledges-awaiting-review"' not in html
    assert '<td class="review-desk-number">0</td>' in desk_row(html, "pledges")


def test_the_desk_shows_only_what_the_user_may_see(client):
    submitted(days=2)
    ContactRequestFactory()
    user = UserFactory(is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_contactrequest"))
    client.force_login(user)
    html = client.get(INDEX).content.decode()
    assert 'id="review-desk-contact-requests"' in html
    for name in ["pledges", "progress-reports", "award-entries", "failed-mails"]:
        assert f'id="review-desk-{name}"' not in html
    assert 'id="pledges-awaiting-review"' not in html


def test_staff_without_permissions_see_no_desk(client):
    submitted(days=2)
    client.force_login(UserFactory(is_staff=True))
    html = client.get(INDEX).content.decode()
    assert 'id="review-desk"' not in html


def test_visitors_are_sent_to_the_login(client):
    response = client.get(INDEX)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_the_desk_runs_the_same_queries_for_1_or_30_waiting_pledges(
    secretariat, django_assert_num_queries
):
    waiting_work(1)
    with CaptureQueriesContext(connection) as one:
        assert secretariat.get(INDEX).status_code == 200
    waiting_work(29)
    with django_assert_num_queries(len(one)):
        html = secretariat.get(INDEX).content.decode()
    assert '<td class="review-desk-number">30</td>' in desk_row(html, "pledges")
    assert html.count("/admin/pledges/pledge/") >= 10
