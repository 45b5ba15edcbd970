import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from core.secretariat import SECRETARIAT_GROUP

DEFAULT_PASSWORD = "correct-horse-battery-staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("email",)
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    password = factory.PostGenerationMethodCall("set_password", DEFAULT_PASSWORD)

    @factory.post_generation
    def _save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class SecretariatUserFactory(UserFactory):
    """A staff member in the least-privilege Secretariat group (not a superuser)."""

    email = factory.Sequence(lambda n: f"secretariat{n}@example.eu")
    is_staff = True

    @factory.post_generation
    def secretariat_group(obj, create, extracted, **kwargs):
        if create:
            obj.groups.add(Group.objects.get(name=SECRETARIAT_GROUP))
