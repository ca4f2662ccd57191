"""Chromium: the secretariat screens a dossier whose applicant is on the serious-dishonesty list.

The registry is the recorded-response fake (the real ones cannot be reached from here).
"""

import pytest

from awards.models import State
from tests.awards.factories import Cast
from tests.browser_login import login_as
from workflows.eligibility.models import EligibilityRule, RuleType

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SERIOUS_HIT = "91370200MA3C00011P"


@pytest.mark.parametrize("width", [1366, 390])
def test_staff_screen_a_dossier_with_a_serious_dishonesty_hit(live_server, page, artifacts_dir, width):
    cast = Cast()
    type(cast.organization).objects.filter(pk=cast.organization.pk).update(
        credit_code=SERIOUS_HIT, name="青岛虚报材料有限公司"
    )
    EligibilityRule.objects.create(edition=cast.edition, rule_type=RuleType.GOOD_CREDIT, is_hard=True)
    type(cast.application).objects.filter(pk=cast.application.pk).update(state=State.ACCEPTED)
    page.set_viewport_size({"width": width, "height": 900})
    login_as(page, live_server, cast.secretariat)

    page.goto(f"{live_server.url}/portal/applications/{cast.application.pk}/")
    page.get_by_role("link", name="资格审查").click()
    page.locator("#run-credit-screening").click()

    section = page.locator("#credit-screening")
    assert "严重违法失信主体名单" in section.inner_text()
    assert section.locator(".credit-decision").inner_text().startswith("不通过")
    page.screenshot(path=str(artifacts_dir / f"credit-hit-{width}.png"), full_page=True)

    page.goto(f"{live_server.url}/portal/applications/{cast.application.pk}/")
    assert "提供虚假材料取得行政许可" in page.locator("#credit-screening").inner_text()
