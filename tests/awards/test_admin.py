import csv
import io

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse

from awards.models import AwardEdition, Category, Entry
from core.secretariat import SECRETARIAT_GROUP
from core.spreadsheets import safe_cell

from .factories import AwardEditionFactory, CategoryFactory, EntryFactory, image_bytes, image_upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def secretariat(client):
    user = get_user_model().objects.create_user(
        email="secretariat@example.eu", password="x", is_staff=True
    )
    user.groups.add(Group.objects.get(name=SECRETARIAT_GROUP))
    client.force_login(user)
    return user


@pytest.fixture
def entries():
    edition = AwardEditionFactory(year=2017)
    education = CategoryFactory(edition=edition, name="Digital Skills in Education")
    women = CategoryFactory(edition=edition, name="Women and Girls in Digital")
    return [
        EntryFactory(category=education, project_name="Code Club"),
        EntryFactory(category=education, project_name="Robotics", status="eligible"),
        EntryFactory(category=women, project_name="Girls Build Apps", status="finalist"),
        EntryFactory(category__edition__year=2018, project_name="Later Project"),
    ]


CHANGELIST = reverse("admin:awards_entry_changelist")


def listed(client, query):
    response = client.get(CHANGELIST, query)
    assert response.status_code == 200
    return {entry.project_name for entry in response.context["cl"].result_list}


def test_secretariat_can_use_the_awards_admin(client, secretariat, entries):
    assert client.get(reverse("admin:index")).status_code == 200
    assert client.get(reverse("admin:awards_awardedition_changelist")).status_code == 200
    assert client.get(reverse("admin:awards_awardedition_add")).status_code == 200
    assert client.get(reverse("admin:awards_entry_add")).status_code == 200
    html = client.get(reverse("admin:awards_entry_change", args=[entries[0].pk])).content.decode()
    # Private fields are for the Secretariat.
    assert "Confidential jury remark" in html
    assert entries[0].contact_email in html
    assert "Private contact" in html


def test_secretariat_cannot_delete_editions(client, secretariat, entries):
    edition = entries[0].edition
    url = reverse("admin:awards_awardedition_delete", args=[edition.pk])
    assert client.get(url).status_code == 403


def test_filters_by_edition_category_and_status(client, secretariat, entries):
    edition = entries[0].edition
    assert listed(client, {"edition__id__exact": edition.pk}) == {
        "Code Club",
        "Robotics",
        "Girls Build Apps",
    }
    assert listed(client, {"category": entries[2].category_id}) == {"Girls Build Apps"}
    assert listed(client, {"status__exact": "eligible"}) == {"Robotics"}
    html = client.get(CHANGELIST).content.decode()
    assert "2017 – Women and Girls in Digital" in html


@pytest.mark.parametrize(
    ("action", "status"),
    [
        ("mark_eligible", Entry.Status.ELIGIBLE),
        ("mark_not_eligible", Entry.Status.NOT_ELIGIBLE),
        ("mark_finalist", Entry.Status.FINALIST),
        ("mark_winner", Entry.Status.WINNER),
        ("mark_not_selected", Entry.Status.NOT_SELECTED),
    ],
)
def test_bulk_status_actions(client, secretariat, entries, action, status):
    selected = entries[:2]
    response = client.post(
        CHANGELIST,
        {"action": action, "_selected_action": [entry.pk for entry in selected]},
        follow=True,
    )
    assert response.status_code == 200
    for entry in selected:
        entry.refresh_from_db()
        assert entry.status == status
    entries[3].refresh_from_db()
    assert entries[3].status == Entry.Status.SUBMITTED
    messages = [str(message) for message in response.context["messages"]]
    assert any("marked as" in message for message in messages)


def test_csv_export_includes_private_data_and_neutralises_formulas(client, secretariat, entries):
    Entry.objects.filter(pk=entries[0].pk).update(
        project_name='=HYPERLINK("http://evil.example")', organisation_name="@SUM(A1)"
    )
    response = client.post(
        CHANGELIST,
        {"action": "export_csv", "_selected_action": [entries[0].pk, entries[2].pk]},
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith('attachment; filename="award-entries-')
    content = b"".join(response.streaming_content).decode()
    assert content.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(content.removeprefix("\ufeff"))))
    header, *body = rows
    assert header[:4] == ["Reference", "Year", "Category", "Project"]
    assert len(body) == 2
    first = body[0]
    assert first[3] == '\'=HYPERLINK("http://evil.example")'
    assert first[4] == "'@SUM(A1)"
    assert "Confidential jury remark" in first
    assert entries[0].contact_email in first


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+32 2 000", "'+32 2 000"),
        ("-5", "'-5"),
        ("@cmd", "'@cmd"),
        ("Plain", "Plain"),
        (None, ""),
        (2017, "2017"),
    ],
)
def test_csv_safe(value, expected):
    assert safe_cell(value) == expected


