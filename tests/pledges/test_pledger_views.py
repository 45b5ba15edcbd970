"""The pledger's pages: the pledge form, my pledges, withdraw, resubmit, progress reports."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils.formats import date_format

from core.forms import HONEYPOT_FIELD_NAME
from pledges import services
from pledges.models import Pledge, PledgeStatusChange, ProgressReport, Target, TargetGroup
from tests.accounts.factories import SecretariatUserFactory, UserFactory
from tests.organisations.factories import MembershipFactory

from .factories import PledgeFactory, ProgressReportFactory

pytestmark = pytest.mark.django_db
S = Pledge.Status


@pytest.fixture
def member():
    return MembershipFactory()


@pytest.fixture
def pledger_client(client, member):
    client.force_login(member.user)
    return client


def form_data(**overrides):
    data = {
        "title": "Cyber-security basics for 1,000 small firms",
        "summary": "Short workshops for owners of small firms.",
        "description": "Half-day workshops in twelve cities.",
        "website": "https://example.org/cyber",
        "target_groups": [str(TargetGroup.objects.get(code="labour-force").pk)],
        "action_types": [],
        "countries": ["BE", "FR"],
        "start_date": "2026-09-01",
        "end_date": "2027-06-30",
        "targets-TOTAL_FORMS": "2",
        "targets-INITIAL_FORMS": "0",
        "targets-MIN_NUM_FORMS": "0",
        "targets-MAX_NUM_FORMS": "30",
        "targets-0-indicator": "people-trained",
        "targets-0-description": "",
        "targets-0-target_number": "1000",
        "targets-1-indicator": "",
        "targets-1-description": "",
        "targets-1-target_number": "",
        "save": "1",
    }
    data.update(overrides)
    return data


def edit_data(pledge, **overrides):
    """The edit form as the browser would post it back, targets included."""
    data = form_data(
        **{
            "title": pledge.title,
            "targets-TOTAL_FORMS": str(pledge.targets.count() + 1),
            "targets-INITIAL_FORMS": str(pledge.targets.count()),
            "targets-0-indicator": "",
            "targets-0-target_number": "",
        }
    )
    for number, target in enumerate(pledge.targets.all()):
        data[f"targets-{number}-id"] = str(target.pk)
        data[f"targets-{number}-pledge"] = str(pledge.pk)
        data[f"targets-{number}-indicator"] = target.indicator
        data[f"targets-{number}-description"] = target.description
        data[f"targets-{number}-target_number"] = str(target.target_number)
    last = pledge.targets.count()
    data.update(
        {
            f"targets-{last}-indicator": "",
            f"targets-{last}-description": "",
            f"targets-{last}-target_number": "",
        }
    )
    data.update(overrides)
    return data


# --- Access ---------------------------------------------------------------------------------


def test_pledge_form_requires_login(client):
    response = client.get("/en/pledges/new/")
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_user_without_organisation_is_sent_to_register_one(client):
    client.force_login(UserFactory())
    response = client.get("/en/pledges/new/")
    assert response.status_code == 302
    assert response.url == "/en/my/organisation/new/?next=/en/pledges/new/"


def private_urls(pledge):
    return [
        f"/en/my/pledges/{pledge.pk}/",
        f"/en/my/pledges/{pledge.pk}/edit/",
        f"/en/my/pledges/{pledge.pk}/withdraw/",
        f"/en/my/pledges/{pledge.pk}/submit/",
        f"/en/my/pledges/{pledge.pk}/progress/new/",
    ]


@pytest.mark.parametrize("status", [S.DRAFT, S.CHANGES_REQUESTED, S.PUBLISHED])
@pytest.mark.parametrize("index", range(5))
def test_another_organisations_pledge_is_404_everywhere(pledger_client, status, index):
    other = PledgeFactory(status=status)
    url = private_urls(other)[index]
    assert pledger_client.get(url).status_code == 404
    # The detail page only answers GET (405 on POST, which reveals nothing either).
    assert pledger_client.post(url, edit_data(other)).status_code == (405 if index == 0 else 404)
    other.refresh_from_db()
    assert other.status == status
    assert not PledgeStatusChange.objects.exists()


def test_my_pledges_lists_only_my_organisations_pledges(pledger_client, member):
    mine = PledgeFactory(organisation=member.organisation, title="My own pledge")
    PledgeFactory(title="Somebody else's pledge")
    response = pledger_client.get("/en/my/pledges/")
    assert response.status_code == 200
    assert list(response.context["pledges"]) == [mine]
    assert "Somebody else" not in response.content.decode()


# --- Creating and editing -----------------------------------------------------------------


def test_save_draft_creates_the_pledge_with_targets_and_countries(pledger_client, member):
    response = pledger_client.post("/en/pledges/new/", form_data())
    pledge = Pledge.objects.get()
    assert response.status_code == 302
    assert response.url == f"/en/my/pledges/{pledge.pk}/edit/"
    assert pledge.status == S.DRAFT
    assert pledge.organisation == member.organisation
    assert pledge.created_by == member.user
    assert pledge.slug == "cyber-security-basics-for-1000-small-firms"
    assert sorted(str(c.country) for c in pledge.countries.all()) == ["BE", "FR"]
    assert [(t.indicator, t.target_number) for t in pledge.targets.all()] == [
        ("people-trained", 1000)
    ]
    assert list(pledge.target_groups.values_list("code", flat=True)) == ["labour-force"]


def test_a_draft_can_be_almost_empty(pledger_client):
    data = form_data(
        summary="", description="", target_groups=[], countries=[], start_date="", end_date=""
    )
    data["targets-0-indicator"] = ""
    data["targets-0-target_number"] = ""
    response = pledger_client.post("/en/pledges/new/", data)
    assert response.status_code == 302
    pledge = Pledge.objects.get()
    assert pledge.status == S.DRAFT
    assert not pledge.targets.exists()


def test_invalid_input_comes_back_with_everything_typed_and_nothing_saved(pledger_client):
    data = form_data(end_date="2026-01-01")
    data["targets-0-target_number"] = "-5"
    response = pledger_client.post("/en/pledges/new/", data)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="error-summary"' in html
    assert 'href="#id_end_date"' in html
    assert 'href="#id_targets-0-target_number"' in html
    assert "The end date must be after the start date." in html
    assert 'value="Cyber-security basics for 1,000 small firms"' in html
    assert "Half-day workshops in twelve cities." in html
    assert 'value="-5"' in html
    assert 'value="FR" checked' in html or 'value="FR"\n' in html or "FR" in html
    assert not Pledge.objects.exists()


def test_missing_title_is_an_error_even_for_a_draft(pledger_client):
    response = pledger_client.post("/en/pledges/new/", form_data(title=""))
    assert response.status_code == 200
    assert 'href="#id_title"' in response.content.decode()
    assert not Pledge.objects.exists()


def test_other_needs_a_description_and_duplicates_are_refused(pledger_client):
    data = form_data()
    data.update({"targets-0-indicator": "other", "targets-0-description": ""})
    response = pledger_client.post("/en/pledges/new/", data)
    assert "Say what is counted" in response.content.decode()
    data = form_data()
    data.update({"targets-1-indicator": "people-trained", "targets-1-target_number": "5"})
    response = pledger_client.post("/en/pledges/new/", data)
    assert "same indicator and description" in response.content.decode()
    assert not Pledge.objects.exists()


def test_honeypot_refuses_the_pledge_form(pledger_client):
    response = pledger_client.post("/en/pledges/new/", form_data(**{HONEYPOT_FIELD_NAME: "x"}))
    assert response.status_code == 200
    assert response.context["form"].honeypot_triggered
    assert not Pledge.objects.exists()


def test_pledge_form_is_rate_limited_and_keeps_input(pledger_client, settings, time_machine):
    # Frozen clock: the limit counts in fixed windows, which must not roll over mid-test.
    time_machine.move_to(datetime.datetime(2026, 7, 15, 12, 0, 10, tzinfo=datetime.UTC), tick=False)
    settings.PLEDGE_FORM_RATE = "2/m"
    for _ in range(2):
        pledger_client.post("/en/pledges/new/", form_data(title=""))
    response = pledger_client.post("/en/pledges/new/", form_data())
    assert response.status_code == 429
    assert 'value="Cyber-security basics for 1,000 small firms"' in response.content.decode()
    assert not Pledge.objects.exists()


def test_add_another_target_saves_and_comes_back_with_a_blank_row(pledger_client):
    response = pledger_client.post("/en/pledges/new/", form_data(save="", add_target="1"))
    pledge = Pledge.objects.get()
    assert response.url == f"/en/my/pledges/{pledge.pk}/edit/?add=1#targets"
    page = pledger_client.get(response.url)
    formset = page.context["formset"]
    assert formset.initial_form_count() == 1
    assert len(formset.forms) == 3


def test_add_another_target_with_an_error_adds_a_row_and_keeps_input(pledger_client):
    response = pledger_client.post(
        "/en/pledges/new/", form_data(save="", add_target="1", end_date="2020-01-01")
    )
    assert response.status_code == 200
    assert len(response.context["formset"].forms) == 3
    assert not Pledge.objects.exists()


def test_editing_updates_and_deletes_targets(pledger_client, member):
    pledge = PledgeFactory(
        organisation=member.organisation,
        targets=[("people-trained", 100), ("teachers-trained", 10)],
    )
    first, second = pledge.targets.all()
    data = edit_data(pledge, title="Renamed pledge")
    data["targets-0-target_number"] = "250"
    data["targets-1-DELETE"] = "on"
    data["targets-2-indicator"] = "certifications"
    data["targets-2-target_number"] = "40"
    response = pledger_client.post(f"/en/my/pledges/{pledge.pk}/edit/", data)
    assert response.status_code == 302
    pledge.refresh_from_db()
    assert pledge.title == "Renamed pledge"
    assert pledge.slug == "renamed-pledge"
    assert [(t.pk == first.pk, t.indicator, t.target_number) for t in pledge.targets.all()] == [
        (True, "people-trained", 250),
        (False, "certifications", 40),
    ]
    assert not Target.objects.filter(pk=second.pk).exists()


@pytest.mark.parametrize("status", [S.SUBMITTED, S.PUBLISHED, S.REJECTED, S.WITHDRAWN])
def test_pledges_under_review_or_closed_cannot_be_edited(pledger_client, member, status):
    pledge = PledgeFactory(organisation=member.organisation, status=status)
    assert pledger_client.get(f"/en/my/pledges/{pledge.pk}/edit/").status_code == 404
    response = pledger_client.post(f"/en/my/pledges/{pledge.pk}/edit/", edit_data(pledge))
    assert response.status_code == 404


# --- Submitting ---------------------------------------------------------------------------


def test_submit_for_review_of_a_complete_pledge(
    pledger_client, django_capture_on_commit_callbacks, settings
):
    data = form_data(save="", submit="1", action_types=["1"])
    with django_capture_on_commit_callbacks(execute=True):
        response = pledger_client.post("/en/pledges/new/", data)
    assert response.status_code == 302
    assert response.url == "/en/my/pledges/"
    pledge = Pledge.objects.get()
    assert pledge.status == S.SUBMITTED
    assert [m.to for m in mail.outbox][-1] == [settings.SECRETARIAT_EMAIL]
    page = pledger_client.get("/en/my/pledges/").content.decode()
    assert "Submitted" in page
    assert "submitted for review" in page


def test_submitting_an_incomplete_pledge_saves_it_and_shows_what_is_missing(pledger_client):
    data = form_data(save="", submit="1", summary="", start_date="")
    data["targets-0-indicator"] = ""
    data["targets-0-target_number"] = ""
    response = pledger_client.post("/en/pledges/new/", data)
    pledge = Pledge.objects.get()
    assert pledge.status == S.DRAFT
    assert response.url == f"/en/my/pledges/{pledge.pk}/edit/?check=1"
    page = pledger_client.get(response.url)
    html = page.content.decode()
    assert 'href="#id_summary"' in html
    assert 'href="#id_start_date"' in html
    assert 'href="#id_action_types"' in html
    assert "Add at least one target" in html
    assert 'value="Cyber-security basics for 1,000 small firms"' in html


def test_resubmit_after_changes_requested(pledger_client, member):
    pledge = PledgeFactory(organisation=member.organisation, status=S.SUBMITTED)
    services.request_changes(
        pledge=pledge, actor=SecretariatUserFactory(), message="Please add a second target."
    )
    listing = pledger_client.get("/en/my/pledges/").content.decode()
    assert "Please add a second target." in listing
    assert "Changes requested" in listing
    page = pledger_client.get(f"/en/my/pledges/{pledge.pk}/submit/")
    assert "Please add a second target." in page.content.decode()
    response = pledger_client.post(f"/en/my/pledges/{pledge.pk}/submit/")
    assert response.status_code == 302
    pledge.refresh_from_db()
    assert pledge.status == S.SUBMITTED


def test_resubmit_page_of_an_incomplete_pledge_does_not_offer_to_submit(pledger_client, member):
    pledge = PledgeFactory(organisation=member.organisation, summary="", targets=[])
    html = pledger_client.get(f"/en/my/pledges/{pledge.pk}/submit/").content.decode()
    assert "Add a short summary." in html
    response = pledger_client.post(f"/en/my/pledges/{pledge.pk}/submit/")
    assert response.url == f"/en/my/pledges/{pledge.pk}/edit/?check=1"
    pledge.refresh_from_db()
    assert pledge.status == S.DRAFT


# --- Withdrawing --------------------------------------------------------------------------


def test_withdraw_asks_for_confirmation_then_withdraws_on_post(
    pledger_client, member, django_capture_on_commit_callbacks
):
    pledge = PledgeFactory(organisation=member.organisation, status=S.PUBLISHED)
    page = pledger_client.get(f"/en/my/pledges/{pledge.pk}/withdraw/")
    assert page.status_code == 200
    assert "cannot be undone" in page.content.decode()
    pledge.refresh_from_db()
    assert pledge.status == S.PUBLISHED
    with django_capture_on_commit_callbacks(execute=True):
        response = pledger_client.post(
            f"/en/my/pledges/{pledge.pk}/withdraw/", {"reason": "Funding ended."}
        )
    assert response.url == "/en/my/pledges/"
    pledge.refresh_from_db()
    assert pledge.status == S.WITHDRAWN
    assert PledgeStatusChange.objects.get().message == "Funding ended."
    assert len(mail.outbox) == 1


@pytest.mark.parametrize("status", [S.REJECTED, S.WITHDRAWN, S.COMPLETED])
def test_closed_pledges_cannot_be_withdrawn(pledger_client, member, status):
    pledge = PledgeFactory(organisation=member.organisation, status=status)
    assert pledger_client.post(f"/en/my/pledges/{pledge.pk}/withdraw/").status_code == 404


# --- My pledges and the private detail page -----------------------------------------------


def test_my_pledges_runs_a_constant_number_of_queries(
    pledger_client, member, django_assert_max_num_queries
):
    secretariat = SecretariatUserFactory()
    pledge = PledgeFactory(organisation=member.organisation, status=S.SUBMITTED)
    services.request_changes(pledge=pledge, actor=secretariat, message="More detail.")
    with django_assert_max_num_queries(12) as one:
        pledger_client.get("/en/my/pledges/")
    for _ in range(8):
        extra = PledgeFactory(organisation=member.organisation, status=S.SUBMITTED)
        services.request_changes(pledge=extra, actor=secretariat, message="More detail.")
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = pledger_client.get("/en/my/pledges/")
    assert len(response.context["pledges"]) == 9


def test_private_detail_shows_history_targets_and_reports(pledger_client, member):
    pledge = PledgeFactory(organisation=member.organisation, status=S.PUBLISHED)
    report = ProgressReportFactory(pledge=pledge, narrative="Half-way there.")
    html = pledger_client.get(f"/en/my/pledges/{pledge.pk}/").content.decode()
    assert "Half-way there." in html
    assert "People trained" in html
    assert f"/en/my/pledges/{pledge.pk}/progress/new/" in html
    assert date_format(report.report_date, "DATE_FORMAT") in html


def test_the_pledger_sees_the_real_percentage_of_a_target_exceeded(pledger_client, member):
    # The same rule as the public pages (pledges.models.percent): 164 of 150 is 109%, not 100%.
    pledge = PledgeFactory(
        organisation=member.organisation, status=S.PUBLISHED, targets=[("people-trained", 150)]
    )
    Target.objects.filter(pledge=pledge).update(achieved=164)
    html = pledger_client.get(f"/en/my/pledges/{pledge.pk}/").content.decode()
    assert "(109%)" in html
    assert "(100%)" not in html


def test_reviewer_notes_are_never_shown_to_the_pledger(pledger_client, member):
    pledge = PledgeFactory(
        organisation=member.organisation, reviewer_notes="Internal: check the numbers."
    )
    for url in (
        f"/en/my/pledges/{pledge.pk}/",
        f"/en/my/pledges/{pledge.pk}/edit/",
        "/en/my/pledges/",
    ):
        assert "Internal: check" not in pledger_client.get(url).content.decode()


# --- Progress reports ---------------------------------------------------------------------


def report_data(pledge, **overrides):
    data = {"report_date": "2026-06-30", "narrative": "Classes ran in 40 schools."}
    for target in pledge.targets.all():
        data[f"target_{target.pk}"] = "300"
    data.update(overrides)
    return data


@pytest.mark.parametrize("status", [S.DRAFT, S.SUBMITTED, S.WITHDRAWN, S.COMPLETED])
def test_progress_can_only_be_reported_on_published_pledges(pledger_client, member, status):
    pledge = PledgeFactory(organisation=member.organisation, status=status)
    assert pledger_client.get(f"/en/my/pledges/{pledge.pk}/progress/new/").status_code == 404


def test_filing_a_progress_report(
    pledger_client, member, django_capture_on_commit_callbacks, time_machine
):
    time_machine.move_to(datetime.datetime(2026, 7, 15, 12, tzinfo=datetime.UTC))
    pledge = PledgeFactory(organisation=member.organisation, status=S.PUBLISHED)
    with django_capture_on_commit_callbacks(execute=True):
        response = pledger_client.post(
            f"/en/my/pledges/{pledge.pk}/progress/new/", report_data(pledge)
        )
    assert response.status_code == 302
    pledge.refresh_from_db()
    assert pledge.last_reported_at == datetime.date(2026, 6, 30)
    assert pledge.targets.get().achieved == 300
    report = ProgressReport.objects.get()
    assert report.submitted_by == member.user
    assert report.values.get().achieved == 300
    assert "Progress report received" in mail.outbox[0].subject


def test_invalid_progress_report_keeps_input(pledger_client, member):
    pledge = PledgeFactory(organisation=member.organisation, status=S.PUBLISHED)
    target = pledge.targets.get()
    data = report_data(pledge, report_date="2999-01-01", **{f"target_{target.pk}": "-1"})
    response = pledger_client.post(f"/en/my/pledges/{pledge.pk}/progress/new/", data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "cannot be in the future" in html
    assert f'href="#id_target_{target.pk}"' in html
    assert "Classes ran in 40 schools." in html
    assert not ProgressReport.objects.exists()


# --- Translations of a pledge's title and summary ----------------------------------------------


def translations_data(*rows, initial=0):
    data = {"translations-TOTAL_FORMS": str(len(rows)), "translations-INITIAL_FORMS": str(initial)}
    for number, row in enumerate(rows):
        data.update({f"translations-{number}-{key}": value for key, value in row.items()})
    return data


def test_the_pledger_gives_the_title_and_summary_in_other_languages(pledger_client, member):
    pledge = PledgeFactory(organisation=member.organisation, status=S.DRAFT, language="en")
    url = reverse("pledger:pledge-translations", args=[pledge.pk])
    assert 'name="translations-0-language"' in pledger_client.get(url).content.decode()
    response = pledger_client.post(
        url,
        translations_data(
            {"language": "fr", "title": "Le code pour tous", "summary": "Résumé"},
        ),
    )
    assert response.status_code == 302
    assert list(pledge.translations.values_list("language", "title", "summary")) == [
        ("fr", "Le code pour tous", "Résumé")
    ]
    # Deleting one removes it; the others stay.
    french = pledge.translations.get()
    response = pledger_client.post(
        url,
        translations_data(
            {"id": french.pk, "language": "fr", "title": "x", "DELETE": "on"},
            {"language": "de", "title": "Programmieren für alle", "summary": ""},
            initial=1,
        ),
    )
    assert response.status_code == 302
    assert list(pledge.translations.values_list("language", flat=True)) == ["de"]


def test_a_translation_into_the_pledge_own_language_or_twice_is_refused(pledger_client, member):
    pledge = PledgeFactory(organisation=member.organisation, status=S.DRAFT, language="en")
    url = reverse("pledger:pledge-translations", args=[pledge.pk])
    response = pledger_client.post(
        url, translations_data({"language": "en", "title": "Same language"})
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="error-summary"' in html
    assert "This is the language the pledge is written in" in html
    assert 'value="Same language"' in html  # nothing typed is lost
    response = pledger_client.post(
        url,
        translations_data({"language": "fr", "title": "Un"}, {"language": "fr", "title": "Deux"}),
    )
    assert response.status_code == 200
    assert not pledge.translations.exists()


def test_a_published_pledge_is_translated_only_through_a_new_review(pledger_client, member):
    pledge = PledgeFactory(organisation=member.organisation, status=S.PUBLISHED)
    url = reverse("pledger:pledge-translations", args=[pledge.pk])
    assert pledger_client.get(url).status_code == 404
    post = pledger_client.post(url, translations_data({"language": "fr", "title": "Titre"}))
    assert post.status_code == 404
    assert not pledge.translations.exists()


def test_the_pledge_form_records_the_language_it_is_written_in(pledger_client, member):
    html = pledger_client.get("/de/pledges/new/").content.decode()
    assert '<option value="de" selected>Deutsch</option>' in html
    response = pledger_client.post("/de/pledges/new/", form_data(save="1", language="pl"))
    assert response.status_code == 302
    assert Pledge.objects.get().language == "pl"
