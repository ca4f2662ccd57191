"""The retention purge on the beat schedule (docs/retention.md, "Schedule")."""

import logging

from celery import shared_task
from django.conf import settings

from . import services

logger = logging.getLogger(__name__)


@shared_task
def purge_expired_task() -> dict:
    """Daily. Erases only where RETENTION_PURGE_APPLY is set; otherwise logs what would be erased."""
    report = services.purge_expired(apply=settings.RETENTION_PURGE_APPLY)
    summary = {
        "applied": report.applied,
        "audit_problems": report.audit_problems,
        "classes": {
            r.expired.record_class: {"expired": len(r.expired.records), "erased": r.erased, "failed": len(r.failed)}
            for r in report.classes
        },
    }
    if report.audit_problems or any(r.failed for r in report.classes):
        logger.error("retention purge: %s", summary)
    else:
        logger.info("retention purge: %s", summary)
    return summary
