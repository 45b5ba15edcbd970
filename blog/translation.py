"""Texts the Secretariat writes per language (django-modeltranslation; see settings)."""

from modeltranslation.translator import TranslationOptions, register

from .models import Author, Mailing, Post


@register(Author)
class AuthorTranslation(TranslationOptions):
    fields = ("role", "bio", "picture_alt")


@register(Post)
class PostTranslation(TranslationOptions):
    # body_html is each language's body, rendered by the services when the post is saved.
    fields = ("title", "excerpt", "body", "body_html", "hero_image_alt")


@register(Mailing)
class MailingTranslation(TranslationOptions):
    fields = ("subject", "body", "body_html")
