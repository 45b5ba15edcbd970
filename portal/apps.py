from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    """The site's own pages above the areas: home, statements, site search, sitemap index."""

    name = "portal"
    verbose_name = _("Portal pages")


class PortalAdminConfig(admin_apps.AdminConfig):
    """Django's admin with the portal's site (the Secretariat's review desk on its index).

    In INSTALLED_APPS in place of "django.contrib.admin"; `default = False` keeps
    `PortalConfig` the configuration of the "portal" entry.
    """

    default = False
    default_site = "portal.admin.PortalAdminSite"
