"""Background work of the title lifecycle (eager in development and tests). Idempotent."""

from celery import shared_task

from . import certificates, pages, services


@shared_task
def render_certificate(certificate_id: int) -> int:
    return certificates.issue_certificate_pdf(certificate_id)


@shared_task
def render_certificate_batch(certificate_ids: list[int]) -> int:
    """Render and store a batch of certificates (idempotent; ids no longer in the database are skipped)."""
    return certificates.issue_certificate_batch(certificate_ids)


@shared_task
def publish_revocation_notice(revocation_id: int) -> int:
    return pages.publish_revocation_notice(revocation_id)


@shared_task
def expire_due_titles() -> int:
    return services.expire_due_titles()
