"""The crawl: one page of every public page type, on the demo content.

The suites that must hold on every page a visitor can reach use it: every language
(tests/portal/test_languages.py), reflow at 320 px and axe (tests/portal/test_reflow.py) and the
Nu Html Checker (tests/portal/test_html_validity.py). A new public page type joins
`PUBLIC_PAGES` (a name and a function giving its address); pages behind a login or for the
Secretariat do not belong here (they have their own browser tests).
"""

from collections.abc import Callable
from dataclasses import dataclass
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation


@dataclass(frozen=True)
class CrawlPage:
    name: str
    path: Callable[[], str]
    status: int = 200


def _first_pledge():
    from pledges.models import Pledge

    return Pledge.objects.public().select_related("organisation").order_by("pk").first()


def _coalition(*, launched: bool):
    from national_coalitions.models import NationalCoalition

    coalitions = NationalCoalition.objects.order_by("pk")
    return (coalitions.launched() if launched else coalitions.under_formation()).first()


def _edition(*, open_call: bool):
    from awards.models import AwardEdition

    editions = AwardEdition.objects.order_by("year")
    return (editions.open_for_entries() if open_call else editions.announced()).first()


def _public_entry():
    from awards.models import Entry

    return Entry.objects.winners().select_related("edition").order_by("pk").first()


def _post():
    from blog.models import Post

    return Post.objects.published().select_related("author").order_by("pk").first()


def _tag():
    return _post().tags.order_by("pk").first()


def _mailing():
    from blog.models import Mailing

    return Mailing.objects.sent().order_by("-started_at").first()


def _subscriber_token(kind: str) -> str:
    from blog import services
    from blog.models import Subscriber

    subscriber = Subscriber.objects.order_by("pk").first()
    if kind == "confirm":
        return services.make_confirm_token(subscriber)
    return services.make_unsubscribe_token(subscriber)


# Every public page type. Extend this list when a public page is added.
PUBLIC_PAGES: list[CrawlPage] = [
    # Site pages
    CrawlPage("home", lambda: reverse("portal:home")),
    CrawlPage("accessibility", lambda: reverse("portal:accessibility")),
    CrawlPage("privacy", lambda: reverse("portal:privacy")),
    CrawlPage("search", lambda: reverse("portal:search") + "?q=digital"),
    CrawlPage("search-empty", lambda: reverse("portal:search")),
    # Pledges
    CrawlPage("pledge-list", lambda: reverse("pledges:pledge-list")),
    CrawlPage(
        "pledge-list-filtered",
        lambda: reverse("pledges:pledge-list") + "?country=DE&sort=title",
    ),
    CrawlPage("impact", lambda: reverse("pledges:impact")),
    CrawlPage("pledge", lambda: _first_pledge().get_absolute_url()),
    CrawlPage("organisation", lambda: _first_pledge().organisation.get_absolute_url()),
    # National Coalitions
    CrawlPage("coalition-list", lambda: reverse("national_coalitions:coalition-list")),
    CrawlPage("coalition", lambda: _coalition(launched=True).get_absolute_url()),
    CrawlPage("coalition-forming", lambda: _coalition(launched=False).get_absolute_url()),
    CrawlPage("initiative-list", lambda: reverse("national_coalitions:initiative-list")),
    CrawlPage("toolkit", lambda: reverse("national_coalitions:toolkit")),
    CrawlPage("contact", lambda: reverse("national_coalitions:contact")),
    CrawlPage("contact-sent", lambda: reverse("national_coalitions:contact-done")),
    # Awards
    CrawlPage("award-index", lambda: reverse("awards:award-index")),
    CrawlPage("edition-open", lambda: _edition(open_call=True).get_absolute_url()),
    CrawlPage("edition-announced", lambda: _edition(open_call=False).get_absolute_url()),
    CrawlPage(
        "entry-form",
        lambda: reverse("awards:entry-create", args=[_edition(open_call=True).year]),
    ),
    CrawlPage("award-archive", lambda: reverse("awards:archive")),
    CrawlPage("award-archive-search", lambda: reverse("awards:archive") + "?q=coding"),
    CrawlPage(
        "award-archive-year",
        lambda: reverse("awards:archive") + f"?year={_edition(open_call=False).year}",
    ),
    CrawlPage("award-entry", lambda: _public_entry().get_absolute_url()),
    # Blog
    CrawlPage("post-list", lambda: reverse("blog:post-list")),
    CrawlPage("post", lambda: _post().get_absolute_url()),
    CrawlPage("author", lambda: _post().author.get_absolute_url()),
    CrawlPage("tag", lambda: _tag().get_absolute_url()),
    # Newsletter
    CrawlPage("newsletter", lambda: reverse("newsletter:subscribe")),
    CrawlPage("newsletter-check-inbox", lambda: reverse("newsletter:subscribe-done")),
    CrawlPage(
        "newsletter-confirm",
        lambda: reverse("newsletter:confirm", args=[_subscriber_token("confirm")]),
    ),
    CrawlPage("newsletter-confirmed", lambda: reverse("newsletter:confirm-done")),
    CrawlPage(
        "newsletter-unsubscribe",
        lambda: reverse("newsletter:unsubscribe", args=[_subscriber_token("unsubscribe")]),
    ),
    CrawlPage("newsletter-unsubscribed", lambda: reverse("newsletter:unsubscribe-done")),
    CrawlPage("newsletter-archive", lambda: reverse("newsletter:archive")),
    CrawlPage("newsletter-issue", lambda: _mailing().get_absolute_url()),
    # Accounts
    CrawlPage("login", lambda: reverse("account_login")),
    CrawlPage("signup", lambda: reverse("account_signup")),
    CrawlPage("password-reset", lambda: reverse("account_reset_password")),
    # Errors
    CrawlPage("not-found", lambda: "/en/no-such-page/", status=404),
]


def crawl_pages() -> list[tuple[CrawlPage, str]]:
    """Each public page with its address without the language prefix ("/pledges/")."""
    # In English whatever language a previous request left active in the thread.
    with translation.override("en"):
        return [(page, page.path().removeprefix("/en")) for page in PUBLIC_PAGES]


def crawl_paths() -> list[str]:
    """The addresses, without their language, of the pages that answer 200."""
    return [path for page, path in crawl_pages() if page.status == 200]


def load_crawl_content() -> None:
    """The demo content, plus what it lacks for a page of every type: a sent newsletter (the
    archive's issue page) and a subscriber (the confirmation and unsubscribe pages)."""
    from tests.blog.factories import MailingFactory, SubscriberFactory

    call_command("load_demo", stdout=StringIO())
    MailingFactory(sent=True, subject="Coalition news: the 2027 awards are open")
    SubscriberFactory()


@pytest.fixture
def demo():
    load_crawl_content()
