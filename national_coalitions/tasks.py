"""National coalitions' background jobs."""

from django_tasks import task

from core.schedule import cron

from . import services


@cron("30 3 * * *")
@task()
def purge_contact_requests() -> int:
    """The `purge_contact_requests` command, daily: the privacy notice's two years."""
    return services.purge_old_contact_requests()
