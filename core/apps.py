from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _forget_cached_pages(sender, **kwargs):
    """A deployment runs `migrate`: pages cached by the previous code are not served again."""
    from core import content

    content.changed()


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Portal core")

    def ready(self):
        post_migrate.connect(_forget_cached_pages, sender=self, dispatch_uid="core-new-release")
