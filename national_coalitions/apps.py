from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NationalCoalitionsConfig(AppConfig):
    name = "national_coalitions"
    verbose_name = _("National coalitions")

    def ready(self):
        from core import content

        from . import models

        # What the public pages show (not contact requests).
        content.watch(
            models.AreaOfAction,
            models.NationalCoalition,
            models.CoalitionArea,
            models.CoalitionMember,
            models.OtherInitiative,
            models.Resource,
        )
