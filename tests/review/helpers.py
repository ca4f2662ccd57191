"""Small arrange helpers shared by the review tests."""

from workflows.models import Criterion
from workflows.review import services
from workflows.review.models import Assignment


def items_at(panel, percentage: int, **extra) -> dict:
    return {c.pk: {"percentage": percentage, **extra} for c in services.scoring_items(panel)}


def declare_and_submit(assignment: Assignment, percentage: int, **extra):
    services.declare_conflict(assignment, has_conflict=False, reason="", actor=assignment.expert)
    return services.submit_scorecard(
        assignment, items=items_at(assignment.panel, percentage, **extra), actor=assignment.expert
    )


def small_framework(code="test-fw"):
    """A 100-point framework: one category with items of 60 and 40 points."""
    from workflows.models import CriteriaFramework

    framework = CriteriaFramework.objects.create(code=code, name="测试准则", version="1", total_points=100)
    category = Criterion.objects.create(framework=framework, code="1", title="类目", max_points=100, order=1)
    Criterion.objects.create(framework=framework, parent=category, code="1.1", title="条款一", max_points=60, order=2)
    Criterion.objects.create(framework=framework, parent=category, code="1.2", title="条款二", max_points=40, order=3)
    return framework


def exported_bytes(client, edition, fmt: str) -> bytes:
    """Ask for an export as the logged-in staff member and read the stored file the job produced.

    Background jobs run in the caller on commit in tests (BACKGROUND_EAGER_THREAD=False; the commit
    is simulated here), so the job is done when the request returns; the download view answers with a presigned S3 URL, so the bytes are read
    from the storage the URL points at.
    """
    from django.core.files.storage import default_storage
    from django.test import TestCase

    from workflows.review.models import ExportJob

    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(f"/review/staff/edition/{edition.pk}/exports/", {"fmt": fmt})
    job = ExportJob.objects.get(pk=int(response["Location"].rstrip("/").rsplit("/", 1)[-1]))
    assert (job.status, job.fmt) == (ExportJob.Status.DONE, fmt)
    assert client.get(f"/review/staff/exports/{job.pk}/download/").status_code == 302
    with default_storage.open(job.document.storage_key, "rb") as fh:
        return fh.read()
