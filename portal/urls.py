from django.conf import settings
from django.http import HttpResponse
from django.urls import path

from . import views

app_name = "portal"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("accessibility/", views.AccessibilityStatementView.as_view(), name="accessibility"),
    path("privacy/", views.PrivacyNoticeView.as_view(), name="privacy"),
    path("search/", views.SearchView.as_view(), name="search"),
    path("robots.txt", views.RobotsTxtView.as_view(), name="robots-txt"),
]

if settings.BENCHMARK_VIEWS:
    # The baseline of `make bench`: the full middleware stack, no template, no query.
    urlpatterns.append(path("bench/minimal/", lambda request: HttpResponse("ok"), name="bench"))
