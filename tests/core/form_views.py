"""A minimal public form wired like the real ones, to test the shared abuse protections."""

from django import forms
from django.http import HttpResponse
from django.urls import path
from django.views.generic import FormView

from coalition_portal import urls as root_urls
from core.forms import HoneypotFormMixin
from core.ratelimit import RateLimitedFormMixin


class MessageForm(HoneypotFormMixin, forms.Form):
    name = forms.CharField()
    message = forms.CharField(widget=forms.Textarea)


class MessageView(RateLimitedFormMixin, FormView):
    form_class = MessageForm
    template_name = "tests/message_form.html"
    ratelimit_rate = "3/m"

    def form_valid(self, form):
        return HttpResponse("sent")


urlpatterns = [
    path("message/", MessageView.as_view(), name="message"),
    *root_urls.urlpatterns,
]
