"""Award entries in the site search: the `every_word` fallback, public entries only."""

import pytest

from awards.models import Entry
from awards.search import search_entries

from .factories import EntryFactory

pytestmark = pytest.mark.django_db


def test_every_word_must_appear_in_a_public_entry():
    found = EntryFactory(
        status=Entry.Status.FINALIST,
        project_name="Coding Club",
        organisation_name="Lisbon Library",
        description="Robots for pupils.",
    )
    EntryFactory(status=Entry.Status.WINNER, project_name="Coding Camp", description="Drones.")
    EntryFactory(status=Entry.Status.SUBMITTED, project_name="Coding Club robots")
    for query in ("coding robots", "LISBON club", "pupils library"):
        group = search_entries(query, limit=10)
        assert [r.url for r in group.results] == [found.get_absolute_url()], query
        assert group.total == 1
    assert search_entries("coding astronomy", limit=10).results == []
