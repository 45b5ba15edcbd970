"""The portal's five end-to-end journeys, in the system Chromium against the live server.

Each journey is driven through the pages as a person would use them (links, forms, the
admin), and checks the real outcome: database rows, e-mails in the outbox, downloaded files
and the text the public sees. Data that a journey does not create itself is made with the
factories beforehand.
"""

import csv
import datetime
import re
from xml.etree import ElementTree

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from django.core import mail
from PIL import Image
from playwright.sync_api import expect

from awards.models import Entry
from blog.models import Subscriber
from national_coalitions.models import ContactRequest
from organisations.models import Membership, Organisation
from pledges.models import Pledge, ProgressReport
from tests.accounts.factories import DEFAULT_PASSWORD, SecretariatUserFactory
from tests.awards.factories import CategoryFactory, image_bytes, open_edition
from tests.national_coalitions.factories import NationalCoalitionFactory
from tests.organisations.factories import MembershipFactory
from tests.pledges.factories import PledgeFactory

from .conftest import (
    EMAIL,
    PASSWORD,
    admin_sign_in,
    assert_focus_visible,
    link_from_outbox,
    sign_in,
    sign_out,
    tab_to,
)

pytestmark = pytest.mark.django_db(transaction=True)
S = Pledge.Status
ATOM = "{http://www.w3.org/2005/Atom}"


def main_nav(page):
    return page.get_by_role("navigation", name="Main navigation")


def verified_member(**kwargs) -> Membership:
    membership = MembershipFactory(**kwargs)
    user = membership.user
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return membership


# --- 1. A visitor: coalition, contact, pledges, CSV -------------------------------------


