"""Who may open every private page, export and admin screen: one table, every role.

The roles:

- `anonymous`: nobody signed in;
- `other-organisation`: the administrator of ANOTHER pledging organisation;
- `editor` and `owner`: an editor and the administrator of the organisation whose data it is;
- `secretariat`: a Secretariat staff member (the least-privilege group, not a superuser), who
  belongs to no pledging organisation: the admin is theirs, the pledger area of an organisation
  they do not belong to is not.

Private pledger pages answer a non-member with a 404 (never a 403 that would confirm the pledge
or organisation exists), and the body never contains the owner's data. Adding a private page is
one line in PLEDGER_PAGES or ACCOUNT_PAGES; a URL pattern of the `pledger` namespace or under
/accounts/ that is in neither table fails `test_every_private_url_is_in_the_matrix`.
"""

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import quote

import pytest
from allauth.account.models import EmailAddress
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.auth.models import Group
from django.core import mail
from django.forms.models import model_to_dict
from django.test import Client, RequestFactory
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, get_date_max

from awards.models import Entry
from blog.models import Post
from core.i18n import unprefixed_path
from core.models import OutgoingEmail
from core.secretariat import SECRETARIAT_GROUP
from national_coalitions.models import ContactRequest
from organisations import services as organisation_services
from organisations.models import Invitation, Membership, Organisation
from pledges.models import (
    Pledge,
    PledgeMessage,
    PledgeStatusChange,
    PledgeTranslation,
    ProgressReport,
    ReminderLog,
    Target,
)
from tests.accounts.factories import SecretariatUserFactory, UserFactory
from tests.awards.factories import EntryFactory
from tests.blog.factories import MailingFactory, PostFactory, SubscriberFactory
from tests.national_coalitions.factories import (
    CoalitionAreaFactory,
    CoalitionMemberFactory,
    ContactRequestFactory,
    NationalCoalitionFactory,
    OtherInitiativeFactory,
    ResourceFactory,
)
from tests.organisations.factories import (
    InvitationFactory,
    MembershipFactory,
    OrganisationFactory,
)
from tests.pledges.factories import PledgeFactory, ProgressReportFactory
from tests.pledges.test_pledger_views import edit_data, report_data

pytestmark = pytest.mark.django_db
S = Pledge.Status

ANON = "anonymous"
OTHER = "other-organisation"
EDITOR = "editor"
OWNER = "owner"
SECRETARIAT = "secretariat"
ROLES = (ANON, OTHER, EDITOR, OWNER, SECRETARIAT)
SIGNED_IN = (OTHER, EDITOR, OWNER, SECRETARIAT)

LOGIN = "login"  # a redirect to the sign-in page, with ?next= back to the page asked for


@dataclass(frozen=True)
class Redirect:
    """A redirect to exactly this path (the query string aside)."""

    path: str


# --- The world every row is checked against ------------------------------------------------


@dataclass
class World:
    users: dict
    organisation: Organisation
    draft: Pledge
    published: Pledge
    invitation_token: str
    # Strings that belong to the owning organisation (or, for accounts, the owner's account).
    secrets: dict = field(default_factory=dict)


@pytest.fixture
def world():
    organisation = OrganisationFactory(
        name="Alpha Owners Cooperative",
        slug="alpha-owners-cooperative",
        contact_name="Pat Private-Contact",
        contact_email="private-contact@alpha-owners.example.org",
    )
    owner = MembershipFactory(
        organisation=organisation, user=UserFactory(email="owner@alpha-owners.example.org")
    ).user
    editor = MembershipFactory(organisation=organisation, role=Membership.Role.EDITOR).user
    other = MembershipFactory(organisation=OrganisationFactory(name="Beta Rivals Ltd")).user
    draft = PledgeFactory(
        organisation=organisation,
        title="Unpublished quokka literacy pledge",
        reviewer_notes="Reviewer-only remark about quokkas",
    )
    published = PledgeFactory(
        organisation=organisation,
        status=S.PUBLISHED,
        title="Published wombat coding pledge",
        reviewer_notes="Reviewer-only remark about wombats",
    )
    token = organisation_services.make_invitation_token(
        organisation=organisation, email="newcomer@example.org", role=Membership.Role.ADMIN
    )
    # A stored invitation sent an hour ago (so it may be resent), for resend/revoke.
    InvitationFactory(
        organisation=organisation,
        email="pending@example.org",
        invited_by=owner,
        created_at=timezone.now() - datetime.timedelta(hours=1),
    )
    return World(
        users={
            OTHER: other,
            EDITOR: editor,
            OWNER: owner,
            SECRETARIAT: SecretariatUserFactory(),
        },
        organisation=organisation,
        draft=draft,
        published=published,
        invitation_token=token,
        secrets={
            "organisation": organisation.name,
            "contact": organisation.contact_email,
            "contact_name": organisation.contact_name,
            "draft": draft.title,
            "published": published.title,
            "reviewer_notes": "Reviewer-only remark",
            "owner_email": owner.email,
        },
    )


