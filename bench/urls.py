from django.http import HttpResponse
from django.urls import path

app_name = "bench"

urlpatterns = [
    # The baseline of `make bench`: the full middleware stack, no template, no query.
    path("minimal/", lambda request: HttpResponse("ok"), name="minimal"),
]
