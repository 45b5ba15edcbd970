from django.urls import path

from . import views
from .feeds import NewPledgesFeed

app_name = "pledges"

# Included at the site root: the viewer lives under /pledges/ and organisations' public
# profiles under /organisations/, both in the `pledges` namespace.
urlpatterns = [
    path("pledges/", views.PledgeListView.as_view(), name="pledge-list"),
    path("pledges/impact/", views.ImpactView.as_view(), name="impact"),
    path("pledges/export.csv", views.pledge_export_csv, name="pledge-export-csv"),
    path("pledges/export.json", views.pledge_export_json, name="pledge-export-json"),
    path("pledges/feed/", NewPledgesFeed(), name="pledge-feed"),
    path(
        "pledges/<int:pk>-<slug:slug>/",
        views.PledgeDetailView.as_view(),
        name="pledge-detail",
    ),
    path("pledges/<int:pk>/badge.svg", views.pledge_badge, name="pledge-badge"),
    path(
        "organisations/<slug:slug>/",
        views.OrganisationDetailView.as_view(),
        name="organisation-detail",
    ),
]
