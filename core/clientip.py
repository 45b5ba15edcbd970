"""The client's address, worked out once for the rate limits (django-ratelimit) and django-axes.

Each proxy in front of the app appends the address it was connected from to
X-Forwarded-For (nginx: `$proxy_add_x_forwarded_for`, see deploy/nginx.conf). With
`TRUSTED_PROXY_COUNT = n`, the client is the n-th address from the right: the one our own
outermost proxy saw. Whatever a client writes in the header itself stays to the left of it,
so prepending hops changes nothing. With 0 (no proxy), it is the socket's REMOTE_ADDR.
A header with fewer hops than proxies, or a value there that is not an IP address (a proxy
missing or misconfigured), falls back to REMOTE_ADDR: never an error.
"""

import ipaddress

from django.conf import settings

# When not even REMOTE_ADDR is an address (a Unix socket without a proxy header).
UNKNOWN = "0.0.0.0"  # noqa: S104 - a placeholder value, not a bind address


def _address(value: str) -> str | None:
    value = value.strip()
    if value.startswith("[") and "]" in value:  # "[2001:db8::1]:443"
        value = value[1 : value.index("]")]
    elif value.count(":") == 1:  # "192.0.2.1:443"
        value = value.split(":", 1)[0]
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return None


def client_ip(request) -> str:
    remote = _address(request.META.get("REMOTE_ADDR", "")) or UNKNOWN
    count = settings.TRUSTED_PROXY_COUNT
    if count <= 0:
        return remote
    hops = [hop for hop in request.META.get(settings.CLIENT_IP_HEADER, "").split(",") if hop]
    if len(hops) < count:
        return remote
    return _address(hops[-count]) or remote
