from allauth.account.adapter import DefaultAccountAdapter

from core.i18n import current_language


class AccountAdapter(DefaultAccountAdapter):
    """Remembers the language people use the portal in, for the e-mails they receive later
    (reviews, reminders), which are sent outside any request of theirs."""

    def save_user(self, request, user, form, commit=True):
        user.language = current_language()
        return super().save_user(request, user, form, commit=commit)

    def login(self, request, user):
        language = current_language()
        if user.pk and user.language != language:
            type(user).objects.filter(pk=user.pk).update(language=language)
            user.language = language
        return super().login(request, user)
