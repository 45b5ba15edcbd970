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