def client_for(world, role) -> Client:
    client = Client()
    if role != ANON:
        client.force_login(world.users[role])
    return client


def assert_answer(response, expected, path):
    if expected == LOGIN:
        assert response.status_code == 302, (path, response.status_code)
        assert response["Location"] == f"{reverse('account_login')}?next={quote(path)}"
    elif isinstance(expected, Redirect):
        assert response.status_code == 302, (path, response.status_code)
        assert response["Location"].split("?")[0] == expected.path
    else:
        assert response.status_code == expected, (path, response.status_code, expected)


# --- The matrix ----------------------------------------------------------------------------

ORGANISATION_SECRETS = ("organisation", "contact", "contact_name", "draft", "published")


@dataclass(frozen=True)
class Page:
    name: str
    expect: dict  # role -> status code, LOGIN or Redirect(...)
    kwargs: Callable = lambda w: {}
    # Who the data belongs to: they see `shows`; everyone else never sees `hidden`.
    insiders: tuple = (EDITOR, OWNER)
    shows: tuple = ()
    hidden: tuple = ORGANISATION_SECRETS
    never: tuple = ("reviewer_notes",)  # in nobody's body, whoever asks
    # POST: every role that may not use the page gets the same answer and changes nothing;
    # the owner's POST of the same data does change something (so the data is valid).
    post_data: Callable | None = None
    post_expect: dict | None = None

    def __str__(self):
        return self.name


def org_private(*, editor=200):
    """A page about one organisation's data: members only, outsiders get a 404."""
    return {ANON: LOGIN, OTHER: 404, EDITOR: editor, OWNER: 200, SECRETARIAT: 404}


def invitation_kwargs(w):
    invitation = Invitation.objects.get(organisation=w.organisation, email="pending@example.org")
    return {"slug": w.organisation.slug, "pk": invitation.pk}


def editor_membership_kwargs(w):
    membership = Membership.objects.get(organisation=w.organisation, user=w.users[EDITOR])
    return {"slug": w.organisation.slug, "pk": membership.pk}


def signed_in(anonymous, user):
    return {ANON: anonymous, **dict.fromkeys(SIGNED_IN, user)}


def draft_pk(w):
    return {"pk": w.draft.pk}


def organisation_slug(w):
    return {"slug": w.organisation.slug}


def organisation_data(w):
    return {
        "name": "Taken Over Ltd",
        "type": Organisation.Type.SME,
        "country": "FR",
        "website": "https://taken-over.example.org",
        "description": "Changed by someone else.",
        "logo_alt": "",
        "contact_name": "Intruder",
        "contact_email": "intruder@example.org",
    }


MY_PLEDGES = reverse("pledger:my-pledges")
NEW_ORGANISATION = reverse("organisations:organisation-create")

