from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisationsConfig(AppConfig):
    """Pledging organisations, their members and invitations: used by every area."""

    name = "organisations"
    verbose_name = _("Organisations")
