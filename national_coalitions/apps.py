from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NationalCoalitionsConfig(AppConfig):
    name = "national_coalitions"
    verbose_name = _("National coalitions")
