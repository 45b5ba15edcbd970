from crispy_forms.helper import FormHelper
from crispy_forms.layout import Fieldset, Layout, Submit
from django import forms
from django.core.validators import MaxLengthValidator
from django.urls import reverse_lazy
from django.utils.functional import lazy
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core.countries import eu_country_choices
from core.forms import HoneypotFormMixin, honeypot_layout

from .models import OUTSIDE_EU_MESSAGE, AwardEdition, Category, Entry

ENTRY_FIELDS = [
    "category",
    "project_name",
    "organisation_name",
    "country",
    "website",
    "description",
    "image",
    "image_alt",
    "contact_name",
    "contact_email",
    "contact_phone",
]
DESCRIPTION_MAX_LENGTH = 3000


def _consent_help():
    return format_html(
        _(
            "Your contact details are used only to handle this entry and are never published; "
            'see the <a href="{}">privacy notice</a>. If your project is shortlisted, its name, '
            "organisation, country, website, description and image are published."
        ),
        reverse_lazy("portal:privacy"),
    )


class CategoryChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Category) -> str:
        return obj.name


def entry_country_choices():
    return [("", _("Choose a country")), *eu_country_choices()]


class EntryForm(HoneypotFormMixin, forms.ModelForm):
    """The public entry form of an open edition."""

    category = CategoryChoiceField(
        label=_("Category"),
        queryset=Category.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
    )
    # Only organisations established in the EU may enter: the Member States, by name, as on
    # the pledge form; any other value is refused in words that say why.
    country = forms.ChoiceField(
        label=_("Country"),
        choices=entry_country_choices,
        help_text=_(
            "The Member State where the organisation is established: only organisations "
            "established in a Member State of the European Union can enter."
        ),
        error_messages={"invalid_choice": OUTSIDE_EU_MESSAGE},
        widget=forms.Select(attrs={"autocomplete": "country"}),
    )
    website = forms.URLField(
        label=_("Project website"),
        required=False,
        assume_scheme="https",
        max_length=200,
        help_text=_("Optional. A page where the jury can learn more, starting with https://"),
        widget=forms.URLInput(attrs={"autocomplete": "url"}),
    )
    consent = forms.BooleanField(
        label=_(
            "I confirm that the information is accurate and agree that the Secretariat processes "
            "it to run the awards."
        ),
        help_text=lazy(_consent_help, str)(),
        error_messages={"required": _("Please confirm to send your entry.")},
    )

    class Meta:
        model = Entry
        fields = ENTRY_FIELDS
        labels = {
            "project_name": _("Project name"),
            "organisation_name": _("Organisation"),
            "description": _("Description of the project"),
            "image": _("Image (optional)"),
            "image_alt": _("Image description (alt text)"),
            "contact_name": _("Your name"),
            "contact_email": _("Your e-mail address"),
            "contact_phone": _("Telephone (optional)"),
        }
        help_texts = {
            "organisation_name": _("The organisation running the project."),
            "description": _(
                "What the project does, for whom, and its results so far. At most 3000 characters."
            ),
            "image": _(
                "A photo or visual of the project: JPEG, PNG or WebP, at most 5 MB and 24 million "
                "pixels. Please do not upload pictures of people without their permission."
            ),
            "image_alt": _("Required with an image: describe what it shows in one sentence."),
            "contact_name": _("Not published."),
            "contact_email": _(
                "Not published. We send the confirmation and the jury's decision here."
            ),
            "contact_phone": _("Not published."),
        }
        widgets = {
            "description": forms.Textarea(attrs={"rows": 8, "maxlength": DESCRIPTION_MAX_LENGTH}),
            "contact_name": forms.TextInput(attrs={"autocomplete": "name"}),
            "contact_email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "contact_phone": forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
            "organisation_name": forms.TextInput(attrs={"autocomplete": "organization"}),
        }

    def __init__(self, *args, edition: AwardEdition, **kwargs):
        super().__init__(*args, **kwargs)
        self.edition = edition
        self.instance.edition = edition
        self.fields["category"].queryset = edition.categories.all()
        self.fields["description"].validators.append(MaxLengthValidator(DESCRIPTION_MAX_LENGTH))
        self.helper = FormHelper()
        self.helper.form_id = "entry-form"
        self.helper.attrs = {"novalidate": ""}
        self.helper.layout = Layout(
            Fieldset(
                _("The project"),
                "category",
                "project_name",
                "organisation_name",
                "country",
                "website",
                "description",
            ),
            Fieldset(_("Image"), "image", "image_alt"),
            Fieldset(_("Contact person"), "contact_name", "contact_email", "contact_phone"),
            Fieldset(_("Consent"), "consent"),
            honeypot_layout(),
            Submit("submit", _("Send the entry")),
        )

    def clean(self):
        cleaned_data = super().clean()
        if cleaned_data.get("image") and not (cleaned_data.get("image_alt") or "").strip():
            self.add_error(
                "image_alt",
                forms.ValidationError(
                    _("Please describe the image for people who cannot see it."),
                    code="alt_required",
                ),
            )
        return cleaned_data

    def entry_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in ENTRY_FIELDS}
