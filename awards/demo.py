"""Demo content: the 2017 edition with finalists and winners, and an edition with an open call.

Every project, organisation and contact here is fictional and labelled "(demo)". The dates of
the 2017 edition are illustrative. The Secretariat's texts (editions and categories) are given
in English, French and German (core.demo); the entries are the entrants' own, in English.
Running `load` again changes nothing.
"""

import datetime

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from core.demo import illustration, localized

from . import services
from .models import AwardEdition, Category, Entry

DEMO_NOTE = {
    "en": "Demo data: the projects, organisations and dates shown for this edition are "
    "fictional and illustrative.",
    "fr": "Données de démonstration\u00a0: les projets, les organisations et les dates "
    "présentés pour cette édition sont fictifs et donnés à titre d'illustration.",
    "de": "Demodaten: Die für diese Ausgabe gezeigten Projekte, Organisationen und Termine "
    "sind fiktiv und dienen nur der Veranschaulichung.",
}

# (name, description), each in English, French and German.
CATEGORIES = [
    (
        {
            "en": "Digital Skills for All Citizens",
            "fr": "Compétences numériques pour tous les citoyens",
            "de": "Digitale Kompetenzen für alle Bürgerinnen und Bürger",
        },
        {
            "en": "Projects that help citizens of every age and background use digital "
            "technology with confidence in daily life.",
            "fr": "Projets qui aident les citoyens de tous âges et de tous horizons à utiliser "
            "les technologies numériques en toute confiance dans leur vie quotidienne.",
            "de": "Projekte, die Bürgerinnen und Bürgern jeden Alters und jeder Herkunft "
            "helfen, digitale Technologien im Alltag sicher zu nutzen.",
        },
    ),
    (
        {
            "en": "Digital Skills for the Labour Force",
            "fr": "Compétences numériques pour la population active",
            "de": "Digitale Kompetenzen für Arbeitskräfte",
        },
        {
            "en": "Projects that help workers and jobseekers gain the digital skills the "
            "labour market asks for.",
            "fr": "Projets qui aident les travailleurs et les demandeurs d'emploi à acquérir "
            "les compétences numériques recherchées sur le marché du travail.",
            "de": "Projekte, die Arbeitnehmerinnen und Arbeitnehmern sowie Arbeitsuchenden "
            "helfen, die auf dem Arbeitsmarkt gefragten digitalen Kompetenzen zu erwerben.",
        },
    ),
    (
        {
            "en": "Digital Skills for ICT Professionals",
            "fr": "Compétences numériques pour les professionnels des TIC",
            "de": "Digitale Kompetenzen für IKT-Fachkräfte",
        },
        {
            "en": "Projects that train, upskill or certify ICT specialists.",
            "fr": "Projets qui forment des spécialistes des TIC, perfectionnent leurs "
            "compétences ou les certifient.",
            "de": "Projekte, die IKT-Fachkräfte ausbilden, weiterqualifizieren oder zertifizieren.",
        },
    ),
    (
        {
            "en": "Digital Skills in Education",
            "fr": "Compétences numériques dans l'éducation",
            "de": "Digitale Kompetenzen in der Bildung",
        },
        {
            "en": "Projects that bring digital skills into schools, universities and training, "
            "for learners and teachers.",
            "fr": "Projets qui font entrer les compétences numériques dans les écoles, les "
            "universités et la formation, pour les apprenants comme pour les enseignants.",
            "de": "Projekte, die digitale Kompetenzen an Schulen und Hochschulen sowie in die "
            "Aus- und Weiterbildung bringen, für Lernende und Lehrkräfte.",
        },
    ),
    (
        {
            "en": "Women and Girls in Digital",
            "fr": "Les femmes et les filles dans le numérique",
            "de": "Frauen und Mädchen im digitalen Bereich",
        },
        {
            "en": "Projects that encourage women and girls to study and work in digital.",
            "fr": "Projets qui encouragent les femmes et les filles à étudier et à travailler "
            "dans le numérique.",
            "de": "Projekte, die Frauen und Mädchen ermutigen, im digitalen Bereich zu lernen "
            "und zu arbeiten.",
        },
    ),
]

