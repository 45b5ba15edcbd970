"""Organisations and memberships move here from `pledges`, keeping their rows.

State only: the models are declared over the tables `pledges` created (`pledges_organisation`,
`pledges_membership`); 0002 renames the tables once `pledges` and `awards` point here.
"""

import django.db.models.deletion
import django_countries.fields
from django.conf import settings
from django.db import migrations, models

import core.uploads


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("pledges", "0004_public_list_indexes"),
    ]

    state_operations = [
        migrations.CreateModel(
            name="Organisation",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created at")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="last updated")),
                ("name", models.CharField(max_length=200, verbose_name="name")),
                ("slug", models.SlugField(max_length=220, unique=True, verbose_name="slug")),
                (
                    "type",
                    models.CharField(
                        choices=[
                            ("large-company", "Large company"),
                            ("sme", "SME"),
                            ("ngo", "NGO"),
                            ("education-provider", "Education or training provider"),
                            ("social-partner", "Social partner"),
                            ("public-authority", "Public authority"),
                            ("association", "Association or network"),
                            ("other", "Other"),
                        ],
                        db_index=True,
                        max_length=30,
                        verbose_name="type",
                    ),
                ),
                (
                    "country",
                    django_countries.fields.CountryField(
                        help_text="Where the organisation is based.",
                        max_length=2,
                        verbose_name="country",
                    ),
                ),
                ("website", models.URLField(blank=True, verbose_name="website")),
                (
                    "logo",
                    core.uploads.ValidatedImageField(
                        blank=True, upload_to="organisations/logos/", verbose_name="logo"
                    ),
                ),
                (
                    "logo_alt",
                    models.CharField(
                        blank=True,
                        help_text=(
                            "Describes the logo for people who cannot see it, e.g. the "
                            "organisation's name."
                        ),
                        max_length=200,
                        verbose_name="logo text alternative",
                    ),
                ),
                ("description", models.TextField(blank=True, verbose_name="description")),
                ("contact_name", models.CharField(max_length=200, verbose_name="contact person")),
                (
                    "contact_email",
                    models.EmailField(max_length=254, verbose_name="contact e-mail"),
                ),
            ],
            options={
                "verbose_name": "organisation",
                "verbose_name_plural": "organisations",
                "ordering": ["name"],
                "db_table": "pledges_organisation",
            },
        ),
        migrations.CreateModel(
            name="Membership",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "role",
                    models.CharField(
                        choices=[("admin", "Administrator"), ("editor", "Editor")],
                        default="editor",
                        max_length=10,
                        verbose_name="role",
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="joined at")),
                (
                    "organisation",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="memberships",
                        to="organisations.organisation",
                    ),
                ),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="memberships",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "membership",
                "verbose_name_plural": "memberships",
                "ordering": ["organisation", "user"],
                "db_table": "pledges_membership",
                "constraints": [
                    models.UniqueConstraint(
                        fields=("organisation", "user"), name="unique_membership"
                    )
                ],
            },
        ),
        migrations.AddField(
            model_name="organisation",
            name="members",
            field=models.ManyToManyField(
                related_name="organisations",
                through="organisations.Membership",
                to=settings.AUTH_USER_MODEL,
                verbose_name="members",
            ),
        ),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=state_operations),
    ]
