"""The admin for texts kept per language: English in place, each other language folded away.

django-modeltranslation's admin puts the 24 versions of every translated field side by side
(title [bg], title [es], ...). With this mixin the form keeps its own layout with the English
fields, followed by one collapsed fieldset per language (a <details>: no JavaScript) that holds
that language's version of every translated field of the form.
"""

import copy

from django.conf import settings
from modeltranslation.admin import TranslationAdmin, TranslationStackedInline
from modeltranslation.fields import TranslationField
from modeltranslation.utils import build_localized_fieldname
from simple_history.admin import SimpleHistoryAdmin


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


class TranslatedAdmin(LanguageFieldsetsMixin, TranslationAdmin):
    pass


class TranslatedHistoryAdmin(LanguageFieldsetsMixin, TranslationAdmin, SimpleHistoryAdmin):
    pass


class TranslatedStackedInline(LanguageFieldsetsMixin, TranslationStackedInline):
    pass
