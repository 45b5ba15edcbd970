"""The awards' background jobs."""

from django.utils import timezone
from django_tasks import task

from core import content
from core.schedule import changed_since_last_run, cron

from .models import AwardEdition


@cron("*/10 * * * *")
@task()
def follow_award_calls() -> bool:
    """A call opens or closes, a ceremony day comes, by the calendar alone: move the public
    content version on when an edition's phase is not the one of the last run."""
    today = timezone.localdate()
    marker = [
        [edition.pk, edition.phase_on(today)]
        for edition in AwardEdition.objects.with_has_winners().order_by("pk")
    ]
    if changed_since_last_run("awards.edition_phases", marker):
        content.changed()
        return True
    return False
