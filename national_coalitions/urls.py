from django.urls import path, register_converter

from . import views

app_name = "national_coalitions"


class CountryCodeConverter:
    """Two letters, either case: the view redirects uppercase codes to the lowercase address."""

    regex = "[A-Za-z]{2}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(CountryCodeConverter, "country")

urlpatterns = [
    path("", views.CoalitionListView.as_view(), name="coalition-list"),
    path("initiatives/", views.InitiativeListView.as_view(), name="initiative-list"),
    path("toolkit/", views.ToolkitView.as_view(), name="toolkit"),
    path("contact/", views.ContactView.as_view(), name="contact"),
    path("contact/sent/", views.ContactDoneView.as_view(), name="contact-done"),
    path("<country:code>/", views.CoalitionDetailView.as_view(), name="coalition-detail"),
]
