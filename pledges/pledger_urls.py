"""The pledger's private pages, included at the site root before the public `pledges/` URLs."""

from django.urls import path

from . import pledger_views as views

app_name = "pledger"

urlpatterns = [
    path("pledges/new/", views.PledgeCreateView.as_view(), name="pledge-create"),
    path("my/pledges/", views.MyPledgeListView.as_view(), name="my-pledges"),
    path("my/pledges/<int:pk>/", views.PledgeDetailView.as_view(), name="pledge-detail"),
    path("my/pledges/<int:pk>/edit/", views.PledgeUpdateView.as_view(), name="pledge-edit"),
    path(
        "my/pledges/<int:pk>/withdraw/",
        views.PledgeWithdrawView.as_view(),
        name="pledge-withdraw",
    ),
    path(
        "my/pledges/<int:pk>/submit/",
        views.PledgeResubmitView.as_view(),
        name="pledge-resubmit",
    ),
    path(
        "my/pledges/<int:pk>/progress/new/",
        views.ProgressReportCreateView.as_view(),
        name="progress-report-create",
    ),
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
