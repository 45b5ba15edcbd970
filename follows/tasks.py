"""The digests of what people follow: one job per frequency (core/schedule.py runs each once)."""

from django_tasks import task

from core.schedule import cron

from . import services
from .models import NotificationSettings

Frequency = NotificationSettings.Frequency


# "Immediate": every ten minutes, what changed since the last one.
@cron("*/10 * * * *")
@task()
def send_immediate_digests() -> int:
    return services.send_digests(frequency=Frequency.IMMEDIATE)


@cron("0 7 * * *")
@task()
def send_daily_digests() -> int:
    return services.send_digests(frequency=Frequency.DAILY)


# Monday mornings.
@cron("0 7 * * 1")
@task()
def send_weekly_digests() -> int:
    return services.send_digests(frequency=Frequency.WEEKLY)
