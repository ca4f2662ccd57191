"""Hand work to the Celery workers after commit, without blocking the request in the embedded default.

With workers (REDIS_URL set) a task is sent to the broker once the transaction commits. The
embedded default runs Celery eagerly (no broker), where `.delay()` would do the work inside the
request; there the task runs on a daemon thread of the web process instead, so the request returns
at once and the page reports progress from the database (docs/performance.md, "Background jobs").
`BACKGROUND_EAGER_THREAD = False` (the test settings) runs it in the caller, for plain assertions.
"""

from __future__ import annotations

import logging
import threading

from django.conf import settings
from django.db import connections, transaction

logger = logging.getLogger(__name__)


def _run_on_thread(task, args: tuple) -> None:
    try:
        task.apply(args=args, throw=True)
    except Exception:  # the task records its own failure on its job row; this is the last resort
        logger.exception("background task %s%r failed", task.name, args)
    finally:
        connections.close_all()


def dispatch(task, *args) -> None:
    """Run `task(*args)` now in the background: on a worker, or on a thread of this process when eager."""
    if settings.CELERY_TASK_ALWAYS_EAGER and getattr(settings, "BACKGROUND_EAGER_THREAD", True):
        threading.Thread(target=_run_on_thread, args=(task, args), name=f"eager-{task.name}", daemon=True).start()
    else:
        task.delay(*args)


def enqueue_after_commit(task, *args) -> None:
    """Run `task(*args)` once the current transaction commits: on a worker, or on a thread when eager."""
    transaction.on_commit(lambda: dispatch(task, *args))
