from django.urls import path

from . import feeds, views

app_name = "newsletter"

urlpatterns = [
    path("", views.SubscribeView.as_view(), name="subscribe"),
    path("check-your-inbox/", views.SubscribeDoneView.as_view(), name="subscribe-done"),
    path("confirm/<str:token>/", views.ConfirmView.as_view(), name="confirm"),
    path("confirmed/", views.ConfirmDoneView.as_view(), name="confirm-done"),
    path("unsubscribe/<str:token>/", views.UnsubscribeView.as_view(), name="unsubscribe"),
    path("unsubscribed/", views.UnsubscribeDoneView.as_view(), name="unsubscribe-done"),
    path("archive/", views.MailingArchiveView.as_view(), name="archive"),
    path("archive/feed/atom/", feeds.AtomMailingsFeed(), name="archive-feed-atom"),
    path("archive/feed/rss/", feeds.RssMailingsFeed(), name="archive-feed-rss"),
    path("archive/<slug:slug>/", views.MailingDetailView.as_view(), name="archive-detail"),
]
