from allauth.account.views import SignupView as AllauthSignupView

from core.ratelimit import RateLimitedFormMixin


class SignupView(RateLimitedFormMixin, AllauthSignupView):
    """allauth's sign-up, limited per IP like every public form: over the limit the form
    comes back with a 429 and what was typed (allauth's own limit stays as a backstop)."""

    ratelimit_group = "accounts.signup"
