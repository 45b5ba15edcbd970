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
    OtherInitiativeFactory,
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


# --- Saving a form nobody changed (defect 7) ---------------------------------------------


def as_browser_sends(response) -> dict:
    """The change form posted back untouched, as a browser sends it: every field's shown
    value, each line break of a text area as "\\r\\n" (HTML's form encoding)."""
    forms = [response.context["adminform"].form]
    data = {}
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        forms += formset.forms
        management = formset.management_form
        data |= {management[name].html_name: management[name].value() for name in management.fields}
    for form in forms:
        for bound in form:
            value = bound.value()
            if bound.widget_type == "clearablefile" or value is None:
                continue
            if isinstance(value, bool):
                if value:
                    data[bound.html_name] = "on"
                continue
            if isinstance(value, list | tuple):
                data[bound.html_name] = [str(v) for v in value]
                continue
            data[bound.html_name] = str(value).replace("\r\n", "\n").replace("\n", "\r\n")
    return data


def latest_changes(instance) -> list[str]:
    new, old = instance.history.order_by("-history_id")[:2]
    return new.diff_against(old).changed_fields


def test_saving_a_coalition_untouched_records_no_change(secretariat_client):
    from django.contrib.admin.models import LogEntry

    coalition = NationalCoalitionFactory(
        country="BE", description="First paragraph.\n\nSecond paragraph,\nwith a line break."
    )
    CoalitionMemberFactory(coalition=coalition, name="Member A")
    CoalitionAreaFactory(
        coalition=coalition, area=AreaOfAction.objects.get(slug="certifying-skills")
    )
    url = reverse("admin:national_coalitions_nationalcoalition_change", args=[coalition.pk])
    data = as_browser_sends(secretariat_client.get(url))
    assert "\r\n" in data["description_en"]

    response = secretariat_client.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    coalition.refresh_from_db()
    assert coalition.description == "First paragraph.\n\nSecond paragraph,\nwith a line break."
    assert latest_changes(coalition) == []
    assert LogEntry.objects.get().get_change_message() == "No fields changed."
    history = secretariat_client.get(
        reverse("admin:national_coalitions_nationalcoalition_history", args=[coalition.pk])
    ).content.decode()
    assert "Description" not in history


def test_an_older_text_with_crlf_line_breaks_is_kept_as_stored(secretariat_client):
    initiative = OtherInitiativeFactory(description="Typed in a browser.\r\nSecond line.")
    url = reverse("admin:national_coalitions_otherinitiative_change", args=[initiative.pk])
    response = secretariat_client.post(url, as_browser_sends(secretariat_client.get(url)))
    assert response.status_code == 302, response.context["adminform"].form.errors
    initiative.refresh_from_db()
    assert initiative.description == "Typed in a browser.\r\nSecond line."
    assert latest_changes(initiative) == []


def test_a_changed_description_is_saved_with_plain_line_breaks(secretariat_client):
    from django.contrib.admin.models import LogEntry

    coalition = NationalCoalitionFactory(country="BE", description="Old text.")
    url = reverse("admin:national_coalitions_nationalcoalition_change", args=[coalition.pk])
    data = as_browser_sends(secretariat_client.get(url))
    data["description_en"] = "New text.\r\n\r\nSecond paragraph."
    response = secretariat_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    coalition.refresh_from_db()
    assert coalition.description == "New text.\n\nSecond paragraph."
    assert latest_changes(coalition) == ["description"]
    assert "Description" in LogEntry.objects.get().get_change_message()


# --- Change lists -------------------------------------------------------------------------


def test_country_filters_list_the_member_states_in_the_data_by_name(secretariat_client):
    for code in ["SE", "AT", "FR"]:
        CoalitionMemberFactory(coalition=NationalCoalitionFactory(country=code))
    url = reverse("admin:national_coalitions_coalitionmember_changelist")
    response = secretariat_client.get(url)
    [countries] = [f for f in response.context["cl"].filter_specs if f.title == "Member State"]
    shown = [choice["display"] for choice in countries.choices(response.context["cl"])]
    assert shown == ["All", "Austria", "France", "Sweden"]
    response = secretariat_client.get(url, {"coalition__country": "FR"})
    assert [m.coalition.country.code for m in response.context["cl"].result_list] == ["FR"]


def test_the_coalition_list_has_no_country_filter_and_few_columns(secretariat_client):
    NationalCoalitionFactory(country="BE")
    response = secretariat_client.get(
        reverse("admin:national_coalitions_nationalcoalition_changelist")
    )
    cl = response.context["cl"]
    assert "Member State" not in [f.title for f in cl.filter_specs]
    assert len(cl.list_display) <= 6  # the action checkbox and five columns