PLEDGER_PAGES = [
    Page("pledger:my-pledges", signed_in(LOGIN, 200), shows=("draft", "published")),
    Page(
        "pledger:pledge-create",
        # Someone without an organisation is first asked to register one.
        {**signed_in(LOGIN, 200), SECRETARIAT: Redirect(NEW_ORGANISATION)},
        shows=("organisation",),
    ),
    Page("pledger:pledge-detail", org_private(), draft_pk, shows=("draft",)),
    Page(
        "pledger:pledge-edit",
        org_private(),
        draft_pk,
        shows=("draft",),
        post_data=lambda w: edit_data(w.draft, title="Taken over by someone else"),
    ),
    Page(
        "pledger:pledge-withdraw",
        org_private(),
        draft_pk,
        shows=("draft",),
        post_data=lambda w: {"reason": "Withdrawn by someone else"},
    ),
    Page(
        "pledger:pledge-translations",
        org_private(),
        draft_pk,
        shows=("draft",),
        post_data=lambda w: {
            "translations-TOTAL_FORMS": "1",
            "translations-INITIAL_FORMS": "0",
            "translations-0-language": "fr",
            "translations-0-title": "Repris par quelqu'un d'autre",
            "translations-0-summary": "",
        },
    ),
    Page(
        "pledger:pledge-resubmit",
        org_private(),
        draft_pk,
        shows=("draft",),
        post_data=lambda w: {},
    ),
    Page(
        "pledger:pledge-message",
        org_private(),
        lambda w: {"pk": w.published.pk},
        shows=("published",),
        post_data=lambda w: {"body": "Written by someone else"},
    ),
    Page(
        "pledger:progress-report-create",
        org_private(),
        lambda w: {"pk": w.published.pk},
        shows=("published",),
        post_data=lambda w: report_data(w.published, report_date=timezone.localdate()),
    ),
    Page("organisations:organisation-create", signed_in(LOGIN, 200)),
    Page(
        "organisations:organisation-detail",
        org_private(),
        organisation_slug,
        shows=("organisation", "contact"),
    ),
    Page(
        "organisations:organisation-edit",
        org_private(editor=403),
        organisation_slug,
        shows=("organisation", "contact"),
        post_data=organisation_data,
    ),
    Page(
        "organisations:invitation-create",
        org_private(editor=403),
        organisation_slug,
        shows=("organisation",),
        post_data=lambda w: {"email": "intruder@example.org", "role": Membership.Role.ADMIN},
    ),
    Page(
        "organisations:invitation-resend",
        org_private(editor=403),
        invitation_kwargs,
        post_data=lambda w: {},
    ),
    Page(
        "organisations:invitation-revoke",
        org_private(editor=403),
        invitation_kwargs,
        post_data=lambda w: {},
    ),
    Page(
        "organisations:member-role",
        org_private(editor=403),
        editor_membership_kwargs,
        post_data=lambda w: {"role": Membership.Role.ADMIN},
    ),
    Page(
        "organisations:member-remove",
        org_private(editor=403),
        editor_membership_kwargs,
        shows=("organisation",),
        post_data=lambda w: {},
    ),
    # The owner is the only administrator: they are told why they cannot leave (same page).
    Page(
        "organisations:organisation-leave",
        org_private(),
        organisation_slug,
        shows=("organisation",),
        post_data=lambda w: {},
        post_expect={ANON: LOGIN, OTHER: 404, SECRETARIAT: 404, OWNER: "same-page"},
    ),
    # By design the signed link is the credential: anyone signed in may open it, but someone
    # with another address is only told which address it was sent to (never the organisation),
    # and only the invited address can join (nobody here has it).
    Page(
        "organisations:invitation-accept",
        signed_in(LOGIN, 200),
        lambda w: {"token": w.invitation_token},
        shows=("organisation",),
        never=("reviewer_notes", "contact", "contact_name", "draft"),
        post_data=lambda w: {},
        post_expect={ANON: LOGIN, **dict.fromkeys(SIGNED_IN, "same-page")},
    ),
]


def account(name, expect, kwargs=lambda w: {}, shows=()):
    """A page of /accounts/: the account is the owner's; nobody else ever sees its address."""
    return Page(name, expect, kwargs, insiders=(OWNER,), shows=shows, hidden=("owner_email",))


ACCOUNT_PAGES = [
    account("account_login", {ANON: 200, **dict.fromkeys(SIGNED_IN, Redirect(MY_PLEDGES))}),
    account("account_logout", {ANON: Redirect("/en/"), **dict.fromkeys(SIGNED_IN, 200)}),
    account("account_inactive", signed_in(200, 200)),
    account("account_signup", {ANON: 200, **dict.fromkeys(SIGNED_IN, Redirect(MY_PLEDGES))}),
    account("account_reauthenticate", signed_in(LOGIN, 200)),
    account("account_email", signed_in(LOGIN, 200), shows=("owner_email",)),
    account("account_email_verification_sent", signed_in(200, 200)),
    account("account_change_password", signed_in(LOGIN, 200)),
    # Everyone here has a password: "set" sends them to "change".
    account(
        "account_set_password",
        signed_in(LOGIN, Redirect(reverse("account_change_password"))),
    ),
    account("account_reset_password", signed_in(200, 200)),
    account("account_reset_password_done", signed_in(200, 200)),
    account(
        "account_confirm_login_code",
        {
            ANON: Redirect(reverse("account_login")),
            **dict.fromkeys(SIGNED_IN, Redirect(MY_PLEDGES)),
        },
    ),
    account("account_confirm_email", signed_in(200, 200), lambda w: {"key": "not-a-real-key"}),
    account(
        "account_reset_password_from_key",
        signed_in(200, 200),
        lambda w: {"uidb36": "1", "key": "not-a-real-key"},
    ),
    account("account_reset_password_from_key_done", signed_in(200, 200)),
    # What one follows and how often one hears about it: one's own only. The buttons' targets
    # take POST only; the unsubscribe link's signed token is its credential.
    account("follows:settings", signed_in(LOGIN, 200)),
    account("follows:stop-all", signed_in(LOGIN, 405)),
    account("follows:unfollow-all", signed_in(LOGIN, 405)),
    account("follows:follow", signed_in(LOGIN, 405)),
    account("follows:unfollow", signed_in(LOGIN, 405), lambda w: {"pk": 1}),
    account("follows:unsubscribe", signed_in(400, 400), lambda w: {"token": "not-a-real-token"}),
    account("follows:unsubscribe-done", signed_in(200, 200)),
]

