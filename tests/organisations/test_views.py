"""Registering an organisation, its private page, inviting colleagues and accepting."""

import datetime
import io

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from core.forms import HONEYPOT_FIELD_NAME
from organisations import services
from organisations.models import Membership, Organisation
from tests.accounts.factories import UserFactory

from .factories import MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

ORGANISATION = {
    "name": "Open Skills Lab",
    "type": "sme",
    "country": "IE",
    "website": "https://open-skills.example.org",
    "description": "We teach data skills.",
    "logo_alt": "",
    "contact_name": "Róisín Example",
    "contact_email": "hello@open-skills.example.org",
}


def png(name="logo.png"):
    buffer = io.BytesIO()
    Image.new("RGB", (40, 20), "#003399").save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


@pytest.fixture
def user_client(client):
    user = UserFactory()
    client.force_login(user)
    client.user = user
    return client


def test_registering_makes_the_creator_its_admin_and_returns_to_next(user_client):
    response = user_client.post("/en/my/organisation/new/?next=/en/pledges/new/", ORGANISATION)
    assert response.status_code == 302
    assert response.url == "/en/pledges/new/"
    organisation = Organisation.objects.get()
    assert organisation.slug == "open-skills-lab"
    membership = Membership.objects.get()
    assert (membership.user, membership.role) == (user_client.user, Membership.Role.ADMIN)


def test_next_never_leads_off_site(user_client):
    response = user_client.post(
        "/en/my/organisation/new/", {**ORGANISATION, "next": "https://evil.example.com/"}
    )
    assert response.url == "/en/my/organisation/open-skills-lab/"


def test_two_organisations_with_the_same_name_get_different_slugs(user_client):
    OrganisationFactory(name="Open Skills Lab", slug="open-skills-lab")
    user_client.post("/en/my/organisation/new/", ORGANISATION)
    assert Organisation.objects.filter(slug="open-skills-lab-2").exists()


def test_invalid_organisation_keeps_input(user_client):
    response = user_client.post(
        "/en/my/organisation/new/", {**ORGANISATION, "contact_email": "not-an-address"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'href="#id_contact_email"' in html
    assert 'value="Open Skills Lab"' in html
    assert not Organisation.objects.exists()


def test_a_logo_needs_a_text_alternative_and_is_validated(user_client):
    response = user_client.post("/en/my/organisation/new/", {**ORGANISATION, "logo": png()})
    assert 'href="#id_logo_alt"' in response.content.decode()
    fake = SimpleUploadedFile("logo.png", b"<svg></svg>", content_type="image/png")
    response = user_client.post(
        "/en/my/organisation/new/", {**ORGANISATION, "logo": fake, "logo_alt": "Logo"}
    )
    assert "not an image we accept" in response.content.decode()
    response = user_client.post(
        "/en/my/organisation/new/", {**ORGANISATION, "logo": png(), "logo_alt": "Open Skills Lab"}
    )
    assert response.status_code == 302
    assert Organisation.objects.get().logo.name.endswith(".png")


def test_honeypot_on_the_organisation_form(user_client):
    response = user_client.post(
        "/en/my/organisation/new/", {**ORGANISATION, HONEYPOT_FIELD_NAME: "bot"}
    )
    assert response.status_code == 200
    assert not Organisation.objects.exists()


def test_organisation_pages_are_private(client):
    organisation = OrganisationFactory()
    client.force_login(UserFactory())
    for suffix in ("", "edit/", "invite/"):
        assert client.get(f"/en/my/organisation/{organisation.slug}/{suffix}").status_code == 404


def test_editors_see_the_organisation_but_cannot_edit_it_or_invite(client):
    membership = MembershipFactory(role=Membership.Role.EDITOR)
    client.force_login(membership.user)
    slug = membership.organisation.slug
    page = client.get(f"/en/my/organisation/{slug}/")
    assert page.status_code == 200
    assert "Invite a colleague" not in page.content.decode()
    assert client.get(f"/en/my/organisation/{slug}/edit/").status_code == 403
    response = client.post(
        f"/en/my/organisation/{slug}/invite/", {"email": "x@example.org", "role": "editor"}
    )
    assert response.status_code == 403
    assert mail.outbox == []


def test_admin_edits_the_profile(client):
    membership = MembershipFactory()
    client.force_login(membership.user)
    slug = membership.organisation.slug
    data = {**ORGANISATION, "name": "Renamed (demo)"}
    response = client.post(f"/en/my/organisation/{slug}/edit/", data)
    assert response.status_code == 302
    membership.organisation.refresh_from_db()
    assert membership.organisation.name == "Renamed (demo)"
    assert membership.organisation.slug == slug


def invite(client, membership, email="colleague@example.org", role="editor"):
    return client.post(
        f"/en/my/organisation/{membership.organisation.slug}/invite/",
        {"email": email, "role": role},
    )


def test_invitation_journey(client, django_capture_on_commit_callbacks):
    admin = MembershipFactory()
    client.force_login(admin.user)
    with django_capture_on_commit_callbacks(execute=True):
        response = invite(client, admin, email="Colleague@Example.org")
    assert response.status_code == 302
    message = mail.outbox[0]
    assert message.to == ["colleague@example.org"]
    assert admin.organisation.name in message.subject
    path = "/en/my/invitations/" + message.body.split("/en/my/invitations/")[1].split()[0]

    # Someone else signed in cannot use it.
    client.force_login(UserFactory(email="intruder@example.org"))
    assert "another address" in client.get(path).content.decode()
    client.post(path)
    assert not Membership.objects.filter(user__email="intruder@example.org").exists()

    colleague = UserFactory(email="colleague@example.org")
    client.force_login(colleague)
    assert "Accept the invitation" in client.get(path).content.decode()
    response = client.post(path)
    assert response.status_code == 302
    membership = Membership.objects.get(user=colleague)
    assert (membership.organisation, membership.role) == (admin.organisation, "editor")


def test_tampered_or_expired_invitations_are_refused(client, settings, time_machine):
    time_machine.move_to(datetime.datetime(2026, 7, 1, 12, tzinfo=datetime.UTC), tick=False)
    admin = MembershipFactory()
    colleague = UserFactory(email="colleague@example.org")
    token = services.make_invitation_token(
        organisation=admin.organisation, email=colleague.email, role="admin"
    )
    client.force_login(colleague)
    assert client.get(f"/en/my/invitations/{token}x/").status_code == 400
    assert client.post(f"/en/my/invitations/{token}x/").status_code == 404
    time_machine.shift(settings.PLEDGE_INVITATION_MAX_AGE_DAYS * 86400 + 60)
    client.force_login(colleague)  # the session may have expired as well
    response = client.get(f"/en/my/invitations/{token}/")
    assert response.status_code == 410
    assert "This invitation has expired" in response.content.decode()
    with pytest.raises(services.InvitationError, match="expired"):
        services.accept_invitation(token=token, user=colleague)
    assert not Membership.objects.filter(user=colleague).exists()


def test_inviting_an_existing_member_is_an_error(client):
    admin = MembershipFactory()
    client.force_login(admin.user)
    response = invite(client, admin, email=admin.user.email.upper())
    assert response.status_code == 200
    assert "already a member" in response.content.decode()


def wide_png(width=1200, height=400):
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), "#003399").save(buffer, "PNG")
    return SimpleUploadedFile("wide-logo.png", buffer.getvalue(), content_type="image/png")


