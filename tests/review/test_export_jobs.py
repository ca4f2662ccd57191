"""Score exports as background jobs: the request records the job, the task builds and stores the file."""

import io
import re
import threading

import pytest
from django.core.files.storage import default_storage
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from workflows import background
from workflows.review import exports
from workflows.review.models import ExportJob
from workflows.review.services.exports import build_export, request_export

from .helpers import declare_and_submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def scored_panel(drawn_panel):
    panel, (dossier, _), _ = drawn_panel
    for assignment in panel.assignments.filter(object_id=dossier.pk):
        declare_and_submit(assignment, 60)
    return panel


def test_the_request_only_records_the_job_and_queues_it(client, scored_panel, staff, monkeypatch):
    queued = []
    monkeypatch.setattr(
        "workflows.review.services.exports.enqueue_after_commit", lambda task, *args: queued.append((task.name, args))
    )
    client.force_login(staff)

    response = client.post(f"/review/staff/edition/{scored_panel.edition.pk}/exports/", {"fmt": "xlsx"})

    job = ExportJob.objects.get()
    assert (response["Location"], job.status, job.document, queued) == (
        f"/review/staff/exports/{job.pk}/",
        ExportJob.Status.QUEUED,
        None,
        [("workflows.review.tasks.build_score_export", (job.pk,))],
    )


def test_a_queued_job_shows_progress_and_no_download(client, scored_panel, staff):
    job = ExportJob.objects.create(
        edition=scored_panel.edition, fmt="xlsx", requested_by=staff, status="running", rows_total=200, rows_done=50
    )
    client.force_login(staff)

    html = client.get(f"/review/staff/exports/{job.pk}/").content.decode()

    assert (
        'value="25"' in html,
        "50 / 200" in html,
        "data-reload-while-pending" in html,
        "export-download" in html,
    ) == (
        True,
        True,
        True,
        False,
    )
    assert client.get(f"/review/staff/exports/{job.pk}/download/").status_code == 404


def test_the_task_builds_the_workbook_counts_its_rows_and_offers_the_download(client, scored_panel, staff):
    job = ExportJob.objects.create(edition=scored_panel.edition, fmt="xlsx", requested_by=staff)

    build_export(job.pk)

    job.refresh_from_db()
    with default_storage.open(job.document.storage_key, "rb") as fh:
        scores, summary = load_workbook(io.BytesIO(fh.read())).worksheets
    assert (job.status, job.rows_total, job.rows_done, job.percent, scores.max_row) == (
        "done",
        5 * 23,
        5 * 23,
        100,
        1 + 5 * 23,
    )
    client.force_login(staff)
    html = client.get(f"/review/staff/exports/{job.pk}/").content.decode()
    assert ('id="export-download"' in html, "data-reload-while-pending" in html) == (True, False)


def test_progress_is_reported_every_so_many_rows_and_at_the_end(monkeypatch):
    monkeypatch.setattr(exports, "PROGRESS_EVERY", 40)
    seen = []
    rows = [["header"]] + [[n] for n in range(115)]

    written = list(exports._counted(iter(rows), seen.append))

    assert (written, seen) == (rows, [40, 80, 115])


def test_a_failing_build_marks_the_job_failed_and_the_page_says_so(client, scored_panel, staff, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(exports, "export_file", broken)
    job = ExportJob.objects.create(edition=scored_panel.edition, fmt="xlsx", requested_by=staff)

    build_export(job.pk)

    job.refresh_from_db()
    client.force_login(staff)
    html = client.get(f"/review/staff/exports/{job.pk}/").content.decode()
    assert (job.status, "disk full" in job.error, "生成失败" in html) == ("failed", True, True)


def test_a_job_already_built_is_not_built_again(scored_panel, staff):
    job = ExportJob.objects.create(edition=scored_panel.edition, fmt="csv", requested_by=staff)
    build_export(job.pk)
    first = ExportJob.objects.get(pk=job.pk).document_id

    build_export(job.pk)

    assert ExportJob.objects.get(pk=job.pk).document_id == first


def test_experts_can_neither_ask_for_nor_read_exports(client, scored_panel, staff):
    expert = scored_panel.assignments.first().expert
    job = ExportJob.objects.create(edition=scored_panel.edition, fmt="csv", requested_by=staff)
    build_export(job.pk)
    client.force_login(expert)

    codes = [
        client.post(f"/review/staff/edition/{scored_panel.edition.pk}/exports/", {"fmt": "csv"}).status_code,
        client.get(f"/review/staff/exports/{job.pk}/").status_code,
        client.get(f"/review/staff/exports/{job.pk}/download/").status_code,
    ]
    assert (codes, ExportJob.objects.count()) == ([403, 403, 403], 1)


# Session, user, role grants, edition, the page's 共 N 条 count and its jobs, site, site settings, and
# the staff navigation's one count query for every desk (issue 14: ≤ 15, constant in jobs).
EXPORT_LIST_QUERIES = 9


def test_the_export_list_query_count_does_not_grow_with_jobs(client, scored_panel, staff):
    client.force_login(staff)
    client.get("/accounts/")  # the site's settings row is created on the very first page ever served
    seen = []
    for jobs in (1, 4):
        while ExportJob.objects.count() < jobs:
            ExportJob.objects.create(edition=scored_panel.edition, fmt="csv", requested_by=staff)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(f"/review/staff/edition/{scored_panel.edition.pk}/exports/")
        seen.append((len(queries), response.content.decode().count('href="/review/staff/exports/')))
    assert seen == [(EXPORT_LIST_QUERIES, 1), (EXPORT_LIST_QUERIES, 4)]


def test_the_export_list_counts_every_job_and_pages_them_newest_first(client, scored_panel, staff, monkeypatch):
    from workflows import staff_desks

    monkeypatch.setattr(staff_desks, "STAFF_PAGE_SIZE", 3)
    jobs = [ExportJob.objects.create(edition=scored_panel.edition, fmt="csv", requested_by=staff) for _ in range(4)]
    client.force_login(staff)
    url = f"/review/staff/edition/{scored_panel.edition.pk}/exports/"

    first, second = client.get(url).content.decode(), client.get(url, {"page": 2}).content.decode()

    listed = [[int(pk) for pk in re.findall(r'href="/review/staff/exports/(\d+)/"', html)] for html in (first, second)]
    assert (listed, "共 4 条" in first, 'rel="next"' in first, 'rel="prev"' in second) == (
        [[jobs[3].pk, jobs[2].pk, jobs[1].pk], [jobs[0].pk]],
        True,
        True,
        True,
    )


@pytest.mark.django_db(transaction=True)
def test_in_the_embedded_default_the_job_runs_on_a_thread_after_the_request(settings, drawn_panel, staff, monkeypatch):
    """Eager Celery without workers: the request returns before the file exists; a thread builds it."""
    settings.BACKGROUND_EAGER_THREAD = True
    started = []

    class RecordingThread(threading.Thread):
        def start(self):
            started.append(self)
            super().start()

    monkeypatch.setattr(background.threading, "Thread", RecordingThread)
    job = request_export(drawn_panel[0].edition, "csv", actor=staff)

    [thread] = started
    thread.join(timeout=60)
    job.refresh_from_db()
    assert (job.status, job.document.mime_type) == ("done", "text/csv; charset=utf-8")
