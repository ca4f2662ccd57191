"""Chromium: a creating body applies for a zone and submits it; the secretariat approves it for creation."""

import pytest

from brands import services
from brands.models import State, Zone
from tests.browser_login import login_as
from tests.factories import UserFactory, applicant_for

from .factories import CreatingBodyFactory, ZoneRulesFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


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
    assert page.locator("#zone-state").inner_text() == "已申请"
    zone = Zone.objects.get()

    # 3. The province recommends (its own screen is covered by the HTTP tests).
    services.recommend_zone(zone, actor=recommender, reason="同意推荐", expected_state=State.APPLIED)

    # 4. The secretariat finds the case on its desk and approves it with the document number.
    login_as(page, live_server, secretariat)
    page.goto(url + "/zones/staff/")
    page.click("#staff-zones a:has-text('胶州湾家电质量品牌提升示范区')")
    page.click("#action-start_national_review button[value=start_national_review]")
    assert page.locator("#zone-state").inner_text() == "国家审核"
    page.fill("#action-approve [name=approval_doc_no]", "国市监质发〔2026〕12号")
    page.click("#action-approve button[value=approve]")
    assert page.locator("#zone-state").inner_text() == "筹建中"
    assert "approve_for_creation" in page.locator("#zone-audit-log").inner_text()
    page.screenshot(path=str(artifacts_dir / "zones-staff-approved.png"), full_page=True)

    zone.refresh_from_db()
    assert (zone.state, zone.approval_doc_no, zone.created_by) == (
        State.UNDER_CREATION,
        "国市监质发〔2026〕12号",
        officer,
    )
