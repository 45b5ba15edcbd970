"""The test suite's task backend: tasks run in the test's process, once the enqueueing
transaction commits, as a worker of the database backend would see them."""

from django.db import transaction
from django_tasks.backends.immediate import ImmediateBackend


class ImmediateOnCommitBackend(ImmediateBackend):
    """ImmediateBackend, but a task enqueued inside a transaction runs only when (and if) it
    commits; the real queue gives a worker only committed rows, so a rolled-back change must
    send nothing here too."""

    def _execute_task(self, task_result) -> None:
        transaction.on_commit(lambda: ImmediateBackend._execute_task(self, task_result))
