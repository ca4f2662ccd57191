"""Scheduled engine work (Celery beat: see CELERY_BEAT_SCHEDULE in config/settings.py)."""

from celery import shared_task

from . import services


@shared_task
def write_audit_checkpoint_task() -> int | None:
    """Publish a signed checkpoint of the audit chain head when rows were added since the last one."""
    checkpoint = services.write_audit_checkpoint()
    return checkpoint.pk if checkpoint else None