def test_add_edition_with_categories_inline(client, secretariat):
    data = {
        "year": "2030",
        "title_en": "European Digital Skills Awards 2030",
        "introduction_en": "Intro",
        "eligibility_en": "",
        "criteria_en": "",
        "opens_on": "2029-01-01",
        "closes_on": "2029-03-31",
        "ceremony_date": "2029-06-01",
        "categories-TOTAL_FORMS": "2",
        "categories-INITIAL_FORMS": "0",
        "categories-MIN_NUM_FORMS": "0",
        "categories-MAX_NUM_FORMS": "1000",
        "categories-0-name_en": "Digital Skills for All Citizens",
        "categories-0-description_en": "",
        "categories-0-order": "1",
        "categories-1-name_en": "Women and Girls in Digital",
        "categories-1-description_en": "",
        "categories-1-order": "2",
    }
    response = client.post(reverse("admin:awards_awardedition_add"), data)
    assert response.status_code == 302
    edition = AwardEdition.objects.get(year=2030)
    assert list(edition.categories.values_list("name", flat=True)) == [
        "Digital Skills for All Citizens",
        "Women and Girls in Digital",
    ]


def test_edition_with_ceremony_before_closing_is_refused(client, secretariat):
    data = {
        "year": "2031",
        "title_en": "Awards 2031",
        "introduction_en": "Intro",
        "opens_on": "2030-01-01",
        "closes_on": "2030-03-31",
        "ceremony_date": "2030-03-01",
        "categories-TOTAL_FORMS": "0",
        "categories-INITIAL_FORMS": "0",
        "categories-MIN_NUM_FORMS": "0",
        "categories-MAX_NUM_FORMS": "1000",
    }
    response = client.post(reverse("admin:awards_awardedition_add"), data)
    assert response.status_code == 200
    assert "The ceremony must take place after the call closes." in response.content.decode()
    assert not AwardEdition.objects.filter(year=2031).exists()


def test_entry_added_in_the_admin_gets_a_reference(client, secretariat):
    category = CategoryFactory(edition__year=2017)
    data = {
        "edition": category.edition.pk,
        "category": category.pk,
        "project_name": "Paper Entry",
        "slug": "paper-entry",
        "organisation_name": "Post Office (demo)",
        "country": "BE",
        "website": "",
        "description": "Sent by post.",
        "image_alt": "",
        "status": "submitted",
        "jury_notes": "",
        "contact_name": "Someone",
        "contact_email": "someone@example.org",
        "contact_phone": "",
    }
    response = client.post(reverse("admin:awards_entry_add"), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    entry = Entry.objects.get(slug="paper-entry")
    assert entry.reference == f"EDSA-2017-{entry.pk:06d}"
    assert entry.image_renditions == []

    data |= {"image": image_upload(content=image_bytes(size=(1000, 500))), "image_alt": "A stamp"}
    response = client.post(reverse("admin:awards_entry_change", args=[entry.pk]), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    entry.refresh_from_db()
    assert [(r["width"], r["height"]) for r in entry.image_renditions] == [(480, 240), (960, 480)]


def test_entry_category_must_match_edition_in_admin(client, secretariat):
    category = CategoryFactory(edition__year=2017)
    other = AwardEditionFactory(year=2018)
    data = {
        "edition": other.pk,
        "category": category.pk,
        "project_name": "Mismatch",
        "slug": "mismatch",
        "organisation_name": "Org",
        "country": "BE",
        "description": "x",
        "status": "submitted",
        "contact_name": "Someone",
        "contact_email": "someone@example.org",
    }
    response = client.post(reverse("admin:awards_entry_add"), data)
    assert response.status_code == 200
    assert "Choose a category of the 2018 edition." in response.content.decode()
    assert not Category.objects.filter(entries__slug="mismatch").exists()


def test_anonymous_users_are_sent_to_login(client):
    response = client.get(CHANGELIST)
    assert response.status_code == 302
    assert "/admin/login/" in response.url


def test_search_by_reference_and_edition_search(client, secretariat, entries):
    Entry.objects.filter(pk=entries[2].pk).update(reference="EDSA-2017-000042")
    assert listed(client, {"q": "EDSA-2017-000042"}) == {"Girls Build Apps"}
    response = client.get(reverse("admin:awards_awardedition_changelist"), {"q": "2018"})
    assert [e.year for e in response.context["cl"].result_list] == [2018]


def test_status_changes_are_recorded_with_who_made_them(client, secretariat, entries):
    entry = entries[0]
    client.post(CHANGELIST, {"action": "mark_finalist", "_selected_action": [entry.pk]})
    latest = entry.history.latest()
    assert latest.status == Entry.Status.FINALIST
    assert latest.history_user == secretariat
    history_url = reverse("admin:awards_entry_history", args=[entry.pk])
    assert client.get(history_url).status_code == 200
