"""Demo content: fictional coalitions, members and initiatives, all labelled as demo data.

Which Member States appear as launched is invented: the seed page says only that 15 had
launched. Idempotent: rows are found by natural keys and generated PDFs are only written
when missing.
"""

import datetime
import io

from django.core.files.base import ContentFile
from django.db import transaction
from django_countries import countries
from pypdf import PdfWriter
from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

from core.demo import DEMO_LABEL

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
        "name": "Digital Skills Alliance of a Coastal Region (demo)",
        "country": "ES",
        "region": "Example coastal region",
        "coordinating_body_name": "Example Regional Development Agency (demo)",
        "description": "Demo data: a fictional regional partnership of employers, vocational "
        "schools and the regional employment service that offers coding bootcamps to "
        "jobseekers.",
    },
    {
        "slug": "city-coding-pact-demo",
        "name": "City Coding Pact (demo)",
        "country": "NL",
        "region": "Example city",
        "coordinating_body_name": "Example City Council Economic Office (demo)",
        "description": "Demo data: a fictional local pact in which companies offer "
        "traineeships and libraries host free digital skills workshops.",
    },
    {
        "slug": "girls-go-digital-network-demo",
        "name": "Girls Go Digital Network (demo)",
        "country": "PT",
        "region": "Example northern region",
        "coordinating_body_name": "Example Women in Science Association (demo)",
        "description": "Demo data: a fictional network that raises awareness of ICT careers "
        "among girls through school visits and mentoring.",
    },
    {
        "slug": "rural-digital-inclusion-partnership-demo",
        "name": "Rural Digital Inclusion Partnership (demo)",
        "country": "IE",
        "region": "Example rural county",
        "coordinating_body_name": "Example Community Education Trust (demo)",
        "description": "Demo data: a fictional partnership that brings basic digital skills "
        "courses to small towns and villages.",
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


def _coalition(code: str, index: int, *, launched: bool, areas: list[AreaOfAction]) -> None:
    name = countries.name(code)
    launch_date = datetime.date(2017, 1 + index % 12, 1 + (index * 7) % 28) if launched else None
    coalition, _ = NationalCoalition.objects.get_or_create(
        country=code,
        defaults={
            "name": f"Digital Skills and Jobs Coalition {name} (demo)",
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
            "description": (
                f"{DEMO_LABEL}: this coalition, its coordinating body and its members are "
                f"fictional examples, not real information about {name}.\n\n"
                "The coalition brings together companies, education and training providers, "
                "public authorities and civil society to close the digital skills gap: "
                "short courses for jobseekers, digital skills in school curricula and "
                "campaigns about ICT careers for young people and women."
            ),
            "last_verified_date": datetime.date(2017, 11, 30) if launched else None,
        },
    )
    for area in areas[: 2 + index % 3]:
        CoalitionArea.objects.get_or_create(coalition=coalition, area=area)
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
            f"{coalition.name}: factsheet",
            [
                f"{DEMO_LABEL}: a fictional factsheet generated for the demo.",
                f"Member State: {name}",
                f"Launched on: {launch_date:%d/%m/%Y}",
                "Areas of action: " + ", ".join(a.name for a in areas[: 2 + index % 3]),
            ],
        )
        coalition.factsheet.save(f"factsheet-{code.lower()}-demo.pdf", ContentFile(pdf))


@transaction.atomic
def load(*, stdout) -> None:
    for position, (slug, name) in enumerate(INITIAL_AREAS, start=1):
        AreaOfAction.objects.get_or_create(slug=slug, defaults={"name": name, "position": position})
    areas = list(AreaOfAction.objects.filter(slug__in=[slug for slug, _ in INITIAL_AREAS]))
    for index, code in enumerate(LAUNCHED):
        _coalition(code, index, launched=True, areas=areas)
    for index, code in enumerate(UNDER_FORMATION):
        _coalition(code, index, launched=False, areas=areas)
    stdout.write(
        f"  {len(LAUNCHED)} launched and {len(UNDER_FORMATION)} forming coalitions (demo)."
    )

    for data in INITIATIVES:
        OtherInitiative.objects.get_or_create(
            slug=data["slug"],
            defaults={**data, "website": f"https://{data['slug']}.example.org/"},
        )
    stdout.write(f"  {len(INITIATIVES)} other initiatives (demo).")

    resources = [
        (
            "toolkit-for-national-and-local-coalitions",
            Resource.Category.TOOLKIT,
            "Toolkit for National and Local Coalitions",
            "Guidelines and recommendations on how to start and implement coalitions, and "
            "on developing an action plan. Demo data: the PDF is a short generated stand-in "
            "for the real Toolkit.",
            datetime.date(2016, 12, 21),
        ),
        (
            "action-plan-template-demo",
            Resource.Category.GUIDE,
            "Action plan template for coalitions (demo)",
            "Demo data: a fictional template for a coalition's first-year action plan.",
            datetime.date(2017, 3, 15),
        ),
    ]
    for slug, category, title, description, published in resources:
        resource = Resource.objects.filter(slug=slug).first()
        if resource is None or _file_missing(resource.file):
            pdf = make_pdf(title, [f"{DEMO_LABEL}: generated stand-in document.", description])
            resource = resource or Resource(
                slug=slug,
                category=category,
                title=title,
                description=description,
                publication_date=published,
                language="en",
            )
            resource.file.save(f"{slug}.pdf", ContentFile(pdf))
    stdout.write("  The Toolkit and one more resource, with generated PDFs.")