ALL_PAGES = PLEDGER_PAGES + ACCOUNT_PAGES


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("page", ALL_PAGES, ids=str)
def test_access(world, page, role):
    path = reverse(page.name, kwargs=page.kwargs(world))
    response = client_for(world, role).get(path)

    assert_answer(response, page.expect[role], path)
    body = response.content.decode()
    if role in page.insiders and response.status_code == 200:
        for key in page.shows:
            assert world.secrets[key] in body, (key, path)
    if role not in page.insiders:
        for key in page.hidden:
            assert world.secrets[key] not in body, (key, path, role)
    for key in page.never:
        assert world.secrets[key] not in body, (key, path, role)


def snapshot():
    """Everything an unauthorised POST could change."""
    return (
        list(Pledge.objects.order_by("pk").values_list("pk", "status", "title", "updated_at")),
        list(Target.objects.order_by("pk").values_list("pk", "target_number", "achieved")),
        list(Organisation.objects.order_by("pk").values()),
        list(Invitation.objects.order_by("pk").values()),
        sorted(Membership.objects.values_list("organisation_id", "user_id", "role")),
        PledgeStatusChange.objects.count(),
        PledgeMessage.objects.count(),
        ProgressReport.objects.count(),
        list(
            PledgeTranslation.objects.order_by("pk").values_list("pledge_id", "language", "title")
        ),
        len(mail.outbox),
    )


POST_PAGES = [page for page in PLEDGER_PAGES if page.post_data]


@pytest.mark.parametrize("page", POST_PAGES, ids=str)
def test_posts_of_people_who_may_not_use_the_page_change_nothing(
    world, page, django_capture_on_commit_callbacks
):
    path = reverse(page.name, kwargs=page.kwargs(world))
    expect = page.post_expect or {r: e for r, e in page.expect.items() if e != 200}
    assert expect, "every page with a form has someone who may not use it"
    before = snapshot()
    for role, expected in expect.items():
        with django_capture_on_commit_callbacks(execute=True):
            response = client_for(world, role).post(path, page.post_data(world))
        assert_answer(response, Redirect(path) if expected == "same-page" else expected, path)
        assert snapshot() == before, (path, role)

    if OWNER not in expect:
        # The same data from the owner does change something: the refusals above are real.
        with django_capture_on_commit_callbacks(execute=True):
            response = client_for(world, OWNER).post(path, page.post_data(world))
        assert response.status_code == 302, (path, response.status_code)
        assert snapshot() != before, path


def comparable(response, path):
    # The page's own address, in every language's link to it (switcher, hreflang).
    body = response.content.decode().replace(unprefixed_path(path), "PATH")
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "CSRF", body)


def test_a_missing_object_and_someone_elses_are_the_same_404(world):
    """A non-member cannot tell another organisation's pledge from a pledge that does not exist."""
    client = client_for(world, OTHER)
    missing = Pledge.objects.order_by("pk").last().pk + 1000
    for name in ["pledger:pledge-detail", "pledger:pledge-edit", "pledger:pledge-withdraw"]:
        theirs_path = reverse(name, kwargs={"pk": world.draft.pk})
        missing_path = reverse(name, kwargs={"pk": missing})
        theirs, nothing = client.get(theirs_path), client.get(missing_path)
        assert theirs.status_code == nothing.status_code == 404
        # The same page, but for the address itself (language switcher) and the CSRF token.
        assert comparable(theirs, theirs_path) == comparable(nothing, missing_path)


def test_an_invalid_invitation_link_is_refused(world):
    client = client_for(world, OTHER)
    response = client.get(reverse("organisations:invitation-accept", args=["forged-token"]))
    assert response.status_code == 400
    assert world.secrets["organisation"] not in response.content.decode()
    assert (
        client.post(reverse("organisations:invitation-accept", args=["forged-token"])).status_code
        == 404
    )


def test_the_public_page_cache_never_hands_a_signed_in_page_to_someone_else(world, settings):
    """Pages are cached for visitors without cookies only: what a member saw signed in (their
    account menu, their organisation's private pages) is never what the next visitor gets."""
    settings.PUBLIC_PAGE_CACHE = True
    member = client_for(world, OWNER)
    private = [
        reverse(page.name, kwargs=page.kwargs(world))
        for page in PLEDGER_PAGES
        if page.expect[OWNER] == 200
    ]
    public = [
        reverse("portal:home"),
        reverse("pledges:pledge-list"),
        world.published.get_absolute_url(),
        world.organisation.get_absolute_url(),
    ]
    for path in private + public:
        response = member.get(path)
        assert response.status_code == 200, path
        assert "Sign out" in response.content.decode(), path

    for path in private:
        response = Client().get(path)
        assert_answer(response, LOGIN, path)
    for path in public:
        for _visit in range(2):  # the second visit is served from the cache
            body = Client().get(path).content.decode()
            assert "Sign out" not in body, path
            assert world.secrets["draft"] not in body, path
            assert world.secrets["contact"] not in body, path


