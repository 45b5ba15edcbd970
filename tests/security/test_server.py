"""The serving setup README "Deployment" documents, started for real: gunicorn with the
production settings and deploy/gunicorn.conf.py, behind nginx with deploy/nginx.conf, on
free loopback ports. Slow clients wait on nginx, not on a worker; oversized bodies are
refused before they are sent.

Needs Debian's nginx (`apt-get install nginx-light`; `.ci/run` installs it): skipped locally
without it, a failure in CI.
"""

import os
import secrets
import shutil
import socket
import string
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import IN_CI

pytestmark = pytest.mark.server

ROOT = Path(__file__).resolve().parents[2]
NGINX = shutil.which("nginx") or next(
    (p for p in ("/usr/sbin/nginx", "/usr/local/sbin/nginx") if os.access(p, os.X_OK)), None
)
WORKERS = 2  # fewer than the slow clients: with sync workers alone they would all be held


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(port: int, path: str, deadline: float) -> None:
    while time.monotonic() < deadline:
        try:
            if b" 200 " in request(port, f"GET {path} HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n"):
                return
        except OSError:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"nothing answered {path} on port {port}")


def request(port: int, raw: str, timeout: float = 5) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
        sock.sendall(raw.encode())
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    if NGINX is None:
        reason = "nginx not found (apt-get install nginx-light): the server tests are SKIPPED"
        if IN_CI:
            pytest.fail(f"{reason}; they are required in CI")
        pytest.skip(reason)
    tmp = tmp_path_factory.mktemp("server")
    app_port, proxy_port = free_port(), free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "coalition_portal.settings.production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_TRUSTED_PROXY_COUNT": "1",
        "DJANGO_LOG_LEVEL": "WARNING",
        "DJANGO_STATIC_ROOT": str(tmp / "staticfiles"),
        "DATABASE_URL": f"sqlite:///{tmp / 'db.sqlite3'}",
        "MEDIA_ROOT": str(tmp / "media"),
        "BIND": f"127.0.0.1:{app_port}",
        "WEB_CONCURRENCY": str(WORKERS),
        "GUNICORN_ACCESS_LOG": str(tmp / "access.log"),
    }
    env.pop("REDIS_URL", None)
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    site = string.Template((ROOT / "deploy" / "nginx.conf").read_text()).safe_substitute(
        LISTEN=f"127.0.0.1:{proxy_port}",
        APP_SERVER=f"127.0.0.1:{app_port}",
        STATIC_ROOT=str(tmp / "staticfiles"),
    )
    (tmp / "portal.conf").write_text(site)
    user = "user root;" if os.geteuid() == 0 else ""
    (tmp / "nginx.conf").write_text(
        f"""{user}
daemon off;
worker_processes 1;
pid {tmp}/nginx.pid;
error_log {tmp}/nginx-error.log warn;
events {{ worker_connections 256; }}
http {{
    access_log off;
    client_body_temp_path {tmp}/body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
    include {tmp}/portal.conf;
}}
"""
    )
    gunicorn = subprocess.Popen(
        [
            str(Path(sys.executable).with_name("gunicorn")),
            "-c",
            str(ROOT / "deploy" / "gunicorn.conf.py"),
            "coalition_portal.wsgi:application",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=(tmp / "gunicorn.log").open("w"),
    )
    nginx = subprocess.Popen(
        [NGINX, "-p", str(tmp), "-c", str(tmp / "nginx.conf"), "-e", str(tmp / "nginx-error.log")],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 30
        wait_for(app_port, "/healthz", deadline)
        wait_for(proxy_port, "/healthz", deadline)
        yield {"proxy": proxy_port, "app": app_port, "tmp": tmp}
    finally:
        for process in (nginx, gunicorn):
            process.terminate()
        for process in (nginx, gunicorn):
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()


def slow_client(port: int) -> socket.socket:
    """A POST that announces 1000 bytes, sends 6 and holds the connection."""
    sock = socket.create_connection(("127.0.0.1", port), timeout=5)
    sock.sendall(
        b"POST /en/newsletter/ HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        b"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000\r\n\r\n"
        b"email="
    )
    return sock


def test_three_slow_clients_do_not_starve_the_server(server):
    clients = [slow_client(server["proxy"]) for _ in range(3)]
    try:
        time.sleep(0.2)  # nginx has accepted them all
        for _ in range(3):
            started = time.monotonic()
            response = request(
                server["proxy"],
                "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n",
            )
            assert response.startswith(b"HTTP/1.1 200")
            assert time.monotonic() - started < 1
    finally:
        for sock in clients:
            sock.close()


def test_an_oversized_upload_is_refused_before_it_is_sent(server):
    size = 30 * 1024 * 1024
    with socket.create_connection(("127.0.0.1", server["proxy"]), timeout=5) as sock:
        sock.sendall(
            b"POST /en/awards/2027/enter/ HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            b"Content-Type: multipart/form-data; boundary=x\r\n"
            + f"Content-Length: {size}\r\n\r\n".encode()
            + b"--x\r\n"
        )
        started = time.monotonic()
        answer = sock.recv(65536)
        while b"</html>" not in answer and (chunk := sock.recv(65536)):
            answer += chunk
    assert time.monotonic() - started < 1
    assert answer.startswith(b"HTTP/1.1 413")
    assert b"File too large" in answer  # the portal's page, not nginx's


def test_the_app_refuses_a_file_over_the_upload_limit_with_its_413_page(server):
    """Under the proxy's limit, over the largest file a field accepts (core/uploads.py)."""
    body = (
        b'--x\r\nContent-Disposition: form-data; name="image"; filename="big.png"\r\n'
        b"Content-Type: image/png\r\n\r\n" + b"\0" * (11 * 1024 * 1024) + b"\r\n--x--\r\n"
    )
    head = (
        "POST /en/newsletter/ HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
        f"Cookie: __Secure-csrftoken={'a' * 32}\r\n"
        "Content-Type: multipart/form-data; boundary=x\r\n"
        f"Content-Length: {len(body)}\r\n\r\n"
    )
    with socket.create_connection(("127.0.0.1", server["proxy"]), timeout=10) as sock:
        sock.sendall(head.encode() + body)
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    assert answer.startswith(b"HTTP/1.1 413"), answer[:300]
    assert b"File too large" in answer


def test_an_oversized_post_to_an_address_without_a_language_is_redirected_not_a_500(server):
    """An old form's action (/newsletter/): the 404 that LocaleMiddleware turns into a redirect
    must not read the body first (core.errors.page_not_found)."""
    body = (
        b'--x\r\nContent-Disposition: form-data; name="image"; filename="big.png"\r\n'
        b"Content-Type: image/png\r\n\r\n" + b"\0" * (11 * 1024 * 1024) + b"\r\n--x--\r\n"
    )
    head = (
        "POST /newsletter/ HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
        "Accept-Language: fr\r\n"
        "Content-Type: multipart/form-data; boundary=x\r\n"
        f"Content-Length: {len(body)}\r\n\r\n"
    )
    with socket.create_connection(("127.0.0.1", server["proxy"]), timeout=10) as sock:
        sock.sendall(head.encode() + body)
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    assert answer.startswith(b"HTTP/1.1 302"), answer[:300]
    assert b"Location: /fr/newsletter/" in answer