def test_visitor_contacts_a_coalition_then_filters_opens_and_exports_pledges(
    page, assert_accessible
):
    NationalCoalitionFactory(
        country="BE",
        name="Belgian Digital Skills Coalition",
        contact_email="coalition-be@example.org",
    )
    NationalCoalitionFactory(country="PT", name="Portuguese Digital Skills Coalition")
    PledgeFactory(
        status=S.PUBLISHED,
        title="Coding clubs for Belgian schools",
        countries=["BE"],
        target_groups=["education"],
    )
    PledgeFactory(
        status=S.PUBLISHED,
        title="A teacher academy across the EU",
        is_eu_wide=True,
        countries=[],
        target_groups=["education", "women-and-girls"],
    )
    # Each of these misses one filter, or is not public.
    PledgeFactory(
        status=S.PUBLISHED,
        title="Cloud skills for Belgian SMEs",
        countries=["BE"],
        target_groups=["labour-force"],
    )
    PledgeFactory(
        status=S.PUBLISHED,
        title="Robotics for Portuguese pupils",
        countries=["PT"],
        target_groups=["education"],
    )
    PledgeFactory(
        status=S.SUBMITTED,
        title="A Belgian pledge under review",
        countries=["BE"],
        target_groups=["education"],
    )
    expected = {"Coding clubs for Belgian schools", "A teacher academy across the EU"}

    # The home page, then the map of National Coalitions from the main navigation.
    page.goto("/en/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Digital Skills and Jobs Coalition")
    assert_accessible(page)
    main_nav(page).get_by_role("link", name="National coalitions").click()
    page.wait_for_url("**/national-coalitions/")
    assert page.get_by_role("link", name=re.compile("^Belgium: ")).count() == 1

    # Belgium is clicked on the map (the drawn shape), which opens its coalition.
    page.locator('a[data-country="BE"] path').click()
    page.wait_for_url("**/national-coalitions/be/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Belgian Digital Skills Coalition")
    assert_accessible(page)

    # The visitor writes to the Secretariat about this coalition.
    page.get_by_role("link", name="Cooperate with this coalition").click()
    assert page.get_by_label("Your message is about").input_value() == "coalition:be"
    page.get_by_label("Your name").fill("Ana Visitor")
    page.get_by_label("Your e-mail address").fill("ana.visitor@example.org")
    page.get_by_label("Organisation (optional)").fill("Schools of Ghent")
    page.get_by_role("textbox", name="Message").fill("Our schools would like to join.")
    page.locator("main").get_by_label("I agree").check()
    assert_accessible(page)
    page.get_by_role("button", name="Send your message").click()
    page.wait_for_url("**/national-coalitions/contact/sent/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Thank you")

    contact = ContactRequest.objects.get()
    assert (contact.name, contact.email, contact.organisation) == (
        "Ana Visitor",
        "ana.visitor@example.org",
        "Schools of Ghent",
    )
    assert contact.coalition.country == "BE"
    assert contact.message == "Our schools would like to join."
    assert contact.consent is True
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == [settings.SECRETARIAT_EMAIL]
    assert email.cc == ["coalition-be@example.org"]
    assert "Our schools would like to join." in email.body
    assert "ana.visitor@example.org" in email.body

    # The pledges, filtered through the form: Belgium and "Digital skills in education".
    main_nav(page).get_by_role("link", name="Pledges").click()
    page.wait_for_url("**/pledges/")
    expect(page.get_by_role("heading", name="4 pledges found")).to_be_visible()
    page.get_by_label("Country").select_option("BE")
    page.get_by_label("Digital skills in education").check()
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_url(re.compile(r"country=BE.*target_group=education"))
    expect(page.get_by_role("heading", name="2 pledges found")).to_be_visible()
    results = page.locator("section[aria-labelledby=results-title]")
    shown = set(results.locator(".pledge-card h3").all_inner_texts())
    assert shown == expected
    assert_accessible(page)

    # One pledge opens, and the visitor comes back to the filtered list.
    results.get_by_role("link", name="Coding clubs for Belgian schools").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Coding clubs for Belgian schools")
    assert_accessible(page)
    page.go_back()
    expect(page.get_by_role("heading", name="2 pledges found")).to_be_visible()

    # The CSV of the filtered list holds those two pledges only.
    with page.expect_download() as download_info:
        page.get_by_role("link", name=re.compile("^CSV")).click()
    download = download_info.value
    assert download.suggested_filename == "pledges.csv"
    with open(download.path(), encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    assert {row["title"] for row in rows} == expected
    assert len(rows) == 2


# --- 2. A pledger: sign up, verify, organisation, draft, leave, come back, submit -------


def test_pledger_signs_up_drafts_a_pledge_comes_back_and_submits_it(page, assert_accessible):
    email, password = "new.pledger@example.org", "a-long-and-unusual-passphrase-42"

    # Sign up from the header.
    page.goto("/en/")
    page.get_by_role("link", name="Sign up", exact=True).click()
    page.get_by_label(EMAIL).fill(email)
    page.get_by_label(PASSWORD).fill(password)
    page.get_by_label("Password (again)").fill(password)
    page.locator("main").get_by_role("button", name="Sign up").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your e-mail")
    assert not EmailAddress.objects.get(email=email).verified

    # Verify the address with the link from the e-mail.
    page.goto(link_from_outbox(r"https?://\S+/accounts/confirm-email/\S+/", to=email))
    assert_accessible(page)
    page.get_by_role("button", name="Confirm").click()
    page.wait_for_url("**/my/pledges/")
    assert EmailAddress.objects.get(email=email).verified

    # Register the organisation.
    page.get_by_role("link", name="Register your organisation").click()
    page.get_by_label("Name").fill("Journey Skills Network")
    page.get_by_label("Type of organisation").select_option("association")
    page.get_by_label("Country").select_option("AT")
    page.get_by_label("Contact person").fill("Jo Example")
    page.get_by_label("Contact e-mail").fill("jo@journey.example.org")
    page.get_by_role("button", name="Register the organisation").click()
    expect(page.locator("main")).to_contain_text("is registered")
    organisation = Organisation.objects.get(name="Journey Skills Network")
    assert organisation.memberships.get().user.email == email

    # Draft a pledge with two targets and save it.
    page.get_by_role("link", name="Make a pledge").first.click()
    page.wait_for_url("**/pledges/new/")
    page.get_by_label("Title").fill("Digital first steps for job seekers")
    page.get_by_label("Summary").fill("Basic digital skills courses for job seekers.")
    page.locator("#id_description").fill("Ten-week evening courses in Vienna and Graz.")
    page.get_by_label("Digital skills for the labour force").check()
    page.get_by_label("Training", exact=True).check()
    page.get_by_label("Austria").check()
    page.get_by_label("Start date").fill("2026-09-01")
    page.get_by_label("End date").fill("2027-06-30")
    first, second = (
        page.get_by_role("group", name="Target 1"),
        page.get_by_role("group", name="Target 2"),
    )
    first.get_by_label("Indicator").select_option("people-trained")
    first.get_by_label("Target number").fill("300")
    second.get_by_label("Indicator").select_option("certifications")
    second.get_by_label("Target number").fill("120")
    assert_accessible(page)
    page.get_by_role("button", name="Save draft").click()
    expect(page.locator(".alert-success")).to_contain_text("Your draft is saved")
    pledge = Pledge.objects.get()
    assert pledge.status == S.DRAFT
    assert sorted(pledge.targets.values_list("indicator", "target_number")) == [
        ("certifications", 120),
        ("people-trained", 300),
    ]

    # Leave: sign out and go elsewhere.
    sign_out(page)
    main_nav(page).get_by_role("link", name="Blog").click()
    page.wait_for_url("**/blog/")

    # Come back: sign in, find the draft with both targets intact.
    sign_in(page, email, password)
    row = page.get_by_role("row", name=re.compile("Digital first steps for job seekers"))
    expect(row).to_contain_text("Draft")
    row.get_by_role("link", name="Edit Digital first steps for job seekers").click()
    assert page.get_by_label("Title").input_value() == "Digital first steps for job seekers"
    assert page.get_by_label("Summary").input_value().startswith("Basic digital skills")
    first, second = (
        page.get_by_role("group", name="Target 1"),
        page.get_by_role("group", name="Target 2"),
    )
    saved = {
        first.get_by_label("Indicator").input_value(): first.get_by_label(
            "Target number"
        ).input_value(),
        second.get_by_label("Indicator").input_value(): second.get_by_label(
            "Target number"
        ).input_value(),
    }
    assert saved == {"people-trained": "300", "certifications": "120"}
    assert page.get_by_label("Austria").is_checked()
    assert_accessible(page)

    # Submit it for review.
    page.get_by_role("button", name="Submit for review").click()
    page.wait_for_url("**/my/pledges/")
    expect(page.get_by_text("Your pledge has been submitted for review")).to_be_visible()
    expect(page.get_by_role("row", name=re.compile("Digital first steps"))).to_contain_text(
        "Submitted"
    )
    pledge.refresh_from_db()
    assert pledge.status == S.SUBMITTED
    assert pledge.submitted_at is not None
    assert pledge.targets.count() == 2
    assert pledge.status_changes.filter(to_status=S.SUBMITTED).count() == 1


# --- 3. Review: changes requested, resubmitted, published, seen, reported on ------------


def test_secretariat_reviews_publishes_and_the_pledge_and_its_progress_go_public(
    page, other_page, assert_accessible
):
    membership = verified_member(organisation__name="Byte Skills")
    pledger_email = membership.user.email
    title = "Digital mentors for SMEs"
    pledge = PledgeFactory(
        organisation=membership.organisation,
        status=S.SUBMITTED,
        title=title,
        countries=["PT"],
        start_date=datetime.date(2025, 1, 1),
        targets=[("people-trained", 4321), ("certifications", 250)],
    )
    secretariat = SecretariatUserFactory()
    message = "Please say which regions of Portugal the mentors cover."

    # The Secretariat signs in to the admin and opens the submitted pledge from the list.
    admin = page
    admin_sign_in(admin, secretariat.email)
    admin.locator('a[href="/admin/pledges/pledge/"]').first.click()
    admin.wait_for_url("**/admin/pledges/pledge/")
    admin.get_by_role("link", name=title).click()
    expect(admin.get_by_role("link", name="Request changes")).to_be_visible()

    # It sends the pledge back with a message.
    admin.get_by_role("link", name="Request changes").click()
    admin.get_by_label("What should the pledger change?").fill(message)
    admin.get_by_role("button", name="Request changes").click()
    expect(admin.get_by_text("Changes were requested for 1 pledge.")).to_be_visible()
    pledge.refresh_from_db()
    assert pledge.status == S.CHANGES_REQUESTED
    assert pledge.status_changes.get(to_status=S.CHANGES_REQUESTED).message == message
    assert pledger_email in mail.outbox[-1].to
    assert message in mail.outbox[-1].body

    # The pledger signs in and sees the message, then edits and resubmits.
    pledger = other_page()
    sign_in(pledger, pledger_email)
    row = pledger.get_by_role("row", name=re.compile(title))
    expect(row).to_contain_text("Changes requested")
    expect(row).to_contain_text(message)
    row.get_by_role("link", name=f"Edit {title}").click()
    alert = pledger.locator(".alert-warning")
    expect(alert).to_contain_text("Changes requested by the Secretariat")
    expect(alert).to_contain_text(message)
    assert_accessible(pledger)
    pledger.get_by_label("Summary").fill("Mentors for small firms in Lisbon, Porto and Faro.")
    pledger.get_by_role("button", name="Resubmit for review").click()
    pledger.wait_for_url("**/my/pledges/")
    pledge.refresh_from_db()
    assert pledge.status == S.SUBMITTED
    assert pledge.summary == "Mentors for small firms in Lisbon, Porto and Faro."

    # The Secretariat publishes it from the pledge's admin page.
    admin.reload()
    admin.get_by_role("link", name="Publish", exact=True).click()
    admin.get_by_role("button", name="Publish").click()
    expect(admin.get_by_text("1 pledge was published.")).to_be_visible()
    pledge.refresh_from_db()
    assert pledge.status == S.PUBLISHED
    assert pledge.published_at is not None

    # A visitor finds it in the viewer: the list, then the pledge's page.
    visitor = other_page()
    visitor.goto("/en/")
    main_nav(visitor).get_by_role("link", name="Pledges").click()
    visitor.get_by_role("link", name=title).click()
    expect(visitor.get_by_role("heading", level=1)).to_have_text(title)
    expect(visitor.locator("main")).to_contain_text("Lisbon, Porto and Faro")
    expect(visitor.locator("main")).to_contain_text("No progress has been reported yet.")
    public_url = visitor.url
    assert_accessible(visitor)

    # In the impact totals.
    visitor.go_back()
    visitor.get_by_role("link", name=re.compile("See what all pledges add up to")).click()
    visitor.wait_for_url("**/pledges/impact/")
    expect(visitor.locator("#indicator-people-trained")).to_contain_text("4,321")
    expect(visitor.locator("#indicator-certifications")).to_contain_text("250")

    # In the Atom feed linked from the list.
    visitor.go_back()
    feed_url = visitor.get_by_role("link", name="Atom feed of new pledges").get_attribute("href")
    response = visitor.request.get(feed_url)
    assert response.ok
    assert "atom" in response.headers["content-type"]
    feed = ElementTree.fromstring(response.body())  # noqa: S314 (our own feed)
    assert [e.findtext(f"{ATOM}title") for e in feed.iter(f"{ATOM}entry")] == [title]

    # The pledger files a progress report.
    pledger.get_by_role("link", name="My pledges").first.click()
    pledger.get_by_role("link", name=f"Report progress {title}").click()
    pledger.get_by_label("What was done").fill("Forty mentors coached 1,500 people this year.")
    pledger.get_by_label("People trained").fill("1500")
    pledger.get_by_label("Certifications or assessments offered").fill("90")
    pledger.get_by_role("button", name="Send the report").click()
    expect(pledger.get_by_role("heading", level=1)).to_contain_text(title)
    report = ProgressReport.objects.get(pledge=pledge)
    assert report.narrative == "Forty mentors coached 1,500 people this year."
    assert sorted(pledge.targets.values_list("indicator", "achieved")) == [
        ("certifications", 90),
        ("people-trained", 1500),
    ]

    # The public page shows the report and the progress.
    visitor.goto(public_url)
    reports = visitor.locator("section[aria-labelledby=reports-title]")
    expect(reports).to_contain_text("Forty mentors coached 1,500 people this year.")
    expect(reports).to_contain_text("People trained: 1,500")
    expect(visitor.get_by_text("1,500 of 4,321")).to_be_visible()
    assert_accessible(visitor)


# --- 4. The newsletter, and an award entry with an image --------------------------------


def test_visitor_subscribes_to_the_newsletter_and_another_enters_the_awards(
    page, other_page, assert_accessible, tmp_path
):
    edition = open_edition()
    CategoryFactory(edition=edition, name="Digital Skills in Education")
    CategoryFactory(edition=edition, name="Digital Skills for All")
    address = "reader@example.org"

    # A visitor reads the blog and subscribes through the link every page has in its footer.
    page.goto("/en/")
    main_nav(page).get_by_role("link", name="Blog").click()
    page.get_by_role("contentinfo").get_by_role("link", name="Subscribe to the newsletter").click()
    page.wait_for_url("**/newsletter/")
    form = page.locator("main form")
    form.get_by_role("textbox", name=re.compile("^E-mail address")).fill(address)
    form.get_by_role("checkbox").check()
    assert_accessible(page)
    form.get_by_role("button", name="Subscribe").click()
    page.wait_for_url("**/newsletter/check-your-inbox/")
    subscriber = Subscriber.objects.get(email=address)
    assert subscriber.status == Subscriber.Status.PENDING

    # ... and confirms with the link from the e-mail.
    page.goto(link_from_outbox(r"https?://\S+/newsletter/confirm/\S+/", to=address))
    page.get_by_role("button", name="Confirm my subscription").click()
    page.wait_for_url("**/newsletter/confirmed/")
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.CONFIRMED
    assert subscriber.confirmed_at is not None

    # Another visitor enters the open awards call, with a picture of the project.
    picture = tmp_path / "project.png"
    picture.write_bytes(image_bytes("PNG", size=(64, 48)))
    entrant = other_page()
    entrant.goto("/en/")
    main_nav(entrant).get_by_role("link", name="Awards").click()
    entrant.get_by_role("link", name="Enter a project").click()
    entrant.wait_for_url(f"**/awards/{edition.year}/enter/")
    entrant.get_by_label("Digital Skills in Education").check()
    entrant.get_by_label("Project name").fill("Accessible Maths")
    entrant.get_by_label("Organisation").fill("Maths for All")
    entrant.get_by_label("Country").select_option("MT")
    entrant.get_by_label("Description of the project").fill("Maths lessons for blind pupils.")
    entrant.get_by_label("Image (optional)").set_input_files(picture)
    entrant.get_by_label("Image description (alt text)").fill("Pupils reading tactile graphs.")
    entrant.get_by_label("Your name").fill("Demo Person")
    entrant.get_by_label("Your e-mail address").fill("entrant@example.org")
    entrant.get_by_label("I confirm").check()
    assert_accessible(entrant)
    entrant.get_by_role("button", name="Send the entry").click()
    entrant.wait_for_url("**/enter/done/")

    entry = Entry.objects.get()
    assert entry.project_name == "Accessible Maths"
    assert entry.edition == edition
    assert entry.category.name == "Digital Skills in Education"
    assert entry.contact_email == "entrant@example.org"
    assert entry.status == Entry.Status.SUBMITTED
    expect(entrant.locator("main")).to_contain_text(entry.reference)
    assert entry.image_alt == "Pupils reading tactile graphs."
    assert entry.image.name
    assert entry.image.storage.exists(entry.image.name)
    with entry.image.open("rb") as stored, Image.open(stored) as image:
        assert (image.format, image.size) == ("PNG", (64, 48))
    assert any("entrant@example.org" in m.to for m in mail.outbox)


# --- 5. Keyboard only --------------------------------------------------------------------


def test_navigation_filters_and_pledge_form_work_with_the_keyboard_alone(page):
    PledgeFactory(
        status=S.PUBLISHED, title="Coding clubs for girls", target_groups=["women-and-girls"]
    )
    PledgeFactory(status=S.PUBLISHED, title="Cloud skills for SMEs", target_groups=["labour-force"])
    membership = verified_member(organisation__name="Keyboard Skills")
    user = membership.user

    def focused(locator):
        return locator.evaluate("el => el === document.activeElement")

    # The first Tab stop is a visible "Skip to main content" link.
    page.goto("/en/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    assert focused(skip)
    assert assert_focus_visible(page)["text"] == "Skip to main content"
    assert skip.bounding_box()["y"] >= 0, "the skip link stays off screen when focused"

    # The main navigation leads to the pledges page.
    tab_to(page, main_nav(page).get_by_role("link", name="Pledges"))
    page.keyboard.press("Enter")
    page.wait_for_url("**/pledges/")
    expect(page.get_by_role("heading", name="2 pledges found")).to_be_visible()

    # There, the skip link works: Enter moves focus to the main content, past the navigation.
    page.keyboard.press("Tab")
    assert focused(page.get_by_role("link", name="Skip to main content"))
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main-content"
    page.keyboard.press("Tab")
    assert_focus_visible(page)
    assert page.evaluate("document.querySelector('main').contains(document.activeElement)")

    # The filters: tick a target group with Space, then apply with Enter.
    checkbox = page.get_by_label("Women and girls in digital")
    tab_to(page, checkbox)
    page.keyboard.press("Space")
    assert checkbox.is_checked()
    tab_to(page, page.get_by_role("button", name="Apply filters"))
    page.keyboard.press("Enter")
    page.wait_for_url("**target_group=women-and-girls**")
    expect(page.get_by_role("heading", name="1 pledge found")).to_be_visible()
    cards = page.locator(".pledge-card h3")
    assert cards.all_inner_texts() == ["Coding clubs for girls"]

    # Signed in as a pledger (the sign-in form, by keyboard too).
    tab_to(page, page.get_by_role("link", name="Sign in", exact=True))
    page.keyboard.press("Enter")
    page.wait_for_url("**/accounts/login/")
    tab_to(page, page.get_by_label(EMAIL))
    page.keyboard.type(user.email)
    tab_to(page, page.get_by_label(PASSWORD))
    page.keyboard.type(DEFAULT_PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url("**/my/pledges/")

    # The pledge form, filled and saved with the keyboard alone.
    tab_to(page, page.get_by_role("link", name="Make a new pledge"))
    page.keyboard.press("Enter")
    page.wait_for_url("**/pledges/new/")
    tab_to(page, page.get_by_label("Title"))
    page.keyboard.type("Keyboard-made pledge")
    tab_to(page, page.get_by_label("Summary"))
    page.keyboard.type("Typed without a mouse.")
    education = page.get_by_label("Digital skills in education")
    tab_to(page, education)
    page.keyboard.press("Space")
    assert education.is_checked()
    tab_to(page, page.get_by_label("Start date"))
    # The same day and month: the typing order does not depend on the date format.
    page.keyboard.type("09092026")
    indicator = page.get_by_role("group", name="Target 1").get_by_label("Indicator")
    tab_to(page, indicator)
    page.keyboard.press("ArrowDown")
    chosen = indicator.input_value()
    assert chosen
    tab_to(page, page.get_by_role("group", name="Target 1").get_by_label("Target number"))
    page.keyboard.type("750")
    tab_to(page, page.get_by_role("button", name="Save draft"))
    page.keyboard.press("Enter")
    expect(page.locator(".alert-success")).to_contain_text("Your draft is saved")

    pledge = Pledge.objects.get(title="Keyboard-made pledge")
    assert pledge.organisation == membership.organisation
    assert pledge.status == S.DRAFT
    assert pledge.summary == "Typed without a mouse."
    assert list(pledge.target_groups.values_list("code", flat=True)) == ["education"]
    assert pledge.start_date == datetime.date(2026, 9, 9)
    assert list(pledge.targets.values_list("indicator", "target_number")) == [(chosen, 750)]


@pytest.mark.parametrize(
    ("style", "visible"),
    [
        ("outline:none;box-shadow:none", False),
        # Bootstrap's default ring: light blue at 25% opacity.
        ("outline:none;box-shadow:0 0 0 4px rgba(13,110,253,.25)", False),
        ("outline:1px solid #000;box-shadow:none", False),
        ("outline:3px solid #fc0;box-shadow:none", True),
        ("outline:none;box-shadow:0 0 0 3px #000", True),
    ],
)
def test_the_focus_check_tells_visible_from_invisible_focus(page, style, visible):
    """The keyboard journey's focus check can fail (a test that cannot fail proves nothing)."""
    page.set_content(
        f'<html lang="en"><head><title>t</title><style>a:focus {{ {style} }}</style></head>'
        '<body><a href="#x">x</a></body></html>'
    )
    page.keyboard.press("Tab")
    if visible:
        assert_focus_visible(page)
    else:
        with pytest.raises(AssertionError, match="no visible focus indicator"):
            assert_focus_visible(page)
