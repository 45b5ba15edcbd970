from crispy_forms.helper import FormHelper
from crispy_forms.layout import Layout, Submit
from django import forms
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core.forms import HoneypotFormMixin, honeypot_layout

from .models import NationalCoalition, OtherInitiative

GENERAL = "general"
COALITION_PREFIX = "coalition:"
INITIATIVE_PREFIX = "initiative:"


class ContactForm(HoneypotFormMixin, forms.Form):
    """A message to the Secretariat, in general or about one coalition or initiative."""

    name = forms.CharField(
        label=_("Your name"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label=_("Your e-mail address"),
        help_text=_("We only use it to answer you."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    organisation = forms.CharField(
        label=_("Organisation (optional)"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    topic = forms.ChoiceField(
        label=_("Your message is about"),
        help_text=_(
            "Choose a coalition or initiative to cooperate with, or send a general enquiry."
        ),
    )
    message = forms.CharField(
        label=_("Message"), max_length=5000, widget=forms.Textarea(attrs={"rows": 8})
    )
    consent = forms.BooleanField(
        label=_(
            "I agree that the Secretariat stores my message and contact details to answer me "
            "and, for a coalition, shares them with its coordinating body."
        ),
        error_messages={"required": _("Please agree so that we can process your message.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        coalitions = sorted(
            NationalCoalition.objects.only("country", "name"), key=lambda c: c.country.name
        )
        initiatives = OtherInitiative.objects.only("slug", "name", "country")
        self.coalitions = {f"{COALITION_PREFIX}{c.code}": c for c in coalitions}
        self.initiatives = {f"{INITIATIVE_PREFIX}{i.slug}": i for i in initiatives}
        choices = [(GENERAL, _("A general enquiry to the Secretariat"))]
        if self.coalitions:
            choices.append(
                (
                    _("National coalitions"),
                    [(key, f"{c.country.name}: {c.name}") for key, c in self.coalitions.items()],
                )
            )
        if self.initiatives:
            choices.append(
                (
                    _("Other initiatives"),
                    [(key, f"{i.name} ({i.country.name})") for key, i in self.initiatives.items()],
                )
            )
        self.fields["topic"].choices = choices
        self.fields["consent"].help_text = format_html(
            '{} <a href="{}">{}</a>.',
            _("Read how we handle personal data in the"),
            reverse("portal:privacy"),
            _("privacy notice"),
        )
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            "name",
            "email",
            "organisation",
            "topic",
            "message",
            "consent",
            honeypot_layout(),
            Submit("submit", _("Send your message"), css_class="btn-primary"),
        )

    @classmethod
    def initial_topic(cls, *, coalition: str | None, initiative: str | None) -> str:
        """The topic pre-selected by `?coalition=<code>` or `?initiative=<slug>` links."""
        if coalition:
            return f"{COALITION_PREFIX}{coalition.strip().lower()}"
        if initiative:
            return f"{INITIATIVE_PREFIX}{initiative.strip()}"
        return GENERAL

    @property
    def coalition(self) -> NationalCoalition | None:
        return self.coalitions.get(self.cleaned_data.get("topic", ""))

    @property
    def initiative(self) -> OtherInitiative | None:
        return self.initiatives.get(self.cleaned_data.get("topic", ""))
