"""Demo organisations, pledger accounts and pledges in every status, with targets and reports.

Everything is fictional and labelled "(demo)"; addresses are at example.org. Most pledges are
written in English, three in the language of their (fictional) organisation, and one English
pledge also gives its title and summary in French and German (PledgeTranslation). Idempotent:
rows are looked up by natural keys and only created when missing, with fixed dates.
"""

import datetime

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile

from core.demo import DEMO_LABEL, monogram
from organisations.models import Membership, Organisation
from organisations.services import refresh_logo

from .models import (
    ActionType,
    Pledge,
    PledgeCountry,
    PledgeStatusChange,
    PledgeTranslation,
    ProgressReport,
    ProgressValue,
    Target,
    TargetGroup,
)

# A documented demo credential, only set on development servers (DEBUG on).
DEMO_PLEDGER_PASSWORD = "pledge-demo-2017"  # noqa: S105
S = Pledge.Status
I = Target.Indicator  # noqa: E741


def at(day: str, hour: int = 10) -> datetime.datetime:
    return datetime.datetime.fromisoformat(f"{day}T{hour:02d}:00:00+00:00")


ORGANISATIONS = [
    {
        "slug": "code-bridges-demo",
        "name": "Code Bridges Foundation (demo)",
        "type": Organisation.Type.NGO,
        "country": "BE",
        "website": "https://code-bridges.example.org",
        "description": "A fictional foundation running volunteer coding clubs. " + DEMO_LABEL,
        "contact_name": "Demo Contact",
        "contact_email": "contact@code-bridges.example.org",
    },
    {
        "slug": "skills-forward-demo",
        "name": "Skills Forward Academy (demo)",
        "type": Organisation.Type.EDUCATION_PROVIDER,
        "country": "PT",
        "website": "https://skills-forward.example.org",
        "description": "A fictional training academy for digital professions. " + DEMO_LABEL,
        "contact_name": "Demo Contact",
        "contact_email": "contact@skills-forward.example.org",
    },
    {
        "slug": "nordic-cloud-demo",
        "name": "Nordic Cloud Systems (demo)",
        "type": Organisation.Type.LARGE_COMPANY,
        "country": "FI",
        "website": "https://nordic-cloud.example.org",
        "description": "A fictional cloud company offering traineeships. " + DEMO_LABEL,
        "contact_name": "Demo Contact",
        "contact_email": "contact@nordic-cloud.example.org",
    },
    # Organisations that write their pledges in their own language.
    {
        "slug": "kod-przyszlosci-demo",
        "name": "Fundacja Kod Przyszłości (demo)",
        "type": Organisation.Type.NGO,
        "country": "PL",
        "website": "https://kod-przyszlosci.example.org",
        "description": "Fikcyjna fundacja, która uczy nauczycieli prowadzenia zajęć z "
        "programowania. Dane demonstracyjne.",
        "contact_name": "Demo Contact",
        "contact_email": "contact@kod-przyszlosci.example.org",
    },
    {
        "slug": "borghi-digitali-demo",
        "name": "Associazione Borghi Digitali (demo)",
        "type": Organisation.Type.ASSOCIATION,
        "country": "IT",
        "website": "https://borghi-digitali.example.org",
        "description": "Un'associazione fittizia che porta corsi di competenze digitali nei "
        "piccoli comuni. Dati dimostrativi.",
        "contact_name": "Demo Contact",
        "contact_email": "contact@borghi-digitali.example.org",
    },
    {
        "slug": "formacion-digital-activa-demo",
        "name": "Red Formación Digital Activa (demo)",
        "type": Organisation.Type.EDUCATION_PROVIDER,
        "country": "ES",
        "website": "https://formacion-digital-activa.example.org",
        "description": "Una red ficticia de centros de formación profesional. Datos de "
        "demostración.",
        "contact_name": "Demo Contact",
        "contact_email": "contact@formacion-digital-activa.example.org",
    },
]

