from django.urls import path

from . import views

# No app_name: these replace allauth's views under the same URL names.
urlpatterns = [
    path("signup/", views.SignupView.as_view(), name="account_signup"),
]
