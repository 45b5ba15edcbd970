"""Newsletter mailings end to end with the real machinery: the database task backend, the
backend's own worker loop and a local aiosmtpd server (tests/core/queue.py); nothing of the
queue or of SMTP is mocked."""

import datetime
import email
import re
from email import policy
from email.parser import BytesHeaderParser

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from blog import services
from blog.models import Mailing, MailingDelivery, Subscriber
from blog.tasks import send_mailing_batch, start_due_mailings
from core.models import OutgoingEmail
from tests.accounts.factories import SecretariatUserFactory
from tests.core.queue import RecordingHandler, run_worker

from .factories import MailingFactory, MailingLinkFactory, PostFactory, SubscriberFactory

pytestmark = pytest.mark.django_db(transaction=True)
D = MailingDelivery.Status
UNSUBSCRIBE_LINK = re.compile(r"http://[^/\s]+(/en/newsletter/unsubscribe/[^/\s]+/)")
READERS_0_AND_2 = ["reader0@example.org", "reader2@example.org"]


def confirmed_subscribers(count: int, *, prefix="reader") -> list[Subscriber]:
    now = timezone.now()
    return Subscriber.objects.bulk_create(
        Subscriber(
            email=f"{prefix}{n}@example.org",
            status=Subscriber.Status.CONFIRMED,
            consented_at=now,
            confirmation_sent_at=now,
            confirmed_at=now,
        )
        for n in range(count)
    )


def parsed(envelope) -> email.message.EmailMessage:
    return email.message_from_bytes(envelope.content, policy=policy.default)


def text_of(message) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def html_of(message) -> str:
    return message.get_body(preferencelist=("html",)).get_content()


@pytest.fixture
def secretariat(client):
    user = SecretariatUserFactory(email="editor@secretariat.example.eu")
    client.force_login(user)
    return user


def composer_data(mailing=None, **fields) -> dict:
    """The admin change form's POST: the mailing's fields and an empty links inline."""
    data = {
        "subject_en": mailing.subject if mailing else "December news",
        "slug": mailing.slug if mailing else "",
        "body_en": mailing.body if mailing else "Hello **readers**.",
        "send_at_0": "",
        "send_at_1": "",
        "links-TOTAL_FORMS": "0",
        "links-INITIAL_FORMS": "0",
        "links-MIN_NUM_FORMS": "0",
        "links-MAX_NUM_FORMS": "1000",
    }
    # Subject and body are kept per language: the form's fields are the English ones.
    data.update(
        {f"{name}_en" if name in ("subject", "body") else name: v for name, v in fields.items()}
    )
    return data


def change_url(mailing) -> str:
    return reverse("admin:blog_mailing_change", args=[mailing.pk])


# --- 2,000 subscribers ----------------------------------------------------------------------


