import datetime
import re

import factory
import pytest
from django.core.cache import cache
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils import timezone

from national_coalitions.models import EU_MEMBER_STATES, AreaOfAction, Resource, StakeholderType

from .factories import (
    CoalitionAreaFactory,
    CoalitionMemberFactory,
    NationalCoalitionFactory,
    OtherInitiativeFactory,
    ResourceFactory,
)

pytestmark = pytest.mark.django_db

LIST_URL = reverse("national_coalitions:coalition-list")


def map_link(html: str, code: str) -> str | None:
    """The opening <a> tag of a Member State on the map, if it is a link."""
    match = re.search(rf'<a [^>]*data-country="{code}"[^>]*>', html)
    return match.group(0) if match else None


# --- Directory ------------------------------------------------------------------


def test_list_counts_launched_coalitions_live_and_groups_by_status(client):
    NationalCoalitionFactory(country="BE")
    NationalCoalitionFactory(country="MT")
    NationalCoalitionFactory(country="DE", forming=True)
    response = client.get(LIST_URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "have been launched in <strong>2</strong> Member States" in html
    assert "Several other Coalitions are under formation" in html
    assert [c.country.code for c in response.context["launched"]] == ["BE", "MT"]
    assert [c.country.code for c in response.context["under_formation"]] == ["DE"]
    assert 'id="launched-title">Launched <span class="count">(2)' in html
    assert 'Under formation <span class="count">(1)' in html
    # The 24 Member States without a coalition are named as text too.
    assert len(response.context["without_coalition"]) == 24
    assert "Sweden" in html


def test_list_count_follows_the_data(client, django_capture_on_commit_callbacks):
    response = client.get(LIST_URL)
    assert "No National Coalition has been launched yet." in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):  # the public content changes
        NationalCoalitionFactory(country="PT")
    html = client.get(LIST_URL).content.decode()
    assert "have been launched in <strong>1</strong> Member State." in html


def test_map_links_each_coalition_with_its_status_in_words(client):
    NationalCoalitionFactory(country="BE")
    NationalCoalitionFactory(country="DE", forming=True)
    html = client.get(LIST_URL).content.decode()
    belgium = map_link(html, "BE")
    assert 'href="/en/national-coalitions/be/"' in belgium
    assert 'aria-label="Belgium: National Coalition launched"' in belgium
    assert "is-launched" in belgium
    germany = map_link(html, "DE")
    assert 'aria-label="Germany: National Coalition under formation"' in germany
    assert "is-under-formation" in germany
    # Member States without a coalition are drawn but not linked.
    assert map_link(html, "SE") is None
    assert 'class="eu-map-state is-none" data-country="SE" aria-hidden="true"' in html
    assert html.count("data-country=") == 27
    assert "style=" not in html
    assert "Launched: solid blue" in html and "Under formation: yellow with stripes" in html


def test_filter_by_stakeholder_type_and_area_without_javascript(client):
    training = AreaOfAction.objects.get(slug="industry-led-training")
    curricula = AreaOfAction.objects.get(slug="school-and-university-curricula")
    belgium = NationalCoalitionFactory(country="BE")
    CoalitionMemberFactory(coalition=belgium, stakeholder_type=StakeholderType.NGO)
    CoalitionMemberFactory(coalition=belgium, stakeholder_type=StakeholderType.NGO)
    CoalitionAreaFactory(coalition=belgium, area=training)
    latvia = NationalCoalitionFactory(country="LV")
    CoalitionMemberFactory(coalition=latvia, stakeholder_type=StakeholderType.ICT_COMPANY)
    CoalitionAreaFactory(coalition=latvia, area=curricula)
    CoalitionAreaFactory(coalition=latvia, area=training)

    response = client.get(LIST_URL, {"stakeholder_type": "ngo"})
    assert [c.country.code for c in response.context["launched"]] == ["BE"]
    # Two matching members do not list the coalition twice or double its count.
    assert response.context["launched"][0].member_count == 2
    html = response.content.decode()
    assert "1 coalition matches the filters." in html
    assert '<option value="ngo" selected>' in html
    assert "Clear the filters" in html
    # The map keeps every coalition but fades those that do not match.
    assert "is-dimmed" in map_link(html, "LV")
    assert "does not match the filters" in map_link(html, "LV")
    assert "is-dimmed" not in map_link(html, "BE")

    response = client.get(LIST_URL, {"area": "school-and-university-curricula"})
    assert [c.country.code for c in response.context["launched"]] == ["LV"]
    response = client.get(LIST_URL, {"area": "industry-led-training", "stakeholder_type": "ngo"})
    assert [c.country.code for c in response.context["launched"]] == ["BE"]
    response = client.get(LIST_URL, {"stakeholder_type": "social_partner"})
    assert response.context["launched"] == []
    assert "No launched coalition matches the filters." in response.content.decode()