ELIGIBILITY = {
    "en": "Projects run by organisations established in the European Union that bring "
    "digital skills to people in Europe. A project may be entered in one category only.\n\n"
    "Projects must have been running for at least six months and show results.",
    "fr": "Projets menés par des organisations établies dans l'Union européenne qui apportent "
    "des compétences numériques aux personnes en Europe. Un projet ne peut être présenté que "
    "dans une seule catégorie.\n\n"
    "Les projets doivent être en cours depuis au moins six mois et présenter des résultats.",
    "de": "Projekte von in der Europäischen Union niedergelassenen Organisationen, die "
    "Menschen in Europa digitale Kompetenzen vermitteln. Ein Projekt kann nur in einer "
    "Kategorie eingereicht werden.\n\n"
    "Die Projekte müssen seit mindestens sechs Monaten laufen und Ergebnisse vorweisen.",
}
CRITERIA = {
    "en": "The jury looks at the project's impact, how far it reaches people who need digital "
    "skills most, its innovation, and how easily others can learn from it or repeat it.",
    "fr": "Le jury examine l'impact du projet, la mesure dans laquelle il atteint les "
    "personnes qui ont le plus besoin de compétences numériques, son caractère innovant et la "
    "facilité avec laquelle d'autres peuvent s'en inspirer ou le reproduire.",
    "de": "Die Jury bewertet die Wirkung des Projekts, inwieweit es die Menschen erreicht, die "
    "digitale Kompetenzen am dringendsten benötigen, seinen Innovationsgehalt und wie leicht "
    "andere daraus lernen oder es wiederholen können.",
}


def _title(year: int) -> dict[str, str]:
    return {
        "en": f"European Digital Skills Awards {year}",
        "fr": f"Prix européens des compétences numériques {year}",
        "de": f"Europäische Preise für digitale Kompetenzen {year}",
    }


INTRODUCTION_2017 = {
    "en": "The first European Digital Skills Awards recognised projects that bring digital "
    "skills to citizens, to the labour force, to ICT professionals, in education, and to "
    "women and girls. The five winners received their awards at the Digital Skills and Jobs "
    "Coalition Conference 2017.",
    "fr": "Les premiers Prix européens des compétences numériques ont récompensé des projets "
    "qui apportent des compétences numériques aux citoyens, à la population active, aux "
    "professionnels des TIC, dans l'éducation ainsi qu'aux femmes et aux filles. Les cinq "
    "lauréats ont reçu leur prix lors de la conférence 2017 de la Coalition en faveur des "
    "compétences et des emplois numériques.",
    "de": "Mit den ersten Europäischen Preisen für digitale Kompetenzen wurden Projekte "
    "ausgezeichnet, die digitale Kompetenzen zu den Bürgerinnen und Bürgern, zu den "
    "Arbeitskräften und zu IKT-Fachkräften, in die Bildung sowie zu Frauen und Mädchen "
    "bringen. Die fünf Preisträger erhielten ihre Auszeichnungen auf der Konferenz 2017 der "
    "Koalition für digitale Kompetenzen und Arbeitsplätze.",
}


def _open_call_introduction(year: int) -> dict[str, str]:
    return {
        "en": f"The call for entries to the European Digital Skills Awards {year} is open. "
        "Enter a project that brings digital skills to people in Europe.",
        "fr": "L'appel à candidatures pour les Prix européens des compétences numériques "
        f"{year} est ouvert. Présentez un projet qui apporte des compétences numériques aux "
        "personnes en Europe.",
        "de": f"Die Ausschreibung für die Europäischen Preise für digitale Kompetenzen {year} "
        "ist eröffnet. Reichen Sie ein Projekt ein, das Menschen in Europa digitale "
        "Kompetenzen vermittelt.",
    }


def _with_note(texts: dict[str, str]) -> dict[str, str]:
    return {code: f"{text}\n\n{DEMO_NOTE[code]}" for code, text in texts.items()}


# (category index, project, organisation, country, status)
ENTRIES_2017 = [
    (0, "Click Together Seniors Network", "Silver Surfers Association", "PT", "winner"),
    (0, "Library Digital Helpdesks", "Open Shelves Foundation", "FI", "finalist"),
    (0, "Village Wi-Fi Cafés", "Rural Connect Cooperative", "RO", "finalist"),
    (1, "Upskill at the Workbench", "Regional Crafts Chamber", "DE", "winner"),
    (1, "Second Career Data Bootcamp", "Jobs Forward Agency", "ES", "finalist"),
    (1, "Digital Basics for Warehouse Teams", "Logistics Skills Council", "NL", "finalist"),
    (2, "Cloud Security Academy", "Secure Code Institute", "EE", "winner"),
    (2, "Open Source Maintainers School", "Free Software Guild", "FR", "finalist"),
    (2, "Applied AI Fellowship", "Tech Talent Alliance", "IE", "finalist"),
    (3, "Code Club Classrooms", "Teachers Learning Network", "IT", "winner"),
    (3, "Robotics in Every School", "STEM Schools Partnership", "PL", "finalist"),
    (3, "Media Literacy Labs", "Civic Education Forum", "BE", "finalist"),
    (4, "Girls Build Apps", "Women in Tech Circle", "SE", "winner"),
    (4, "Return to Tech Mentoring", "She Codes Again", "AT", "finalist"),
    (4, "Engineering Role Models Tour", "Future Engineers Society", "GR", "finalist"),
    # Not published: the public never sees these.
    (0, "Neighbourhood Tablet Lending", "Community Centres Network", "CZ", "not_selected"),
    (3, "Homework Online Portal", "Study Help Association", "SK", "not_eligible"),
]

