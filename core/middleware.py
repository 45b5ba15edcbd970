from django.db import DatabaseError, connection
from django.http import HttpResponse, JsonResponse


class HealthCheckMiddleware:
    """Answer load-balancer probes before host validation, HTTPS redirects and sessions.

    `/healthz` says the process is alive (no database); `/readyz` also runs a query
    and answers 503 when the database cannot be reached.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method in ("GET", "HEAD"):
            if request.path == "/healthz":
                return HttpResponse("ok", content_type="text/plain")
            if request.path == "/readyz":
                return self.readiness()
        return self.get_response(request)

    @staticmethod
    def readiness():
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1")
                cursor.fetchone()
        except DatabaseError:
            return JsonResponse({"status": "unavailable", "database": "down"}, status=503)
        return JsonResponse({"status": "ok", "database": "up"})
