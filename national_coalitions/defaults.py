"""Reference data the app starts with (used by the data migration and the demo loader)."""

# The four areas named by the Digital Skills and Jobs Coalition; the Secretariat can add more.
INITIAL_AREAS = [
    ("industry-led-training", "Industry-led training"),
    ("certifying-skills", "Certifying skills"),
    ("school-and-university-curricula", "School and university curricula"),
    (
        "awareness-of-ict-careers",
        "Awareness of ICT careers, especially among young people and women",
    ),
]
