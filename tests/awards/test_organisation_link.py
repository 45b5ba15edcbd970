"""An entry is linked to a pledging organisation when the name matches one with public pledges."""

import pytest

from awards import services
from awards.models import Entry
from pledges.models import Pledge
from tests.organisations.factories import OrganisationFactory
from tests.pledges.factories import PledgeFactory

from .factories import CategoryFactory, EntryFactory, open_edition
from .test_services import fields

pytestmark = pytest.mark.django_db


def test_entry_is_linked_to_the_public_pledger_of_that_name():
    organisation = OrganisationFactory(name="Women in Tech Circle")
    PledgeFactory(organisation=organisation, status=Pledge.Status.PUBLISHED)
    category = CategoryFactory(edition=open_edition())
    entry = services.submit_entry(
        edition=category.edition,
        fields=fields(category, organisation_name="  women in tech   circle "),
    )
    assert entry.organisation == organisation


def test_organisations_without_public_pledges_are_not_linked():
    organisation = OrganisationFactory(name="Women in Tech Circle")
    PledgeFactory(organisation=organisation, status=Pledge.Status.SUBMITTED)
    category = CategoryFactory(edition=open_edition())
    entry = services.submit_entry(edition=category.edition, fields=fields(category))
    assert entry.organisation is None


def test_finalist_page_links_to_the_organisation(client):
    organisation = OrganisationFactory(name="Women in Tech Circle")
    PledgeFactory(organisation=organisation, status=Pledge.Status.PUBLISHED)
    linked = EntryFactory(
        status=Entry.Status.FINALIST,
        organisation_name=organisation.name,
        organisation=organisation,
    )
    unlinked = EntryFactory(status=Entry.Status.FINALIST, organisation_name="Someone Else")
    html = client.get(linked.get_absolute_url()).content.decode()
    assert f'<a href="{organisation.get_absolute_url()}">Women in Tech Circle</a>' in html
    html = client.get(unlinked.get_absolute_url()).content.decode()
    assert "a Coalition pledger" not in html
