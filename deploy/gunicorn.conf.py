"""gunicorn for the portal, behind the buffering nginx of deploy/nginx.conf (README "Deployment").

Sync workers: nginx reads each request in full (and each response) before a worker sees it,
so a worker is only ever busy computing, never waiting for a slow client. Without nginx in
front, three slow clients would hold three sync workers (`make serve` is for trying the
production settings on one machine, not for facing the Internet on its own).
Every value can be overridden from the environment.
"""

import multiprocessing
import os

bind = os.environ.get("BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
worker_class = "sync"
# A request that takes longer than this is a bug or an attack: the worker is replaced.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
# Only the proxy talks to gunicorn; its X-Forwarded-Proto is believed from these addresses.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
# Refuse absurd request lines and headers before Django sees them (gunicorn's defaults).
limit_request_line = 4094
limit_request_fields = 100
limit_request_field_size = 8190
# Recycle workers now and then, so that a slow leak never grows for ever.
max_requests = 2000
max_requests_jitter = 200
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = "-"
