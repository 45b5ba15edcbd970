"""Texts the Secretariat writes per language (django-modeltranslation; see settings)."""

from modeltranslation.translator import TranslationOptions, register

from .models import AreaOfAction, CoalitionArea, NationalCoalition, OtherInitiative, Resource


@register(AreaOfAction)
class AreaOfActionTranslation(TranslationOptions):
    fields = ("name", "description")


# With their history (django-simple-history) too: each language's text is part of the record,
# and the historical model must accept every field the live one has.
@register([NationalCoalition, NationalCoalition.history.model])
class NationalCoalitionTranslation(TranslationOptions):
    fields = ("name", "description", "logo_alt_text")


@register([CoalitionArea, CoalitionArea.history.model])
class CoalitionAreaTranslation(TranslationOptions):
    fields = ("summary",)


@register([OtherInitiative, OtherInitiative.history.model])
class OtherInitiativeTranslation(TranslationOptions):
    fields = ("name", "description")


@register(Resource)
class ResourceTranslation(TranslationOptions):
    # A translated toolkit is its own PDF: `file` too is per language.
    fields = ("title", "description", "file")