# (e-mail, organisation slug, role)
ACCOUNTS = [
    ("pledger@example.org", "code-bridges-demo", Membership.Role.ADMIN),
    ("editor@example.org", "code-bridges-demo", Membership.Role.EDITOR),
    ("academy@example.org", "skills-forward-demo", Membership.Role.ADMIN),
    ("nordic@example.org", "nordic-cloud-demo", Membership.Role.ADMIN),
    ("kod@example.org", "kod-przyszlosci-demo", Membership.Role.ADMIN),
    ("borghi@example.org", "borghi-digitali-demo", Membership.Role.ADMIN),
    ("formacion@example.org", "formacion-digital-activa-demo", Membership.Role.ADMIN),
]

# The sentence after a pledge's summary in its description, in the pledge's language.
FICTIONAL = {
    "en": f"This is a fictional pledge. {DEMO_LABEL}",
    "pl": "To zobowiązanie jest fikcyjne. Dane demonstracyjne.",
    "it": "Questo impegno è fittizio. Dati dimostrativi.",
    "es": "Este compromiso es ficticio. Datos de demostración.",
}

PLEDGES = [
    {
        "organisation": "code-bridges-demo",
        "slug": "after-school-coding-clubs-demo",
        "title": "After-school coding clubs in 200 schools (demo)",
        "summary": "Weekly coding clubs run by volunteers for pupils aged 9 to 14.",
        # The pledger gives the title and summary in French and German too.
        "translations": {
            "fr": (
                "Clubs de codage périscolaires dans 200\u00a0écoles (démo)",
                "Des clubs de codage hebdomadaires animés par des bénévoles pour les élèves de "
                "9 à 14\u00a0ans.",
            ),
            "de": (
                "Programmier-AGs nach dem Unterricht an 200 Schulen (Demo)",
                "Wöchentliche Programmierclubs für Schülerinnen und Schüler von 9 bis 14 Jahren, "
                "geleitet von Ehrenamtlichen.",
            ),
        },
        "status": S.PUBLISHED,
        "groups": ["education", "all-citizens"],
        "actions": ["training", "curriculum"],
        "countries": ["BE", "LU", "NL"],
        "dates": ("2025-01-15", "2027-06-30"),
        "targets": [(I.PEOPLE_TRAINED, "", 20000), (I.TEACHERS_TRAINED, "", 400)],
        "history": [
            (S.SUBMITTED, "2025-01-20", ""),
            (S.PUBLISHED, "2025-02-03", "Thank you for your pledge."),
        ],
        "reports": [
            ("2025-09-30", "Clubs started in 80 schools.", [6200, 130]),
            ("2026-03-31", "Clubs now run in 150 schools.", [13900, 290]),
        ],
    },
    {
        "organisation": "code-bridges-demo",
        "slug": "digital-skills-for-seniors-demo",
        "title": "Digital skills for seniors (demo)",
        "summary": "",
        "status": S.DRAFT,
        "groups": ["all-citizens"],
        "actions": [],
        "countries": [],
        "dates": (None, None),
        "targets": [],
        "history": [],
        "reports": [],
    },
    {
        "organisation": "code-bridges-demo",
        "slug": "girls-who-code-summer-camps-demo",
        "title": "Summer coding camps for girls (demo)",
        "summary": "Two-week summer camps introducing girls aged 12 to 16 to programming.",
        "status": S.SUBMITTED,
        "groups": ["women-and-girls", "education"],
        "actions": ["training", "awareness"],
        "countries": ["BE", "FR"],
        "dates": ("2026-07-01", "2028-08-31"),
        "targets": [(I.PEOPLE_TRAINED, "", 3000)],
        "history": [(S.SUBMITTED, "2026-05-12", "")],
        "reports": [],
    },
    {
        "organisation": "skills-forward-demo",
        "slug": "cloud-certification-vouchers-demo",
        "title": "Cloud certification vouchers for job seekers (demo)",
        "summary": "Free exam vouchers and preparation courses for unemployed people.",
        "status": S.PUBLISHED,
        "eu_wide": True,
        "groups": ["labour-force", "ict-professionals"],
        "actions": ["certification", "training"],
        "countries": [],
        "dates": ("2025-03-01", "2026-12-31"),
        "targets": [(I.CERTIFICATIONS, "", 5000), (I.PEOPLE_TRAINED, "", 8000)],
        "history": [
            (S.SUBMITTED, "2025-02-10", ""),
            (S.PUBLISHED, "2025-02-24", ""),
        ],
        "reports": [("2025-12-31", "Vouchers distributed in 14 countries.", [2100, 3900])],
    },
    {
        "organisation": "skills-forward-demo",
        "slug": "digital-pedagogy-for-teachers-demo",
        "title": "Digital pedagogy for teachers (demo)",
        "summary": "Online courses for secondary school teachers.",
        "status": S.CHANGES_REQUESTED,
        "groups": ["education"],
        "actions": ["training"],
        "countries": ["PT", "ES"],
        "dates": ("2026-09-01", "2027-07-31"),
        "targets": [(I.TEACHERS_TRAINED, "", 1200)],
        "history": [
            (S.SUBMITTED, "2026-04-02", ""),
            (
                S.CHANGES_REQUESTED,
                "2026-04-09",
                "Please say how many courses you will run and in which languages.",
            ),
        ],
        "reports": [],
    },
    {
        "organisation": "skills-forward-demo",
        "slug": "trading-masterclass-demo",
        "title": "Online trading masterclass (demo)",
        "summary": "Paid evening classes on online trading.",
        "status": S.REJECTED,
        "groups": ["all-citizens"],
        "actions": ["training"],
        "countries": ["PT"],
        "dates": ("2026-01-10", "2026-06-30"),
        "targets": [(I.PEOPLE_TRAINED, "", 300)],
        "history": [
            (S.SUBMITTED, "2025-12-01", ""),
            (
                S.REJECTED,
                "2025-12-08",
                "Paid courses on trading are outside the Coalition's scope.",
            ),
        ],
        "reports": [],
    },
    {
        "organisation": "nordic-cloud-demo",
        "slug": "traineeships-young-ict-professionals-demo",
        "title": "Traineeships for young ICT professionals (demo)",
        "summary": "Six-month paid traineeships in cloud operations for graduates.",
        "status": S.COMPLETED,
        "groups": ["ict-professionals", "labour-force"],
        "actions": ["traineeships"],
        "countries": ["FI", "SE", "EE"],
        "dates": ("2023-01-01", "2025-12-31"),
        "targets": [(I.TRAINEESHIPS, "", 150)],
        "history": [
            (S.SUBMITTED, "2022-11-15", ""),
            (S.PUBLISHED, "2022-11-30", ""),
            (S.COMPLETED, "2026-01-20", "Congratulations on completing your pledge."),
        ],
        "reports": [
            ("2024-06-30", "The first two cohorts finished.", [70]),
            ("2025-12-31", "All four cohorts finished.", [164]),
        ],
    },
    {
        "organisation": "nordic-cloud-demo",
        "slug": "data-literacy-awareness-week-demo",
        "title": "Data literacy awareness week (demo)",
        "summary": "Public events on understanding data.",
        "status": S.WITHDRAWN,
        "groups": ["all-citizens"],
        "actions": ["awareness"],
        "countries": ["FI"],
        "dates": ("2026-10-01", "2026-10-31"),
        "targets": [(I.PEOPLE_REACHED, "", 10000)],
        "history": [
            (S.SUBMITTED, "2026-03-03", ""),
            (S.WITHDRAWN, "2026-03-20", "The event was cancelled."),
        ],
        "reports": [],
    },
    {
        "organisation": "nordic-cloud-demo",
        "slug": "ai-basics-for-small-businesses-demo",
        "title": "AI basics for small businesses (demo)",
        "summary": "Free workshops on using AI tools safely in small businesses.",
        "status": S.PUBLISHED,
        "groups": ["labour-force"],
        "actions": ["training", "awareness"],
        "countries": ["FI", "DK"],
        "dates": ("2025-04-01", "2027-03-31"),
        "targets": [(I.PEOPLE_TRAINED, "", 2500), (I.OTHER, "Companies advised", 400)],
        "history": [
            (S.SUBMITTED, "2025-03-10", ""),
            (S.PUBLISHED, "2025-03-21", ""),
        ],
        "reports": [],
    },
    # Written in other languages: `language` says which, and the texts are shown as written.
    {
        "organisation": "kod-przyszlosci-demo",
        "slug": "warsztaty-programowania-dla-nauczycieli-demo",
        "language": "pl",
        "title": "Warsztaty programowania dla nauczycieli szkół podstawowych (demo)",
        "summary": "Bezpłatne warsztaty, podczas których nauczyciele uczą się prowadzić zajęcia "
        "z programowania z uczniami klas 4–8.",
        "status": S.PUBLISHED,
        "groups": ["education"],
        "actions": ["training", "curriculum"],
        "countries": ["PL"],
        "dates": ("2025-09-01", "2027-06-30"),
        "targets": [(I.TEACHERS_TRAINED, "", 1500)],
        "history": [
            (S.SUBMITTED, "2025-06-02", ""),
            (S.PUBLISHED, "2025-06-16", ""),
        ],
        "reports": [
            ("2026-01-31", "Warsztaty ukończyło 620 nauczycieli z całego kraju.", [620]),
        ],
    },
    {
        "organisation": "borghi-digitali-demo",
        "slug": "competenze-digitali-di-base-nei-piccoli-comuni-demo",
        "language": "it",
        "title": "Competenze digitali di base nei piccoli comuni (demo)",
        "summary": "Corsi gratuiti per adulti sull'uso dei servizi pubblici online, della posta "
        "elettronica e dei pagamenti digitali.",
        "status": S.PUBLISHED,
        "groups": ["all-citizens"],
        "actions": ["training", "awareness"],
        "countries": ["IT"],
        "dates": ("2025-05-01", "2027-04-30"),
        "targets": [(I.PEOPLE_TRAINED, "", 4000), (I.OTHER, "Comuni raggiunti", 120)],
        "history": [
            (S.SUBMITTED, "2025-04-07", ""),
            (S.PUBLISHED, "2025-04-22", ""),
        ],
        "reports": [("2025-12-31", "I corsi sono attivi in 48 comuni.", [1350, 48])],
    },
    {
        "organisation": "formacion-digital-activa-demo",
        "slug": "certificacion-en-ciberseguridad-para-personas-desempleadas-demo",
        "language": "es",
        "title": "Certificación en ciberseguridad para personas desempleadas (demo)",
        "summary": "Cursos de preparación y exámenes de certificación gratuitos en "
        "ciberseguridad para personas que buscan empleo.",
        "status": S.PUBLISHED,
        "groups": ["labour-force", "ict-professionals"],
        "actions": ["certification", "training"],
        "countries": ["ES"],
        "dates": ("2025-10-01", "2027-09-30"),
        "targets": [(I.CERTIFICATIONS, "", 800), (I.PEOPLE_TRAINED, "", 1200)],
        "history": [
            (S.SUBMITTED, "2025-09-03", ""),
            (S.PUBLISHED, "2025-09-15", ""),
        ],
        "reports": [],
    },
]


