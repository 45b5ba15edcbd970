from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisationsConfig(AppConfig):
    """Pledging organisations, their members and invitations: used by every area."""

    name = "organisations"
    verbose_name = _("Organisations")

    def ready(self):
        from core import content

        from . import models

        # The public organisation pages show the profile (not memberships or invitations).
        content.watch(models.Organisation)
