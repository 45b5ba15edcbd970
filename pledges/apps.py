from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PledgesConfig(AppConfig):
    name = "pledges"
    verbose_name = _("Pledges")

    def ready(self):
        from core import content

        from . import models

        # What the public pages show (not memberships, invitations and review history).
        content.watch(
            models.Organisation,
            models.TargetGroup,
            models.ActionType,
            models.Pledge,
            models.PledgeCountry,
            models.Target,
            models.ProgressReport,
            models.ProgressValue,
        )
