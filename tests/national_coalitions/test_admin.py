import csv
import io
import re

import pytest
from django.urls import reverse

from core.spreadsheets import safe_cell
from national_coalitions.models import (
    AreaOfAction,
    CoalitionMember,
    ContactRequest,
    NationalCoalition,
)

from .factories import (
    CoalitionAreaFactory,
    CoalitionMemberFactory,
    ContactRequestFactory,
    NationalCoalitionFactory,
    SecretariatUserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def secretariat_client(client):
    user = SecretariatUserFactory()
    client.force_login(user)
    client.user = user
    return client


def read_csv(response) -> list[list[str]]:
    assert response["Content-Type"].startswith("text/csv")
    assert re.fullmatch(
        r'attachment; filename="[a-z-]+-\d{4}-\d{2}-\d{2}\.csv"', response["Content-Disposition"]
    )
    # Streamed by core.spreadsheets.csv_response, with a byte-order mark for spreadsheets.
    text = b"".join(response.streaming_content).decode()
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))


@pytest.mark.parametrize(
    "model",
    [
        "nationalcoalition",
        "coalitionmember",
        "coalitionarea",
        "areaofaction",
        "otherinitiative",
        "resource",
        "contactrequest",
    ],
)
def test_secretariat_can_open_every_changelist(secretariat_client, model):
    NationalCoalitionFactory(country="BE")
    response = secretariat_client.get(reverse(f"admin:national_coalitions_{model}_changelist"))
    assert response.status_code == 200


def test_secretariat_can_use_filters_search_and_history(secretariat_client):
    coalition = NationalCoalitionFactory(country="BE", name="Belgian Coalition")
    CoalitionMemberFactory(coalition=coalition, name="Findable Member")
    NationalCoalitionFactory(country="DE", name="German Coalition", forming=True)
    url = reverse("admin:national_coalitions_nationalcoalition_changelist")
    html = secretariat_client.get(url, {"status__exact": "under_formation"}).content.decode()
    assert "German Coalition" in html and "Belgian Coalition" not in html
    html = secretariat_client.get(url, {"q": "Findable"}).content.decode()
    assert "Belgian Coalition" in html and "German Coalition" not in html
    history = secretariat_client.get(
        reverse("admin:national_coalitions_nationalcoalition_history", args=[coalition.pk])
    )
    assert history.status_code == 200
    assert "Created" in history.content.decode()


def test_secretariat_edits_a_coalition_with_members_and_areas_inline(secretariat_client):
    coalition = NationalCoalitionFactory(country="BE", forming=True)
    area = AreaOfAction.objects.get(slug="certifying-skills")
    url = reverse("admin:national_coalitions_nationalcoalition_change", args=[coalition.pk])
    page = secretariat_client.get(url)
    assert page.status_code == 200
    data = {
        "country": "BE",
        "name_en": "Renamed Coalition",
        "status": "launched",
        "launch_date": "2017-06-01",
        "description_en": "",
        "coordinating_body_name": "Agency",
        "coordinating_body_website": "",
        "website": "",
        "contact_email": "be@example.org",
        "logo_alt_text_en": "",
        "last_verified_date": "2017-11-30",
        "coalition_areas-TOTAL_FORMS": "1",
        "coalition_areas-INITIAL_FORMS": "0",
        "coalition_areas-0-area": str(area.pk),
        "coalition_areas-0-summary_en": "Vouchers",
        "members-TOTAL_FORMS": "1",
        "members-INITIAL_FORMS": "0",
        "members-0-name": "New Member",
        "members-0-stakeholder_type": "ngo",
        "members-0-website": "",
    }
    response = secretariat_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    coalition.refresh_from_db()
    assert coalition.name == "Renamed Coalition" and coalition.is_launched
    assert list(coalition.areas_of_action.all()) == [area]
    assert coalition.members.get().name == "New Member"
    assert coalition.logo_renditions == []
    # The history says who changed it.
    latest = coalition.history.latest()
    assert latest.history_user == secretariat_client.user
    assert CoalitionMember.history.get().history_user == secretariat_client.user
    member = coalition.members.get()
    history = secretariat_client.get(
        reverse("admin:national_coalitions_coalitionmember_history", args=[member.pk])
    )
    assert history.status_code == 200
    assert secretariat_client.user.email in history.content.decode()


def test_a_logo_uploaded_in_the_admin_gets_its_renditions(secretariat_client, settings, tmp_path):
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }
    settings.MEDIA_ROOT = tmp_path
    coalition = NationalCoalitionFactory(country="BE", forming=True)
    url = reverse("admin:national_coalitions_nationalcoalition_change", args=[coalition.pk])
    buffer = io.BytesIO()
    Image.new("RGB", (800, 200), "navy").save(buffer, "PNG")
    logo = SimpleUploadedFile("logo.png", buffer.getvalue(), content_type="image/png")
    data = {
        "country": "BE",
        "name_en": coalition.name,
        "status": "under_formation",
        "description_en": "",
        "coordinating_body_name": "",
        "coordinating_body_website": "",
        "website": "",
        "contact_email": "",
        "logo": logo,
        "logo_alt_text_en": "Belgian coalition logo",
        "coalition_areas-TOTAL_FORMS": "0",
        "coalition_areas-INITIAL_FORMS": "0",
        "members-TOTAL_FORMS": "0",
        "members-INITIAL_FORMS": "0",
    }
    response = secretariat_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    coalition.refresh_from_db()
    assert [r["width"] for r in coalition.logo_renditions] == [200, 400]
    assert all((tmp_path / r["name"]).exists() for r in coalition.logo_renditions)


