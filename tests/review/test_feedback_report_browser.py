"""Browser: the secretariat previews and releases an edition's feedback reports; a non-winner then downloads its report."""

import subprocess

import pytest

from tests.browser_login import login_as
from tests.factories import applicant_for
from workflows.models import TransitionLog
from workflows.review.services.summary import save_summary, seal_summary

from .summary_setup import EXPERT_NAMES, full_texts, scored_panel, shots

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_non_winner_downloads_the_report_after_release(live_server, page, artifacts_dir):
    staff, edition, panel, (application,), assignments, leader = scored_panel()
    save_summary(panel, application, opinion="内部综合意见", categories=full_texts(panel), actor=leader)
    seal_summary(panel, application, actor=leader)
    type(application).objects.filter(pk=application.pk).update(state="eliminated")  # 未入选: a non-winner
    applicant = applicant_for(application.organization)

    # Before release the applicant sees nothing.
    login_as(page, live_server, applicant)
    page.goto(f"{live_server.url}/portal/applications/{application.pk}/")
    assert page.locator("#feedback-report").count() == 0
    response = page.request.get(f"{live_server.url}/portal/applications/{application.pk}/feedback.pdf")
    assert response.status == 404

    # The secretariat previews the report and releases the edition's reports.
    login_as(page, live_server, staff)
    page.goto(f"{live_server.url}/review/staff/")
    page.click(f"a[href='/review/staff/edition/{edition.pk}/feedback/']")
    assert "未发布" in page.locator("#release-status").inner_text()
    with page.expect_download() as preview:
        page.click("#feedback-rows a")
    assert preview.value.suggested_filename.startswith("feedback-preview-")
    shots(page, artifacts_dir, "feedback-staff-before")
    page.check("#release-confirm")
    page.locator("#release-form button[type=submit]").click()
    assert "已发布" in page.locator("#release-status").inner_text()
    assert TransitionLog.objects.filter(transition="review.feedback.release", actor=staff).count() == 1
    shots(page, artifacts_dir, "feedback-staff-released")

    # The non-winner downloads it from its application page.
    login_as(page, live_server, applicant)
    page.goto(f"{live_server.url}/portal/applications/{application.pk}/")
    assert "评审反馈报告" in page.locator("#feedback-report").inner_text()
    shots(page, artifacts_dir, "feedback-applicant")
    with page.expect_download() as download:
        page.click("#download-feedback")
    target = artifacts_dir / "feedback-report.pdf"
    download.value.save_as(str(target))
    text = subprocess.run(["pdftotext", str(target), "-"], capture_output=True, text=True, check=True).stdout
    compact = text.replace(" ", "")
    assert application.organization.name in compact and "第4档" in compact and "组长归纳优势" in compact
    assert not any(name in compact for name in EXPERT_NAMES) and "内部综合意见" not in compact
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", str(target), str(artifacts_dir / "feedback-report-page")], check=True
    )
