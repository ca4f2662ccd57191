"""Background work of the notice workflow (eager in development and tests). Idempotent."""

from celery import shared_task

from . import pages


@shared_task
def publish_notice_page(notice_id: int) -> int | None:
    return pages.publish_notice_page(notice_id)


@shared_task
def issue_sealed_notice_pdf(page_id: int) -> int | None:
    from .sealed import issue_notice_pdf

    return issue_notice_pdf(page_id)
