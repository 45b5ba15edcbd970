"""The pages `make bench` loads, resolved against the current data: one "label<TAB>path" a line."""

from django.core.management.base import BaseCommand
from django.urls import reverse

from awards.models import AwardEdition
from national_coalitions.models import NationalCoalition
from pledges.models import Pledge, TargetGroup


class Command(BaseCommand):
    help = "Print the label and path of each page the benchmark loads."

    def handle(self, *args, **options):
        pledge = Pledge.objects.public().order_by("-published_at").first()
        coalition = NationalCoalition.objects.launched().order_by("country").first()
        group = TargetGroup.objects.order_by("order").first()
        edition = AwardEdition.objects.order_by("-year").first()
        pages = [
            ("Home", reverse("portal:home")),
            ("Pledges", reverse("pledges:pledge-list")),
            (
                "Pledges, two filters",
                f"{reverse('pledges:pledge-list')}?country=BE&target_group={group.code}",
            ),
            ("Pledges, search", f"{reverse('pledges:pledge-list')}?q=coding+teachers"),
            ("Pledge", pledge.get_absolute_url()),
            ("Impact", reverse("pledges:impact")),
            ("National coalitions", reverse("national_coalitions:coalition-list")),
            ("A national coalition", coalition.get_absolute_url()),
            ("Blog", reverse("blog:post-list")),
            ("Awards", reverse("awards:award-index")),
            ("Awards archive", reverse("awards:archive")),
        ]
        if edition:
            pages.append(("An awards edition", edition.get_absolute_url()))
        for label, path in pages:
            self.stdout.write(f"{label}\t{path}")