def test_a_mailing_to_2000_subscribers_reaches_each_confirmed_one_once(
    client, queue, secretariat, django_assert_max_num_queries
):
    confirmed = confirmed_subscribers(2000)
    pending = [SubscriberFactory(email=f"pending{n}@example.org") for n in range(5)]
    gone = SubscriberFactory(email="gone@example.org", confirmed=True)
    services.unsubscribe(subscriber=gone)
    post = PostFactory(title="Coding clubs everywhere")
    mailing = MailingFactory(subject="The Coalition in December")
    mailing.featured_posts.add(post)
    MailingLinkFactory(mailing=mailing, title="Award winners 2026")
    queue.start()  # the server is up: the request could send, and must not

    # "Send now", confirmed: the request only enqueues.
    send_url = reverse("admin:blog_mailing_send", args=[mailing.pk])
    assert "2000 confirmed subscribers" in client.get(send_url).content.decode()
    with django_assert_max_num_queries(20):
        response = client.post(send_url)
    assert response.status_code == 302
    assert response.url == change_url(mailing)
    assert queue.messages == []
    assert not MailingDelivery.objects.exists()
    assert DBTaskResult.objects.get().task_path == "blog.tasks.dispatch_mailing"
    mailing.refresh_from_db()
    assert mailing.status == Mailing.Status.SENDING
    assert mailing.started_at is not None

    run_worker()  # the dispatch, then its ten batches of 200

    assert DBTaskResult.objects.filter(task_path="blog.tasks.send_mailing_batch").count() == 10
    recipients = [tuple(r) for r in queue.recipients()]
    assert len(recipients) == 2000
    assert sorted(r[0] for r in recipients) == sorted(s.email for s in confirmed)
    assert not {s.email for s in pending} & {r[0] for r in recipients}
    assert ("gone@example.org",) not in recipients
    mailing.refresh_from_db()
    assert mailing.status == Mailing.Status.SENT
    assert mailing.finished_at >= mailing.started_at
    assert set(mailing.deliveries.values_list("status", flat=True)) == {D.SENT}

    # Every message: its own recipient's link, in the text, the HTML and the headers.
    email_of_token = {
        services.make_unsubscribe_token(subscriber): subscriber.email
        for subscriber in Subscriber.objects.confirmed()
    }
    for envelope in queue.messages:
        headers = BytesHeaderParser(policy=policy.default).parsebytes(envelope.content)
        assert headers["Subject"] == "The Coalition in December"
        assert headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        (path,) = set(UNSUBSCRIBE_LINK.findall(envelope.content.decode()))  # text and HTML
        assert headers["List-Unsubscribe"].endswith(f"{path}>")
        assert email_of_token[path.rstrip("/").rsplit("/", 1)[1]] == envelope.rcpt_tos[0]
    message = parsed(queue.messages[0])
    assert "Coding clubs everywhere" in text_of(message)
    assert "Award winners 2026" in html_of(message)

    # The links work: the page's button, and a mail client's one-click POST (RFC 8058).
    first, second = parsed(queue.messages[0]), parsed(queue.messages[1])
    path = UNSUBSCRIBE_LINK.search(text_of(first)).group(1)
    assert client.get(path).status_code == 200
    assert client.post(path).url == reverse("newsletter:unsubscribe-done")
    assert not Subscriber.objects.filter(email=queue.messages[0].rcpt_tos[0]).exists()
    one_click = UNSUBSCRIBE_LINK.search(second["List-Unsubscribe"]).group(1)
    client.logout()
    assert client.post(one_click, {"List-Unsubscribe": "One-Click"}).status_code == 302
    assert not Subscriber.objects.filter(email=queue.messages[1].rcpt_tos[0]).exists()
    assert Subscriber.objects.confirmed().count() == 1998
    # The delivery records stay (without the address) and the counts with them.
    assert MailingDelivery.objects.filter(subscriber__isnull=True, status=D.SENT).count() == 2


# --- Retries, refusals, unsubscriptions ---------------------------------------------------


class FlakyHandler(RecordingHandler):
    """Accepts `accept` messages, then answers 421 (try later) until healed; refuses the
    addresses in `refuse` for good (550)."""

    def __init__(self, *, accept=None, refuse=()):
        super().__init__()
        self.accept = accept
        self.refuse = set(refuse)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return "550 No such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.accept is not None and len(self.messages) >= self.accept:
            return "421 Too busy, try again later"
        return await super().handle_DATA(server, session, envelope)


def travel_to_next_retry():
    run_after = DBTaskResult.objects.filter(status="READY").order_by("run_after").first().run_after
    return time_machine.travel(run_after + datetime.timedelta(seconds=1), tick=True)


def test_a_batch_cut_short_is_retried_later_and_never_sends_twice(client, queue, secretariat):
    subscribers = confirmed_subscribers(5)
    mailing = MailingFactory()
    queue.handler = FlakyHandler(accept=2)
    queue.start()
    services.start_mailing(mailing=mailing)
    run_worker()

    # Two went out; the server then said "later": the rest waits for a retry of the batch.
    assert len(queue.messages) == 2
    assert mailing.deliveries.filter(status=D.SENT).count() == 2
    assert mailing.deliveries.filter(status=D.QUEUED).count() == 3
    retry = DBTaskResult.objects.get(status="READY")
    assert retry.task_path == "blog.tasks.send_mailing_batch"
    assert retry.run_after > timezone.now() + datetime.timedelta(seconds=50)
    page = client.get(change_url(mailing)).content.decode()
    assert "2 sent, 0 failed, 3 remaining, of 5 subscribers" in page

    # The server recovers; a duplicate of the batch runs first (as a second enqueue would),
    # then the retry itself: each subscriber still gets one message.
    queue.handler.accept = None
    first, last = mailing.deliveries.order_by("pk").values_list("pk", flat=True)[::4]
    send_mailing_batch.enqueue(mailing.pk, first, last)
    run_worker()
    with travel_to_next_retry():
        run_worker()
    assert sorted(r[0] for r in queue.recipients()) == sorted(s.email for s in subscribers)
    mailing.refresh_from_db()
    assert mailing.status == Mailing.Status.SENT
    # Running a finished batch again sends nothing.
    send_mailing_batch.enqueue(mailing.pk, first, last)
    run_worker()
    assert len(queue.messages) == 5


