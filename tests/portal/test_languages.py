"""The portal in the 24 official languages: addresses, switcher, hreflang, crawl, fallbacks."""

import re

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from pledges.models import Pledge, PledgeTranslation
from tests.blog.factories import PostFactory
from tests.crawl import crawl_paths, demo  # noqa: F401 (demo is a fixture)
from tests.pledges.factories import PledgeFactory

pytestmark = pytest.mark.django_db

LANGUAGES = [code for code, _name in settings.LANGUAGES]


# --- Addresses -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        ("pl,en;q=0.5", "/pl/"),
        ("de-AT,de;q=0.9", "/de/"),
        ("ga", "/ga/"),
        ("mt,en;q=0.1", "/mt/"),
        ("ja,zh;q=0.8", "/en/"),  # nothing fits: English
        ("", "/en/"),
    ],
)
def test_an_address_without_a_language_redirects_to_the_best_one(accept, expected):
    response = Client().get("/", HTTP_ACCEPT_LANGUAGE=accept)
    assert response.status_code == 302
    assert response["Location"] == expected
    assert "accept-language" in response["Vary"].lower()
    # The choice is the browser's, each time: nothing is remembered.
    assert not response.cookies


def test_an_unprefixed_page_keeps_its_path_and_query():
    response = Client().get("/pledges/?country=DE&page=2", HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 302
    assert response["Location"] == "/fr/pledges/?country=DE&page=2"


def test_every_language_has_its_prefix_and_the_admin_has_none():
    for code in LANGUAGES:
        with translation.override(code):
            assert reverse("pledges:pledge-list") == f"/{code}/pledges/"
    assert reverse("admin:index") == "/admin/"
    assert Client().get("/robots.txt").status_code == 200


# --- Switcher and alternates -----------------------------------------------------------------


def test_every_page_links_to_itself_in_every_language(client):
    pledge = PledgeFactory(status=Pledge.Status.PUBLISHED)
    path = pledge.get_absolute_url().removeprefix("/en")
    html = client.get(f"/el{path}?sort=title").content.decode()
    assert '<html lang="el">' in html
    for code, name in settings.LANGUAGES:
        # The switcher: a real link per language, named in that language, marked with it.
        assert (
            f'<a href="/{code}{path}?sort=title" lang="{code}" hreflang="{code}"'
            + (' aria-current="true"' if code == "el" else "")
            + f">{name}</a>"
        ) in html
        # The head: the same page in every language, for search engines.
        assert (
            f'<link rel="alternate" hreflang="{code}" href="http://testserver/{code}{path}'
            f'?sort=title">'
        ) in html
    assert f'hreflang="x-default" href="http://testserver{path}?sort=title"' in html
    assert html.count('hreflang="') == 2 * len(LANGUAGES) + 1


def test_languages_are_named_in_themselves(client):
    html = client.get("/en/").content.decode()
    for name in ("български", "Deutsch", "ελληνικά", "Gaeilge", "Malti", "suomi", "svenska"):
        assert f">{name}</a>" in html


# --- The crawl (tests/crawl.py) -------------------------------------------------------------


def interface_words(code: str) -> list[str]:
    with translation.override(code):
        return [gettext("Skip to main content"), gettext("Pledges"), gettext("About this site")]


@pytest.mark.usefixtures("demo")
@pytest.mark.parametrize("code", LANGUAGES)
def test_every_public_page_answers_in_every_language(client, code):
    english = interface_words("en")
    words = interface_words(code)
    if code != "en":
        assert not set(words) & set(english), f"{code}: the interface is not translated"
    for path in crawl_paths():
        response = client.get(f"/{code}{path}")
        assert response.status_code == 200, (code, path)
        html = response.content.decode()
        assert f'<html lang="{code}">' in html, (code, path)
        for word in words:
            assert word in html, (code, path, word)
    for feed in ("/blog/feed/rss/", "/blog/feed/atom/", "/pledges/feed/"):
        response = client.get(f"/{code}{feed}")
        assert response.status_code == 200, (code, feed)
    missing = client.get(f"/{code}/no-such-page/")
    assert missing.status_code == 404
    with translation.override(code):
        assert gettext("Page not found") in missing.content.decode()


@pytest.mark.parametrize("code", ["en", "fr", "de", "pl", "ga"])
def test_feeds_say_their_language(client, code):
    PostFactory()
    rss = client.get(f"/{code}/blog/feed/rss/").content.decode()
    assert f"<language>{code}</language>" in rss
    atom = client.get(f"/{code}/blog/feed/atom/").content.decode()
    assert f'xml:lang="{code}"' in atom


# --- Texts of the Secretariat ----------------------------------------------------------------


def test_a_text_not_yet_translated_shows_in_english_marked_as_such(client):
    post = PostFactory(title="Skills for all", excerpt="In English only.")
    html = client.get(f"/pl{post.get_absolute_url().removeprefix('/en')}").content.decode()
    assert '<h1 id="post-title"><span lang="en">Skills for all</span></h1>' in html
    assert re.search(r'<div class="post-body" lang="en">', html)
    with translation.override("pl"):
        note = gettext("This text is not yet available in your language; it is shown in English.")
    assert note in html


def test_a_translated_text_shows_in_its_language_without_a_note(client):
    from blog import services

    post = PostFactory(title="Skills for all")
    post.title_fr, post.excerpt_fr, post.body_fr = "Des compétences", "En français.", "Bonjour"
    services.save_post(post=post, hero_image_changed=False)
    html = client.get(f"/fr{post.get_absolute_url().removeprefix('/en')}").content.decode()
    assert '<h1 id="post-title">Des compétences</h1>' in html
    assert '<div class="post-body"><p>Bonjour</p></div>' in html
    assert "fallback-note" not in html
    # Each language's body is rendered from its own Markdown; none is stored for the others.
    post.refresh_from_db()
    assert post.body_html_fr == "<p>Bonjour</p>"
    assert post.body_html_de is None


def test_lists_show_each_item_once_whatever_the_language(client):
    PostFactory(title="One")
    post = PostFactory(title="Two")
    post.title_de = "Zwei"
    post.save()
    for code in ("en", "de", "hu"):
        html = client.get(f"/{code}/blog/").content.decode()
        assert html.count('class="post-card"') == 2, code


# --- Pledges keep their language -------------------------------------------------------------


def test_a_pledge_is_shown_as_written_and_marked_with_its_language(client):
    pledge = PledgeFactory(
        status=Pledge.Status.PUBLISHED, language="de", title="Programmieren für alle"
    )
    html = client.get(pledge.get_absolute_url()).content.decode()
    assert '<h1 lang="de">Programmieren für alle</h1>' in html
    assert 'Written in <span lang="de">Deutsch</span>' in html
    listed = client.get(reverse("pledges:pledge-list")).content.decode()
    assert 'lang="de">Programmieren für alle</a>' in listed


def test_a_pledge_translated_by_its_pledger_shows_in_the_visitor_language(client):
    pledge = PledgeFactory(status=Pledge.Status.PUBLISHED, title="Coding for all")
    PledgeTranslation.objects.create(
        pledge=pledge, language="fr", title="Le code pour tous", summary="Résumé"
    )
    path = pledge.get_absolute_url().removeprefix("/en")
    french = client.get(f"/fr{path}").content.decode()
    assert "<h1>Le code pour tous</h1>" in french
    assert '<p class="lead">Résumé</p>' in french
    # In a language without a translation: the original, marked as English.
    polish = client.get(f"/pl{path}").content.decode()
    assert '<h1 lang="en">Coding for all</h1>' in polish


def test_the_viewer_filters_and_counts_by_language(client):
    PledgeFactory(status=Pledge.Status.PUBLISHED, language="it", title="Borghi digitali")
    PledgeFactory(status=Pledge.Status.PUBLISHED, language="en", title="Coding clubs")
    html = client.get(reverse("pledges:pledge-list") + "?language=it").content.decode()
    assert "Borghi digitali" in html
    assert "Coding clubs" not in html
    assert '<option value="it" lang="it" selected>italiano (1)</option>' in html
    assert '<option value="en" lang="en">English (1)</option>' in html


@pytest.mark.parametrize(
    ("code", "shown"),
    [
        ("en", "30,500"),
        ("de", "30.500"),
        ("fr", "30\xa0500"),
        ("ga", "30,500"),
        ("bg", "30\xa0500"),
    ],
)
def test_figures_are_written_as_the_language_writes_them(client, code, shown):
    pledge = PledgeFactory(status=Pledge.Status.PUBLISHED, targets=[("people-trained", 30500)])
    html = client.get(f"/{code}{pledge.get_absolute_url().removeprefix('/en')}").content.decode()
    assert shown in html


# --- E-mails in each person's language -------------------------------------------------------


def test_a_pledger_who_signed_up_in_german_receives_the_review_in_german(
    django_capture_on_commit_callbacks, mailoutbox
):
    from allauth.account.models import EmailAddress
    from django.contrib.auth import get_user_model

    from tests.accounts.factories import SecretariatUserFactory
    from tests.organisations.factories import MembershipFactory

    visitor = Client()
    password = "a-long-and-unusual-passphrase-42"
    with django_capture_on_commit_callbacks(execute=True):
        response = visitor.post(
            "/de/accounts/signup/",
            {"email": "greta@example.org", "password1": password, "password2": password},
        )
    assert response.status_code == 302
    user = get_user_model().objects.get(email="greta@example.org")
    assert user.language == "de"
    EmailAddress.objects.filter(user=user).update(verified=True)
    membership = MembershipFactory(user=user, organisation__contact_email="")
    pledge = PledgeFactory(
        organisation=membership.organisation, status=Pledge.Status.SUBMITTED, title="Code"
    )
    mailoutbox.clear()

    # The Secretariat reviews in the (English) admin.
    secretariat = Client()
    secretariat.force_login(SecretariatUserFactory())
    with django_capture_on_commit_callbacks(execute=True):
        response = secretariat.post(
            reverse("admin:pledges_pledge_review", args=[pledge.pk, "publish"]),
            {"message": "Welcome aboard."},
            HTTP_ACCEPT_LANGUAGE="en",
        )
    assert response.status_code == 302
    [message] = [m for m in mailoutbox if "greta@example.org" in m.to]
    with translation.override("de"):
        status = str(Pledge.Status.PUBLISHED.label)
        subject = gettext("Your pledge “%(title)s” is now: %(status)s") % {
            "title": "Code",
            "status": status,
        }
        follow = gettext("You can follow your pledges on the portal, under “My pledges”:")
    assert status != "Published"
    assert message.subject == subject
    assert follow in message.body
    # Its links lead to the German pages, in the text and in the HTML version.
    assert "/de/my/pledges/" in message.body
    html, _type = message.alternatives[0]
    assert '<html lang="de">' in html


def test_newsletters_reach_each_subscriber_in_their_language(
    client, django_capture_on_commit_callbacks, mailoutbox
):
    from blog.models import Subscriber

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/fr/newsletter/", {"email": "chloe@example.org", "consent": "on"})
    assert response.status_code == 302
    assert Subscriber.objects.get().language == "fr"
    with translation.override("fr"):
        subject = gettext("Please confirm your subscription to the Coalition newsletter")
    assert mailoutbox[0].subject == subject
    assert "/fr/newsletter/confirm/" in mailoutbox[0].body


def test_the_pledge_export_says_each_pledge_language(client):
    PledgeFactory(status=Pledge.Status.PUBLISHED, language="sv", title="Kod för alla")
    response = client.get(reverse("pledges:pledge-export-csv"))
    rows = b"".join(response.streaming_content).decode("utf-8-sig")
    header, row = rows.splitlines()[:2]
    assert header.split(",")[:4] == ["id", "url", "title", "language"]
    assert row.split(",")[3] == "sv"


def test_the_secretariat_writes_each_language_in_the_admin(client):
    from tests.accounts.factories import SecretariatUserFactory
    from tests.national_coalitions.factories import NationalCoalitionFactory

    coalition = NationalCoalitionFactory(description="In English.")
    client.force_login(SecretariatUserFactory())
    url = reverse("admin:national_coalitions_nationalcoalition_change", args=[coalition.pk])
    html = client.get(url).content.decode()
    # English in place; every other language in its own folded fieldset.
    assert 'name="description_en"' in html
    for code, name in settings.LANGUAGES:
        if code != "en":
            assert f"{name} ({code})" in html
            assert f'name="description_{code}"' in html
    assert html.count("<details") >= len(LANGUAGES) - 1
