from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AwardsConfig(AppConfig):
    name = "awards"
    verbose_name = _("European Digital Skills Awards")

    def ready(self):
        from core import content

        from . import models

        # What the public pages show.
        content.watch(models.AwardEdition, models.Category, models.Entry)
