"""Demo content: fictional coalitions, members and initiatives, all labelled as demo data.

Which Member States appear as launched is invented: the seed page says only that 15 had
launched. The Secretariat's texts are given in English, French and German (core.demo); the
coalitions keep their English names, as the seeds give no official name in another language.
Idempotent: rows are found by natural keys, a row made by an earlier loader only gets the
translations it lacks (core.demo.add_missing_translations), and generated PDFs are only written
when missing.
"""

import datetime
import io

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import translation
from django_countries import countries
from pypdf import PdfWriter
from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

from core.demo import DEMO_LABEL, add_missing_translations, localized

from .defaults import INITIAL_AREAS
from .models import (
    AreaOfAction,
    CoalitionArea,
    CoalitionMember,
    NationalCoalition,
    OtherInitiative,
    Resource,
    StakeholderType,
)

LAUNCHED = [
    "BE",
    "BG",
    "CY",
    "CZ",
    "EE",
    "ES",
    "GR",
    "IE",
    "LT",
    "LU",
    "LV",
    "MT",
    "NL",
    "PL",
    "PT",
]
UNDER_FORMATION = ["AT", "DE", "FR", "IT", "RO", "SI"]

# What the coalitions' descriptions say each Member State's name with, in French ("sur …") and
# German ("über …"), in the names of the Interinstitutional Style Guide.
COUNTRY_PHRASES = {
    "AT": ("l'Autriche", "Österreich"),
    "BE": ("la Belgique", "Belgien"),
    "BG": ("la Bulgarie", "Bulgarien"),
    "CY": ("Chypre", "Zypern"),
    "CZ": ("la Tchéquie", "Tschechien"),
    "DE": ("l'Allemagne", "Deutschland"),
    "EE": ("l'Estonie", "Estland"),
    "ES": ("l'Espagne", "Spanien"),
    "FR": ("la France", "Frankreich"),
    "GR": ("la Grèce", "Griechenland"),
    "IE": ("l'Irlande", "Irland"),
    "IT": ("l'Italie", "Italien"),
    "LT": ("la Lituanie", "Litauen"),
    "LU": ("le Luxembourg", "Luxemburg"),
    "LV": ("la Lettonie", "Lettland"),
    "MT": ("Malte", "Malta"),
    "NL": ("les Pays-Bas", "die Niederlande"),
    "PL": ("la Pologne", "Polen"),
    "PT": ("le Portugal", "Portugal"),
    "RO": ("la Roumanie", "Rumänien"),
    "SI": ("la Slovénie", "Slowenien"),
}

# The initial areas of action (national_coalitions.defaults) in French and German, the words
# of the seed page: "industry-led training, certifying skills, school and university
# curricula, and awareness about ICT careers, especially among young people and women".
AREA_NAMES = {
    "industry-led-training": {
        "fr": "Formations pilotées par les entreprises",
        "de": "Von Unternehmen getragene Schulungen",
    },
    "certifying-skills": {
        "fr": "Certification des compétences",
        "de": "Zertifizierung von Kompetenzen",
    },
    "school-and-university-curricula": {
        "fr": "Programmes d'enseignement scolaires et universitaires",
        "de": "Lehrpläne an Schulen und Hochschulen",
    },
    "awareness-of-ict-careers": {
        "fr": "Sensibilisation aux métiers des TIC, en particulier parmi les jeunes et les femmes",
        "de": "Sensibilisierung für IKT-Berufe, insbesondere bei jungen Menschen und Frauen",
    },
}

