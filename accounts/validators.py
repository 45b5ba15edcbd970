from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext


class MaximumLengthValidator:
    """Refuse passwords longer than `max_length` characters (far more than a password manager
    generates): hashing a 100,000-character password costs the server for nothing."""

    def __init__(self, max_length: int = 128):
        self.max_length = max_length

    def validate(self, password, user=None):
        if len(password) > self.max_length:
            raise ValidationError(
                ngettext(
                    "This password is too long. It may have at most %(max_length)d character.",
                    "This password is too long. It may have at most %(max_length)d characters.",
                    self.max_length,
                ),
                code="password_too_long",
                params={"max_length": self.max_length},
            )

    def get_help_text(self):
        return _("Your password can’t be longer than %(max_length)d characters.") % {
            "max_length": self.max_length
        }