def test_logos_are_shown_through_their_renditions_never_at_upload_size(
    client, settings, tmp_path, django_capture_on_commit_callbacks
):
    from tests.pledges.factories import PledgeFactory

    settings.MEDIA_ROOT = tmp_path
    membership = MembershipFactory()
    organisation = membership.organisation
    client.force_login(membership.user)
    data = {**ORGANISATION, "logo": wide_png(), "logo_alt": "Open Skills Lab"}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/en/my/organisation/{organisation.slug}/edit/", data)
    assert response.status_code == 302
    organisation.refresh_from_db()
    assert [r["width"] for r in organisation.logo_renditions] == [160, 320, 512]
    original = organisation.logo.url

    PledgeFactory(organisation=organisation, status="published")
    for url in [f"/en/my/organisation/{organisation.slug}/", organisation.get_absolute_url()]:
        page = client.get(url).content.decode()
        assert "srcset=" in page and "-320w.webp 320w" in page, url
        assert original not in page, url

    # A new logo replaces the renditions of the old one.
    old = organisation.logo_renditions
    data["logo"] = wide_png(600, 300)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/en/my/organisation/{organisation.slug}/edit/", data)
    organisation.refresh_from_db()
    assert [r["width"] for r in organisation.logo_renditions] == [160, 320, 512]
    assert organisation.logo_renditions != old
    assert not (tmp_path / old[0]["name"]).exists()


# --- Bounded input ----------------------------------------------------------------------------


def test_a_100000_character_description_is_a_form_error(user_client):
    response = user_client.post(
        "/en/my/organisation/new/", ORGANISATION | {"description": "x" * 100_000}
    )
    assert response.status_code == 200
    assert "Ensure this value has at most 5000 characters (it has 100000)." in (
        response.content.decode()
    )
    assert not Organisation.objects.exists()


def test_the_profile_cannot_grow_a_100000_character_description(client):
    membership = MembershipFactory(role=Membership.Role.ADMIN)
    client.force_login(membership.user)
    organisation = membership.organisation
    response = client.post(
        f"/en/my/organisation/{organisation.slug}/edit/",
        ORGANISATION | {"description": "x" * 100_000},
    )
    assert response.status_code == 200
    assert "at most 5000 characters" in response.content.decode()
    organisation.refresh_from_db()
    assert organisation.name != ORGANISATION["name"]
    assert len(organisation.description) < 5000


def test_a_5000_character_description_is_accepted(user_client):
    response = user_client.post(
        "/en/my/organisation/new/", ORGANISATION | {"description": "x" * 5000}
    )
    assert response.status_code == 302
    assert len(Organisation.objects.get().description) == 5000