# What a demo coalition does in each area: the activities its description names.
AREA_SUMMARIES = {
    "industry-led-training": {
        "en": "Members offer short courses for jobseekers.",
        "fr": "Les membres proposent des formations courtes aux demandeurs d'emploi.",
        "de": "Die Mitglieder bieten Kurzlehrgänge für Arbeitsuchende an.",
    },
    "certifying-skills": {
        "en": "Members help learners obtain certificates for the digital skills they gain.",
        "fr": "Les membres aident les apprenants à faire certifier les compétences numériques "
        "qu'ils acquièrent.",
        "de": "Die Mitglieder helfen Lernenden, sich die erworbenen digitalen Kompetenzen "
        "zertifizieren zu lassen.",
    },
    "school-and-university-curricula": {
        "en": "Members work to bring digital skills into school curricula.",
        "fr": "Les membres œuvrent à l'intégration des compétences numériques dans les "
        "programmes scolaires.",
        "de": "Die Mitglieder setzen sich dafür ein, digitale Kompetenzen in die Lehrpläne der "
        "Schulen aufzunehmen.",
    },
    "awareness-of-ict-careers": {
        "en": "Members run campaigns about ICT careers for young people and women.",
        "fr": "Les membres mènent des campagnes sur les métiers des TIC à destination des "
        "jeunes et des femmes.",
        "de": "Die Mitglieder führen Kampagnen zu IKT-Berufen für junge Menschen und Frauen durch.",
    },
}

# Fictional member organisations; "{country}" is replaced by the Member State's name.
MEMBER_TEMPLATES = [
    ("{country} ICT Companies Network (demo)", StakeholderType.ICT_COMPANY),
    ("Example Software Works {country} (demo)", StakeholderType.ICT_COMPANY),
    ("Example Retail Bank {country} (demo)", StakeholderType.ICT_USING_COMPANY),
    ("Open Technical College of {country} (demo)", StakeholderType.EDUCATION_PROVIDER),
    ("Example Ministry of Learning, {country} (demo)", StakeholderType.EDUCATION_MINISTRY),
    ("Example Jobs Service {country} (demo)", StakeholderType.EMPLOYMENT_SERVICE),
    ("Women in Tech {country} (demo)", StakeholderType.ASSOCIATION),
    ("Youth Code Clubs {country} (demo)", StakeholderType.NGO),
    ("Example Workers' Federation {country} (demo)", StakeholderType.SOCIAL_PARTNER),
]

