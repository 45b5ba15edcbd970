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
        "my/pledges/<int:pk>/translations/",
        views.PledgeTranslationsView.as_view(),
        name="pledge-translations",
    ),
    path(
        "my/pledges/<int:pk>/submit/",
        views.PledgeResubmitView.as_view(),
        name="pledge-resubmit",
    ),
    path(
        "my/pledges/<int:pk>/messages/",
        views.PledgeMessageView.as_view(),
        name="pledge-message",
    ),
    path(
        "my/pledges/<int:pk>/progress/new/",
        views.ProgressReportCreateView.as_view(),
        name="progress-report-create",
    ),
]
