from django.urls import path

from . import views

app_name = "newsletter"

urlpatterns = [
    path("", views.SubscribeView.as_view(), name="subscribe"),
    path("check-your-inbox/", views.SubscribeDoneView.as_view(), name="subscribe-done"),
    path("confirm/<str:token>/", views.ConfirmView.as_view(), name="confirm"),
    path("confirmed/", views.ConfirmDoneView.as_view(), name="confirm-done"),
    path("unsubscribe/<str:token>/", views.UnsubscribeView.as_view(), name="unsubscribe"),
    path("unsubscribed/", views.UnsubscribeDoneView.as_view(), name="unsubscribe-done"),
]
