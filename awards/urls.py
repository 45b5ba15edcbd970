from django.urls import path

from . import views

app_name = "awards"

urlpatterns = [
    path("", views.AwardIndexView.as_view(), name="award-index"),
    path("archive/", views.ArchiveView.as_view(), name="archive"),
    path("<int:year>/", views.EditionDetailView.as_view(), name="edition-detail"),
    # Before the entry pattern: "enter" is a reserved slug (see services.RESERVED_SLUGS).
    path("<int:year>/enter/", views.EntryCreateView.as_view(), name="entry-create"),
    path("<int:year>/enter/done/", views.EntryDoneView.as_view(), name="entry-done"),
    path("<int:year>/<slug:slug>/", views.EntryDetailView.as_view(), name="entry-detail"),
]
