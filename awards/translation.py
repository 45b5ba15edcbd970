"""Texts the Secretariat writes per language (django-modeltranslation; see settings)."""

from modeltranslation.translator import TranslationOptions, register

from core.i18n import hashable_unique_constraints

from .models import AwardEdition, Category


@register(AwardEdition)
class AwardEditionTranslation(TranslationOptions):
    fields = ("title", "introduction", "eligibility", "criteria")


@register(Category)
class CategoryTranslation(TranslationOptions):
    fields = ("name", "description")


hashable_unique_constraints(Category)
