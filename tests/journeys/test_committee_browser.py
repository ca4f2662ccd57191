"""Chromium, from the demo: the committee member finds the ranking of the zone edition, whose
indicator-review panel is final, with its scores and labelled columns (issue 18, problems 5 and 8)."""

from __future__ import annotations

import pytest

from tests.journeys.conftest import shoot
from tests.journeys.test_applicant_browser import _log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_committee_ranks_a_zone_edition_and_meets_no_admin_link(demo, live_server, page, artifacts_dir):
    url = live_server.url
    _log_in(page, url, "committee", "demo-pass-2026")
    page.goto(url + "/accounts/")
    with page.expect_navigation():
        page.click("text=评审委员会")

    assert page.locator("main a[href^='/admin']").count() == 0
    with page.expect_navigation():
        page.locator("li", has_text="全国质量品牌提升示范区").get_by_role("link", name="排名/敏感性").click()

    table = page.locator("#ranking")
    assert "尚无已提交的评分" not in table.inner_text()
    assert table.locator("tbody tr").count() >= 1
    first_cell = table.locator("tbody tr").first.locator("td").nth(3).inner_text()
    assert first_cell.split(" / ")[0] not in ("—", "")
    shoot(page, artifacts_dir, "journey18-committee-zone-ranking")
