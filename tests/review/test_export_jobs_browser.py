"""Browser: staff ask for a score export, watch it being built in the background and download it."""

import io

import pytest
from openpyxl import load_workbook

from accounts.roles import Role
from tests.browser_login import login_as
from tests.factories import AwardApplicationFactory, EditionFactory, UserFactory
from workflows.review import services
from workflows.review.models import ExportJob, ReviewSettings
from workflows.review.services.exports import build_export

from .factories import ExpertProfileFactory
from .helpers import declare_and_submit

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _no_sideways_scroll(page) -> bool:
    return page.evaluate("document.scrollingElement.scrollWidth <= innerWidth")


def _both_widths(page, artifacts_dir, name: str) -> None:
    page.screenshot(path=str(artifacts_dir / f"{name}-1366.png"), full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path=str(artifacts_dir / f"{name}-390.png"), full_page=True)
    assert _no_sideways_scroll(page)
    page.set_viewport_size({"width": 1366, "height": 900})


def test_staff_request_an_export_see_its_progress_and_download_it(live_server, page, artifacts_dir, monkeypatch):
    staff = UserFactory(roles=[Role.SECRETARIAT])
    edition = EditionFactory()
    ReviewSettings.objects.create(edition=edition, panel_size=3)
    dossier = AwardApplicationFactory(edition=edition, state="material_review")
    for _ in range(3):
        ExpertProfileFactory()
    panel = services.create_panel(
        edition, stage="material_review", name="第一组", dossiers=[dossier], size=3,
        deadline=edition.closes_at, actor=staff,
    )  # fmt: skip
    services.draw_panel(panel, actor=staff, seed="e2e-export")
    for assignment in panel.assignments.all():
        declare_and_submit(assignment, 60)
    # The worker is this test: the request queues the job and returns; the test builds it below.
    queued = []
    monkeypatch.setattr(
        "workflows.review.services.exports.enqueue_after_commit", lambda task, *args: queued.append(args[0])
    )

    login_as(page, live_server, staff)
    page.goto(live_server.url + "/review/staff/")
    page.get_by_role("link", name="导出评分").first.click()
    page.wait_for_url("**/exports/")
    with page.expect_navigation():
        page.get_by_role("button", name="生成 XLSX").click()

    job = ExportJob.objects.get()
    assert (queued, page.locator("#export-job").get_attribute("data-status")) == ([job.pk], "queued")
    assert "排队中" in page.locator("#export-status").inner_text()
    assert page.locator("#export-download").count() == 0
    _both_widths(page, artifacts_dir, "review-export-queued")

    build_export(job.pk)  # what the worker does; the page reloads itself every two seconds
    page.locator("#export-download").wait_for(timeout=15000)
    assert page.locator("#export-job").get_attribute("data-status") == "done"
    assert page.locator("#export-progress").get_attribute("value") == "100"
    _both_widths(page, artifacts_dir, "review-export-done")

    with page.expect_download() as download_info:
        page.locator("#export-download").click()
    download = download_info.value
    scores, summary = load_workbook(io.BytesIO(open(download.path(), "rb").read())).worksheets
    assert (download.suggested_filename, scores.max_row, summary.cell(2, 3).value) == (
        f"scores-{edition.pk}-{job.pk}.xlsx",
        1 + 3 * 23,
        dossier.organization.name,
    )

    page.goto(live_server.url + f"/review/staff/edition/{edition.pk}/exports/")
    assert page.locator("#export-jobs tbody tr").count() == 1
    _both_widths(page, artifacts_dir, "review-export-list")
