from functools import partial

from crispy_forms.layout import Div
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

HONEYPOT_FIELD_NAME = "website_address"

# Addresses typed without a scheme get https:// (Django 6's default, without the warning).
HttpsURLField = partial(forms.URLField, assume_scheme="https")


class HoneypotFormMixin:
    """Adds a field people never see and bots fill in; a filled-in honeypot fails validation.

    Forms with a crispy layout place it with `honeypot_layout()`, which hides it from
    sight, from assistive technology and from the tab order.
    """

    honeypot_error = _(
        "We could not accept this submission because a hidden anti-spam field was filled in. "
        "If you are a person, please reload the page and try again."
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[HONEYPOT_FIELD_NAME] = forms.CharField(
            label=_("Leave this field empty"),
            required=False,
            widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
        )

    def clean(self):
        cleaned_data = super().clean()
        if cleaned_data.get(HONEYPOT_FIELD_NAME):
            raise ValidationError(self.honeypot_error, code="honeypot")
        return cleaned_data

    @property
    def honeypot_triggered(self) -> bool:
        return any(error.code == "honeypot" for error in self.non_field_errors().as_data())


def honeypot_layout():
    return Div(HONEYPOT_FIELD_NAME, css_class="hp-field", aria_hidden="true")