def test_launched_without_date_is_refused_in_the_admin(secretariat_client):
    url = reverse("admin:national_coalitions_nationalcoalition_add")
    response = secretariat_client.post(
        url,
        {
            "country": "FR",
            "name_en": "French Coalition",
            "status": "launched",
            "coalition_areas-TOTAL_FORMS": "0",
            "coalition_areas-INITIAL_FORMS": "0",
            "members-TOTAL_FORMS": "0",
            "members-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert "A launched coalition needs a launch date." in response.content.decode()
    assert not NationalCoalition.objects.exists()


def test_secretariat_cannot_delete_coalitions(secretariat_client):
    coalition = NationalCoalitionFactory(country="BE")
    url = reverse("admin:national_coalitions_nationalcoalition_delete", args=[coalition.pk])
    assert secretariat_client.get(url).status_code == 403


def test_coalitions_csv_export_neutralises_formulas(secretariat_client):
    coalition = NationalCoalitionFactory(country="BE", name='=HYPERLINK("http://evil")')
    CoalitionMemberFactory(coalition=coalition, name="Alpha", stakeholder_type="ngo")
    CoalitionAreaFactory(
        coalition=coalition, area=AreaOfAction.objects.get(slug="certifying-skills")
    )
    NationalCoalitionFactory(country="DE", name="-2+3", forming=True)
    response = secretariat_client.post(
        reverse("admin:national_coalitions_nationalcoalition_changelist"),
        {
            "action": "export_csv",
            "_selected_action": [c.pk for c in NationalCoalition.objects.all()],
        },
    )
    rows = read_csv(response)
    assert rows[0][:4] == ["Country code", "Member State", "Name", "Status"]
    by_code = {row[0]: row for row in rows[1:]}
    assert by_code["BE"][2] == '\'=HYPERLINK("http://evil")'
    assert by_code["BE"][3] == "Launched"
    assert by_code["BE"][9] == "Certifying skills"
    assert by_code["BE"][10] == "Alpha (NGO)"
    assert by_code["DE"][2] == "'-2+3"


def test_contact_requests_mark_handled_action(secretariat_client):
    first = ContactRequestFactory()
    second = ContactRequestFactory()
    url = reverse("admin:national_coalitions_contactrequest_changelist")
    response = secretariat_client.post(
        url, {"action": "mark_handled", "_selected_action": [first.pk]}, follow=True
    )
    assert "1 contact request was marked as handled." in response.content.decode()
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.is_handled and first.handled_by == secretariat_client.user
    assert not second.is_handled
    html = secretariat_client.get(url, {"is_handled__exact": "0"}).content.decode()
    assert f"/{second.pk}/change/" in html and f"/{first.pk}/change/" not in html


def test_contact_requests_are_read_only_records(secretariat_client):
    contact_request = ContactRequestFactory(message="Original message")
    url = reverse("admin:national_coalitions_contactrequest_change", args=[contact_request.pk])
    assert secretariat_client.get(url).status_code == 200
    secretariat_client.post(url, {"message": "Tampered"})
    contact_request.refresh_from_db()
    assert contact_request.message == "Original message"
    assert (
        secretariat_client.get(reverse("admin:national_coalitions_contactrequest_add")).status_code
        == 403
    )


def test_contact_requests_csv_export(secretariat_client):
    coalition = NationalCoalitionFactory(country="BE")
    ContactRequestFactory(name="@attacker", message="+cmd|' /C calc'!A0", coalition=coalition)
    response = secretariat_client.post(
        reverse("admin:national_coalitions_contactrequest_changelist"),
        {
            "action": "export_csv",
            "_selected_action": list(ContactRequest.objects.values_list("pk", flat=True)),
        },
    )
    rows = read_csv(response)
    assert rows[0][:3] == ["Received", "Name", "E-mail address"]
    assert rows[1][1] == "'@attacker"
    assert rows[1][4] == str(coalition)
    assert rows[1][5] == "'+cmd|' /C calc'!A0"
    assert rows[1][6] == "no"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("Plain", "Plain"),
        (None, ""),
        (12, "12"),
    ],
)
def test_neutralise(value, expected):
    assert safe_cell(value) == expected


def test_secretariat_can_add_initiatives_and_resources(secretariat_client):
    for name in ["otherinitiative", "resource", "areaofaction", "nationalcoalition"]:
        assert (
            secretariat_client.get(reverse(f"admin:national_coalitions_{name}_add")).status_code
            == 200
        )