def _date(value):
    return datetime.date.fromisoformat(value) if value else None


def _account(email: str):
    user, created = get_user_model().objects.get_or_create(
        email=email, defaults={"first_name": "Demo", "last_name": "Pledger"}
    )
    if settings.DEBUG and not user.check_password(DEMO_PLEDGER_PASSWORD):
        user.set_password(DEMO_PLEDGER_PASSWORD)
        user.save()
    elif created and not settings.DEBUG:
        # Never a known password on a server that is not a development one.
        user.set_unusable_password()
        user.save()
    EmailAddress.objects.get_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    return user


def _pledge(spec: dict, organisation: Organisation, author) -> None:
    history = spec["history"]
    created_day = history[0][1] if history else "2026-05-01"
    submitted = [at(day) for status, day, _ in history if status == S.SUBMITTED]
    published = [at(day) for status, day, _ in history if status == S.PUBLISHED]
    language = spec.get("language", "en")
    pledge, created = Pledge.objects.get_or_create(
        organisation=organisation,
        slug=spec["slug"],
        defaults={
            "language": language,
            "title": spec["title"],
            "summary": spec["summary"],
            "description": (
                spec["summary"] + "\n\n" + FICTIONAL[language] if spec["summary"] else ""
            ),
            "is_eu_wide": spec.get("eu_wide", False),
            "start_date": _date(spec["dates"][0]),
            "end_date": _date(spec["dates"][1]),
            "status": spec["status"],
            "status_changed_at": at(history[-1][1]) if history else None,
            "submitted_at": submitted[-1] if submitted else None,
            "published_at": published[0] if published else None,
            "created_by": author,
        },
    )
    # Also on a pledge an earlier loader made, unless its pledger has changed the title since.
    if pledge.title == spec["title"]:
        for code, (title, summary) in spec.get("translations", {}).items():
            PledgeTranslation.objects.get_or_create(
                pledge=pledge, language=code, defaults={"title": title, "summary": summary}
            )
    if not created:
        return
    # created_at/updated_at are set on creation; pin them to the story's dates.
    Pledge.objects.filter(pk=pledge.pk).update(
        created_at=at(created_day, 9), updated_at=at(history[-1][1] if history else created_day)
    )
    pledge.target_groups.set(TargetGroup.objects.filter(code__in=spec["groups"]))
    pledge.action_types.set(ActionType.objects.filter(code__in=spec["actions"]))
    for code in spec["countries"]:
        PledgeCountry.objects.create(pledge=pledge, country=code)
    targets = [
        Target.objects.create(
            pledge=pledge, indicator=indicator, description=description, target_number=number
        )
        for indicator, description, number in spec["targets"]
    ]
    previous = S.DRAFT
    for status, day, message in history:
        PledgeStatusChange.objects.create(
            pledge=pledge,
            from_status=previous,
            to_status=status,
            changed_by=author if status in (S.SUBMITTED, S.WITHDRAWN) else None,
            changed_at=at(day),
            message=message,
        )
        previous = status
    for day, narrative, numbers in spec["reports"]:
        report = ProgressReport.objects.create(
            pledge=pledge, report_date=_date(day), narrative=narrative, submitted_by=author
        )
        ProgressReport.objects.filter(pk=report.pk).update(
            created_at=at(day, 12), updated_at=at(day, 12)
        )
        for target, number in zip(targets, numbers, strict=True):
            ProgressValue.objects.create(report=report, target=target, achieved=number)
            Target.objects.filter(pk=target.pk).update(achieved=number)
        Pledge.objects.filter(pk=pledge.pk).update(last_reported_at=_date(day))


