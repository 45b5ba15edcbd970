"""In the real browser: pages full of stored payloads run none of them.

Every payload of the corpus calls `window.__xss.push(...)` (some `alert`) if it ever runs.
The page starts each document with an empty `window.__xss`; after each visit it must still be
empty, and no dialog may have opened. The `page` fixture also fails the test on any
JavaScript error or Content Security Policy violation.
"""

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from awards.models import Entry
from blog.markdown import render_markdown
from pledges.models import Pledge, ProgressReport, ProgressValue, Target
from tests.accounts.factories import UserFactory
from tests.awards.factories import AwardEditionFactory, CategoryFactory, EntryFactory
from tests.blog.factories import AuthorFactory, PostFactory, TagFactory
from tests.national_coalitions.factories import (
    CoalitionMemberFactory,
    ContactRequestFactory,
    NationalCoalitionFactory,
    OtherInitiativeFactory,
)
from tests.organisations.factories import MembershipFactory, OrganisationFactory
from tests.pledges.factories import PledgeFactory

from .payloads import MARKDOWN_PAYLOADS, XSS_PAYLOADS, searchable

pytestmark = pytest.mark.django_db(transaction=True)

CORPUS = list(XSS_PAYLOADS.values())
ALL = "\n\n".join(CORPUS)


def fit(max_length: int, start: int = 0) -> str:
    """As many payloads as fit in a field of `max_length`, starting from the `start`-th."""
    chosen = []
    for payload in CORPUS[start:] + CORPUS[:start]:
        if len(" ".join([*chosen, payload])) > max_length:
            break
        chosen.append(payload)
    return " ".join(chosen)


def store_payloads(admin_user) -> dict[str, str]:
    """Payloads in the free-text fields of every kind of content; returns the pages to visit."""
    organisation = OrganisationFactory(
        name=searchable(fit(180, 1)), slug="payload-org", description=ALL, contact_name=fit(200, 2)
    )
    MembershipFactory(organisation=organisation, user=admin_user)
    pledge = PledgeFactory(
        organisation=organisation,
        status=Pledge.Status.PUBLISHED,
        title=searchable(fit(180, 3)),
        slug="payload-pledge",
        summary=fit(500, 4),
        description=ALL,
        targets=[],
    )
    target = Target.objects.create(
        pledge=pledge, indicator=Target.Indicator.OTHER, description=fit(200, 5), target_number=10
    )
    report = ProgressReport.objects.create(
        pledge=pledge, report_date=timezone.localdate(), narrative=ALL
    )
    ProgressValue.objects.create(report=report, target=target, achieved=5)
    pledge.status_changes.create(
        from_status=Pledge.Status.SUBMITTED,
        to_status=Pledge.Status.PUBLISHED,
        changed_by=admin_user,
        changed_at=timezone.now(),
        message=ALL,
    )

    coalition = NationalCoalitionFactory(
        country="BE", name=searchable(fit(180, 6)), description=ALL, coordinating_body_name=fit(200)
    )
    CoalitionMemberFactory(coalition=coalition, name=fit(200, 7))
    OtherInitiativeFactory(name=fit(200, 8), description=ALL, region=fit(150, 9))
    contact = ContactRequestFactory(name=fit(150, 10), organisation=fit(200, 11), message=ALL)

    body = "\n\n".join(MARKDOWN_PAYLOADS.values())
    author = AuthorFactory(name=fit(150, 12), slug="payload-author", bio=ALL)
    post = PostFactory(
        title=searchable(fit(180, 13)),
        slug="payload-post",
        author=author,
        excerpt=fit(500, 14),
        body=body,
        body_html=render_markdown(body),
        tags=[TagFactory(name=fit(60, 15), slug="payload-tag")],
    )

    edition = AwardEditionFactory(
        year=2016, title=fit(200, 16), introduction=ALL, eligibility=ALL, criteria=ALL
    )
    category = CategoryFactory(edition=edition, name=fit(150, 17), description=ALL)
    entry = EntryFactory(
        category=category,
        project_name=searchable(fit(180, 18)),
        slug="payload-entry",
        organisation_name=fit(200),
        description=ALL,
        status=Entry.Status.WINNER,
    )
    assert edition.ceremony_date < timezone.localdate()
    return {
        "public": [
            "/en/",
            "/en/pledges/",
            pledge.get_absolute_url(),
            organisation.get_absolute_url(),
            "/en/search/?q=zebracorn",
            "/en/national-coalitions/",
            coalition.get_absolute_url(),
            "/en/national-coalitions/initiatives/",
            "/en/national-coalitions/contact/?coalition=be",
            "/en/blog/",
            post.get_absolute_url(),
            "/en/blog/author/payload-author/",
            "/en/blog/tag/payload-tag/",
            "/en/awards/",
            edition.get_absolute_url(),
            entry.get_absolute_url(),
            "/en/awards/archive/",
        ],
        "pledger": [
            "/en/my/pledges/",
            f"/en/my/pledges/{pledge.pk}/",
            f"/en/my/pledges/{pledge.pk}/progress/new/",
            "/en/my/organisation/payload-org/",
            "/en/my/organisation/payload-org/edit/",
        ],
        "admin": [
            "/admin/pledges/pledge/",
            f"/admin/pledges/pledge/{pledge.pk}/change/",
            f"/admin/organisations/organisation/{organisation.pk}/change/",
            f"/admin/national_coalitions/nationalcoalition/{coalition.pk}/change/",
            f"/admin/national_coalitions/contactrequest/{contact.pk}/change/",
            "/admin/blog/post/",
            f"/admin/blog/post/{post.pk}/change/",
            f"/admin/blog/post/{post.pk}/preview/",
            f"/admin/awards/entry/{entry.pk}/change/",
        ],
    }


