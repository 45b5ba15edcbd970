import pytest

from core.countries import EU_MEMBER_STATES
from pledges.forms import PledgeForm, eu_country_choices
from tests.organisations.factories import OrganisationFactory

from .factories import PledgeFactory

pytestmark = pytest.mark.django_db


def test_there_are_27_member_states_and_only_they_can_be_covered():
    assert len(set(EU_MEMBER_STATES)) == 27
    assert {code for code, _ in eu_country_choices()} == set(EU_MEMBER_STATES)
    form = PledgeForm(data={"title": "T", "countries": ["US"]}, organisations=[])
    assert not form.is_valid()
    assert "countries" in form.errors


def test_organisation_field_only_when_the_user_has_several():
    one, two = OrganisationFactory(), OrganisationFactory()
    assert "organisation" not in PledgeForm(organisations=[one]).fields
    form = PledgeForm(organisations=[one, two])
    assert set(form.fields["organisation"].queryset) == {one, two}
    other = OrganisationFactory()
    form = PledgeForm(data={"title": "T", "organisation": other.pk}, organisations=[one, two])
    assert "organisation" in form.errors


def test_existing_pledge_shows_its_countries():
    pledge = PledgeFactory(countries=["FR", "IT"])
    form = PledgeForm(instance=pledge, organisations=[pledge.organisation])
    assert sorted(form.fields["countries"].initial) == ["FR", "IT"]


def test_end_date_must_follow_start_date():
    form = PledgeForm(
        data={"title": "T", "start_date": "2026-05-01", "end_date": "2026-05-01"},
        organisations=[],
    )
    assert form.errors["end_date"] == ["The end date must be after the start date."]
