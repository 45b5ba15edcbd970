"""The conversation on a pledge: messages both ways, one timeline on both sides, e-mails to
the other side, private reviewer notes, and the pledge's admin history with its review steps."""

import datetime

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from core.forms import HONEYPOT_FIELD_NAME
from pledges import services
from pledges.models import Pledge, PledgeMessage, PledgeStatusChange
from tests.accounts.factories import SecretariatUserFactory, UserFactory
from tests.organisations.factories import MembershipFactory, OrganisationFactory

from .factories import PledgeFactory

pytestmark = pytest.mark.django_db
S = Pledge.Status
NOTES = "Reviewer-only: the numbers look inflated"


@pytest.fixture
def member():
    return MembershipFactory(user=UserFactory(email="ana@skills.example.org", language="en"))


@pytest.fixture
def secretariat():
    return SecretariatUserFactory(first_name="Sam", last_name="Reviewer")


@pytest.fixture
def pledge(member, secretariat, django_capture_on_commit_callbacks):
    """A pledge the Secretariat has asked to change, with private notes."""
    pledge = PledgeFactory(
        organisation=member.organisation, status=S.SUBMITTED, reviewer_notes=NOTES
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.request_changes(
            pledge=pledge, actor=secretariat, message="Please add a second target."
        )
    mail.outbox.clear()
    pledge.refresh_from_db()
    return pledge


def pledger_url(pledge):
    return reverse("pledger:pledge-detail", args=[pledge.pk])


def message_url(pledge):
    return reverse("pledger:pledge-message", args=[pledge.pk])


def admin_change_url(pledge):
    return reverse("admin:pledges_pledge_change", args=[pledge.pk])


def admin_message_url(pledge):
    return reverse("admin:pledges_pledge_message", args=[pledge.pk])


# --- Services ----------------------------------------------------------------------------------


def test_pledger_message_is_saved_and_mailed_to_the_secretariat_in_english(
    pledge, member, settings, django_capture_on_commit_callbacks
):
    member.user.language = "fr"
    member.user.save()
    with django_capture_on_commit_callbacks(execute=True):
        message = services.post_pledger_message(pledge, member.user, "  We added it.\n")
    assert message.body == "We added it."
    assert message.sender == PledgeMessage.Sender.PLEDGER
    assert message.author == member.user
    [sent] = mail.outbox
    assert sent.to == [settings.SECRETARIAT_EMAIL]
    assert sent.subject == (
        f"Message from {pledge.organisation.name} about the pledge “{pledge.title}”"
    )
    assert "We added it." in sent.body
    assert "ana@skills.example.org" in sent.body
    assert f"/admin/pledges/pledge/{pledge.pk}/change/#conversation" in sent.body
    assert NOTES not in sent.body


def test_secretariat_message_is_mailed_to_every_member_in_their_language(
    pledge, member, secretariat, django_capture_on_commit_callbacks
):
    MembershipFactory(
        organisation=pledge.organisation,
        user=UserFactory(email="luc@skills.example.org", language="fr"),
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.post_secretariat_message(pledge, secretariat, "Thank you, one more detail.")
    by_address = {tuple(sorted(m.to)): m for m in mail.outbox}
    english = by_address[
        tuple(sorted(["ana@skills.example.org", pledge.organisation.contact_email]))
    ]
    french = by_address[("luc@skills.example.org",)]
    assert len(mail.outbox) == 2
    assert f"/en/my/pledges/{pledge.pk}/#conversation" in english.body
    assert f"/fr/my/pledges/{pledge.pk}/#conversation" in french.body
    for sent in mail.outbox:
        assert "Thank you, one more detail." in sent.body
        assert NOTES not in sent.body
        assert all(NOTES not in str(content) for content, _type in sent.alternatives)
    assert PledgeMessage.objects.get().sender == PledgeMessage.Sender.SECRETARIAT


def test_who_may_write(pledge, member, secretariat):
    outsider = MembershipFactory().user
    with pytest.raises(PermissionDenied):
        services.post_pledger_message(pledge, outsider, "Hello")
    with pytest.raises(PermissionDenied):
        services.post_secretariat_message(pledge, member.user, "Pretending to be the Secretariat")
    with pytest.raises(ValidationError):
        services.post_pledger_message(pledge, member.user, "   ")
    draft = PledgeFactory(organisation=member.organisation, status=S.DRAFT)
    with pytest.raises(services.TransitionNotAllowed):
        services.post_pledger_message(draft, member.user, "Nobody reads drafts")
    assert not PledgeMessage.objects.exists()
    assert mail.outbox == []


def test_a_rolled_back_message_sends_nothing(pledge, member, django_capture_on_commit_callbacks):
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        services.post_pledger_message(pledge, member.user, "Lost")
        raise RuntimeError
    assert not PledgeMessage.objects.exists()
    assert mail.outbox == []


def test_timeline_is_chronological_with_status_changes_and_messages(pledge, member, secretariat):
    services.post_pledger_message(pledge, member.user, "Which target do you mean?")
    services.post_secretariat_message(pledge, secretariat, "People reached, for example.")
    timeline = pledge.timeline()
    assert [(entry.kind, entry.by_secretariat, entry.text) for entry in timeline] == [
        ("status", True, "Please add a second target."),
        ("message", False, "Which target do you mean?"),
        ("message", True, "People reached, for example."),
    ]


def test_awaiting_answer_lists_pledges_where_the_pledger_spoke_last(pledge, member, secretariat):
    assert not Pledge.objects.awaiting_answer().exists()
    services.post_pledger_message(pledge, member.user, "A question")
    assert list(Pledge.objects.awaiting_answer()) == [pledge]
    services.post_secretariat_message(pledge, secretariat, "An answer")
    assert not Pledge.objects.awaiting_answer().exists()


# --- The pledger's page ------------------------------------------------------------------------


def test_pledger_answers_a_request_for_changes(
    client, pledge, member, settings, django_capture_on_commit_callbacks
):
    client.force_login(member.user)
    page = client.get(pledger_url(pledge)).content.decode()
    assert "The Secretariat has asked for changes" in page
    assert "Answer the Secretariat" in page
    assert f'action="{message_url(pledge)}"' in page
    assert "csrfmiddlewaretoken" in page

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(message_url(pledge), {"body": "Which target do you mean?"})
    assert response.status_code == 302
    assert response["Location"] == pledger_url(pledge) + "#conversation"
    assert PledgeMessage.objects.get().body == "Which target do you mean?"
    assert [m.to for m in mail.outbox] == [[settings.SECRETARIAT_EMAIL]]

    html = client.get(pledger_url(pledge)).content.decode()
    assert "Your message has been sent to the Secretariat." in html
    request_at = html.index("Please add a second target.")
    answer_at = html.index("Which target do you mean?")
    assert request_at < answer_at
    # The Secretariat is shown as such; the pledger's colleague by name.
    assert "Sam Reviewer" not in html
    assert str(member.user) in html


def test_reviewer_notes_never_reach_the_pledger(client, pledge, member, secretariat):
    services.post_secretariat_message(pledge, secretariat, "An answer")
    client.force_login(member.user)
    for url in (pledger_url(pledge), message_url(pledge)):
        assert NOTES not in client.get(url).content.decode()
    response = client.post(message_url(pledge), {"body": ""})
    assert NOTES not in response.content.decode()


def test_an_empty_message_comes_back_with_an_error(client, pledge, member):
    client.force_login(member.user)
    response = client.post(message_url(pledge), {"body": "   "})
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    assert not PledgeMessage.objects.exists()


def test_the_honeypot_stops_bots(client, pledge, member):
    client.force_login(member.user)
    response = client.post(message_url(pledge), {"body": "Buy now", HONEYPOT_FIELD_NAME: "x"})
    assert response.status_code == 200
    assert response.context["form"].honeypot_triggered
    assert not PledgeMessage.objects.exists()


def test_messages_are_rate_limited_and_keep_the_text(
    client, pledge, member, settings, time_machine
):
    time_machine.move_to(datetime.datetime(2026, 7, 15, 12, 0, 10, tzinfo=datetime.UTC), tick=False)
    settings.PLEDGE_FORM_RATE = "2/m"
    client.force_login(member.user)
    for number in range(2):
        client.post(message_url(pledge), {"body": f"Message {number}"})
    response = client.post(message_url(pledge), {"body": "One too many"})
    assert response.status_code == 429
    assert "One too many" in response.content.decode()
    assert PledgeMessage.objects.count() == 2


def test_another_organisation_gets_a_404_and_anonymous_visitors_sign_in(client, pledge):
    client.force_login(MembershipFactory(organisation=OrganisationFactory()).user)
    assert client.get(message_url(pledge)).status_code == 404
    assert client.post(message_url(pledge), {"body": "Intrusion"}).status_code == 404
    client.logout()
    response = client.post(message_url(pledge), {"body": "Intrusion"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert not PledgeMessage.objects.exists()


def test_the_form_needs_the_csrf_token(pledge, member):
    client = Client(enforce_csrf_checks=True)
    client.force_login(member.user)
    assert client.post(message_url(pledge), {"body": "Forged"}).status_code == 403
    assert not PledgeMessage.objects.exists()


def test_no_form_on_a_draft(client, member):
    draft = PledgeFactory(organisation=member.organisation, status=S.DRAFT)
    client.force_login(member.user)
    html = client.get(pledger_url(draft)).content.decode()
    assert "Write to the Secretariat" not in html
    assert "the conversation starts when you submit the pledge" in html


def add_messages(pledge, member, secretariat, count):
    for number in range(count):
        PledgeMessage.objects.create(
            pledge=pledge,
            author=member.user if number % 2 else secretariat,
            sender="pledger" if number % 2 else "secretariat",
            body=f"Message number {number}",
        )


def test_the_pledger_timeline_takes_the_same_queries_for_1_or_20_messages(
    client, pledge, member, secretariat, django_assert_max_num_queries
):
    client.force_login(member.user)
    add_messages(pledge, member, secretariat, 1)
    with django_assert_max_num_queries(100) as few:
        client.get(pledger_url(pledge))
    add_messages(pledge, member, secretariat, 19)
    with django_assert_max_num_queries(len(few.captured_queries)) as many:
        response = client.get(pledger_url(pledge))
    assert "Message number 18" in response.content.decode()
    assert len(many.captured_queries) == len(few.captured_queries)


# --- The admin ----------------------------------------------------------------------------------


def test_the_secretariat_reads_the_conversation_and_answers_in_the_admin(
    client, pledge, member, secretariat, django_capture_on_commit_callbacks
):
    services.post_pledger_message(pledge, member.user, "Which target do you mean?")
    client.force_login(secretariat)
    html = client.get(admin_change_url(pledge)).content.decode()
    assert 'id="conversation"' in html
    assert html.index("Please add a second target.") < html.index("Which target do you mean?")
    assert f'action="{admin_message_url(pledge)}"' in html
    # The old status table is gone: one timeline.
    assert "status history" not in html.lower()

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(admin_message_url(pledge), {"body": "People reached."})
    assert response.status_code == 302
    assert response["Location"] == admin_change_url(pledge) + "#conversation"
    message = PledgeMessage.objects.get(sender="secretariat")
    assert message.author == secretariat
    assert {address for m in mail.outbox for address in m.to} == {
        member.user.email,
        pledge.organisation.contact_email,
    }
    pledge.refresh_from_db()
    assert pledge.status == S.CHANGES_REQUESTED  # a message is not a review step

    # The pledger sees the Secretariat's answer in the same timeline.
    client.force_login(member.user)
    assert "People reached." in client.get(pledger_url(pledge)).content.decode()


def test_an_empty_admin_message_is_refused(client, pledge, secretariat):
    client.force_login(secretariat)
    response = client.post(admin_message_url(pledge), {"body": " "}, follow=True)
    assert "This field is required." in response.content.decode()
    assert not PledgeMessage.objects.exists()


def test_a_refused_admin_message_keeps_what_was_typed(client, pledge, secretariat):
    client.force_login(secretariat)
    status = pledge.status
    typed = "Please add the countries. " * 300  # over the 5,000 characters a message may have
    response = client.post(admin_message_url(pledge), {"body": typed})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Ensure this value has at most" in html
    assert typed.strip() in html  # in the textarea, nothing lost
    assert not PledgeMessage.objects.exists()
    pledge.refresh_from_db()
    assert pledge.status == status  # not taken for an edit of the pledge
    assert len(mail.outbox) == 0


def test_staff_without_the_review_permission_cannot_write(client, pledge):
    staff = UserFactory(is_staff=True)
    staff.user_permissions.add(Permission.objects.get(codename="view_pledge"))
    client.force_login(staff)
    page = client.get(admin_change_url(pledge)).content.decode()
    assert admin_message_url(pledge) not in page
    assert client.post(admin_message_url(pledge), {"body": "Hi"}).status_code == 403
    assert not PledgeMessage.objects.exists()


def test_the_admin_message_needs_the_csrf_token(pledge, secretariat):
    client = Client(enforce_csrf_checks=True)
    client.force_login(secretariat)
    assert client.post(admin_message_url(pledge), {"body": "Forged"}).status_code == 403


def test_the_admin_timeline_takes_the_same_queries_for_1_or_20_messages(
    client, pledge, member, secretariat, django_assert_max_num_queries
):
    client.force_login(secretariat)
    add_messages(pledge, member, secretariat, 1)
    with django_assert_max_num_queries(200) as few:
        client.get(admin_change_url(pledge))
    add_messages(pledge, member, secretariat, 19)
    with django_assert_max_num_queries(len(few.captured_queries)) as many:
        response = client.get(admin_change_url(pledge))
    assert "Message number 18" in response.content.decode()
    assert len(many.captured_queries) == len(few.captured_queries)


def test_the_history_shows_edits_and_review_steps_in_time_order(
    client, pledge, member, secretariat
):
    """Defect 8: the admin history of a pledge showed only the edits made in the admin."""
    now = timezone.now()
    LogEntry.objects.create(
        user=secretariat,
        content_type=ContentType.objects.get_for_model(Pledge),
        object_id=str(pledge.pk),
        object_repr=str(pledge),
        action_flag=CHANGE,
        change_message="Edited the summary by hand",
        action_time=now + datetime.timedelta(minutes=1),
    )
    message = services.post_pledger_message(pledge, member.user, "Which target do you mean?")
    PledgeMessage.objects.filter(pk=message.pk).update(
        created_at=now + datetime.timedelta(minutes=2)
    )
    client.force_login(secretariat)
    response = client.get(reverse("admin:pledges_pledge_history", args=[pledge.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    request_at = html.index("Status changed from “Submitted” to “Changes requested”.")
    edit_at = html.index("Edited the summary by hand")
    answer_at = html.index("Message from the pledger: Which target do you mean?")
    assert request_at < edit_at < answer_at
    assert "Please add a second target." in html
    assert NOTES not in html


def test_the_history_of_a_pledge_without_any_step(client, secretariat):
    pledge = PledgeFactory()
    client.force_login(secretariat)
    html = client.get(reverse("admin:pledges_pledge_history", args=[pledge.pk])).content.decode()
    assert "This pledge has no history yet" in html


def test_status_changes_of_the_pledger_are_in_the_timeline_too(member, secretariat):
    pledge = PledgeFactory(organisation=member.organisation, status=S.SUBMITTED)
    services.withdraw_pledge(pledge=pledge, actor=member.user, reason="Funding stopped.")
    [entry] = pledge.timeline()
    assert not entry.by_secretariat
    assert entry.change == PledgeStatusChange.objects.get()
    assert entry.text == "Funding stopped."


def test_my_pledges_shows_the_latest_word_of_the_secretariat(client, pledge, member, secretariat):
    client.force_login(member.user)
    assert (
        "Please add a second target." in client.get(reverse("pledger:my-pledges")).content.decode()
    )
    services.post_secretariat_message(pledge, secretariat, "Any news?")
    html = client.get(reverse("pledger:my-pledges")).content.decode()
    assert "Any news?" in html
    assert "Please add a second target." not in html
