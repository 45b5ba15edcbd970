"""The site's own pages: the home page and the statement pages."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_home_page_explains_the_coalition_with_empty_states(client):
    response = client.get(reverse("portal:home"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1" in html and "Digital Skills and Jobs Coalition" in html
    assert "New Skills Agenda" in html
    assert 'href="#main-content"' in html
    assert html.count("<main") == 1
    assert '<html lang="en">' in html
    assert reverse("portal:accessibility") in html
    assert reverse("portal:privacy") in html
    assert "secretariat@example.eu" in html


@pytest.mark.parametrize(
    ("name", "heading"),
    [("portal:accessibility", "Accessibility statement"), ("portal:privacy", "Privacy notice")],
)
def test_statement_pages(client, name, heading):
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert f"<h1>{heading}</h1>" in response.content.decode()
