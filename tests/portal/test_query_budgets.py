"""Every main public page runs at most 10 SQL queries (with warm caches), on the demo data.

The pages are those `make bench` loads (`manage.py bench_urls`).
"""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db

BUDGET = 10
LABELS = [
    "Home",
    "Pledges",
    "Pledges, two filters",
    "Pledges, search",
    "Pledge",
    "Impact",
    "National coalitions",
    "A national coalition",
    "Blog",
    "Awards",
    "Awards archive",
    "An awards edition",
]


@pytest.fixture
def bench_pages():
    call_command("load_demo", stdout=StringIO())
    out = StringIO()
    call_command("bench_urls", stdout=out)
    return dict(line.split("\t", 1) for line in out.getvalue().strip().splitlines())


@pytest.mark.parametrize("label", LABELS)
def test_page_stays_within_the_query_budget(client, bench_pages, label):
    path = bench_pages[label]
    client.get(path)  # warm the cached totals, as the first visitor does
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    assert len(queries) <= BUDGET, f"{path}: {len(queries)} queries"
