"""A member of the public files an objection with evidence on an open notice (Chromium)."""

import re

import pytest

from tests.notices.factories import PDF_BYTES, VALID_ID, notice_edition, proposed_candidate, secretariat_user
from workflows.notices import services
from workflows.notices.models import Objection

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_public_files_an_objection_with_evidence_and_gets_a_receipt(live_server, page, artifacts_dir, tmp_path):
    import cms.demo

    cms.demo.seed()
    candidate = proposed_candidate(notice_edition(), name="青岛海岳精密制造有限公司")
    notice = services.open_public_notice([candidate], actor=secretariat_user())  # opens today, real time
    notice.refresh_from_db()
    evidence = tmp_path / "检测报告.pdf"
    evidence.write_bytes(PDF_BYTES)

    page.goto(live_server.url + notice.page.url)
    assert "青岛海岳精密制造有限公司" in page.locator("table.notice-candidates").inner_text()
    page.get_by_role("link", name=re.compile("提出异议")).click()
    page.get_by_label(re.compile("真实姓名或单位名称")).fill("张三")
    page.get_by_label(re.compile("身份证号码")).fill(VALID_ID)
    page.get_by_label(re.compile("联系电话")).fill("13800138000")
    page.get_by_label(re.compile("异议类型")).select_option("authenticity")
    page.get_by_label(re.compile("异议内容")).fill("该单位提交的检测报告与实际不符。")
    page.get_by_label(re.compile("证明材料")).set_input_files(str(evidence))
    page.get_by_role("button", name=re.compile("提交异议")).click()

    receipt_no = page.locator(".receipt-no").inner_text()
    page.screenshot(path=str(artifacts_dir / "objection-receipt.png"), full_page=True)
    objection = Objection.objects.get()
    assert (receipt_no, objection.status, objection.files.count()) == (objection.receipt_no, "under_verification", 1)
    assert "核查中" in page.content()
