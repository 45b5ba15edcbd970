"""The designed home page: hero and call to action, figure tiles, news cards with pictures,
the latest winners with theirs, the map into the National Coalitions; few, constant queries."""

import pytest
from django.urls import reverse

from awards.models import Entry
from pledges.models import Pledge
from tests.accounts.factories import UserFactory
from tests.awards.factories import EntryFactory
from tests.blog.factories import PostFactory
from tests.national_coalitions.factories import NationalCoalitionFactory
from tests.pledges.factories import PledgeFactory

pytestmark = pytest.mark.django_db

RENDITIONS = [
    {"name": "pictures/renditions/picture-480w.webp", "width": 480, "height": 240},
    {"name": "pictures/renditions/picture-960w.webp", "width": 960, "height": 480},
]


def home(client):
    response = client.get(reverse("portal:home"))
    assert response.status_code == 200
    return response.content.decode()


def test_visitors_are_invited_to_sign_up_and_make_a_pledge(client):
    html = home(client)
    create_url = reverse("pledger:pledge-create")
    assert f'href="{reverse("account_signup")}?next={create_url}"' in html
    assert "Make a pledge" in html


def test_signed_in_people_go_straight_to_the_pledge_form(client):
    client.force_login(UserFactory())
    html = home(client)
    assert f'href="{reverse("pledger:pledge-create")}">Make a pledge</a>' in html


def test_the_coalition_is_called_non_profit_not_non_for_profit(client):
    """Defect 14: the portal's own words say "non-profit"."""
    html = home(client)
    assert "non-profit organisations" in html
    assert "non-for-profit" not in html


def test_figures_are_tiles_that_link_to_their_pages(client):
    NationalCoalitionFactory(country="BE")
    NationalCoalitionFactory(country="FR", forming=True)
    PledgeFactory(status=Pledge.Status.PUBLISHED)
    html = home(client)
    assert 'class="figure-tiles"' in html
    coalitions_url = reverse("national_coalitions:coalition-list")
    assert f'<a class="figure-tile__body" href="{coalitions_url}">' in html
    assert '<span class="figure-tile__value">1</span>' in html  # one coalition launched
    assert "National Coalitions launched" in html and "Published pledges" in html


def test_news_cards_show_the_latest_posts_with_their_pictures(client):
    PostFactory(title="With a picture", hero_image_renditions=RENDITIONS)
    PostFactory(title="Without a picture")
    PostFactory(title="A draft", draft=True)
    html = home(client)
    assert html.count('class="news-card"') == 2
    assert "With a picture" in html and "A draft" not in html
    # The picture is decorative beside the title: an empty alt, the renditions as srcset.
    assert 'srcset="/media/pictures/renditions/picture-480w.webp 480w' in html
    assert 'alt="" class="news-card__image" loading="lazy"' in html
    # A post without a picture gets the generic illustration, never a broken image.
    assert "img/news-fallback.svg" in html


def test_latest_winners_are_shown_with_their_pictures(client):
    EntryFactory(
        project_name="Winning project",
        status=Entry.Status.WINNER,
        image_renditions=RENDITIONS,
        image_alt="Pupils' robots on a table",
    )
    EntryFactory(project_name="Only a finalist", status=Entry.Status.FINALIST)
    html = home(client)
    assert "Winning project" in html and "Only a finalist" not in html
    assert 'class="entry-card__image"' in html
    assert "Pupils&#x27; robots on a table" in html


def test_the_map_leads_to_the_national_coalitions(client):
    coalition = NationalCoalitionFactory(country="PT")
    html = home(client)
    assert 'class="eu-map"' in html
    assert f'<a href="{coalition.get_absolute_url()}" class="eu-map-state is-launched"' in html
    assert "Find your National Coalition" in html


def test_empty_states_without_content(client):
    html = home(client)
    assert "Figures on national coalitions and pledges will appear here" in html
    assert "No blog posts have been published yet." in html
    assert "The winners of the European Digital Skills Awards will be listed here" in html


def _fill(count: int) -> None:
    for index in range(count):
        PostFactory(hero_image_renditions=RENDITIONS)
        EntryFactory(status=Entry.Status.WINNER, image_renditions=RENDITIONS)
        NationalCoalitionFactory(country=["BE", "FR", "DE", "IT", "ES"][index])
        PledgeFactory(status=Pledge.Status.PUBLISHED)


@pytest.mark.parametrize("count", [1, 5])
def test_query_count_is_constant(client, django_assert_num_queries, count):
    _fill(count)
    home(client)  # warm the cached totals, as the first visitor does
    # Coalitions (count and map), the latest edition's winners, the latest posts.
    with django_assert_num_queries(3):
        home(client)
