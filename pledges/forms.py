"""The pledger's forms: the pledge with its targets, withdrawal, progress report."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Field, Fieldset, Layout
from django import forms
from django.conf import settings
from django.forms import BaseInlineFormSet, inlineformset_factory
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from core.countries import eu_country_choices
from core.forms import HoneypotFormMixin, HttpsURLField, honeypot_layout
from core.i18n import current_language
from organisations.models import Organisation

from .models import (
    MESSAGE_MAX_LENGTH,
    ActionType,
    Pledge,
    PledgeTranslation,
    Target,
    TargetGroup,
)

# Checkbox groups with their errors above the options, outside the grid of countries.
CHECKBOX_FIELDSET = "pledges/_checkbox_fieldset.html"

# More targets than anyone needs; a formset never builds more rows than this, whatever
# TOTAL_FORMS says (Django's own hard limit would be 1,000 more).
MAX_TARGETS = 30


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class PledgeForm(HoneypotFormMixin, forms.ModelForm):
    """The pledge itself. Only the title is needed for a draft; submission checks the rest."""

    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.none(),
        help_text=_("The organisation making this pledge."),
    )
    target_groups = forms.ModelMultipleChoiceField(
        label=_("Target groups"),
        queryset=TargetGroup.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Who your actions are for. Choose all that apply."),
    )
    action_types = forms.ModelMultipleChoiceField(
        label=_("Types of action"),
        queryset=ActionType.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("What you will do. Choose all that apply."),
    )
    countries = forms.MultipleChoiceField(
        label=_("Countries covered"),
        choices=eu_country_choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The Member States where the actions take place."),
    )

    class Meta:
        model = Pledge
        fields = [
            "language",
            "title",
            "summary",
            "description",
            "website",
            "target_groups",
            "action_types",
            "is_eu_wide",
            "start_date",
            "end_date",
        ]
        labels = {"is_eu_wide": _("The pledge covers the whole EU (every Member State)")}
        field_classes = {"website": HttpsURLField}
        help_texts = {
            "title": _("A short, specific name, e.g. “Free coding classes for 500 schools”."),
            "summary": _("One or two sentences, shown in lists of pledges (500 characters)."),
            "description": _(
                "What you will do, for whom, where and how. You can use several paragraphs."
            ),
            "website": _("Optional. A page with more about this pledge, starting with https://"),
            "start_date": _("When the actions start."),
            "end_date": _("When the pledge ends; after the start date."),
        }
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 2}),
            "description": forms.Textarea(attrs={"rows": 6}),
            "start_date": DateInput(),
            "end_date": DateInput(),
        }

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["countries"].initial = [
                str(c.country) for c in self.instance.countries.all()
            ]
            # The organisation of an existing pledge does not change.
            del self.fields["organisation"]
        elif len(organisations) > 1:
            self.fields["organisation"].queryset = Organisation.objects.filter(
                pk__in=[o.pk for o in organisations]
            )
        else:
            del self.fields["organisation"]
        self.helper = FormHelper()
        self.helper.form_tag = False
        # The language the pledger writes in is, most likely, the portal's language now; a
        # form sent without it (an old page, a script) keeps the pledge's or takes that one.
        self.fields["language"].required = False
        if not self.instance.pk:
            self.fields["language"].initial = current_language()
        about = ["language", "title", "summary", "description", "website"]
        if "organisation" in self.fields:
            about.insert(0, "organisation")
        self.helper.layout = Layout(
            Fieldset(_("About the pledge"), *about),
            Fieldset(
                _("Who and what"),
                Field("target_groups", template=CHECKBOX_FIELDSET),
                Field("action_types", template=CHECKBOX_FIELDSET),
            ),
            Fieldset(
                _("Where"),
                "is_eu_wide",
                Field("countries", template=CHECKBOX_FIELDSET, wrapper_class="checkbox-grid"),
            ),
            Fieldset(
                _("When"),
                Div(
                    Div("start_date", css_class="col-sm-6"),
                    Div("end_date", css_class="col-sm-6"),
                    css_class="row",
                ),
            ),
            honeypot_layout(),
        )

    def clean_language(self):
        return self.cleaned_data.get("language") or (
            self.instance.language if self.instance.pk else current_language()
        )

    def clean(self):
        cleaned_data = super().clean()
        start, end = cleaned_data.get("start_date"), cleaned_data.get("end_date")
        if start and end and end <= start:
            self.add_error("end_date", _("The end date must be after the start date."))
        return cleaned_data


class TargetForm(forms.ModelForm):
    target_number = forms.IntegerField(
        label=_("Target number"),
        min_value=1,
        max_value=2_000_000_000,
        help_text=_("A whole number, e.g. 5000."),
    )

    class Meta:
        model = Target
        fields = ["indicator", "description", "target_number"]
        help_texts = {"description": _("Required for “Other”; optional otherwise.")}

    def clean(self):
        cleaned_data = super().clean()
        if (
            cleaned_data.get("indicator") == Target.Indicator.OTHER
            and not cleaned_data.get("description", "").strip()
        ):
            self.add_error("description", _("Say what is counted for “Other”."))
        return cleaned_data

    def validate_unique(self):
        # Duplicates are checked across the whole formset (BaseTargetFormSet.clean), where a
        # row being changed at the same time is taken into account.
        pass


class BaseTargetFormSet(BaseInlineFormSet):
    default_error_messages = {
        "too_many_forms": ngettext_lazy(
            "A pledge can have at most %(num)d target.",
            "A pledge can have at most %(num)d targets.",
            "num",
        ),
    }

    def validate_unique(self):
        # Replaced by the check in clean(), with a message written for people.
        pass

    def clean(self):
        super().clean()
        seen = set()
        for form in self.forms:
            if not hasattr(form, "cleaned_data") or not form.cleaned_data:
                continue
            if self.can_delete and self._should_delete_form(form):
                continue
            key = (
                form.cleaned_data.get("indicator"),
                form.cleaned_data.get("description", "").strip().lower(),
            )
            if key in seen:
                raise forms.ValidationError(
                    _("Two targets have the same indicator and description; merge them."),
                    code="duplicate_target",
                )
            seen.add(key)


def target_formset(*, extra: int = 1):
    return inlineformset_factory(
        Pledge,
        Target,
        form=TargetForm,
        formset=BaseTargetFormSet,
        extra=extra,
        can_delete=True,
        max_num=MAX_TARGETS,
        absolute_max=MAX_TARGETS,
        validate_max=True,
    )


def formset_error_items(formset, *, anchor="targets", line=None) -> list[dict]:
    """The formset's errors for the error summary: each links to its field. `anchor`: the
    formset's own element; `line`: the message of one error ("Target 2, number: ...")."""
    line = line or _("Target %(number)s, %(label)s: %(error)s")
    items = [{"anchor": anchor, "message": str(e)} for e in formset.non_form_errors()]
    for number, form in enumerate(formset.forms, start=1):
        for name, errors in form.errors.items():
            field_anchor = form[name].auto_id if name in form.fields else anchor
            label = form.fields[name].label if name in form.fields else ""
            items.extend(
                {
                    "anchor": field_anchor,
                    "message": line % {"number": number, "label": label, "error": error},
                }
                for error in errors
            )
    return items


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Tell the Secretariat why you withdraw the pledge."),
    )


