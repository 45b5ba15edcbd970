"""The Secretariat's read-only view of invitations in the admin."""

import pytest
from django.contrib import admin
from django.urls import reverse

from organisations.models import Organisation
from tests.accounts.factories import SecretariatUserFactory

from .factories import InvitationFactory

pytestmark = pytest.mark.django_db


def test_the_secretariat_finds_an_invitation_but_cannot_change_it(client):
    invitation = InvitationFactory(email="lost.link@example.org")
    InvitationFactory(email="someone.else@example.org")
    client.force_login(SecretariatUserFactory())
    changelist = reverse("admin:organisations_invitation_changelist")
    response = client.get(changelist, {"q": "lost.link"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "lost.link@example.org" in body
    assert "someone.else@example.org" not in body
    assert client.get(reverse("admin:organisations_invitation_add")).status_code == 403
    change = reverse("admin:organisations_invitation_change", args=[invitation.pk])
    assert client.get(change).status_code == 200  # a view-only page
    assert client.post(change, {"email": "x@example.org"}).status_code == 403


def test_organisations_can_be_autocompleted_by_other_admins():
    assert admin.site.get_model_admin(Organisation).search_fields