INITIATIVES = [
    {
        "slug": "digital-skills-alliance-of-a-coastal-region-demo",
        "name": {
            "en": "Digital Skills Alliance of a Coastal Region (demo)",
            "fr": "Alliance pour les compétences numériques d'une région côtière (démo)",
            "de": "Allianz für digitale Kompetenzen einer Küstenregion (Demo)",
        },
        "country": "ES",
        "region": "Example coastal region",
        "coordinating_body_name": "Example Regional Development Agency (demo)",
        "description": {
            "en": "Demo data: a fictional regional partnership of employers, vocational "
            "schools and the regional employment service that offers coding bootcamps to "
            "jobseekers.",
            "fr": "Données de démonstration\u00a0: un partenariat régional fictif réunissant "
            "des employeurs, des écoles professionnelles et le service régional de l'emploi, "
            "qui propose aux demandeurs d'emploi des formations intensives au codage.",
            "de": "Demodaten: eine fiktive regionale Partnerschaft aus Arbeitgebern, "
            "Berufsschulen und der regionalen Arbeitsverwaltung, die Arbeitsuchenden "
            "Programmier-Intensivkurse anbietet.",
        },
    },
    {
        "slug": "city-coding-pact-demo",
        "name": {
            "en": "City Coding Pact (demo)",
            "fr": "Pacte urbain pour le codage (démo)",
            "de": "Städtischer Programmierpakt (Demo)",
        },
        "country": "NL",
        "region": "Example city",
        "coordinating_body_name": "Example City Council Economic Office (demo)",
        "description": {
            "en": "Demo data: a fictional local pact in which companies offer "
            "traineeships and libraries host free digital skills workshops.",
            "fr": "Données de démonstration\u00a0: un pacte local fictif dans le cadre duquel "
            "des entreprises proposent des stages et des bibliothèques accueillent des ateliers "
            "gratuits sur les compétences numériques.",
            "de": "Demodaten: ein fiktiver lokaler Pakt, in dessen Rahmen Unternehmen Praktika "
            "anbieten und Bibliotheken kostenlose Workshops zu digitalen Kompetenzen "
            "ausrichten.",
        },
    },
    {
        "slug": "girls-go-digital-network-demo",
        # The network's own name stays as it is, only the word "network" is translated.
        "name": {
            "en": "Girls Go Digital Network (demo)",
            "fr": "Réseau Girls Go Digital (démo)",
            "de": "Netzwerk Girls Go Digital (Demo)",
        },
        "country": "PT",
        "region": "Example northern region",
        "coordinating_body_name": "Example Women in Science Association (demo)",
        "description": {
            "en": "Demo data: a fictional network that raises awareness of ICT careers "
            "among girls through school visits and mentoring.",
            "fr": "Données de démonstration\u00a0: un réseau fictif qui sensibilise les filles "
            "aux métiers des TIC au moyen de visites dans les écoles et de mentorat.",
            "de": "Demodaten: ein fiktives Netzwerk, das Mädchen mit Schulbesuchen und "
            "Mentoring für IKT-Berufe sensibilisiert.",
        },
    },
    {
        "slug": "rural-digital-inclusion-partnership-demo",
        "name": {
            "en": "Rural Digital Inclusion Partnership (demo)",
            "fr": "Partenariat pour l'inclusion numérique en milieu rural (démo)",
            "de": "Partnerschaft für digitale Inklusion im ländlichen Raum (Demo)",
        },
        "country": "IE",
        "region": "Example rural county",
        "coordinating_body_name": "Example Community Education Trust (demo)",
        "description": {
            "en": "Demo data: a fictional partnership that brings basic digital skills "
            "courses to small towns and villages.",
            "fr": "Données de démonstration\u00a0: un partenariat fictif qui propose des cours "
            "de compétences numériques de base dans les petites villes et les villages.",
            "de": "Demodaten: eine fiktive Partnerschaft, die Kurse zu digitalen "
            "Grundkompetenzen in Kleinstädte und Dörfer bringt.",
        },
    },
]

RESOURCES = [
    {
        "slug": "toolkit-for-national-and-local-coalitions",
        "category": Resource.Category.TOOLKIT,
        "title": {
            "en": "Toolkit for National and Local Coalitions",
            "fr": "Boîte à outils pour les coalitions nationales et locales",
            "de": "Toolkit für nationale und lokale Koalitionen",
        },
        "description": {
            "en": "Guidelines and recommendations on how to start and implement coalitions, "
            "and on developing an action plan. Demo data: the PDF is a short generated "
            "stand-in for the real Toolkit.",
            "fr": "Lignes directrices et recommandations pour lancer et mettre en œuvre des "
            "coalitions et pour élaborer un plan d'action. Données de démonstration\u00a0: le "
            "PDF est un court document généré automatiquement, qui tient lieu de la véritable "
            "boîte à outils.",
            "de": "Leitlinien und Empfehlungen für die Gründung und Umsetzung von Koalitionen "
            "und für die Ausarbeitung eines Aktionsplans. Demodaten: Die PDF-Datei ist ein "
            "kurzer, automatisch erzeugter Platzhalter für das echte Toolkit.",
        },
        "publication_date": datetime.date(2016, 12, 21),
    },
    {
        "slug": "action-plan-template-demo",
        "category": Resource.Category.GUIDE,
        "title": {
            "en": "Action plan template for coalitions (demo)",
            "fr": "Modèle de plan d'action pour les coalitions (démo)",
            "de": "Vorlage für den Aktionsplan einer Koalition (Demo)",
        },
        "description": {
            "en": "Demo data: a fictional template for a coalition's first-year action plan.",
            "fr": "Données de démonstration\u00a0: un modèle fictif de plan d'action pour la "
            "première année d'une coalition.",
            "de": "Demodaten: eine fiktive Vorlage für den Aktionsplan einer Koalition in ihrem "
            "ersten Jahr.",
        },
        "publication_date": datetime.date(2017, 3, 15),
    },
]


