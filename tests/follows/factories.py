import factory
from django.utils import timezone

from follows.models import Follow, NotificationSettings
from pledges.models import Pledge
from tests.accounts.factories import UserFactory
from tests.pledges.factories import PledgeFactory


class NotificationSettingsFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NotificationSettings
        django_get_or_create = ("user",)

    user = factory.SubFactory(UserFactory)
    frequency = NotificationSettings.Frequency.DAILY
    last_digest_at = factory.LazyFunction(timezone.now)


class FollowFactory(factory.django.DjangoModelFactory):
    """A follow of a public pledge by default; pass kind=... with its target for the others."""

    class Meta:
        model = Follow

    user = factory.SubFactory(UserFactory)
    kind = Follow.Kind.PLEDGE

    @factory.lazy_attribute
    def pledge(self):
        if self.kind != Follow.Kind.PLEDGE:
            return None
        return PledgeFactory(status=Pledge.Status.PUBLISHED)
