"""Score exports as background jobs: the request records an ExportJob, a task builds the file.

`request_export` is all a view calls; `build_export` runs on a Celery worker (or on a background
thread of the web process in the embedded default, workflows/background.py). The file is written
through openpyxl's write-only workbook (or the csv module) into a temporary file from rows read in
chunks, so memory stays bounded whatever the edition's size (docs/performance.md), then stored as
a Document owned by the job.
"""

from __future__ import annotations

import logging

from django.db import transaction
from django.utils import timezone

from workflows.background import enqueue_after_commit
from workflows.documents.services import store_generated_document
from workflows.models import Edition

from .. import exports
from ..models import ExportJob
from ._common import _require_staff

logger = logging.getLogger(__name__)


def request_export(edition: Edition, fmt: str, *, actor) -> ExportJob:
    """Record an export job of `edition`'s scores in `fmt` ('xlsx' or 'csv') and queue it.

    Secretariat only (raises NotPermitted); ValueError on an unknown format. Returns at once: the
    file is built by the background task after commit.
    """
    _require_staff(actor)
    if fmt not in ExportJob.Format.values:
        raise ValueError(fmt)
    from ..tasks import build_score_export

    job = ExportJob.objects.create(edition=edition, fmt=fmt, requested_by=actor)
    enqueue_after_commit(build_score_export, job.pk)
    return job


def build_export(job_id: int) -> int:
    """Build job `job_id`'s file and store it; records progress, the result or the failure on the job.

    Idempotent: a job already done or running elsewhere is left alone. Returns the job's id.
    """
    with transaction.atomic():
        claimed = ExportJob.objects.filter(pk=job_id, status=ExportJob.Status.QUEUED).update(
            status=ExportJob.Status.RUNNING, started_at=timezone.now()
        )
    if not claimed:
        return job_id
    job = ExportJob.objects.select_related("edition").get(pk=job_id)
    try:
        total = exports.score_row_count(job.edition)
        ExportJob.objects.filter(pk=job_id).update(rows_total=total)

        def progress(done: int) -> None:
            ExportJob.objects.filter(pk=job_id).update(rows_done=done)

        with exports.export_file(job.edition, job.fmt, progress) as out:
            content_type = exports.XLSX_CONTENT_TYPE if job.fmt == "xlsx" else exports.CSV_CONTENT_TYPE
            name = f"scores-{job.edition.pk}-{job.pk}.{job.fmt}"
            document = store_generated_document(
                owner=job, slot="score_export", file=out, name=name, mime_type=content_type
            )
        ExportJob.objects.filter(pk=job_id).update(
            status=ExportJob.Status.DONE, document=document, rows_done=total, finished_at=timezone.now()
        )
    except Exception as error:
        logger.exception("score export %s failed", job_id)
        ExportJob.objects.filter(pk=job_id).update(
            status=ExportJob.Status.FAILED, error=repr(error)[:2000], finished_at=timezone.now()
        )
    return job_id