def make_pdf(title: str, lines: list[str]) -> bytes:
    """A one-page PDF with a title and a few lines of text; the same input gives the same bytes."""

    def escape(text: str) -> str:
        return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    writer = PdfWriter()
    page = writer.add_blank_page(width=595, height=842)
    font = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/Type1"),
            NameObject("/BaseFont"): NameObject("/Helvetica"),
        }
    )
    page[NameObject("/Resources")] = DictionaryObject(
        {NameObject("/Font"): DictionaryObject({NameObject("/F1"): font})}
    )
    operations = [f"BT /F1 20 Tf 56 770 Td ({escape(title)}) Tj ET"]
    for number, line in enumerate(lines):
        operations.append(f"BT /F1 12 Tf 56 {730 - 18 * number} Td ({escape(line)}) Tj ET")
    stream = DecodedStreamObject()
    stream.set_data("\n".join(operations).encode("latin-1", errors="replace"))
    page.replace_contents(stream)
    writer.add_metadata({"/Title": title})
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


def _file_missing(field_file) -> bool:
    return not field_file or not field_file.storage.exists(field_file.name)


def _complete(instance, values: dict) -> None:
    """Save the translations an existing row lacks (core.demo.add_missing_translations)."""
    changed = add_missing_translations(instance, values)
    if changed:
        instance.save()


def _description(code: str, name: str) -> dict[str, str]:
    on_fr, on_de = COUNTRY_PHRASES[code]
    return {
        "en": (
            f"{DEMO_LABEL}: this coalition, its coordinating body and its members are "
            f"fictional examples, not real information about {name}.\n\n"
            "The coalition brings together companies, education and training providers, "
            "public authorities and civil society to close the digital skills gap: "
            "short courses for jobseekers, digital skills in school curricula and "
            "campaigns about ICT careers for young people and women."
        ),
        "fr": (
            "Données de démonstration\u00a0: cette coalition, son organisme de coordination "
            "et ses membres sont des exemples fictifs, et non des informations réelles sur "
            f"{on_fr}.\n\n"
            "La coalition réunit des entreprises, des prestataires d'enseignement et de "
            "formation, des pouvoirs publics et la société civile afin de combler le déficit "
            "de compétences numériques\u00a0: formations courtes pour les demandeurs d'emploi, "
            "compétences numériques dans les programmes scolaires et campagnes sur les métiers "
            "des TIC à destination des jeunes et des femmes."
        ),
        "de": (
            "Demodaten: Diese Koalition, ihre koordinierende Stelle und ihre Mitglieder sind "
            f"fiktive Beispiele und keine echten Angaben über {on_de}.\n\n"
            "Die Koalition bringt Unternehmen, Anbieter allgemeiner und beruflicher Bildung, "
            "Behörden und die Zivilgesellschaft zusammen, um die Lücke bei den digitalen "
            "Kompetenzen zu schließen: Kurzlehrgänge für Arbeitsuchende, digitale Kompetenzen "
            "in den Lehrplänen der Schulen und Kampagnen zu IKT-Berufen für junge Menschen und "
            "Frauen."
        ),
    }


