"""The transition table: every allowed and forbidden move, who may make it, and its e-mail.

Also the pledger's multi-step writes: drafts, organisations, progress reports.
"""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from core import content
from pledges import services
from pledges.models import Pledge, PledgeStatusChange, ProgressReport, Target
from tests.accounts.factories import SecretariatUserFactory, UserFactory
from tests.organisations.factories import MembershipFactory, OrganisationFactory

from .factories import PledgeFactory, TargetFactory

pytestmark = pytest.mark.django_db
S = Pledge.Status


@pytest.fixture
def pledger():
    return MembershipFactory().user


@pytest.fixture
def secretariat():
    return SecretariatUserFactory()


def pledge_of(user, **kwargs):
    return PledgeFactory(organisation=user.memberships.get().organisation, **kwargs)


PLEDGER_MOVES = {
    S.DRAFT: {S.SUBMITTED, S.WITHDRAWN},
    S.CHANGES_REQUESTED: {S.SUBMITTED, S.WITHDRAWN},
    S.SUBMITTED: {S.WITHDRAWN},
    S.PUBLISHED: {S.WITHDRAWN},
}
SECRETARIAT_MOVES = {
    S.SUBMITTED: {S.PUBLISHED, S.CHANGES_REQUESTED, S.REJECTED},
    S.PUBLISHED: {S.COMPLETED},
}


def move(pledge, to, actor):
    by_function = {
        S.SUBMITTED: lambda: services.submit_pledge(pledge=pledge, actor=actor),
        S.WITHDRAWN: lambda: services.withdraw_pledge(pledge=pledge, actor=actor),
        S.PUBLISHED: lambda: services.publish_pledge(pledge=pledge, actor=actor),
        S.CHANGES_REQUESTED: lambda: services.request_changes(
            pledge=pledge, actor=actor, message="Please add dates."
        ),
        S.REJECTED: lambda: services.reject_pledge(
            pledge=pledge, actor=actor, reason="Out of scope."
        ),
        S.COMPLETED: lambda: services.complete_pledge(pledge=pledge, actor=actor),
    }
    return by_function[to]()


PLEDGER_TARGETS = {S.SUBMITTED, S.WITHDRAWN}
SECRETARIAT_TARGETS = {S.PUBLISHED, S.CHANGES_REQUESTED, S.REJECTED, S.COMPLETED}


@pytest.mark.parametrize("start", list(S))
@pytest.mark.parametrize("to", sorted(PLEDGER_TARGETS))
def test_pledger_transitions(pledger, django_capture_on_commit_callbacks, start, to):
    pledge = pledge_of(pledger, status=start)
    if to in PLEDGER_MOVES.get(start, set()):
        with django_capture_on_commit_callbacks(execute=True):
            result = move(pledge, to, pledger)
        assert result.status == to
        pledge.refresh_from_db()
        assert pledge.status == to
        assert pledge.status_changed_by == pledger
        change = PledgeStatusChange.objects.get(pledge=pledge)
        assert (change.from_status, change.to_status, change.changed_by) == (start, to, pledger)
        assert mail.outbox, "the organisation is told by e-mail"
        assert pledge.organisation.contact_email in mail.outbox[0].to
    else:
        with pytest.raises(services.TransitionNotAllowed):
            move(pledge, to, pledger)
        pledge.refresh_from_db()
        assert pledge.status == start
        assert not PledgeStatusChange.objects.exists()


@pytest.mark.parametrize("start", list(S))
@pytest.mark.parametrize("to", sorted(SECRETARIAT_TARGETS))
def test_secretariat_transitions(secretariat, django_capture_on_commit_callbacks, start, to):
    pledge = PledgeFactory(status=start)
    if to in SECRETARIAT_MOVES.get(start, set()):
        with django_capture_on_commit_callbacks(execute=True):
            move(pledge, to, secretariat)
        pledge.refresh_from_db()
        assert pledge.status == to
        assert pledge.status_changed_by == secretariat
        assert len(mail.outbox) == 1
        assert pledge.title in mail.outbox[0].subject
        assert mail.outbox[0].alternatives[0][1] == "text/html"
    else:
        with pytest.raises(services.TransitionNotAllowed):
            move(pledge, to, secretariat)
        pledge.refresh_from_db()
        assert pledge.status == start


