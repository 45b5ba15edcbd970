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
        "my/organisation/<slug:slug>/invitations/<int:pk>/resend/",
        views.InvitationResendView.as_view(),
        name="invitation-resend",
    ),
    path(
        "my/organisation/<slug:slug>/invitations/<int:pk>/revoke/",
        views.InvitationRevokeView.as_view(),
        name="invitation-revoke",
    ),
    path(
        "my/organisation/<slug:slug>/members/<int:pk>/role/",
        views.MemberRoleView.as_view(),
        name="member-role",
    ),
    path(
        "my/organisation/<slug:slug>/members/<int:pk>/remove/",
        views.MemberRemoveView.as_view(),
        name="member-remove",
    ),
    path(
        "my/organisation/<slug:slug>/leave/",
        views.OrganisationLeaveView.as_view(),
        name="organisation-leave",
    ),
    path(
        "my/invitations/<str:token>/",
        views.InvitationAcceptView.as_view(),
        name="invitation-accept",
    ),
]