# --- No private URL is forgotten -----------------------------------------------------------


def walk(patterns, prefix="", namespace=None):
    """(namespace, name, route) of every URL pattern, includes followed."""
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            yield namespace, pattern.name, prefix + str(pattern.pattern)


def test_every_private_url_is_in_the_matrix():
    in_matrix = {page.name for page in ALL_PAGES}
    private = set()
    for namespace, name, route in walk(get_resolver().url_patterns):
        if namespace in ("pledger", "organisations", "follows"):
            private.add(f"{namespace}:{name}")
        elif namespace is None and route.startswith("en/accounts/"):
            private.add(name)
    assert None not in private, "every pledger and account URL needs a name"
    missing = private - in_matrix
    assert not missing, f"Add these URLs to the access matrix: {sorted(missing)}"
    assert not in_matrix - private, "the matrix lists URLs that no longer exist"


# --- The admin -----------------------------------------------------------------------------

STAFF_WITHOUT_GROUP = "staff-without-group"
ADMIN_LOGIN = reverse("admin:login")
SAMPLE_VALUES = {
    "object_id": "1",
    "pk": "1",
    "id": "1",
    "key": "publish",
    "content_type_id": "1",
    "app_label": "pledges",
    "url": "no-such-page/",
}


def sample_path(route: str) -> str:
    """A concrete path for a route: converters and regex groups filled with sample values."""
    path = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda m: SAMPLE_VALUES[m[1]], route)
    path = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: SAMPLE_VALUES[m[1]], path)
    path = re.sub(r"\([^)]*\)", "1", path)
    return "/" + path.replace("^", "").replace("$", "")


ADMIN_ROUTES = [
    (name, route)
    for namespace, name, route in walk(get_resolver().url_patterns)
    if namespace == "admin"
]
# The admin's own sign-in and sign-out pages are the only ones anybody may open.
ADMIN_OPEN = {"login", "logout"}


@pytest.mark.parametrize(
    ("name", "route"),
    [(n, r) for n, r in ADMIN_ROUTES if n not in ADMIN_OPEN],
    ids=[f"{n or 'unnamed'}:{r}" for n, r in ADMIN_ROUTES if n not in ADMIN_OPEN],
)
def test_the_admin_is_closed_to_anonymous_and_non_staff_users(world, name, route):
    path = sample_path(route)
    if name:
        assert resolve(path).url_name == name, path
    for role in (ANON, OTHER, OWNER):
        client = client_for(world, role)
        for method in (client.get, client.post):
            response = method(path)
            assert response.status_code == 302, (role, path, response.status_code)
            assert response["Location"] == f"{ADMIN_LOGIN}?next={quote(path)}", (role, path)


def test_non_staff_users_cannot_sign_in_to_the_admin(world):
    client = Client()
    user = world.users[OWNER]
    response = client.post(
        ADMIN_LOGIN, {"username": user.email, "password": "correct-horse-battery-staple"}
    )
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/").status_code == 302


# What the Secretariat group may do with each model in the admin: v(iew), a(dd), c(hange),
# d(elete); the ModelAdmin's own rules included (nobody adds contact requests, for example).
SECRETARIAT_CAN = {
    "auth.group": "",
    # The outgoing mail: read-only, plus "send again" (its own permission, see below).
    "core.outgoingemail": "v",
    # The raw task queue is for administrators; the Secretariat follows the mails.
    "django_tasks_database.dbtaskresult": "",
    "accounts.user": "v",
    "account.emailaddress": "",
    "axes.accessattempt": "",
    "axes.accesslog": "",
    "axes.accessfailurelog": "",
    "pledges.pledge": "vc",
    "organisations.organisation": "vc",
    # Invitations: read-only (sent, resent and revoked by the organisation's administrators).
    "organisations.invitation": "v",
    "pledges.targetgroup": "v",
    "pledges.actiontype": "v",
    "pledges.progressreport": "v",
    "pledges.reminderlog": "v",
    "awards.awardedition": "vac",
    "awards.entry": "vacd",
    "blog.tag": "vacd",
    "blog.author": "vacd",
    "blog.post": "vacd",
    "blog.subscriber": "vd",
    # Newsletter mailings: composed, tested and sent (its own permission) by the Secretariat.
    "blog.mailing": "vacd",
    "national_coalitions.nationalcoalition": "vac",
    "national_coalitions.coalitionmember": "vacd",
    "national_coalitions.coalitionarea": "vacd",
    "national_coalitions.areaofaction": "vac",
    "national_coalitions.otherinitiative": "vacd",
    "national_coalitions.resource": "vacd",
    "national_coalitions.contactrequest": "vcd",
}
# The page kinds of every registered model, and the permission each needs.
MODEL_PAGES = {
    "changelist": "vc",
    "add": "a",
    "change": "vc",
    "history": "vc",
    "delete": "d",
    "simple_history": "vc",
}


