from tests.core.queue import queue, smtp  # noqa: F401 (the real worker and SMTP server)
