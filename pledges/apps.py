from django.apps import AppConfig
from django.core.exceptions import ObjectDoesNotExist
from django.utils.translation import gettext_lazy as _


class PledgesConfig(AppConfig):
    name = "pledges"
    verbose_name = _("Pledges")

    def ready(self):
        from core import content

        from . import models

        # What the public pages show (not memberships, invitations and review history).
        content.watch(
            models.TargetGroup,
            models.ActionType,
            models.ProgressReport,  # only public pledges report progress
            models.ProgressValue,
        )
        # Drafts and pledges under review are private: editing them invalidates nothing. A
        # status change (publishing, withdrawing, completing) always does.
        content.watch(
            models.Pledge,
            shown=lambda pledge, update_fields: pledge.is_public or "status" in update_fields,
        )
        content.watch(models.Target, models.PledgeCountry, shown=_of_a_public_pledge)


def _of_a_public_pledge(row, update_fields) -> bool:
    try:
        return row.pledge.is_public
    except ObjectDoesNotExist:  # the pledge is being deleted with it: invalidate to be sure
        return True
