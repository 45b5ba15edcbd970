"""The admin for texts kept per language: English in place, each other language folded away.

django-modeltranslation's admin puts the 24 versions of every translated field side by side
(title [bg], title [es], ...). With this mixin the form keeps its own layout with the English
fields, followed by one collapsed fieldset per language (a <details>: no JavaScript) that holds
that language's version of every translated field of the form.

Every admin here also reads text areas as text, not as bytes from a browser: see
`TextareaField` (and `TextareaAdminMixin` for admins of texts not kept per language).
"""

import copy

from django import forms
from django.conf import settings
from django.db import models
from modeltranslation.admin import TranslationAdmin, TranslationStackedInline
from modeltranslation.fields import TranslationField
from modeltranslation.utils import build_localized_fieldname
from simple_history.admin import SimpleHistoryAdmin


def _plain_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


class TextareaField(forms.CharField):
    """A text area's text with the line breaks Python writes ("\\n").

    Browsers send every line break of a <textarea> as "\\r\\n" (HTML's form encoding), while
    texts written by code, imports and seeds have "\\n": compared as they are, a text nobody
    touched counts as changed, is saved again and shows up in its history.
    """

    def to_python(self, value):
        value = super().to_python(value)
        return _plain_newlines(value) if isinstance(value, str) else value

    def has_changed(self, initial, data):
        # The stored text read as if it had been typed (line breaks, surrounding blanks).
        if isinstance(initial, str):
            initial = self.to_python(initial)
        return super().has_changed(initial, data)


class TextareaMixin:
    """For a ModelAdmin or an inline: the model's text fields as `TextareaField`s."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        overridden = self.formfield_overrides.get(models.TextField, {})
        if (
            isinstance(db_field, models.TextField)
            and not db_field.choices
            and "form_class" not in overridden
        ):
            kwargs.setdefault("form_class", TextareaField)
        return super().formfield_for_dbfield(db_field, request, **kwargs)


class TextareaAdminMixin(TextareaMixin):
    """For a ModelAdmin: `TextareaMixin`, and a text left alone (on the form or its inlines)
    is saved exactly as it was stored, so that an older "\\r\\n" text is not rewritten."""

    def save_form(self, request, form, change):
        keep_untouched_texts(form)
        return super().save_form(request, form, change)

    def save_formset(self, request, form, formset, change):
        for inline_form in formset.forms:
            keep_untouched_texts(inline_form)
        return super().save_formset(request, form, formset, change)


def keep_untouched_texts(form) -> None:
    """Put back on the form's instance the stored value of each text area left unchanged."""
    if form.instance.pk is None:
        return
    changed = set(form.changed_data)
    for name, field in form.fields.items():
        if isinstance(field, TextareaField) and name not in changed:
            stored = form[name].initial
            if isinstance(stored, str):
                setattr(form.instance, name, stored)


class LanguageFieldsetsMixin:
    def _original_fieldsets(self, request, obj=None):
        if self.fieldsets:
            return copy.deepcopy(list(self.fieldsets))
        if self.fields:
            return [(None, {"fields": list(self.fields)})]
        opts = self.model._meta
        excluded = set(self.exclude or ())
        names = [
            field.name
            for field in [*opts.fields, *opts.many_to_many]
            if field.editable
            and not field.auto_created
            and not isinstance(field, TranslationField)
            and field.name not in excluded
        ]
        return [(None, {"fields": [*names, *self.readonly_fields]})]

    def _get_declared_fieldsets(self, request, obj=None):
        default = settings.MODELTRANSLATION_DEFAULT_LANGUAGE
        translated = self.trans_opts.fields
        readonly = set(self.readonly_fields)
        shown = []

        def localise(item):
            if isinstance(item, (list, tuple)):
                return tuple(localise(name) for name in item)
            if item in translated and item not in readonly:
                shown.append(item)
                return build_localized_fieldname(item, default)
            return item

        fieldsets = [
            (name, {**options, "fields": [localise(item) for item in options["fields"]]})
            for name, options in self._original_fieldsets(request, obj)
        ]
        for code, language in settings.LANGUAGES:
            if code == default or not shown:
                continue
            fieldsets.append(
                (
                    f"{language} ({code})",
                    {
                        "fields": [build_localized_fieldname(name, code) for name in shown],
                        "classes": ["collapse"],
                    },
                )
            )
        return fieldsets


class TranslatedAdmin(TextareaAdminMixin, LanguageFieldsetsMixin, TranslationAdmin):
    pass


class TranslatedHistoryAdmin(
    TextareaAdminMixin, LanguageFieldsetsMixin, TranslationAdmin, SimpleHistoryAdmin
):
    pass


class TranslatedStackedInline(TextareaMixin, LanguageFieldsetsMixin, TranslationStackedInline):
    pass
