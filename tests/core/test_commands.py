from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from core.secretariat import SECRETARIAT_GROUP

pytestmark = pytest.mark.django_db


def dump_state():
    """Every row of every table the demo loader writes, to compare two runs."""
    from django.apps import apps

    state = {}
    for model in apps.get_models():
        if model._meta.app_label in {
            "national_coalitions",
            "pledges",
            "awards",
            "blog",
            "accounts",
        }:
            state[model._meta.label] = sorted(map(str, model.objects.values_list()))
    return state


def test_load_demo_is_idempotent():
    call_command("load_demo", stdout=StringIO())
    first = dump_state()
    out = StringIO()
    call_command("load_demo", stdout=out)
    assert dump_state() == first
    assert "Demo content is loaded." in out.getvalue()


def test_demo_secretariat_is_staff_in_group_and_not_superuser(settings):
    settings.DEBUG = True
    out = StringIO()
    call_command("ensure_demo_secretariat", stdout=out)
    call_command("ensure_demo_secretariat", stdout=StringIO())
    user = get_user_model().objects.get(email="secretariat@example.eu")
    assert user.is_staff and user.is_active and not user.is_superuser
    assert user.groups.filter(name=SECRETARIAT_GROUP).exists()
    assert user.check_password("coalition-demo-2017")
    assert "coalition-demo-2017" in out.getvalue()
    assert get_user_model().objects.count() == 1


def test_demo_secretariat_refuses_to_run_without_debug(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("ensure_demo_secretariat", stdout=StringIO())
    assert not get_user_model().objects.exists()


def test_demo_secretariat_can_log_into_the_admin(client, settings):
    settings.DEBUG = True
    call_command("ensure_demo_secretariat", stdout=StringIO())
    response = client.post(
        "/admin/login/?next=/admin/",
        {"username": "secretariat@example.eu", "password": "coalition-demo-2017"},
    )
    assert response.status_code == 302
    assert response.url == "/admin/"
    assert client.get("/admin/").status_code == 200
