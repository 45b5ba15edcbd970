import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from .models import (
    AreaOfAction,
    EUMemberStates,
    NationalCoalition,
    OtherInitiative,
    StakeholderType,
)


class CoalitionFilter(django_filters.FilterSet):
    """Filters of the public directory: plain GET parameters, so they work without JavaScript."""

    stakeholder_type = django_filters.ChoiceFilter(
        label=_("Members include"),
        field_name="members__stakeholder_type",
        choices=StakeholderType.choices,
        empty_label=_("Any stakeholder type"),
        distinct=True,
    )
    area = django_filters.ModelChoiceFilter(
        label=_("Area of action"),
        field_name="areas_of_action",
        queryset=AreaOfAction.objects.all(),
        to_field_name="slug",
        empty_label=_("Any area of action"),
        distinct=True,
    )

    class Meta:
        model = NationalCoalition
        fields = ["stakeholder_type", "area"]


class InitiativeFilter(django_filters.FilterSet):
    country = django_filters.ChoiceFilter(
        label=_("Member State"),
        choices=lambda: list(EUMemberStates()),
        empty_label=_("All Member States"),
        widget=forms.Select,
    )

    class Meta:
        model = OtherInitiative
        fields = ["country"]
