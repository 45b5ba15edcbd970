from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    """The site's own pages above the areas: home, statements, site search, sitemap index."""

    name = "portal"
    verbose_name = _("Portal pages")
