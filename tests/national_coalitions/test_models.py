import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from national_coalitions.models import (
    EU_MEMBER_STATES,
    AreaOfAction,
    CoalitionMember,
    ContactRequest,
    NationalCoalition,
    Resource,
    eu_language_choices,
)

from .factories import (
    CoalitionAreaFactory,
    CoalitionMemberFactory,
    ContactRequestFactory,
    NationalCoalitionFactory,
    OtherInitiativeFactory,
    ResourceFactory,
)

pytestmark = pytest.mark.django_db


def test_eu_member_states_are_the_27_with_translated_names():
    assert len(set(EU_MEMBER_STATES)) == 27
    field = NationalCoalition._meta.get_field("country")
    choices = dict(field.choices)
    assert len(choices) == 27
    assert choices["DE"] == "Germany"
    assert "GB" not in choices and "NO" not in choices


def test_initial_areas_of_action_come_from_the_migration():
    assert list(AreaOfAction.objects.values_list("slug", flat=True)) == [
        "industry-led-training",
        "certifying-skills",
        "school-and-university-curricula",
        "awareness-of-ict-careers",
    ]


def test_one_coalition_per_member_state():
    NationalCoalitionFactory(country="BE")
    with pytest.raises(IntegrityError), transaction.atomic():
        NationalCoalition.objects.create(country="BE", name="Second", status="under_formation")


def test_country_must_be_an_eu_member_state():
    with pytest.raises(IntegrityError), transaction.atomic():
        NationalCoalition.objects.create(country="NO", name="Norway", status="under_formation")
    coalition = NationalCoalition(country="CH", name="Swiss", status="under_formation")
    with pytest.raises(ValidationError) as excinfo:
        coalition.full_clean()
    assert "country" in excinfo.value.message_dict


def test_launched_coalition_needs_a_launch_date():
    with pytest.raises(IntegrityError), transaction.atomic():
        NationalCoalition.objects.create(country="AT", name="A", status="launched")
    coalition = NationalCoalition(country="AT", name="A", status="launched")
    with pytest.raises(ValidationError, match="needs a launch date"):
        coalition.full_clean()
    NationalCoalition.objects.create(country="AT", name="A", status="under_formation")


def test_logo_needs_alternative_text():
    with pytest.raises(IntegrityError), transaction.atomic():
        NationalCoalitionFactory(country="FR", logo="national-coalitions/logos/fr/logo.png")
    NationalCoalitionFactory(
        country="FR", logo="national-coalitions/logos/fr/logo.png", logo_alt_text="Logo"
    )


def test_querysets_and_urls():
    launched = NationalCoalitionFactory(country="BE")
    forming = NationalCoalitionFactory(country="DE", forming=True)
    assert list(NationalCoalition.objects.launched()) == [launched]
    assert list(NationalCoalition.objects.under_formation()) == [forming]
    assert launched.get_absolute_url() == "/en/national-coalitions/be/"
    assert str(launched) == "Digital Skills Coalition BE (Belgium)"
    assert launched.is_launched and not forming.is_launched


def test_factsheet_size_is_none_without_file_or_when_storage_lost_it():
    coalition = NationalCoalitionFactory(country="BE", with_factsheet=True)
    assert coalition.factsheet_size == coalition.factsheet.size > 0
    coalition.factsheet.storage.delete(coalition.factsheet.name)
    assert coalition.factsheet_size is None
    assert NationalCoalitionFactory(country="DE").factsheet_size is None


def test_member_names_are_unique_within_a_coalition():
    member = CoalitionMemberFactory(name="Acme")
    CoalitionMemberFactory(name="Acme")  # in another coalition
    with pytest.raises(IntegrityError), transaction.atomic():
        CoalitionMemberFactory(coalition=member.coalition, name="Acme")


def test_an_area_is_linked_once_per_coalition():
    link = CoalitionAreaFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        CoalitionAreaFactory(coalition=link.coalition, area=link.area)
    assert list(link.coalition.areas_of_action.all()) == [link.area]


def test_history_records_changes_to_coalitions_and_members():
    coalition = NationalCoalitionFactory(country="BE", forming=True)
    coalition.status = NationalCoalition.Status.LAUNCHED
    coalition.launch_date = datetime.date(2017, 5, 1)
    coalition.save()
    member = CoalitionMemberFactory(coalition=coalition)
    member_id = member.pk
    member.delete()
    assert [h.status for h in coalition.history.order_by("history_date")] == [
        "under_formation",
        "launched",
    ]
    member_history = CoalitionMember.history.filter(id=member_id).order_by("history_date")
    assert list(member_history.values_list("history_type", flat=True)) == ["+", "-"]


def test_initiative_must_be_in_a_member_state():
    initiative = OtherInitiativeFactory(slug="code-club")
    assert (
        initiative.get_absolute_url() == "/en/national-coalitions/initiatives/#initiative-code-club"
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        OtherInitiativeFactory(country="US")


def test_resources_published_and_toolkits():
    today = timezone.localdate()
    toolkit = ResourceFactory(category=Resource.Category.TOOLKIT, publication_date=today)
    ResourceFactory(publication_date=today + datetime.timedelta(days=2))
    assert list(Resource.objects.published().toolkits()) == [toolkit]
    assert toolkit.file_size > 0


def test_resource_languages_are_the_24_official_eu_languages():
    choices = dict(eu_language_choices())
    assert len(choices) == 24
    assert choices["mt"] == "Maltese"
    assert choices["fr"] == "French"


def test_contact_request_constraints():
    coalition = NationalCoalitionFactory()
    initiative = OtherInitiativeFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        ContactRequestFactory(coalition=coalition, initiative=initiative)
    with pytest.raises(IntegrityError), transaction.atomic():
        ContactRequestFactory(consent=False)
    with pytest.raises(IntegrityError), transaction.atomic():
        ContactRequestFactory(is_handled=True)
    request = ContactRequestFactory(coalition=coalition)
    assert request.subject == coalition
    assert ContactRequest.objects.unhandled().count() == 1
