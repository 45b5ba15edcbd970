"""The blog's background jobs."""

from django.db.models import Count, Max
from django_tasks import task

from core import content
from core.schedule import changed_since_last_run, cron

from . import services
from .models import Post


@cron("15 3 * * *")
@task()
def purge_newsletter_subscribers() -> int:
    """The `purge_newsletter_subscribers` command, daily: expired unconfirmed addresses."""
    return services.purge_unconfirmed_subscribers()


@cron("* * * * *")
@task()
def publish_scheduled_posts() -> bool:
    """A post scheduled for later goes live by itself: move the public content version on
    when the published posts are not the ones of the last run, so cached pages show it."""
    published = Post.objects.published().aggregate(count=Count("pk"), latest=Max("published_at"))
    marker = [published["count"], published["latest"] and published["latest"].isoformat()]
    if changed_since_last_run("blog.published_posts", marker):
        content.changed()
        return True
    return False


# --- Newsletter mailings -------------------------------------------------------------------


@task()
def dispatch_mailing(mailing_id: int) -> int:
    """Split a mailing's confirmed subscribers into batches, one `send_mailing_batch` each."""
    return services.dispatch_mailing(mailing_id=mailing_id)


@task()
def send_mailing_batch(mailing_id: int, first_id: int, last_id: int, attempt: int = 1) -> dict:
    """One batch of a mailing: each subscriber their own message, never twice."""
    return services.send_mailing_batch(
        mailing_id=mailing_id, first_id=first_id, last_id=last_id, attempt=attempt
    )


@cron("* * * * *")
@task()
def start_due_mailings() -> list[int]:
    """Scheduled mailings whose time has come start sending (each exactly once)."""
    return services.start_due_mailings()
