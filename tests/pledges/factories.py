import datetime

import factory
from django.utils import timezone
from django.utils.text import slugify

from pledges.models import (
    ActionType,
    Pledge,
    PledgeCountry,
    ProgressReport,
    ProgressValue,
    Target,
    TargetGroup,
)
from tests.organisations.factories import OrganisationFactory


def target_group(code: str) -> TargetGroup:
    """The fixed lists are created by a data migration; look them up by code."""
    return TargetGroup.objects.get(code=code)


def action_type(code: str) -> ActionType:
    return ActionType.objects.get(code=code)


class PledgeFactory(factory.django.DjangoModelFactory):
    """A complete pledge (ready to submit). Pass status=... for other states."""

    class Meta:
        model = Pledge
        skip_postgeneration_save = True

    organisation = factory.SubFactory(OrganisationFactory)
    title = factory.Sequence(lambda n: f"Coding classes for {n} schools")
    slug = factory.LazyAttribute(lambda o: slugify(o.title)[:200])
    summary = "Free coding classes for pupils and their teachers."
    description = "Weekly after-school coding classes run by volunteers, with teacher training."
    start_date = datetime.date(2025, 1, 1)
    end_date = datetime.date(2027, 12, 31)
    website = "https://digital-futures.example.org/coding"
    status = Pledge.Status.DRAFT

    @factory.lazy_attribute
    def published_at(self):
        return timezone.now() if self.status in Pledge.PUBLIC_STATUSES else None

    @factory.lazy_attribute
    def submitted_at(self):
        return None if self.status == Pledge.Status.DRAFT else timezone.now()

    @factory.post_generation
    def target_groups(obj, create, extracted, **kwargs):
        if create:
            codes = extracted if extracted is not None else ["education"]
            obj.target_groups.set([target_group(code) for code in codes])

    @factory.post_generation
    def action_types(obj, create, extracted, **kwargs):
        if create:
            codes = extracted if extracted is not None else ["training"]
            obj.action_types.set([action_type(code) for code in codes])

    @factory.post_generation
    def countries(obj, create, extracted, **kwargs):
        if create:
            for code in extracted if extracted is not None else ["BE"]:
                PledgeCountry.objects.create(pledge=obj, country=code)

    @factory.post_generation
    def targets(obj, create, extracted, **kwargs):
        """`targets=[("people-trained", 1000), ...]`; by default one target of 1,000 trained."""
        if create:
            for indicator, number in (
                extracted if extracted is not None else [("people-trained", 1000)]
            ):
                Target.objects.create(pledge=obj, indicator=indicator, target_number=number)


class TargetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Target

    pledge = factory.SubFactory(PledgeFactory)
    indicator = Target.Indicator.CERTIFICATIONS
    target_number = 500


class ProgressReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgressReport

    pledge = factory.SubFactory(PledgeFactory, status=Pledge.Status.PUBLISHED)
    report_date = datetime.date(2026, 6, 30)
    narrative = "Classes ran in every partner school this term."


class ProgressValueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgressValue

    report = factory.SubFactory(ProgressReportFactory)
    target = factory.SubFactory(TargetFactory)
    achieved = 100
