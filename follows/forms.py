from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Follow, NotificationSettings


class FollowForm(forms.Form):
    """The hidden fields of a "Follow" button."""

    kind = forms.ChoiceField(choices=Follow.Kind.choices)
    target = forms.IntegerField(required=False, min_value=1)
    # A saved search: the pledge viewer's query string.
    query = forms.CharField(required=False, max_length=2000)
    next = forms.CharField(required=False, max_length=2000)

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        if kind and kind != Follow.Kind.SEARCH and not cleaned.get("target"):
            raise forms.ValidationError(_("Choose what to follow."), code="target")
        return cleaned


class FrequencyForm(forms.ModelForm):
    class Meta:
        model = NotificationSettings
        fields = ["frequency"]
        labels = {"frequency": _("How often should we e-mail you about what you follow?")}
        widgets = {"frequency": forms.RadioSelect}