@pytest.mark.parametrize("to", sorted(SECRETARIAT_TARGETS))
def test_pledgers_cannot_review(pledger, to):
    pledge = pledge_of(pledger, status=S.SUBMITTED)
    with pytest.raises(PermissionDenied):
        move(pledge, to, pledger)
    pledge.refresh_from_db()
    assert pledge.status == S.SUBMITTED


def test_other_organisations_cannot_submit(pledger):
    pledge = PledgeFactory(status=S.DRAFT)
    with pytest.raises(PermissionDenied):
        services.submit_pledge(pledge=pledge, actor=UserFactory())
    with pytest.raises(PermissionDenied):
        services.submit_pledge(pledge=pledge, actor=pledger)


def test_submission_requires_a_complete_pledge(pledger):
    pledge = pledge_of(
        pledger, status=S.DRAFT, summary="", start_date=None, targets=[], countries=[]
    )
    with pytest.raises(ValidationError) as excinfo:
        services.submit_pledge(pledge=pledge, actor=pledger)
    assert set(excinfo.value.message_dict) == {"summary", "start_date", "targets", "countries"}
    pledge.refresh_from_db()
    assert pledge.status == S.DRAFT


def test_submission_stamps_date_and_tells_the_secretariat(
    pledger, settings, django_capture_on_commit_callbacks
):
    pledge = pledge_of(pledger, status=S.DRAFT)
    with django_capture_on_commit_callbacks(execute=True):
        services.submit_pledge(pledge=pledge, actor=pledger)
    pledge.refresh_from_db()
    assert pledge.submitted_at is not None
    assert [m.to for m in mail.outbox][-1] == [settings.SECRETARIAT_EMAIL]


def test_request_changes_needs_a_message_and_sends_it(
    secretariat, django_capture_on_commit_callbacks
):
    pledge = PledgeFactory(status=S.SUBMITTED)
    with pytest.raises(ValidationError):
        services.request_changes(pledge=pledge, actor=secretariat, message="  ")
    with django_capture_on_commit_callbacks(execute=True):
        services.request_changes(pledge=pledge, actor=secretariat, message="Add a second target.")
    assert "Add a second target." in mail.outbox[0].body
    assert PledgeStatusChange.objects.get().message == "Add a second target."


def test_publishing_keeps_the_first_publication_date(secretariat):
    pledge = PledgeFactory(status=S.SUBMITTED)
    services.publish_pledge(pledge=pledge, actor=secretariat)
    pledge.refresh_from_db()
    first = pledge.published_at
    assert first is not None
    services.complete_pledge(pledge=pledge, actor=secretariat)
    pledge.refresh_from_db()
    assert pledge.published_at == first


def test_no_email_when_the_transaction_rolls_back(secretariat, django_capture_on_commit_callbacks):
    pledge = PledgeFactory(status=S.SUBMITTED)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.publish_pledge(pledge=pledge, actor=secretariat)
    assert len([c for c in callbacks if c is not content.changed]) == 1
    assert mail.outbox == []


# --- Drafting, organisations, progress (part 1) ----------------------------------------------


def draft_kwargs(**overrides):
    kwargs = {
        "fields": {"title": "Data skills for nurses", "summary": "", "description": ""},
        "countries": ["DE", "AT"],
        "targets": [{"indicator": "people-trained", "description": "", "target_number": 50}],
    }
    kwargs.update(overrides)
    return kwargs


def test_save_pledge_draft_creates_everything(pledger):
    organisation = pledger.memberships.get().organisation
    pledge = services.save_pledge_draft(
        pledge=None, actor=pledger, organisation=organisation, **draft_kwargs()
    )
    assert pledge.status == S.DRAFT
    assert pledge.slug == "data-skills-for-nurses"
    assert sorted(str(c.country) for c in pledge.countries.all()) == ["AT", "DE"]
    assert pledge.targets.get().target_number == 50


