from .queue import queue, smtp  # noqa: F401 (the queue tests' fixtures)
