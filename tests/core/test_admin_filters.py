"""core.admin.CountryListFilter: the countries in the data, EU Member States first."""

from urllib.parse import parse_qsl

import pytest
from django.contrib import admin
from django.test import RequestFactory

from core.admin import CountryListFilter
from organisations.models import Organisation
from tests.accounts.factories import UserFactory
from tests.organisations.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


class OrganisationCountries(admin.ModelAdmin):
    list_filter = [("country", CountryListFilter)]


def changelist(**params):
    request = RequestFactory().get("/", params)
    request.user = UserFactory(is_superuser=True, is_staff=True)
    model_admin = OrganisationCountries(Organisation, admin.AdminSite())
    return model_admin.get_changelist_instance(request)


def shown(cl) -> list[tuple[str, bool]]:
    [spec] = cl.filter_specs
    return [(str(choice["display"]), choice["selected"]) for choice in spec.choices(cl)]


def test_only_countries_in_the_data_eu_first_then_the_others():
    for code in ["NO", "FR", "AT", "CH", "FR"]:
        OrganisationFactory(country=code)
    assert shown(changelist()) == [
        ("All", True),
        ("EU Member States", False),
        ("Outside the EU", False),
        ("Austria", False),
        ("France", False),
        ("Norway", False),
        ("Switzerland", False),
    ]


def test_filters_by_one_country_or_by_group():
    for code in ["NO", "FR", "AT"]:
        OrganisationFactory(country=code)
    cl = changelist(country="FR")
    assert [o.country.code for o in cl.result_list] == ["FR"]
    assert ("France", True) in shown(cl)
    [spec] = cl.filter_specs
    eu = next(c for c in spec.choices(cl) if str(c["display"]) == "EU Member States")
    cl = changelist(**dict(parse_qsl(eu["query_string"].lstrip("?"))))
    assert sorted(o.country.code for o in cl.result_list) == ["AT", "FR"]
    assert ("EU Member States", True) in shown(cl)


def test_no_groups_when_every_country_is_in_the_eu():
    for code in ["FR", "AT"]:
        OrganisationFactory(country=code)
    assert [label for label, _ in shown(changelist())] == ["All", "Austria", "France"]


def test_counts_when_facets_are_shown():
    for code in ["FR", "FR", "NO"]:
        OrganisationFactory(country=code)
    labels = [label for label, _ in shown(changelist(_facets="True"))]
    assert labels[1:] == ["EU Member States (2)", "Outside the EU (1)", "France (2)", "Norway (1)"]