class ProgressReportForm(forms.Form):
    """A dated report with the cumulative number achieved for each target of the pledge."""

    report_date = forms.DateField(
        label=_("Report date"),
        widget=DateInput(),
        help_text=_("The date the numbers below refer to."),
    )
    narrative = forms.CharField(
        label=_("What was done"),
        max_length=MESSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("A short account of the activities since the last report."),
    )

    def __init__(self, *args, pledge: Pledge, targets, **kwargs):
        self.pledge = pledge
        self.targets = list(targets)
        super().__init__(*args, **kwargs)
        self.fields["report_date"].initial = timezone.localdate()
        for target in self.targets:
            self.fields[self.target_field(target)] = forms.IntegerField(
                label=target.description or target.get_indicator_display(),
                min_value=0,
                max_value=2_000_000_000,
                initial=target.achieved,
                help_text=_("Achieved so far, in total since the start (target: %(number)s).")
                % {"number": number_format(target.target_number, force_grouping=True)},
            )
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Fieldset(_("The report"), "report_date", "narrative"),
            Fieldset(_("Numbers achieved so far"), *[self.target_field(t) for t in self.targets]),
        )

    @staticmethod
    def target_field(target: Target) -> str:
        return f"target_{target.pk}"

    def clean_report_date(self):
        value = self.cleaned_data["report_date"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("The report date cannot be in the future."))
        if self.pledge.start_date and value < self.pledge.start_date:
            raise forms.ValidationError(_("The report date is before the pledge starts."))
        return value

    def achieved_by_target(self) -> dict[int, int]:
        return {t.pk: self.cleaned_data[self.target_field(t)] for t in self.targets}


class PledgeTranslationForm(forms.ModelForm):
    """The pledge's title and summary in one more language."""

    class Meta:
        model = PledgeTranslation
        fields = ["language", "title", "summary"]
        widgets = {"summary": forms.Textarea(attrs={"rows": 2})}
        help_texts = {"summary": _("Optional: the summary in this language.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = [("", "—"), *settings.LANGUAGES]

    def clean_language(self):
        language = self.cleaned_data["language"]
        if language == self.instance.pledge.language:
            raise forms.ValidationError(
                _("This is the language the pledge is written in: choose another one.")
            )
        return language


def translation_formset():
    return inlineformset_factory(
        Pledge,
        PledgeTranslation,
        form=PledgeTranslationForm,
        # A language given twice: the formset's own check of the (pledge, language) constraint.
        extra=1,
        can_delete=True,
        max_num=len(settings.LANGUAGES) - 1,
        absolute_max=len(settings.LANGUAGES) - 1,
        validate_max=True,
    )


class PledgeMessageForm(HoneypotFormMixin, forms.Form):
    """A pledger's message to the Secretariat about one pledge."""

    body = forms.CharField(
        label=_("Your message to the Secretariat"),
        max_length=MESSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "The Secretariat receives it by e-mail and answers here; you will get its answer "
            "by e-mail too."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout("body", honeypot_layout())
