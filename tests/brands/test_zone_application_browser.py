"""Chromium: a creating body applies for a zone and submits it; the secretariat approves it for creation.

Submission first refuses and lists each missing required document (ZoneRules.required_documents) with a
link to the edit page's row for it; an upload there saves the edit typed beside it (issue 18)."""

import pytest

from brands import services
from brands.models import State, Zone
from tests.browser_login import login_as
from tests.factories import UserFactory, applicant_for
from tests.journeys.conftest import shoot

from .factories import CreatingBodyFactory, ZoneRulesFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PDF = {
    "name": "申报书.pdf",
    "mimeType": "application/pdf",
    "buffer": b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n",
}


def test_a_creating_body_applies_and_the_secretariat_approves(live_server, page, artifacts_dir, settings):
    settings.OTP_REQUIRED_FOR_STAFF = False
    edition = ZoneRulesFactory().edition
    body = CreatingBodyFactory(name="胶州市人民政府", region_code="370281")
    officer = applicant_for(body)
    recommender = UserFactory(roles=[("recommender", "370000")])
    secretariat = UserFactory(roles=["secretariat"])
    url = live_server.url

    # 1. The creating body starts an application from "my zones".
    login_as(page, live_server, officer)
    page.goto(url + "/zones/mine/")
    page.click(f"#open-zone-editions a[href='/zones/mine/new/{edition.pk}/']")
    page.fill("[name=name]", "胶州湾家电质量品牌提升示范区")
    page.fill("[name=park_name]", "胶州湾家电产业园")
    page.fill("[name=region_code]", "3702")  # a mistake first: the form explains it
    page.fill("[name=leading_industry]", "家电")
    page.fill("[name=area_km2]", "86.5")
    page.click("#save-zone")
    assert "行政区划代码应为6位数字" in page.locator(".field.has-error").inner_text()
    page.fill("[name=region_code]", "370281")
    page.click("#save-zone")
    page.wait_for_url("**/zones/mine/*/")

    # 2. Yearly figures, then submit.
    page.fill("#figures-form [name=year]", "2025")
    page.fill("#figures-form [name=enterprise_count]", "150")
    page.fill("#figures-form [name=output_value]", "540")
    page.fill("#figures-form [name=leading_industry_share]", "45")
    page.fill("#figures-form [name=brand_count]", "12")
    page.fill("#figures-form [name=gi_product_count]", "1")
    page.fill("#figures-form [name=standards_led_count]", "6")
    page.click("#save-figures")
    assert page.locator("#zone-figures tbody tr").count() == 1
    page.click("#submit-zone")
    page.wait_for_load_state()
    refusal = page.locator(".messages").inner_text()
    still_needed = page.locator("#still-needed li").all_inner_texts()
    shoot(page, artifacts_dir, "zones-documents-missing")

    # 3. The list's link opens the edit page at the document's row; a summary typed there is kept by the upload.
    with page.expect_navigation():
        page.click("#still-needed a:has-text('示范区申报书')")
    landed_on = page.url
    page.fill("[name=summary]", "以家电产业集群为主体，打造质量品牌高地。")
    page.set_input_files("#file_application_form", files=[PDF])
    with page.expect_navigation():
        page.click("#doc-application_form button[name=upload]")
    kept_summary = page.input_value("[name=summary]")
    page.set_input_files("#file_creation_plan", files=[{**PDF, "name": "创建方案.pdf"}])
    with page.expect_navigation():
        page.click("#doc-creation_plan button[name=upload]")
    uploaded = page.locator("#zone-documents tbody tr").all_inner_texts()
    shoot(page, artifacts_dir, "zones-documents-uploaded")
    page.set_viewport_size({"width": 390, "height": 844})
    phone_width = page.evaluate("document.scrollingElement.scrollWidth")  # the documents table scrolls in its box
    page.set_viewport_size({"width": 1366, "height": 900})
    with page.expect_navigation():
        page.click("#save-zone")
    back_on_workspace = "/edit/" not in page.url
    ready = page.locator("#ready-to-submit").inner_text()
    page.click("#submit-zone")
    assert page.locator("#zone-state").inner_text() == "已申请"
    # The workspace says what happens next and who acts (brands.selectors.zone_next_step).
    submitted_next = (page.locator("#next-step-what").inner_text(), page.locator("#next-step-who").inner_text())

    assert "尚缺申报材料：示范区申报书、创建方案。" in refusal
    assert still_needed == ["申报材料：示范区申报书", "申报材料：创建方案"]
    assert landed_on.endswith("/edit/#doc-application_form")
    assert kept_summary == "以家电产业集群为主体，打造质量品牌高地。"
    assert ["申报书.pdf" in uploaded[0], "创建方案.pdf" in uploaded[1]] == [True, True]
    assert phone_width <= 390
    assert back_on_workspace and ready == "所有必填内容均已完成，可以提交。"
    zone = Zone.objects.get()

    # 4. The province recommends (its own screen is covered by the HTTP tests).
    services.recommend_zone(zone, actor=recommender, reason="同意推荐", expected_state=State.APPLIED)

    # 5. The secretariat finds the case on its desk and approves it with the document number.
    login_as(page, live_server, secretariat)
    page.goto(url + "/zones/staff/")
    page.click("#staff-zones a:has-text('胶州湾家电质量品牌提升示范区')")
    page.click("#action-start_national_review button[value=start_national_review]")
    assert page.locator("#zone-state").inner_text() == "国家审核"
    page.fill("#action-approve [name=approval_doc_no]", "国市监质发〔2026〕12号")
    page.click("#action-approve button[value=approve]")
    assert page.locator("#zone-state").inner_text() == "筹建中"
    history = page.locator("#zone-audit-log").inner_text()
    assert "批准筹建" in history and "approve_for_creation" not in history  # the step's label, not its code
    page.screenshot(path=str(artifacts_dir / "zones-staff-approved.png"), full_page=True)

    # 6. Back on its workspace the creating body sees its own next step, with the creation deadline.
    login_as(page, live_server, officer)
    page.goto(f"{url}/zones/mine/{zone.pk}/")
    creating_next = (page.locator("#next-step-who").inner_text(), page.locator("#next-step-todo").inner_text())
    has_deadline = page.locator("#next-step-deadline").inner_text()
    shoot(page, artifacts_dir, "zones-next-step-creating")

    assert submitted_next == ("省级审核推荐", "省级市场监管部门")
    assert creating_next == ("创建主体（贵单位）", "按年度提交筹建进展报告；筹建完成后在本页申请验收。")
    assert has_deadline and has_deadline != "以评审办通知为准"
    zone.refresh_from_db()
    assert (zone.state, zone.approval_doc_no, zone.created_by) == (
        State.UNDER_CREATION,
        "国市监质发〔2026〕12号",
        officer,
    )
