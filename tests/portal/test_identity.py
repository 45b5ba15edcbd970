"""The portal's identity: icons and web app manifest (defect 13), organisation logos."""

import json

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pledges.models import Pledge
from tests.organisations.factories import OrganisationFactory
from tests.pledges.factories import PledgeFactory

pytestmark = pytest.mark.django_db

LOGO = [
    {"name": "organisations/logos/renditions/logo-160w.webp", "width": 160, "height": 160},
    {"name": "organisations/logos/renditions/logo-320w.webp", "width": 320, "height": 320},
]
ICON_LINKS = {
    '<link rel="icon" href="/static/img/favicon.svg" type="image/svg+xml">': "image/svg+xml",
    '<link rel="icon" href="/static/img/favicon-32.png" type="image/png" sizes="32x32">': (
        "image/png"
    ),
    '<link rel="apple-touch-icon" href="/static/img/apple-touch-icon.png">': "image/png",
}


@pytest.fixture
def static_client():
    """A client whose WhiteNoise serves the static files as in production (from the finders
    here, as nothing is collected in tests): the middleware reads its settings when built."""
    with override_settings(WHITENOISE_USE_FINDERS=True):
        yield Client()


def test_every_page_links_the_icons_and_the_manifest(client):
    html = client.get(reverse("portal:home")).content.decode()
    for link in ICON_LINKS:
        assert link in html
    assert f'<link rel="manifest" href="{reverse("web-manifest")}">' in html
    assert '<meta name="theme-color" content="#004494">' in html


@pytest.mark.parametrize(("link", "content_type"), ICON_LINKS.items())
def test_linked_icons_are_served_with_their_content_type(static_client, link, content_type):
    url = link.split('href="')[1].split('"')[0]
    response = static_client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == content_type


def test_favicon_ico_is_not_a_404_nor_a_language_redirect(static_client):
    """Defect 13: browsers ask for /favicon.ico on every page."""
    response = static_client.get("/favicon.ico")
    assert response.status_code == 302
    assert response["Location"] == "/static/img/favicon.ico"
    icon = static_client.get(response["Location"])
    assert icon.status_code == 200
    assert icon["Content-Type"] == "image/x-icon"


def test_web_app_manifest(static_client):
    response = static_client.get("/manifest.webmanifest")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/manifest+json"
    manifest = json.loads(response.content)
    assert manifest["name"] == "Digital Skills and Jobs Coalition"
    assert manifest["short_name"] == "Coalition Portal"
    assert manifest["theme_color"] == "#004494"
    assert manifest["start_url"] == "/"
    sizes = {icon["sizes"] for icon in manifest["icons"]}
    assert {"192x192", "512x512"} <= sizes
    for icon in manifest["icons"]:
        served = static_client.get(icon["src"])
        assert served.status_code == 200
        assert served["Content-Type"] == icon["type"]


def _pledge_list_queries(client) -> tuple[int, str]:
    cache.clear()  # the list is cached until content changes; factories do not signal it
    client.get(reverse("pledges:pledge-list"))  # warm the caches
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("pledges:pledge-list"))
    assert response.status_code == 200
    return len(queries), response.content.decode()


def test_pledge_cards_show_the_logo_at_no_extra_query(client):
    organisation = OrganisationFactory(name="Logo Foundation", logo_renditions=LOGO)
    PledgeFactory(organisation=organisation, status=Pledge.Status.PUBLISHED)
    one, html = _pledge_list_queries(client)
    # Decorative: the organisation's name is written beside it.
    assert (
        '<img src="/media/organisations/logos/renditions/logo-160w.webp" '
        'srcset="/media/organisations/logos/renditions/logo-160w.webp 160w, '
        '/media/organisations/logos/renditions/logo-320w.webp 320w" sizes="40px" '
        'width="40" height="40" alt=""'
    ) in html
    for _ in range(3):
        PledgeFactory(
            organisation=OrganisationFactory(logo_renditions=LOGO),
            status=Pledge.Status.PUBLISHED,
        )
    many, html = _pledge_list_queries(client)
    assert html.count('class="org-logo-box org-logo-box--sm"') == 4
    assert many == one


def test_pledge_card_without_logo_shows_none(client):
    PledgeFactory(status=Pledge.Status.PUBLISHED)
    _, html = _pledge_list_queries(client)
    assert "org-logo-box" not in html


def test_organisation_and_pledge_pages_show_the_logo(client):
    organisation = OrganisationFactory(logo_renditions=LOGO)
    pledge = PledgeFactory(organisation=organisation, status=Pledge.Status.PUBLISHED)
    html = client.get(organisation.get_absolute_url()).content.decode()
    assert 'class="org-logo-box org-logo-box--lg"' in html
    assert 'width="112" height="112" alt="" loading="eager"' in html
    html = client.get(pledge.get_absolute_url()).content.decode()
    assert 'class="org-logo-box org-logo-box--sm"' in html