def _add_logo(organisation: Organisation) -> None:
    """A generated monogram (core.demo) for a fictional organisation that has no logo yet."""
    organisation.logo.save(
        f"{organisation.slug}.png", ContentFile(monogram(organisation.name)), save=False
    )
    organisation.logo_alt = f"Logo of {organisation.name}"
    # update_fields: the profile's `updated_at` keeps the story's date.
    organisation.save(update_fields=["logo", "logo_alt"])
    refresh_logo(organisation=organisation, logo_changed=True)


def load(*, stdout) -> None:
    organisations = {}
    for spec in ORGANISATIONS:
        organisation, created = Organisation.objects.get_or_create(
            slug=spec["slug"], defaults={k: v for k, v in spec.items() if k != "slug"}
        )
        if created:
            Organisation.objects.filter(pk=organisation.pk).update(
                created_at=at("2022-10-01"), updated_at=at("2022-10-01")
            )
        if not organisation.logo:
            _add_logo(organisation)
        organisations[spec["slug"]] = organisation
    authors = {}
    for email, slug, role in ACCOUNTS:
        user = _account(email)
        Membership.objects.get_or_create(
            organisation=organisations[slug], user=user, defaults={"role": role}
        )
        authors.setdefault(slug, user)
    for spec in PLEDGES:
        _pledge(spec, organisations[spec["organisation"]], authors[spec["organisation"]])
    if settings.DEBUG:
        stdout.write(
            "Demo pledger accounts (sign in at http://127.0.0.1:8000/accounts/login/):\n"
            + "".join(f"  {email} ({slug}, {role})\n" for email, slug, role in ACCOUNTS)
            + f"  password: {DEMO_PLEDGER_PASSWORD}"
        )
