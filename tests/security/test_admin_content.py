"""Free text the Secretariat types in the admin and the portal publishes: blog posts (Markdown),
coalitions and initiatives, award editions, categories and entries."""

import datetime

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from awards.models import Entry
from blog.markdown import ALLOWED_TAGS, render_markdown
from blog.models import Post
from core.forms import HONEYPOT_FIELD_NAME
from tests.accounts.factories import SecretariatUserFactory
from tests.awards.factories import AwardEditionFactory, CategoryFactory, EntryFactory, open_edition
from tests.blog.factories import AuthorFactory, TagFactory
from tests.national_coalitions.factories import (
    AreaOfActionFactory,
    CoalitionAreaFactory,
    CoalitionMemberFactory,
    NationalCoalitionFactory,
    OtherInitiativeFactory,
    ResourceFactory,
)

from .checks import (
    assert_csv_safe,
    assert_email_safe,
    assert_feed_safe,
    assert_html_safe,
    parse_html,
)
from .checks import assert_page_safe as page_safe
from .payloads import MARKDOWN_PAYLOADS, MARKDOWN_TRICKS, XSS_PAYLOADS, params, searchable

pytestmark = pytest.mark.django_db


@pytest.fixture
def secretariat():
    client = Client()
    client.force_login(SecretariatUserFactory())
    return client


def one_line(payload: str) -> str:
    """Single-line fields get the payload with its line breaks as spaces."""
    return payload.replace("\n", " ")


# --- Blog -----------------------------------------------------------------------------------


@pytest.mark.parametrize("body", params(MARKDOWN_PAYLOADS))
def test_markdown_never_produces_script(body):
    html = render_markdown(body)
    assert_html_safe(html, where="render_markdown")
    # Raw HTML typed in the body is text: only the tags Markdown itself makes remain.
    assert parse_html(html).tags <= ALLOWED_TAGS, html
    if body.startswith("<script"):
        assert "&lt;script&gt;" in html


