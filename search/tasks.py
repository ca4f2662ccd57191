from celery import shared_task

from . import services
from .exceptions import SearchUnavailable


@shared_task(bind=True, max_retries=12, acks_late=True)
def push_outbox_task(self, force: bool = False) -> int:
    """Drain the search outbox; on failure retry with exponential backoff (rows stay)."""
    try:
        return services.push_outbox(force=force).pushed
    except SearchUnavailable as exc:
        if self.request.is_eager:
            # In-process Celery (dev, tests): never make the writer wait; the next push or
            # `manage.py search_drain` retries once the backoff has passed.
            return 0
        raise self.retry(exc=exc, countdown=services.backoff_seconds(), kwargs={"force": True})
