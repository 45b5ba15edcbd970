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


# --- Results are never published early ---------------------------------------------------


@pytest.fixture
def early_entries():
    from .factories import open_edition

    edition = open_edition()
    category = CategoryFactory(edition=edition, name="Digital Skills in Education")
    return EntryFactory.create_batch(2, category=category, status="eligible")


@pytest.mark.parametrize("action", ["mark_finalist", "mark_winner"])
def test_results_cannot_be_published_from_the_changelist_while_the_call_is_open(
    client, secretariat, early_entries, action
):
    response = client.post(
        CHANGELIST,
        {"action": action, "_selected_action": [entry.pk for entry in early_entries]},
        follow=True,
    )
    assert response.status_code == 200
    messages = [(message.level_tag, str(message)) for message in response.context["messages"]]
    edition = early_entries[0].edition
    assert messages == [
        (
            "error",
            f"The call for entries to the {edition.title} closes on "
            f"{edition.closes_on:%-d %B %Y}: finalists and winners can be published only "
            "after it has closed. Nothing was changed.",
        )
    ]
    assert set(Entry.objects.values_list("status", flat=True)) == {"eligible"}
    assert not Entry.objects.public().exists()


def test_winners_cannot_be_marked_before_the_ceremony(client, secretariat):
    import datetime

    from django.utils import timezone

    today = timezone.localdate()
    edition = AwardEditionFactory(
        year=today.year + 1,
        opens_on=today - datetime.timedelta(days=60),
        closes_on=today - datetime.timedelta(days=1),
        ceremony_date=today + datetime.timedelta(days=30),
    )
    entry = EntryFactory(category__edition=edition, status="finalist")
    response = client.post(
        CHANGELIST, {"action": "mark_winner", "_selected_action": [entry.pk]}, follow=True
    )
    [message] = response.context["messages"]
    assert message.level_tag == "error"
    assert "can be marked from the day of the ceremony" in str(message)
    entry.refresh_from_db()
    assert entry.status == "finalist"


def change_data(entry, **overrides):
    return {
        "edition": entry.edition_id,
        "category": entry.category_id,
        "project_name": entry.project_name,
        "slug": entry.slug,
        "organisation_name": entry.organisation_name,
        "country": str(entry.country),
        "website": entry.website,
        "description": entry.description,
        "image_alt": "",
        "status": entry.status,
        "jury_notes": "",
        "contact_name": entry.contact_name,
        "contact_email": entry.contact_email,
        "contact_phone": "",
        **overrides,
    }


def test_the_change_form_applies_the_same_rule(client, secretariat, early_entries):
    entry = early_entries[0]
    url = reverse("admin:awards_entry_change", args=[entry.pk])
    response = client.post(url, change_data(entry, status="finalist"))
    assert response.status_code == 200
    assert "finalists and winners can be published only after it has closed" in (
        response.content.decode()
    )
    entry.refresh_from_db()
    assert entry.status == "eligible"
    # Anything else is saved as before.
    response = client.post(url, change_data(entry, status="not_selected"))
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.status == "not_selected"


def test_a_published_entry_of_a_closed_edition_can_still_be_edited(client, secretariat, entries):
    finalist = entries[2]
    url = reverse("admin:awards_entry_change", args=[finalist.pk])
    response = client.post(url, change_data(finalist, description="Corrected."))
    assert response.status_code == 302
    finalist.refresh_from_db()
    assert (finalist.status, finalist.description) == ("finalist", "Corrected.")


# --- The change list and form at the review desk -----------------------------------------


def test_entries_waiting_to_be_checked_come_oldest_first(client, secretariat, entries):
    # The review desk links "entries to check" to this query string.
    response = client.get(CHANGELIST + "?status__exact=submitted")
    assert [entry.project_name for entry in response.context["cl"].result_list] == [
        "Code Club",
        "Later Project",
    ]
    assert list(Entry.objects.awaiting_check()) == [entries[0], entries[3]]


def test_changelist_has_few_readable_columns(client, secretariat, entries):
    response = client.get(CHANGELIST)
    # The selection checkbox and seven columns: no reference, contact or timestamp with time.
    assert len(response.context["cl"].list_display) == 8
    content = response.content.decode()
    assert "column-reference" not in content
    assert "Girls Build Apps" in content
    assert "Women and Girls in Digital" in content
    assert ">2017<" in content


def test_country_filter_lists_the_member_states_and_the_rest(client, secretariat, entries):
    Entry.objects.filter(pk=entries[0].pk).update(country="NO")
    Entry.objects.filter(pk=entries[1].pk).update(country="MT")
    content = client.get(CHANGELIST).content.decode()
    assert "?country=MT" in content and "Outside the EU" in content
    assert "?country=AF" not in content and "Afghanistan" not in content
    assert listed(client, {"country__in": "NO"}) == {"Code Club"}
    assert listed(client, {"country": "MT"}) == {"Robotics"}


def test_category_filter_shows_the_chosen_editions_categories(client, secretariat, entries):
    later = entries[3].category
    response = client.get(CHANGELIST, {"edition__id__exact": entries[0].edition_id})
    content = response.content.decode()
    assert f"category={entries[2].category_id}" in content
    assert f"category={later.pk}" not in content


def test_organisation_is_chosen_with_autocomplete(client, secretariat, entries):
    content = client.get(reverse("admin:awards_entry_change", args=[entries[0].pk])).content
    content = content.decode()
    assert "data-autocomplete-light" not in content
    assert "admin-autocomplete" in content
    assert 'name="organisation"' in content
    # The country select puts the Member States first.
    assert content.index('value="AT"') < content.index('value="AF"')