@pytest.mark.parametrize(
    "payload",
    [
        *params(XSS_PAYLOADS),
        # The Markdown tricks only matter in the body: all of them in one post.
        pytest.param("\n\n".join(MARKDOWN_TRICKS.values()), id="markdown-tricks"),
    ],
)
def test_blog_post_written_in_the_admin_is_safe_everywhere(payload, client, secretariat):
    text = one_line(payload)[:150]
    title = searchable(text)[:200]
    excerpt = payload[:500]
    author = AuthorFactory(name=text, role=text, bio=payload)
    tag = TagFactory(name=text[:60], slug="payload-tag")
    now = timezone.localtime()
    response = secretariat.post(
        reverse("admin:blog_post_add"),
        {
            "title_en": title,
            "slug": "payload-post",
            "author": author.pk,
            "excerpt_en": excerpt,
            "body_en": payload,
            "hero_image_alt_en": "",
            "tags": [tag.pk],
            "status": Post.Status.PUBLISHED,
            "published_at_0": (now - datetime.timedelta(hours=1)).strftime("%Y-%m-%d"),
            "published_at_1": (now - datetime.timedelta(hours=1)).strftime("%H:%M:%S"),
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    post = Post.objects.get()
    assert post.is_live

    public_pages = {
        post.get_absolute_url(): [title, excerpt],
        reverse("blog:post-list"): [title, excerpt],
        reverse("blog:author-detail", args=[author.slug]): [title, text],
        reverse("blog:tag-detail", args=[tag.slug]): [title, tag.name],
        reverse("portal:home"): [title],
        reverse("portal:search") + "?q=zebracorn": [title],
    }
    for url, shows in public_pages.items():
        page_safe(client, url, shows=shows)
    admin_pages = {
        reverse("admin:blog_post_changelist"): [title],
        reverse("admin:blog_post_change", args=[post.pk]): [title, excerpt, payload],
        reverse("admin:blog_post_preview", args=[post.pk]): [title],
        reverse("admin:blog_author_change", args=[author.pk]): [text, payload],
        reverse("admin:blog_tag_changelist"): [tag.name],
    }
    for url, shows in admin_pages.items():
        page_safe(secretariat, url, shows=shows)
    for name in ["blog:feed-atom", "blog:feed-rss"]:
        response = client.get(reverse(name))
        assert_feed_safe(response.content, shows=[title, excerpt, text], where=name)
    for section in ["blog-posts", "blog-authors", "blog-tags"]:
        response = client.get(reverse("sitemap-section", args=[section]))
        assert_feed_safe(response.content, where=f"sitemap {section}")


# --- National coalitions ----------------------------------------------------------------------


@pytest.mark.parametrize("payload", params(XSS_PAYLOADS))
def test_coalition_pages_show_admin_text_as_text(
    payload, client, secretariat, django_capture_on_commit_callbacks
):
    name = searchable(payload)
    coalition = NationalCoalitionFactory(
        country="BE",
        name=name,
        description=payload,
        coordinating_body_name=payload,
        logo_alt_text=payload,
    )
    area = AreaOfActionFactory(name=payload, description=payload)
    CoalitionAreaFactory(coalition=coalition, area=area, summary=payload)
    member = CoalitionMemberFactory(coalition=coalition, name=payload)
    initiative = OtherInitiativeFactory(
        name=name,
        country="BE",
        region=payload,
        description=payload,
        coordinating_body_name=payload,
    )
    resource = ResourceFactory(title=payload, description=payload)

    public_pages = {
        reverse("national_coalitions:coalition-list"): [name],
        coalition.get_absolute_url(): [name, payload],
        reverse("national_coalitions:initiative-list"): [name, payload],
        reverse("national_coalitions:toolkit"): [payload],
        reverse("national_coalitions:contact") + "?coalition=be": [name],
        reverse("portal:search") + "?q=zebracorn": [name],
        reverse("portal:home"): [],
    }
    for url, shows in public_pages.items():
        page_safe(client, url, shows=shows)
    response = client.get(reverse("sitemap-section", args=["coalitions"]))
    assert_feed_safe(response.content, where="coalitions sitemap")

    admin_pages = {
        reverse("admin:national_coalitions_nationalcoalition_changelist"): [name],
        reverse("admin:national_coalitions_nationalcoalition_change", args=[coalition.pk]): [
            name,
            payload,
        ],
        reverse("admin:national_coalitions_coalitionmember_change", args=[member.pk]): [payload],
        reverse("admin:national_coalitions_areaofaction_changelist"): [payload],
        reverse("admin:national_coalitions_coalitionarea_changelist"): [payload],
        reverse("admin:national_coalitions_otherinitiative_change", args=[initiative.pk]): [
            name,
            payload,
        ],
        reverse("admin:national_coalitions_resource_change", args=[resource.pk]): [payload],
    }
    for url, shows in admin_pages.items():
        page_safe(secretariat, url, shows=shows)
    response = secretariat.post(
        reverse("admin:national_coalitions_nationalcoalition_changelist"),
        {"action": "export_csv", "_selected_action": [coalition.pk]},
    )
    assert_csv_safe(
        b"".join(response.streaming_content), shows=[name, payload], where="coalitions CSV"
    )

    # A message about the coalition: its name is in the plain-text subject, as typed.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("national_coalitions:contact"),
            {
                "name": "Ana",
                "email": "ana@example.org",
                "topic": "coalition:be",
                "message": "Hello",
                "consent": "on",
                HONEYPOT_FIELD_NAME: "",
            },
        )
    (message,) = mail.outbox
    assert_email_safe(message, shows=[name], where="contact about the coalition")
    # Line breaks (\u2028 too) never reach a mail header: they become spaces.
    assert " ".join(name.split()) in message.subject


# --- Awards ---------------------------------------------------------------------------------


@pytest.mark.parametrize("payload", params(XSS_PAYLOADS))
def test_award_pages_show_admin_text_as_text(payload, client, secretariat):
    title = searchable(payload)
    texts = {"introduction": payload, "eligibility": payload, "criteria": payload}
    current = open_edition(title=title, **texts)
    CategoryFactory(edition=current, name=payload, description=payload)
    # A past edition whose winners are announced (home page, archive, entry pages).
    past = AwardEditionFactory(year=2016, title=title, **texts)
    category = CategoryFactory(edition=past, name=payload, description=payload)
    project = searchable(payload)
    winner = EntryFactory(
        category=category,
        project_name=project,
        slug="payload-project",
        organisation_name=payload,
        description=payload,
        image_alt=payload,
        status=Entry.Status.WINNER,
    )

    public_pages = {
        reverse("awards:award-index"): [title, payload],
        current.get_absolute_url(): [title, payload],
        reverse("awards:entry-create", args=[current.year]): [title, payload],
        past.get_absolute_url(): [title, project],
        winner.get_absolute_url(): [project, payload],
        reverse("awards:archive"): [project, payload],
        reverse("portal:home"): [project],
        reverse("portal:search") + "?q=zebracorn": [project],
    }
    for url, shows in public_pages.items():
        page_safe(client, url, shows=shows)
    for section in ["award-editions", "award-entries"]:
        response = client.get(reverse("sitemap-section", args=[section]))
        assert_feed_safe(response.content, where=f"sitemap {section}")

    admin_pages = {
        reverse("admin:awards_awardedition_changelist"): [title],
        reverse("admin:awards_awardedition_change", args=[past.pk]): [title, payload],
        reverse("admin:awards_entry_changelist"): [project],
        reverse("admin:awards_entry_change", args=[winner.pk]): [project, payload],
    }
    for url, shows in admin_pages.items():
        page_safe(secretariat, url, shows=shows)


# --- Web addresses --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "address",
    [
        "javascript:alert(1)",
        "JavaScript:alert(1)//https://example.org",
        "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
        "vbscript:msgbox(1)",
    ],
)
def test_published_web_addresses_cannot_be_script_urls(address):
    """Links are built from these fields (href="..."): only http(s) addresses are accepted."""
    from django.core.exceptions import ValidationError

    from awards.models import Entry as AwardEntry
    from national_coalitions.models import CoalitionMember, NationalCoalition, OtherInitiative
    from organisations.forms import OrganisationForm
    from organisations.models import Organisation
    from pledges.forms import PledgeForm
    from pledges.models import Pledge

    fields = [
        (Organisation, "website"),
        (Pledge, "website"),
        (NationalCoalition, "website"),
        (NationalCoalition, "coordinating_body_website"),
        (CoalitionMember, "website"),
        (OtherInitiative, "website"),
        (AwardEntry, "website"),
    ]
    for model, name in fields:
        with pytest.raises(ValidationError):
            model._meta.get_field(name).clean(address, None)
    organisation_form = OrganisationForm(data={"website": address})
    assert "website" in organisation_form.errors
    pledge_form = PledgeForm(data={"title": "x", "website": address}, organisations=[])
    assert "website" in pledge_form.errors
