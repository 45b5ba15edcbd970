from django.urls import path

from . import views

app_name = "follows"

urlpatterns = [
    path("my/notifications/", views.NotificationSettingsView.as_view(), name="settings"),
    path("my/notifications/stop/", views.StopAllView.as_view(), name="stop-all"),
    path("my/notifications/unfollow-all/", views.UnfollowAllView.as_view(), name="unfollow-all"),
    path("follows/new/", views.FollowView.as_view(), name="follow"),
    path("follows/<int:pk>/unfollow/", views.UnfollowView.as_view(), name="unfollow"),
    path(
        "notifications/unsubscribe/<str:token>/",
        views.UnsubscribeView.as_view(),
        name="unsubscribe",
    ),
    path(
        "notifications/unsubscribed/", views.UnsubscribeDoneView.as_view(), name="unsubscribe-done"
    ),
]