def test_a_refused_address_is_marked_failed_and_the_others_are_sent(client, queue, secretariat):
    confirmed_subscribers(3)
    mailing = MailingFactory()
    queue.handler = FlakyHandler(refuse={"reader1@example.org"})
    queue.start()
    services.start_mailing(mailing=mailing)
    run_worker()
    assert sorted(r[0] for r in queue.recipients()) == [
        "reader0@example.org",
        "reader2@example.org",
    ]
    failed = mailing.deliveries.get(status=D.FAILED)
    assert failed.subscriber.email == "reader1@example.org"
    assert "No such mailbox" in failed.error
    mailing.refresh_from_db()
    assert mailing.status == Mailing.Status.SENT
    page = client.get(change_url(mailing)).content.decode()
    assert "2 sent, 1 failed, 0 remaining, of 3 subscribers" in page


def test_the_batch_is_failed_once_the_retries_are_used_up(queue, settings):
    settings.MAIL_RETRY_DELAYS = ()
    confirmed_subscribers(2)
    mailing = MailingFactory()
    services.start_mailing(mailing=mailing)
    run_worker()  # the server is down
    assert set(mailing.deliveries.values_list("status", flat=True)) == {D.FAILED}
    assert "refused" in mailing.deliveries.first().error.lower() or "Errno" in (
        mailing.deliveries.first().error
    )
    mailing.refresh_from_db()
    assert mailing.status == Mailing.Status.SENT


def test_an_address_unsubscribed_after_the_dispatch_gets_nothing(queue):
    subscribers = confirmed_subscribers(3)
    mailing = MailingFactory()
    queue.start()
    services.start_mailing(mailing=mailing)
    run_worker(max_tasks=1)  # the dispatch only
    assert mailing.deliveries.count() == 3
    services.unsubscribe(subscriber=subscribers[1])
    run_worker()
    assert sorted(r[0] for r in queue.recipients()) == [
        "reader0@example.org",
        "reader2@example.org",
    ]
    assert mailing.deliveries.filter(status=D.SKIPPED, subscriber__isnull=True).count() == 1


def test_each_subscriber_receives_the_mailing_in_their_language(queue):
    english, french = confirmed_subscribers(2)
    Subscriber.objects.filter(pk=french.pk).update(language="fr")
    mailing = MailingFactory(subject="December news", body="Hello readers.")
    mailing.subject_fr, mailing.body_fr = "Nouvelles de décembre", "Bonjour à vous."
    services.save_mailing(mailing=mailing)
    queue.start()
    services.start_mailing(mailing=mailing)
    run_worker()
    received = {parsed(envelope)["To"]: parsed(envelope) for envelope in queue.messages}
    in_french, in_english = received[french.email], received[english.email]
    assert in_french["Subject"] == "Nouvelles de décembre"
    assert "Bonjour à vous." in text_of(in_french)
    assert '<html lang="fr">' in html_of(in_french)
    assert "/fr/newsletter/unsubscribe/" in text_of(in_french)
    assert in_english["Subject"] == "December news"
    assert "Hello readers." in text_of(in_english)
    assert "/en/newsletter/unsubscribe/" in text_of(in_english)


def test_a_mailing_without_subscribers_is_sent_to_nobody(queue):
    SubscriberFactory()  # pending
    mailing = MailingFactory()
    services.start_mailing(mailing=mailing)
    run_worker()
    mailing.refresh_from_db()
    assert mailing.status == Mailing.Status.SENT
    assert not mailing.deliveries.exists()


# --- Composer: preview, test, schedule ------------------------------------------------------


