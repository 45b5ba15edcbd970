"""Create a large, realistic dataset quickly (bulk inserts) for `make bench`.

Idempotent per size: running it again with the same numbers does nothing; with other numbers it
replaces the generated rows. Generated rows are marked ("bench-" slugs, example.org addresses).
"""

import datetime
import random
import time

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connection, transaction

from blog.markdown import render_markdown
from blog.models import Author, Post
from core import content
from core.countries import EU_MEMBER_STATES
from national_coalitions.models import CoalitionMember, NationalCoalition, StakeholderType
from organisations.models import Organisation
from pledges.models import (
    ActionType,
    Pledge,
    PledgeCountry,
    ProgressReport,
    ProgressValue,
    Target,
    TargetGroup,
)

BATCH = 5000
WORDS = [
    "digital",
    "skills",
    "coding",
    "training",
    "teachers",
    "women",
    "girls",
    "cybersecurity",
    "data",
    "cloud",
    "jobs",
    "citizens",
    "schools",
    "apprentices",
    "certification",
    "awareness",
    "programming",
    "robotics",
    "artificial",
    "intelligence",
    "literacy",
    "online",
    "courses",
    "libraries",
    "seniors",
    "unemployed",
    "youth",
]


def sentence(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize()


class Command(BaseCommand):
    help = "Generate a large dataset (100,000 pledges by default) with bulk inserts."

    def add_arguments(self, parser):
        parser.add_argument("--pledges", type=int, default=100_000)
        parser.add_argument("--organisations", type=int, default=2_000)
        parser.add_argument("--posts", type=int, default=1_000)
        parser.add_argument("--seed", type=int, default=2017)

    def handle(self, *args, pledges, organisations, posts, seed, **options):
        started = time.monotonic()
        rng = random.Random(seed)  # noqa: S311 - reproducible data, not secrets
        if Pledge.objects.filter(slug__startswith="bench-").count() == pledges:
            self.stdout.write(f"{pledges:,} bench pledges already exist: nothing to do.")
            return
        # The demo content (awards editions, coalitions, authors) is the base of the dataset.
        call_command("load_demo", stdout=self.stdout)
        with transaction.atomic():
            self.generate_coalitions(rng)
            self.generate_posts(rng, posts)
            self.generate_pledges(rng, pledges, organisations)
        # Bulk inserts send no signals: forget the cached pages and figures ourselves, and give
        # the query planner statistics of the new rows (autovacuum would, minutes later).
        content.changed()
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        self.stdout.write(
            self.style.SUCCESS(f"Bench data ready in {time.monotonic() - started:.0f} s.")
        )

    def generate_coalitions(self, rng):
        """All 27 Member States, each with 30 members."""
        existing = set(NationalCoalition.objects.values_list("country", flat=True))
        NationalCoalition.objects.bulk_create(
            NationalCoalition(
                country=code,
                name=f"Bench coalition {code}",
                status=NationalCoalition.Status.UNDER_FORMATION,
                coordinating_body_name="Bench coordinating body",
                description=sentence(rng, 40),
                contact_email=f"coalition-{code.lower()}@bench.example.org",
            )
            for code in EU_MEMBER_STATES
            if code not in existing
        )
        CoalitionMember.objects.filter(name__startswith="Bench member").delete()
        types = [choice for choice, _ in StakeholderType.choices]
        CoalitionMember.objects.bulk_create(
            CoalitionMember(
                coalition=coalition, name=f"Bench member {i}", stakeholder_type=rng.choice(types)
            )
            for coalition in NationalCoalition.objects.all()
            for i in range(30)
        )

    def generate_posts(self, rng, count):
        Post.objects.filter(slug__startswith="bench-").delete()
        authors = list(Author.objects.all())
        epoch = datetime.datetime(2017, 1, 1, tzinfo=datetime.UTC)
        body = "\n\n".join(sentence(rng, 60) for _ in range(5))
        html = render_markdown(body)
        Post.objects.bulk_create(
            (
                Post(
                    title=f"{sentence(rng, 6)} {i}",
                    slug=f"bench-post-{i}",
                    author=rng.choice(authors),
                    excerpt=sentence(rng, 25),
                    body=body,
                    body_html=html,
                    status=Post.Status.PUBLISHED,
                    published_at=epoch + datetime.timedelta(hours=i),
                )
                for i in range(count)
            ),
            batch_size=BATCH,
        )

    def generate_pledges(self, rng, count, org_count):
        Pledge.objects.filter(slug__startswith="bench-").delete()
        Organisation.objects.filter(slug__startswith="bench-").delete()
        types = [choice for choice, _ in Organisation.Type.choices]
        Organisation.objects.bulk_create(
            Organisation(
                name=f"Bench organisation {i}",
                slug=f"bench-organisation-{i}",
                type=rng.choice(types),
                country=rng.choice(EU_MEMBER_STATES),
                description=sentence(rng, 30),
                contact_name="Bench contact",
                contact_email=f"contact{i}@bench.example.org",
            )
            for i in range(org_count)
        )
        org_ids = list(
            Organisation.objects.filter(slug__startswith="bench-").values_list("id", flat=True)
        )
        group_ids = list(TargetGroup.objects.values_list("id", flat=True))
        action_ids = list(ActionType.objects.values_list("id", flat=True))
        indicators = [choice for choice, _ in Target.Indicator.choices]
        statuses = (
            [Pledge.Status.PUBLISHED] * 7
            + [Pledge.Status.COMPLETED] * 2
            + [
                Pledge.Status.SUBMITTED,
                Pledge.Status.DRAFT,
            ]
        )
        epoch = datetime.datetime(2017, 1, 1, tzinfo=datetime.UTC)
        for start in range(0, count, BATCH):
            size = min(BATCH, count - start)
            batch = []
            for i in range(start, start + size):
                status = rng.choice(statuses)
                begins = datetime.date(2017, 1, 1) + datetime.timedelta(days=rng.randint(0, 3000))
                public = status in Pledge.PUBLIC_STATUSES
                published = epoch + datetime.timedelta(minutes=i) if public else None
                batch.append(
                    Pledge(
                        organisation_id=rng.choice(org_ids),
                        title=f"{sentence(rng, 5)} {i}",
                        slug=f"bench-pledge-{i}",
                        summary=sentence(rng, 20),
                        description=sentence(rng, 80),
                        is_eu_wide=rng.random() < 0.1,
                        start_date=begins,
                        end_date=begins + datetime.timedelta(days=rng.randint(90, 1500)),
                        status=status,
                        submitted_at=published,
                        published_at=published,
                        status_changed_at=published,
                        last_reported_at=begins + datetime.timedelta(days=180) if public else None,
                    )
                )
            created = Pledge.objects.bulk_create(batch)
            ids = [p.pk for p in created]
            self._relations(rng, ids, created, group_ids, action_ids, indicators)
            self.stdout.write(f"  pledges: {start + size:,}/{count:,}")

    def _relations(self, rng, ids, pledges, group_ids, action_ids, indicators):
        TG = Pledge.target_groups.through
        AT = Pledge.action_types.through
        TG.objects.bulk_create(
            TG(pledge_id=pk, targetgroup_id=g)
            for pk in ids
            for g in rng.sample(group_ids, rng.randint(1, 2))
        )
        AT.objects.bulk_create(
            AT(pledge_id=pk, actiontype_id=a)
            for pk in ids
            for a in rng.sample(action_ids, rng.randint(1, 3))
        )
        PledgeCountry.objects.bulk_create(
            PledgeCountry(pledge_id=pk, country=c)
            for pk in ids
            for c in rng.sample(EU_MEMBER_STATES, rng.randint(1, 3))
        )
        targets = []
        for pk, pledge in zip(ids, pledges, strict=True):
            for indicator in rng.sample(indicators, rng.randint(1, 2)):
                number = rng.choice([100, 500, 1_000, 5_000, 20_000])
                achieved = rng.randint(0, number) if pledge.is_public else 0
                targets.append(
                    Target(
                        pledge_id=pk,
                        indicator=indicator,
                        target_number=number,
                        achieved=achieved,
                    )
                )
        Target.objects.bulk_create(targets)
        public = [(pk, p) for pk, p in zip(ids, pledges, strict=True) if p.is_public]
        reports = ProgressReport.objects.bulk_create(
            ProgressReport(
                pledge_id=pk,
                report_date=p.last_reported_at,
                narrative=sentence(rng, 40),
            )
            for pk, p in public
        )
        # Both PostgreSQL and SQLite (3.35+) return the new primary keys from bulk inserts.
        report_by_pledge = {report.pledge_id: report.pk for report in reports}
        ProgressValue.objects.bulk_create(
            ProgressValue(
                report_id=report_by_pledge[t.pledge_id], target_id=t.pk, achieved=t.achieved
            )
            for t in Target.objects.filter(pledge_id__in=list(report_by_pledge)).only(
                "pk", "pledge_id", "achieved"
            )
        )
