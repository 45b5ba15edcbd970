from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BlogConfig(AppConfig):
    name = "blog"
    verbose_name = _("Blog")

    def ready(self):
        from core import content

        from . import models

        # What the public pages show (not newsletter subscribers).
        content.watch(models.Tag, models.Author, models.Post)
        # A mailing joins the public archive when its sending finishes.
        content.watch(
            models.Mailing,
            shown=lambda mailing, fields: mailing.status == models.Mailing.Status.SENT,
        )