def _coalition(code: str, index: int, *, launched: bool, areas: list[AreaOfAction]) -> None:
    with translation.override("en"):
        name = str(countries.name(code))
    launch_date = datetime.date(2017, 1 + index % 12, 1 + (index * 7) % 28) if launched else None
    texts = localized(description=_description(code, name))
    coalition, created = NationalCoalition.objects.get_or_create(
        country=code,
        defaults={
            # Only in English: the seeds give no coalition's official name in its languages.
            "name_en": f"Digital Skills and Jobs Coalition {name} (demo)",
            "status": (
                NationalCoalition.Status.LAUNCHED
                if launched
                else NationalCoalition.Status.UNDER_FORMATION
            ),
            "launch_date": launch_date,
            "coordinating_body_name": f"Example Digital Skills Office {name} (demo)",
            "coordinating_body_website": f"https://office-{code.lower()}.example.org/",
            "website": f"https://coalition-{code.lower()}.example.org/",
            "contact_email": f"coalition-{code.lower()}@example.org",
            **texts,
            "last_verified_date": datetime.date(2017, 11, 30) if launched else None,
        },
    )
    if not created:
        _complete(coalition, texts)
    for area in areas[: 2 + index % 3]:
        summary = localized(summary=AREA_SUMMARIES.get(area.slug, {}))
        coalition_area, created = CoalitionArea.objects.get_or_create(
            coalition=coalition, area=area, defaults=summary
        )
        if not created:
            _complete(coalition_area, summary)
    # Rotate the list so that coalitions differ in who takes part (and the filters show it).
    rotated = MEMBER_TEMPLATES[index % 9 :] + MEMBER_TEMPLATES[: index % 9]
    for template, stakeholder_type in rotated[: 3 + index % 7]:
        CoalitionMember.objects.get_or_create(
            coalition=coalition,
            name=template.format(country=name),
            defaults={"stakeholder_type": stakeholder_type},
        )
    if launched and _file_missing(coalition.factsheet):
        pdf = make_pdf(
            f"{coalition.name_en}: factsheet",
            [
                f"{DEMO_LABEL}: a fictional factsheet generated for the demo.",
                f"Member State: {name}",
                f"Launched on: {launch_date:%d/%m/%Y}",
                "Areas of action: "
                + ", ".join(a.name_en or a.name for a in areas[: 2 + index % 3]),
            ],
        )
        coalition.factsheet.save(f"factsheet-{code.lower()}-demo.pdf", ContentFile(pdf))


@transaction.atomic
def load(*, stdout) -> None:
    for position, (slug, name) in enumerate(INITIAL_AREAS, start=1):
        texts = localized(name={"en": name, **AREA_NAMES.get(slug, {})})
        area, created = AreaOfAction.objects.get_or_create(
            slug=slug, defaults={**texts, "position": position}
        )
        if not created:
            _complete(area, texts)
    areas = list(AreaOfAction.objects.filter(slug__in=[slug for slug, _ in INITIAL_AREAS]))
    for index, code in enumerate(LAUNCHED):
        _coalition(code, index, launched=True, areas=areas)
    for index, code in enumerate(UNDER_FORMATION):
        _coalition(code, index, launched=False, areas=areas)
    stdout.write(
        f"  {len(LAUNCHED)} launched and {len(UNDER_FORMATION)} forming coalitions (demo)."
    )

    for data in INITIATIVES:
        texts = localized(name=data["name"], description=data["description"])
        initiative, created = OtherInitiative.objects.get_or_create(
            slug=data["slug"],
            defaults={
                "country": data["country"],
                "region": data["region"],
                "coordinating_body_name": data["coordinating_body_name"],
                "website": f"https://{data['slug']}.example.org/",
                **texts,
            },
        )
        if not created:
            _complete(initiative, texts)
    stdout.write(f"  {len(INITIATIVES)} other initiatives (demo).")

    for spec in RESOURCES:
        texts = localized(title=spec["title"], description=spec["description"])
        resource = Resource.objects.filter(slug=spec["slug"]).first()
        if resource is not None:
            _complete(resource, texts)
        # The generated stand-in is the English document; the other languages show it too.
        if resource is None or _file_missing(resource.file_en):
            title, description = spec["title"]["en"], spec["description"]["en"]
            pdf = make_pdf(title, [f"{DEMO_LABEL}: generated stand-in document.", description])
            resource = resource or Resource(
                slug=spec["slug"],
                category=spec["category"],
                publication_date=spec["publication_date"],
                language="en",
                **texts,
            )
            resource.file_en.save(f"{spec['slug']}.pdf", ContentFile(pdf))
    stdout.write("  The Toolkit and one more resource, with generated PDFs.")
