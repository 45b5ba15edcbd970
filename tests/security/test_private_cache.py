"""Private pages are never stored by a browser or a shared cache (issue 16, item 7).

Every page of the access matrix's PLEDGER_PAGES (the pledger's pages and the organisation's,
with its private contact details, and the invitation pages) answers with `Cache-Control:
private, no-store`, whoever asks: the member who sees the data, the sign-in redirect of an
anonymous visitor, a form sent back with errors. A refusal raised as an exception (another
organisation's page: the portal's 404, or an editor's 403) is the portal's error page, which
shows nothing private.
"""

import pytest
from django.urls import get_resolver, reverse
from django.utils.cache import get_max_age

from tests.security.test_access_matrix import (
    OWNER,
    PLEDGER_PAGES,
    ROLES,
    client_for,
    walk,
    world,  # noqa: F401 (the fixture)
)

pytestmark = pytest.mark.django_db


def assert_private(response, path):
    directives = {d.strip().split("=")[0] for d in response.get("Cache-Control", "").split(",")}
    assert {"private", "no-store"} <= directives, (path, response.get("Cache-Control"))
    assert "public" not in directives, path
    assert not get_max_age(response), path


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("page", PLEDGER_PAGES, ids=str)
def test_every_private_page_is_private_and_not_stored(world, page, role):  # noqa: F811
    path = reverse(page.name, kwargs=page.kwargs(world))
    response = client_for(world, role).get(path)
    if response.status_code in (403, 404):
        return  # raised before the page: the error page, with nothing of theirs
    assert_private(response, path)


@pytest.mark.parametrize("page", [p for p in PLEDGER_PAGES if p.post_data], ids=str)
def test_forms_sent_back_are_private_too(world, page):  # noqa: F811
    """A form sent back with errors holds what was typed (the contact e-mail, a pledge)."""
    path = reverse(page.name, kwargs=page.kwargs(world))
    client = client_for(world, OWNER)
    invalid = dict.fromkeys(page.post_data(world), "x" * 100000) or {"x": "1"}
    assert_private(client.post(path, invalid), path)


def test_the_owner_sees_every_private_page_with_the_header(world):  # noqa: F811
    """The check above is not vacuous: every page answers the owner, privately."""
    for page in PLEDGER_PAGES:
        path = reverse(page.name, kwargs=page.kwargs(world))
        response = client_for(world, OWNER).get(path)
        assert response.status_code == 200, path
        assert_private(response, path)


def test_every_page_under_my_is_in_the_table():
    """A new page under /my/ (or the pledge form) gets the same check once it is in the matrix."""
    names = {page.name for page in PLEDGER_PAGES}
    for namespace, name, route in walk(get_resolver().url_patterns):
        if route.startswith("my/"):
            assert f"{namespace}:{name}" in names, route
