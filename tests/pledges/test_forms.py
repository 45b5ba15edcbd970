import pytest
from django.template import Context, Template

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


def render_form(form):
    return Template("{% load crispy_forms_tags %}{% crispy form %}").render(Context({"form": form}))


def test_country_error_is_shown_once_above_the_grid_and_describes_the_group():
    form = PledgeForm(data={"title": "T", "countries": ["US"]}, organisations=[])
    assert not form.is_valid()
    html = render_form(form)
    message = "Select a valid choice. US is not one of the available choices."
    assert html.count(message) == 1
    start = html.index('<fieldset id="id_countries"')
    error, grid = html.index('id="id_countries_error"'), html.index('class="checkbox-grid"')
    assert start < error < grid
    # Nothing but checkboxes inside the grid: it ends after Sweden, the last of them.
    grid_html = html[grid : html.index('id="id_countries_helptext"')]
    assert "invalid-feedback" not in grid_html
    assert 'aria-describedby="id_countries_error id_countries_helptext"' in html[start:]
    assert 'class="form-check-input is-invalid"' in grid_html
    assert html.count('value="SE"') == 1


def test_checkbox_groups_without_errors_keep_their_choices():
    pledge = PledgeFactory(countries=["FR"], target_groups=["education"])
    html = render_form(PledgeForm(instance=pledge, organisations=[pledge.organisation]))
    assert 'value="FR" id="id_countries_9" checked' in html
    assert 'value="AT" id="id_countries_0">' in html
    assert "invalid-feedback" not in html
    assert '<fieldset id="id_target_groups" tabindex="-1"' in html