@pytest.fixture
def staff_users(world):
    bare = UserFactory(email="bare-staff@example.eu", is_staff=True)
    return {SECRETARIAT: world.users[SECRETARIAT], STAFF_WITHOUT_GROUP: bare}


def sample_objects(world) -> dict:
    """One saved instance of every model registered in the admin."""
    pledge = world.published
    report = ProgressReportFactory(pledge=pledge)
    entry = EntryFactory()
    post = PostFactory()
    coalition = NationalCoalitionFactory(country="PT")
    objects = {
        "auth.group": Group.objects.get(name=SECRETARIAT_GROUP),
        "core.outgoingemail": OutgoingEmail.objects.create(
            template="pledges/email/status_changed", subject="A mail", to=["a@example.org"]
        ),
        "django_tasks_database.dbtaskresult": DBTaskResult.objects.create(
            task_path="core.tasks.send_outgoing_email",
            args_kwargs={"args": [0], "kwargs": {}},
            run_after=get_date_max(),
            backend_name="default",
        ),
        "accounts.user": world.users[OWNER],
        "account.emailaddress": EmailAddress.objects.create(
            user=world.users[OWNER], email=world.users[OWNER].email, verified=True, primary=True
        ),
        **{
            f"axes.{model._meta.model_name}": model.objects.create(
                user_agent="test", ip_address="192.0.2.1", username="someone@example.org", **extra
            )
            for model, extra in [
                (AccessAttempt, {"failures_since_start": 1}),
                (AccessLog, {}),
                (AccessFailureLog, {}),
            ]
        },
        "pledges.pledge": pledge,
        "organisations.organisation": world.organisation,
        "pledges.targetgroup": pledge.target_groups.first(),
        "pledges.actiontype": pledge.action_types.first(),
        "pledges.progressreport": report,
        "pledges.reminderlog": ReminderLog.objects.create(
            organisation=world.organisation, period="2026-1"
        ),
        "awards.awardedition": entry.edition,
        "awards.entry": entry,
        "blog.tag": post.tags.create(name="Security", slug="security"),
        "blog.author": post.author,
        "blog.post": post,
        "blog.subscriber": SubscriberFactory(),
        "blog.mailing": MailingFactory(),
        "national_coalitions.nationalcoalition": coalition,
        "national_coalitions.coalitionmember": CoalitionMemberFactory(coalition=coalition),
        "national_coalitions.coalitionarea": CoalitionAreaFactory(coalition=coalition),
        "national_coalitions.otherinitiative": OtherInitiativeFactory(),
        "national_coalitions.resource": ResourceFactory(),
        "national_coalitions.contactrequest": ContactRequestFactory(coalition=coalition),
    }
    objects["national_coalitions.areaofaction"] = objects["national_coalitions.coalitionarea"].area
    return objects


def registered_labels():
    return sorted(model._meta.label_lower for model in admin.site._registry)


def test_every_admin_model_has_a_secretariat_decision():
    assert registered_labels() == sorted(SECRETARIAT_CAN)


def model_page_paths(label, obj) -> dict[str, str]:
    app, model = label.split(".")
    paths = {}
    for kind in MODEL_PAGES:
        name = f"admin:{app}_{model}_{kind}"
        if kind in ("changelist", "add"):
            paths[kind] = reverse(name)
        elif kind == "simple_history":
            history = getattr(obj, "history", None)
            if history is not None and hasattr(history, "first"):
                paths[kind] = reverse(name, args=[obj.pk, history.first().history_id])
        elif obj is None:
            paths[kind] = reverse(name, args=[999_999])
        else:
            paths[kind] = reverse(name, args=[obj.pk])
    return paths


@pytest.mark.parametrize("label", sorted(SECRETARIAT_CAN))
def test_admin_model_pages_follow_the_secretariat_permissions(world, staff_users, label):
    obj = sample_objects(world).get(label)
    if obj is None:
        model = next(m for m in admin.site._registry if m._meta.label_lower == label)
        obj = model.objects.first()
    can = SECRETARIAT_CAN[label]
    for kind, path in model_page_paths(label, obj).items():
        allowed = any(letter in can for letter in MODEL_PAGES[kind])
        response = client_for_user(staff_users[SECRETARIAT]).get(path)
        assert response.status_code == (200 if allowed else 403), (label, kind, path)
        # A staff member outside the Secretariat group has no permission at all.
        response = client_for_user(staff_users[STAFF_WITHOUT_GROUP]).get(path)
        assert response.status_code == 403, (label, kind, path, "staff without group")