ENTRIES_OPEN_CALL = [
    (1, "Digital Skills Passport for Apprentices", "Apprenticeship Alliance", "DK", "submitted"),
    (3, "Teachers' Data Literacy Course", "Education Innovation Lab", "SI", "eligible"),
    (4, "Cyber Girls Summer Camp", "Security Sisters", "LT", "submitted"),
]


def _upsert(model, lookup: dict, values: dict):
    """get_or_create, then save only what differs: `updated_at` moves only on a real change."""
    obj, created = model.objects.get_or_create(**lookup, defaults=values)
    if not created:
        changed = [name for name, value in values.items() if getattr(obj, name) != value]
        if changed:
            for name in changed:
                setattr(obj, name, values[name])
            obj.save()
    return obj


def _edition(year, *, introduction, opens_on, closes_on, ceremony_date):
    edition = _upsert(
        AwardEdition,
        {"year": year},
        {
            **localized(
                title=_title(year),
                introduction=_with_note(introduction),
                eligibility=ELIGIBILITY,
                criteria=CRITERIA,
            ),
            "opens_on": opens_on,
            "closes_on": closes_on,
            "ceremony_date": ceremony_date,
        },
    )
    categories = [
        _category(edition, order, name=name, description=description)
        for order, (name, description) in enumerate(CATEGORIES, start=1)
    ]
    return edition, categories


def _category(edition, order, *, name, description):
    """A category, found by its English name (the other languages are kept like the rest)."""
    values = {**localized(name=name, description=description), "order": order}
    lookup = {"edition": edition, "name_en": values.pop("name_en")}
    return _upsert(Category, lookup, values)


def _entry(edition, category, *, project, organisation, country, status):
    name = f"{project} (demo)"
    slug = services.entry_slug(edition=edition, name=project)
    existing = Entry.objects.filter(edition=edition, project_name=name).first()
    entry = _upsert(
        Entry,
        {"edition": edition, "project_name": name},
        {
            "slug": existing.slug if existing else slug,
            "category": category,
            "organisation_name": f"{organisation} (demo)",
            "country": country,
            "description": (
                f"{project} is a fictional project created to demonstrate the awards pages. "
                f"It stands for the kind of work the category “{category.name_en}” recognises."
                f"\n\n{DEMO_NOTE['en']}"
            ),
            "website": "https://example.org/",
            "contact_name": "Demo Contact",
            "contact_email": "awards-demo@example.org",
            "status": status,
        },
    )
    return services.assign_reference(entry=entry)


IMAGE_ALT = (
    "Abstract illustration for {project}: a ring of yellow dots over coloured discs, with "
    "small squares and bars"
)


def _ensure_image(entry: Entry) -> None:
    """A generated illustration (core.demo) for a public entry; the flat placeholder an earlier
    loader drew is replaced once (it is recognised by its text alternative)."""
    has_file = bool(entry.image) and entry.image.storage.exists(entry.image.name)
    if has_file and not entry.image_alt.startswith("Placeholder illustration"):
        services.refresh_image(entry=entry, image_changed=False)
        return
    if has_file:
        entry.image.delete(save=False)
    picture = illustration(f"awards:{entry.slug}", width=960, height=600)
    entry.image.save(f"{entry.slug}.png", ContentFile(picture), save=False)
    entry.image_alt = IMAGE_ALT.format(project=entry.project_name)
    entry.save(update_fields=["image", "image_alt"])
    services.refresh_image(entry=entry, image_changed=True)


@transaction.atomic
def load(*, stdout) -> None:
    edition_2017, categories_2017 = _edition(
        2017,
        introduction=INTRODUCTION_2017,
        opens_on=datetime.date(2017, 6, 1),
        closes_on=datetime.date(2017, 9, 15),
        ceremony_date=datetime.date(2017, 12, 7),
    )
    for index, project, organisation, country, status in ENTRIES_2017:
        entry = _entry(
            edition_2017,
            categories_2017[index],
            project=project,
            organisation=organisation,
            country=country,
            status=status,
        )
        if status in ("winner", "finalist"):
            _ensure_image(entry)

    # An edition whose call is open all this year, so the entry form can be tried any day.
    this_year = timezone.localdate().year
    year = this_year + 1
    open_edition, open_categories = _edition(
        year,
        introduction=_open_call_introduction(year),
        opens_on=datetime.date(this_year, 1, 1),
        closes_on=datetime.date(this_year, 12, 31),
        ceremony_date=datetime.date(year, 3, 15),
    )
    for index, project, organisation, country, status in ENTRIES_OPEN_CALL:
        _entry(
            open_edition,
            open_categories[index],
            project=project,
            organisation=organisation,
            country=country,
            status=status,
        )
    stdout.write(
        f"  Awards: editions 2017 and {year} (call open), "
        f"{Entry.objects.public().count()} finalists and winners."
    )