def test_the_composer_saves_the_markdown_rendered_and_sanitised(client, secretariat):
    response = client.post(
        reverse("admin:blog_mailing_add"),
        composer_data(body="# News\n\n<script>alert(1)</script> [x](javascript:alert(1))"),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    mailing = Mailing.objects.get()
    assert mailing.slug == "december-news"
    assert mailing.status == Mailing.Status.DRAFT
    assert "<h2" in mailing.body_html
    assert "<script>" not in mailing.body_html and "javascript:" not in mailing.body_html


def test_the_preview_shows_the_html_and_text_versions_with_a_sample_link(client, secretariat):
    post = PostFactory(title="Coding clubs everywhere")
    draft = PostFactory(title="Not yet public", draft=True)
    mailing = MailingFactory(subject="The preview issue", body="Hello **readers**.")
    mailing.featured_posts.add(post, draft)
    MailingLinkFactory(mailing=mailing, title="Award winners 2026")
    html = client.get(reverse("admin:blog_mailing_preview", args=[mailing.pk])).content.decode()
    assert "The preview issue" in html
    assert "Hello <strong>readers</strong>." in html  # the HTML version
    assert "Hello **readers**." in html  # the text version
    assert "Coding clubs everywhere" in html and "Award winners 2026" in html
    assert "Not yet public" not in html
    assert "List-Unsubscribe-Post" in html
    path = UNSUBSCRIBE_LINK.search(html).group(1)
    # The sample link is signed like a real one and unsubscribes nobody.
    subscriber = SubscriberFactory(confirmed=True)
    assert client.post(path).status_code == 400
    assert Subscriber.objects.filter(pk=subscriber.pk).exists()


def test_send_a_test_to_me_goes_through_the_queue_to_my_address_only(client, queue, secretariat):
    confirmed_subscribers(3)
    mailing = MailingFactory(subject="Testing issue")
    queue.start()
    response = client.post(change_url(mailing), composer_data(mailing, _send_test="1"))
    assert response.status_code == 302
    assert response.url == change_url(mailing)
    assert queue.messages == []  # enqueued, not sent in the request
    outgoing = OutgoingEmail.objects.get()
    assert outgoing.to == ["editor@secretariat.example.eu"]
    run_worker()
    assert queue.recipients() == [["editor@secretariat.example.eu"]]
    message = parsed(queue.messages[0])
    assert message["Subject"] == "[Test] Testing issue"
    assert "This is a test" in text_of(message)
    assert "/en/newsletter/unsubscribe/" in message["List-Unsubscribe"]
    mailing.refresh_from_db()
    assert mailing.status == Mailing.Status.DRAFT
    assert not mailing.deliveries.exists()
    assert "A test was sent to editor@secretariat.example.eu." in (
        client.get(response.url).content.decode()
    )


def test_a_scheduled_mailing_is_started_by_the_scheduler_once_at_its_time(
    client, queue, secretariat
):
    confirmed_subscribers(3)
    mailing = MailingFactory()
    at = timezone.localtime() + datetime.timedelta(hours=2)
    data = composer_data(
        mailing, send_at_0=at.strftime("%Y-%m-%d"), send_at_1=at.strftime("%H:%M:%S"), _schedule=1
    )
    assert client.post(change_url(mailing), data).status_code == 302
    mailing.refresh_from_db()
    assert mailing.status == Mailing.Status.SCHEDULED
    assert mailing.send_at == at.replace(microsecond=0)
    queue.start()

    start_due_mailings.enqueue()
    run_worker()
    assert queue.messages == []  # not yet
    with time_machine.travel(at + datetime.timedelta(minutes=1), tick=True):
        start_due_mailings.enqueue()
        start_due_mailings.enqueue()  # a second run (another scheduler) finds nothing due
        run_worker()
    assert len(queue.messages) == 3
    assert DBTaskResult.objects.filter(task_path="blog.tasks.dispatch_mailing").count() == 1
    mailing.refresh_from_db()
    assert mailing.status == Mailing.Status.SENT


def test_scheduling_needs_a_time_in_the_future_and_can_be_cancelled(client, secretariat):
    mailing = MailingFactory()
    response = client.post(change_url(mailing), composer_data(mailing, _schedule=1), follow=True)
    assert "Choose a time in the future" in response.content.decode()
    mailing.refresh_from_db()
    assert mailing.status == Mailing.Status.DRAFT
    services.schedule_mailing(mailing=mailing, at=timezone.now() + datetime.timedelta(days=1))
    mailing.refresh_from_db()
    data = composer_data(mailing, send_at_0="2030-01-01", send_at_1="10:00:00", _unschedule=1)
    client.post(change_url(mailing), data)
    mailing.refresh_from_db()
    assert mailing.status == Mailing.Status.DRAFT


def test_a_mailing_being_sent_is_read_only_and_cannot_start_twice(client, queue, secretariat):
    mailing = MailingFactory()
    services.start_mailing(mailing=mailing)
    page = client.get(change_url(mailing)).content.decode()
    assert "Save and send now" not in page
    assert 'name="subject_en"' not in page
    assert client.post(reverse("admin:blog_mailing_send", args=[mailing.pk])).status_code == 403
    with pytest.raises(services.MailingError):
        services.start_mailing(mailing=mailing)
    assert DBTaskResult.objects.count() == 1


def test_staff_outside_the_secretariat_cannot_compose_or_send(client, queue):
    from tests.accounts.factories import UserFactory

    mailing = MailingFactory()
    client.force_login(UserFactory(is_staff=True))
    for url in (
        reverse("admin:blog_mailing_changelist"),
        reverse("admin:blog_mailing_preview", args=[mailing.pk]),
        reverse("admin:blog_mailing_send", args=[mailing.pk]),
    ):
        assert client.get(url).status_code == 403
    assert client.post(reverse("admin:blog_mailing_send", args=[mailing.pk])).status_code == 403
    mailing.refresh_from_db()
    assert mailing.status == Mailing.Status.DRAFT
    assert not DBTaskResult.objects.exists()
