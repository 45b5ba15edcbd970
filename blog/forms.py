from crispy_forms.helper import FormHelper
from crispy_forms.layout import Field, Layout, Submit
from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from core.forms import HoneypotFormMixin, honeypot_layout

from .models import Author, Post


def _require_alt(form: forms.ModelForm, image_field: str, alt_field: str) -> None:
    """Every image needs an alternative text (checked here for a clear message, and in the DB).

    The text is kept per language: the English one (the admin's) is the one that is required.
    """
    english = f"{alt_field}_{settings.MODELTRANSLATION_DEFAULT_LANGUAGE}"
    if alt_field not in form.fields and english in form.fields:
        alt_field = english
    image = form.cleaned_data.get(image_field)
    if image and not (form.cleaned_data.get(alt_field) or "").strip():
        form.add_error(
            alt_field,
            _("Please describe the image for people who cannot see it (alternative text)."),
        )


class AuthorAdminForm(forms.ModelForm):
    class Meta:
        model = Author
        fields = ["name", "slug", "role", "bio", "picture", "picture_alt"]

    def clean(self):
        cleaned_data = super().clean()
        _require_alt(self, "picture", "picture_alt")
        return cleaned_data


class PostAdminForm(forms.ModelForm):
    class Meta:
        model = Post
        fields = [
            "title",
            "slug",
            "author",
            "excerpt",
            "body",
            "hero_image",
            "hero_image_alt",
            "tags",
            "status",
            "published_at",
        ]

    def clean(self):
        cleaned_data = super().clean()
        _require_alt(self, "hero_image", "hero_image_alt")
        return cleaned_data


class SubscribeForm(HoneypotFormMixin, forms.Form):
    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    consent = forms.BooleanField(
        label=_(
            "I would like to receive the Coalition newsletter and agree that my e-mail address "
            "is kept for this purpose until I unsubscribe."
        ),
        error_messages={"required": _("Please tick this box to subscribe.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field("email"),
            Field("consent"),
            honeypot_layout(),
            Submit("subscribe", _("Subscribe")),
        )
