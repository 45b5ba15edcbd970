"""The pledger's organisation pages, included at the site root (under /my/)."""

from django.urls import path

from . import views

app_name = "organisations"

urlpatterns = [
    path(
        "my/organisation/new/",
        views.OrganisationCreateView.as_view(),
        name="organisation-create",
    ),
    path(
        "my/organisation/<slug:slug>/",
        views.OrganisationDetailView.as_view(),
        name="organisation-detail",
    ),
    path(
        "my/organisation/<slug:slug>/edit/",
        views.OrganisationUpdateView.as_view(),
        name="organisation-edit",
    ),
    path(
        "my/organisation/<slug:slug>/invite/",
        views.InvitationCreateView.as_view(),
        name="invitation-create",
    ),
    path(
        "my/invitations/<str:token>/",
        views.InvitationAcceptView.as_view(),
        name="invitation-accept",
    ),
]
