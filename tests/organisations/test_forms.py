import pytest

from organisations.forms import OrganisationForm

pytestmark = pytest.mark.django_db


def test_organisation_countries_group_member_states_first():
    choices = OrganisationForm().fields["country"].choices
    assert [label for label, _ in choices[1:]] == ["EU Member States", "Other countries"]
