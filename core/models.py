from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class TimeStampedModel(models.Model):
    """Creation and last-change timestamps; `updated_at` feeds the "Last updated on" line."""

    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last updated"), auto_now=True)

    class Meta:
        abstract = True


class OutgoingEmailQuerySet(models.QuerySet):
    def waiting(self):
        """Mails not yet sent nor given up on: the mail part of the queue's backlog."""
        return self.filter(status=OutgoingEmail.Status.QUEUED)

    def failed(self):
        """Mails given up on after their last attempt: the Secretariat looks at them."""
        return self.filter(status=OutgoingEmail.Status.FAILED)


class OutgoingEmail(TimeStampedModel):
    """One e-mail the portal has to send, kept until it is sent or given up on.

    Written by `core.mail.send_templated_mail` in the caller's transaction, sent by the
    `core.tasks.send_outgoing_email` task, which renders the templates again from `context`
    in `language`. `status` is what makes a retry safe: a mail marked sent is never sent again.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed")

    template = models.CharField(_("template"), max_length=200)
    context = models.JSONField(_("context"), default=dict, blank=True)
    subject = models.CharField(_("subject"), max_length=998)
    from_email = models.CharField(
        pgettext_lazy("e-mail sender", "from"), max_length=320, blank=True
    )
    to = models.JSONField(pgettext_lazy("e-mail recipients", "to"), default=list)
    cc = models.JSONField(_("cc"), default=list, blank=True)
    reply_to = models.JSONField(_("reply to"), default=list, blank=True)
    headers = models.JSONField(_("headers"), default=dict, blank=True)
    language = models.CharField(_("language"), max_length=15, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    last_attempt_at = models.DateTimeField(_("last attempt at"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    objects = OutgoingEmailQuerySet.as_manager()

    class Meta:
        verbose_name = _("outgoing e-mail")
        verbose_name_plural = _("outgoing e-mails")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "created_at"], name="core_mail_status_idx")]
        permissions = [("resend_outgoingemail", _("Can send an outgoing e-mail again"))]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="sent") | models.Q(sent_at__isnull=False),
                name="core_outgoingemail_sent_has_sent_at",
            )
        ]

    def __str__(self):
        return f"{self.subject} → {', '.join(self.to)}"

    @property
    def recipients(self) -> list[str]:
        return [*self.to, *self.cc]


class ScheduledRun(models.Model):
    """A scheduled job's run for one period, claimed by the scheduler that enqueued it.

    The unique constraint is what lets several schedulers run side by side: each tries to
    claim the period, one insert wins, the others skip (see `core.schedule`).
    """

    job = models.CharField(_("job"), max_length=200)
    scheduled_for = models.DateTimeField(_("scheduled for"))
    enqueued_at = models.DateTimeField(_("enqueued at"), auto_now_add=True)
    task_id = models.CharField(_("task id"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("scheduled run")
        verbose_name_plural = _("scheduled runs")
        ordering = ["-scheduled_for"]
        constraints = [
            models.UniqueConstraint(fields=["job", "scheduled_for"], name="core_scheduledrun_once")
        ]

    def __str__(self):
        return f"{self.job} @ {self.scheduled_for:%Y-%m-%d %H:%M}"
