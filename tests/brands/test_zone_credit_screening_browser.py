"""Chromium: on a zone dossier in national review the secretariat screens the creating body's credit.

The registry is the recorded-response fake (the real ones cannot be reached from here); the code
used here is recorded as an outage, so the lookup fails and staff must decide with a reason before
the zone can be approved for creation.
"""

import pytest

from brands.models import State, Zone
from tests.browser_login import login_as
from tests.factories import UserFactory

from .factories import zone_in_state

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

OUTAGE = "91370200MA3C00038F"


@pytest.mark.parametrize("width", [1366, 390])
def test_a_failed_lookup_waits_for_a_staff_decision_before_approval(live_server, page, artifacts_dir, settings, width):
    settings.OTP_REQUIRED_FOR_STAFF = False
    zone = zone_in_state(State.NATIONAL_REVIEW, name="胶州湾家电质量品牌提升示范区")
    type(zone.organization).objects.filter(pk=zone.organization.pk).update(credit_code=OUTAGE)
    secretariat = UserFactory(roles=["secretariat"])
    page.set_viewport_size({"width": width, "height": 900})
    login_as(page, live_server, secretariat)

    page.goto(f"{live_server.url}/zones/staff/{zone.pk}/")
    page.click("#run-credit-screening")
    section = page.locator("#credit-screening")
    assert "信用平台接口超时（录制的故障）" in section.inner_text()
    assert section.locator(".credit-decision").inner_text().startswith("待经办人决定")
    page.screenshot(path=str(artifacts_dir / f"zone-credit-pending-{width}.png"), full_page=True)

    # 批准筹建 is not offered while the screening waits; the section says why (one predicate with the service).
    assert page.locator("#action-approve").count() == 0
    assert "信用核查尚待经办人决定" in section.locator(".credit-held[data-action=approve]").inner_text()
    assert page.locator("#zone-state").inner_text() == "国家审核"

    page.check("#credit-screening [name=passed][value='1']")
    page.fill("#credit-screening [name=reason]", "已在信用中国网站人工查询，未见失信记录，截图已存档")
    page.click("#credit-screening .credit-decision-form button")
    assert "已在信用中国网站人工查询" in page.locator("#credit-screening .credit-decision").inner_text()
    page.fill("#action-approve [name=approval_doc_no]", "国市监质发〔2026〕12号")
    page.click("#action-approve button[value=approve]")

    assert page.locator("#zone-state").inner_text() == "筹建中"
    # The history names each step as staff call it (workflows/log_actions.py), never by its code.
    history = page.locator("#zone-audit-log").inner_text()
    assert "信用审查" in history and "批准筹建" in history
    assert "credit_screening" not in history and "approve_for_creation" not in history
    page.screenshot(path=str(artifacts_dir / f"zone-credit-decided-{width}.png"), full_page=True)
    assert Zone.objects.get(pk=zone.pk).state == State.UNDER_CREATION
