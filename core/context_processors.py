from django.conf import settings


def site(request):
    return {"SECRETARIAT_EMAIL": settings.SECRETARIAT_EMAIL}
