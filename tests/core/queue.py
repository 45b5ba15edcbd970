"""The real background machinery for tests: the database task backend, the backend's own
worker loop, and a local SMTP server (aiosmtpd) that records what it receives.

`queue` switches a test from the immediate backend of the test settings to the database one
and points the SMTP backend at the server, which is created DOWN: `smtp.start()` brings it up.
"""

import socket
import threading

import pytest
from aiosmtpd.controller import Controller
from django.db import connections
from django_tasks_db.management.commands.db_worker import Worker

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class RecordingHandler:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(envelope)
        return "250 Message accepted for delivery"


class SMTPServer:
    """A mail server on a port nobody listens on until `start()`."""

    def __init__(self):
        self.port = free_port()
        self.handler = RecordingHandler()
        self.controller = None

    @property
    def messages(self):
        return self.handler.messages

    def recipients(self) -> list[list[str]]:
        return [sorted(envelope.rcpt_tos) for envelope in self.messages]

    def start(self):
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self):
        if self.controller is not None:
            self.controller.stop()
            self.controller = None


def run_worker(*, max_tasks: int | None = None) -> None:
    """The database backend's worker loop in batch mode: every task due now, then return."""
    Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=max_tasks,
        worker_id="test-worker",
        excluded_queue_names=[],
    ).run()


def run_worker_in_thread(**kwargs) -> None:
    """The worker on a connection of its own, as another process would have."""
    errors = []

    def target():
        try:
            run_worker(**kwargs)
        except Exception as error:  # re-raised in the test
            errors.append(error)
        finally:
            connections.close_all()

    thread = threading.Thread(target=target)
    thread.start()
    thread.join(60)
    if errors:
        raise errors[0]


@pytest.fixture
def smtp():
    server = SMTPServer()
    yield server
    server.stop()


def use_database_queue(settings, server: SMTPServer) -> SMTPServer:
    """The database task backend, and SMTP to `server` (down until started)."""
    settings.TASKS = DATABASE_TASKS
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = server.port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 5
    return server


@pytest.fixture
def queue(settings, smtp):
    """The database task backend and SMTP to the (down) local server."""
    return use_database_queue(settings, smtp)
