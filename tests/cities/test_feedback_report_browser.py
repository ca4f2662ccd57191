"""Browser: a city that was not named downloads its acceptance review's feedback report from its workspace
once the secretariat released the edition's reports; the PDF has bands, strengths and opportunities and no
expert's name."""

import re
import subprocess

import pytest

from tests.browser_login import login_as
from tests.factories import applicant_for
from workflows.review.services.feedback import release_feedback

from .feedback_setup import EXPERT_NAMES, INTERNAL_OPINION, city_with_sealed_acceptance_summary
from .test_held_results_browser import _shoot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_rejected_city_downloads_its_feedback_report(live_server, page, artifacts_dir):
    staff, city, panel = city_with_sealed_acceptance_summary()  # 未通过: not named
    member = applicant_for(city.organization)

    login_as(page, live_server, member)
    page.goto(f"{live_server.url}/cities/mine/{city.pk}/")
    assert page.locator("#feedback-report").count() == 0

    release_feedback(city.edition, actor=staff)  # the staff side is covered by tests/review's browser walk
    page.goto(f"{live_server.url}/cities/mine/{city.pk}/")
    assert "评审反馈报告" in page.inner_text("#feedback-report")
    _shoot(page, artifacts_dir, "city-feedback-report")
    with page.expect_download() as download:
        page.click("#download-feedback")
    target = artifacts_dir / "city-feedback-report.pdf"
    download.value.save_as(str(target))
    text = subprocess.run(["pdftotext", str(target), "-"], capture_output=True, text=True, check=True).stdout
    compact = re.sub(r"\s+", "", text)
    assert re.search(r"第\d档", compact) and "组长归纳优势" in compact and "组长归纳改进机会" in compact
    assert not any(name in compact for name in EXPERT_NAMES) and INTERNAL_OPINION not in compact
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", str(target), str(artifacts_dir / "city-feedback-report-page")], check=True
    )
