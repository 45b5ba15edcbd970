from allauth.account.forms import SignupForm as AllauthSignupForm
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Layout
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm

from core.forms import HONEYPOT_FIELD_NAME, HoneypotFormMixin, honeypot_layout

from .models import User


class AdminEmailUserCreationForm(AdminUserCreationForm):
    class Meta(AdminUserCreationForm.Meta):
        model = User
        fields = ("email",)


class AdminEmailUserChangeForm(UserChangeForm):
    class Meta(UserChangeForm.Meta):
        model = User
        fields = "__all__"


class SignupForm(HoneypotFormMixin, AllauthSignupForm):
    """allauth's sign-up form (e-mail and password twice) with the honeypot of public forms."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            *[name for name in self.fields if name != HONEYPOT_FIELD_NAME], honeypot_layout()
        )
