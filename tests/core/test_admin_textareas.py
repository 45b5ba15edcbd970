"""core.admin_translations.TextareaField: a text area's text compared and stored as text."""

import pytest
from django.contrib import admin
from django.test import RequestFactory

from core.admin_translations import TextareaField
from national_coalitions.models import NationalCoalition


def test_line_breaks_are_stored_as_python_writes_them():
    assert TextareaField().clean("One\r\nTwo\rThree\nFour") == "One\nTwo\nThree\nFour"


@pytest.mark.parametrize(
    ("stored", "posted", "changed"),
    [
        ("One\n\nTwo", "One\r\n\r\nTwo", False),
        ("One\r\nTwo", "One\r\nTwo", False),
        ("One\nTwo\n", "One\r\nTwo\r\n", False),
        (None, "", False),
        ("One\nTwo", "One\r\nTwo, changed", True),
        ("", "New", True),
    ],
)
def test_a_text_is_changed_only_when_its_words_are(stored, posted, changed):
    assert TextareaField().has_changed(stored, posted) is changed


def test_the_admins_use_it_for_every_text_field_in_every_language():
    model_admin = admin.site._registry[NationalCoalition]
    form = model_admin.get_form(RequestFactory().get("/"))
    assert isinstance(form.base_fields["description_en"], TextareaField)
    assert isinstance(form.base_fields["description_fr"], TextareaField)
