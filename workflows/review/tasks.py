"""Scheduled review work (Celery beat: see CELERY_BEAT_SCHEDULE in config/settings.py)."""

from celery import shared_task

from . import services


@shared_task
def send_review_reminders() -> int:
    """Remind experts whose panel deadline is near and whose scores are not submitted."""
    return services.remind_unsubmitted()


@shared_task
def escalate_overdue_experts() -> int:
    """Tell the secretariat about experts past their panel deadline (once each; services/progress.py)."""
    from .services.progress import escalate_overdue

    return escalate_overdue()


@shared_task
def build_score_export(job_id: int) -> int:
    """Build a requested score export (XLSX or CSV) in the background (services/exports.py)."""
    from .services.exports import build_export

    return build_export(job_id)