def test_save_pledge_draft_is_all_or_nothing(pledger):
    organisation = pledger.memberships.get().organisation
    bad_target = [{"indicator": "people-trained", "description": "", "target_number": 0}]
    with pytest.raises(ValidationError):
        services.save_pledge_draft(
            pledge=None,
            actor=pledger,
            organisation=organisation,
            **draft_kwargs(targets=bad_target),
        )
    assert not Pledge.objects.exists()


def test_save_pledge_draft_checks_membership_and_status(pledger):
    with pytest.raises(PermissionDenied):
        services.save_pledge_draft(
            pledge=None, actor=pledger, organisation=OrganisationFactory(), **draft_kwargs()
        )
    submitted = pledge_of(pledger, status=S.SUBMITTED)
    with pytest.raises(services.TransitionNotAllowed):
        services.save_pledge_draft(pledge=submitted, actor=pledger, **draft_kwargs())


def test_pledge_slugs_are_unique_within_an_organisation(pledger):
    organisation = pledger.memberships.get().organisation
    first = services.save_pledge_draft(
        pledge=None, actor=pledger, organisation=organisation, **draft_kwargs()
    )
    second = services.save_pledge_draft(
        pledge=None, actor=pledger, organisation=organisation, **draft_kwargs()
    )
    assert (first.slug, second.slug) == ("data-skills-for-nurses", "data-skills-for-nurses-2")


def test_progress_report_keeps_history_and_the_latest_numbers(pledger):
    pledge = pledge_of(pledger, status=S.PUBLISHED, targets=[])
    target = TargetFactory(pledge=pledge, target_number=1000)
    services.file_progress_report(
        pledge=pledge,
        actor=pledger,
        report_date=datetime.date(2026, 6, 30),
        narrative="Second quarter.",
        achieved={target.pk: 400},
    )
    # A late report about an earlier date is kept but does not overwrite newer numbers.
    services.file_progress_report(
        pledge=pledge,
        actor=pledger,
        report_date=datetime.date(2026, 3, 31),
        narrative="First quarter.",
        achieved={target.pk: 150},
    )
    target.refresh_from_db()
    pledge.refresh_from_db()
    assert target.achieved == 400
    assert pledge.last_reported_at == datetime.date(2026, 6, 30)
    assert ProgressReport.objects.count() == 2
    assert ProgressReport.history.count() == 2


@pytest.mark.parametrize("status", [S.DRAFT, S.SUBMITTED, S.COMPLETED, S.WITHDRAWN])
def test_progress_only_on_published_pledges(pledger, status):
    pledge = pledge_of(pledger, status=status)
    with pytest.raises(services.TransitionNotAllowed):
        services.file_progress_report(
            pledge=pledge,
            actor=pledger,
            report_date=datetime.date(2026, 1, 1),
            narrative="x",
            achieved={},
        )


def test_progress_by_outsiders_is_refused():
    pledge = PledgeFactory(status=S.PUBLISHED)
    with pytest.raises(PermissionDenied):
        services.file_progress_report(
            pledge=pledge,
            actor=UserFactory(),
            report_date=datetime.date(2026, 1, 1),
            narrative="x",
            achieved={},
        )


def test_database_constraints():
    from django.db import IntegrityError, transaction

    pledge = PledgeFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Pledge.objects.filter(pk=pledge.pk).update(
            start_date=datetime.date(2026, 1, 1), end_date=datetime.date(2025, 1, 1)
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Target.objects.create(pledge=pledge, indicator="other", target_number=0)


def test_line_breaks_in_a_title_never_reach_a_mail_subject(django_capture_on_commit_callbacks):
    """A forged POST can put a line break in a title; submitting must still send the e-mails
    (Django refuses headers with line breaks, after the transition is saved)."""
    membership = MembershipFactory()
    pledge = PledgeFactory(
        organisation=membership.organisation, title="Pledge\r\nBcc: victim@example.org"
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.submit_pledge(pledge=pledge, actor=membership.user)
    assert [message.subject for message in mail.outbox] == [
        "Your pledge “Pledge Bcc: victim@example.org” is now: Submitted",
        "New pledge to review: Pledge Bcc: victim@example.org",
    ]
