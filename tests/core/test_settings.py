import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def run_settings(module: str, env: dict, code: str):
    clean_env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "DATABASE_URL", "REDIS_URL"))
    }
    clean_env.update(env, DJANGO_SETTINGS_MODULE=module)
    return subprocess.run(
        [
            sys.executable,
            "-c",
            f"import django; django.setup(); from django.conf import settings; {code}",
        ],
        cwd=ROOT,
        env=clean_env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_defaults_debug_off_sqlite_locmem_console_email():
    result = run_settings(
        "coalition_portal.settings.development",
        {},
        "print(settings.DEBUG, settings.DATABASES['default']['ENGINE'], "
        "settings.CACHES['default']['BACKEND'], settings.EMAIL_BACKEND, "
        "settings.SECRETARIAT_EMAIL)",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "False",
        "django.db.backends.sqlite3",
        "django.core.cache.backends.locmem.LocMemCache",
        "django.core.mail.backends.console.EmailBackend",
        "secretariat@example.eu",
    ]


def test_environment_selects_postgres_redis_and_debug():
    result = run_settings(
        "coalition_portal.settings.development",
        {
            "DJANGO_DEBUG": "1",
            "DATABASE_URL": "postgres://portal:pw@db.internal:5432/portal",
            "REDIS_URL": "redis://cache.internal:6379/1",
            "DJANGO_ALLOWED_HOSTS": "portal.example.eu,www.portal.example.eu",
            "SECRETARIAT_EMAIL": "team@example.eu",
        },
        "print(settings.DEBUG, settings.DATABASES['default']['ENGINE'], "
        "settings.DATABASES['default']['HOST'], settings.CACHES['default']['BACKEND'], "
        "','.join(settings.ALLOWED_HOSTS), settings.SECRETARIAT_EMAIL)",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "True",
        "django.db.backends.postgresql",
        "db.internal",
        "core.cache.FallbackCache",  # django-redis, with a fallback while Redis is down
        "portal.example.eu,www.portal.example.eu",
        "team@example.eu",
    ]


def redis_is_local() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
    except OSError:
        return False
    return True


@pytest.mark.skipif(not redis_is_local(), reason="needs Redis on 127.0.0.1:6379 (CI has it)")
def test_redis_cache_reuses_one_client_and_shares_values_between_processes():
    """Every cache call of a served page must not build a new redis-py client (that was half
    the cost of a cached page); and what one app server stores, another reads."""
    env = {"REDIS_URL": "redis://127.0.0.1:6379/14"}
    key = f"settings-test-{os.getpid()}"
    writer = run_settings(
        "coalition_portal.settings.development",
        env,
        "from django.core.cache import cache; "
        f"cache.set('{key}', {{'pledges': 100000}}, 30); "
        "print(cache.client.get_client(write=False) is cache.client.get_client(write=False))",
    )
    assert writer.returncode == 0, writer.stderr
    assert writer.stdout.split() == ["True"]
    reader = run_settings(
        "coalition_portal.settings.development",
        env,
        f"from django.core.cache import cache; print(cache.get('{key}')); cache.delete('{key}')",
    )
    assert reader.returncode == 0, reader.stderr
    assert reader.stdout.strip() == "{'pledges': 100000}"


@pytest.mark.parametrize(
    "env",
    [{}, {"DJANGO_SECRET_KEY": "django-insecure-development-only-key-never-use-in-production"}],
    ids=["missing", "development-key"],
)
def test_production_refuses_missing_or_development_secret_key(env):
    result = run_settings("coalition_portal.settings.production", env, "print(settings.DEBUG)")
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_production_settings_are_secure():
    result = run_settings(
        "coalition_portal.settings.production",
        {"DJANGO_SECRET_KEY": "x" * 60, "DJANGO_DEBUG": "1"},
        "print(settings.DEBUG, settings.SESSION_COOKIE_SECURE, settings.CSRF_COOKIE_SECURE, "
        "settings.SESSION_COOKIE_HTTPONLY, settings.SECURE_SSL_REDIRECT, settings.EMAIL_BACKEND)",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "False",
        "True",
        "True",
        "True",
        "True",
        "django.core.mail.backends.smtp.EmailBackend",
    ]


def test_deploy_check_is_clean_with_production_settings():
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))}
    env.update(
        DJANGO_SETTINGS_MODULE="coalition_portal.settings.production",
        DJANGO_SECRET_KEY="k" * 20 + "-Random-Production-Key-0123456789-abcdef",
        DJANGO_ALLOWED_HOSTS="portal.example.eu",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