def test_invalid_filter_value_shows_an_error_not_a_crash(client):
    NationalCoalitionFactory(country="BE")
    response = client.get(LIST_URL, {"stakeholder_type": "robots"})
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert [c.country.code for c in response.context["launched"]] == ["BE"]


def test_list_runs_a_constant_number_of_queries(client, django_assert_num_queries):
    def build(codes):
        area = AreaOfAction.objects.first()
        for code in codes:
            coalition = NationalCoalitionFactory(country=code)
            CoalitionMemberFactory(coalition=coalition)
            CoalitionAreaFactory(coalition=coalition, area=area)

    build(["BE"])
    with django_assert_num_queries(4) as one:
        client.get(LIST_URL, {"stakeholder_type": "ict_company"})
    build([code for code in EU_MEMBER_STATES if code != "BE"])
    cache.clear()  # as cold as the first time (the page's fragment is cached)
    with django_assert_num_queries(len(one.captured_queries)):
        response = client.get(LIST_URL, {"stakeholder_type": "ict_company"})
    assert len(response.context["launched"]) == 27


# --- Coalition page --------------------------------------------------------------


def test_detail_shows_everything_about_a_coalition(client):
    coalition = NationalCoalitionFactory(
        country="BE",
        name="Belgian Digital Coalition",
        contact_email="hello@coalition.example.org",
        with_factsheet=True,
    )
    CoalitionAreaFactory(
        coalition=coalition,
        area=AreaOfAction.objects.get(slug="certifying-skills"),
        summary="Free certification vouchers",
    )
    CoalitionMemberFactory(coalition=coalition, name="Zeta NGO", stakeholder_type="ngo")
    CoalitionMemberFactory(coalition=coalition, name="Alpha Soft", stakeholder_type="ict_company")
    CoalitionMemberFactory(coalition=coalition, name="Beta Bytes", stakeholder_type="ict_company")
    response = client.get(coalition.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1" in html and html.count("<h1") == 1
    assert "Belgian Digital Coalition" in html
    assert "Launched on 1 March 2017" in html
    assert "Example Coordinating Agency" in html
    assert 'href="mailto:hello@coalition.example.org"' in html
    assert "Certifying skills</strong>: Free certification vouchers" in html
    # Members grouped by stakeholder type, in the order of the types.
    groups = response.context["member_groups"]
    assert [g["label"] for g in groups] == ["ICT company", "NGO"]
    assert [m.name for m in groups[0]["members"]] == ["Alpha Soft", "Beta Bytes"]
    assert html.index("Alpha Soft") < html.index("Zeta NGO")
    # Factsheet with its type and size.
    assert coalition.factsheet.url in html
    assert "PDF document, " in html
    assert f"PDF document, {filesizeformat(coalition.factsheet.size)})" in html
    assert "Last updated on" in html
    assert (
        "Information last verified with the coalition on "
        '<time datetime="2017-11-30">30 November 2017</time>' in html
    )
    assert 'href="/en/national-coalitions/contact/?coalition=be"' in html
    assert "Cooperate with this coalition" in html


def test_detail_of_a_coalition_under_formation_without_members(client):
    NationalCoalitionFactory(country="DE", forming=True, contact_email="", factsheet="")
    html = client.get("/en/national-coalitions/de/").content.decode()
    assert "Under formation" in html
    assert "No members are listed yet." in html
    assert "Factsheet" not in html
    assert "mailto:coalition" not in html


def test_uppercase_code_redirects_to_the_canonical_lowercase_address(client):
    NationalCoalitionFactory(country="BE")
    response = client.get("/en/national-coalitions/BE/")
    assert response.status_code == 301
    assert response.url == "/en/national-coalitions/be/"
    assert client.get("/en/national-coalitions/Be/").url == "/en/national-coalitions/be/"


@pytest.mark.parametrize("code", ["se", "no", "xx"])
def test_detail_is_404_without_a_coalition_or_outside_the_eu(client, code):
    NationalCoalitionFactory(country="BE")
    assert client.get(f"/en/national-coalitions/{code}/").status_code == 404


def test_detail_runs_a_constant_number_of_queries(client, django_assert_num_queries):
    coalition = NationalCoalitionFactory(country="BE")
    CoalitionAreaFactory(coalition=coalition)
    CoalitionMemberFactory(coalition=coalition)
    with django_assert_num_queries(3) as one:
        client.get(coalition.get_absolute_url())
    for index in range(49):
        CoalitionMemberFactory(
            coalition=coalition, stakeholder_type=StakeholderType.values[index % 10]
        )
    with django_assert_num_queries(len(one.captured_queries)):
        response = client.get(coalition.get_absolute_url())
    assert response.context["member_count"] == 50


def test_last_updated_includes_member_changes(client):
    coalition = NationalCoalitionFactory(country="BE")
    member = CoalitionMemberFactory(coalition=coalition)
    response = client.get(coalition.get_absolute_url())
    assert response.context["updated_at"] == max(coalition.updated_at, member.updated_at)


# --- Other initiatives, toolkit ----------------------------------------------------


def test_initiatives_are_listed_and_filterable_by_country(client):
    OtherInitiativeFactory(name="Madrid Code Pact", slug="madrid", country="ES")
    OtherInitiativeFactory(name="Porto Girls Go Digital", slug="porto", country="PT")
    url = reverse("national_coalitions:initiative-list")
    html = client.get(url).content.decode()
    assert "Madrid Code Pact" in html and "Porto Girls Go Digital" in html
    assert 'id="initiative-madrid"' in html
    assert 'href="/en/national-coalitions/contact/?initiative=madrid"' in html
    response = client.get(url, {"country": "PT"})
    html = response.content.decode()
    assert "Porto Girls Go Digital" in html and "Madrid Code Pact" not in html
    assert "1 initiative" in html
    html = client.get(url, {"country": "SE"}).content.decode()
    assert "No initiative is listed in this Member State yet." in html


def test_initiatives_are_paginated_with_the_filter_kept(client):
    for number in range(25):
        OtherInitiativeFactory(name=f"Initiative {number:02d}", country="ES")
    url = reverse("national_coalitions:initiative-list")
    html = client.get(url, {"country": "ES"}).content.decode()
    assert 'aria-label="Pages of initiatives"' in html
    assert 'href="?country=ES&amp;page=2" rel="next"' in html
    assert "Initiative 24" in client.get(url, {"country": "ES", "page": 2}).content.decode()


def test_toolkit_page_lists_the_toolkit_and_published_resources(client):
    ResourceFactory(
        title="Toolkit for National and Local Coalitions",
        slug="toolkit",
        category=Resource.Category.TOOLKIT,
        language="fr",
    )
    ResourceFactory(title="Action plan template", slug="plan")
    ResourceFactory(
        title="Not yet published",
        publication_date=timezone.localdate() + datetime.timedelta(days=1),
    )
    response = client.get(reverse("national_coalitions:toolkit"))
    html = response.content.decode()
    assert [r.slug for r in response.context["toolkits"]] == ["toolkit"]
    assert [r.slug for r in response.context["others"]] == ["plan"]
    assert "Not yet published" not in html
    assert 'id="resource-toolkit"' in html
    assert '<span lang="fr">French</span>' in html
    assert "PDF document, " in html


def test_empty_pages_show_empty_states(client):
    assert (
        "The Toolkit will be available here soon."
        in client.get(reverse("national_coalitions:toolkit")).content.decode()
    )
    assert (
        "No other initiative is listed yet."
        in client.get(reverse("national_coalitions:initiative-list")).content.decode()
    )


# --- Home page and navigation -----------------------------------------------------


def test_home_page_shows_the_number_of_launched_coalitions(client):
    NationalCoalitionFactory(country="BE")
    NationalCoalitionFactory(country="FR")
    NationalCoalitionFactory(country="DE", forming=True)
    response = client.get(reverse("portal:home"))
    figure = response.context["figures"][0]
    assert figure["label"] == "National Coalitions launched"
    assert figure["value"] == 2
    assert figure["url"] == LIST_URL
    html = response.content.decode()
    assert f'<a class="figure-tile__body" href="{LIST_URL}">' in html
    assert '<span class="figure-tile__value">2</span>' in html


def test_header_links_to_the_directory_with_aria_current(client):
    html = client.get(LIST_URL).content.decode()
    assert f'<a class="nav-link" href="{LIST_URL}" aria-current="page">National coalitions' in html


def test_detail_shows_the_logo_through_its_renditions_never_at_upload_size(
    client, settings, tmp_path
):
    from PIL import Image

    from national_coalitions import services

    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }
    settings.MEDIA_ROOT = tmp_path
    coalition = NationalCoalitionFactory(
        country="IE",
        logo=factory.django.ImageField(filename="logo.png", format="PNG", width=900, height=300),
        logo_alt_text="Irish coalition logo: a green shamrock",
    )
    services.save_coalition(coalition=coalition, logo_changed=True)
    assert [r["width"] for r in coalition.logo_renditions] == [200, 400]
    with Image.open(tmp_path / coalition.logo_renditions[0]["name"]) as rendition:
        assert rendition.size == (200, 67)
    html = client.get(coalition.get_absolute_url()).content.decode()
    assert 'alt="Irish coalition logo: a green shamrock"' in html
    assert 'width="200" height="67"' in html and "-400w.webp 400w" in html
    assert coalition.logo.url not in html
