"""The organisation's profile and the invitation of a colleague."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Fieldset, Layout
from django import forms
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from core.countries import EU_MEMBER_STATES, eu_country_choices
from core.forms import HoneypotFormMixin, HttpsURLField, honeypot_layout

from .models import Membership, Organisation


def organisation_country_choices():
    """Member States first, then every other country, as two labelled groups."""
    others = [(code, name) for code, name in countries if code not in EU_MEMBER_STATES]
    return [
        ("", _("Choose a country")),
        (_("EU Member States"), eu_country_choices()),
        (_("Other countries"), others),
    ]


class OrganisationForm(HoneypotFormMixin, forms.ModelForm):
    country = forms.ChoiceField(
        label=_("Country"),
        choices=organisation_country_choices,
        help_text=_("Where the organisation is based."),
    )

    class Meta:
        model = Organisation
        fields = [
            "name",
            "type",
            "country",
            "website",
            "description",
            "logo",
            "logo_alt",
            "contact_name",
            "contact_email",
        ]
        labels = {"type": _("Type of organisation")}
        field_classes = {"website": HttpsURLField}
        help_texts = {
            "name": _("The organisation's full name, as it should appear on pledges."),
            "website": _("The full address, starting with https://"),
            "description": _("What the organisation does, in a few sentences. Shown publicly."),
            "logo": _("Optional. A JPEG, PNG or WebP image of at most 5 MB."),
            "contact_name": _("Private: only the Secretariat sees it."),
            "contact_email": _(
                "Private: the Secretariat writes here about your pledges, and status "
                "notifications are sent here too."
            ),
        }
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Fieldset(
                _("About the organisation"),
                "name",
                "type",
                "country",
                "website",
                "description",
            ),
            Fieldset(_("Logo"), "logo", "logo_alt"),
            Fieldset(
                _("Contact person (private)"),
                HTML(
                    '<p class="form-text">'
                    + str(_("The Secretariat uses these details; they are never published."))
                    + "</p>"
                ),
                "contact_name",
                "contact_email",
            ),
            honeypot_layout(),
        )

    def clean(self):
        cleaned_data = super().clean()
        if cleaned_data.get("logo") and not cleaned_data.get("logo_alt", "").strip():
            self.add_error(
                "logo_alt", _("Describe the logo for people who cannot see it, e.g. its name.")
            )
        return cleaned_data


class InvitationForm(forms.Form):
    email = forms.EmailField(
        label=_("Colleague's e-mail address"),
        help_text=_("They receive a link to join; it works for the account with this address."),
    )
    role = forms.ChoiceField(
        label=_("Role"),
        choices=Membership.Role.choices,
        initial=Membership.Role.EDITOR,
        widget=forms.RadioSelect,
        help_text=_(
            "Editors write and submit pledges and progress reports. Administrators can "
            "also edit the organisation's profile and invite colleagues."
        ),
    )

    def __init__(self, *args, organisation: Organisation, **kwargs):
        self.organisation = organisation
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        if self.organisation.memberships.filter(user__email__iexact=email).exists():
            raise forms.ValidationError(_("This person is already a member."))
        return email
