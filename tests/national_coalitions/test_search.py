"""National coalitions in the site search: `every_word`, and country names."""

import pytest

from national_coalitions.search import search_coalitions

from .factories import NationalCoalitionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def coalitions():
    malta = NationalCoalitionFactory(
        country="MT", name="eSkills Malta Foundation", description="Digital skills for all."
    )
    portugal = NationalCoalitionFactory(
        country="PT", name="INCoDe.2030", description="Skills for all Portuguese."
    )
    return malta, portugal


def urls(query):
    return [result.url for result in search_coalitions(query, limit=10).results]


def test_every_word_must_appear(coalitions):
    malta, portugal = coalitions
    assert urls("skills all") == [malta.get_absolute_url(), portugal.get_absolute_url()]
    assert urls("foundation SKILLS") == [malta.get_absolute_url()]
    assert urls("foundation portuguese") == []


def test_a_country_name_finds_its_coalition(coalitions):
    malta, portugal = coalitions
    assert urls("Portugal") == [portugal.get_absolute_url()]
    assert urls("portugal skills") == [portugal.get_absolute_url()]
    # A word naming a country still matches text: "Malta" is in a name.
    assert urls("Malta foundation") == [malta.get_absolute_url()]
    assert urls("Portugal foundation") == []
