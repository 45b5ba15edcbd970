"""In a browser: a pledger who signs up in German hears from the Secretariat in German, though
the Secretariat reviews in the (English) admin."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from playwright.sync_api import expect

from pledges.models import Pledge
from tests.accounts.factories import SecretariatUserFactory
from tests.organisations.factories import MembershipFactory
from tests.pledges.factories import PledgeFactory

from .conftest import admin_sign_in, link_from_outbox

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_pledger_who_signed_up_in_german_receives_the_review_in_german(page, other_page):
    email, password = "greta@example.org", "a-long-and-unusual-passphrase-42"

    # Sign-up and verification, on the German pages.
    page.goto("/de/accounts/signup/")
    page.locator("#id_email").fill(email)
    page.locator("#id_password1").fill(password)
    page.locator("#id_password2").fill(password)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/de/accounts/confirm-email/")
    with translation.override("de"):
        expect(page.get_by_role("heading", level=1)).to_have_text(gettext("Check your e-mail"))
    confirm = link_from_outbox(r"https?://\S+/accounts/confirm-email/\S+/", to=email)
    assert "/de/accounts/confirm-email/" in confirm
    page.goto(confirm)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/de/my/pledges/")
    user = get_user_model().objects.get(email=email)
    assert user.language == "de"

    membership = MembershipFactory(user=user, organisation__contact_email="")
    pledge = PledgeFactory(
        organisation=membership.organisation, status=Pledge.Status.SUBMITTED, title="Code"
    )

    # The Secretariat publishes it from the admin, in English.
    admin = other_page()
    admin_sign_in(admin, SecretariatUserFactory().email)
    admin.goto(reverse("admin:pledges_pledge_review", args=[pledge.pk, "publish"]))
    admin.get_by_role("button", name="Publish").click()
    expect(admin.get_by_text(re.compile("1 pledge"))).to_be_visible()

    [message] = [m for m in mail.outbox if email in m.to and "Code" in m.subject]
    with translation.override("de"):
        expected = gettext("Your pledge “%(title)s” is now: %(status)s") % {
            "title": "Code",
            "status": Pledge.Status.PUBLISHED.label,
        }
    assert message.subject == expected
    assert "Veröffentlicht" in message.subject
    assert "/de/my/pledges/" in message.body