def client_for_user(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def submitted_pledge(world):
    return PledgeFactory(organisation=world.organisation, status=S.SUBMITTED)


@pytest.fixture
def draft_post():
    return PostFactory(draft=True, title="Draft post about hidden kangaroos")


# The admin's own pages and the project's custom admin views: (name, args builder, expected
# answer for the Secretariat, for a staff member without the group).
ADMIN_PAGES = {
    "index": (lambda w, p, d: [], 200, 200),
    "password_change": (lambda w, p, d: [], 200, 200),
    "password_change_done": (lambda w, p, d: [], 200, 200),
    "jsi18n": (lambda w, p, d: [], 200, 200),
    "autocomplete": (lambda w, p, d: [], 403, 403),
    "app_list": (lambda w, p, d: ["pledges"], 200, 404),
    "pledges_pledge_review": (lambda w, p, d: [p.pk, "publish"], 200, 403),
    # The form is on the change page: a GET goes back there.
    "pledges_pledge_message": (lambda w, p, d: [p.pk], 302, 403),
    "blog_post_preview": (lambda w, p, d: [d.pk], 200, 403),
    "blog_mailing_preview": (lambda w, p, d: [MailingFactory().pk], 200, 403),
    "blog_mailing_send": (lambda w, p, d: [MailingFactory().pk], 200, 403),
    "auth_user_password_change": (lambda w, p, d: [w.users[OWNER].pk], 403, 403),
}


@pytest.mark.parametrize("name", sorted(ADMIN_PAGES))
def test_admin_own_and_custom_pages(world, staff_users, submitted_pledge, draft_post, name):
    args_for, secretariat, bare = ADMIN_PAGES[name]
    path = reverse(f"admin:{name}", args=args_for(world, submitted_pledge, draft_post))
    assert client_for_user(staff_users[SECRETARIAT]).get(path).status_code == secretariat
    assert client_for_user(staff_users[STAFF_WITHOUT_GROUP]).get(path).status_code == bare


def test_the_draft_preview_shows_the_draft_to_the_secretariat_only(world, staff_users, draft_post):
    path = reverse("admin:blog_post_preview", args=[draft_post.pk])
    assert draft_post.title in client_for_user(staff_users[SECRETARIAT]).get(path).content.decode()
    for role in (ANON, OTHER):
        response = client_for(world, role).get(path)
        assert response.status_code == 302
        assert draft_post.title not in response.content.decode()


def test_every_admin_url_is_in_the_admin_matrix():
    model_kinds = "|".join(MODEL_PAGES)
    labels = {label.replace(".", "_") for label in SECRETARIAT_CAN}
    for name, route in ADMIN_ROUTES:
        if name is None:
            # Django's redirect of <id>/ to <id>/change/, and the final catch-all.
            assert route.endswith(("<path:object_id>/", "(?P<url>.*)$")), route
            continue
        if name in ADMIN_PAGES or name in ADMIN_OPEN or name == "view_on_site":
            continue
        match = re.fullmatch(rf"(\w+?)_({model_kinds})", name)
        assert match and match[1] in labels, f"Add {name} ({route}) to the admin access matrix"


# --- Admin actions and exports -------------------------------------------------------------

# The actions the Secretariat is offered on each model's list (others: none).
SECRETARIAT_ACTIONS = {
    "core.outgoingemail": {"send_again"},
    "pledges.pledge": {
        "publish_selected",
        "request_changes_selected",
        "reject_selected",
        "complete_selected",
        "export_csv",
    },
    "pledges.progressreport": {"mark_reviewed"},
    "awards.entry": {
        "delete_selected",
        "mark_eligible",
        "mark_not_eligible",
        "mark_finalist",
        "mark_winner",
        "mark_not_selected",
        "export_csv",
    },
    "blog.tag": {"delete_selected"},
    "blog.author": {"delete_selected"},
    "blog.post": {"delete_selected", "publish_selected", "unpublish_selected"},
    "blog.subscriber": {"delete_selected", "export_confirmed_csv"},
    "national_coalitions.nationalcoalition": {"export_csv"},
    "national_coalitions.coalitionmember": {"delete_selected"},
    "national_coalitions.coalitionarea": {"delete_selected"},
    "national_coalitions.otherinitiative": {"delete_selected"},
    "national_coalitions.resource": {"delete_selected"},
    "national_coalitions.contactrequest": {"delete_selected", "mark_handled", "export_csv"},
}


def actions_offered(user, model_admin) -> set[str]:
    """The actions of a model's list, for someone who can open that list (else none)."""
    request = RequestFactory().get("/admin/")
    request.user = user
    if not model_admin.has_view_or_change_permission(request):
        return set()
    return set(model_admin.get_actions(request))


def test_admin_actions_offered_to_the_secretariat_and_to_nobody_else(staff_users):
    for model, model_admin in admin.site._registry.items():
        label = model._meta.label_lower
        offered = actions_offered(staff_users[SECRETARIAT], model_admin)
        assert offered == SECRETARIAT_ACTIONS.get(label, set()), label
        assert actions_offered(staff_users[STAFF_WITHOUT_GROUP], model_admin) == set(), label


def export_rows(world):
    """(model label, action, the selected object, a private string only the export shows)."""
    entry = EntryFactory(contact_email="jury-secret@example.org")
    subscriber = SubscriberFactory(confirmed=True, email="subscriber-secret@example.org")
    request = ContactRequestFactory(email="requester-secret@example.org")
    coalition = NationalCoalitionFactory(country="PT", contact_email="coalition@example.org")
    return [
        ("pledges.pledge", "export_csv", world.draft, world.draft.title),
        ("awards.entry", "export_csv", entry, "jury-secret@example.org"),
        ("blog.subscriber", "export_confirmed_csv", subscriber, "subscriber-secret@example.org"),
        ("national_coalitions.contactrequest", "export_csv", request, "requester-secret@"),
        ("national_coalitions.nationalcoalition", "export_csv", coalition, coalition.name),
    ]


def run_action(client, label, action, obj):
    changelist = reverse(f"admin:{label.replace('.', '_')}_changelist")
    return changelist, client.post(changelist, {"action": action, ACTION_CHECKBOX_NAME: [obj.pk]})


def test_admin_exports_reach_the_secretariat_only(world, staff_users):
    rows = export_rows(world)
    exported = {(label, action) for label, action, _obj, _secret in rows}
    every_export = {
        (label, action)
        for label, actions in SECRETARIAT_ACTIONS.items()
        for action in actions
        if "csv" in action
    }
    assert exported == every_export, "every CSV export action is checked here"
    for label, action, obj, secret in rows:
        _changelist, response = run_action(
            client_for_user(staff_users[SECRETARIAT]), label, action, obj
        )
        assert response.status_code == 200, (label, action)
        assert response["Content-Type"].startswith("text/csv"), (label, action)
        content = b"".join(response.streaming_content) if response.streaming else response.content
        assert secret in content.decode("utf-8-sig"), (label, action)

        for role in (ANON, OTHER, OWNER):
            changelist, response = run_action(client_for(world, role), label, action, obj)
            assert response.status_code == 302, (label, action, role)
            assert response["Location"] == f"{ADMIN_LOGIN}?next={quote(changelist)}"
            assert secret not in response.content.decode()
        _changelist, response = run_action(
            client_for_user(staff_users[STAFF_WITHOUT_GROUP]), label, action, obj
        )
        assert response.status_code == 403, (label, action)


def state_action_rows(world, submitted_pledge, draft_post):
    entry = EntryFactory()
    request = ContactRequestFactory()
    published_post = PostFactory()
    rows = [
        ("pledges.pledge", action, submitted_pledge)
        for action in ("publish_selected", "request_changes_selected", "reject_selected")
    ]
    rows += [("pledges.pledge", "complete_selected", world.published)]
    rows += [("pledges.progressreport", "mark_reviewed", ProgressReportFactory())]
    rows += [
        ("awards.entry", action, entry)
        for action in SECRETARIAT_ACTIONS["awards.entry"]
        if action.startswith("mark_")
    ]
    rows += [
        ("blog.post", "publish_selected", draft_post),
        ("blog.post", "unpublish_selected", published_post),
        ("national_coalitions.contactrequest", "mark_handled", request),
        ("awards.entry", "delete_selected", entry),
        ("blog.post", "delete_selected", published_post),
        ("national_coalitions.contactrequest", "delete_selected", request),
    ]
    return rows


def test_admin_actions_that_change_things_are_refused_to_everyone_else(
    world, staff_users, submitted_pledge, draft_post
):
    rows = state_action_rows(world, submitted_pledge, draft_post)
    for label, action, obj in rows:
        before = model_to_dict(obj)
        for role in (ANON, OTHER, OWNER):
            changelist, response = run_action(client_for(world, role), label, action, obj)
            assert response.status_code == 302, (label, action, role)
            assert response["Location"] == f"{ADMIN_LOGIN}?next={quote(changelist)}"
        _changelist, response = run_action(
            client_for_user(staff_users[STAFF_WITHOUT_GROUP]), label, action, obj
        )
        assert response.status_code == 403, (label, action)
        obj.refresh_from_db()
        assert model_to_dict(obj) == before, (label, action)
    assert Pledge.objects.get(pk=submitted_pledge.pk).status == S.SUBMITTED
    assert Post.objects.filter(pk=draft_post.pk, status=Post.Status.DRAFT).exists()
    assert Entry.objects.exists() and ContactRequest.objects.exists()
    assert PledgeStatusChange.objects.count() == 0
    assert len(mail.outbox) == 0
