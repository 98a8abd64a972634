"""Enqueue background tasks after commit, or run them in-process when asked to.

`ingest_event --sync`, the demo seed and the tests run the pipeline inline with `tasks_inline()`;
everything else goes through django-q2, at least once, so every task is safe to run twice.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.db import transaction
from django.utils.module_loading import import_string

_inline: ContextVar[bool] = ContextVar("handbrief_tasks_inline", default=False)


@contextmanager
def tasks_inline() -> Iterator[None]:
    token = _inline.set(True)
    try:
        yield
    finally:
        _inline.reset(token)


def enqueue(task: str, *args, inline: bool | None = None) -> None:
    if _inline.get() if inline is None else inline:
        with tasks_inline():
            import_string(task)(*args)
        return
    from django_q.tasks import async_task

    async_task(task, *args, group=task.rsplit(".", 1)[-1])


def enqueue_on_commit(task: str, *args) -> None:
    """Queue after commit; work registered inside `tasks_inline()` runs inline whenever that is."""
    inline = _inline.get()
    transaction.on_commit(lambda: enqueue(task, *args, inline=inline))