def sign_in_as(page, user) -> None:
    """The browser gets the session cookie of a session opened for `user`."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies(
        [{"name": cookie.key, "value": cookie.value, "url": page.evaluate("location.origin")}]
    )


def visit_all(page, pages: dict[str, list[str]], user) -> int:
    dialogs = []

    def on_dialog(dialog):
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    page.add_init_script("window.__xss = [];")
    page.goto("/en/")
    sign_in_as(page, user)
    visited = 0
    for group in ("public", "pledger", "admin"):
        for url in pages[group]:
            response = page.goto(url)
            assert response.status == 200, f"{url}: HTTP {response.status}"
            page.wait_for_load_state("load")
            # Give event handlers (onerror, onload, onfocus, ontoggle) a moment to fire.
            page.wait_for_timeout(50)
            ran = page.evaluate("window.__xss")
            assert ran == [], f"{url}: injected script ran: {ran}"
            assert not dialogs, f"{url}: a dialog opened: {dialogs}"
            visited += 1
    return visited


@pytest.mark.parametrize("csp", ["enforced", "bypassed"])
def test_stored_payloads_never_run_in_the_browser(page, live_server, csp):
    """With the CSP, an injected script would also be reported as a violation (the `page`
    fixture fails on those); without it, escaping alone must keep every payload inert."""
    admin_user = UserFactory(is_staff=True, is_superuser=True)
    pages = store_payloads(admin_user)
    if csp == "bypassed":
        context = page.context.browser.new_context(
            base_url=live_server.url, locale="en-GB", bypass_csp=True
        )
        try:
            visited = visit_all(context.new_page(), pages, admin_user)
        finally:
            context.close()
    else:
        visited = visit_all(page, pages, admin_user)
    assert visited == sum(len(urls) for urls in pages.values())


def test_the_probe_would_see_a_script_that_runs(page):
    """The harness itself: a script that does run is caught (so the test above can fail)."""
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.add_init_script("window.__xss = [];")
    page.goto("/en/")
    page.evaluate("window.__xss.push('probe'); alert('probe')")
    assert page.evaluate("window.__xss") == ["probe"]
    assert dialogs == ["probe"]
